import ArgumentParser
import PonderLlama
import PonderModels

/// Flags that choose and size the embedded model.
struct EngineOptions: ParsableArguments {
    @Option(
        name: .long,
        help: """
            Model: a catalog name (`ponder models list`), hf:OWNER/REPO[:FILE or QUANT] (fetched into the \
            Hugging Face cache on first use), or a GGUF path.
            """)
    var model: String = ModelCatalog.defaultModelName

    @Option(name: .long, help: "KV cells shared by all sequences; also the most tokens one solution may hold.")
    var context: Int = 16384

    @Option(name: .long, help: "The most sequences the engine keeps at once (parallel samples plus cached prefixes).")
    var maxSequences: Int = 64

    @Option(name: .long, help: "CPU threads for decoding (default: all cores).")
    var threads: Int?

    @Option(
        name: .long,
        help: "A chat template to use instead of the model's own (a llama.cpp template name such as 'chatml').")
    var chatTemplate: String?

    /// The engine configuration these flags describe, validated.
    func configuration(models: ModelResolver) throws -> EngineConfiguration {
        try EngineConfiguration(
            modelPath: models.installedPath(of: model),
            contextLength: context,
            maxSequences: maxSequences,
            threads: threads,
            chatTemplate: chatTemplate
        ).validated()
    }
}
