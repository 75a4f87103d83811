import PonderRemote
import Testing

/// The retry policy's decisions, without I/O.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 4, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(300), jitter: 0.2)
    let plenty = Duration.seconds(60)

    @Test(arguments: [429, 500, 502, 503, 504])
    func retryableStatusesAreRetried(status: Int) {
        let error = RemoteError.httpStatus(status, endpoint: "e", path: "/p", detail: "")
        #expect(
            policy.decision(after: error, attempt: 1, timeLeft: plenty, unit: 0.5) == .retry(after: .milliseconds(100)))
    }

    @Test(arguments: [400, 401, 403, 404, 422])
    func otherClientErrorsAreNot(status: Int) {
        let error = RemoteError.httpStatus(status, endpoint: "e", path: "/p", detail: "")
        #expect(policy.decision(after: error, attempt: 1, timeLeft: plenty, unit: 0.5) == .giveUp)
    }

    @Test func connectionFailuresAndTimeoutsAreRetried() {
        for error in [
            RemoteError.connectionFailed(endpoint: "e", path: "/p", detail: "refused"),
            .connectionLost(endpoint: "e", path: "/p", detail: "closed"),
            .deadlineExceeded(endpoint: "e", path: "/p", timeout: .seconds(1)),
        ] {
            #expect(policy.decision(after: error, attempt: 1, timeLeft: plenty, unit: 0.5) != .giveUp)
        }
    }

    @Test func malformedRepliesAreNotRetried() {
        let error = RemoteError.malformedResponse(endpoint: "e", path: "/p", detail: "x")
        #expect(policy.decision(after: error, attempt: 1, timeLeft: plenty, unit: 0.5) == .giveUp)
    }

    @Test func attemptsAreBounded() {
        let error = RemoteError.httpStatus(500, endpoint: "e", path: "/p", detail: "")
        #expect(policy.decision(after: error, attempt: 3, timeLeft: plenty, unit: 0.5) != .giveUp)
        #expect(policy.decision(after: error, attempt: 4, timeLeft: plenty, unit: 0.5) == .giveUp)
        #expect(RetryPolicy.never.decision(after: error, attempt: 1, timeLeft: plenty, unit: 0.5) == .giveUp)
    }

    @Test func backoffGrowsUpToItsCap() {
        #expect(policy.backoff(beforeAttempt: 1, unit: 0.5) == .zero)
        #expect(policy.backoff(beforeAttempt: 2, unit: 0.5) == .milliseconds(100))
        #expect(policy.backoff(beforeAttempt: 3, unit: 0.5) == .milliseconds(200))
        #expect(policy.backoff(beforeAttempt: 4, unit: 0.5) == .milliseconds(300))
        #expect(policy.backoff(beforeAttempt: 9, unit: 0.5) == .milliseconds(300))
    }

    @Test func jitterStaysInItsBand() {
        #expect(policy.backoff(beforeAttempt: 2, unit: 0) == .milliseconds(80))
        #expect(policy.backoff(beforeAttempt: 2, unit: 0.999_999) < .milliseconds(121))
        #expect(policy.backoff(beforeAttempt: 2, unit: 0.999_999) > .milliseconds(119))
    }

    @Test func noWaitReachesPastTheDeadline() {
        let error = RemoteError.httpStatus(503, endpoint: "e", path: "/p", detail: "")
        #expect(policy.decision(after: error, attempt: 1, timeLeft: .milliseconds(50), unit: 0.5) == .giveUp)
    }

    @Test func invalidPoliciesAreRejected() {
        #expect(throws: RemoteError.self) { try RetryPolicy(maxAttempts: 0).validated() }
        #expect(throws: RemoteError.self) { try RetryPolicy(jitter: 1).validated() }
        #expect(throws: RemoteError.self) {
            try RetryPolicy(initialBackoff: .seconds(2), maxBackoff: .seconds(1)).validated()
        }
    }
}
