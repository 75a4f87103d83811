// The only file in PonderLlama with `@unchecked Sendable`. Each conformance states its invariant.

/// Carries a value produced on the engine thread back to the actor that owns it.
///
/// Invariant: the value is created on the engine thread, handed over exactly once and never touched by
/// the sender again, so it is never used from two threads at once.
struct Handover<Value>: @unchecked Sendable {
    let value: Value
}

/// Invariant: `LlamaModel` is immutable after loading. Every C function it calls (tokenize,
/// token-to-piece, chat template, metadata) reads the model and vocabulary without mutating them,
/// which llama.cpp documents as safe from several threads.
extension LlamaModel: @unchecked Sendable {}

/// Invariant: `EngineThread`'s mutable state (its queue and its stop flag) is only touched while holding
/// `condition`'s lock; its thread is started once in `init`.
extension EngineThread: @unchecked Sendable {}
