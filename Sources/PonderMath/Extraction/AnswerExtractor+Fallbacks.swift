package import PonderCore

extension AnswerExtractor {
    private static let mathDelimiters = ["\\[", "\\]", "\\(", "\\)"].map { Array($0.utf8) }

    /// Longest last line, in bytes, taken as an answer.
    private static let maximumLineLength = 300

    /// Letter runs allowed in an answer line without being prose: function names and units.
    private static let mathWords: Set<String> = [
        "sin", "cos", "tan", "cot", "sec", "csc", "log", "exp", "sqrt", "arcsin", "arccos", "arctan", "sinh",
        "cosh", "tanh", "mod", "gcd", "lcm", "max", "min", "deg",
    ]

    /// The last line when it holds only an answer: a maths span that fills it (a display `\[ … \]` or
    /// `$$ … $$` may run over several lines), or text without prose words, bold marks and a final
    /// period aside. The line must not sit inside an open display or environment; with
    /// `requiringOtherLines`, some text must come before it.
    func lastLine(_ text: OutputText, requiringOtherLines: Bool) -> ExtractedAnswer? {
        var end = text.count
        while end > 0, OutputText.isBlank(text.bytes[end - 1]) || text.bytes[end - 1] == OutputText.newline {
            end -= 1
        }
        guard end > 0 else { return nil }
        var lineStart = text.lineStart(of: end - 1)
        var line = text.trimmed(lineStart..<end)
        // Bold marks and a final period around the whole line.
        var lower = line.lowerBound
        var upper = line.upperBound
        while lower < upper, text.bytes[lower] == UInt8(ascii: "*") { lower += 1 }
        while upper > lower, text.bytes[upper - 1] == UInt8(ascii: "*") || text.bytes[upper - 1] == UInt8(ascii: ".") {
            upper -= 1
        }
        line = text.trimmed(lower..<upper)
        guard !line.isEmpty else { return nil }
        let content: String
        let closer = text.string(line)
        if closer == "\\]" || closer == "$$" {
            // A display whose closing delimiter stands alone: find where it opened.
            let opener = Array((closer == "\\]" ? "\\[" : "$$").utf8)
            let earliest = max(0, lineStart - MathSpan.maximumLength)
            guard let open = text.lastIndex(of: opener, before: lineStart), open >= earliest,
                let span = MathSpan.starting(at: open, in: text), span.whole.upperBound == line.upperBound
            else { return nil }
            lineStart = text.lineStart(of: open)
            guard text.trimmed(lineStart..<open).isEmpty else { return nil }
            content = text.string(span.content)
        } else if let span = MathSpan.starting(at: line.lowerBound, in: text), span.whole.upperBound == line.upperBound
        {
            content = text.string(span.content)
        } else {
            guard line.count <= AnswerExtractor.maximumLineLength, isAnswerLine(text, line) else { return nil }
            content = text.string(line)
        }
        guard content.count <= AnswerExtractor.maximumLineLength, isOutsideOpenGroups(text, before: lineStart) else {
            return nil
        }
        if requiringOtherLines, text.trimmed(0..<lineStart).isEmpty { return nil }
        return clean(content, .lastLine)
    }

    /// Whether a line without maths delimiters reads as a bare answer: no `$`, `\[` or `\(`, no
    /// prose word (a run of three or more letters that is not a command or function name, or a
    /// capitalised word such as "So"), and not ending in `=` or `:`.
    private func isAnswerLine(_ text: OutputText, _ line: Range<Int>) -> Bool {
        let bytes = text.bytes[line]
        guard let last = bytes.last, last != UInt8(ascii: "="), last != UInt8(ascii: ":"), last != UInt8(ascii: ","),
            !bytes.contains(OutputText.dollar)
        else { return false }
        // A maths delimiter that the line does not close (`\[ x = \frac{1}{2} +`, cut off mid-display).
        for delimiter in AnswerExtractor.mathDelimiters where text.firstIndex(of: delimiter, in: line) != nil {
            return false
        }
        var index = line.lowerBound
        while index < line.upperBound {
            guard OutputText.isLetter(text.bytes[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < line.upperBound, OutputText.isLetter(text.bytes[index]) { index += 1 }
            if start > 0, text.bytes[start - 1] == OutputText.backslash { continue }
            let word = text.string(start..<index)
            if word.count >= 3, !AnswerExtractor.mathWords.contains(word.lowercased()) { return false }
            if word.count == 2, let first = word.first, first.isUppercase, word.last?.isLowercase == true {
                return false
            }
        }
        return true
    }

    /// Whether the text before `index` has closed every `\[`, `$$`, `\begin` and brace it opened.
    private func isOutsideOpenGroups(_ text: OutputText, before index: Int) -> Bool {
        var braces = 0
        var displays = 0
        var dollars = 0
        var environments = 0
        var position = 0
        let begin = Array("\\begin".utf8)
        let end = Array("\\end".utf8)
        while position < index {
            switch text.bytes[position] {
            case OutputText.backslash where position + 1 < index:
                let next = text.bytes[position + 1]
                if next == UInt8(ascii: "[") { displays += 1 }
                if next == UInt8(ascii: "]") { displays -= 1 }
                if String.matches(text.bytes, begin, at: position) { environments += 1 }
                if String.matches(text.bytes, end, at: position) { environments -= 1 }
                position += 2
                continue
            case OutputText.dollar where position + 1 < index && text.bytes[position + 1] == OutputText.dollar:
                dollars += 1
                position += 2
                continue
            case UInt8(ascii: "{"):
                braces += 1
            case UInt8(ascii: "}"):
                braces -= 1
            default:
                break
            }
            position += 1
        }
        return braces <= 0 && displays <= 0 && dollars % 2 == 0 && environments <= 0
    }

    /// The last match of `-?\d*\.?\d+` after removing commas.
    func lastNumber(_ text: String) -> String? {
        let characters = Array(text.replacingText(",", with: ""))
        var index = characters.count - 1
        while index >= 0, !characters[index].isASCIIDigit { index -= 1 }
        guard index >= 0 else { return nil }
        let end = index + 1
        while index >= 0, characters[index].isASCIIDigit { index -= 1 }
        if index >= 1, characters[index] == ".", characters[index - 1].isASCIIDigit {
            index -= 1
            while index >= 0, characters[index].isASCIIDigit { index -= 1 }
        } else if index >= 0, characters[index] == "." {
            index -= 1
        }
        if index >= 0, characters[index] == "-" { index -= 1 }
        return String(characters[(index + 1)..<end])
    }
}
