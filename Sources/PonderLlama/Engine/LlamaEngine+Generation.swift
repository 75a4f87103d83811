import CLlama
import PonderCore

/// One request being generated: its sequence, sampler, pending token and what it produced so far.
struct GenerationMember {
    let request: ContinuationRequest
    let sequence: SequenceID
    let sampler: TokenSampler
    /// Tokens the solution had generated before this call (for the total limit).
    let priorGenerated: Int
    /// Where the pending token goes: the number of tokens the sequence holds in the KV cache.
    var position: Int32
    /// Sampled but not yet decoded.
    var pending: TokenID?
    var tokens: [TokenID] = []
    var pieces: [[UInt8]] = []
    var logProbabilities: [Float] = []
    var detector: StepBoundaryDetector
    var finish: FinishReason?
    var usage: TokenUsage

    /// The continuation this member produced.
    func continuation(delimiter: String, model: LlamaModel) -> Continuation {
        var usage = self.usage
        usage.generatedTokens = tokens.count
        let steps: [Step]
        switch request.extent {
        case .toEnd:
            steps = StepSplitter.split(
                tokens: tokens, pieces: pieces, logProbabilities: logProbabilities, delimiter: delimiter)
        case .nextStep:
            steps = tokens.isEmpty
                ? []
                : [Step(text: String(decoding: pieces.joined(), as: UTF8.self), tokens: tokens,
                    tokenLogProbabilities: logProbabilities)]
        }
        return Continuation(steps: steps, finishReason: finish ?? .cancelled, usage: usage)
    }
}

extension LlamaEngine {
    /// Sets up one sequence per request: requests with equal tokens share one prefill; the first of them
    /// decodes on its own sequence and the others are copies of it. Each gets its first token sampled.
    func startMembers(_ requests: [ContinuationRequest], parameters: SamplingParameters) throws -> [GenerationMember] {
        // Group equal prefixes, in order of first appearance.
        var groupIndex: [[TokenID]: Int] = [:]
        var groups: [(tokens: [TokenID], requests: [Int])] = []
        for (index, request) in requests.enumerated() {
            let tokens = request.solution.tokens
            if let group = groupIndex[tokens] {
                groups[group].requests.append(index)
            } else {
                groupIndex[tokens] = groups.count
                groups.append((tokens, [index]))
            }
        }

        var sequences = [SequenceID?](repeating: nil, count: requests.count)
        var usages = [TokenUsage](repeating: .zero, count: requests.count)
        var jobs: [PrefillJob] = []
        do {
            for group in groups {
                let (root, usage) = try startSequence(for: group.tokens, leaveLastForLogits: true)
                sequences[group.requests[0]] = root
                usages[group.requests[0]] = usage
                jobs.append(
                    PrefillJob(
                        sequence: root, tokens: group.tokens, start: usage.promptTokensReused,
                        outputs: [group.tokens.count - 1]))
                for other in group.requests.dropFirst() {
                    sequences[other] = try allocate(needed: requests.count)
                    usages[other] = TokenUsage(promptTokensReused: group.tokens.count)
                }
            }
        } catch {
            for case let sequence? in sequences { release(sequence) }
            throw error
        }

        var members: [GenerationMember] = []
        for (index, request) in requests.enumerated() {
            guard let sequence = sequences[index] else { continue }
            members.append(
                GenerationMember(
                    request: request,
                    sequence: sequence,
                    sampler: TokenSampler(parameters: parameters, seed: request.seed),
                    priorGenerated: request.solution.generatedTokenCount,
                    position: Int32(request.solution.tokens.count),
                    detector: StepBoundaryDetector(delimiter: parameters.stepDelimiter),
                    usage: usages[index]
                ))
        }
        do {
            try prefill(jobs, state: &members) { members, job, _, batchIndex in
                let root = jobs[job].sequence
                for request in groups[job].requests {
                    if members[request].sequence != root { copySequence(root, to: members[request].sequence) }
                    let (token, logProbability) = try sample(
                        members[request].sampler, sequence: members[request].sequence, batchIndex: batchIndex)
                    accept(token, logProbability: logProbability, into: &members[request], parameters: parameters)
                }
            }
        } catch {
            for member in members { release(member.sequence) }
            throw error
        }
        return members
    }

    /// Advances every unfinished member one token per decode step until all have finished.
    func generate(
        _ members: inout [GenerationMember],
        parameters: SamplingParameters,
        progress: ProgressHandler?
    ) throws {
        let start = ContinuousClock.now
        func report() {
            guard let progress else { return }
            progress(
                GenerationProgress(
                    requests: members.count,
                    finished: members.count { $0.finish != nil },
                    generatedTokens: members.reduce(0) { $0 + $1.tokens.count },
                    elapsed: (ContinuousClock.now - start).seconds))
        }
        while true {
            let active = members.indices.filter { members[$0].finish == nil }
            if active.isEmpty { break }
            if Task.isCancelled {
                for index in active { members[index].finish = .cancelled }
                break
            }
            var step: [(token: TokenID, position: Int32, sequence: SequenceID)] = []
            for index in active {
                guard let token = members[index].pending else { continue }
                step.append((token, members[index].position, members[index].sequence))
            }
            let batchIndexes: [Int32]
            do {
                batchIndexes = try decodeStep(step)
            } catch let error as LlamaError where error.isSameKind(as: .kvCacheFull(tokens: 0, contextLength: 0, model: "")) {
                // Nothing cached is left to evict: end the longest solution so the others can go on.
                guard let longest = active.max(by: { members[$0].position < members[$1].position }) else { throw error }
                members[longest].finish = .length
                members[longest].pending = nil
                continue
            }
            for (offset, index) in active.enumerated() {
                members[index].position += 1
                members[index].pending = nil
                let (token, logProbability) = try sample(
                    members[index].sampler, sequence: members[index].sequence, batchIndex: batchIndexes[offset])
                accept(token, logProbability: logProbability, into: &members[index], parameters: parameters)
            }
            report()
        }
        report()
    }

    /// Records a sampled token and decides whether the member stops.
    func accept(
        _ token: TokenID,
        logProbability: Float,
        into member: inout GenerationMember,
        parameters: SamplingParameters
    ) {
        if model.isEndOfGeneration(token) {
            member.finish = .endOfGeneration
            return
        }
        let piece = model.piece(token)
        member.tokens.append(token)
        member.pieces.append(piece)
        member.logProbabilities.append(logProbability)
        let stepEnded = member.detector.append(piece)
        if member.request.extent == .nextStep {
            if stepEnded {
                member.finish = .stepBoundary
            } else if member.tokens.count >= parameters.maxStepTokens {
                member.finish = .stepLimit
            }
        }
        if member.priorGenerated + member.tokens.count >= parameters.maxTokens
            || Int(member.position) >= configuration.contextLength
        {
            member.finish = .length
        }
        if member.finish == nil { member.pending = token }
    }
}
