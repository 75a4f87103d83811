import Foundation
import PonderCore
import PonderMath
import Testing

/// Every call returns a verdict, whatever the input; verdicts are deterministic and consistent.
@Suite struct RobustnessTests {
    let grader = MathGrader(configuration: .grading)

    static let hostile: [String] = [
        String(repeating: "\\frac{1}{", count: 400) + "2" + String(repeating: "}", count: 400),
        String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
        String(repeating: "{", count: 3_000),
        String(repeating: "}", count: 3_000),
        String(repeating: "-", count: 3_000) + "1",
        String(repeating: "x^", count: 1_000) + "2",
        String(repeating: "\\sqrt", count: 1_000) + "{2}",
        String(repeating: "\\text{", count: 1_000) + "a",
        "10^{10^{10}}",
        "10^{10^{10^{10^{10}}}}",
        "(x+y+z+w)^{12}",
        "((x+1)^{12})^{12}",
        "(x+1)^{1000000}",
        "9999999999999999999999999999999",
        "2^{-1000000}",
        "1000000!",
        "\\binom{1000000}{500000}",
        String(repeating: "1,", count: 2_000) + "1",
        "\\{" + Array(repeating: "\\{1,2,3\\}", count: 60).joined(separator: ",") + "\\}",
        String(repeating: "\\begin{pmatrix}", count: 50),
        "\\begin{pmatrix}" + String(repeating: "1&", count: 500) + "1\\end{pmatrix}",
        "\\left(\\right)",
        "\\\\\\\\\\\\",
        "$$$$",
        "\\boxed{",
        "\\frac",
        "^_^",
        "x = = 3",
        "[1,2",
        "(1,2]]",
        String(repeating: "é∑∫≈", count: 2_500),
    ]

    @Test(arguments: RobustnessTests.hostile)
    func hostileInputReturnsAVerdict(_ input: String) {
        for other in ["1", "x", input, "(1,2)"] {
            let verdict = grader.judge(gold: input, prediction: other)
            #expect(grader.judge(gold: input, prediction: other) == verdict)
            if verdict.isEquivalent { #expect(![.kindMismatch, .undecidable, .empty].contains(verdict.rule)) }
        }
        _ = grader.extractAnswer(from: input)
        #expect(grader.judge(gold: input, prediction: input).isEquivalent == !grader.normalise(input).isEmpty)
    }

    /// Model outputs built to make marker and span scanning quadratic: each must still return
    /// (extraction tries at most 64 markers, reads at most 2,000 bytes after one, and remembers
    /// where a delimiter found no closer).
    static let hostileOutputs: [String] = [
        String(repeating: "Answer: ", count: 20_000),
        String(repeating: "**Answer:**\n", count: 10_000),
        String(repeating: "the answer is ", count: 10_000),
        String(repeating: "#### ", count: 20_000),
        String(repeating: "####\n", count: 20_000),
        String(repeating: "$", count: 50_000),
        String(repeating: "$$", count: 30_000) + "x",
        "Answer: " + String(repeating: "$", count: 60_000),
        "Answer: " + String(repeating: "\\(", count: 30_000),
        String(repeating: "\\[", count: 30_000) + "\\]",
        String(repeating: "Answer: \\(", count: 10_000),
        String(repeating: "\\boxed{1} and ", count: 10_000),
        String(repeating: "a ", count: 50_000),
        String(repeating: "### Final Answer\n", count: 10_000),
        String(repeating: "{", count: 50_000) + "\n12",
    ]

    @Test(arguments: RobustnessTests.hostileOutputs)
    func hostileModelOutputIsExtractedOrNot(_ output: String) {
        let first = grader.extractAnswer(from: output)
        #expect(grader.extractAnswer(from: output) == first)
        _ = grader.answer(in: output)
    }

    @Test func tenKilobytesOfGarbageReturnsNotEqual() {
        var generator = SplitMix64(seed: 7)
        let garbage = String(
            (0..<10_000).map { _ in Character(UnicodeScalar(UInt8.random(in: 32...126, using: &generator))) })
        #expect(!grader.judge(gold: "5", prediction: garbage).isEquivalent)
        #expect(grader.extractAnswer(from: garbage) != nil || !garbage.contains(where: \.isNumber))
    }

    @Test(arguments: 0..<8)
    func seededRandomStringsAlwaysReturn(_ seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let pieces = [
            "\\frac", "{", "}", "(", ")", "[", "]", "\\sqrt", "^", "_", "x", "y", "1", "2", "0", ".", ",", "-",
            "+", "=", "\\pi", "\\infty", "\\text{", "\\left(", "\\right)", "\\\\", "&", "\\begin{pmatrix}",
            "\\end{pmatrix}", "\\cup", "\\le", "\\pm", " ", "i", "e", "!", "|", "\\{", "\\}", "%", "$",
        ]
        for _ in 0..<150 {
            let length = Int.random(in: 0...40, using: &generator)
            let first = (0..<length).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            let second = (0..<length).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }.joined()
            let verdict = grader.judge(gold: first, prediction: second)
            #expect(grader.judge(gold: first, prediction: second) == verdict)
            _ = grader.extractAnswer(from: first + "\\boxed{" + second)
        }
    }

    @Test(.enabled(if: TestData.isAvailable("math500.jsonl")), arguments: 0..<4)
    func mutationsOfRealAnswersAlwaysReturn(_ seed: Int) {
        var generator = SplitMix64(seed: UInt64(100 + seed))
        let answers = Math500Row.all.map(\.answer)
        let insertions: [Character] = ["{", "}", "(", ")", "\\", "^", "_", ",", "=", "-", "1", "x", " ", "&"]
        for answer in answers {
            var characters = Array(answer)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let position = Int.random(in: 0...characters.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0 where !characters.isEmpty: characters.remove(at: min(position, characters.count - 1))
                case 1:
                    characters.insert(insertions[Int.random(in: 0..<insertions.count, using: &generator)], at: position)
                case 2: characters.insert(contentsOf: characters[..<position], at: position)
                default: characters.reverse()
                }
            }
            let mutated = String(characters)
            let verdict = grader.judge(gold: answer, prediction: mutated)
            #expect(grader.judge(gold: answer, prediction: mutated) == verdict)
            if verdict.isEquivalent { #expect(![.kindMismatch, .undecidable, .empty].contains(verdict.rule)) }
        }
    }
}
