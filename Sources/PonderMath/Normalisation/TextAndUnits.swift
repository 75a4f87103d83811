/// Removes units and unwraps text.
///
/// A trailing `\text{…}` or `\mbox{…}` group after some maths is a unit and goes (`5\text{ cm}^2`
/// → `5`), as in Qwen2.5-Math's `strip_string`. Every other text-like group is unwrapped
/// (`\text{(C)}` → `(C)`, `\textbf{Monday}` → `Monday`). The words "and"/"or" between maths become
/// commas (`1 \text{ or } 2` → `1, 2`). Finally unit words after a number are dropped
/// (`12 inches`, `4 square units`, `90 degrees`); Qwen's much longer list of MathQA units, which
/// also deletes one-letter words such as `a` or `t`, is deliberately not copied.
struct TextAndUnits: NormalisationStep {
    private static let textCommands: Set<String> = [
        "text", "textbf", "textit", "textrm", "textnormal", "mbox", "mathrm", "mathbf", "mathit", "boxed",
        "fbox", "mathsf", "texttt", "emph", "operatorname", "bold", "boldsymbol",
    ]

    private static let connectives = TextReplacements(
        [
            "\\text{ or }", "\\text{or}", "\\text{ and }", "\\text{and}", "\\text{ or}", "\\text{or }", "\\text{ and}",
            "\\text{and }", "\\mbox{ or }", "\\mbox{ and }",
        ].map { ($0, ",") })

    /// Unit words removed after a number, lower-case, singular and plural.
    static let unitWords: Set<String> = {
        let singular = [
            "unit", "square", "sq", "cubic", "cm", "mm", "km", "m", "meter", "metre", "centimeter", "centimetre",
            "millimeter", "kilometer", "inch", "inches", "in", "ft", "foot", "feet", "yard", "yd", "mile", "mi",
            "mph", "kmh", "kg", "g", "gram", "kilogram", "lb", "pound", "ounce", "oz", "liter", "litre", "ml",
            "gallon", "second", "sec", "minute", "min", "hour", "hr", "day", "week", "month", "year", "yr",
            "degree", "deg", "radian", "rad", "dollar", "cent", "percent", "point", "cents", "person", "people",
            "student", "way", "time", "page", "book", "marble", "ball", "coin", "term", "digit", "tile",
            "block", "mile", "step",
        ]
        return Set(singular + singular.map { $0 + "s" })
    }()

    func apply(_ text: String) -> String {
        var result = TextAndUnits.removingTrailingTextUnit(text)
        result = TextAndUnits.joiningConnectives(result)
        if result.containsText("\\") {
            result = BraceScanner.rewritingCommands(in: result, named: TextAndUnits.textCommands) { _, content in
                content
            }
        }
        result = TextAndUnits.removingTrailingUnitWords(result)
        return result.trimmingSpaces()
    }

    /// `maths \text{unit}` (optionally `^2`, `^3`) → `maths`, when something other than text is left.
    static func removingTrailingTextUnit(_ text: String) -> String {
        let characters = Array(text)
        var index = characters.count - 1
        while index >= 0 {
            guard characters[index] == "\\",
                let (name, nameEnd) = BraceScanner.commandName(in: characters, at: index),
                name == "text" || name == "mbox" || name == "textrm" || name == "mathrm",
                let close = BraceScanner.closingIndex(in: characters, open: nameEnd)
            else {
                index -= 1
                continue
            }
            let tail = String(characters[close...]).replacingText(" ", with: "")
            guard ["", "^2", "^3", "^{2}", "^{3}"].contains(tail) else { return text }
            let content = String(characters[(nameEnd + 1)..<(close - 1)]).trimmingSpaces()
            let head = String(characters[..<index]).trimmingSpaces()
            guard !head.isEmpty, !head.hasSuffix("\\text{"), isUnitText(content), hasMaths(head) else { return text }
            return head
        }
        return text
    }

    /// A text group that reads as a unit: letters, spaces, `^`, digits and dots, at most 3 words,
    /// and not a connective.
    private static func isUnitText(_ content: String) -> Bool {
        let words = content.split(separator: " ")
        guard !words.isEmpty, words.count <= 3 else { return false }
        let lower = content.lowercased()
        guard !["and", "or", "if", "otherwise", "none", "undefined"].contains(lower) else { return false }
        return content.allSatisfy { $0.isLetter || $0 == " " || $0 == "^" || $0.isNumber || $0 == "." || $0 == "/" }
            && content.contains { $0.isLetter }
    }

    private static func hasMaths(_ head: String) -> Bool {
        head.contains { $0.isNumber || $0 == "}" || $0 == ")" || $0 == "]" }
    }

    /// `a \text{ or } b`, `a \text{and} b`, `a or b` → `a, b` when the sides are maths.
    static func joiningConnectives(_ text: String) -> String {
        guard text.containsText("or") || text.containsText("and") else { return text }
        let result = text.replacingEach(TextAndUnits.connectives)
        let words = result.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 3, result.contains(where: { $0.isNumber || $0 == "\\" || $0 == "=" }) else {
            return result
        }
        var output: [Substring] = []
        for (position, word) in words.enumerated() {
            if (word == "or" || word == "and"), position > 0, position < words.count - 1 {
                if let last = output.last { output[output.count - 1] = last + "," }
                continue
            }
            output.append(word)
        }
        return output.joined(separator: " ")
    }

    /// Drops unit words (and a `^2`/`^3` after them) that follow a number.
    static func removingTrailingUnitWords(_ text: String) -> String {
        var result = text
        for _ in 0..<4 {
            let trimmed = result.trimmingSpaces()
            var end = trimmed.endIndex
            for power in ["^2", "^3", "^{2}", "^{3}"] where trimmed.hasSuffix(power) {
                end = trimmed.index(trimmed.endIndex, offsetBy: -power.count)
            }
            var start = end
            while start > trimmed.startIndex, trimmed[trimmed.index(before: start)].isLetter {
                start = trimmed.index(before: start)
            }
            let word = trimmed[start..<end].lowercased()
            let head = String(trimmed[..<start]).trimmingSpaces()
            guard !word.isEmpty, unitWords.contains(word), start > trimmed.startIndex,
                trimmed[trimmed.index(before: start)] == " " || trimmed[trimmed.index(before: start)].isNumber,
                let last = head.last, last.isNumber || last == "}" || unitWords.contains(lastWord(head))
            else { break }
            result = head
        }
        return result
    }

    private static func lastWord(_ text: String) -> String {
        String(text.reversed().prefix { $0.isLetter }.reversed()).lowercased()
    }
}
