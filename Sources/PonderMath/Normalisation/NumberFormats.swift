import Foundation

/// Rewrites numbers to one spelling: thousands separators (`1,000`, `1{,}000`, `1\,000`) removed,
/// number words (`twelve`, `one hundred five`) as digits, `infinity`/`inf` as `\infty`,
/// `\emptyset`/`\varnothing` as `\{\}`, and `\mathbb{R}` as `(-\infty,\infty)`. A base subscript
/// on a whole-number answer is dropped (`52_8` → `52`, `1011_{2}` → `1011`): the question fixes the
/// base, and models often leave it out.
struct NumberFormats: NormalisationStep {
    func apply(_ text: String) -> String {
        var result = NumberFormats.removingBaseSubscript(text.replacingOccurrences(of: "{,}", with: ""))
        if NumberFormats.isSeparatedNumber(result) { result = result.replacingOccurrences(of: ",", with: "") }
        if let words = NumberWords.value(of: result) { return String(words) }
        for (old, new) in [("\\emptyset", "\\{\\}"), ("\\varnothing", "\\{\\}"), ("\\mathbb{R}", "(-\\infty,\\infty)"),
                           ("\\mathbb R", "(-\\infty,\\infty)"), ("\\reals", "(-\\infty,\\infty)")] {
            result = result.replacingOccurrences(of: old, with: new)
        }
        let lower = result.lowercased()
        if lower == "infinity" || lower == "inf" || lower == "+\\infty" { return "\\infty" }
        if lower == "-infinity" || lower == "-inf" { return "-\\infty" }
        return result
    }

    /// `digits_base` or `digits_{base}` → `digits`.
    static func removingBaseSubscript(_ text: String) -> String {
        guard let underscore = text.firstIndex(of: "_") else { return text }
        let digits = text[..<underscore]
        var base = text[text.index(after: underscore)...]
        if base.hasPrefix("{") && base.hasSuffix("}") { base = base.dropFirst().dropLast() }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), !base.isEmpty, base.count <= 2,
            base.allSatisfy(\.isASCIIDigit)
        else { return text }
        return String(digits)
    }

    /// Whether `text` is one number written with comma thousands separators: `-1,234,567.89`.
    static func isSeparatedNumber(_ text: String) -> Bool {
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let (integerPart, hasFraction, fraction) = {
            if let point = body.firstIndex(of: ".") {
                return (body[..<point], true, body[body.index(after: point)...])
            }
            return (body, false, Substring(""))
        }()
        let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count),
            first.allSatisfy(\.isASCIIDigit),
            groups.dropFirst().allSatisfy({ $0.count == 3 && $0.allSatisfy(\.isASCIIDigit) })
        else { return false }
        return !hasFraction || (!fraction.isEmpty && fraction.allSatisfy(\.isASCIIDigit))
    }
}
