/// The Fowler–Noll–Vo FNV-1a hash, in 64 and 32 bits: the same value in every process, machine and toolchain
/// (unlike the standard library's `Hasher`, which is seeded per process).
///
/// For what must not change between runs: each problem's seed, the replica a problem's requests go to, the
/// fingerprint that tells series apart in a report's labels.
public enum FNV1a {
    /// The 64-bit hash of a byte sequence.
    public static func hash64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        hash64(words: bytes.lazy.map(UInt64.init))
    }

    /// The 64-bit hash of a sequence of words, each mixed in as one unit (one xor and one multiply per word,
    /// not per byte): for token ids, which need no byte encoding.
    public static func hash64(words: some Sequence<UInt64>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for word in words {
            hash ^= word
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// The 32-bit hash of a byte sequence.
    public static func hash32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
