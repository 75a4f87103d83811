import Foundation
import PonderCore
import PonderMath
import Testing

/// One MATH-500 gold answer with its reference solution.
struct Math500Row: Sendable, CustomTestStringConvertible {
    var id: String
    var answer: String
    var solution: String
    var testDescription: String { "\(id): \(answer)" }

    static let all: [Math500Row] = TestData.rows("math500.jsonl").compactMap { row in
        guard let id = row["id"], let answer = row["answer"], let solution = row["solution"] else { return nil }
        return Math500Row(id: id, answer: answer, solution: solution)
    }
}

/// A copy of a gold answer whose value is certainly different.
///
/// The first digit is replaced by the next one, 9 by 0 (`\frac{1}{2}` → `\frac{2}{2}`, `(6,31,-1)` →
/// `(7,31,-1)`, `x^5 - x^4` → `x^6 - x^4`, `.35625` → `.45625`): a change of a coefficient, numerator,
/// exponent or element in its leading digit, which changes the value by far more than the 1e-4
/// tolerance. The eleven answers without digits have hand-made opposites.
enum Perturbation {
    static let withoutDigits: [String: String] = [
        "p - q": "p + q",
        "\\text{Evelyn}": "\\text{Evan}",
        "\\pi": "-\\pi",
        "\\cot x": "\\tan x",
        "\\text{east}": "\\text{west}",
        "\\text{even}": "\\text{odd}",
        "\\text{(C)}": "\\text{(D)}",
        "\\text{(E)}": "\\text{(A)}",
        "\\text{(B)}": "\\text{(C)}",
        "\\text{ellipse}": "\\text{parabola}",
        "\\text{Navin}": "\\text{Luna}",
    ]

    static func perturbed(_ answer: String) -> String? {
        guard let position = answer.firstIndex(where: \.isNumber), let digit = answer[position].wholeNumberValue else {
            return withoutDigits[answer]
        }
        return String(answer[..<position]) + String((digit + 1) % 10) + String(answer[answer.index(after: position)...])
    }
}

@Suite(.enabled(if: TestData.isAvailable("math500.jsonl"), "needs ../shared/data/math500.jsonl"))
struct Math500Tests {
    let grader = MathGrader(configuration: .grading)

    @Test func datasetHasFiveHundredRows() {
        #expect(Math500Row.all.count == 500)
    }

    @Test(arguments: Math500Row.all)
    func goldEqualsTheLastBoxedAnswerOfItsSolution(_ row: Math500Row) throws {
        let extracted = try #require(grader.extractAnswer(from: row.solution))
        #expect(extracted.rule == .boxed)
        #expect(grader.judge(gold: row.answer, prediction: extracted.text).isEquivalent)
    }

    @Test(arguments: Math500Row.all)
    func goldDiffersFromAPerturbedCopy(_ row: Math500Row) throws {
        let perturbed = try #require(Perturbation.perturbed(row.answer))
        #expect(perturbed != row.answer)
        let verdict = grader.judge(gold: row.answer, prediction: perturbed)
        #expect(!verdict.isEquivalent, "\(perturbed) graded \(verdict)")
    }

    @Test(arguments: Math500Row.all)
    func goldEqualsItsOwnSolutionExtractedAsModelOutputWould(_ row: Math500Row) {
        let answer = grader.answer(in: row.solution)
        #expect(answer.rule == .boxed)
        #expect(grader.isEquivalent(row.answer, answer.text))
    }
}

@Suite(.enabled(if: TestData.isAvailable("aime24.jsonl"), "needs ../shared/data/aime24.jsonl"))
struct Aime24Tests {
    let grader = MathGrader(configuration: .grading)

    static let rows = TestData.rows("aime24.jsonl")

    @Test func publishedZeroPaddedAnswersEqualCanonicalOnes() {
        #expect(Aime24Tests.rows.count == 30)
        for row in Aime24Tests.rows {
            guard let answer = row["answer"], let published = row["answer_as_published"] else {
                Issue.record("row without answers: \(row)")
                continue
            }
            #expect(grader.isEquivalent(answer, published))
            #expect(!grader.isEquivalent(answer, String((Int(answer) ?? 0) + 1)))
        }
    }
}
