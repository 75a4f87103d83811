import CLlama
import PonderCore

/// One call in flight: its members' results as they finish, and how to wake its task.
final class GenerationJob {
    /// How a waiting call is woken.
    enum Wake {
        /// Every member finished (or the engine failed).
        case finished
        /// The call that ran the decode loop is done: this call runs it now.
        case drive
    }

    let parameters: SamplingParameters
    let progress: ProgressHandler?
    let cancellation: CancellationFlag
    let started = ContinuousClock.now
    var results: [Continuation?]
    var generatedTokens = 0
    var failure: (any Error)?
    var waiter: CheckedContinuation<Wake, Never>?

    init(count: Int, parameters: SamplingParameters, progress: ProgressHandler?, cancellation: CancellationFlag) {
        self.parameters = parameters
        self.progress = progress
        self.cancellation = cancellation
        self.results = Array(repeating: nil, count: count)
    }

    var finishedCount: Int { results.count { $0 != nil } }
    var isComplete: Bool { failure != nil || finishedCount == results.count }

    func reportProgress() {
        progress?(
            GenerationProgress(
                requests: results.count, finished: finishedCount, generatedTokens: generatedTokens,
                elapsed: (ContinuousClock.now - started).seconds))
    }

    func wake(_ wake: Wake) {
        waiter?.resume(returning: wake)
        waiter = nil
    }
}

/// One request being generated: its sequence, sampler, pending token and what it produced so far.
struct GenerationMember {
    let job: GenerationJob
    /// The request's index in its call.
    let slot: Int
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
}

extension LlamaEngine {
    /// Sets up one sequence per request: requests with equal tokens share one prefill; the first of them
    /// decodes on its own sequence and the others are copies of it. Each gets its first token sampled.
    func startMembers(_ requests: [ContinuationRequest], job: GenerationJob) throws -> [GenerationMember] {
        let parameters = job.parameters
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
            for case let sequence? in sequences { try release(sequence) }
            throw error
        }

        var members: [GenerationMember] = []
        for (index, request) in requests.enumerated() {
            guard let sequence = sequences[index] else { continue }
            members.append(
                GenerationMember(
                    job: job,
                    slot: index,
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
            for member in members { try release(member.sequence) }
            throw error
        }
        return members
    }

    /// Runs one call: starts its members, then either waits while another call's task runs the decode
    /// loop, or runs the loop itself until its own members finish and hands it to a waiting call.
    func generate(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler?,
        cancellation: CancellationFlag
    ) async throws -> [Continuation] {
        let job = GenerationJob(
            count: requests.count, parameters: parameters, progress: progress, cancellation: cancellation)
        var members: [GenerationMember]
        while true {
            do {
                members = try startMembers(requests, job: job)
                break
            } catch let error as LlamaError
                where driving && error.code == .sequencesExhausted
            {
                // Other calls hold the sequences: wait for one to finish, then try again.
                await withCheckedContinuation { capacityWaiters.append($0) }
            }
        }
        for member in members {
            if member.finish == nil { active.append(member) } else { complete(member) }
        }

        var isDriver = false
        while !job.isComplete {
            if isDriver || !driving {
                driving = true
                isDriver = true
                do {
                    try await step()
                } catch {
                    failAll(with: error)
                }
            } else if await withCheckedContinuation({ job.waiter = $0 }) == .drive {
                isDriver = true
            }
        }
        if isDriver { handOff() }
        for member in members { planner.setPinned(false, member.sequence) }
        wakeCapacityWaiters()
        if let failure = job.failure { throw failure }
        return job.results.map { $0 ?? Continuation(steps: [], finishReason: .cancelled, usage: .zero) }
    }

    /// One decode step for every active member of every call, then a yield so arriving calls can join.
    private func step() async throws {
        for index in active.indices where active[index].job.cancellation.isCancelled {
            active[index].finish = .cancelled
        }
        completeFinished()
        guard !active.isEmpty else { return }
        let step = active.compactMap { member in
            member.pending.map { (token: $0, position: member.position, sequence: member.sequence) }
        }
        let batchIndexes: [Int32]
        do {
            batchIndexes = try decodeStep(step)
        } catch let error as LlamaError where error.code == .kvCacheFull {
            // Nothing cached is left to evict: end the longest solution so the others can go on.
            guard let longest = active.indices.max(by: { active[$0].position < active[$1].position }) else {
                throw error
            }
            active[longest].finish = .length
            active[longest].pending = nil
            completeFinished()
            return
        }
        var touched: [ObjectIdentifier: GenerationJob] = [:]
        for index in active.indices {
            active[index].position += 1
            active[index].pending = nil
            let (token, logProbability) = try sample(
                active[index].sampler, sequence: active[index].sequence, batchIndex: batchIndexes[index])
            accept(
                token, logProbability: logProbability, into: &active[index], parameters: active[index].job.parameters)
            touched[ObjectIdentifier(active[index].job)] = active[index].job
        }
        for job in touched.values {
            job.generatedTokens =
                active.filter { $0.job === job }.reduce(0) { $0 + $1.tokens.count }
                + job.results.reduce(0) { $0 + ($1?.generatedTokenCount ?? 0) }
        }
        completeFinished()
        for job in touched.values { job.reportProgress() }
        // Let calls that arrived during the step join the next one; state is re-read after this.
        await Task.yield()
    }

    /// Moves finished members' continuations into their calls and wakes calls that are complete.
    private func completeFinished() {
        var remaining: [GenerationMember] = []
        for member in active {
            if member.finish == nil { remaining.append(member) } else { complete(member) }
        }
        active = remaining
    }

    private func complete(_ member: GenerationMember) {
        let job = member.job
        job.results[member.slot] = member.continuation(delimiter: job.parameters.stepDelimiter, model: model)
        if job.isComplete {
            job.reportProgress()
            job.wake(.finished)
        }
    }

    /// Gives the decode loop to a call still waiting on active members, or stops it.
    private func handOff() {
        if let next = active.first(where: { $0.job.waiter != nil })?.job {
            next.wake(.drive)
        } else {
            driving = false
        }
    }

    /// Fails every call in flight: the context's state can no longer be trusted for them.
    private func failAll(with error: any Error) {
        let jobs = active.map(\.job)
        // The context is already failing; `error` is what every call reports, whatever the cleanup meets.
        for member in active { try? release(member.sequence) }
        active.removeAll()
        for job in jobs {
            job.failure = job.failure ?? error
            job.wake(.finished)
        }
    }

    private func wakeCapacityWaiters() {
        let waiters = capacityWaiters
        capacityWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
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
