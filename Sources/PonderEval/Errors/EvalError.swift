public import PonderCore

/// An error from the evaluation harness: unreadable datasets, bad run matrices, refused databases.
///
/// A ``CodedError`` over ``EvalErrorCode``: compare `error.code`; the message names the offending value and
/// the limit.
public typealias EvalError = CodedError<EvalErrorCode>

/// What went wrong in the evaluation harness.
public enum EvalErrorCode: Hashable, Sendable {
    case unreadableFile
    case badDatasetLine
    case emptyDataset
    case unknownProblemIDs
    case invalidParameter
    case schemaMismatch
    case notAnEvalDatabase
    case emptyDatabase
    case ambiguousDataset
    case reportFailed
    case storeFailed
    case missingSamples
}

extension CodedError where Code == EvalErrorCode {
    /// A file that could not be read or parsed as a whole.
    public static func unreadableFile(_ path: String, reason: String) -> EvalError {
        EvalError(.unreadableFile, "Cannot read '\(path)': \(reason)")
    }

    /// A dataset line that is not a problem (fatal under ``Dataset/BadLinePolicy/fail``).
    public static func badDatasetLine(_ path: String, line: Int, reason: String) -> EvalError {
        EvalError(.badDatasetLine, "Dataset '\(path)' line \(line): \(reason)")
    }

    /// A dataset or a selection of it with no problem left.
    public static func emptyDataset(_ name: String) -> EvalError {
        EvalError(.emptyDataset, "Dataset '\(name)' has no problems to run")
    }

    /// Ids asked for (`--ids`) that the dataset does not have.
    public static func unknownProblemIDs(_ ids: [String], dataset: String) -> EvalError {
        let shown = ids.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        let more = ids.count > 3 ? " and \(ids.count - 3) more" : ""
        return EvalError(.unknownProblemIDs, "Dataset '\(dataset)' has no problem with id \(shown)\(more)")
    }

    /// A value outside its range.
    public static func invalidParameter(_ name: String, _ value: String, expected: String) -> EvalError {
        EvalError(.invalidParameter, "Invalid \(name) '\(value)': expected \(expected)")
    }

    /// A database written by a schema version this build does not read.
    public static func schemaMismatch(_ path: String, found: Int, readable: ClosedRange<Int>) -> EvalError {
        let hint =
            found > readable.upperBound ? "a newer ponder wrote it" : "an older ponder wrote it; start a new database"
        let versions =
            readable.count == 1
            ? "version \(readable.lowerBound) only" : "versions \(readable.lowerBound) to \(readable.upperBound)"
        return EvalError(
            .schemaMismatch,
            "Database '\(path)' has schema version \(found) but this ponder reads \(versions) (\(hint))")
    }

    /// A SQLite file that Ponder did not create.
    public static func notAnEvalDatabase(_ path: String) -> EvalError {
        EvalError(.notAnEvalDatabase, "Database '\(path)' is not a ponder evaluation database (it has other tables)")
    }

    /// A database without finished runs, or without the one asked for.
    public static func emptyDatabase(_ path: String, detail: String) -> EvalError {
        EvalError(.emptyDatabase, "Database '\(path)' has no results \(detail)")
    }

    /// A report over a database with several datasets and none chosen.
    public static func ambiguousDataset(_ names: [String]) -> EvalError {
        EvalError(
            .ambiguousDataset,
            "The database holds several datasets: choose one with --dataset (\(names.map { "'\($0)'" }.joined(separator: ", ")))"
        )
    }

    /// A database operation that SQLite refused.
    public static func storeFailed(_ path: String, reason: String) -> EvalError {
        EvalError(.storeFailed, "Database '\(path)' failed: \(reason)")
    }

    /// A run that scores stored samples (``SampleReuse``) found none to score.
    public static func missingSamples(_ key: RunKey, source: String) -> EvalError {
        EvalError(
            .missingSamples,
            "No stored \(source) run of problem '\(key.problemID)' at N ≥ \(key.budget) with the same sampling and seed "
                + "to score: run `ponder eval --strategies \(source) --budgets \(key.budget)` with the same settings first, "
                + "or leave out --reuse-samples")
    }

    /// Self-certainty asked to score stored samples (``SampleReuse``) that were stored without their tokens'
    /// log-probabilities (before schema version 6, or from a policy that reports none).
    public static func samplesWithoutLogProbabilities(_ source: RunKey) -> EvalError {
        EvalError(
            .missingSamples,
            "The stored \(source.strategy) run of problem '\(source.problemID)' (N = \(source.budget)) has no token "
                + "log-probabilities (stored before schema version 6, or by a policy that reports none), which "
                + "self-certainty reads: leave out --reuse-samples to draw new samples, or score these with a "
                + "verifier that reads text (generative, token-label, pooling)")
    }

    /// A report file that could not be written.
    public static func reportFailed(_ path: String, reason: String) -> EvalError {
        EvalError(.reportFailed, "Cannot write report file '\(path)': \(reason)")
    }
}
