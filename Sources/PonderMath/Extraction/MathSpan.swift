/// A stretch of maths in model output: `$…$`, `$$…$$`, `\(…\)` or `\[…\]`.
///
/// Inline spans (`$…$`, `\(…\)`) end on their line; display spans (`$$…$$`, `\[…\]`) may run over
/// several lines. An escaped dollar (`\$5`) opens nothing. Spans longer than
/// ``maximumLength`` bytes are not recognised, so a stray delimiter cannot swallow the output.
struct MathSpan {
    /// The bytes between the delimiters.
    var content: Range<Int>
    /// The bytes from the opening delimiter to the end of the closing one.
    var whole: Range<Int>

    static let maximumLength = 4_000

    private static let delimiters: [(open: [UInt8], close: [UInt8], display: Bool)] = [
        (Array("$$".utf8), Array("$$".utf8), true),
        (Array("\\[".utf8), Array("\\]".utf8), true),
        (Array("\\(".utf8), Array("\\)".utf8), false),
        (Array("$".utf8), Array("$".utf8), false),
    ]

    /// The span opening exactly at `index`, if one does.
    static func starting(at index: Int, in text: OutputText) -> MathSpan? {
        var failures = [Int](repeating: 0, count: delimiters.count)
        return starting(at: index, in: text, upperBound: text.count, failures: &failures)
    }

    /// The span opening at `index` and closing before `upperBound`.
    ///
    /// `failures[k]` is where a search for delimiter `k`'s closer is known to have found none: an
    /// opener before it cannot close either, so scanning a range stays linear.
    private static func starting(at index: Int, in text: OutputText, upperBound: Int, failures: inout [Int])
        -> MathSpan?
    {
        guard index < upperBound else { return nil }
        if text.bytes[index] == OutputText.dollar, index > 0, text.bytes[index - 1] == OutputText.backslash {
            return nil
        }
        for (kind, delimiter) in delimiters.enumerated() where String.matches(text.bytes, delimiter.open, at: index) {
            let start = index + delimiter.open.count
            let limit = min(upperBound, start + maximumLength)
            let searchEnd = delimiter.display ? limit : text.lineEnd(from: start, limit: limit)
            if start < failures[kind], searchEnd <= failures[kind] {
                if kind == 0 { continue }
                return nil
            }
            var position = start
            while position + delimiter.close.count <= searchEnd {
                if String.matches(text.bytes, delimiter.close, at: position),
                    !(delimiter.close == [OutputText.dollar] && position > start
                        && text.bytes[position - 1] == OutputText.backslash)
                {
                    guard position > start else { break }
                    return MathSpan(content: start..<position, whole: index..<(position + delimiter.close.count))
                }
                position += 1
            }
            if position + delimiter.close.count > searchEnd { failures[kind] = searchEnd }
            // `$$` that does not close may still open an inline `$…$`; other delimiters give up.
            if kind == 0 { continue }
            return nil
        }
        return nil
    }

    /// The spans in `range`, left to right, not overlapping.
    static func all(in range: Range<Int>, of text: OutputText) -> [MathSpan] {
        var spans: [MathSpan] = []
        var failures = [Int](repeating: 0, count: delimiters.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = text.bytes[index]
            if byte == OutputText.dollar || byte == OutputText.backslash,
                let span = starting(at: index, in: text, upperBound: range.upperBound, failures: &failures)
            {
                spans.append(span)
                index = span.whole.upperBound
                continue
            }
            // Skip escaped characters (`\$`, `\\`) as a pair.
            index += byte == OutputText.backslash ? 2 : 1
        }
        return spans
    }
}
