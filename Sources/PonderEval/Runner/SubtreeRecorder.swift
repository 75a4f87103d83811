import PonderCore
import Synchronization

/// Learns which DVTS subtree each candidate came from, from the search's trace.
///
/// DVTS returns one finished path per subtree, in subtree order, and none for a subtree whose beam died;
/// the trace's `finished` events name the subtree of each. Subsampling DVTS to a smaller budget keeps the
/// paths of the first n/M subtrees, so the store keeps each candidate's subtree.
final class SubtreeRecorder: Sendable {
    private let finished = Mutex<[(subtree: Int, step: String)]>([])

    /// The trace handler to give the search.
    var handler: TraceHandler {
        { [self] event in
            guard event.state == .finished else { return }
            finished.withLock { $0.append((event.subtree, event.step)) }
        }
    }

    /// Each candidate's subtree: from the trace for DVTS, 0 for beam search, none for the others.
    ///
    /// - Throws: ``EvalError`` when the trace does not account for DVTS's candidates one to one.
    func subtrees(for result: SearchResult, strategy: StrategyKind) throws -> [Int] {
        switch strategy {
        case .beam:
            return Array(repeating: 0, count: result.candidates.count)
        case .dvts:
            let events = finished.withLock { $0 }.sorted { $0.subtree < $1.subtree }
            guard events.count == result.candidates.count else {
                throw EvalError.inconsistentResult(
                    "DVTS returned \(result.candidates.count) paths but its trace finished \(events.count)")
            }
            for (event, candidate) in zip(events, result.candidates) where candidate.steps.last != event.step {
                throw EvalError.inconsistentResult(
                    "DVTS path \(candidate.index) does not end with the step its trace finished in subtree \(event.subtree)"
                )
            }
            return events.map(\.subtree)
        case .cot, .majority, .bestOfN:
            return []
        }
    }
}
