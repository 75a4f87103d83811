/// What a handful of sampled solutions say about a problem's difficulty, without its answer: the features
/// the ``DifficultyPredictor`` reads.
///
/// Every feature is a share or a probability in [0, 1], so profiles measured with one probe size read
/// sensibly with another.
public struct ProbeFeatures: Sendable, Hashable, Codable {
    /// Samples in the probe.
    public var samples: Int
    /// The leading answer's share of all samples (samples without an answer count against it).
    public var leaderShare: Double
    /// Distinct answers ÷ samples (1 when every sample disagrees).
    public var distinctShare: Double
    /// P(the leader is truly ahead of the runner-up): Adaptive-Consistency's Beta posterior on the top two
    /// counts (``LeaderPosterior``); 0 when no sample stated an answer.
    public var majorityProbability: Double
    /// Share of samples that stated no answer.
    public var noAnswerShare: Double
    /// Share of samples cut at the token limit.
    public var cappedShare: Double
    /// Mean generated tokens ÷ the token limit.
    public var lengthShare: Double

    /// The features as the predictor reads them, in ``names``' order.
    public var vector: [Double] {
        [leaderShare, distinctShare, majorityProbability, noAnswerShare, cappedShare, lengthShare]
    }

    /// The features' names, in ``vector``'s order.
    public static let names = [
        "leader_share", "distinct_share", "majority_probability", "no_answer_share", "capped_share", "length_share",
    ]

    /// Whether every sample stated the same answer.
    public var isUnanimous: Bool { samples > 0 && leaderShare >= 1 }

    /// Creates features directly (tests, stored values).
    public init(
        samples: Int, leaderShare: Double, distinctShare: Double, majorityProbability: Double, noAnswerShare: Double,
        cappedShare: Double, lengthShare: Double
    ) {
        self.samples = samples
        self.leaderShare = leaderShare
        self.distinctShare = distinctShare
        self.majorityProbability = majorityProbability
        self.noAnswerShare = noAnswerShare
        self.cappedShare = cappedShare
        self.lengthShare = lengthShare
    }

    /// The features of `samples`.
    ///
    /// - Parameters:
    ///   - samples: each sample's stated answer (or `nil`), generated tokens and whether it hit the token limit.
    ///   - maxTokens: the token limit the samples were drawn with.
    ///   - grader: decides which answers are the same.
    public init(samples: [ProbeSample], maxTokens: Int, grader: any AnswerGrader) {
        let count = samples.count
        let votes = VoteTable(answers: samples.map(\.answer), rule: .majority, grader: grader)
        let sizes = votes.groups.map(\.members.count).sorted(by: >)
        let n = Double(max(count, 1))
        self.samples = count
        leaderShare = Double(sizes.first ?? 0) / n
        distinctShare = Double(votes.groups.count) / n
        majorityProbability = LeaderPosterior.probability(sizes.prefix(2).map(Double.init))
        noAnswerShare = Double(samples.count { $0.answer == nil }) / n
        cappedShare = Double(samples.count(where: \.capped)) / n
        let meanTokens = Double(samples.reduce(0) { $0 + $1.generatedTokens }) / n
        lengthShare = min(1, meanTokens / Double(max(maxTokens, 1)))
    }
}

/// One probe sample as the features see it.
public struct ProbeSample: Sendable, Hashable {
    /// The answer it stated, if any.
    public var answer: String?
    /// Tokens it generated.
    public var generatedTokens: Int
    /// Whether it stopped at the token limit.
    public var capped: Bool

    /// Creates a sample.
    public init(answer: String?, generatedTokens: Int, capped: Bool) {
        self.answer = answer
        self.generatedTokens = generatedTokens
        self.capped = capped
    }
}
