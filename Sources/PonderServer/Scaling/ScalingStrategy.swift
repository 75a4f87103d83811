public import PonderCore

/// The strategy a request runs: one of the fixed strategies, or `auto` (the planner chooses per request from the
/// server's profile, ``ServerConfiguration/planner``).
public enum ScalingStrategy: Sendable, Hashable {
    case fixed(StrategyKind)
    case auto

    /// The name clients send (`majority`, `beam`, …, `auto`).
    public var rawValue: String {
        switch self {
        case .fixed(let kind): kind.rawValue
        case .auto: AutoStrategy.name
        }
    }

    /// Parses a name; `nil` when it is none of ``allNames``.
    public init?(rawValue: String) {
        if rawValue == AutoStrategy.name {
            self = .auto
        } else if let kind = StrategyKind(rawValue: rawValue) {
            self = .fixed(kind)
        } else {
            return nil
        }
    }

    /// Every name a client may send.
    public static var allNames: [String] { StrategyKind.allCases.map(\.rawValue) + [AutoStrategy.name] }

    /// The fixed strategy, or `nil` for `auto`.
    public var kind: StrategyKind? {
        if case .fixed(let kind) = self { return kind }
        return nil
    }

    /// Whether the request's verifier and selection rule apply (a fixed strategy that scores; the planner
    /// uses the verifier its profile was measured with).
    public var usesVerifier: Bool { kind?.usesVerifier ?? false }

    /// Whether it is beam search or DVTS (whose beam width is reported).
    var isTreeSearch: Bool { kind == .beam || kind == .dvts }
}
