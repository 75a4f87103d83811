public import PonderCore
import Synchronization

/// A pairwise judge whose preference for Solution A is a function of both solutions' texts: table-driven tests
/// of selection by comparison. Each comparison costs 10 prompt tokens.
public final class ScriptedPairwiseJudge: PairwiseJudge, Sendable {
    /// P(A) for Solution A's text against Solution B's.
    public typealias Preference = @Sendable (_ first: String, _ second: String) -> Double

    private let preference: Preference
    private let recorded = Mutex<[[PairwiseComparisonRequest]]>([])

    /// Creates a judge preferring Solution A with `preference`.
    public init(preference: @escaping Preference) {
        self.preference = preference
    }

    /// The requests of each call so far.
    public var calls: [[PairwiseComparisonRequest]] { recorded.withLock { $0 } }

    public var name: String { "scripted-pairwise" }
    public var descriptor: ModelDescriptor? { nil }

    public func compare(_ requests: [PairwiseComparisonRequest]) async throws -> [PairwiseComparison] {
        recorded.withLock { $0.append(requests) }
        return requests.map {
            PairwiseComparison(
                probabilityFirst: preference($0.first.map(\.text).joined(), $0.second.map(\.text).joined()),
                usage: TokenUsage(promptTokensEvaluated: 10))
        }
    }
}
