import PonderCore
import Synchronization

/// Adds up a policy call's progress from concurrent requests and reports it to a ``ProgressHandler``.
final class ProgressTracker: Sendable {
    private struct State {
        var finished = 0
        var generated = 0
    }

    private let handler: ProgressHandler
    private let requests: Int
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    init(requests: Int, handler: @escaping ProgressHandler) {
        self.requests = requests
        self.handler = handler
    }

    /// Records tokens generated (streamed) and reports.
    func generated(_ count: Int) {
        report { $0.generated += count }
    }

    /// Records finished requests and reports.
    func finished(_ count: Int) {
        report { $0.finished += count }
    }

    private func report(_ change: (inout State) -> Void) {
        let snapshot = state.withLock { state in
            change(&state)
            return state
        }
        handler(
            GenerationProgress(
                requests: requests, finished: snapshot.finished, generatedTokens: snapshot.generated,
                elapsed: (ContinuousClock.now - started).seconds))
    }
}
