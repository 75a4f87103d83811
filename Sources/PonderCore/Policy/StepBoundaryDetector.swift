/// Finds where a step ends while its bytes arrive token by token.
///
/// A step ends with the token whose text completes the first occurrence of the delimiter that follows
/// some non-whitespace text in the step: a delimiter at the very start of a step (a blank line after a
/// blank line) does not end an empty step. The token is kept whole, so steps concatenate back to the
/// full text exactly.
public struct StepBoundaryDetector: Sendable {
    private let delimiter: [UInt8]
    private var bytes: [UInt8] = []
    private var contentStart: Int?

    /// Creates a detector for `delimiter` (default a blank line).
    public init(delimiter: String = "\n\n") {
        self.delimiter = Array(delimiter.utf8)
    }

    /// Starts a new step.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        contentStart = nil
    }

    /// Appends one token's bytes; returns whether the step is now complete.
    public mutating func append<Bytes: Collection<UInt8>>(_ piece: Bytes) -> Bool {
        let previousCount = bytes.count
        bytes.append(contentsOf: piece)
        if contentStart == nil {
            guard let index = bytes[previousCount...].firstIndex(where: { !Self.isWhitespace($0) }) else {
                return false
            }
            contentStart = index
        }
        guard let contentStart, !delimiter.isEmpty else { return false }
        // Only a window that can hold a new occurrence needs a look.
        let from = max(contentStart + 1, previousCount - delimiter.count + 1)
        return Self.contains(delimiter, in: bytes, from: from)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func contains(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Bool {
        let last = haystack.count - needle.count
        guard from <= last else { return false }
        var start = max(from, 0)
        while start <= last {
            var matched = true
            for offset in 0..<needle.count where haystack[start + offset] != needle[offset] {
                matched = false
                break
            }
            if matched { return true }
            start += 1
        }
        return false
    }
}
