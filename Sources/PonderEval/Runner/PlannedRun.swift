public import PonderCore

/// One cell of the run matrix with the strategy built for it.
public struct PlannedRun: Sendable {
    /// What runs, and its key.
    public var configuration: RunConfiguration
    /// The strategy of ``configuration``, built once.
    public var strategy: any SearchStrategy

    /// Creates a planned run.
    public init(configuration: RunConfiguration, strategy: any SearchStrategy) {
        self.configuration = configuration
        self.strategy = strategy
    }

    /// The strategy that runs on problem `problemID`: ``strategy`` itself when every problem shares the run's
    /// seed, else one built from ``configuration`` with the problem's own seed (``SeedScheme``).
    ///
    /// - Throws: ``PonderError`` for a budget the strategy cannot run.
    public func strategy(for problemID: String) throws -> any SearchStrategy {
        guard configuration.seedScheme == .perProblem else { return strategy }
        return try configuration.seeded(for: problemID).makeStrategy()
    }
}
