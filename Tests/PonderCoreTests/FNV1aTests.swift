import PonderCore
import Testing

/// FNV-1a against the published test vectors (and an independent Python implementation for the word form).
@Suite struct FNV1aTests {
    @Test func bytesHashToThePublishedVectors() {
        #expect(FNV1a.hash64("".utf8) == 0xCBF2_9CE4_8422_2325)
        #expect(FNV1a.hash64("a".utf8) == 0xAF63_DC4C_8601_EC8C)
        #expect(FNV1a.hash64("foobar".utf8) == 0x8594_4171_F739_67E8)
        #expect(FNV1a.hash32("".utf8) == 0x811C_9DC5)
        #expect(FNV1a.hash32("a".utf8) == 0xE40C_292C)
        #expect(FNV1a.hash32("foobar".utf8) == 0xBF9C_F968)
    }

    @Test func wordsMixInWholeAndBytesAreWordsBelow256() {
        #expect(FNV1a.hash64(words: [1, 2, 70_000]) == 0xD19B_9318_68C6_CBEE)
        #expect(FNV1a.hash64(words: "foobar".utf8.map(UInt64.init)) == FNV1a.hash64("foobar".utf8))
    }
}
