import PonderMath
import Testing

@Suite struct LatexParserTests {
    private func value(_ latex: String) -> Complex? {
        guard let tokens = LatexLexer.tokens(of: latex), let expression = LatexParser.parse(tokens) else { return nil }
        return Evaluator(assignment: ["x": Complex(2), "y": Complex(3)]).value(of: expression)
    }

    @Test(arguments: [
        ("\\frac12", 0.5), ("\\frac123", 1.5), ("\\sqrt2", 1.4142135623730951), ("x^23", 12.0),
        ("2\\frac{1}{2}", 2.5), ("-2\\frac{1}{2}", -2.5), ("2x\\frac{1}{2}", 2.0), ("\\sin^2 x + \\cos^2 x", 1.0),
        ("\\sqrt[3]{27}", 3.0), ("\\log_2 8", 3.0), ("|1-x|", 1.0), ("\\lfloor 2.5 \\rfloor", 2.0), ("5!", 120.0),
        ("\\binom{5}{2}", 10.0), ("xy", 6.0), ("x^{-1}", 0.5), ("\\frac{x+1}{y}", 1.0), ("2^{x}y", 12.0),
        ("\\sin 2x", -0.7568024953079282), ("a_1", .nan), ("e^0", 1.0), ("\\pi", 3.141592653589793),
    ])
    func texConventionsAreHonoured(_ row: (String, Double)) throws {
        let result = try #require(value(row.0))
        if row.1.isNaN {
            #expect(result.real.isNaN)
        } else {
            #expect(abs(result.real - row.1) < 1e-12 && result.imaginary == 0)
        }
    }

    @Test(arguments: ["\\frac{1}{", "(1+2", "1+", "\\sqrt", "x^", "{}", "\\unknowncommand", "Monday", "1 2 )", "||"])
    func malformedInputFailsToParse(_ latex: String) {
        #expect(value(latex) == nil)
    }

    @Test func nestingBeyondTheDepthLimitFailsInsteadOfRecursing() {
        let deep = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect(value(deep) == nil)
        let shallow = String(repeating: "(", count: 10) + "1" + String(repeating: ")", count: 10)
        #expect(value(shallow) == Complex(1))
    }

    @Test func hugeExponentsAreNotEvaluated() throws {
        let result = try #require(value("10^{10^{10}}"))
        #expect(result.real.isNaN)
    }
}
