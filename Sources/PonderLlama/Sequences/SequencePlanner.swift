public import PonderCore

/// Bookkeeping of which token ids each KV-cache sequence holds, so new work starts from the longest
/// cached prefix instead of decoding it again.
///
/// Pure state, no llama.cpp: the engine asks it where to start and applies its answers to the KV cache.
/// A sequence is *pinned* while a call uses it; unpinned sequences are a cache, evicted least recently
/// used first when ids or KV cells run out.
public struct SequencePlanner: Sendable {
    /// One sequence slot's contents.
    public struct Record: Sendable, Hashable {
        /// The tokens whose keys and values the cache holds for this sequence, at positions `0..<tokens.count`.
        public var tokens: [TokenID]
        /// Whether a call is using it.
        public var pinned: Bool
        /// Logical time of the last use, for LRU eviction.
        public var lastUsed: UInt64
    }

    /// Where to start a sequence for some tokens.
    public struct Source: Sendable, Hashable {
        /// The cached sequence to copy from.
        public var sequence: SequenceID
        /// How many leading tokens can be copied (positions `0..<length`).
        public var length: Int

        /// Creates a source.
        public init(sequence: SequenceID, length: Int) {
            self.sequence = sequence
            self.length = length
        }
    }

    /// The number of sequence ids.
    public let capacity: Int
    private(set) var records: [SequenceID: Record] = [:]
    private var clock: UInt64 = 0

    /// Creates a planner for `capacity` sequence ids (`0..<capacity`).
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The record of `sequence`, if it is in use.
    public func record(_ sequence: SequenceID) -> Record? { records[sequence] }

    /// Ids in use (pinned or cached).
    public var liveSequences: [SequenceID] { records.keys.sorted() }

    /// The cached sequence sharing the longest prefix with `tokens`, copying at most `limit` tokens.
    public func bestSource(for tokens: [TokenID], limit: Int) -> Source? {
        var best: Source?
        for (sequence, record) in records {
            let shared = min(Self.commonPrefixLength(record.tokens, tokens), limit)
            if shared > 0,
                shared > (best?.length ?? 0)
                    || (shared == best?.length && sequence < (best?.sequence ?? .max))
            {
                best = Source(sequence: sequence, length: shared)
            }
        }
        return best
    }

    /// What ``allocate()`` did.
    public struct Allocation: Sendable, Hashable {
        /// The new, pinned, empty sequence.
        public var sequence: SequenceID
        /// A cached sequence evicted to make room; the engine must clear it from the KV cache.
        public var evicted: SequenceID?

        /// Creates an allocation.
        public init(sequence: SequenceID, evicted: SequenceID?) {
            self.sequence = sequence
            self.evicted = evicted
        }
    }

    /// Takes a free id, or evicts the least recently used unpinned sequence; `nil` when all are pinned.
    public mutating func allocate() -> Allocation? {
        if let free = (0..<SequenceID(capacity)).first(where: { records[$0] == nil }) {
            records[free] = Record(tokens: [], pinned: true, lastUsed: tick())
            return Allocation(sequence: free, evicted: nil)
        }
        guard let victim = leastRecentlyUsedUnpinned() else { return nil }
        records[victim] = Record(tokens: [], pinned: true, lastUsed: tick())
        return Allocation(sequence: victim, evicted: victim)
    }

    /// The least recently used unpinned sequence, removed from the books; the engine must clear it.
    public mutating func evictLeastRecentlyUsed() -> SequenceID? {
        guard let victim = leastRecentlyUsedUnpinned() else { return nil }
        records[victim] = nil
        return victim
    }

    /// Records that `sequence` now holds `tokens`.
    public mutating func setTokens(_ tokens: [TokenID], of sequence: SequenceID) {
        let now = tick()
        records[sequence, default: Record(tokens: [], pinned: true, lastUsed: now)].tokens = tokens
        records[sequence]?.lastUsed = now
    }

    /// Records that `sequence` gained `token` at the next position.
    public mutating func append(_ token: TokenID, to sequence: SequenceID) {
        records[sequence]?.tokens.append(token)
    }

    /// Pins or unpins `sequence`.
    public mutating func setPinned(_ pinned: Bool, _ sequence: SequenceID) {
        let now = tick()
        records[sequence]?.pinned = pinned
        records[sequence]?.lastUsed = now
    }

    /// Unpins every sequence, keeping their contents as a cache.
    public mutating func unpinAll() {
        for sequence in records.keys { records[sequence]?.pinned = false }
    }

    /// Forgets `sequence`.
    public mutating func release(_ sequence: SequenceID) {
        records[sequence] = nil
    }

    /// Forgets every sequence.
    public mutating func removeAll() {
        records.removeAll()
    }

    private func leastRecentlyUsedUnpinned() -> SequenceID? {
        records.filter { !$0.value.pinned }.min { ($0.value.lastUsed, $0.key) < ($1.value.lastUsed, $1.key) }?.key
    }

    private mutating func tick() -> UInt64 {
        clock += 1
        return clock
    }

    /// The number of equal leading elements.
    public static func commonPrefixLength(_ a: [TokenID], _ b: [TokenID]) -> Int {
        var count = 0
        let limit = min(a.count, b.count)
        while count < limit, a[count] == b[count] { count += 1 }
        return count
    }
}
