import PonderCore
import Synchronization

/// An ``AnswerGrader`` that remembers equivalence verdicts: voting the same candidates under nine rules
/// and several budgets asks the same pairs again and again.
final class MemoizingGrader: AnswerGrader, Sendable {
    private struct Pair: Hashable {
        var lhs: String
        var rhs: String
    }

    private let base: any AnswerGrader
    private let verdicts = Mutex<[Pair: Bool]>([:])

    init(_ base: any AnswerGrader) {
        self.base = base
    }

    func extractAnswer(from solution: String) -> ExtractedAnswer? {
        base.extractAnswer(from: solution)
    }

    func isEquivalent(_ lhs: String, _ rhs: String) -> Bool {
        let pair = Pair(lhs: lhs, rhs: rhs)
        if let known = verdicts.withLock({ $0[pair] }) { return known }
        let verdict = base.isEquivalent(lhs, rhs)
        verdicts.withLock { $0[pair] = verdict }
        return verdict
    }
}
