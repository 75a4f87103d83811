import Foundation
package import PonderCore
import Synchronization

/// Turns a search's progress and trace events into short lines of text as they happen: samples finished and
/// tokens written, each step scored and kept or pruned, the final vote. Lines go to `emit` (a stream's
/// `reasoning_content`); handlers return at once, since the policy calls them from its own thread.
package final class ProgressNarrator: Sendable {
    private struct State {
        var finished = -1
        var reportedTokens = 0
        var depth = -1
    }

    private let state = Mutex(State())
    private let emit: @Sendable (String) -> Void
    /// A line goes out when this many more tokens were written, even if no sample finished.
    private let tokenStride: Int

    package init(tokenStride: Int = 256, emit: @escaping @Sendable (String) -> Void) {
        self.tokenStride = tokenStride
        self.emit = emit
    }

    /// The opening line.
    package func start(settings: ScalingSettings) {
        let width = settings.strategy.isTreeSearch ? ", beam width \(settings.beamWidth)" : ""
        let budget = settings.strategy == .fixed(.cot) ? "" : " with N = \(settings.budget)\(width)"
        emit("Searching: \(settings.strategy.rawValue)\(budget).\n")
    }

    /// A search's snapshot: while sampling, the policy call's finished samples and the tokens written since
    /// the search started.
    package func progress(_ snapshot: SearchProgress) {
        guard snapshot.phase == .sampling, let call = snapshot.call else { return }
        let line = state.withLock { state -> String? in
            guard call.finished != state.finished || snapshot.generatedTokens >= state.reportedTokens + tokenStride
            else { return nil }
            state.finished = call.finished
            state.reportedTokens = snapshot.generatedTokens
            return
                "Sampling: \(call.finished) of \(call.requests) finished, \(snapshot.generatedTokens) tokens written.\n"
        }
        if let line { emit(line) }
    }

    /// A tree node's fate.
    package func trace(_ event: SearchTraceEvent) {
        guard event.parent != nil else { return }
        let header = state.withLock { state -> String? in
            guard event.depth != state.depth else { return nil }
            state.depth = event.depth
            return "Step \(event.depth):\n"
        }
        let score = event.score.map { String(format: " (score %.3f)", $0) } ?? ""
        let fate =
            switch event.state {
            case .expanded: "kept"
            case .finished: "finished"
            case .pruned: "pruned"
            case .dropped: "dropped (\(event.reason ?? "invalid"))"
            }
        let text = event.step.trimmingCharacters(in: .whitespacesAndNewlines)
        let excerpt = text.count > 80 ? String(text.prefix(77)) + "…" : text
        emit((header ?? "") + "- \(fate)\(score): \(excerpt.replacingOccurrences(of: "\n", with: " "))\n")
    }

    /// The vote table at the end.
    package func votes(_ table: VoteTable, stopReason: String) {
        var line = stopReason == "completed" ? "Votes" : "Stopped (\(stopReason)); votes so far"
        line += " (\(table.rule.name)):"
        if table.groups.isEmpty { line += " no answer" }
        for (index, group) in table.groups.enumerated().sorted(by: { $0.element.score > $1.element.score }) {
            let mark = index == table.winner ? " ← chosen" : ""
            line +=
                "\n- \(group.answer): \(group.members.count) × " + String(format: "(score %.3f)", group.score) + mark
        }
        emit(line + "\n\n")
    }
}
