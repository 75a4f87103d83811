/// How one answer is chosen from candidates grouped by equivalent answers: the paper's seven rules plus product.
///
/// - `majority`: the answer most candidates reached.
/// - `prm-<agg>-max`: the answer of the single candidate with the best path score.
/// - `prm-<agg>-vote`: the answer whose candidates' path scores sum highest.
///
/// `<agg>` is ``ScoreAggregation``: `last`, `min`, `avg` (or `mean`), `prod` (or `product`).
public struct SelectionRule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How groups are compared.
    public enum Kind: String, Sendable, Hashable, Codable {
        case majority, max, vote
    }

    /// How groups are compared.
    public var kind: Kind
    /// How a candidate's step scores become its path score (unused by majority).
    public var aggregation: ScoreAggregation

    /// Creates a rule.
    public init(kind: Kind, aggregation: ScoreAggregation = .last) {
        self.kind = kind
        self.aggregation = kind == .majority ? .last : aggregation
    }

    /// Majority vote.
    public static let majority = SelectionRule(kind: .majority)
    /// PRM-Last-Max.
    public static let lastMax = SelectionRule(kind: .max, aggregation: .last)
    /// PRM-Last-Vote.
    public static let lastVote = SelectionRule(kind: .vote, aggregation: .last)

    /// The paper's seven rules and the product rules, in a stable order.
    public static let all: [SelectionRule] =
        [.majority]
        + ScoreAggregation.allCases.flatMap { aggregation in
            [SelectionRule(kind: .max, aggregation: aggregation), SelectionRule(kind: .vote, aggregation: aggregation)]
        }

    /// The rule's name: `majority`, `prm-last-vote`, `prm-min-max`, `prm-avg-vote`, `prm-prod-max`, ….
    public var name: String {
        guard kind != .majority else { return "majority" }
        let aggregationName: String
        switch aggregation {
        case .last: aggregationName = "last"
        case .min: aggregationName = "min"
        case .mean: aggregationName = "avg"
        case .product: aggregationName = "prod"
        }
        return "prm-\(aggregationName)-\(kind.rawValue)"
    }

    public var description: String { name }

    /// Parses a name (`majority`, `prm-last-vote`, `last-vote`, `max` = `prm-last-max`, `vote` = `prm-last-vote`).
    ///
    /// - Throws: ``PonderError`` for an unknown name, listing the known ones.
    public init(parsing text: String) throws {
        let name = text.lowercased()
        switch name {
        case "majority": self = .majority; return
        case "max": self = .lastMax; return
        case "vote": self = .lastVote; return
        default: break
        }
        var parts = name.split(separator: "-").map(String.init)
        if parts.first == "prm" { parts.removeFirst() }
        let aggregations: [String: ScoreAggregation] = [
            "last": .last, "min": .min, "avg": .mean, "mean": .mean, "prod": .product, "product": .product,
        ]
        guard parts.count == 2, let aggregation = aggregations[parts[0]], let kind = Kind(rawValue: parts[1]),
            kind != .majority
        else {
            throw PonderError.unknownName("selection rule", text, known: SelectionRule.all.map(\.name))
        }
        self.init(kind: kind, aggregation: aggregation)
    }

    private enum CodingKeys: CodingKey {}

    /// Decodes a rule from its name.
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes the rule as its name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
