extension AnswerExtractor {
    /// One `\boxed{…}` or `\fbox{…}`: where its command starts and ends, and its content.
    private struct Box {
        var start: Int
        var end: Int
        var content: Range<Int>
    }

    private static let boxCommands = [Array("boxed".utf8), Array("fbox".utf8)]

    /// The content of the last `\boxed` or `\fbox`, joined with the boxes before it on its line when
    /// only commas, "and" or "or" separate them.
    func boxed(_ text: OutputText) -> String? {
        guard let last = lastBox(in: text, before: text.count) else { return nil }
        var boxes = [last]
        let lineStart = text.lineStart(of: last.start)
        while boxes.count < 8, let first = boxes.first,
            let previous = lastBox(in: text, before: first.start), previous.start >= lineStart,
            previous.end <= first.start, AnswerExtractor.isConnective(text.string(previous.end..<first.start))
        {
            boxes.insert(previous, at: 0)
        }
        return boxes.map { text.string($0.content) }.joined(separator: ", ")
    }

    /// The last box whose command starts before `end`.
    private func lastBox(in text: OutputText, before end: Int) -> Box? {
        var best: Int?
        var bestCommand: [UInt8] = []
        for command in AnswerExtractor.boxCommands {
            if let index = text.lastIndex(of: command, before: end), index > (best ?? -1) {
                best = index
                bestCommand = command
            }
        }
        guard let marker = best else { return nil }
        let start = marker > 0 && text.bytes[marker - 1] == OutputText.backslash ? marker - 1 : marker
        let open = text.skipping(from: marker + bestCommand.count)
        guard open < text.count else { return nil }
        if text.bytes[open] == UInt8(ascii: "{") {
            guard let close = AnswerExtractor.closingBrace(in: text, open: open) else {
                // Unbalanced: everything after the brace, as Qwen does.
                return Box(start: start, end: text.count, content: (open + 1)..<text.count)
            }
            return Box(start: start, end: close + 1, content: (open + 1)..<close)
        }
        var stop = open
        while stop < text.count, text.bytes[stop] != OutputText.dollar, text.bytes[stop] != OutputText.newline {
            stop += 1
        }
        return Box(start: start, end: stop, content: open..<stop)
    }

    /// The index of the `}` matching the `{` at `open`, skipping escaped characters.
    static func closingBrace(in text: OutputText, open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < text.count {
            switch text.bytes[index] {
            case OutputText.backslash:
                index += 2
                continue
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return index }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// Whether `gap` between two boxes only joins them into a list: `, `, ` and `, ` or `, `\quad`; not
    /// `, or `, which restates the same answer.
    private static func isConnective(_ gap: String) -> Bool {
        var words = gap
        for layout in ["\\quad", "\\text", "\\(", "\\)", "\\,", "$", "{", "}", " ", "\t"] {
            words = words.replacingText(layout, with: "")
        }
        // ", or" restates one answer another way (`$\boxed{15\frac{39}{40}}$, or $\boxed{\frac{639}{40}}$`).
        return ["", ",", "and", "or", ",and", ";"].contains(words.lowercased())
    }
}
