import Synchronization

/// Set from a task's cancellation handler (any thread), read by the engine's decode loop.
final class CancellationFlag: Sendable {
    private let state = Atomic<Bool>(false)

    /// Marks the call cancelled.
    func cancel() { state.store(true, ordering: .relaxed) }

    /// Whether the call was cancelled.
    var isCancelled: Bool { state.load(ordering: .relaxed) }
}
