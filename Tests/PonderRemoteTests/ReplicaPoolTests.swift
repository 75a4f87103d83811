import Logging
@testable import PonderRemote
import Synchronization
import Testing

/// The replica pool with scripted operations instead of HTTP: bounded in-flight requests, waiting with a
/// deadline, retries on another replica, cancellation.
@Suite struct ReplicaPoolTests {
    private static func endpoints() throws -> (Endpoint, Endpoint) {
        (try Endpoint("http://a:1"), try Endpoint("http://b:1"))
    }

    /// Counts operations running at once.
    private final class Gauge: Sendable {
        private let counts = Mutex((now: 0, most: 0))
        func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var most: Int { counts.withLock { $0.most } }
    }

    private func pool(_ endpoints: [Endpoint], capacity: Int, retry: RetryPolicy = RemoteTest.quickRetry) -> ReplicaPool {
        ReplicaPool(
            role: "policy", endpoints: endpoints, capacities: endpoints.map { _ in capacity }, retry: retry,
            cooldown: .seconds(30), logger: Logger(label: "test"))
    }

    @Test func requestsInFlightStayWithinTheCapacity() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 2)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(30)) { _, _ in
                        gauge.enter()
                        try await Task.sleep(for: .milliseconds(20))
                        gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(gauge.most == 2)
        #expect(await pool.replicas[0].inFlight == 0)
    }

    @Test func waitingForAFreeSlotEndsAtTheDeadline() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 1)
        let holder = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(30)) { _, _ in
                try await Task.sleep(for: .seconds(30))
            }
        }
        while await pool.replicas[0].inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await #expect {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .milliseconds(100)) { _, _ in }
        } throws: { error in
            "\(error)".contains("waiting for a free slot")
        }
        holder.cancel()
        _ = await holder.result
        #expect(await pool.replicas[0].inFlight == 0, "a cancelled request gives its slot back")
    }

    @Test func cancellationStopsTheWait() async throws {
        let (a, _) = try Self.endpoints()
        let pool = pool([a], capacity: 1)
        let holder = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(30)) { _, _ in
                try await Task.sleep(for: .seconds(30))
            }
        }
        while await pool.replicas[0].inFlight == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let waiter = Task {
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(30)) { _, _ in }
        }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.result.isCancellation)
        holder.cancel()
        _ = await holder.result
    }

    @Test func anUnreachableReplicaIsRetriedOnAnother() async throws {
        let (a, b) = try Self.endpoints()
        let pool = pool([a, b], capacity: 4)
        let calls = Mutex<[String]>([])
        let served = try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(30)) { endpoint, _ in
            calls.withLock { $0.append(endpoint.baseURL) }
            if endpoint == a { throw RemoteError.connectionFailed(endpoint: endpoint.baseURL, path: "/x", detail: "refused") }
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
            try await pool.perform(key: AffinityKey(1), deadline: .now + .seconds(30)) { endpoint, _ in
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
