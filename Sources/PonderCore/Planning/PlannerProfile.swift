public import Foundation

/// What the planner knows about one policy (and the verifiers it was measured with): the configurations
/// measured on calibration problems, with their accuracy per difficulty bin and their cost, the probe that
/// estimates a new problem's bin, and the predictor fitted on the calibration problems' probes.
///
/// Made by `ponder calibrate` from stored evaluation runs; stored as snake_case JSON.
public struct PlannerProfile: Sendable, Hashable, Codable {
    /// The format's version; this build reads ``currentFormat``.
    public var format: Int
    /// The policy the configurations were measured on.
    public var policy: ProfileModel
    /// The probe: how many samples, drawn how.
    public var probe: ProbeSettings
    /// P(bin | probe features), fitted on the calibration problems; `nil` for a fixed-rule profile.
    public var predictor: DifficultyPredictor?
    /// A strategy the planner always takes when it can (the paper's fixed rule), instead of weighing bins.
    public var fixedStrategy: StrategyKind?
    /// The measured configurations.
    public var configurations: [PlannedConfiguration]
    /// Where the numbers came from.
    public var provenance: Provenance

    /// The format this build reads and writes.
    public static let currentFormat = 1

    /// Creates a profile.
    public init(
        policy: ProfileModel, probe: ProbeSettings, predictor: DifficultyPredictor?, fixedStrategy: StrategyKind? = nil,
        configurations: [PlannedConfiguration], provenance: Provenance
    ) {
        self.format = Self.currentFormat
        self.policy = policy
        self.probe = probe
        self.predictor = predictor
        self.fixedStrategy = fixedStrategy
        self.configurations = configurations
        self.provenance = provenance
    }

    /// How the probe samples.
    public struct ProbeSettings: Sendable, Hashable, Codable {
        /// Samples (k), never more than the budget.
        public var samples: Int
        /// The sampling knobs, those of the measured majority vote so that its samples are the probe's.
        public var sampling: SamplingParameters

        /// Creates settings.
        public init(samples: Int, sampling: SamplingParameters) {
            self.samples = samples
            self.sampling = sampling
        }
    }

    /// Where a profile's numbers came from.
    public struct Provenance: Sendable, Hashable, Codable {
        /// The command that made it.
        public var command: String
        /// The dataset and how many of its problems the calibration saw.
        public var dataset: String
        /// Calibration problems.
        public var problems: Int
        /// Calibration problems per bin.
        public var binProblems: [DifficultyBin: Int]
        /// When it was made (ISO 8601).
        public var created: String

        /// Creates provenance.
        public init(command: String, dataset: String, problems: Int, binProblems: [DifficultyBin: Int], created: String)
        {
            self.command = command
            self.dataset = dataset
            self.problems = problems
            self.binProblems = binProblems
            self.created = created
        }
    }

    /// The paper's fixed rule for a policy of `parameterCount` parameters on MATH-500 (Liu et al. 2025; the
    /// official answer to users asking how to choose, compute-optimal-tts issue 4): beam search below 7B,
    /// DVTS to 32B, Best-of-N above. A profile that always takes that strategy at the largest budget that
    /// fits, with this profile's measurements, and no probe.
    public func paperRule() -> PlannerProfile {
        let billions = Double(policy.parameterCount) / 1e9
        let strategy: StrategyKind = billions < 7 ? .beam : billions <= 32 ? .dvts : .bestOfN
        var rule = self
        rule.probe.samples = 0
        rule.predictor = nil
        rule.fixedStrategy = strategy
        rule.provenance.command += " (paper rule: \(strategy.rawValue))"
        return rule
    }

    // MARK: - Files

    /// Reads a profile.
    ///
    /// - Throws: ``PonderError`` when the file is missing, is not a profile, or has another format.
    public static func load(path: String) throws -> PlannerProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PonderError.invalidProfile(path, "no such file (ponder calibrate writes one)")
        }
        return try decode(data, source: path)
    }

    /// Reads a profile from JSON.
    public static func decode(_ data: Data, source: String) throws -> PlannerProfile {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let profile: PlannerProfile
        do {
            profile = try decoder.decode(PlannerProfile.self, from: data)
        } catch {
            throw PonderError.invalidProfile(
                source, "not a profile written by ponder calibrate (\(Self.describe(error)))")
        }
        guard profile.format == currentFormat else {
            throw PonderError.invalidProfile(source, "format \(profile.format); this build reads \(currentFormat)")
        }
        return profile
    }

    /// The profile as pretty, sorted, snake_case JSON.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context): context.debugDescription
        default: "\(error)"
        }
    }
}

/// The identity of a model a profile was measured on.
public struct ProfileModel: Sendable, Hashable, Codable {
    /// The model's name as the backends report it (the GGUF file name, or a server's model id).
    public var name: String
    /// Its parameter count.
    public var parameterCount: UInt64
    /// The file's SHA-256, when the calibration knew it.
    public var sha256: String?

    /// Creates an identity.
    public init(name: String, parameterCount: UInt64, sha256: String? = nil) {
        self.name = name
        self.parameterCount = parameterCount
        self.sha256 = sha256
    }

    /// Whether `descriptor` is this model.
    public func matches(_ descriptor: ModelDescriptor) -> Bool {
        descriptor.name == name && descriptor.parameterCount == parameterCount
    }
}
