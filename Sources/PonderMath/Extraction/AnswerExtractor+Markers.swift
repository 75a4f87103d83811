package import PonderCore

extension AnswerExtractor {
    private static let answerWord = Array("answer".utf8)
    private static let answerIsWords = Array("answer is".utf8)
    private static let hashes = Array("####".utf8)

    /// Longest stretch after a marker that is read, in bytes.
    private static let maximumContentLength = 2_000

    /// Longest text before an answer label on its line, in bytes (Markdown, `\textbf{`, "the final").
    private static let maximumLabelPrefix = 32

    /// Words after "answer is" that say something about the answer rather than give it
    /// ("the answer is correct", "the answer is not an integer"): the marker is not taken as one.
    private static let commentWords: Set<String> = [
        "correct", "incorrect", "consistent", "reasonable", "valid", "invalid", "right", "wrong", "not",
        "that", "to", "in", "an", "the", "likely", "probably", "as", "based", "given", "also", "still", "found",
        "obtained", "verified", "confirmed", "either", "being", "determined", "what", "when", "where", "which",
        "how", "of", "for", "at", "on", "because", "if", "unique",
    ]

    /// Words that may stand between "answer is" and the answer (`the answer is therefore 12`).
    private static let fillerWords: Set<String> = ["therefore", "thus", "hence", "then", "so", "indeed", "clearly"]

    /// Headings words after `####` that make the line a Markdown heading, not a GSM8K answer.
    private static let headingWords: Set<String> = [
        "answer", "solution", "step", "steps", "conclusion", "summary", "verification", "final", "check", "result",
    ]

    /// Prose words allowed in a marked answer without maths (`Answer: 12 square units`, `No solution`).
    private static let maximumProseWords = 4

    /// The answer after the last marker of `rule` (``ExtractedAnswer/Rule/answerLabel`` or
    /// ``ExtractedAnswer/Rule/answerIs``) that marks one.
    func markedAnswer(_ text: OutputText, rule: ExtractedAnswer.Rule) -> String? {
        let pattern = rule == .answerLabel ? AnswerExtractor.answerWord : AnswerExtractor.answerIsWords
        var end = text.count
        var tried = 0
        while tried < AnswerExtractor.maximumMarkers, let index = text.lastIndex(ofLowercased: pattern, before: end) {
            tried += 1
            end = index
            let after = index + pattern.count
            guard !text.followsLetter(index), after >= text.count || !OutputText.isLetter(text.bytes[after]) else {
                continue
            }
            let start = rule == .answerLabel ? labelContentStart(text, marker: index, after: after) : after
            if let start, let answer = markedContent(text, from: start, nested: rule == .answerLabel) {
                return answer
            }
        }
        return nil
    }

    /// Where the answer after the word "answer" at `marker` starts when it is a label: a line that
    /// starts with the label (after Markdown marks, `\textbf{`, "final", "the final" or "my final"),
    /// and the answer after its colon (`Answer:`, `**Answer**:`), or on the next line when the label
    /// is a heading alone on its line (`### Final Answer`, `**Final Answer**`).
    private func labelContentStart(_ text: OutputText, marker: Int, after: Int) -> Int? {
        // The longest prefix allowed is `> **\textbf{The Final ` and a few spaces.
        let earliest = max(0, marker - AnswerExtractor.maximumLabelPrefix)
        var lineStart = marker
        while lineStart > earliest, text.bytes[lineStart - 1] != OutputText.newline { lineStart -= 1 }
        guard lineStart == 0 || text.bytes[lineStart - 1] == OutputText.newline else { return nil }
        var prefix = text.string(lineStart..<marker).lowercased()
        for mark in ["\\textbf{", "#", "*", "_", ">", " ", "\t"] { prefix = prefix.replacingText(mark, with: "") }
        guard ["", "final", "thefinal", "myfinal"].contains(prefix) else { return nil }
        let position = text.skipping("*_}", from: after)
        if position < text.count, text.bytes[position] == UInt8(ascii: ":") { return position + 1 }
        let lineEnd = text.lineEnd(from: after, limit: after + AnswerExtractor.maximumContentLength)
        guard text.skipping("*_#:}", from: after) == lineEnd, lineEnd < text.count,
            text.bytes[lineEnd] == OutputText.newline
        else { return nil }
        return lineEnd
    }

    /// The answer that a marker introduces, reading from `start` (see ``AnswerExtractor``): a maths span
    /// right away (with the spans joined to it by commas, "and", "or"), else the sentence's last group of
    /// spans, else its text when that has at most four prose words. `nested` lets a label's text hold an
    /// "answer is" (`Final Answer: The final answer is 12`).
    private func markedContent(_ text: OutputText, from start: Int, nested: Bool) -> String? {
        var position = text.skipping("*_:}", from: start)
        if position < text.count, text.bytes[position] == OutputText.newline {
            position = text.skipping("*_", from: text.skipping(from: position, crossingLines: true))
        }
        guard position < text.count else { return nil }
        let limit = min(text.count, position + AnswerExtractor.maximumContentLength)
        if let span = MathSpan.starting(at: position, in: text) {
            let lineEnd = max(text.lineEnd(from: span.whole.upperBound, limit: limit), span.whole.upperBound)
            let group = spanGroup(MathSpan.all(in: position..<lineEnd, of: text), in: text, fromFirst: true)
            return group ?? text.string(span.content)
        }
        var sentence = position..<text.lineEnd(from: position, limit: limit)
        let spans = MathSpan.all(in: sentence, of: text)
        if let stop = sentenceEnd(text, in: sentence, outside: spans) { sentence = sentence.lowerBound..<stop }
        let sentenceSpans = spans.filter { $0.whole.upperBound <= sentence.upperBound }
        if let group = spanGroup(sentenceSpans, in: text, fromFirst: false) { return group }
        if nested, let inner = text.lastIndex(ofLowercased: AnswerExtractor.answerIsWords, before: sentence.upperBound),
            inner >= sentence.lowerBound
        {
            return markedContent(text, from: inner + AnswerExtractor.answerIsWords.count, nested: false)
        }
        return plainAnswer(text.string(text.trimmed(sentence)))
    }

    /// The content of the first (or last) span together with the spans joined to it by connectives,
    /// as a comma-separated list.
    private func spanGroup(_ spans: [MathSpan], in text: OutputText, fromFirst: Bool) -> String? {
        guard !spans.isEmpty else { return nil }
        var group = fromFirst ? [spans[0]] : [spans[spans.count - 1]]
        if fromFirst {
            for next in spans.dropFirst() {
                guard let last = group.last,
                    AnswerExtractor.joinsSpans(text.string(last.whole.upperBound..<next.whole.lowerBound))
                else { break }
                group.append(next)
            }
        } else {
            for previous in spans.dropLast().reversed() {
                guard let first = group.first,
                    AnswerExtractor.joinsSpans(text.string(previous.whole.upperBound..<first.whole.lowerBound))
                else { break }
                group.insert(previous, at: 0)
            }
        }
        let contents = group.map { text.string($0.content).trimmingSpaces() }.filter { !$0.isEmpty }
        return contents.isEmpty ? nil : contents.joined(separator: ", ")
    }

    private static func joinsSpans(_ gap: String) -> Bool {
        let words = gap.replacingText(" ", with: "").lowercased()
        return ["", ",", "and", "or", ",and", ";"].contains(words)
    }

    /// The index of the first `. ` (a period followed by a space or the line end) outside the spans.
    private func sentenceEnd(_ text: OutputText, in range: Range<Int>, outside spans: [MathSpan]) -> Int? {
        var spanIndex = 0
        var index = range.lowerBound
        while index < range.upperBound {
            if spanIndex < spans.count, index >= spans[spanIndex].whole.lowerBound {
                index = spans[spanIndex].whole.upperBound
                spanIndex += 1
                continue
            }
            if text.bytes[index] == UInt8(ascii: "."),
                index + 1 >= range.upperBound || OutputText.isBlank(text.bytes[index + 1])
            {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Marked text without maths, when it reads as an answer: at most four prose words, none of them a
    /// comment on the answer (`correct`, `not`), leading fillers (`therefore`) dropped.
    private func plainAnswer(_ raw: String) -> String? {
        var words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        while let first = words.first, AnswerExtractor.fillerWords.contains(AnswerExtractor.bare(first)) {
            words.removeFirst()
        }
        guard let first = words.first, !AnswerExtractor.commentWords.contains(AnswerExtractor.bare(first)) else {
            return nil
        }
        let prose = words.filter { word in
            !word.hasPrefix("\\") && !word.contains(where: \.isNumber) && word.filter(\.isLetter).count >= 2
        }
        guard prose.count <= AnswerExtractor.maximumProseWords else { return nil }
        return words.joined(separator: " ")
    }

    /// A word lower-cased without surrounding punctuation and bold marks.
    private static func bare(_ word: String) -> String {
        String(word.lowercased().drop { !$0.isLetter }.reversed().drop { !$0.isLetter }.reversed())
    }

    // MARK: - GSM8K

    /// The content of the last line starting `####` that is not a Markdown heading.
    func hashMarker(_ text: OutputText) -> String? {
        var end = text.count
        var tried = 0
        while tried < AnswerExtractor.maximumMarkers,
            let index = text.lastIndex(of: AnswerExtractor.hashes, before: end)
        {
            tried += 1
            end = index
            var lineStart = index
            while lineStart > 0, OutputText.isBlank(text.bytes[lineStart - 1]) { lineStart -= 1 }
            let after = index + AnswerExtractor.hashes.count
            guard lineStart == 0 || text.bytes[lineStart - 1] == OutputText.newline, after < text.count,
                text.bytes[after] != UInt8(ascii: "#")
            else { continue }
            let lineEnd = text.lineEnd(from: after, limit: after + AnswerExtractor.maximumContentLength)
            let content = text.trimmed(text.skipping(from: after)..<lineEnd)
            guard !content.isEmpty else { continue }
            if let span = MathSpan.starting(at: content.lowerBound, in: text) { return text.string(span.content) }
            let line = text.string(content)
            if OutputText.isLetter(text.bytes[content.lowerBound]) {
                let words = line.split(separator: " ")
                guard words.count == 1, let word = words.first,
                    !AnswerExtractor.headingWords.contains(AnswerExtractor.bare(String(word)))
                else { continue }
            }
            return line
        }
        return nil
    }
}
