/// Any strategy under a deadline and a FLOPs budget: the search stops when either is reached, with its best
/// answer so far and the reason (``SearchResult/StopReason/deadline``, ``SearchResult/StopReason/budget``).
///
/// Implemented once for every strategy: the context's policy and verifier are wrapped so that every call
/// counts its FLOPs (``ComputeAccounting``'s estimate: 2 × parameters × processed tokens; a call in flight
/// counts its generated tokens as it reports them, its prompt when it returns), and when a limit is reached
/// the policy calls in flight are cancelled (within one decode step on the embedded engine) and new ones
/// return cancelled at once. Every strategy already ends on cancelled continuations with what it has: the
/// sampling strategies (which then call the policy once per sample, so finished samples count) vote on
/// their finished samples, beam search and DVTS on their finished paths and their live beams as scored so
/// far. Verifier calls are never cut: they score what was generated.
public struct LimitedSearch: SearchStrategy {
    /// The strategy under the limits.
    public let base: any SearchStrategy
    /// The deadline and the FLOPs budget.
    public let limits: SearchLimits
    /// The clock the deadline is measured on (a test's manual clock).
    public let clock: any Clock<Duration>

    /// Wraps `base`.
    public init(_ base: any SearchStrategy, limits: SearchLimits, clock: any Clock<Duration> = ContinuousClock()) {
        self.base = base
        self.limits = limits
        self.clock = clock
    }

    public var name: String { base.name }
    public var budget: Int { base.budget }
    public var parallelWidth: Int { base.parallelWidth }
    public var usesVerifier: Bool { base.usesVerifier }

    public func search(_ problem: Problem, in context: SearchContext) async throws -> SearchResult {
        guard limits.isLimited else { return try await base.search(problem, in: context) }
        let searchGuard = SearchGuard(flops: limits.flops)
        var limited = context
        limited.policy = GuardedPolicy(base: context.policy, searchGuard: searchGuard)
        limited.verifier = MeteredVerifier(base: context.verifier, searchGuard: searchGuard)
        limited.streamsSamples = true
        let (base, deadline, clock, limitedContext) = (self.base, limits.deadline, self.clock, limited)
        let finished = try await withThrowingTaskGroup(of: SearchResult?.self) { group in
            if let deadline {
                group.addTask {
                    // A cancelled sleep (the search ended first) trips nothing.
                    guard (try? await clock.sleep(for: deadline)) != nil else { return nil }
                    searchGuard.trip(.deadline)
                    return nil
                }
            }
            group.addTask { try await base.search(problem, in: limitedContext) }
            var result: SearchResult?
            while let next = try await group.next() {
                if let next {
                    result = next
                    group.cancelAll()
                }
            }
            return result
        }
        guard var result = finished else { throw CancellationError() }
        if let reason = searchGuard.reason, result.stopReason == .cancelled, !Task.isCancelled {
            result.stopReason = reason
        }
        return result
    }
}
