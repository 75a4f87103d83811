import Foundation
public import PonderCore

/// A token-label process reward model on the embedded engine, driven by a ``PRMFormat``.
///
/// All scored steps of a path come from one forward pass over the rendered path; a path scored again with
/// one more step reuses the cached prefix and evaluates only the new part. The score of a step is the
/// softmax over the two label tokens' logits at its read position: P(good).
public struct TokenLabelPRM: ProcessRewardModel {
    /// The engine running the reward model.
    public let engine: LlamaEngine
    /// How paths are rendered and read.
    public let format: PRMFormat
    private let good: TokenID
    private let bad: TokenID

    /// Creates the verifier.
    ///
    /// - Throws: ``LlamaError`` when a label is not a single token of the model, or the chat layout meets a
    ///   model without a chat template; ``PonderError`` for an invalid format. Nothing is decoded.
    public init(engine: LlamaEngine, format: PRMFormat) throws {
        let format = try format.validated()
        (good, bad) = try Self.labels(of: engine.model, format: format, chatTemplate: engine.configuration.chatTemplate)
        self.engine = engine
        self.format = format
    }

    /// The good and bad label tokens of `format` in `model`, after checking the model can serve it: labels
    /// that are single tokens, and a chat template for chat layouts. Works on an inspected model
    /// (``LlamaModel/inspect(_:)``).
    ///
    /// - Throws: ``LlamaError`` naming what is missing.
    public static func labels(of model: LlamaModel, format: PRMFormat, chatTemplate: String?) throws
        -> (good: TokenID, bad: TokenID)
    {
        guard let good = model.singleToken(format.goodLabel), let bad = model.singleToken(format.badLabel) else {
            throw LlamaError.verifierFormat(
                "Labels '\(format.goodLabel)' and '\(format.badLabel)' of PRM format '\(format.name)' must each be one token of model '\(model.name)'"
            )
        }
        if format.layout == .chat, chatTemplate == nil, model.chatTemplate == nil {
            throw LlamaError.noChatTemplate(model: model.name)
        }
        return (good, bad)
    }

    public var name: String { format.name }
    public var descriptor: ModelDescriptor? { engine.descriptor }

    public func scoreSteps(_ requests: [StepScoringRequest]) async throws -> [StepScores] {
        let readouts = try requests.map(readout(for:))
        // The engine groups the readouts to fit its sequences and KV cells.
        return try await engine.readLabels(readouts).map {
            StepScores(scores: $0.logits.map(LabelSoftmax.probabilityOfFirst), usage: $0.usage)
        }
    }

    /// The tokens of a path and the positions where its scored steps are read.
    public func readout(for request: StepScoringRequest) throws -> LabelReadout {
        let model = engine.model
        let steps = request.steps.map(\.text)
        let text: String
        var offsets: [Int] = []
        let readsBeforeLabel: Bool
        switch format.layout {
        case .plain:
            let rendered = format.renderPlain(question: request.problem.statement, steps: steps)
            text = rendered.text
            offsets = rendered.tagEnds.map { $0 - 1 }
            readsBeforeLabel = false
        case .chat:
            let messages = format.chatMessages(question: request.problem.statement, steps: steps)
            text = try model.applyChatTemplate(
                messages, template: engine.configuration.chatTemplate, openAssistantTurn: false)
            offsets = try Self.labelOffsets(in: text, messages: messages, label: format.goodLabel)
            readsBeforeLabel = true
        }
        let tokens = try model.tokenize(text)
        let ranges = model.byteRanges(of: tokens)
        guard ranges.last?.upperBound == text.utf8.count else {
            throw LlamaError.verifierFormat(
                "Tokens of the rendered PRM input do not spell its text (model '\(model.name)')")
        }
        var positions: [Int] = []
        for offset in offsets {
            guard let index = ranges.firstIndex(where: { $0.contains(offset) }) else { continue }
            if readsBeforeLabel {
                guard ranges[index].lowerBound == offset, index > 0 else {
                    throw LlamaError.verifierFormat(
                        "Label '\(format.goodLabel)' does not start a token in the rendered input (model '\(model.name)')"
                    )
                }
                positions.append(index - 1)
            } else {
                positions.append(index)
            }
        }
        guard positions.count == steps.count else {
            throw LlamaError.verifierFormat(
                "PRM format '\(format.name)' found \(positions.count) read positions for \(steps.count) steps")
        }
        return LabelReadout(tokens: tokens, positions: Array(positions[request.firstStep...]), labels: [good, bad])
    }

    /// UTF-8 offsets of the assistant labels, found turn by turn after each user turn's content.
    static func labelOffsets(in text: String, messages: [ChatMessage], label: String) throws -> [Int] {
        let bytes = Array(text.utf8)
        var cursor = 0
        var offsets: [Int] = []
        for message in messages where message.role != .system {
            guard let found = find(Array(message.content.utf8), in: bytes, from: cursor) else {
                throw LlamaError.verifierFormat("The chat template dropped or changed a PRM turn")
            }
            if message.role == .assistant { offsets.append(found) }
            cursor = found + message.content.utf8.count
        }
        return offsets
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
