import CLlama
import PonderCore

/// Owns a `llama_context` and keeps its model alive for as long as the context exists.
final class LlamaContext {
    let pointer: OpaquePointer
    let memory: llama_memory_t
    let model: LlamaModel

    /// Creates a context with a unified KV cache; blocks, so call it on the engine thread.
    init(model: LlamaModel, configuration: EngineConfiguration) throws {
        var parameters = llama_context_default_params()
        parameters.n_ctx = UInt32(configuration.contextLength)
        parameters.n_batch = UInt32(max(configuration.batchSize, configuration.maxSequences))
        parameters.n_ubatch = parameters.n_batch
        parameters.n_seq_max = UInt32(configuration.maxSequences)
        parameters.n_threads = Int32(configuration.threads)
        parameters.n_threads_batch = Int32(configuration.threads)
        parameters.kv_unified = true
        parameters.no_perf = true
        guard let context = llama_init_from_model(model.pointer, parameters) else {
            throw LlamaError.contextFailed(
                model: model.name, contextLength: configuration.contextLength, sequences: configuration.maxSequences)
        }
        guard let memory = llama_get_memory(context) else {
            llama_free(context)
            throw LlamaError.contextFailed(
                model: model.name, contextLength: configuration.contextLength, sequences: configuration.maxSequences)
        }
        self.pointer = context
        self.memory = memory
        self.model = model
    }

    deinit { llama_free(pointer) }
}
