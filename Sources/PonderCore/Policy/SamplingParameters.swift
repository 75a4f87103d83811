/// Per-request sampling and stopping knobs for a policy.
///
/// Defaults follow the paper's search settings: temperature 0.7, top-p 1, top-k off, steps delimited by
/// a blank line, 2048 tokens per step and 8192 per solution.
public struct SamplingParameters: Sendable, Hashable, Codable {
    /// Softmax temperature; 0 means greedy decoding.
    public var temperature: Double
    /// Nucleus sampling mass in (0, 1]; 1 turns it off.
    public var topP: Double
    /// Keep only the `topK` most likely tokens; 0 or less turns it off.
    public var topK: Int
    /// Base random seed; each sample derives its own seed from it and its index.
    public var seed: UInt32
    /// Maximum tokens generated per step.
    public var maxStepTokens: Int
    /// Maximum tokens generated per solution, over all its steps.
    public var maxTokens: Int
    /// The text that ends a step.
    public var stepDelimiter: String

    /// Creates sampling parameters; every argument has the paper's default.
    public init(
        temperature: Double = 0.7,
        topP: Double = 1.0,
        topK: Int = 0,
        seed: UInt32 = 0,
        maxStepTokens: Int = 2048,
        maxTokens: Int = 8192,
        stepDelimiter: String = "\n\n"
    ) {
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.seed = seed
        self.maxStepTokens = maxStepTokens
        self.maxTokens = maxTokens
        self.stepDelimiter = stepDelimiter
    }

    /// Greedy decoding with the other values at their defaults: the paper's CoT setting.
    public static var greedy: SamplingParameters { SamplingParameters(temperature: 0) }

    /// Checks the values once, before any work.
    ///
    /// - Throws: ``PonderError`` naming the offending value.
    public func validated() throws -> SamplingParameters {
        guard temperature >= 0, temperature.isFinite else {
            throw PonderError.invalidParameter("temperature", "\(temperature)", expected: "a finite value >= 0")
        }
        guard topP > 0, topP <= 1 else {
            throw PonderError.invalidParameter("top-p", "\(topP)", expected: "a value in (0, 1]")
        }
        guard maxStepTokens > 0 else {
            throw PonderError.invalidParameter("max-step-tokens", "\(maxStepTokens)", expected: "at least 1")
        }
        guard maxTokens > 0 else {
            throw PonderError.invalidParameter("max-tokens", "\(maxTokens)", expected: "at least 1")
        }
        guard !stepDelimiter.isEmpty else {
            throw PonderError.invalidParameter("step-delimiter", stepDelimiter, expected: "a non-empty string")
        }
        return self
    }

    /// The seed of sample `index`: distinct per sample, reproducible for a given base seed.
    public func seed(forSample index: Int) -> UInt32 {
        // A multiplicative hash keeps neighbouring samples' seeds far apart.
        seed &+ UInt32(truncatingIfNeeded: index) &* 0x9E37_79B9
    }
}
