package import PonderCore

/// Finds the final answer in a model's full output, following Qwen2.5-Math's `extract_answer`.
///
/// Rules, first match wins:
/// 1. ``ExtractedAnswer/Rule/finalAnswerIs``: the text between "final answer is $" and "$. I hope"
///    (Llama's MATH format: "The final answer is $x$. I hope it is correct.").
/// 2. ``ExtractedAnswer/Rule/boxed``: the content of the last `\boxed{…}` or `\fbox{…}`, with
///    nested braces matched; `\boxed 5` without braces runs to the next `$` or line end.
/// 3. ``ExtractedAnswer/Rule/answerIs``: what follows the last "the answer is" / "final answer is":
///    an inline maths span (`$…$`, `\(…\)`, `\[…\]`) when it starts with one, else the rest of the line.
/// 4. ``ExtractedAnswer/Rule/lastNumber``: the last number (`-?\d*\.?\d+`, commas removed).
///
/// The result has line breaks removed and a leading `:` and trailing `.` or `/` trimmed.
/// Qwen's markers "ки" (a PRM step tag) are removed first. Output longer than
/// ``maximumInputLength`` is searched only in its last part.
package struct AnswerExtractor: Sendable {
    /// Characters of model output searched, from the end.
    package var maximumInputLength = 100_000

    package init() {}

    package func extract(from solution: String) -> ExtractedAnswer? {
        var text = solution.count > maximumInputLength ? String(solution.suffix(maximumInputLength)) : solution
        if text.containsText("ки") { text = text.replacingText("ки", with: "") }
        if let answer = finalAnswerIs(text) { return clean(answer, .finalAnswerIs) }
        if let answer = boxed(text) { return clean(answer, .boxed) }
        if let answer = answerIs(text) { return clean(answer, .answerIs) }
        if let answer = lastNumber(text) { return clean(answer, .lastNumber) }
        return nil
    }

    private func clean(_ raw: String, _ rule: ExtractedAnswer.Rule) -> ExtractedAnswer? {
        var text = raw.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces() }.joined()
        text = text.trimmingSpaces()
        if text.hasPrefix(":") { text.removeFirst() }
        while let last = text.last, last == "." || last == "/" { text.removeLast() }
        text = text.trimmingSpaces()
        return text.isEmpty ? nil : ExtractedAnswer(text: text, rule: rule)
    }

    private func finalAnswerIs(_ text: String) -> String? {
        guard let start = text.firstTextRange(of: "final answer is $"),
            let end = text.firstTextRange(of: "$. I hope", from: start.upperBound)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The content of the last `\boxed` or `\fbox`.
    func boxed(_ text: String) -> String? {
        let boxed = text.lastTextRange(of: "boxed")
        let fbox = text.lastTextRange(of: "fbox")
        guard let marker = [boxed, fbox].compactMap({ $0 }).max(by: { $0.lowerBound < $1.lowerBound }) else {
            return nil
        }
        let rest = Array(text[marker.upperBound...])
        var index = 0
        while index < rest.count, rest[index] == " " { index += 1 }
        guard index < rest.count else { return nil }
        if rest[index] == "{" {
            guard let close = BraceScanner.closingIndex(in: rest, open: index) else {
                // Unbalanced: take everything after the brace, as Qwen does.
                return String(rest[(index + 1)...])
            }
            return String(rest[(index + 1)..<(close - 1)])
        }
        let tail = rest[index...].prefix { $0 != "$" && !$0.isNewline }
        return String(tail)
    }

    private func answerIs(_ text: String) -> String? {
        let marker = text.lastTextRange(of: "he answer is") ?? text.lastTextRange(of: "final answer is")
        guard let marker else { return nil }
        var rest = Substring(text[marker.upperBound...])
        rest = rest.drop { $0 == " " || $0 == ":" }
        for (open, close) in [("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")] where rest.hasPrefix(open) {
            let body = rest.dropFirst(open.count)
            let bodyText = String(body)
            if let end = bodyText.firstTextRange(of: close) { return String(bodyText[..<end.lowerBound]) }
        }
        let line = String(rest.prefix { !$0.isNewline })
        // Stop at the end of the sentence: a period followed by a space.
        if let stop = line.firstTextRange(of: ". ") { return String(line[..<stop.lowerBound]) }
        return line
    }

    /// The last match of `-?\d*\.?\d+` after removing commas.
    private func lastNumber(_ text: String) -> String? {
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
