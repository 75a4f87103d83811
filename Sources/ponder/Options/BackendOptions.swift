import ArgumentParser
import PonderBackends
import PonderLlama

/// Every flag that says where the policy and the verifier run; produces the one ``BackendConfiguration``
/// that `solve` and `eval` hand to the library.
struct BackendOptions: ParsableArguments {
    @OptionGroup(title: "Model")
    var engine: EngineOptions

    @OptionGroup(title: "Verifier")
    var verifier: VerifierOptions

    @OptionGroup(title: "Remote servers")
    var remote: RemoteOptions

    /// The configuration these flags describe (unvalidated: call `validated(for:)` with the workload).
    func configuration(store: ModelStore = ModelStore.standard()) throws -> BackendConfiguration {
        let policy: BackendConfiguration.Policy
        if let remotePolicy = try remote.policyConfiguration() {
            policy = .remote(remotePolicy)
        } else {
            policy = .local(try engine.configuration(store: store))
        }
        let verifier = try verifier.configuration(
            remote: try remote.verifierConfiguration(), store: store, threads: engine.threads)
        return BackendConfiguration(policy: policy, verifier: verifier)
    }
}
