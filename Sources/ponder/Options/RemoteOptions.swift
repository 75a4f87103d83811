import ArgumentParser
import Foundation
import Logging
import PonderCore
import PonderRemote

/// Flags that put the policy and the verifier on servers (llama-server, vLLM, SGLang) instead of embedded
/// models. `solve` and `eval` take the same option group.
struct RemoteOptions: ParsableArguments {
    @Option(
        name: .customLong("policy-url"),
        help:
            "A server of the policy (llama-server or OpenAI-compatible, e.g. http://127.0.0.1:8000); repeat it for replicas."
    )
    var policyURLs: [String] = []

    @Option(name: .long, help: "The policy's model name on its servers (default: the first model they list).")
    var policyModelName: String?

    @Option(
        name: .customLong("verifier-url"),
        help:
            "A server of the verifier; repeat it for replicas. --verifier is then generative (a judge's Yes/No log-probabilities), pooling (vLLM /pooling, Qwen2.5-Math-PRM) or token-label (vLLM prompt log-probabilities, with --prm-format)."
    )
    var verifierURLs: [String] = []

    @Option(name: .long, help: "The verifier's model name on its servers (default: the first model they list).")
    var verifierModelName: String?

    @Option(
        name: .long,
        help:
            "The servers' API key (default: the environment variable PONDER_API_KEY, which keeps it out of the process list). Never printed or logged."
    )
    var apiKey: String?

    @Option(name: .long, help: "Seconds one server request may take, waiting and retries included.")
    var requestTimeout: Double = 600

    @Option(name: .long, help: "Most requests in flight per server (default: llama-server's slots, else 16).")
    var maxInFlight: Int?

    @Option(
        name: .long,
        help: "Tries per server request; 429, 5xx, timeouts and connection failures are retried with backoff.")
    var requestAttempts: Int = 4

    @Option(
        name: .long,
        help: "The policy's parameter count for FLOPs, e.g. 1.5e9 (default: what the server reports, else 0).")
    var policyParameters: Double?

    @Option(name: .long, help: "The verifier's parameter count for FLOPs (default: what the server reports, else 0).")
    var verifierParameters: Double?

    /// The policy's servers, or `nil` without `--policy-url`.
    func policyConfiguration() throws -> RemoteConfiguration? {
        try configuration(urls: policyURLs, model: policyModelName, parameters: policyParameters, name: "policy")
    }

    /// The verifier's servers, or `nil` without `--verifier-url`.
    func verifierConfiguration() throws -> RemoteConfiguration? {
        try configuration(
            urls: verifierURLs, model: verifierModelName, parameters: verifierParameters, name: "verifier")
    }

    private func configuration(urls: [String], model: String?, parameters: Double?, name: String) throws
        -> RemoteConfiguration?
    {
        guard !urls.isEmpty else { return nil }
        guard requestTimeout > 0, requestTimeout.isFinite else {
            throw ValidationError("Invalid request timeout '\(requestTimeout)': expected a positive number of seconds")
        }
        if let parameters, !(parameters >= 0 && parameters < 1e15) {
            throw ValidationError("Invalid \(name) parameter count '\(parameters)': expected a number such as 1.5e9")
        }
        let key = try (apiKey ?? ProcessInfo.processInfo.environment["PONDER_API_KEY"]).map(APIKey.init)
        return try RemoteConfiguration(
            endpoints: urls.map(Endpoint.init), model: model, apiKey: key,
            timeout: .milliseconds(Int64(requestTimeout * 1000)), maxInFlight: maxInFlight,
            retry: RetryPolicy(maxAttempts: requestAttempts), parameterCount: parameters.map { UInt64($0) }
        ).validated()
    }
}
