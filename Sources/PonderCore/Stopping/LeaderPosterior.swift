import Foundation

/// The posterior probability that the answer with the largest tally is the most likely answer, given the
/// tallies of every answer seen so far: Adaptive-Consistency's criteria (Aggarwal et al. 2023), computed
/// deterministically.
///
/// Each answer's share is modelled as Dirichlet(1 + t₁, …, 1 + t_k) (a uniform prior plus the tallies as
/// pseudo-counts; a tally is a count of samples, or in the weighted rules a sum of verifier scores).
///
/// - Two answers: the leader's share of the two, p = p₁ / (p₁ + p₂), is Beta(1 + t₁, 1 + t₂) and the
///   posterior is P(p > ½) = I_{½}(1 + t₂, 1 + t₁), the regularized incomplete beta function evaluated
///   by its continued fraction (Numerical Recipes §6.4; exact to about 1e-12). For integer tallies this is
///   the binomial sum P(Bin(t₁ + t₂ + 1, ½) ≤ t₁), which the tests check.
/// - Three or more answers: with independent Gᵢ ~ Gamma(αᵢ, 1), pᵢ = Gᵢ / ΣG is Dirichlet(α), so
///   P(p₁ > max_{j>1} pⱼ) = ∫₀^∞ g_{α₁}(x) ∏_{j>1} P(αⱼ, x) dx, a one-dimensional integral of the leader's
///   gamma density against the other answers' regularized lower incomplete gamma functions. It is computed
///   by composite Simpson's rule over the leader's density ± 12 standard deviations (outside that window the
///   density holds under 1e-12 of its mass), 2,000 intervals: no random draws, the same value every time.
enum LeaderPosterior {
    /// P(the leader's share exceeds every other answer's share); `tallies` need not be sorted. A single
    /// answer is compared with an unseen one of tally 0; no answers give 0.
    static func probability(_ tallies: [Double]) -> Double {
        let sorted = tallies.map { max(0, $0) }.sorted(by: >)
        guard let leader = sorted.first else { return 0 }
        let others = sorted.count == 1 ? [0] : Array(sorted.dropFirst())
        if others.count == 1 { return betaShareAboveHalf(leader: leader, second: others[0]) }
        return dirichletLeaderProbability(alphaLeader: 1 + leader, alphaOthers: others.map { 1 + $0 })
    }

    /// P(Beta(1 + leader, 1 + second) > ½).
    static func betaShareAboveHalf(leader: Double, second: Double) -> Double {
        regularizedIncompleteBeta(x: 0.5, a: 1 + second, b: 1 + leader)
    }

    /// P(G₁ > max Gⱼ) for independent gammas of shapes `alphaLeader` and `alphaOthers`.
    static func dirichletLeaderProbability(alphaLeader: Double, alphaOthers: [Double]) -> Double {
        let spread = 12 * alphaLeader.squareRoot()
        let lower = max(0, alphaLeader - 1 - spread)
        let upper = alphaLeader + spread + 12
        let intervals = 2_000
        let width = (upper - lower) / Double(intervals)
        let logNormalizer = logGamma(alphaLeader)
        func integrand(_ x: Double) -> Double {
            guard x > 0 else { return alphaLeader == 1 && alphaOthers.isEmpty ? 1 : 0 }
            let density = exp((alphaLeader - 1) * log(x) - x - logNormalizer)
            return alphaOthers.reduce(density) { $0 * regularizedLowerGamma(a: $1, x: x) }
        }
        var sum = integrand(lower) + integrand(upper)
        for index in 1..<intervals {
            sum += Double(index % 2 == 1 ? 4 : 2) * integrand(lower + Double(index) * width)
        }
        return min(1, max(0, sum * width / 3))
    }

    // MARK: - Special functions

    /// ln Γ(x) for x > 0: the Lanczos approximation (g = 7, nine coefficients), accurate to about 1e-15
    /// relative, with the reflection-free shift for x < ½.
    static func logGamma(_ x: Double) -> Double {
        let coefficients: [Double] = [
            0.999_999_999_999_809_93, 676.520_368_121_885_1, -1_259.139_216_722_402_8, 771.323_428_777_653_13,
            -176.615_029_162_140_59, 12.507_343_278_686_905, -0.138_571_095_265_720_12,
            9.984_369_578_019_571_6e-6, 1.505_632_735_149_311_6e-7,
        ]
        if x < 0.5 {
            // Γ(x) Γ(1 − x) = π / sin(πx).
            return log(Double.pi / abs(sin(Double.pi * x))) - logGamma(1 - x)
        }
        let shifted = x - 1
        var sum = coefficients[0]
        for index in 1..<coefficients.count { sum += coefficients[index] / (shifted + Double(index)) }
        let t = shifted + 7.5
        return 0.5 * log(2 * Double.pi) + (shifted + 0.5) * log(t) - t + log(sum)
    }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1.
    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = logGamma(a + b) - logGamma(a) - logGamma(b)
        let logFront: Double = logBeta + a * log(x) + b * log(1 - x)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction of the incomplete beta function (modified Lentz's method).
    private static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-15
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            result *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return result
    }

    /// P(a, x), the regularized lower incomplete gamma function, for a > 0 and x ≥ 0: its series below
    /// x = a + 1, its continued fraction above (Numerical Recipes §6.2).
    static func regularizedLowerGamma(a: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        let logFront = a * log(x) - x - logGamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var denominator = a
            for _ in 0..<10_000 {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, sum * exp(logFront))
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(logFront) * h)
    }
}
