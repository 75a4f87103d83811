public import PonderCore

/// When and how soon a failed request is tried again: a pure decision, tested without I/O.
///
/// Connection failures, deadlines of one attempt, HTTP 429 and 5xx are retried with exponential backoff
/// and jitter, up to ``maxAttempts`` tries in all and never past the call's deadline; other 4xx, malformed
/// replies and configuration errors fail at once (another attempt would get the same answer).
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all, the first included (1: never retry).
    public var maxAttempts: Int
    /// The wait before the second try.
    public var initialBackoff: Duration
    /// The longest wait between two tries.
    public var maxBackoff: Duration
    /// How much each wait grows over the previous one.
    public var multiplier: Double
    /// The fraction by which a wait is spread at random either way (0.2: ±20 %), so clients that failed
    /// together do not retry together.
    public var jitter: Double

    /// What to do after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Try again after this wait.
        case retry(after: Duration)
        /// Give up and report the error.
        case giveUp
    }

    /// Creates a policy; the defaults try 4 times, waiting about 0.2 s, 0.4 s and 0.8 s.
    public init(
        maxAttempts: Int = 4,
        initialBackoff: Duration = .milliseconds(200),
        maxBackoff: Duration = .seconds(5),
        multiplier: Double = 2,
        jitter: Double = 0.2
    ) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// A policy that never retries.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// Checks the values once.
    ///
    /// - Throws: ``RemoteError`` naming the offending value.
    public func validated() throws -> RetryPolicy {
        guard maxAttempts >= 1 else {
            throw RemoteError.invalidConfiguration("retry attempts", "\(maxAttempts)", expected: "at least 1")
        }
        guard initialBackoff >= .zero, maxBackoff >= initialBackoff else {
            throw RemoteError.invalidConfiguration(
                "retry backoff", "\(initialBackoff)...\(maxBackoff)", expected: "0 <= initial <= maximum")
        }
        guard multiplier >= 1, multiplier.isFinite else {
            throw RemoteError.invalidConfiguration("retry multiplier", "\(multiplier)", expected: "a finite value >= 1")
        }
        guard jitter >= 0, jitter < 1 else {
            throw RemoteError.invalidConfiguration("retry jitter", "\(jitter)", expected: "a value in [0, 1)")
        }
        return self
    }

    /// The decision after attempt number `attempt` (1 for the first) failed with `error`.
    ///
    /// - Parameters:
    ///   - error: what the attempt failed with.
    ///   - attempt: the number of the attempt that failed, from 1.
    ///   - timeLeft: the time until the call's deadline; a wait that would reach it is not taken.
    ///   - unit: a uniform draw in [0, 1) that places the wait within the jitter band.
    public func decision(after error: RemoteError, attempt: Int, timeLeft: Duration, unit: Double) -> Decision {
        guard error.isRetryable, attempt < maxAttempts else { return .giveUp }
        let wait = backoff(beforeAttempt: attempt + 1, unit: unit)
        return wait < timeLeft ? .retry(after: wait) : .giveUp
    }

    /// The wait before attempt number `attempt` (2 for the first retry), jitter placed by `unit` in [0, 1).
    public func backoff(beforeAttempt attempt: Int, unit: Double) -> Duration {
        guard attempt >= 2 else { return .zero }
        var seconds = initialBackoff.seconds
        for _ in 2..<attempt {
            seconds *= multiplier
            if seconds >= maxBackoff.seconds { break }
        }
        seconds = min(seconds, maxBackoff.seconds)
        let spread = 1 + jitter * (2 * min(max(unit, 0), 1) - 1)
        return .nanoseconds(Int64((seconds * spread * 1e9).rounded()))
    }
}
