import CLlama
public import PonderCore

/// What ``LlamaEngine/readLabels(_:)`` evaluates: a token sequence and where to read which labels' logits.
public struct LabelReadout: Sendable, Hashable {
    /// The whole input.
    public var tokens: [TokenID]
    /// Positions whose next-token logits are read, ascending.
    public var positions: [Int]
    /// The label tokens whose logits are read at every position.
    public var labels: [TokenID]

    /// Creates a readout.
    public init(tokens: [TokenID], positions: [Int], labels: [TokenID]) {
        self.tokens = tokens
        self.positions = positions
        self.labels = labels
    }
}

/// The logits a readout asked for.
public struct LabelLogits: Sendable, Hashable {
    /// `logits[i][j]`: label `j`'s logit at position `i`.
    public var logits: [[Float]]
    /// Tokens evaluated and reused from the cache.
    public var usage: TokenUsage
}

extension LlamaEngine {
    /// The readout of a judging conversation: `messages` in the chat template, `labels` read after its last token.
    ///
    /// - Throws: ``LlamaError`` when the template cannot be applied or the conversation does not fit the context.
    public nonisolated func readout(of messages: [ChatMessage], labels: [TokenID]) throws -> LabelReadout {
        let text = try model.applyChatTemplate(messages, template: configuration.chatTemplate)
        let tokens = try model.tokenize(text)
        guard tokens.count < configuration.contextLength else {
            throw LlamaError.promptTooLong(
                tokens: tokens.count, contextLength: configuration.contextLength, model: model.name)
        }
        return LabelReadout(tokens: tokens, positions: [tokens.count - 1], labels: labels)
    }

    /// Evaluates each readout's tokens and returns the labels' logits at its positions.
    ///
    /// Each readout starts from the longest cached prefix that ends before its first read position, so a
    /// path scored again with one more step re-evaluates only that step. Readouts are evaluated in groups
    /// whose tokens fit the context together (one forward pass per group); a prefix that a group's readouts
    /// all share and the cache does not hold (a judge's instructions and the problem, before each solution) is
    /// evaluated once first and copied into each. A finished group's sequences stay cached but may be evicted
    /// to make room for the next, so any number of readouts that each fit the context can be read.
    /// - Throws: ``LlamaError`` when a readout does not fit the context, a position is out of range, or
    ///   decoding fails.
    public func readLabels(_ readouts: [LabelReadout]) throws -> [LabelLogits] {
        guard !readouts.isEmpty else { return [] }
        for readout in readouts {
            try checkFits(readout.tokens.count)
            guard let first = readout.positions.first, let last = readout.positions.last,
                first >= 0, last < readout.tokens.count
            else {
                throw LlamaError.invalidConfiguration(
                    "read positions", "\(readout.positions)",
                    expected: "positions within \(readout.tokens.count) tokens")
            }
        }
        var results: [LabelLogits] = []
        for group in Self.groups(
            readouts.map(\.tokens.count), cells: max(1, configuration.contextLength - configuration.batchSize),
            // One sequence left for the shared prefix, pinned while the group's sequences are started.
            sequences: max(1, configuration.maxSequences - 1))
        {
            results += try readLabelGroup(Array(readouts[group]))
        }
        return results
    }

    /// Consecutive ranges of readouts whose token counts add up to at most `cells`, each at most `sequences`
    /// long: the pinned sequences of one group always fit once every cached sequence is evicted.
    static func groups(_ counts: [Int], cells: Int, sequences: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        var used = 0
        for (index, count) in counts.enumerated() {
            if index > start, used + count > cells || index - start >= sequences {
                groups.append(start..<index)
                start = index
                used = 0
            }
            used += count
        }
        if start < counts.count { groups.append(start..<counts.count) }
        return groups
    }

    /// The shortest shared prefix worth its own decode before a group: below it, the extra pass costs about
    /// what it saves.
    static let minimumSharedPrefix = 8

    /// The length of the prefix all `readouts` share, up to the first position any of them reads.
    static func sharedPrefixLength(_ readouts: [LabelReadout]) -> Int {
        guard let first = readouts.first else { return 0 }
        var length = readouts.map { $0.positions.min() ?? 0 }.min() ?? 0
        for readout in readouts.dropFirst() where length > 0 {
            length = min(length, SequencePlanner.commonPrefixLength(first.tokens, readout.tokens))
        }
        return length
    }

    /// Decodes the prefix `readouts` share into a sequence of its own, left pinned, when at least
    /// ``minimumSharedPrefix`` of its tokens are not cached yet: the group's readouts then start from it.
    private func startSharedPrefix(of readouts: [LabelReadout]) throws -> (SequenceID, TokenUsage)? {
        guard readouts.count > 1 else { return nil }
        let length = Self.sharedPrefixLength(readouts)
        let prefix = Array(readouts[0].tokens.prefix(length))
        let cached = planner.bestSource(for: prefix, limit: length)?.length ?? 0
        guard length - cached >= Self.minimumSharedPrefix else { return nil }
        let (sequence, usage) = try startSequence(for: prefix, upTo: length)
        var none: Void = ()
        do {
            try prefill(
                [PrefillJob(sequence: sequence, tokens: prefix, start: usage.promptTokensReused, outputs: [])],
                state: &none
            ) { _, _, _, _ in }
        } catch {
            try release(sequence)
            throw error
        }
        return (sequence, usage)
    }

    /// One forward pass over readouts that fit the context and the engine's sequences together.
    private func readLabelGroup(_ readouts: [LabelReadout]) throws -> [LabelLogits] {
        var jobs: [PrefillJob] = []
        let shared = try startSharedPrefix(of: readouts)
        defer {
            for job in jobs { planner.setPinned(false, job.sequence) }
            if let (sequence, _) = shared { planner.setPinned(false, sequence) }
        }
        var results: [LabelLogits] = []
        do {
            for readout in readouts {
                let firstRead = readout.positions.min() ?? 0
                let (sequence, usage) = try startSequence(for: readout.tokens, upTo: firstRead)
                jobs.append(
                    PrefillJob(
                        sequence: sequence, tokens: readout.tokens, start: usage.promptTokensReused,
                        outputs: Set(readout.positions)))
                results.append(
                    LabelLogits(
                        logits: Array(repeating: [], count: readout.positions.count), usage: usage))
            }
            // The shared prefix's decode is charged to the first readout, which counts it as reused otherwise.
            if let (_, prefixUsage) = shared {
                results[0].usage.promptTokensEvaluated += prefixUsage.promptTokensEvaluated
                results[0].usage.promptTokensReused -= prefixUsage.promptTokensEvaluated
            }
            try prefill(jobs, state: &results) { results, job, position, batchIndex in
                guard let logits = llama_get_logits_ith(context.pointer, batchIndex) else {
                    throw LlamaError.logitsMissing(
                        sequence: jobs[job].sequence, batchIndex: batchIndex, model: model.name)
                }
                guard let slot = readouts[job].positions.firstIndex(of: position) else { return }
                results[job].logits[slot] = readouts[job].labels.map { logits[Int($0)] }
            }
        } catch {
            for job in jobs { try release(job.sequence) }
            throw error
        }
        return results
    }
}
