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
        value = FNV1a.hash64(words: tokens.lazy.map { UInt64(UInt32(bitPattern: $0)) })
    }

    /// The key of a text (FNV-1a over its UTF-8 bytes).
    public init(text: String) {
        value = FNV1a.hash64(text.utf8)
    }

    public var description: String { String(value, radix: 16) }
}
