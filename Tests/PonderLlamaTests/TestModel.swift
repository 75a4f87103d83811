import Foundation
import PonderLlama
import Testing

/// The real default model, shared by every engine test in the process (loaded once).
enum TestModel {
    /// The installed default model's path, or `nil`.
    static let path: String? = {
        let store = ModelStore.standard()
        guard let model = ModelCatalog.model(named: ModelCatalog.defaultModelName), store.isInstalled(model) else {
            return nil
        }
        return store.path(of: model)
    }()

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
        await engine.clearCache()
        return engine
    }
}

@Suite struct TestModelTests {
    @Test func defaultModelIsInstalledWhenTheRunRequiresIt() {
        if TestModel.isRequired {
            #expect(TestModel.isAvailable, "PONDER_REQUIRE_MODELS=1 but the default model is missing: run `ponder models pull`")
        }
    }
}
