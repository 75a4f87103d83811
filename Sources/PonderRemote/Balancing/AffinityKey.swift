public import PonderCore

/// What keeps related requests on one replica: a hash of the prompt (one problem's requests all start
/// with it), so the replica's prefix cache serves them all.
public struct AffinityKey: Sendable, Hashable, CustomStringConvertible {
    /// The hash value.
    public let value: UInt64

    /// Creates a key from a hash value.
    public init(_ value: UInt64) {
        self.value = value
    }

    /// The key of a token prefix (FNV-1a over the ids): stable across runs and processes.
    public init(tokens: some Sequence<TokenID>) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for token in tokens {
            hash ^= UInt64(UInt32(bitPattern: token))
            hash &*= 0x0000_0100_0000_01b3
        }
        value = hash
    }

    /// The key of a text (FNV-1a over its UTF-8 bytes).
    public init(text: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        value = hash
    }

    public var description: String { String(value, radix: 16) }
}
