/// Waits for a condition in tests without betting on how fast the machine is.
public enum Polling {
    /// Polls `condition` every few milliseconds until it holds or `limit` passes (far beyond any healthy wait:
    /// the test's own assertions then fail on a broken build instead of hanging).
    ///
    /// - Returns: whether the condition held.
    @discardableResult
    public static func until(
        limit: Duration = .seconds(600), _ condition: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return try await condition()
    }
}
