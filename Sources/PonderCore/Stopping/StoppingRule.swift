/// When a sampling strategy (majority vote, Best-of-N) may stop before its budget: after each finished sample,
/// the posterior probability that the current leading answer is the most likely one (``LeaderPosterior``)
/// is compared with a threshold (Adaptive-Consistency, Aggarwal et al. 2023).
///
/// The grammar, shared by the CLI and the run key: `<kind>:<threshold>`, with kind
///
/// - `beta`: the Beta rule on the counts of the top two answers;
/// - `dirichlet`: the Dirichlet rule on the counts of every answer (the Beta rule when at most two compete);
/// - `weighted-beta`, `weighted-dirichlet`: the same posteriors with each sample's vote weighted by its
///   verifier score clamped to [0, 1] (the score the selection rule aggregates): an answer's pseudo-count is
///   the sum of its samples' scores instead of their number, so a sample scored 0.3 is 0.3 of a vote and
///   low scores make the rule wait longer. Only Best-of-N has scores.
/// - `decided` (no threshold): stops once the samples still to come cannot change the count vote's winner, that
///   is when the leader's count exceeds the runner-up's by more than the samples left of the budget N. Majority
///   vote then returns exactly the answer it would have returned at N, without waiting for the stragglers; for
///   selection by verifier scores (Best-of-N, beam, DVTS) it guarantees only the count vote.
///
/// Samples without an answer take no part (as in the vote). The budget N is then a maximum.
///
/// A threshold rule may also **give up** (`/give-up=S`): it stops when it is as sure that no answer will hold a
/// share S of the samples as it must be sure of a leader to settle, that is when the posterior probability that
/// the leader's share of the samples is at least S falls below 1 − threshold (the leader's share modelled as
/// Beta(1 + t, 1 + k − t) for a leader tally t after k finished samples, samples without an answer counting
/// against it). Majority vote is rarely right where its samples never agree, so a problem whose answers stay
/// dispersed stops early with the vote so far instead of spending the budget; the search's stop reason is then
/// `dispersed`, not `settled`.
///
/// A live search shows the rule its samples **in sample order** (``Order/sample``, the default): the rule decides
/// on the first k samples once all of them have finished, as the offline replay reads stored samples, and the vote
/// counts those k. On a batching engine shorter samples finish first, and short solutions are more often wrong, so
/// deciding in the order samples finish (``Order/finish``, `/order=finish`) stops sooner but on a biased sample.
///
/// Deciding in sample order waits for the longest of the first k samples while the others decode beside them. A
/// **window** (`/window=W`) keeps at most W samples in flight: samples start in sample order, the next one as
/// soon as one finishes, so the first k decode in a narrower, faster batch and the samples after them do not
/// start until the rule has had its say. Only streamed sampling (majority vote, Best-of-N) has a window; beam
/// search and DVTS expand their paths a depth at a time and refuse a rule with one.
public struct StoppingRule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Which posterior the rule computes.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case beta
        case dirichlet
        case weightedBeta = "weighted-beta"
        case weightedDirichlet = "weighted-dirichlet"
        case decided

        /// Whether votes are weighted by verifier scores.
        public var isWeighted: Bool { self == .weightedBeta || self == .weightedDirichlet }
    }

    /// The order in which a live search shows the rule its finished samples.
    public enum Order: String, Sendable, Hashable, Codable, CaseIterable {
        /// Sample i (drawn with the seed of i) is shown once samples 0..<i have been: the rule decides on the
        /// first k samples, and when it stops the vote counts those k; samples that finished out of turn are
        /// kept as candidates (their cost counted) but take no part.
        case sample
        /// Each sample is shown as it finishes, and the vote counts every finished sample.
        case finish
    }

    /// What the rule found after one sample.
    public struct Decision: Sendable, Hashable {
        /// The posterior probability that the leader is the most likely answer (0 with no answer yet).
        public var probability: Double
        /// Whether the search stops now.
        public var stops: Bool
        /// Whether it stops because the answers are too dispersed for any to hold the give-up share, not because
        /// the leader is settled.
        public var givesUp: Bool = false

        /// The search's stop reason when the rule stops it (`settled`, or `dispersed` when it gives up); `nil`
        /// when it goes on.
        public var stopReason: SearchResult.StopReason? { stops ? (givesUp ? .dispersed : .settled) : nil }
    }

    /// Which posterior the rule computes.
    public var kind: Kind
    /// The posterior probability at which the search stops, in (0, 1); 1 for `decided`, which needs certainty.
    public var threshold: Double
    /// The fewest finished samples before the rule may stop the search (at least 1).
    public var minimumSamples: Int
    /// The share of the samples (in (0, 1)) that the rule gives up on reaching: `nil` never gives up.
    public var giveUpShare: Double?
    /// The order in which a live search shows the rule its finished samples (the replay reads stored samples in
    /// sample order).
    public var order: Order
    /// The most samples a live search keeps in flight at once (at least 1); `nil` starts the whole budget at once.
    public var window: Int?

    /// Creates a rule.
    ///
    /// - Throws: ``PonderError`` for a threshold or give-up share outside (0, 1), a minimum or window below 1, or a
    ///   give-up share on `decided` (which has no threshold to be as sure at). `decided` ignores the threshold.
    public init(
        kind: Kind, threshold: Double, minimumSamples: Int = 1, giveUpShare: Double? = nil, order: Order = .sample,
        window: Int? = nil
    ) throws {
        guard kind == .decided || (threshold > 0 && threshold < 1) else {
            throw PonderError.invalidParameter("stopping threshold", "\(threshold)", expected: "a number in (0, 1)")
        }
        guard minimumSamples >= 1 else {
            throw PonderError.invalidParameter("minimum samples", "\(minimumSamples)", expected: "at least 1")
        }
        if let window, window < 1 {
            throw PonderError.invalidParameter(
                "stopping window", "\(window)", expected: "at least 1 sample in flight, as in window=4")
        }
        if let giveUpShare {
            guard kind != .decided else {
                throw PonderError.invalidParameter(
                    "give-up share", "\(giveUpShare)", expected: "a threshold rule (beta:0.8/give-up=0.5), not decided")
            }
            guard giveUpShare > 0 && giveUpShare < 1 else {
                throw PonderError.invalidParameter(
                    "give-up share", "\(giveUpShare)", expected: "a share of the samples in (0, 1), as in give-up=0.5")
            }
        }
        self.kind = kind
        self.threshold = kind == .decided ? 1 : threshold
        self.minimumSamples = minimumSamples
        self.giveUpShare = giveUpShare
        self.order = order
        self.window = window
    }

    private enum CodingKeys: String, CodingKey {
        case kind, threshold, minimumSamples, giveUpShare, order, window
    }

    /// Decodes a rule; one written before `order` existed decides in sample order, and one written before `window`
    /// existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            kind: try container.decode(Kind.self, forKey: .kind),
            threshold: try container.decode(Double.self, forKey: .threshold),
            minimumSamples: try container.decode(Int.self, forKey: .minimumSamples),
            giveUpShare: try container.decodeIfPresent(Double.self, forKey: .giveUpShare),
            order: try container.decodeIfPresent(Order.self, forKey: .order) ?? .sample,
            window: try container.decodeIfPresent(Int.self, forKey: .window))
    }

    /// Parses `<kind>:<threshold>` (`beta:0.95`, `dirichlet:0.9`, `weighted-beta:0.95`) or `decided`, optionally
    /// followed by clauses `/give-up=S`, `/min=K`, `/order=finish` and `/window=W` (`beta:0.8/give-up=0.5/min=4`),
    /// which override `minimumSamples`, `giveUpShare`, the sample order and the window.
    ///
    /// - Throws: ``PonderError`` naming the known kinds and clauses, or for a value out of range.
    public init(parsing text: String, minimumSamples: Int = 1, giveUpShare: Double? = nil) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var minimum = minimumSamples
        var share = giveUpShare
        var order = Order.sample
        var window: Int?
        let grammar = [
            "<kind>:<threshold>[/give-up=S][/min=K][/order=finish][/window=W]",
            "decided[/min=K][/order=finish][/window=W]",
        ]
        for clause in parts.dropFirst() {
            let pair = clause.split(separator: "=", maxSplits: 1).map(String.init)
            switch (pair.first?.lowercased(), pair.count == 2 ? pair[1] : nil) {
            case ("min", let value?):
                guard let value = Int(value) else {
                    throw PonderError.invalidParameter(
                        "minimum samples", value, expected: "a whole number, as in min=4")
                }
                minimum = value
            case ("give-up", let value?):
                guard let value = Double(value), value.isFinite else {
                    throw PonderError.invalidParameter(
                        "give-up share", value, expected: "a share of the samples in (0, 1), as in give-up=0.5")
                }
                share = value
            case ("order", let value?):
                guard let value = Order(rawValue: value.lowercased()) else {
                    throw PonderError.invalidParameter(
                        "stopping order", value, expected: "sample or finish, as in order=finish")
                }
                order = value
            case ("window", let value?):
                guard let value = Int(value) else {
                    throw PonderError.invalidParameter(
                        "stopping window", value, expected: "a whole number of samples in flight, as in window=4")
                }
                window = value
            default:
                throw PonderError.unknownName("stopping rule", text, known: grammar)
            }
        }
        let head = parts[0]
        if head.lowercased() == Kind.decided.rawValue {
            try self.init(
                kind: .decided, threshold: 1, minimumSamples: minimum, giveUpShare: share, order: order,
                window: window)
            return
        }
        let pieces = head.split(separator: ":", omittingEmptySubsequences: false)
        let known = Kind.allCases.map { $0 == .decided ? $0.rawValue : "\($0.rawValue):<threshold>" } + grammar
        guard pieces.count == 2, let kind = Kind(rawValue: pieces[0].lowercased()), kind != .decided else {
            throw PonderError.unknownName("stopping rule", text, known: known)
        }
        guard let threshold = Double(pieces[1]), threshold.isFinite else {
            throw PonderError.invalidParameter(
                "stopping threshold", String(pieces[1]), expected: "a number in (0, 1), as in 'beta:0.95'")
        }
        try self.init(
            kind: kind, threshold: threshold, minimumSamples: minimum, giveUpShare: share, order: order,
            window: window)
    }

    /// `beta:0.95` or `decided`, with `/give-up=S` when the rule gives up, `/min=K` when the minimum is above 1,
    /// `/order=finish` when it decides in finish order and `/window=W` when it has a window: the rule as the run key
    /// and reports name it.
    public var name: String {
        (kind == .decided ? kind.rawValue : "\(kind.rawValue):\(threshold)")
            + (giveUpShare.map { "/give-up=\($0)" } ?? "")
            + (minimumSamples > 1 ? "/min=\(minimumSamples)" : "")
            + (order == .finish ? "/order=finish" : "")
            + (window.map { "/window=\($0)" } ?? "")
    }

    public var description: String { name }

    /// Reads a rule back from its ``name`` (`beta:0.95`, `dirichlet:0.9/min=4`, `beta:0.8/give-up=0.5`), as stored
    /// run keys hold it.
    ///
    /// - Throws: ``PonderError`` for text that is not a rule's name.
    public init(name: String) throws {
        try self.init(parsing: name)
    }

    /// The posterior of the leader given each answer's tally (counts, or summed weights for weighted rules);
    /// `decided` reports the Beta posterior for information (it stops on the counts alone).
    public func probability(tallies: [Double]) -> Double {
        switch kind {
        case .beta, .weightedBeta, .decided:
            LeaderPosterior.probability(Array(tallies.sorted(by: >).prefix(2)))
        case .dirichlet, .weightedDirichlet:
            LeaderPosterior.probability(tallies)
        }
    }

    /// The posterior probability that the leader's share of the samples is at least `share`, after `samples`
    /// finished samples whose answers tally as `tallies`: P(Beta(1 + t, 1 + k − t) ≥ share) for the leader's
    /// tally t and k samples (a tally above k, impossible for counts and scores in [0, 1], counts as k).
    public func shareProbability(atLeast share: Double, tallies: [Double], samples: Int) -> Double {
        let k = Double(max(0, samples))
        let leader = min(k, max(0, tallies.max() ?? 0))
        return 1 - LeaderPosterior.regularizedIncompleteBeta(x: share, a: 1 + leader, b: 1 + k - leader)
    }

    /// Decides after `samples` finished samples whose answers tally as `tallies`, of a budget of `budget` samples
    /// (`decided` never stops without one).
    public func decide(tallies: [Double], samples: Int, budget: Int? = nil) -> Decision {
        let probability = probability(tallies: tallies)
        guard samples >= minimumSamples else { return Decision(probability: probability, stops: false) }
        guard kind == .decided else {
            if probability >= threshold { return Decision(probability: probability, stops: true) }
            let share = giveUpShare.map { shareProbability(atLeast: $0, tallies: tallies, samples: samples) } ?? 1
            let givesUp = share < 1 - threshold
            return Decision(probability: probability, stops: givesUp, givesUp: givesUp)
        }
        guard let budget, let leader = tallies.max() else { return Decision(probability: probability, stops: false) }
        let runnerUp = tallies.sorted(by: >).dropFirst().first ?? 0
        return Decision(probability: probability, stops: leader - runnerUp > Double(max(0, budget - samples)))
    }

    /// Decides on finished samples in generation order: their answers (`nil` for none), grouped by `grader`
    /// equivalence as the vote groups them, and for weighted rules their scores (clamped to [0, 1]; a
    /// missing score weighs 0). `budget` is the most samples the search will take (`decided` needs it).
    public func decide(answers: [String?], scores: [Double?], budget: Int? = nil, grader: any AnswerGrader) -> Decision
    {
        precondition(scores.isEmpty || scores.count == answers.count, "one score per answer")
        var representatives: [String] = []
        var tallies: [Double] = []
        for (index, answer) in answers.enumerated() {
            guard let answer else { continue }
            let weight = kind.isWeighted ? min(1, max(0, (scores.isEmpty ? nil : scores[index]) ?? 0)) : 1
            if let group = representatives.firstIndex(where: { grader.isEquivalent($0, answer) }) {
                tallies[group] += weight
            } else {
                representatives.append(answer)
                tallies.append(weight)
            }
        }
        return decide(tallies: tallies, samples: answers.count, budget: budget)
    }
}
