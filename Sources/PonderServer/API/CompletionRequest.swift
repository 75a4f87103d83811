public import Foundation
public import PonderCore

/// A parsed `POST /v1/chat/completions` or `POST /v1/completions` body: the standard fields Ponder honours
/// and the `ponder` object of test-time-scaling settings.
public struct CompletionRequest: Sendable {
    /// Which endpoint the request came to.
    public enum Endpoint: String, Sendable {
        /// `/v1/chat/completions`.
        case chat
        /// `/v1/completions` (the prompt is the user's message).
        case text
    }

    public var endpoint: Endpoint
    /// The `model` field: a served model or an alias `MODEL@STRATEGY-N`.
    public var model: String
    /// The system messages, joined (nil when there are none).
    public var system: String?
    /// The turns before the last user message.
    public var history: [ChatMessage]
    /// The last user message: the problem.
    public var problem: String
    /// `max_completion_tokens` or `max_tokens`.
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var seed: UInt32?
    /// Sequences that end a solution; the returned text is cut before the first one.
    public var stop: [String]
    /// How many distinct answers to return.
    public var n: Int
    public var stream: Bool
    /// `stream_options.include_usage`.
    public var includeUsage: Bool
    /// The `user` field (logged, never used to decide anything).
    public var user: String?
    /// The `ponder` object.
    public var scaling: ScalingOverrides

    /// Fields accepted and ignored because they change nothing Ponder does.
    static let ignored: Set<String> = ["metadata", "store", "service_tier", "parallel_tool_calls", "user"]
    static let common: Set<String> = [
        "model", "max_tokens", "temperature", "top_p", "seed", "stop", "n", "stream", "stream_options", "ponder",
        "logprobs", "top_logprobs", "frequency_penalty", "presence_penalty", "logit_bias",
    ]
    static let chatOnly: Set<String> = [
        "messages", "max_completion_tokens", "tools", "tool_choice", "functions", "function_call", "response_format",
        "modalities",
    ]
    static let textOnly: Set<String> = ["prompt", "echo", "best_of", "suffix"]

    /// Parses a body.
    ///
    /// - Throws: ``ServerError`` (400) naming the field at fault.
    public init(parsing data: Data, endpoint: Endpoint, limits: ServerLimits) throws {
        let fields = JSONFields(try JSONValue.parseObject(data))
        let known = Self.common.union(Self.ignored).union(endpoint == .chat ? Self.chatOnly : Self.textOnly)
        if let unknown = fields.unknownKeys(known: known).first {
            throw ServerError.invalidValue(unknown, "Unrecognized request argument supplied: '\(unknown)'")
        }
        self.endpoint = endpoint
        guard let model = try fields.string("model"), !model.isEmpty else {
            throw ServerError.invalidValue("model", "Missing required parameter: 'model'")
        }
        self.model = model
        try Self.refuseUnsupported(fields, endpoint: endpoint)

        switch endpoint {
        case .chat:
            guard let messages = try fields.array("messages") else {
                throw ServerError.invalidValue("messages", "Missing required parameter: 'messages'")
            }
            (system, history, problem) = try Self.conversation(messages)
            maxTokens = try fields.int("max_completion_tokens") ?? fields.int("max_tokens")
        case .text:
            guard let prompt = try fields.strings("prompt"), prompt.count == 1 else {
                throw ServerError.invalidValue("prompt", "Parameter 'prompt' must be one string")
            }
            (system, history, problem) = (nil, [], prompt[0])
            maxTokens = try fields.int("max_tokens")
        }
        guard problem.contains(where: { !$0.isWhitespace }) else {
            throw ServerError.invalidValue(endpoint == .chat ? "messages" : "prompt", "The problem text is empty")
        }
        if let maxTokens, !(1...limits.maxTokens).contains(maxTokens) {
            let name = fields.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens"
            throw ServerError.invalidValue(name, "Invalid '\(name)' \(maxTokens): expected 1 to \(limits.maxTokens)")
        }
        temperature = try fields.double("temperature")
        if let temperature, !(0...2).contains(temperature) {
            throw ServerError.invalidValue("temperature", "Invalid 'temperature' \(temperature): expected 0 to 2")
        }
        topP = try fields.double("top_p")
        if let topP, !(topP > 0 && topP <= 1) {
            throw ServerError.invalidValue("top_p", "Invalid 'top_p' \(topP): expected a value in (0, 1]")
        }
        if let seed = try fields.int("seed") {
            // OpenAI takes any 64-bit integer; llama.cpp seeds are 32-bit, so larger seeds are folded.
            self.seed = UInt32(truncatingIfNeeded: seed ^ (seed >> 32))
        } else {
            seed = nil
        }
        stop = try fields.strings("stop") ?? []
        if stop.count > 4 || stop.contains(where: \.isEmpty) {
            throw ServerError.invalidValue("stop", "Parameter 'stop' takes up to 4 non-empty strings")
        }
        n = try fields.int("n") ?? 1
        guard (1...limits.maxN).contains(n) else {
            throw ServerError.invalidValue("n", "Invalid 'n' \(n): expected 1 to \(limits.maxN)")
        }
        stream = try fields.bool("stream") ?? false
        let streamOptions = try fields.objectFields("stream_options")
        if let streamOptions {
            guard stream else {
                throw ServerError.invalidValue(
                    "stream_options", "'stream_options' is only allowed when 'stream' is true")
            }
            if let key = streamOptions.unknownKeys(known: ["include_usage", "include_obfuscation"]).first {
                throw ServerError.invalidValue("stream_options.\(key)", "Unrecognized stream option '\(key)'")
            }
        }
        includeUsage = try streamOptions?.bool("include_usage") ?? false
        user = try fields.string("user")
        // Accepted and ignored, but only with the types OpenAI gives them.
        _ = try fields.objectFields("metadata")
        _ = try fields.bool("store")
        _ = try fields.string("service_tier")
        _ = try fields.bool("parallel_tool_calls")
        _ = try streamOptions?.bool("include_obfuscation")
        scaling = try fields.objectFields("ponder").map { try ScalingOverrides(body: $0, limits: limits) } ?? .none
    }

    /// Fields whose non-default values ask for something Ponder does not do: a 400, never silently dropped.
    private static func refuseUnsupported(_ fields: JSONFields, endpoint: Endpoint) throws {
        if let tools = try? fields.array("tools"), !tools.isEmpty {
            throw ServerError.unsupported("tools", "Ponder answers with text; tool calls are not offered")
        }
        if let choice = fields.raw("tool_choice"), choice != .string("none"), choice != .string("auto") {
            throw ServerError.unsupported("tool_choice", "Ponder answers with text; tool calls are not offered")
        }
        for key in ["functions", "function_call", "suffix"] where fields.has(key) {
            throw ServerError.unsupported(key, "not offered by Ponder")
        }
        if let logprobs = fields.raw("logprobs"), logprobs != .bool(false), logprobs != .number(0) {
            throw ServerError.unsupported("logprobs", "a search's answer has no single token sequence to report")
        }
        if let top = fields.raw("top_logprobs"), top != .number(0) {
            throw ServerError.unsupported("top_logprobs", "a search's answer has no single token sequence to report")
        }
        for key in ["frequency_penalty", "presence_penalty"] {
            if let value = fields.raw(key), value != .number(0) {
                throw ServerError.unsupported(key, "the backends sample without penalties")
            }
        }
        if let bias = fields.raw("logit_bias"), bias != .object([:]) {
            throw ServerError.unsupported("logit_bias", "the backends sample without biases")
        }
        if let format = try fields.objectFields("response_format"), try format.string("type") != "text" {
            throw ServerError.unsupported("response_format", "only {\"type\": \"text\"} is offered")
        }
        if let modalities = try fields.strings("modalities"), modalities != ["text"] {
            throw ServerError.unsupported("modalities", "only [\"text\"] is offered")
        }
        if let echo = try fields.bool("echo"), echo {
            throw ServerError.unsupported("echo", "the prompt is not repeated")
        }
        if let bestOf = try fields.int("best_of"), bestOf != 1 {
            throw ServerError.unsupported("best_of", "use the 'ponder' object's strategy and budget")
        }
    }

    /// Splits messages into the system prompt, earlier turns and the last user message.
    private static func conversation(_ messages: [JSONValue]) throws -> (String?, [ChatMessage], String) {
        guard !messages.isEmpty else {
            throw ServerError.invalidValue("messages", "Parameter 'messages' must hold at least one message")
        }
        var system: [String] = []
        var turns: [ChatMessage] = []
        for (index, message) in messages.enumerated() {
            let path = "messages[\(index)]"
            guard case .object(let object) = message else {
                throw ServerError.invalidValue(path, "Invalid type for '\(path)': expected an object")
            }
            let fields = JSONFields(object, path: path + ".")
            _ = try fields.string("name")
            let content = try text(of: fields, path: path)
            switch try fields.string("role") {
            case "system", "developer": system.append(content)
            case "user": turns.append(ChatMessage(role: .user, content: content))
            case "assistant": turns.append(ChatMessage(role: .assistant, content: content))
            case let role?:
                throw ServerError.invalidValue(
                    path + ".role",
                    "Unsupported role '\(role)' in '\(path)': expected system, developer, user or assistant")
            case nil:
                throw ServerError.invalidValue(path + ".role", "Missing required parameter: '\(path).role'")
            }
        }
        guard let last = turns.last, last.role == .user else {
            throw ServerError.invalidValue(
                "messages", "The last message must be the user's: it is the problem to solve")
        }
        return (system.isEmpty ? nil : system.joined(separator: "\n\n"), Array(turns.dropLast()), last.content)
    }

    /// A message's text: a string or an array of text parts.
    private static func text(of fields: JSONFields, path: String) throws -> String {
        switch fields.raw("content") {
        case .string(let text): return text
        case .array(let parts):
            return try parts.enumerated().map { index, part in
                guard case .object(let object) = part, object["type"] == .string("text"),
                    case .string(let text) = object["text"]
                else {
                    throw ServerError.unsupported("\(path).content[\(index)]", "only text parts are read")
                }
                return text
            }.joined()
        case nil:
            throw ServerError.invalidValue(path + ".content", "Missing required parameter: '\(path).content'")
        case let value?:
            throw ServerError.invalidValue(
                path + ".content",
                "Invalid type for '\(path).content': expected a string or text parts, got \(value.typeName)")
        }
    }
}
