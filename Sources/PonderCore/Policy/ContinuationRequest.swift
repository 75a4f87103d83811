/// One unit of work for a policy: continue a partial solution by a step or to its end.
public struct ContinuationRequest: Sendable, Hashable {
    /// How far to generate.
    public enum Extent: String, Sendable, Hashable, Codable {
        /// Stop after one step (at the delimiter, end of generation or a limit).
        case nextStep = "step"
        /// Generate until end of generation or a limit; the text is split into steps afterwards.
        case toEnd = "end"
    }

    /// The solution to continue.
    public var solution: PartialSolution
    /// How far to generate.
    public var extent: Extent
    /// The sampling seed of this request.
    public var seed: UInt32

    /// Creates a request.
    public init(solution: PartialSolution, extent: Extent, seed: UInt32) {
        self.solution = solution
        self.extent = extent
        self.seed = seed
    }
}
