import CLlama
import PonderCore

/// A reusable `llama_batch` with a capacity check on every token added.
final class TokenBatch {
    private(set) var batch: llama_batch
    /// The most tokens the batch holds.
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        self.batch = llama_batch_init(Int32(capacity), 0, 1)
    }

    deinit { llama_batch_free(batch) }

    /// Tokens in the batch.
    var count: Int { Int(batch.n_tokens) }
    /// Whether another token fits.
    var isFull: Bool { count >= capacity }

    /// Empties the batch.
    func clear() { batch.n_tokens = 0 }

    /// Adds a token; returns its index in the batch (where its logits will be, if requested).
    @discardableResult
    func add(_ token: TokenID, position: Int32, sequence: SequenceID, wantsLogits: Bool) -> Int32 {
        let index = Int(batch.n_tokens)
        precondition(index < capacity, "batch capacity \(capacity) exceeded")
        batch.token[index] = token
        batch.pos[index] = position
        batch.n_seq_id[index] = 1
        batch.seq_id[index]?.pointee = sequence
        batch.logits[index] = wantsLogits ? 1 : 0
        batch.n_tokens += 1
        return Int32(index)
    }

    /// The sequences in the batch, for error messages.
    var sequences: [SequenceID] {
        Array(Set((0..<count).compactMap { batch.seq_id[$0]?.pointee })).sorted()
    }

    /// The lowest position in the batch, for error messages.
    var firstPosition: Int32 { count == 0 ? -1 : (0..<count).map { batch.pos[$0] }.min() ?? -1 }
}
