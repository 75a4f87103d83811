/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64).
///
/// Everything random in Ponder draws from one of these: token sampling (one per sequence), the grader's
/// evaluation points, retry jitter, stratified samples and bootstrap resamples. The same seed gives the same
/// tokens, verdicts, samples and confidence intervals on every machine and toolchain: unlike the standard
/// library's `shuffle(using:)` and `random(in:using:)`, whose algorithms may change, ``nextUnit()``,
/// ``index(below:)`` and ``shuffle(_:)`` are defined here.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniformly distributed integer in `0..<upperBound` (Lemire's multiply-and-reject method).
    ///
    /// - Precondition: `upperBound > 0`.
    public mutating func index(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "an upper bound above zero")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            // 2^64 mod bound: the low products below it would make small results too likely.
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(product.high)
    }

    /// Shuffles `elements` in place (Fisher–Yates, from the back).
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for last in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(last, index(below: last + 1))
        }
    }
}
