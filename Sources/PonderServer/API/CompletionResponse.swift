public import Foundation
package import PonderCore

/// `usage`, counted honestly: every generated token of every branch is a completion token, and all but the
/// returned answers' are reasoning tokens.
package struct Usage: Encodable, Sendable, Hashable {
    package struct PromptDetails: Encodable, Sendable, Hashable {
        package var cachedTokens: Int
    }

    package struct CompletionDetails: Encodable, Sendable, Hashable {
        package var reasoningTokens: Int
    }

    package var promptTokens: Int
    package var completionTokens: Int
    package var totalTokens: Int
    package var promptTokensDetails: PromptDetails
    package var completionTokensDetails: CompletionDetails
}

/// The `ponder` block of a response: what the search did and spent.
package struct ScalingReport: Encodable, Sendable, Hashable {
    package struct ModelSpend: Encodable, Sendable, Hashable {
        package var model: String
        package var promptTokensEvaluated: Int
        package var promptTokensReused: Int
        package var generatedTokens: Int
        package var flops: Double
        package var seconds: Double
    }

    package struct Vote: Encodable, Sendable, Hashable {
        package var answer: String
        package var count: Int
        package var score: Double
    }

    package var strategy: String
    package var budget: Int
    package var beamWidth: Int?
    package var selection: String?
    package var verifier: String?
    /// `completed`, `deadline` or `cancelled`.
    package var stopReason: String
    package var answer: String?
    package var votes: [Vote]
    package var candidates: Int
    package var policy: ModelSpend
    package var verifierSpend: ModelSpend?
    package var wallSeconds: Double
    /// What an `auto` request planned: predicted bin, the configuration chosen, what it spent.
    package var plan: PlanReport?
}

/// One returned choice before it is framed for an endpoint.
package struct ChoiceText: Sendable, Hashable {
    package var index: Int
    package var text: String
    package var finishReason: String
    package var answer: String?
    /// The tokens the policy generated for this choice's text.
    package var generatedTokens: Int
}

/// `chat.completion` and `text_completion` responses and their stream chunks.
package enum CompletionResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    struct Message: Encodable {
        var role = "assistant"
        var content: String
        var reasoningContent: String?
        var refusal: String? = nil
    }

    struct ChatChoice: Encodable {
        var index: Int
        var message: Message
        var finishReason: String
    }

    struct TextChoice: Encodable {
        var index: Int
        var text: String
        var finishReason: String?
    }

    struct Body<Choice: Encodable>: Encodable {
        var id: String
        var object: String
        var created: Int
        var model: String
        var choices: [Choice]
        var usage: Usage?
        var ponder: ScalingReport?
    }

    struct Delta: Encodable {
        var role: String?
        var content: String?
        /// The progress of the search, for clients that show reasoning (DeepSeek's field name).
        var reasoningContent: String?
        /// The same text under vLLM's current field name.
        var reasoning: String?
    }

    struct ChunkChoice: Encodable {
        var index: Int
        var delta: Delta
        var finishReason: String?
    }

    /// The whole response of a non-streaming request.
    static func body(
        endpoint: CompletionRequest.Endpoint, id: String, created: Int, model: String, choices: [ChoiceText],
        usage: Usage, report: ScalingReport
    ) throws -> Data {
        switch endpoint {
        case .chat:
            try encoder.encode(
                Body(
                    id: id, object: "chat.completion", created: created, model: model,
                    choices: choices.map {
                        ChatChoice(index: $0.index, message: Message(content: $0.text), finishReason: $0.finishReason)
                    }, usage: usage, ponder: report))
        case .text:
            try encoder.encode(
                Body(
                    id: id, object: "text_completion", created: created, model: model,
                    choices: choices.map { TextChoice(index: $0.index, text: $0.text, finishReason: $0.finishReason) },
                    usage: usage, ponder: report))
        }
    }

    /// One stream chunk; `delta` for chat, `text` for text completions.
    static func chunk(
        endpoint: CompletionRequest.Endpoint, id: String, created: Int, model: String, index: Int,
        delta: Delta, finishReason: String? = nil, report: ScalingReport? = nil
    ) throws -> Data {
        switch endpoint {
        case .chat:
            try encoder.encode(
                Body(
                    id: id, object: "chat.completion.chunk", created: created, model: model,
                    choices: [ChunkChoice(index: index, delta: delta, finishReason: finishReason)], usage: nil,
                    ponder: report))
        case .text:
            try encoder.encode(
                Body(
                    id: id, object: "text_completion", created: created, model: model,
                    choices: [TextChoice(index: index, text: delta.content ?? "", finishReason: finishReason)],
                    usage: nil, ponder: report))
        }
    }

    /// The usage chunk of `stream_options.include_usage`: no choices.
    static func usageChunk(
        endpoint: CompletionRequest.Endpoint, id: String, created: Int, model: String, usage: Usage
    ) throws -> Data {
        try encoder.encode(
            Body<ChunkChoice>(
                id: id, object: endpoint == .chat ? "chat.completion.chunk" : "text_completion", created: created,
                model: model, choices: [], usage: usage, ponder: nil))
    }
}

/// OpenAI's error envelope.
package struct ErrorEnvelope: Encodable, Sendable {
    package struct Detail: Encodable, Sendable {
        package var message: String
        package var type: String
        package var param: String?
        package var code: String?

        package func encode(to encoder: any Encoder) throws {
            // `param` and `code` are always present, null when unknown, as OpenAI sends them.
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)
            try container.encode(code, forKey: .code)
        }

        private enum CodingKeys: String, CodingKey { case message, type, param, code }
    }

    package var error: Detail

    package init(_ error: ServerError) {
        self.error = Detail(
            message: error.message, type: error.code.type, param: error.code.param, code: error.code.code)
    }

    package func json() -> Data {
        (try? CompletionResponse.encoder.encode(self)) ?? Data(#"{"error":{"message":"error"}}"#.utf8)
    }
}
