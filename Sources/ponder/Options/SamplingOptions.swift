import ArgumentParser
import PonderCore

/// Flags for sampling; unset flags keep the library's defaults (the paper's settings).
struct SamplingOptions: ParsableArguments {
    @Option(help: "Sampling temperature (default 0.7; CoT always uses 0).")
    var temperature: Double?

    @Option(name: .customLong("top-p"), help: "Nucleus sampling mass in (0, 1] (default 1: off).")
    var topP: Double?

    @Option(name: .customLong("top-k"), help: "Keep the K most likely tokens; 0 turns it off (default).")
    var topK: Int?

    @Option(help: "Base random seed; sample i uses a seed derived from it (default 0).")
    var seed: UInt32?

    @Option(help: "Most tokens generated per solution (default 8192).")
    var maxTokens: Int?

    @Option(help: "Most tokens generated per step (default 2048).")
    var maxStepTokens: Int?

    /// The sampling parameters these flags describe, validated.
    func parameters() throws -> SamplingParameters {
        var parameters = SamplingParameters()
        if let temperature { parameters.temperature = temperature }
        if let topP { parameters.topP = topP }
        if let topK { parameters.topK = topK }
        if let seed { parameters.seed = seed }
        if let maxTokens { parameters.maxTokens = maxTokens }
        if let maxStepTokens { parameters.maxStepTokens = maxStepTokens }
        return try parameters.validated()
    }
}
