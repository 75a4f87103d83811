import Synchronization

/// A one-shot barrier for tests: tasks that ``wait()`` stay suspended until ``open()``, however long that takes.
///
/// Holding work at a gate instead of sleeping makes a test independent of machine speed: "a reply slower than
/// any deadline" is a reply held at a gate, and "while both requests run" is "while both wait at the gate".
public final class Gate: Sendable {
    private let state = Mutex<(isOpen: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

    /// Creates a closed gate.
    public init() {}

    /// The tasks waiting now.
    public var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Whether the gate has been opened.
    public var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Suspends until the gate opens; returns at once when it is open.
    public func wait() async {
        await withCheckedContinuation { continuation in
            let passes = state.withLock { state in
                if !state.isOpen { state.waiting.append(continuation) }
                return state.isOpen
            }
            if passes { continuation.resume() }
        }
    }

    /// Opens the gate for good, resuming every waiting task.
    public func open() {
        let waiting = state.withLock { state in
            state.isOpen = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}
