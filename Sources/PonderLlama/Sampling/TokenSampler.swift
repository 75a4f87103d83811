import CLlama
import PonderCore

/// One sequence's sampler: a fast single-pass draw for plain temperature sampling (the paper's setting),
/// llama.cpp's sampler chain when top-k or top-p is on. Either way it returns the token's raw log-probability.
final class TokenSampler {
    private enum Method {
        case direct(temperature: Float)
        case chain(SamplerChain)
    }

    private let method: Method
    private var random: SplitMix64

    init(parameters: SamplingParameters, seed: UInt32) {
        random = SplitMix64(seed: UInt64(seed))
        if parameters.temperature > 0, parameters.topK > 0 || parameters.topP < 1 {
            method = .chain(SamplerChain(parameters: parameters, seed: seed))
        } else {
            method = .direct(temperature: Float(parameters.temperature))
        }
    }

    /// Samples from the logits at `batchIndex` of the last decode.
    ///
    /// - Returns: the token and its natural-log probability under the untempered distribution, or `nil`
    ///   when llama.cpp has no logits at that index.
    func sample(context: OpaquePointer, batchIndex: Int32, vocabularySize: Int32) -> (TokenID, Float)? {
        guard let logits = llama_get_logits_ith(context, batchIndex) else { return nil }
        switch method {
        case .direct(let temperature):
            var logProbability: Float = 0
            let token = ponder_sample(logits, vocabularySize, temperature, random.nextUnit(), &logProbability)
            return (token, logProbability)
        case .chain(let chain):
            let token = chain.sample(context: context, batchIndex: batchIndex)
            return (token, logits[Int(token)] - ponder_log_sum_exp(logits, vocabularySize))
        }
    }
}
