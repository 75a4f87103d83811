/// Byte-level string search and replacement.
///
/// Foundation's `range(of:)`, `replacingOccurrences` and `trimmingCharacters` go through NSString
/// on Linux and dominated grading time; these work on UTF-8 bytes directly. Patterns are ASCII or
/// whole UTF-8 sequences, so byte matches never split a character.
extension String {
    /// Whether `needle` occurs in `self`.
    func containsText(_ needle: String) -> Bool {
        firstByteOffset(of: needle, from: 0) != nil
    }

    /// `self` with every occurrence of `old` replaced by `new`.
    func replacingText(_ old: String, with new: String) -> String {
        replacingEach([(old, new)])
    }

    /// `self` with occurrences of the patterns replaced in one left-to-right pass; where several
    /// patterns match at one position, the first listed wins.
    func replacingEach(_ replacements: [(String, String)]) -> String {
        TextReplacements(replacements).apply(to: self)
    }

    /// `self` rewritten by prepared replacements (see ``TextReplacements``).
    func replacingEach(_ replacements: TextReplacements) -> String {
        replacements.apply(to: self)
    }

    /// `self` without leading and trailing spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !String.isSpace($0) }),
            let last = bytes.lastIndex(where: { !String.isSpace($0) })
        else { return "" }
        if first == bytes.startIndex && bytes.index(after: last) == bytes.endIndex { return self }
        return String(self[first...last])
    }

    /// The range of the first occurrence of `needle` at or after `start`.
    func firstTextRange(of needle: String, from start: String.Index? = nil) -> Range<String.Index>? {
        let offset = start.map { utf8.distance(from: utf8.startIndex, to: $0) } ?? 0
        guard let found = firstByteOffset(of: needle, from: offset) else { return nil }
        return range(byteOffset: found, length: needle.utf8.count)
    }

    /// The range of the last occurrence of `needle`.
    func lastTextRange(of needle: String) -> Range<String.Index>? {
        let bytes = Array(utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, pattern.count <= bytes.count else { return nil }
        var index = bytes.count - pattern.count
        while index >= 0 {
            if String.matches(bytes, pattern, at: index) { return range(byteOffset: index, length: pattern.count) }
            index -= 1
        }
        return nil
    }

    private func firstByteOffset(of needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return start }
        return withContiguousUTF8 { bytes in
            guard pattern.count <= bytes.count else { return nil }
            var index = start
            while index + pattern.count <= bytes.count {
                if bytes[index] == pattern[0] {
                    var matched = true
                    for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] {
                        matched = false
                        break
                    }
                    if matched { return index }
                }
                index += 1
            }
            return nil
        }
    }

    private func withContiguousUTF8<Result>(_ body: ([UInt8]) -> Result) -> Result {
        body(Array(utf8))
    }

    private func range(byteOffset: Int, length: Int) -> Range<String.Index> {
        let lower = utf8.index(utf8.startIndex, offsetBy: byteOffset)
        let upper = utf8.index(lower, offsetBy: length)
        return lower..<upper
    }

    static func matches(_ bytes: [UInt8], _ pattern: [UInt8], at index: Int) -> Bool {
        guard index + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

/// Literal replacements prepared once as UTF-8 byte patterns, applied in one left-to-right pass.
struct TextReplacements: Sendable {
    private let patterns: [(pattern: [UInt8], replacement: [UInt8])]
    private let firstBytes: [Bool]

    /// Where several patterns match at one position, the first listed wins.
    init(_ replacements: [(String, String)]) {
        patterns = replacements.map { (Array($0.0.utf8), Array($0.1.utf8)) }
        var firstBytes = [Bool](repeating: false, count: 256)
        for (pattern, _) in patterns { if let first = pattern.first { firstBytes[Int(first)] = true } }
        self.firstBytes = firstBytes
    }

    func apply(to text: String) -> String {
        // Fast path: no byte that starts a pattern.
        let hit = text.utf8.withContiguousStorageIfAvailable { buffer in buffer.contains { firstBytes[Int($0)] } }
        if hit == false { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var changed = false
        scan: while index < bytes.count {
            if firstBytes[Int(bytes[index])] {
                for entry in patterns where String.matches(bytes, entry.pattern, at: index) {
                    output.append(contentsOf: entry.replacement)
                    index += entry.pattern.count
                    changed = true
                    continue scan
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }
}
