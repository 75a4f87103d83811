import Logging
import PonderCore

/// Runs requests of one role on its replicas: picks a replica with the ``LoadBalancer``, bounds the
/// requests in flight, retries by the ``RetryPolicy`` and never runs past a call's deadline.
///
/// - Important: State changes happen in synchronous actor methods; after every `await` the balancer is
///   asked again instead of trusting what was seen before it.
actor ReplicaPool {
    /// The role, for messages (`policy`, `verifier`).
    nonisolated let role: String
    /// The replicas.
    nonisolated let endpoints: [Endpoint]
    private var balancer: LoadBalancer
    private let retry: RetryPolicy
    private let logger: Logger
    private var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var pending: Set<Int> = []
    private var nextWaiter = 0

    /// Creates a pool over `endpoints` with these per-replica capacities.
    init(role: String, endpoints: [Endpoint], capacities: [Int], retry: RetryPolicy, cooldown: Duration, logger: Logger)
    {
        precondition(endpoints.count == capacities.count, "one capacity per endpoint")
        self.role = role
        self.endpoints = endpoints
        self.balancer = LoadBalancer(capacities: capacities, cooldown: cooldown)
        self.retry = retry
        self.logger = logger
    }

    /// The balancer's view of the replicas, for tests and diagnostics.
    var replicas: [LoadBalancer.Replica] { balancer.replicas }

    /// The requests waiting for a free slot, for tests and diagnostics.
    var waitingCount: Int { pending.count }

    /// The replica a key is assigned to, if any.
    func replica(for key: AffinityKey) -> Int? { balancer.replica(for: key) }

    /// Takes a replica out as if it had failed to connect (start-up found it unreachable).
    func markUnreachable(_ index: Int) {
        balancer.release(index, weight: 0, outcome: .unreachable, now: .now)
    }

    /// Runs `operation` on a replica chosen for `key`, retrying failures the policy allows.
    ///
    /// - Parameters:
    ///   - key: keeps related requests on one replica.
    ///   - weight: the sequences the request occupies (its `n`).
    ///   - deadline: when the whole call, waits and retries included, must be done.
    ///   - operation: sends the request to the given replica; it must honour the deadline it is given.
    /// - Throws: the last ``RemoteError`` when the retries run out or the error is not retryable;
    ///   ``RemoteError/deadlineExceeded(endpoint:path:timeout:)`` when no replica frees up in time;
    ///   `CancellationError` when the task is cancelled.
    func perform<T: Sendable>(
        key: AffinityKey,
        weight: Int = 1,
        deadline: ContinuousClock.Instant,
        _ operation: @Sendable (Endpoint, ContinuousClock.Instant) async throws -> T
    ) async throws -> T {
        var attempt = 0
        var lastError: RemoteError?
        let started = ContinuousClock.now
        while true {
            try Task.checkCancellation()
            let index = try await acquire(
                key, weight: weight, deadline: deadline, timeout: deadline - started, lastError: lastError,
                attempt: attempt)
            attempt += 1
            let endpoint = endpoints[index]
            do {
                let value = try await operation(endpoint, deadline)
                finish(index, weight: weight, outcome: .success)
                return value
            } catch let error as RemoteError {
                finish(index, weight: weight, outcome: Self.outcome(of: error))
                lastError = error
                let decision = retry.decision(
                    after: error, attempt: attempt, timeLeft: deadline - .now, unit: random.nextUnit())
                guard case .retry(let wait) = decision else { throw error }
                logger.debug(
                    "Retrying",
                    metadata: [
                        "role": "\(role)", "replica": "\(endpoint)", "attempt": "\(attempt)", "error": "\(error)",
                    ])
                try await Task.sleep(for: wait)
            } catch {
                finish(index, weight: weight, outcome: .neutral)
                throw error
            }
        }
    }

    // MARK: - Replica choice

    private func acquire(
        _ key: AffinityKey, weight: Int, deadline: ContinuousClock.Instant, timeout: Duration, lastError: RemoteError?,
        attempt: Int
    ) async throws -> Int {
        var waitedForRecovery = attempt
        while true {
            try Task.checkCancellation()
            let now = ContinuousClock.now
            guard now < deadline else { throw deadlineError(lastError, timeout: timeout) }
            switch balancer.acquire(key, weight: weight, now: now) {
            case .replica(let index):
                return index
            case .wait:
                try await waitForRelease(until: deadline)
            case .unavailable(let until):
                // Every replica is down: wait for the first to come back, counting the wait as an attempt.
                waitedForRecovery += 1
                guard until < deadline, waitedForRecovery <= retry.maxAttempts else {
                    throw RemoteError.noReplicaAvailable(
                        role: role, replicas: endpoints.count, lastError: lastError?.description)
                }
                try await Task.sleep(until: until, clock: .continuous)
            }
        }
    }

    private func finish(_ index: Int, weight: Int, outcome: LoadBalancer.Outcome) {
        balancer.release(index, weight: weight, outcome: outcome, now: .now)
        if outcome == .unreachable || outcome == .serverError, !balancer.isAvailable(index, now: .now) {
            logger.warning("Replica taken out", metadata: ["role": "\(role)", "replica": "\(endpoints[index])"])
        }
        wakeAll()
    }

    private func deadlineError(_ lastError: RemoteError?, timeout: Duration) -> RemoteError {
        if let lastError, lastError.code == .deadlineExceeded {
            return lastError
        }
        return RemoteError.deadlineExceeded(
            endpoint: "\(role) replicas", path: " (waiting for a free slot)", timeout: timeout)
    }

    static func outcome(of error: RemoteError) -> LoadBalancer.Outcome {
        if error.code == .connectionFailed
            || error.code == .deadlineExceeded
        {
            return .unreachable
        }
        return error.indicatesUnhealthyServer ? .serverError : .neutral
    }

    // MARK: - Waiting for capacity

    /// Suspends until some request releases its replica, the deadline passes, or the task is cancelled.
    private func waitForRelease(until deadline: ContinuousClock.Instant) async throws {
        let id = nextWaiter
        nextWaiter += 1
        pending.insert(id)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.suspend(id) }
            group.addTask { try await Task.sleep(until: deadline, clock: .continuous) }
            do {
                _ = try await group.next()
            } catch {
                wake(id)
                group.cancelAll()
                throw error
            }
            wake(id)
            group.cancelAll()
        }
    }

    private func suspend(_ id: Int) async {
        guard pending.contains(id) else { return }
        await withCheckedContinuation { continuation in
            if pending.contains(id) {
                waiters[id] = continuation
            } else {
                continuation.resume()
            }
        }
    }

    private func wake(_ id: Int) {
        pending.remove(id)
        waiters.removeValue(forKey: id)?.resume()
    }

    private func wakeAll() {
        let woken = waiters
        waiters.removeAll()
        pending.removeAll()
        for continuation in woken.values { continuation.resume() }
    }
}
