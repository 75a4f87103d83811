import ArgumentParser
import Foundation
import PonderEval

/// Flags that choose the evaluation problems: the dataset file and which of its problems.
struct DatasetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "A JSON Lines dataset (fields problem, answer; optional id, level, subject), or a name such as 'math500' looked up as NAME.jsonl in $PONDER_DATA_DIR.",
            valueName: "file-or-name"))
    var dataset: String

    @Option(help: "The dataset's name in the results (default: the file name without extension).")
    var datasetName: String?

    @Option(
        help: ArgumentHelp(
            "Run only these problem ids, in this order: a JSON file ({\"ids\": [...]} or [...]) or one id per line.",
            valueName: "file"))
    var ids: String?

    @Option(
        help: ArgumentHelp(
            "Leave out these problem ids (same formats as --ids): e.g. the problems a planner profile was calibrated on, for a held-out set.",
            valueName: "file"))
    var excludeIds: String?

    @Option(help: "Run a sample of K problems stratified by level, drawn with --seed.")
    var sample: Int?

    @Option(help: "Run at most the first K problems (after --ids and --sample).")
    var limit: Int?

    @Option(
        help: "A dataset line without problem or answer: 'fail' (stop, naming the line) or 'skip' (report and go on).")
    var badLines: String = Dataset.BadLinePolicy.fail.rawValue

    /// The dataset file: `dataset` itself, or `$PONDER_DATA_DIR/<dataset>.jsonl`.
    func path() -> String {
        if FileManager.default.fileExists(atPath: dataset) { return dataset }
        if let directory = ProcessInfo.processInfo.environment["PONDER_DATA_DIR"] {
            let candidate = (directory as NSString).appendingPathComponent("\(dataset).jsonl")
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return dataset
    }

    /// The selected problems; errors name the file, the line or the missing id.
    func load(seed: UInt64) throws -> Dataset {
        guard let policy = Dataset.BadLinePolicy(rawValue: badLines) else {
            throw ValidationError("Unknown --bad-lines '\(badLines)': expected fail or skip")
        }
        let selection = try DatasetSelection(
            ids: try ids.map(ProblemIDList.load(path:)), excluded: try excludeIds.map(ProblemIDList.load(path:)),
            sample: sample, seed: seed, limit: limit
        ).validated()
        let path = path()
        guard FileManager.default.fileExists(atPath: path) else { throw missingDataset() }
        return try selection.apply(to: Dataset.load(path: path, name: datasetName, badLines: policy))
    }

    /// Where a dataset that was not found was looked for, and how to point there.
    private func missingDataset() -> EvalError {
        let directory = ProcessInfo.processInfo.environment["PONDER_DATA_DIR"]
        let lookedUp =
            directory.map { "'\(($0 as NSString).appendingPathComponent("\(dataset).jsonl"))' does not exist either" }
            ?? "PONDER_DATA_DIR is not set"
        return EvalError.unreadableFile(
            dataset,
            reason: "no such file; a name such as 'math500' is looked up as $PONDER_DATA_DIR/NAME.jsonl, and "
                + "\(lookedUp) (the shared data: PONDER_DATA_DIR=../shared/data)")
    }
}
