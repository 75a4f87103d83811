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
    /// Evaluates each readout's tokens in one forward pass and returns the labels' logits at its positions.
    ///
    /// Each readout starts from the longest cached prefix that ends before its first read position, so a
    /// path scored again with one more step re-evaluates only that step. Sequences stay cached afterwards.
    /// - Throws: ``LlamaError`` when a readout does not fit the context or the engine's sequences, a position
    ///   is out of range, or decoding fails.
    public func readLabels(_ readouts: [LabelReadout]) throws -> [LabelLogits] {
        guard !readouts.isEmpty else { return [] }
        guard readouts.count <= configuration.maxSequences else {
            throw LlamaError.sequencesExhausted(
                needed: readouts.count, maximum: configuration.maxSequences, model: model.name)
        }
        for readout in readouts {
            try checkFits(readout.tokens.count)
            guard let first = readout.positions.first, let last = readout.positions.last,
                first >= 0, last < readout.tokens.count
            else {
                throw LlamaError.invalidConfiguration(
                    "read positions", "\(readout.positions)", expected: "positions within \(readout.tokens.count) tokens")
            }
        }
        var jobs: [PrefillJob] = []
        defer { for job in jobs { planner.setPinned(false, job.sequence) } }
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
            try prefill(jobs, state: &results) { results, job, position, batchIndex in
                guard let logits = llama_get_logits_ith(context.pointer, batchIndex) else {
                    throw LlamaError.logitsMissing(sequence: jobs[job].sequence, batchIndex: batchIndex, model: model.name)
                }
                guard let slot = readouts[job].positions.firstIndex(of: position) else { return }
                results[job].logits[slot] = readouts[job].labels.map { logits[Int($0)] }
            }
        } catch {
            for job in jobs { release(job.sequence) }
            throw error
        }
        return results
    }
}
