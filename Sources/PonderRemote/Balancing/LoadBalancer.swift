/// Chooses the replica for each request: a pure state machine over replicas' load and health, tested
/// without I/O.
///
/// - **Affinity**: the first request with a key goes to the least loaded available replica, and every later
///   request with that key goes to the same one while it is up, waiting for it when it is busy, so one
///   problem's prompt stays in one prefix cache. A key whose replica went down moves to another replica and
///   stays there.
/// - **Bounded in flight**: a replica runs at most its capacity in sequences at once (a request for n
///   completions weighs n; a request heavier than the capacity runs alone).
/// - **Health**: a replica is taken out for ``cooldown`` after a connection failure or a timeout, or after
///   ``failureThreshold`` consecutive 5xx replies; when the cooldown has passed it is tried again, and a
///   success restores it.
public struct LoadBalancer: Sendable {
    /// The state of one replica.
    public struct Replica: Sendable, Hashable {
        /// The most sequences in flight at once.
        public var capacity: Int
        /// Sequences in flight now.
        public var inFlight = 0
        /// Consecutive failed requests.
        public var failures = 0
        /// Until when the replica is avoided, if it is.
        public var downUntil: ContinuousClock.Instant?
        /// Affinity keys assigned to it.
        public var keys = 0
    }

    /// The answer to a request for a replica.
    public enum Grant: Sendable, Hashable {
        /// Send the request to this replica (its index); release it afterwards.
        case replica(Int)
        /// The key's replica (or every available replica) is at capacity: wait for a release.
        case wait
        /// Every replica is down; the earliest comes back at this instant.
        case unavailable(until: ContinuousClock.Instant)
    }

    /// How a request ended, for the replica's health.
    public enum Outcome: Sendable, Hashable {
        /// The replica answered.
        case success
        /// The replica failed in a way that says it is unhealthy (5xx); counted toward the threshold.
        case serverError
        /// The replica could not be reached or did not answer in time: taken out at once.
        case unreachable
        /// The request failed for reasons of its own (4xx, cancellation, a malformed reply): health unchanged.
        case neutral
    }

    /// The replicas, by index.
    public private(set) var replicas: [Replica]
    /// How long a failed replica is avoided.
    public let cooldown: Duration
    /// Consecutive server errors that take a replica out.
    public let failureThreshold: Int
    /// The most affinity keys remembered; the oldest are forgotten beyond it.
    public let maxKeys: Int
    private var assignments: [AffinityKey: Int] = [:]
    private var order: [AffinityKey] = []

    /// Creates a balancer for replicas with these capacities (each at least 1).
    public init(capacities: [Int], cooldown: Duration = .seconds(5), failureThreshold: Int = 3, maxKeys: Int = 4096) {
        precondition(!capacities.isEmpty, "a load balancer needs at least one replica")
        replicas = capacities.map { Replica(capacity: max(1, $0)) }
        self.cooldown = cooldown
        self.failureThreshold = max(1, failureThreshold)
        self.maxKeys = max(1, maxKeys)
    }

    /// The replica a key is assigned to, if any.
    public func replica(for key: AffinityKey) -> Int? { assignments[key] }

    /// Whether a replica takes requests at `now`.
    public func isAvailable(_ index: Int, now: ContinuousClock.Instant) -> Bool {
        guard let until = replicas[index].downUntil else { return true }
        return until <= now
    }

    /// Asks for a replica for a request of `weight` sequences with affinity `key`.
    public mutating func acquire(_ key: AffinityKey, weight: Int = 1, now: ContinuousClock.Instant) -> Grant {
        let weight = max(1, weight)
        if let assigned = assignments[key], isAvailable(assigned, now: now) {
            return fits(weight, assigned) ? grant(assigned, weight: weight) : .wait
        }
        let available = replicas.indices.filter { isAvailable($0, now: now) }
        guard !available.isEmpty else {
            let earliest = replicas.compactMap(\.downUntil).min() ?? now
            return .unavailable(until: earliest)
        }
        // The least loaded replica with room, then the one holding the fewest keys, then the first.
        let candidates = available.filter { fits(weight, $0) }
        guard
            let chosen = candidates.min(by: { lhs, rhs in
                let left = (load(lhs), replicas[lhs].keys, lhs)
                let right = (load(rhs), replicas[rhs].keys, rhs)
                return left < right
            })
        else { return .wait }
        assign(key, to: chosen)
        return grant(chosen, weight: weight)
    }

    /// Returns a replica taken by ``acquire(_:weight:now:)`` and records how the request went.
    public mutating func release(_ index: Int, weight: Int = 1, outcome: Outcome, now: ContinuousClock.Instant) {
        replicas[index].inFlight = max(0, replicas[index].inFlight - max(1, weight))
        switch outcome {
        case .success:
            replicas[index].failures = 0
            replicas[index].downUntil = nil
        case .serverError:
            replicas[index].failures += 1
            if replicas[index].failures >= failureThreshold { replicas[index].downUntil = now + cooldown }
        case .unreachable:
            replicas[index].failures += 1
            replicas[index].downUntil = now + cooldown
        case .neutral:
            break
        }
    }

    // MARK: - Internals

    private func fits(_ weight: Int, _ index: Int) -> Bool {
        let replica = replicas[index]
        return replica.inFlight == 0 || replica.inFlight + weight <= replica.capacity
    }

    private func load(_ index: Int) -> Double {
        Double(replicas[index].inFlight) / Double(replicas[index].capacity)
    }

    private mutating func grant(_ index: Int, weight: Int) -> Grant {
        replicas[index].inFlight += weight
        return .replica(index)
    }

    private mutating func assign(_ key: AffinityKey, to index: Int) {
        if let previous = assignments[key] {
            replicas[previous].keys -= 1
        } else {
            order.append(key)
        }
        assignments[key] = index
        replicas[index].keys += 1
        if order.count > maxKeys {
            // Forget the oldest quarter at once, so the cost is amortised.
            let forgotten = order.prefix(max(1, maxKeys / 4))
            for old in forgotten {
                if let replica = assignments.removeValue(forKey: old) { replicas[replica].keys -= 1 }
            }
            order.removeFirst(forgotten.count)
        }
    }
}
