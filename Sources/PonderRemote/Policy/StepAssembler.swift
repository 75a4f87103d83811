import PonderCore

/// Builds one request's ``Continuation`` from what the server generated, by the embedded engine's rules:
/// a pure state machine, tested without I/O.
///
/// The server stops at the delimiter string, but the step ends where the engine would end it: at the token
/// whose bytes complete the first delimiter after some non-whitespace text (``StepBoundaryDetector``). A
/// server stop on a delimiter before any text (a blank line after a blank line) therefore does not end the
/// step, and the assembler asks for more (``budget`` > 0 and ``isFinished`` false). Token limits and the
/// context length end the continuation as in the engine; end-of-generation tokens are not kept.
struct StepAssembler: Sendable {
    let extent: ContinuationRequest.Extent
    let parameters: SamplingParameters
    /// Tokens the solution had generated before this request (for the total limit).
    let priorGenerated: Int
    /// Tokens of the solution so far (prompt and steps).
    let promptLength: Int
    /// Tokens one sequence may hold on the server.
    let contextLength: Int

    private(set) var tokens: [TokenID] = []
    private(set) var pieces: [[UInt8]] = []
    private(set) var logProbabilities: [Float] = []
    private(set) var usage: TokenUsage = .zero
    private(set) var finish: FinishReason?
    /// Whether every absorbed piece was the token's exact bytes.
    private(set) var piecesExact = true
    private var detector: StepBoundaryDetector

    init(request: ContinuationRequest, parameters: SamplingParameters, contextLength: Int) {
        extent = request.extent
        self.parameters = parameters
        priorGenerated = request.solution.generatedTokenCount
        promptLength = request.solution.tokens.count
        self.contextLength = contextLength
        detector = StepBoundaryDetector(delimiter: parameters.stepDelimiter)
        if budget == 0 { finish = .length }
    }

    /// Whether the continuation is complete.
    var isFinished: Bool { finish != nil }

    /// The most tokens the next server call may generate.
    var budget: Int {
        var limit = parameters.maxTokens - priorGenerated - tokens.count
        if extent == .nextStep { limit = min(limit, parameters.maxStepTokens - tokens.count) }
        limit = min(limit, contextLength - promptLength - tokens.count)
        return max(0, limit)
    }

    /// Takes one server output.
    mutating func absorb(_ output: GeneratedOutput) {
        guard finish == nil else { return }
        usage += output.usage
        piecesExact = piecesExact && output.piecesExact
        for index in output.tokens.indices {
            accept(output.tokens[index], piece: output.pieces[index], logProbability: output.logProbabilities[index])
            if finish != nil { return }
        }
        switch output.end {
        case .endOfGeneration:
            finish = .endOfGeneration
        case .length:
            // The limits checked above would have ended it at the call's own limit: the server's context ended it.
            finish = .length
        case .stopString:
            // The server stopped on a delimiter before any text, which does not end a step here: go on, unless
            // the server generated nothing at all (it would again).
            if output.tokens.isEmpty { finish = .length }
        }
    }

    /// Ends the continuation as cancelled, keeping what was generated.
    mutating func cancel() {
        if finish == nil { finish = .cancelled }
    }

    /// The continuation (valid once ``isFinished``).
    func continuation() -> Continuation {
        var usage = self.usage
        usage.generatedTokens = max(usage.generatedTokens, tokens.count)
        let steps: [Step]
        switch extent {
        case .toEnd:
            steps = StepSplitter.split(
                tokens: tokens, pieces: pieces, logProbabilities: logProbabilities, delimiter: parameters.stepDelimiter)
        case .nextStep:
            steps =
                tokens.isEmpty
                ? []
                : [
                    Step(
                        text: String(decoding: pieces.joined(), as: UTF8.self), tokens: tokens,
                        tokenLogProbabilities: logProbabilities)
                ]
        }
        return Continuation(steps: steps, finishReason: finish ?? .cancelled, usage: usage)
    }

    // MARK: - Internals

    /// The engine's `accept`, token by token.
    private mutating func accept(_ token: TokenID, piece: [UInt8], logProbability: Float) {
        tokens.append(token)
        pieces.append(piece)
        logProbabilities.append(logProbability)
        let stepEnded = detector.append(piece)
        if extent == .nextStep {
            if stepEnded {
                finish = .stepBoundary
            } else if tokens.count >= parameters.maxStepTokens {
                finish = .stepLimit
            }
        }
        if priorGenerated + tokens.count >= parameters.maxTokens || promptLength + tokens.count >= contextLength {
            finish = .length
        }
    }
}
