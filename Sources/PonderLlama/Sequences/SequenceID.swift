/// A sequence slot in the engine's KV cache (llama.cpp's `llama_seq_id`).
public typealias SequenceID = Int32
