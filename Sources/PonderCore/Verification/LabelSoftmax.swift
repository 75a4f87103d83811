import Foundation

/// The softmax over two labels (Yes/No, good/bad): how every verifier turns a pair of logits or
/// log-probabilities into a score.
public enum LabelSoftmax {
    /// P(first) from two log-probabilities (or logits): `1 / (1 + e^(second − first))`.
    public static func probabilityOfFirst(_ first: Double, _ second: Double) -> Double {
        1 / (1 + exp(second - first))
    }

    /// P(first) from a pair of logits; 0 when `pair` does not hold exactly two values.
    public static func probabilityOfFirst(_ pair: [Float]) -> Double {
        guard pair.count == 2 else { return 0 }
        return probabilityOfFirst(Double(pair[0]), Double(pair[1]))
    }
}
