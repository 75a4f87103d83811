/// Numbers one tree search's nodes and policy samples: node ids count from 1 (the root is 0), and each sample
/// is seeded from the run's sampling seed and its own index, so a run with a fixed seed draws the same samples
/// in the same order. Beam search, DVTS and particle filtering each keep one per run.
struct NodeNumbering: Sendable {
    private var nextID = 1
    private var samples = 0

    /// A new node's id.
    mutating func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// The seed of the next sample drawn with `parameters`.
    mutating func nextSeed(_ parameters: SamplingParameters) -> UInt32 {
        defer { samples += 1 }
        return parameters.seed(forSample: samples)
    }
}
