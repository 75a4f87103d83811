/// What one problem may spend under `--strategy auto`: generations (`--budget N`), policy-plus-verifier FLOPs
/// (`--budget-flops`), wall seconds (`--deadline`), or several at once (each must hold).
public struct PlanBudget: Sendable, Hashable, Codable {
    /// The most generations, probe included.
    public var generations: Int
    /// The most policy-plus-verifier FLOPs, probe included.
    public var flops: Double?
    /// The most seconds, probe included, converted with the profile's measured seconds.
    public var seconds: Double?

    /// Creates a budget.
    ///
    /// - Throws: ``PonderError`` for fewer than one generation, or a non-positive FLOPs or seconds limit.
    public init(generations: Int, flops: Double? = nil, seconds: Double? = nil) throws {
        guard generations >= 1 else {
            throw PonderError.invalidParameter("budget", "\(generations)", expected: "at least 1 generation")
        }
        if let flops, !(flops > 0 && flops.isFinite) {
            throw PonderError.invalidParameter("budget-flops", "\(flops)", expected: "a positive number of FLOPs")
        }
        if let seconds, !(seconds > 0 && seconds.isFinite) {
            throw PonderError.invalidParameter("deadline", "\(seconds)", expected: "a positive number of seconds")
        }
        self.generations = generations
        self.flops = flops
        self.seconds = seconds
    }

    /// Whether `cost` fits.
    func admits(_ cost: PlannedCost) -> Bool {
        cost.generations <= generations && (flops.map { cost.flops <= $0 } ?? true)
            && (seconds.map { cost.seconds <= $0 } ?? true)
    }
}

/// What a plan spends in all, probe included: generations exactly, FLOPs and seconds as measured or expected.
public struct PlannedCost: Sendable, Hashable, Codable {
    /// Generations.
    public var generations: Int
    /// Policy plus verifier FLOPs.
    public var flops: Double
    /// Wall seconds.
    public var seconds: Double

    /// Creates a cost.
    public init(generations: Int, flops: Double, seconds: Double) {
        self.generations = generations
        self.flops = flops
        self.seconds = seconds
    }
}
