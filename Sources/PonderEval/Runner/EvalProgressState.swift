import PonderCore
import Synchronization

/// An evaluation's progress, shared by the runner's loop and the runs in flight (which report their tokens
/// from the policy's thread).
final class EvalProgressState: Sendable {
    private struct State {
        var progress: EvalProgress
        /// Samples and tokens so far of each run in flight, by work item.
        var live: [Int: (samples: Int, tokens: Int)] = [:]

        mutating func snapshot(elapsed: Double) -> EvalProgress {
            progress.elapsed = elapsed
            progress.liveSamples = live.values.reduce(0) { $0 + $1.samples }
            progress.liveTokens = live.values.reduce(0) { $0 + $1.tokens }
            return progress
        }
    }

    private let state: Mutex<State>
    private let started: ContinuousClock.Instant

    init(_ progress: EvalProgress, started: ContinuousClock.Instant = .now) {
        self.state = Mutex(State(progress: progress))
        self.started = started
    }

    /// Applies a change and returns the snapshot.
    func update(_ change: (inout EvalProgress) -> Void) -> EvalProgress {
        let elapsed = (ContinuousClock.now - started).seconds
        return state.withLock { state in
            change(&state.progress)
            return state.snapshot(elapsed: elapsed)
        }
    }

    /// Records the tokens a run in flight has generated so far.
    func live(item: Int, samples: Int, tokens: Int) -> EvalProgress {
        let elapsed = (ContinuousClock.now - started).seconds
        return state.withLock { state in
            state.live[item] = (samples, tokens)
            return state.snapshot(elapsed: elapsed)
        }
    }

    /// A run has ended (stored, failed or cancelled): its tokens are no longer live, and `change` counts it.
    func ended(item: Int, _ change: (inout EvalProgress) -> Void) -> EvalProgress {
        let elapsed = (ContinuousClock.now - started).seconds
        return state.withLock { state in
            state.live[item] = nil
            change(&state.progress)
            return state.snapshot(elapsed: elapsed)
        }
    }
}
