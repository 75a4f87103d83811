extension Duration {
    /// The duration in seconds, as a `Double` (for accounting, progress and backoff arithmetic).
    package var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
