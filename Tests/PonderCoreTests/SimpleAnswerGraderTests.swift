import PonderCore
import Testing

@Suite struct SimpleAnswerGraderTests {
    let grader = SimpleAnswerGrader()

    @Test(arguments: [
        ("10.50", "10.5"), ("\\frac{1}{2}", "\\dfrac12"), ("\\frac12", "0.5"), ("1/2", "\\tfrac{1}{2}"),
        ("\\text{Monday}", "monday"), ("3.", "3"), ("$7$", "7"), ("\\left(1,2\\right)", "(1, 2)"), ("1,000", "1000"),
    ])
    func equalAnswersGroupTogether(lhs: String, rhs: String) {
        #expect(grader.isEquivalent(lhs, rhs))
        #expect(grader.isEquivalent(rhs, lhs))
    }

    @Test(arguments: [("10.5", "10.05"), ("\\frac{1}{2}", "\\frac{2}{1}"), ("-3", "3"), ("(1,2)", "(2,1)"), ("x", "y")])
    func differentAnswersStayApart(lhs: String, rhs: String) {
        #expect(!grader.isEquivalent(lhs, rhs))
    }
}
