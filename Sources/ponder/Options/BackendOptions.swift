import ArgumentParser
import Foundation
import PonderBackends
import PonderLlama
import PonderModels

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
    func configuration(models: ModelResolver = ModelResolver.standard()) throws -> BackendConfiguration {
        let policy: BackendConfiguration.Policy
        if let remotePolicy = try remote.policyConfiguration() {
            policy = .remote(remotePolicy)
        } else {
            policy = .local(try engine.configuration(models: models))
        }
        let verifier = try verifier.configuration(
            remote: try remote.verifierConfiguration(), models: models, threads: engine.threads)
        return BackendConfiguration(policy: policy, verifier: verifier)
    }

    /// Downloads the Hub models these flags name that the Hub cache lacks (`--model hf:…`,
    /// `--verifier-model hf:…`), drawing their progress; catalog models are left to `ponder models pull`.
    func fetchHubModels(models: ModelResolver = ModelResolver.standard()) async throws {
        let isRemotePolicy = try remote.policyConfiguration() != nil
        let isRemoteVerifier = try remote.verifierConfiguration() != nil
        let names = [isRemotePolicy ? nil : engine.model, verifier.localModel(remote: isRemoteVerifier)]
        for name in names.compactMap(\.self) where models.needsFetching(name) {
            StandardError.write("Fetching \(name) from \(models.hub.endpoint.absoluteString)\n")
            _ = try await models.fetch(name, progress: DownloadProgressView().reporter)
        }
    }
}
