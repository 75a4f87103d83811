/// Bins of positive counts (tokens, steps) whose edges are powers of two: ≤ 2^m, then (2^(k−1), 2^k] for
/// every k above m. With m = 0 the bins are 1, 2, 3–4, 5–8, …; with m = 6 they are ≤ 64, 65–128, 129–256, ….
package struct PowerOfTwoBins: Sendable, Hashable {
    /// The exponent m of the first bin's upper edge.
    package var firstExponent: Int

    /// Creates bins whose first holds every value up to 2^`firstExponent`.
    package init(firstExponent: Int) {
        self.firstExponent = max(firstExponent, 0)
    }

    /// The bin of `value`: 0 for values up to 2^m, else k − m for 2^(k−1) < value ≤ 2^k.
    package func index(of value: Int) -> Int {
        var upper = 1 << firstExponent
        var index = 0
        while value > upper {
            upper <<= 1
            index += 1
        }
        return index
    }

    /// The largest value in bin `index`.
    package func upperEdge(_ index: Int) -> Int { 1 << (firstExponent + index) }

    /// The bin's label: `≤64`, `65–128`, `2`, `3–4`.
    package func label(_ index: Int) -> String {
        let upper = upperEdge(index)
        guard index > 0 else { return firstExponent == 0 ? "1" : "≤\(upper)" }
        let lower = upper / 2 + 1
        return lower == upper ? "\(upper)" : "\(lower)–\(upper)"
    }
}
