import Foundation
import PonderCore
import Synchronization

/// llama-server's native API: `/apply-template` and `/tokenize` render prompts; `/completion` continues token
/// ids, streamed so that every token arrives with its id and log-probability (a non-streamed reply drops the
/// probabilities of the tokens that spelled a stop string).
///
/// A token's bytes come from its entry among the top log-probabilities (the sampled token's own `bytes` are the
/// text sent, which llama-server trims around stop strings), else from `/detokenize`, cached per token id.
/// llama-server holds back a token that ends inside a UTF-8 character and never streams its id; such a reply
/// is reported as malformed rather than continued with a wrong token sequence.
struct LlamaServerBackend: GenerationBackend {
    let capabilities: ServerCapabilities
    let transport: RemoteTransport
    let apiKey: APIKey?
    let pieces = PieceCache()

    func render(_ messages: [ChatMessage], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> Prompt
    {
        let text = try await transport.post(
            "/apply-template", to: endpoint, body: LlamaApplyTemplate(messages: messages.map(WireMessage.init)),
            apiKey: apiKey, deadline: deadline, as: LlamaApplyTemplateResponse.self
        ).prompt
        // Add the beginning-of-sequence token when the model wants one, unless the template wrote it already.
        let addSpecial = !(capabilities.bosText.map { !$0.isEmpty && text.hasPrefix($0) } ?? false)
        let tokens = try await transport.post(
            "/tokenize", to: endpoint, body: LlamaTokenize(content: text, add_special: addSpecial), apiKey: apiKey,
            deadline: deadline, as: LlamaTokenizeResponse.self
        ).tokens
        return Prompt(text: text, tokens: tokens)
    }

    func renderTokens(_ messages: [ChatMessage], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> [TokenID]
    {
        try await render(messages, on: endpoint, deadline: deadline).tokens
    }

    func generate(
        _ call: GenerationCall, parameters: SamplingParameters, on endpoint: Endpoint,
        deadline: ContinuousClock.Instant,
        progress: ProgressTracker?
    ) async throws -> [GeneratedOutput] {
        let request = LlamaCompletionRequest(
            prompt: call.tokens, n_predict: call.maxTokens, n_cmpl: call.count, seed: call.seed,
            temperature: parameters.temperature, top_k: max(0, parameters.topK), top_p: parameters.topP,
            stop: call.stopAtDelimiter ? [parameters.stepDelimiter] : [])
        let collector = LlamaStreamCollector(count: call.count, endpoint: endpoint, progress: progress)
        try await transport.stream("/completion", to: endpoint, body: request, apiKey: apiKey, deadline: deadline) {
            data in
            try collector.consume(data, pieces: pieces)
        }
        var outputs = try collector.outputs()
        let missing = Set(
            outputs.flatMap { output in
                output.tokens.indices.filter { output.pieces[$0].isEmpty }.map { output.tokens[$0] }
            }
        )
        .filter { pieces[$0] == nil }
        for token in missing.sorted() {
            pieces[token] = Array(try await detokenize([token], on: endpoint, deadline: deadline).utf8)
        }
        for index in outputs.indices {
            for position in outputs[index].tokens.indices where outputs[index].pieces[position].isEmpty {
                outputs[index].pieces[position] = pieces[outputs[index].tokens[position]] ?? []
            }
        }
        return outputs
    }

    func tokenize(_ text: String, on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws -> [TokenID] {
        try await transport.post(
            "/tokenize", to: endpoint, body: LlamaTokenize(content: text, add_special: false), apiKey: apiKey,
            deadline: deadline, as: LlamaTokenizeResponse.self
        ).tokens
    }

    func detokenize(_ tokens: [TokenID], on endpoint: Endpoint, deadline: ContinuousClock.Instant) async throws
        -> String
    {
        let reply = try await transport.post(
            "/detokenize", to: endpoint, body: DetokenizeRequest(tokens: tokens), apiKey: apiKey, deadline: deadline,
            as: DetokenizeResponse.self)
        guard let text = reply.text else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/detokenize", detail: "missing field 'content'")
        }
        return text
    }

    func nextTokens(after tokens: [TokenID], topK: Int, on endpoint: Endpoint, deadline: ContinuousClock.Instant)
        async throws -> NextTokenDistribution
    {
        var request = LlamaCompletionRequest(
            prompt: tokens, n_predict: 1, seed: 0, temperature: 0, top_k: 0, top_p: 1, stop: [])
        request.stream = false
        request.n_probs = topK
        let reply = try await transport.post(
            "/completion", to: endpoint, body: request, apiKey: apiKey, deadline: deadline,
            as: LlamaCompletionResult.self)
        guard let first = reply.completion_probabilities?.first, let top = first.top_logprobs else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/completion",
                detail: "missing field 'completion_probabilities[0].top_logprobs'")
        }
        var distribution: [TokenID: Float] = [:]
        for entry in top { distribution[entry.id] = Float(entry.logprob) }
        return NextTokenDistribution(logProbabilities: distribution, usage: Self.usage(reply, generated: 1))
    }

    /// Server-reported usage: `timings.prompt_n` evaluated, `timings.cache_n` reused.
    static func usage(_ chunk: LlamaCompletionChunk, generated: Int) -> TokenUsage {
        let evaluated = chunk.timings?.prompt_n ?? chunk.tokens_evaluated ?? 0
        let reused = chunk.timings?.cache_n ?? 0
        return TokenUsage(promptTokensEvaluated: evaluated, promptTokensReused: reused, generatedTokens: generated)
    }
}

/// Gathers the streamed events of one `/completion` call, completion by completion.
final class LlamaStreamCollector: Sendable {
    private struct Sequence {
        var tokens: [TokenID] = []
        var pieces: [[UInt8]] = []
        var logProbabilities: [Float] = []
        var final: LlamaCompletionChunk?
    }

    private let count: Int
    private let endpoint: Endpoint
    private let progress: ProgressTracker?
    private let sequences: Mutex<[Sequence]>

    init(count: Int, endpoint: Endpoint, progress: ProgressTracker?) {
        self.count = count
        self.endpoint = endpoint
        self.progress = progress
        sequences = Mutex(Array(repeating: Sequence(), count: count))
    }

    /// Takes one event's JSON; learns token bytes from the top log-probabilities into `pieces`.
    func consume(_ data: [UInt8], pieces cache: PieceCache) throws {
        let chunk = try RemoteTransport.decode(
            LlamaCompletionChunk.self, from: data, endpoint: endpoint, path: "/completion")
        if let error = chunk.error {
            throw RemoteError.httpStatus(
                500, endpoint: endpoint.baseURL, path: "/completion", detail: error.message ?? "error in the stream")
        }
        let index = chunk.index ?? 0
        guard index >= 0, index < count else {
            throw RemoteError.malformedResponse(
                endpoint: endpoint.baseURL, path: "/completion",
                detail: "completion index '\(index)' but \(count) were asked for")
        }
        let added = chunk.completion_probabilities?.count ?? 0
        try sequences.withLock { sequences in
            for entry in chunk.completion_probabilities ?? [] {
                for top in entry.top_logprobs ?? [] {
                    if let bytes = top.bytes { cache[top.id] = bytes }
                }
                sequences[index].tokens.append(entry.id)
                // Empty until resolved: the entry's own bytes are the text sent, not the token's.
                sequences[index].pieces.append(cache[entry.id] ?? [])
                sequences[index].logProbabilities.append(Float(entry.logprob ?? 0))
            }
            if let ids = chunk.tokens, !ids.isEmpty, chunk.stop != true {
                let recent = sequences[index].tokens.suffix(ids.count)
                guard Array(recent) == ids else {
                    throw RemoteError.malformedResponse(
                        endpoint: endpoint.baseURL, path: "/completion",
                        detail: "token ids \(ids) disagree with the probabilities' ids \(Array(recent))")
                }
            }
            if chunk.stop == true { sequences[index].final = chunk }
        }
        if added > 0 { progress?.generated(added) }
    }

    /// The completions, once every one has its final event.
    func outputs() throws -> [GeneratedOutput] {
        try sequences.withLock { sequences in
            try sequences.enumerated().map { index, sequence in
                guard let final = sequence.final else {
                    throw RemoteError.malformedResponse(
                        endpoint: endpoint.baseURL, path: "/completion",
                        detail: "the stream ended before completion \(index) finished")
                }
                var tokens = sequence.tokens
                var pieces = sequence.pieces
                var logProbabilities = sequence.logProbabilities
                let predicted = final.tokens_predicted ?? final.timings?.predicted_n ?? tokens.count
                let end: GeneratedOutput.End
                switch final.stop_type {
                case "eos":
                    end = .endOfGeneration
                    // The end-of-generation token is streamed like any other; it is not part of the solution.
                    if !tokens.isEmpty, tokens.count == predicted {
                        tokens.removeLast()
                        pieces.removeLast()
                        logProbabilities.removeLast()
                    }
                case "word":
                    end = .stopString
                default:
                    end = .length
                }
                let streamed = sequence.tokens.count
                guard streamed == predicted else {
                    throw RemoteError.malformedResponse(
                        endpoint: endpoint.baseURL, path: "/completion",
                        detail:
                            "completion \(index) streamed \(streamed) tokens of \(predicted) (llama-server holds back tokens inside a UTF-8 character)"
                    )
                }
                // Completions after the first share the first one's prompt evaluation (its KV is copied).
                var usage = LlamaServerBackend.usage(final, generated: predicted)
                if index > 0 {
                    usage.promptTokensReused += usage.promptTokensEvaluated
                    usage.promptTokensEvaluated = 0
                }
                return GeneratedOutput(
                    tokens: tokens, pieces: pieces, logProbabilities: logProbabilities, end: end,
                    usage: usage, piecesExact: true)
            }
        }
    }
}

/// Token bytes learned from a server, by token id; the vocabulary bounds its size.
final class PieceCache: Sendable {
    private let pieces = Mutex<[TokenID: [UInt8]]>([:])

    subscript(token: TokenID) -> [UInt8]? {
        get { pieces.withLock { $0[token] } }
        set { pieces.withLock { $0[token] = newValue } }
    }
}
