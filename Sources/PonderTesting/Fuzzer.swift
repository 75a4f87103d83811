public import Foundation
import PonderCore

/// Seeded hostile inputs for the readers of user files: random bytes, truncations, and mutations and splices
/// of valid files. The same seed gives the same inputs on every machine (``SplitMix64``).
public struct Fuzzer {
    private var generator: SplitMix64
    private let samples: [[UInt8]]

    /// Fragments that parsers of JSON Lines trip on.
    private static let tokens: [[UInt8]] =
        [
            "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1", "0", "1e999", "-0.0", "9223372036854775808",
            "\\u0000", "\\ud800", "\\", "\n", "\r\n", "\t", " ", "\"\"", "{\"a\":", "[[[[", "}}}}", "\u{0}", "é", "😀",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF]]

    /// Creates a fuzzer drawing from `seed`, mutating the valid `samples`.
    public init(seed: UInt64, samples: [Data]) {
        precondition(!samples.isEmpty, "a fuzzer needs at least one valid sample")
        generator = SplitMix64(seed: seed)
        self.samples = samples.map { Array($0) }
    }

    /// The next input.
    public mutating func next() -> Data {
        switch generator.index(below: 6) {
        case 0: return Data(randomBytes())
        case 1: return Data(truncated(sample()))
        case 2: return Data(spliced())
        default: return Data(mutated(sample()))
        }
    }

    /// Inputs every reader must survive whatever the seed: deep nesting, a huge number, a long line, a lone
    /// byte-order mark, invalid UTF-8, NUL bytes.
    public static let extremes: [Data] = [
        Data(repeating: UInt8(ascii: "["), count: 100_000),
        Data(String(repeating: "{\"a\":", count: 50_000).utf8),
        Data(("{\"problem\": \"x\", \"answer\": " + String(repeating: "9", count: 100_000) + "}\n").utf8),
        Data(("{\"gold\": \"" + String(repeating: "\\\\frac{", count: 20_000) + "\", \"pred\": \"1\"}\n").utf8),
        Data([0xEF, 0xBB, 0xBF]),
        Data([0xFF, 0xFE, 0x00, 0x7B, 0x0A]),
        Data(repeating: 0, count: 1000),
        Data(String(repeating: "\n", count: 10_000).utf8),
    ]

    private mutating func sample() -> [UInt8] { samples[generator.index(below: samples.count)] }

    private mutating func randomBytes() -> [UInt8] {
        let count = generator.index(below: 300)
        if generator.index(below: 2) == 0 {
            return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        }
        var bytes: [UInt8] = []
        while bytes.count < count { bytes += Self.tokens[generator.index(below: Self.tokens.count)] }
        return bytes
    }

    private mutating func truncated(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.prefix(generator.index(below: bytes.count + 1)))
    }

    private mutating func spliced() -> [UInt8] {
        let first = sample()
        let second = sample()
        return Array(first.prefix(generator.index(below: first.count + 1)))
            + Array(second.suffix(generator.index(below: second.count + 1)))
    }

    private mutating func mutated(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0..<(1 + generator.index(below: 8)) {
            let position = generator.index(below: bytes.count + 1)
            switch generator.index(below: 5) {
            case 0 where position < bytes.count:
                bytes[position] ^= UInt8(1) << UInt8(generator.index(below: 8))
            case 1 where position < bytes.count:
                let end = min(bytes.count, position + 1 + generator.index(below: 16))
                bytes.removeSubrange(position..<end)
            case 2:
                let start = generator.index(below: bytes.count + 1)
                let end = min(bytes.count, start + generator.index(below: 64))
                bytes.insert(contentsOf: bytes[start..<end], at: position)
            default:
                bytes.insert(contentsOf: Self.tokens[generator.index(below: Self.tokens.count)], at: position)
            }
        }
        return bytes
    }
}
