import PonderCore

extension PlannerSettings {
    /// The profile's identity in stored run keys: the policy it was measured on and when it was made, so runs
    /// with another profile are stored apart.
    var keyName: String {
        "\(profile.policy.name)@\(profile.provenance.created)" + (profile.fixedStrategy.map { ":\($0.rawValue)" } ?? "")
    }
}
