import Logging
import PonderTesting
import Synchronization
import Testing

@testable import PonderRemote

/// The replica pool with scripted operations instead of HTTP: bounded in-flight requests, waiting with a
/// deadline, retries on another replica, cancellation.
@Suite struct ReplicaPoolTests {
    private static func endpoints() throws -> (Endpoint, Endpoint) {
        (try Endpoint("http://a:1"), try Endpoint("http://b:1"))
    }

    /// Counts operations running at once.
    private final class Gauge: Sendable {
        private let counts = Mutex((now: 0, most: 0))
        func enter() {
            counts.withLock {
                $0.now += 1; $0.most = max($0.most, $0.now)
            }
        }
        func leave() { counts.withLock { $0.now -= 1 } }
        var most: Int { counts.withLock { $0.most } }
    }

    private func pool(_ endpoints: [Endpoint], capacity: Int, retry: RetryPolicy = RemoteTest.quickRetry) -> ReplicaPool
    {
        ReplicaPool(
            role: "policy", endpoints: endpoints, capacities: endpoints.map { _ in capacity }, retry: retry,
            cooldown: .seconds(3600), logger: Logger(label: "test"))
    }

    @Test func requestsInFlightStayWithinTheCapacity() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 2)
        let gauge = Gauge()
        let gate = Gate()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { _, _ in
                        gauge.enter()
                        await gate.wait()
                        gauge.leave()
                    }
                }
            }
            // Held at the gate, the requests that got a slot keep it: once every request runs or waits, the
            // bound is visible, however slowly the tasks started.
            try await Polling.until { await pool.replicas[0].inFlight + pool.waitingCount == 6 }
            try await Polling.until { gate.waitingCount == 2 }
            #expect(await pool.replicas[0].inFlight == 2)
            #expect(await pool.waitingCount == 4)
            #expect(gauge.most == 2)
            gate.open()
            try await group.waitForAll()
        }
        #expect(gauge.most == 2)
        #expect(await pool.replicas[0].inFlight == 0)
    }

    @Test func waitingForAFreeSlotEndsAtTheDeadline() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 1)
        let gate = Gate()
        // The slot is held until the test ends: waiting for it can only end at the deadline.
        let holder = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { _, _ in await gate.wait() }
        }
        try await Polling.until { gate.waitingCount == 1 }
        await #expect {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .milliseconds(100)) { _, _ in }
        } throws: { error in
            "\(error)".contains("waiting for a free slot")
        }
        gate.open()
        _ = await holder.result
        #expect(await pool.replicas[0].inFlight == 0, "a finished request gives its slot back")
    }

    @Test func cancellationStopsTheWait() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 1)
        let gate = Gate()
        let holder = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { _, _ in await gate.wait() }
        }
        try await Polling.until { gate.waitingCount == 1 }
        let waiter = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { _, _ in }
        }
        try await Polling.until { await pool.waitingCount == 1 }
        waiter.cancel()
        #expect(await waiter.result.isCancellation)
        gate.open()
        _ = await holder.result
    }

    @Test func aCancelledRequestGivesItsSlotBack() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 1)
        let holder = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { _, _ in
                try await Task.sleep(for: .seconds(3600))
            }
        }
        try await Polling.until { await pool.replicas[0].inFlight == 1 }
        holder.cancel()
        #expect(await holder.result.isCancellation)
        #expect(await pool.replicas[0].inFlight == 0)
    }

    @Test func anUnreachableReplicaIsRetriedOnAnother() async throws {
        let (a, b) = try Self.endpoints()
        let pool = pool([a, b], capacity: 4)
        let calls = Mutex<[String]>([])
        let served = try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { endpoint, _ in
            calls.withLock { $0.append(endpoint.baseURL) }
            if endpoint == a {
                throw RemoteError.connectionFailed(endpoint: endpoint.baseURL, path: "/x", detail: "refused")
            }
            return endpoint.baseURL
        }
        #expect(served == b.baseURL)
        #expect(calls.withLock { $0 } == [a.baseURL, b.baseURL])
        #expect(await pool.replica(for: AffinityKey(1)) == 1)
    }

    @Test func aClientErrorIsThrownAtOnce() async throws {
        let (a, b) = try Self.endpoints()
        let pool = pool([a, b], capacity: 4)
        let calls = Mutex(0)
        await #expect {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(3600)) { endpoint, _ in
                calls.withLock { $0 += 1 }
                throw RemoteError.httpStatus(400, endpoint: endpoint.baseURL, path: "/x", detail: "bad")
            }
        } throws: { ($0 as? RemoteError)?.status == 400 }
        #expect(calls.withLock { $0 } == 1)
        #expect(await pool.replicas.allSatisfy { $0.downUntil == nil && $0.inFlight == 0 })
    }
}

extension Result {
    var isCancellation: Bool {
        if case .failure(let error) = self { return error is CancellationError }
        return false
    }
}
