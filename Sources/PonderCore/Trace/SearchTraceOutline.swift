import Foundation

/// Draws a ``SearchTrace`` as an indented outline: one line per node, children under their parent.
///
/// A line shows the node id, the start of its step on one line, its state, why it was dropped and the
/// verifier's score of the step: `  #3 So \boxed{1}.  [finished, step score 0.800]`. The root is `prompt`.
/// When the trace records the outcome, the chosen path is marked `◀ chosen path`, its leaf
/// `◀ chosen: answer 1 (path score 0.800 under prm-last-vote)`.
public struct SearchTraceOutline: Sendable, Hashable {
    /// Characters of each step shown; longer steps are cut and end in `…`.
    public var width: Int
    /// Depths indented in full; deeper nodes are indented as at this depth and labelled with their depth, so
    /// a chain thousands deep does not print megabytes of spaces.
    public var maxIndentedDepth: Int

    /// Creates an outline style.
    ///
    /// - Throws: ``PonderError`` for a width or an indentation limit below 1.
    public init(width: Int = 60, maxIndentedDepth: Int = 100) throws {
        guard width >= 1 else { throw PonderError.invalidParameter("width", "\(width)", expected: "at least 1") }
        guard maxIndentedDepth >= 1 else {
            throw PonderError.invalidParameter("indented depth", "\(maxIndentedDepth)", expected: "at least 1")
        }
        self.width = width
        self.maxIndentedDepth = maxIndentedDepth
    }

    /// The outline's lines, parents before children, siblings in file order.
    public func lines(_ trace: SearchTrace) -> [String] {
        let path = trace.chosenPath
        let onPath = Set(path.map { trace.events[$0].node })
        let leaf = path.last.map { trace.events[$0].node }
        return trace.depthFirst().map { entry in
            let text = line(entry.event, depth: entry.depth)
            guard onPath.contains(entry.event.node) else { return text }
            guard entry.event.node == leaf, let outcome = trace.outcome else { return text + "  ◀ chosen path" }
            let scored = outcome.paths.first { $0.node == entry.event.node }?.score
            let score = scored.map { " (path score \(String(format: "%.3f", $0)) under \(outcome.rule))" } ?? ""
            return text + "  ◀ chosen: answer \(outcome.answer ?? "none")\(score)"
        }
    }

    private func line(_ event: SearchTraceEvent, depth: Int) -> String {
        let indent = String(repeating: "  ", count: min(depth, maxIndentedDepth))
        let deep = depth > maxIndentedDepth ? "[depth \(depth)] " : ""
        let step = event.step.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        let shown = step.count > width ? String(step.prefix(width - 1)) + "…" : step
        let score = event.score.map { String(format: ", step score %.3f", $0) } ?? ""
        let reason = event.reason.map { " (\($0))" } ?? ""
        let label = event.parent == nil ? "prompt" : "#\(event.node) \(shown)"
        return "\(indent)\(deep)\(label)  [\(event.state.rawValue)\(reason)\(score)]"
    }
}
