import Synchronization

/// Bounds the searches running at once and the requests waiting for a slot; beyond both, a request is
/// refused at once (429) instead of queueing without end.
package final class AdmissionControl: Sendable {
    private struct State {
        var running = 0
        var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    package let maxRunning: Int
    package let maxWaiting: Int

    package init(maxRunning: Int, maxWaiting: Int) {
        precondition(maxRunning >= 1 && maxWaiting >= 0, "admission limits must be positive")
        self.maxRunning = maxRunning
        self.maxWaiting = maxWaiting
    }

    /// Searches running now.
    package var running: Int { state.withLock { $0.running } }
    /// Requests waiting for a slot.
    package var waiting: Int { state.withLock { $0.waiting.count } }

    /// Whether a request arriving now would be refused (every slot taken and the queue full).
    package var isFull: Bool { state.withLock { $0.running >= maxRunning && $0.waiting.count >= maxWaiting } }

    /// Throws the 429 a request arriving now would get (every slot taken and the queue full), without
    /// queueing it: for a stream, which must be refused before its 200 goes out.
    package func refuseIfFull(retryAfter: Int) throws {
        let counts = state.withLock { state -> (running: Int, waiting: Int)? in
            state.running >= maxRunning && state.waiting.count >= maxWaiting
                ? (state.running, state.waiting.count) : nil
        }
        if let counts {
            throw ServerError.overloaded(running: counts.running, waiting: counts.waiting, retryAfter: retryAfter)
        }
    }

    /// Runs `operation` in a slot, waiting for one if all are taken.
    ///
    /// - Throws: ``ServerError`` 429 when the queue is full; `CancellationError` when cancelled while waiting;
    ///   whatever `operation` throws.
    package func withSlot<Value: Sendable>(
        retryAfter: Int, _ operation: () async throws -> Value
    ) async throws -> Value {
        try await acquire(retryAfter: retryAfter)
        defer { release() }
        return try await operation()
    }

    private enum Entry {
        case admitted
        case queued(UInt64)
        case refused(running: Int, waiting: Int)
    }

    private func acquire(retryAfter: Int) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let entry = state.withLock { state -> Entry? in
                    // Checked under the lock that `onCancel` takes, so a cancellation cannot slip between.
                    if Task.isCancelled { return nil }
                    if state.running < maxRunning {
                        state.running += 1
                        return .admitted
                    }
                    guard state.waiting.count < maxWaiting else {
                        return .refused(running: state.running, waiting: state.waiting.count)
                    }
                    state.waiting.append((id, continuation))
                    return .queued(id)
                }
                switch entry {
                case nil: continuation.resume(throwing: CancellationError())
                case .admitted: continuation.resume()
                case .queued: break
                case .refused(let running, let waiting):
                    continuation.resume(
                        throwing: ServerError.overloaded(running: running, waiting: waiting, retryAfter: retryAfter))
                }
            }
        } onCancel: {
            let removed = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index).continuation
            }
            removed?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        // The slot passes straight to the first waiter, so `running` only drops when nobody waits.
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            if state.waiting.isEmpty {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume()
    }
}
