#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The probability that the leading answer is truly more likely than the runner-up, from their counts alone:
/// with a uniform prior on the leader's share `p` of the two, the posterior is Beta(leader + 1, runnerUp + 1)
/// and this is P(p > ½) (Adaptive-Consistency's Beta criterion, Aggarwal et al. 2023).
///
/// Computed exactly: for integer parameters a, b and n = a + b − 1, P(p > ½) = Σ_{j < a} C(n, j) / 2ⁿ.
public enum MajorityPosterior {
    /// P(leader's share of the top two > ½ | counts); ½ for no votes at all.
    public static func probability(leader: Int, runnerUp: Int) -> Double {
        precondition(leader >= 0 && runnerUp >= 0, "counts are never negative")
        let a = leader + 1
        let n = leader + runnerUp + 1
        // Terms in log space: C(n, j) / 2ⁿ underflows long before the counts get large.
        let logHalf = -Double(n) * log(2.0)
        var sum = 0.0
        for j in 0..<a {
            sum += exp(logBinomial(n, j) + logHalf)
        }
        return min(1, max(0, sum))
    }

    static func logBinomial(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }
}
