/// The paper's absolute difficulty bins, on the policy's own pass@1 on a problem: easy 50–100%,
/// medium 10–50%, hard 0–10% (Liu et al. 2025, §3; replacing Snell et al.'s per-model quantiles).
public enum DifficultyBin: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// pass@1 ≥ 50%.
    case easy
    /// 10% ≤ pass@1 < 50%.
    case medium
    /// pass@1 < 10%.
    case hard

    /// The bin of a problem whose policy got `correct` of `samples` independent samples right; `nil`
    /// without samples. Compared exactly in integers (2c ≥ n is easy, 10c ≥ n medium).
    public init?(correct: Int, samples: Int) {
        guard samples > 0 else { return nil }
        if 2 * correct >= samples {
            self = .easy
        } else if 10 * correct >= samples {
            self = .medium
        } else {
            self = .hard
        }
    }

    /// The bin's pass@1 range, for labels.
    public var range: String {
        switch self {
        case .easy: "pass@1 ≥ 50%"
        case .medium: "10% ≤ pass@1 < 50%"
        case .hard: "pass@1 < 10%"
        }
    }

    public static func < (lhs: DifficultyBin, rhs: DifficultyBin) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
