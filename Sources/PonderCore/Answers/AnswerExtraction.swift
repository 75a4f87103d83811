import Foundation

/// The extraction rules every grader starts from: the last `\boxed{…}` with nested braces, then
/// "the answer is …", then the last number.
public enum AnswerExtraction {
    /// Tries the rules in order: last boxed, "answer is", last number.
    public static func extract(from text: String) -> ExtractedAnswer? {
        if let boxed = lastBoxed(in: text) { return ExtractedAnswer(text: boxed, rule: .boxed) }
        if let answer = answerIs(in: text) { return ExtractedAnswer(text: answer, rule: .answerIs) }
        if let number = lastNumber(in: text) { return ExtractedAnswer(text: number, rule: .lastNumber) }
        return nil
    }

    /// The content of the last `\boxed{…}` or `\fbox{…}` in `text` whose braces close.
    public static func lastBoxed(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        let commands = [Array("\\boxed".unicodeScalars), Array("\\fbox".unicodeScalars)]
        var index = scalars.count - 1
        while index >= 0 {
            for command in commands where index + command.count <= scalars.count
                && scalars[index..<(index + command.count)].elementsEqual(command)
            {
                if let content = braced(scalars, from: index + command.count) { return content }
            }
            index -= 1
        }
        return nil
    }

    /// The text inside the brace group starting at `start` (after optional spaces), or `nil` if it does not close.
    private static func braced(_ scalars: [Unicode.Scalar], from start: Int) -> String? {
        var index = start
        while index < scalars.count, scalars[index] == " " { index += 1 }
        guard index < scalars.count, scalars[index] == "{" else { return nil }
        var depth = 0
        var content = String.UnicodeScalarView()
        for position in index..<scalars.count {
            let scalar = scalars[position]
            if scalar == "{" {
                depth += 1
                if depth == 1 { continue }
            } else if scalar == "}" {
                depth -= 1
                if depth == 0 { return String(content).trimmingCharacters(in: .whitespacesAndNewlines) }
            }
            content.append(scalar)
        }
        return nil
    }

    /// The text after the last "answer is", up to the end of its line, without `$` and a final period.
    public static func answerIs(in text: String) -> String? {
        guard let range = text.range(of: "answer is", options: [.backwards, .caseInsensitive]) else { return nil }
        var rest = text[range.upperBound...].drop { $0 == ":" || $0.isWhitespace }
        if let end = rest.firstIndex(of: "\n") { rest = rest[..<end] }
        let answer = rest.trimmingCharacters(in: CharacterSet(charactersIn: " .$"))
        return answer.isEmpty ? nil : answer
    }

    /// The last number in `text`: optional minus, digits with optional thousands commas and one decimal point.
    public static func lastNumber(in text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        var last: String?
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]) else {
                index += 1
                continue
            }
            var start = index
            if start > 0, scalars[start - 1] == "-" { start -= 1 }
            var end = index
            while end < scalars.count,
                isDigit(scalars[end])
                    || ((scalars[end] == "," || scalars[end] == ".") && end + 1 < scalars.count && isDigit(scalars[end + 1]))
            {
                end += 1
            }
            last = String(String.UnicodeScalarView(scalars[start..<end])).replacingOccurrences(of: ",", with: "")
            index = end
        }
        return last
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
