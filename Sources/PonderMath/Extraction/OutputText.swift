/// A model's output as UTF-8 bytes, with the scanning that answer extraction needs.
///
/// Every marker and delimiter extraction looks for is ASCII, and no byte of a multi-byte UTF-8
/// sequence is ASCII, so byte positions found here always fall between characters.
struct OutputText {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var count: Int { bytes.count }

    /// The text of a byte range.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    // MARK: - Lines

    /// The index of the first byte of the line holding `index`.
    func lineStart(of index: Int) -> Int {
        var start = min(index, count)
        while start > 0, bytes[start - 1] != OutputText.newline { start -= 1 }
        return start
    }

    /// The index of the line break ending the line holding `index` (or the end of the text), looking
    /// no further than `limit`.
    func lineEnd(from index: Int, limit: Int = .max) -> Int {
        let stop = min(count, limit)
        var end = index
        while end < stop, bytes[end] != OutputText.newline { end += 1 }
        return end
    }

    /// `range` without spaces, tabs and carriage returns at either end.
    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, OutputText.isBlank(bytes[lower]) { lower += 1 }
        while upper > lower, OutputText.isBlank(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The first index at or after `index` that is not a space, tab, carriage return or one of `extra`.
    func skipping(_ extra: String = "", from index: Int, crossingLines: Bool = false) -> Int {
        let others = Array(extra.utf8)
        var position = index
        while position < count {
            let byte = bytes[position]
            if OutputText.isBlank(byte) || others.contains(byte) || (crossingLines && byte == OutputText.newline) {
                position += 1
            } else {
                break
            }
        }
        return position
    }

    // MARK: - Matching

    /// Whether the ASCII `pattern` (lower case) occurs at `index`, ignoring ASCII case.
    func matches(lowercased pattern: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + pattern.count <= count else { return false }
        for offset in 0..<pattern.count where OutputText.lowercased(bytes[index + offset]) != pattern[offset] {
            return false
        }
        return true
    }

    /// The start of the last occurrence of `pattern` (lower case) that begins before `end`, ignoring case.
    func lastIndex(ofLowercased pattern: [UInt8], before end: Int) -> Int? {
        var index = min(end, count - pattern.count + 1) - 1
        while index >= 0 {
            if OutputText.lowercased(bytes[index]) == pattern[0], matches(lowercased: pattern, at: index) {
                return index
            }
            index -= 1
        }
        return nil
    }

    /// The start of the last occurrence of `pattern` (exact bytes) that begins before `end`.
    func lastIndex(of pattern: [UInt8], before end: Int) -> Int? {
        guard !pattern.isEmpty else { return nil }
        var index = min(end, count - pattern.count + 1) - 1
        while index >= 0 {
            if bytes[index] == pattern[0], String.matches(bytes, pattern, at: index) { return index }
            index -= 1
        }
        return nil
    }

    /// The first index of `pattern` (exact bytes) in `range`.
    func firstIndex(of pattern: [UInt8], in range: Range<Int>) -> Int? {
        guard !pattern.isEmpty, range.count >= pattern.count else { return nil }
        var index = range.lowerBound
        while index + pattern.count <= range.upperBound {
            if bytes[index] == pattern[0], String.matches(bytes, pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Whether the byte before `index` is an ASCII letter.
    func followsLetter(_ index: Int) -> Bool {
        index > 0 && OutputText.isLetter(bytes[index - 1])
    }

    // MARK: - Bytes

    static let newline = UInt8(ascii: "\n")
    static let dollar = UInt8(ascii: "$")
    static let backslash = UInt8(ascii: "\\")

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }

    static func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }
}
