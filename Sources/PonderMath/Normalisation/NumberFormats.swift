/// Rewrites numbers to one spelling: thousands separators (`1,000`, `1{,}000`, `1\,000`) removed,
/// number words (`twelve`, `one hundred five`) as digits, `infinity`/`inf` as `\infty`,
/// (also after a short `x =` prefix), `\emptyset`/`\varnothing` as `\{\}`, and `\mathbb{R}` as `(-\infty,\infty)`. A base subscript
/// on a whole-number answer is dropped (`52_8` → `52`, `1011_{2}` → `1011`): the question fixes the
/// base, and models often leave it out.
struct NumberFormats: NormalisationStep {
    private static let sets = TextReplacements([
        ("\\emptyset", "\\{\\}"), ("\\varnothing", "\\{\\}"), ("\\mathbb{R}", "(-\\infty,\\infty)"),
        ("\\mathbb R", "(-\\infty,\\infty)"), ("\\reals", "(-\\infty,\\infty)"),
    ])

    func apply(_ text: String) -> String {
        var result = NumberFormats.removingBaseSubscript(text.replacingText("{,}", with: ""))
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

    /// `digits_base` or `digits_{base}` → `digits`, wherever a whole number carries a one- or
    /// two-digit subscript (`x = 2516_8` → `x = 2516`); subscripts of letters (`a_1`) stay.
    static func removingBaseSubscript(_ text: String) -> String {
        guard text.containsText("_") else { return text }
        let characters = Array(text)
        var output: [Character] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            output.append(character)
            index += 1
            guard character == "_", let previous = output.dropLast().last, previous.isASCIIDigit else { continue }
            // The digit run must be a number of its own, not part of a name or decimal.
            var start = output.count - 2
            while start > 0, output[start - 1].isASCIIDigit { start -= 1 }
            if start > 0, output[start - 1].isLetter || output[start - 1] == "_" || output[start - 1] == "." || output[start - 1] == "\\" {
                continue
            }
            var end = index
            let braced = end < characters.count && characters[end] == "{"
            if braced { end += 1 }
            let digitsStart = end
            while end < characters.count, characters[end].isASCIIDigit, end - digitsStart < (braced ? 2 : 1) { end += 1 }
            guard end > digitsStart else { continue }
            if braced {
                guard end < characters.count, characters[end] == "}" else { continue }
                end += 1
            }
            output.removeLast()
            index = end
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
