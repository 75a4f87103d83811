import Foundation

/// A small grader good enough to group equal answers: it normalises LaTeX spelling and compares numbers by value.
///
/// Normalisation drops spaces, `$`, `\left`/`\right`, `\!`, `\,`, a trailing period and `\text{}` wrappers,
/// unifies `\dfrac`/`\tfrac` with `\frac`, and expands `\frac12` to `\frac{1}{2}`. Two answers are
/// equivalent when the normalised strings match, or both are numbers (integers, decimals, simple
/// fractions `\frac{a}{b}` or `a/b`) equal within 1e-9 relative tolerance. So `10.50` equals `10.5` and
/// `\dfrac12` equals `\frac{1}{2}` and `0.5`. The full grader (`PonderMath.MathGrader`) replaces it.
public struct SimpleAnswerGrader: AnswerGrader {
    /// Creates the grader.
    public init() {}

    public func extractAnswer(from solution: String) -> ExtractedAnswer? {
        AnswerExtraction.extract(from: solution)
    }

    public func isEquivalent(_ lhs: String, _ rhs: String) -> Bool {
        let left = Self.normalise(lhs)
        let right = Self.normalise(rhs)
        if left == right { return true }
        guard let a = Self.numericValue(left), let b = Self.numericValue(right) else { return false }
        return abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }

    /// The normalised spelling of an answer.
    public static func normalise(_ answer: String) -> String {
        var text = answer
        for (from, to) in [
            ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\left", ""), ("\\right", ""), ("\\!", ""),
            ("\\,", ""), ("\\;", ""), ("$", ""), ("\\text{", "{"), ("\\mbox{", "{"), ("\\mathrm{", "{"),
        ] {
            text = text.replacingOccurrences(of: from, with: to)
        }
        text.removeAll { $0.isWhitespace }
        while text.hasSuffix(".") { text.removeLast() }
        text = expandShortFractions(text)
        if text.hasPrefix("{"), text.hasSuffix("}"), balanced(text.dropFirst().dropLast()) {
            text = String(text.dropFirst().dropLast())
        }
        return text.lowercased()
    }

    /// `\frac12` → `\frac{1}{2}`, `\frac1{x}` → `\frac{1}{x}`.
    private static func expandShortFractions(_ text: String) -> String {
        guard text.contains("\\frac") else { return text }
        var output = ""
        var rest = Substring(text)
        while let range = rest.range(of: "\\frac") {
            output += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            for _ in 0..<2 {
                guard let first = rest.first else { break }
                if first == "{" {
                    guard let close = matchingBrace(rest) else { break }
                    output += rest[...close]
                    rest = rest[rest.index(after: close)...]
                } else {
                    output += "{\(first)}"
                    rest = rest.dropFirst()
                }
            }
        }
        return output + rest
    }

    private static func matchingBrace(_ text: Substring) -> String.Index? {
        var depth = 0
        for index in text.indices {
            if text[index] == "{" { depth += 1 } else if text[index] == "}" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func balanced(_ text: Substring) -> Bool {
        var depth = 0
        for character in text {
            if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            if depth < 0 { return false }
        }
        return depth == 0
    }

    /// The value of a normalised numeric answer: integer, decimal, `\frac{a}{b}`, `a/b`, with optional sign.
    static func numericValue(_ text: String) -> Double? {
        var body = Substring(text.replacingOccurrences(of: ",", with: ""))
        var sign = 1.0
        if body.first == "-" {
            sign = -1
            body = body.dropFirst()
        }
        if let value = Double(body), value.isFinite, body.allSatisfy({ $0.isNumber || $0 == "." }) {
            return sign * value
        }
        if body.hasPrefix("\\frac{"), body.hasSuffix("}") {
            let inner = body.dropFirst("\\frac{".count).dropLast()
            let parts = inner.components(separatedBy: "}{")
            if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b != 0 { return sign * a / b }
        }
        let parts = body.split(separator: "/")
        if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b != 0 { return sign * a / b }
        return nil
    }
}
