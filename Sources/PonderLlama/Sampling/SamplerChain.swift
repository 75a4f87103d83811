import CLlama
import PonderCore

/// One sequence's llama.cpp sampler chain: top-k, top-p, temperature and a seeded draw, or greedy.
final class SamplerChain {
    let pointer: UnsafeMutablePointer<llama_sampler>

    /// Builds the chain for `parameters`, seeded with `seed`.
    init(parameters: SamplingParameters, seed: UInt32) {
        var chainParameters = llama_sampler_chain_default_params()
        chainParameters.no_perf = true
        let chain: UnsafeMutablePointer<llama_sampler> = llama_sampler_chain_init(chainParameters)
        if parameters.temperature <= 0 {
            llama_sampler_chain_add(chain, llama_sampler_init_greedy())
        } else {
            if parameters.topK > 0 { llama_sampler_chain_add(chain, llama_sampler_init_top_k(Int32(parameters.topK))) }
            if parameters.topP < 1 {
                llama_sampler_chain_add(chain, llama_sampler_init_top_p(Float(parameters.topP), 1))
            }
            llama_sampler_chain_add(chain, llama_sampler_init_temp(Float(parameters.temperature)))
            llama_sampler_chain_add(chain, llama_sampler_init_dist(seed))
        }
        self.pointer = chain
    }

    deinit { llama_sampler_free(pointer) }

    /// Samples from the logits at `batchIndex` of the last decode, and records the choice in the chain.
    func sample(context: OpaquePointer, batchIndex: Int32) -> TokenID {
        llama_sampler_sample(pointer, context, batchIndex)
    }
}
