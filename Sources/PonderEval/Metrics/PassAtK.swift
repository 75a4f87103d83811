/// The unbiased pass@k estimator (Chen et al., 2021): the probability that at least one of k samples drawn
/// without replacement from n, of which c are correct, is correct: 1 − C(n − c, k) / C(n, k).
package enum PassAtK {
    /// pass@k from n samples with c correct, computed as 1 − ∏_{i = n − c + 1}^{n} (1 − k / i), which
    /// never forms the large binomials.
    ///
    /// - Precondition: 1 ≤ k ≤ n and 0 ≤ c ≤ n.
    package static func estimate(samples n: Int, correct c: Int, k: Int) -> Double {
        precondition(k >= 1 && k <= n, "k in 1...n")
        precondition(c >= 0 && c <= n, "c in 0...n")
        guard c > 0 else { return 0 }
        if n - c < k { return 1 }
        var product = 1.0
        for i in (n - c + 1)...n { product *= 1 - Double(k) / Double(i) }
        return 1 - product
    }

    /// The values of k reported for n samples: the powers of two up to n, and n itself.
    package static func reportedK(samples n: Int) -> [Int] {
        guard n >= 1 else { return [] }
        var ks: [Int] = []
        var k = 1
        while k <= n {
            ks.append(k)
            k *= 2
        }
        if ks.last != n { ks.append(n) }
        return ks
    }
}
