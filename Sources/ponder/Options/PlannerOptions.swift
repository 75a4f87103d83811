import ArgumentParser
import PonderCore
import PonderEval

/// Flags of `--strategy auto`: the planner profile and whether to use it on another policy.
struct PlannerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Planner profile of --strategy auto: a file from ponder calibrate, or 'paper' for the paper's fixed "
                + "rule (beam search below 7B). Default: the profile shipped for the default policy.",
            valueName: "file|paper"))
    var profile: String?

    @Flag(name: .long, help: "Use the planner profile even on a policy it was not measured on.")
    var forceProfile = false

    /// The auto strategy for `generations` (and the deadline and FLOPs of `limits`) with base seed `seed`.
    func strategy(generations: Int, limits searchLimits: SearchLimits = .none, seed: UInt32) throws -> AutoStrategy {
        let limits = try PlanBudget(
            generations: generations, flops: searchLimits.flops, seconds: searchLimits.deadline.map(\.seconds))
        let (profile, source) = try ShippedProfiles.resolve(self.profile)
        return try AutoStrategy(
            profile: profile, profileSource: source, limits: limits, seed: seed, forceProfile: forceProfile)
    }

    /// The planner of `ponder eval --strategies auto`.
    func settings() throws -> PlannerSettings {
        let (profile, source) = try ShippedProfiles.resolve(self.profile)
        return PlannerSettings(profile: profile, source: source, forceProfile: forceProfile)
    }
}
