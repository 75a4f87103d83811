/// Rewrites numbers to one spelling: thousands separators (`1,000`, `1{,}000`, `1\,000`, also after a
/// short `x =` prefix) removed, number words (`twelve`, `one hundred five`) as digits, `infinity`/`inf`
/// as `\infty`, `\emptyset`/`\varnothing` as `\{\}`, `\mathbb{R}` as `(-\infty,\infty)`, and a braced
/// one-digit base subscript unbraced (`52_{8}` → `52_8`). Base subscripts are kept: they are part of
/// the value (`31_4` is thirteen, see ``NumericEquivalence``).
struct NumberFormats: NormalisationStep {
    private static let sets = TextReplacements([
        ("\\emptyset", "\\{\\}"), ("\\varnothing", "\\{\\}"), ("\\mathbb{R}", "(-\\infty,\\infty)"),
        ("\\mathbb R", "(-\\infty,\\infty)"), ("\\reals", "(-\\infty,\\infty)"),
    ])

    func apply(_ text: String) -> String {
        var result = NumberFormats.unbracingBaseSubscript(text.replacingText("{,}", with: ""))
        if NumberFormats.isSeparatedNumber(result) {
            result = result.replacingText(",", with: "")
        } else if let equals = result.firstIndex(of: "="), result.distance(from: result.startIndex, to: equals) <= 3,
            NumberFormats.isSeparatedNumber(String(result[result.index(after: equals)...]).trimmingSpaces())
        {
            // `x = 58,500`: a single-variable equation whose value is a grouped number.
            result = result.replacingText(",", with: "")
        }
        if let words = NumberWords.value(of: result) { return String(words) }
        result = result.replacingEach(NumberFormats.sets)
        let lower = result.lowercased()
        if lower == "infinity" || lower == "inf" || lower == "+\\infty" { return "\\infty" }
        if lower == "-infinity" || lower == "-inf" { return "-\\infty" }
        return result
    }

    /// `digits_{b}` → `digits_b` for a one-digit base after a whole number (`52_{8}` → `52_8`), so that
    /// both spellings normalise alike. The subscript is kept: it is part of the value (`31_4` is 13;
    /// see ``LatexParser``). Subscripts of letters (`a_{1}`) and two-digit bases (`A_{16}`) stay.
    static func unbracingBaseSubscript(_ text: String) -> String {
        guard text.containsText("_{") else { return text }
        let characters = Array(text)
        var output: [Character] = []
        output.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            output.append(character)
            index += 1
            guard character == "_", index + 2 < characters.count, characters[index] == "{",
                characters[index + 1].isASCIIDigit, characters[index + 2] == "}",
                let previous = output.dropLast().last, previous.isASCIIDigit
            else { continue }
            // The digit run must be a number of its own, not part of a name or decimal.
            var start = output.count - 2
            while start > 0, output[start - 1].isASCIIDigit { start -= 1 }
            if start > 0, output[start - 1].isLetter || "_.\\".contains(output[start - 1]) { continue }
            output.append(characters[index + 1])
            index += 3
        }
        return String(output)
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
