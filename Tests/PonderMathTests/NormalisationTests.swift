import PonderMath
import Testing

@Suite struct NormalisationTests {
    let grader = MathGrader()

    static let cases: [(String, String)] = [
        ("\\left( 3, \\frac{\\pi}{2} \\right)", "(3,\\frac{\\pi}{2})"),
        ("\\dfrac{1}{2}", "\\frac{1}{2}"),
        ("10^{\\circ}", "10"),
        ("\\$1,000", "1000"),
        ("5\\%", "5"),
        ("12 \\text{ inches}", "12"),
        ("4\\text{ cm}^2", "4"),
        ("\\text{(C)}", "C"),
        ("x \\in [0,1]", "[0,1]"),
        ("\\pi r^2", "\\pi r^2"),
        ("1 \\text{ or } 2", "1,2"),
        ("\\emptyset", "\\{\\}"),
        ("fifteen", "15"),
        ("5.", "5"),
        ("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "\\begin{pmatrix}1\\\\2\\end{pmatrix}"),
        ("$\\frac{3}{4}$", "\\frac{3}{4}"),
        ("\\text{Monday}", "Monday"),
        ("2\\!\\,000", "2000"),
    ]

    @Test(arguments: NormalisationTests.cases)
    func normalisationReachesTheCanonicalString(_ row: (String, String)) {
        #expect(grader.normalise(row.0) == row.1)
    }
}
