import PonderCore

/// Reads a two-label score from a server's top-k log-probabilities: P(good) / (P(good) + P(bad)), the
/// softmax over the two labels that the embedded engine takes over their logits.
///
/// A server returns only its k most likely tokens. A label missing from them is given the smallest
/// log-probability returned (an upper bound on its own), so the score keeps its direction; with both
/// missing it is 0.5.
enum LabelScore {
    /// The score at one position.
    ///
    /// - Throws: ``RemoteError`` when the distribution is empty.
    static func score(_ distribution: [TokenID: Float], good: TokenID, bad: TokenID, position: Int, endpoint: String)
        throws -> Double
    {
        guard let floor = distribution.values.min() else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint, path: "", detail: "no log-probabilities at position \(position)")
        }
        let goodLogProbability = Double(distribution[good] ?? floor)
        let badLogProbability = Double(distribution[bad] ?? floor)
        return LabelSoftmax.probabilityOfFirst(goodLogProbability, badLogProbability)
    }
}
