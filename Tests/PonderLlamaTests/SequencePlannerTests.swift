import PonderCore
import PonderLlama
import Testing

@Suite struct SequencePlannerTests {
    private func allocate(_ planner: inout SequencePlanner) -> SequenceID {
        guard let allocation = planner.allocate() else {
            Issue.record("no sequence free")
            return -1
        }
        return allocation.sequence
    }

    @Test func bestSourceIsTheLongestCachedPrefix() {
        var planner = SequencePlanner(capacity: 4)
        let a = allocate(&planner)
        let b = allocate(&planner)
        planner.setTokens([1, 2, 3], of: a)
        planner.setTokens([1, 2, 3, 4, 5], of: b)
        #expect(planner.bestSource(for: [1, 2, 3, 4, 9], limit: 5) == .init(sequence: b, length: 4))
        #expect(planner.bestSource(for: [1, 2, 7], limit: 3) == .init(sequence: a, length: 2))
        #expect(planner.bestSource(for: [9], limit: 1) == nil)
    }

    @Test func sourceLengthRespectsTheLimit() {
        var planner = SequencePlanner(capacity: 2)
        let a = allocate(&planner)
        planner.setTokens([1, 2, 3], of: a)
        // Copying all three tokens would leave nothing to decode, so no logits to sample from.
        #expect(planner.bestSource(for: [1, 2, 3], limit: 2) == .init(sequence: a, length: 2))
    }

    @Test func allocationEvictsTheLeastRecentlyUsedUnpinnedSequence() {
        var planner = SequencePlanner(capacity: 3)
        let ids = (0..<3).compactMap { _ in planner.allocate()?.sequence }
        #expect(ids == [0, 1, 2])
        #expect(planner.allocate() == nil, "all pinned")
        planner.setPinned(false, 2)
        planner.setPinned(false, 0)
        let next = planner.allocate()
        #expect(next == .init(sequence: 2, evicted: 2), "2 was unpinned first, so it is the least recently used")
        #expect(planner.record(2)?.tokens == [])
    }

    @Test func pinnedSequencesAreNeverEvicted() {
        var planner = SequencePlanner(capacity: 2)
        _ = planner.allocate()
        _ = planner.allocate()
        #expect(planner.evictLeastRecentlyUsed() == nil)
        planner.unpinAll()
        #expect(planner.evictLeastRecentlyUsed() != nil)
        #expect(planner.liveSequences.count == 1)
    }

    @Test func appendExtendsTheRecordedTokens() {
        var planner = SequencePlanner(capacity: 1)
        let a = allocate(&planner)
        planner.setTokens([5], of: a)
        planner.append(6, to: a)
        #expect(planner.record(a)?.tokens == [5, 6])
        planner.release(a)
        #expect(planner.record(a) == nil)
    }

    @Test(
        arguments: [([1, 2, 3], [1, 2, 4], 2), ([], [1], 0), ([7, 8], [7, 8], 2), ([1], [2], 0)]
            as [([TokenID], [TokenID], Int)])
    func commonPrefixLength(a: [TokenID], b: [TokenID], expected: Int) {
        #expect(SequencePlanner.commonPrefixLength(a, b) == expected)
    }
}
