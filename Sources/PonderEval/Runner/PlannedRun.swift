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
}
