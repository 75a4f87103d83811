import Foundation
public import PonderCore

/// An instruct model as a pairwise judge (``PairwiseJudgePrompt``): it reads the problem and two solutions and
/// the score is P(A) / (P(A) + P(B)) from its next-token logits. A call's comparisons run in one batch; the
/// prefix they share (the instructions, the problem and, when one solution is the same in every comparison,
/// that solution) is evaluated once.
public struct GenerativePairwiseJudge: PairwiseJudge {
    /// The engine running the judge.
    public let engine: LlamaEngine
    private let first: TokenID
    private let second: TokenID

    /// Creates the judge.
    ///
    /// - Throws: ``LlamaError`` when the model has no chat template (and none was configured), or does not
    ///   spell `A` and `B` as single tokens. Nothing is decoded.
    public init(engine: LlamaEngine) throws {
        if engine.configuration.chatTemplate == nil, engine.model.chatTemplate == nil {
            throw LlamaError.noChatTemplate(model: engine.model.name)
        }
        guard let first = engine.model.singleToken(PairwiseJudgePrompt.first),
            let second = engine.model.singleToken(PairwiseJudgePrompt.second)
        else {
            throw LlamaError.verifierFormat(
                "Model '\(engine.model.name)' does not spell '\(PairwiseJudgePrompt.first)' and "
                    + "'\(PairwiseJudgePrompt.second)' as single tokens")
        }
        self.engine = engine
        self.first = first
        self.second = second
    }

    public var name: String { "pairwise" }
    public var descriptor: ModelDescriptor? { engine.descriptor }

    public func compare(_ requests: [PairwiseComparisonRequest]) async throws -> [PairwiseComparison] {
        let readouts = try requests.map { request in
            try engine.readout(
                of: PairwiseJudgePrompt.messages(
                    problem: request.problem, first: request.first.map(\.text), second: request.second.map(\.text)),
                labels: [first, second])
        }
        return try await engine.readLabels(readouts).map {
            PairwiseComparison(
                probabilityFirst: LabelSoftmax.probabilityOfFirst($0.logits.first ?? []), usage: $0.usage)
        }
    }
}
