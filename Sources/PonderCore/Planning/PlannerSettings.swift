/// What `auto` plans with, in `ponder eval --strategies auto` and `ponder serve`: the planner profile, where it
/// came from, and whether to use it on a policy it was not measured on.
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

    /// Whether `auto` may plan for `descriptor`: the profile was measured on it, or its use elsewhere is forced.
    public func fits(_ descriptor: ModelDescriptor) -> Bool {
        forceProfile || profile.policy.matches(descriptor)
    }
}
