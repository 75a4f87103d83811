package import PonderCore

/// Finds the final answer in a model's full output.
///
/// Rules in order of precedence, first match wins. The first five are *explicit*: the text states
/// its answer. The last two are *fallbacks* that guess from where the text stopped, meaningful only
/// for text that ended on its own (``PonderCore/ExtractedAnswer/Rule/isExplicit``).
///
/// 1. ``ExtractedAnswer/Rule/finalAnswerIs``: the text between "final answer is $" and "$. I hope"
///    (Llama's and Minerva's MATH format: "The final answer is $x$. I hope it is correct.").
/// 2. ``ExtractedAnswer/Rule/boxed``: the content of the last `\boxed{…}` or `\fbox{…}`, with nested
///    braces matched; `\boxed 5` without braces runs to the next `$` or line end. Boxes on the last
///    box's line joined only by commas, "and" or "or" (`$\boxed{2}$ and $\boxed{-3}$`) are read
///    together as a list; ", or" restates one answer (`$\boxed{2\frac12}$, or $\boxed{\frac52}$`)
///    and only the last box is taken.
/// 3. ``ExtractedAnswer/Rule/answerLabel``: the last answer label: `Answer:`, `Final Answer:`,
///    `ANSWER:`, `**Answer:**`, `**Answer**:`, `*Final answer:*`, or a heading line holding only
///    `Answer` / `Final Answer` (`### Final Answer`, `**Final Answer**`) with the answer on the next line.
/// 4. ``ExtractedAnswer/Rule/answerIs``: the last "answer is" ("the answer is", "the final answer is",
///    "my final answer is").
/// 5. ``ExtractedAnswer/Rule/hashMarker``: the last line starting `####` (GSM8K's `#### 42`) whose
///    content is not a Markdown heading.
/// 6. ``ExtractedAnswer/Rule/lastLine``: a last line that holds only an answer: a maths span
///    (`$\frac12$`, `\[ 12 \]`), or a line without prose words (`12`, `x = 3`).
/// 7. ``ExtractedAnswer/Rule/lastNumber``: the last number (`-?\d*\.?\d+`, commas removed).
///
/// What follows a marker (rules 3 and 4) is read the same way: bold marks (`**`) and a colon are
/// skipped, a marker ending its line takes the next non-empty line; a maths span right after the
/// marker is the answer, with the spans joined to it as boxes are (`Answer: $x=2$ or $x=-3$`); otherwise the rest of the line up to the end of its sentence, where a
/// sentence with prose and maths (`Answer: The area is $12$.`) gives its last maths span and one
/// without maths must be at most five words (`Answer: 12 cm`), else the marker is not taken as one
/// (`the answer is not an integer, so we try…`) and earlier ones are tried.
///
/// The result has line breaks removed, bold marks and a leading `:` and trailing `.` or `/`
/// trimmed. Qwen's step tag "ки" is removed first. Output longer than ``maximumInputLength`` is
/// searched only in its last part, and each marker rule tries at most 64 candidate markers, so
/// extraction is linear in the output's length.
package struct AnswerExtractor: Sendable {
    /// Characters of model output searched, from the end.
    package var maximumInputLength = 100_000

    /// Marker occurrences each marker rule tries, from the last.
    static let maximumMarkers = 64

    package init() {}

    /// The answer by the first rule that finds one, explicit or fallback.
    package func extract(from solution: String) -> ExtractedAnswer? {
        let text = prepared(solution)
        if case .stated(let answer) = explicitAnswer(in: text) { return answer }
        if let line = lastLine(text, requiringOtherLines: false) { return line }
        if let number = lastNumber(String(decoding: text.bytes, as: UTF8.self)) { return clean(number, .lastNumber) }
        return nil
    }

    /// What the explicit rules found.
    enum ExplicitFinding {
        /// No explicit rule matched.
        case none
        /// A rule matched; its answer is `nil` when what it marked is empty (`\boxed{}`).
        case stated(ExtractedAnswer?)
    }

    /// The answer by the first explicit rule (1–5) that matches.
    func explicitAnswer(in text: OutputText) -> ExplicitFinding {
        if let answer = finalAnswerIs(text) { return .stated(clean(answer, .finalAnswerIs)) }
        if let answer = boxed(text) { return .stated(clean(answer, .boxed)) }
        if let answer = markedAnswer(text, rule: .answerLabel) { return .stated(clean(answer, .answerLabel)) }
        if let answer = markedAnswer(text, rule: .answerIs) { return .stated(clean(answer, .answerIs)) }
        if let answer = hashMarker(text) { return .stated(clean(answer, .hashMarker)) }
        return .none
    }

    /// The answer in text that may be a bare answer or a model's output: an explicit rule, else the
    /// last line when it holds only an answer and other lines come before it, else `nil` (the whole
    /// text is the answer). Never the last number.
    package func answerOrNil(in solution: String) -> ExtractedAnswer? {
        let text = prepared(solution)
        if case .stated(let answer) = explicitAnswer(in: text) { return answer }
        return lastLine(text, requiringOtherLines: true)
    }

    private func prepared(_ solution: String) -> OutputText {
        var text = solution.count > maximumInputLength ? String(solution.suffix(maximumInputLength)) : solution
        if text.containsText("ки") { text = text.replacingText("ки", with: "") }
        return OutputText(text)
    }

    func clean(_ raw: String, _ rule: ExtractedAnswer.Rule) -> ExtractedAnswer? {
        var text = raw.trimmingSpaces()
        if text.utf8.contains(OutputText.newline) || text.utf8.contains(UInt8(ascii: "\r")) {
            text = text.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces() }.joined()
        }
        if rule != .boxed {
            while text.hasPrefix("*") { text.removeFirst() }
            while text.hasSuffix("*") { text.removeLast() }
            text = text.trimmingSpaces()
        }
        if text.hasPrefix(":") { text.removeFirst() }
        while let last = text.last, last == "." || last == "/" { text.removeLast() }
        text = text.trimmingSpaces()
        return text.isEmpty ? nil : ExtractedAnswer(text: text, rule: rule)
    }

    // MARK: - Fixed formats

    private static let finalAnswerIsOpen = Array("final answer is $".utf8)
    private static let finalAnswerIsClose = Array("$. I hope".utf8)

    private func finalAnswerIs(_ text: OutputText) -> String? {
        guard let start = text.firstIndex(of: AnswerExtractor.finalAnswerIsOpen, in: 0..<text.count) else {
            return nil
        }
        let open = start + AnswerExtractor.finalAnswerIsOpen.count
        guard let end = text.firstIndex(of: AnswerExtractor.finalAnswerIsClose, in: open..<text.count) else {
            return nil
        }
        return text.string(open..<end)
    }
}
