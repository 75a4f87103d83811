import Testing

@testable import PonderRemote

/// The load balancer as a pure state machine: no I/O, an explicit clock.
@Suite struct LoadBalancerTests {
    let now = ContinuousClock.now
    let problem = AffinityKey(1)
    let other = AffinityKey(2)

    @Test func aKeyStaysOnItsReplica() {
        var balancer = LoadBalancer(capacities: [4, 4])
        guard case .replica(let first) = balancer.acquire(problem, now: now) else { Issue.record("no replica"); return }
        for _ in 0..<3 {
            #expect(balancer.acquire(problem, now: now) == .replica(first))
        }
        #expect(balancer.replica(for: problem) == first)
    }

    @Test func newKeysGoToTheLeastLoadedReplica() {
        var balancer = LoadBalancer(capacities: [4, 4])
        #expect(balancer.acquire(problem, now: now) == .replica(0))
        #expect(balancer.acquire(other, now: now) == .replica(1))
    }

    @Test func aBusyReplicaMakesItsKeysWait() {
        var balancer = LoadBalancer(capacities: [2, 2])
        #expect(balancer.acquire(problem, weight: 2, now: now) == .replica(0))
        #expect(balancer.acquire(problem, now: now) == .wait, "the cache is worth waiting for")
        balancer.release(0, weight: 2, outcome: .success, now: now)
        #expect(balancer.acquire(problem, now: now) == .replica(0))
    }

    @Test func aRequestHeavierThanTheCapacityRunsAlone() {
        var balancer = LoadBalancer(capacities: [2])
        #expect(balancer.acquire(problem, weight: 8, now: now) == .replica(0))
        #expect(balancer.acquire(problem, weight: 1, now: now) == .wait)
        #expect(balancer.replicas[0].inFlight == 8)
    }

    @Test func anUnreachableReplicaIsAvoidedUntilItsCooldownPasses() {
        var balancer = LoadBalancer(capacities: [4, 4], cooldown: .seconds(5))
        #expect(balancer.acquire(problem, now: now) == .replica(0))
        balancer.release(0, outcome: .unreachable, now: now)
        #expect(balancer.acquire(problem, now: now) == .replica(1), "the key moves")
        #expect(balancer.replica(for: problem) == 1)
        #expect(!balancer.isAvailable(0, now: now + .seconds(4)))
        #expect(balancer.isAvailable(0, now: now + .seconds(5)))
        balancer.release(1, outcome: .success, now: now)
        #expect(balancer.acquire(problem, now: now + .seconds(6)) == .replica(1), "it stays where it moved")
    }

    @Test func serverErrorsTakeAReplicaOutAtTheThreshold() {
        var balancer = LoadBalancer(capacities: [4, 4], cooldown: .seconds(5), failureThreshold: 3)
        for _ in 0..<2 {
            _ = balancer.acquire(problem, now: now)
            balancer.release(0, outcome: .serverError, now: now)
            #expect(balancer.isAvailable(0, now: now))
        }
        _ = balancer.acquire(problem, now: now)
        balancer.release(0, outcome: .serverError, now: now)
        #expect(!balancer.isAvailable(0, now: now))
    }

    @Test func aSuccessResetsTheFailures() {
        var balancer = LoadBalancer(capacities: [4], failureThreshold: 2)
        _ = balancer.acquire(problem, now: now)
        balancer.release(0, outcome: .serverError, now: now)
        _ = balancer.acquire(problem, now: now)
        balancer.release(0, outcome: .success, now: now)
        _ = balancer.acquire(problem, now: now)
        balancer.release(0, outcome: .serverError, now: now)
        #expect(balancer.isAvailable(0, now: now))
        #expect(balancer.replicas[0].failures == 1)
    }

    @Test func neutralOutcomesLeaveHealthAlone() {
        var balancer = LoadBalancer(capacities: [4], failureThreshold: 1)
        _ = balancer.acquire(problem, now: now)
        balancer.release(0, outcome: .neutral, now: now)
        #expect(balancer.isAvailable(0, now: now))
        #expect(balancer.replicas[0].inFlight == 0)
    }

    @Test func everyReplicaDownReportsTheEarliestReturn() {
        var balancer = LoadBalancer(capacities: [1, 1], cooldown: .seconds(5))
        _ = balancer.acquire(problem, now: now)
        balancer.release(0, outcome: .unreachable, now: now)
        _ = balancer.acquire(other, now: now + .seconds(1))
        balancer.release(1, outcome: .unreachable, now: now + .seconds(1))
        #expect(balancer.acquire(problem, now: now + .seconds(2)) == .unavailable(until: now + .seconds(5)))
    }

    @Test func oldKeysAreForgottenBeyondTheLimit() {
        var balancer = LoadBalancer(capacities: [100], maxKeys: 8)
        for key in 0..<9 {
            _ = balancer.acquire(AffinityKey(UInt64(key)), now: now)
        }
        #expect(balancer.replica(for: AffinityKey(0)) == nil)
        #expect(balancer.replica(for: AffinityKey(8)) == 0)
        #expect(balancer.replicas[0].keys <= 8)
    }
}
