public import PonderCore

/// What `ponder eval --strategies auto` runs with: the planner profile, where it came from, and whether to use
/// it on a policy it was not measured on.
public struct PlannerSettings: Sendable, Hashable {
    /// The profile.
    public var profile: PlannerProfile
    /// Its source, for messages and plans (a path, or `built-in …`).
    public var source: String
    /// Whether to use it on another policy.
    public var forceProfile: Bool

    /// Creates settings.
    public init(profile: PlannerProfile, source: String, forceProfile: Bool = false) {
        self.profile = profile
        self.source = source
        self.forceProfile = forceProfile
    }

    /// The profile's identity in stored run keys: the policy it was measured on and when it was made, so runs
    /// with another profile are stored apart.
    var keyName: String {
        "\(profile.policy.name)@\(profile.provenance.created)" + (profile.fixedStrategy.map { ":\($0.rawValue)" } ?? "")
    }
}
