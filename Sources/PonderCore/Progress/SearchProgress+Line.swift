extension SearchProgress {
    /// The snapshot as line segments, most important first in priority:
    /// `beam N=16 · depth 3/40 · 4 beams live · sampling 10/16 done, 6 live · 1/4 paths finished · 36 pruned ·
    /// 3 dropped · 5,321 tokens · 40.1 tok/s · 2m12s`.
    public var segments: [ProgressSegment] {
        var segments = [ProgressSegment("\(strategy) N=\(budget)", priority: 9)]
        if let tree {
            segments.append(.init("depth \(tree.depth)/\(tree.maxDepth)", priority: 8))
            if phase != .done {
                // Particle filtering's live paths are particles, tree search's beams.
                let noun = strategy == StrategyKind.particleFilter.rawValue ? "particle" : "beam"
                segments.append(.init("\(tree.liveBeams) \(noun)\(tree.liveBeams == 1 ? "" : "s") live", priority: 7))
            }
        }
        switch phase {
        case .sampling:
            if let call {
                segments.append(
                    .init("sampling \(call.finished)/\(call.requests) done, \(call.live) live", priority: 8))
            } else {
                segments.append(.init("sampling", priority: 8))
            }
        case .scoring:
            segments.append(.init("scoring", priority: 8))
        case .done:
            segments.append(.init("done", priority: 8))
        }
        if let tree {
            segments.append(.init("\(tree.finishedPaths)/\(tree.targetPaths) paths finished", priority: 6))
            segments.append(.init("\(tree.pruned) pruned", priority: 4))
            segments.append(.init("\(tree.dropped) dropped", priority: 3))
        }
        let tokens = ProgressSegment.count(generatedTokens)
        if let tokenCap {
            segments.append(.init("\(tokens)/\(ProgressSegment.count(tokenCap)) tokens", priority: 5))
        } else {
            segments.append(.init("\(tokens) tokens", priority: 5))
        }
        segments.append(.init("\(ProgressSegment.rate(tokensPerSecond)) tok/s", priority: 2))
        segments.append(.init(ProgressSegment.duration(elapsed), priority: 1))
        return segments
    }

    /// The whole line.
    public var line: String { ProgressSegment.line(segments) }
}
