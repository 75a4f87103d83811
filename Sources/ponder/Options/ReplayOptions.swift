import ArgumentParser
import PonderCore
import PonderEval

/// Stopping rules replayed on stored samples: in `ponder report`'s tables, and printed by `ponder eval` after its
/// runs.
struct ReplayOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Stopping rules to replay on the stored majority and best-of-n samples, comma-separated, or none.",
            discussion: """
                Each rule decides on each stored fixed-budget run's samples in sample order, as a live run with \
                --stop does, without generating anything: accuracy, mean samples and FLOPs per rule beside the same \
                runs at their full budget. ponder report replays \(StoppingReplay.defaultRules.joined(separator: ",")) \
                unless told otherwise; ponder eval replays nothing unless told.
                """, valueName: "rules"))
    var replayStop: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Replay the stopping rules on the first N samples of each run, for each N of a comma-separated list "
                + "(default: all its samples).",
            valueName: "N[,N…]"))
    var replayBudget: String?

    /// The rules to replay: `defaults` when `--replay-stop` was not given, none for `none`.
    func rules(default defaults: [String]) throws -> [StoppingRule] {
        let names = try replayStop.map { $0 == "none" ? [] : try EvalCommand.list($0, name: "replay-stop") } ?? defaults
        if names.isEmpty, let replayBudget {
            throw ValidationError("--replay-budget \(replayBudget) needs rules to replay (--replay-stop beta:0.9)")
        }
        return try names.map { try StoppingRule(parsing: $0) }
    }

    /// The budgets to replay at, checked, in the order given without repeats; empty for all of each run's samples.
    func budgets() throws -> [Int] {
        guard let replayBudget else { return [] }
        var budgets: [Int] = []
        for item in try EvalCommand.list(replayBudget, name: "replay-budget") {
            guard let budget = Int(item), budget >= 1 else {
                throw EvalError.invalidParameter("replay-budget", item, expected: "at least 1")
            }
            if !budgets.contains(budget) { budgets.append(budget) }
        }
        return budgets
    }
}
