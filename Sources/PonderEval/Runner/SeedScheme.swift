import PonderCore

/// How an evaluation seeds each problem's samples.
///
/// Sample `i` of a search draws from the random stream of `seed(forSample: i)` of its base seed. With one base
/// seed for every problem (``shared``), sample `i` draws the same stream on every problem, so each sample
/// position keeps one style across the dataset (on math500-s100, sample 4 of majority@16 opened with "Let's …"
/// on 7 of the first 12 problems): each problem's samples are still unbiased, but the problems' draws are not
/// independent, which pass@N and the bootstrap intervals assume. ``perProblem`` gives every problem its own
/// base seed, mixed from the run's seed and the problem's id, so the draws are independent across problems
/// and still reproducible from the run's seed.
public enum SeedScheme: String, Sendable, Hashable, Codable, NamedChoice {
    /// Each problem's base seed is the run seed mixed with a hash of the problem's id (``problemSeed(run:problemID:)``).
    case perProblem = "per-problem"
    /// Every problem's base seed is the run seed (evaluations before per-problem seeds).
    case shared

    public static let optionName = "seed-scheme"

    /// The base seed of `problemID`'s samples in a run seeded with `run`.
    public func seed(run: UInt32, problemID: String) -> UInt32 {
        switch self {
        case .shared: run
        case .perProblem: Self.problemSeed(run: run, problemID: problemID)
        }
    }

    /// The run seed mixed with the problem id's 64-bit FNV-1a hash through a SplitMix64 step: stable across
    /// processes, machines and toolchains (unlike `Hasher`, which is seeded per process).
    public static func problemSeed(run: UInt32, problemID: String) -> UInt32 {
        let hash = FNV1a.hash64(problemID.utf8)
        var generator = SplitMix64(seed: hash ^ (UInt64(run) &* 0x9E37_79B9_7F4A_7C15))
        return UInt32(truncatingIfNeeded: generator.next() >> 32)
    }
}
