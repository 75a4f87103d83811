import Foundation
import PonderLlama
import PonderModels
import Testing

/// The real default model, shared by every engine test in the process (loaded once).
enum TestModel {
    /// The installed path of catalog model `name`, or `nil`.
    static func installedPath(_ name: String) -> String? {
        let store = ModelStore.standard()
        guard let model = ModelCatalog.model(named: name), store.isInstalled(model) else { return nil }
        return store.path(of: model)
    }

    /// The installed default model's path, or `nil`.
    static let path: String? = installedPath(ModelCatalog.defaultModelName)
    /// The 1.5B verifier's path, or `nil`.
    static let verifierPath: String? = installedPath("qwen2.5-coder-1.5b")
    /// The template-less Gemma's path, or `nil`.
    static let gemmaPath: String? = installedPath("gemma-3-270m")

    /// Whether the generative-verifier tests can run.
    static var isVerifierAvailable: Bool { path != nil && verifierPath != nil }

    private static let verifierLoading = Task<LlamaEngine, any Error> {
        guard let verifierPath else { throw CancellationError() }
        return try await LlamaEngine.load(
            EngineConfiguration(modelPath: verifierPath, contextLength: 8192, maxSequences: 16))
    }

    /// The shared 1.5B verifier engine, with an empty KV cache.
    static func verifierEngine() async throws -> LlamaEngine {
        let engine = try await verifierLoading.value
        try await engine.clearCache()
        return engine
    }

    /// Whether engine tests can run.
    static var isAvailable: Bool { path != nil }

    /// Whether a missing model must fail the run (set by `make test` and CI).
    static var isRequired: Bool { ProcessInfo.processInfo.environment["PONDER_REQUIRE_MODELS"] == "1" }

    /// Context length of the shared engine.
    static let contextLength = 8192
    /// Sequences of the shared engine.
    static let maxSequences = 16

    private static let loading = Task<LlamaEngine, any Error> {
        guard let path else { throw CancellationError() }
        return try await LlamaEngine.load(
            EngineConfiguration(modelPath: path, contextLength: contextLength, maxSequences: maxSequences))
    }

    /// The shared engine, with an empty KV cache.
    static func engine() async throws -> LlamaEngine {
        let engine = try await loading.value
        try await engine.clearCache()
        return engine
    }
}

@Suite struct TestModelTests {
    @Test func defaultModelIsInstalledWhenTheRunRequiresIt() {
        if TestModel.isRequired {
            #expect(
                TestModel.isAvailable, "PONDER_REQUIRE_MODELS=1 but the default model is missing: run `make models`")
            #expect(
                TestModel.verifierPath != nil,
                "PONDER_REQUIRE_MODELS=1 but the 1.5B verifier is missing: run `make models`")
            #expect(TestModel.gemmaPath != nil, "PONDER_REQUIRE_MODELS=1 but Gemma is missing: run `make models`")
        }
    }
}

/// Every suite that runs a real model nests in this one, so they run one at a time: two model workloads
/// at once on two cores slow each other down tenfold, and they share the engines' KV caches.
@Suite(.serialized) enum RealModels {}
