import CLlama
public import Logging
public import PonderCore

/// The embedded llama.cpp engine: one model, one context with a unified KV cache, many sequences decoded
/// together.
///
/// Requests carry exact token ids. The engine starts each from the longest prefix it already holds in
/// its KV cache (``SequencePlanner``), decodes only the rest, forks one sequence per sample from a
/// shared prefix (`llama_memory_seq_cp`), and advances every live sequence in the same `llama_decode`
/// batch, each with its own seeded sampler.
///
/// - Important: The actor runs on its own thread (``EngineThread``), so blocking llama.cpp calls never
///   occupy Swift's cooperative pool. Calls are served one at a time.
public actor LlamaEngine {
    private let thread: EngineThread
    /// Members of every call in flight, advanced together (continuous batching).
    var active: [GenerationMember] = []
    /// Whether some call's task is running the decode loop.
    var driving = false
    /// Decode steps run so far (one `llama_decode` per step, whatever the number of calls sharing it).
    public private(set) var decodeStepCount = 0
    /// Calls waiting for sequences to free up.
    var capacityWaiters: [CheckedContinuation<Void, Never>] = []
    let context: LlamaContext
    private let batch: TokenBatch
    var planner: SequencePlanner
    private let logger: Logger

    /// The loaded model.
    public nonisolated let model: LlamaModel
    /// The configuration the engine was loaded with.
    public nonisolated let configuration: EngineConfiguration
    /// The model's identity and limits, for accounting.
    public nonisolated let descriptor: ModelDescriptor

    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    private init(thread: EngineThread, context: LlamaContext, configuration: EngineConfiguration, logger: Logger) {
        self.thread = thread
        self.context = context
        self.model = context.model
        self.configuration = configuration
        self.logger = logger
        self.batch = TokenBatch(capacity: max(configuration.batchSize, configuration.maxSequences))
        self.planner = SequencePlanner(capacity: configuration.maxSequences)
        self.descriptor = ModelDescriptor(
            name: context.model.name,
            parameterCount: context.model.parameterCount,
            contextLength: configuration.contextLength,
            maxParallelSequences: configuration.maxSequences
        )
    }

    deinit { thread.stop() }

    /// Loads the model and creates the context on the engine's own thread.
    ///
    /// - Throws: ``LlamaError`` for an invalid configuration, a missing or non-GGUF file, or a failed load.
    public static func load(
        _ configuration: EngineConfiguration,
        logger: Logger = Logger(label: "ponder.engine")
    ) async throws -> LlamaEngine {
        let configuration = try configuration.validated()
        let thread = EngineThread(name: "ponder.engine")
        do {
            let handover = try await thread.perform {
                let model = try LlamaModel(path: configuration.modelPath)
                return Handover(value: try LlamaContext(model: model, configuration: configuration))
            }
            logger.debug(
                "Loaded model",
                metadata: ["model": "\(handover.value.model.summary)", "context": "\(configuration.contextLength)"])
            return LlamaEngine(thread: thread, context: handover.value, configuration: configuration, logger: logger)
        } catch {
            thread.stop()
            throw error
        }
    }

    // MARK: - Prompts

    /// Renders messages with the chat template (the configured one, else the model's) and tokenizes them.
    ///
    /// - Throws: ``LlamaError`` when there is no usable template or the prompt does not fit the context.
    public func renderPrompt(_ messages: [ChatMessage]) throws -> Prompt {
        let text = try model.applyChatTemplate(messages, template: configuration.chatTemplate)
        let tokens = try model.tokenize(text)
        guard tokens.count < configuration.contextLength else {
            throw LlamaError.promptTooLong(
                tokens: tokens.count, contextLength: configuration.contextLength, model: model.name)
        }
        return Prompt(text: text, tokens: tokens)
    }

    // MARK: - Sequences

    /// Sequences the KV cache holds (in use or cached).
    public var liveSequenceCount: Int { planner.liveSequences.count }

    /// The tokens the KV cache holds for `sequence`, or `nil` if it is not live.
    public func tokens(of sequence: SequenceID) -> [TokenID]? { planner.record(sequence)?.tokens }

    /// Decodes `tokens` into a new sequence, starting from the longest cached prefix.
    ///
    /// - Returns: the sequence and the usage (evaluated versus reused tokens).
    /// - Throws: ``LlamaError`` when no sequence is free, the tokens do not fit, or decoding fails.
    public func makeSequence(_ tokens: [TokenID]) throws -> (sequence: SequenceID, usage: TokenUsage) {
        try checkFits(tokens.count)
        let (sequence, usage) = try startSequence(for: tokens, leaveLastForLogits: false)
        var none: Void = ()
        try prefill(
            [PrefillJob(sequence: sequence, tokens: tokens, start: usage.promptTokensReused, outputs: [])],
            state: &none, onOutput: { _, _, _, _ in })
        planner.setPinned(false, sequence)
        return (sequence, usage)
    }

    /// Forks `parent` at its current length: the new sequence shares the parent's cached tokens.
    ///
    /// - Throws: ``LlamaError`` when `parent` is not live or no sequence id is free.
    public func fork(_ parent: SequenceID) throws -> SequenceID {
        guard let record = planner.record(parent) else {
            throw LlamaError.invalidConfiguration("sequence", "\(parent)", expected: "a live sequence")
        }
        planner.setPinned(true, parent)
        defer { planner.setPinned(false, parent) }
        let child = try allocate(needed: 1)
        llama_memory_seq_cp(context.memory, parent, child, -1, -1)
        planner.setTokens(record.tokens, of: child)
        planner.setPinned(false, child)
        return child
    }

    /// Releases `sequence`: its cells are freed unless another sequence shares them.
    ///
    /// - Throws: ``LlamaError`` when llama.cpp refuses to remove the sequence's cells.
    public func release(_ sequence: SequenceID) throws {
        try removeCells(of: sequence)
        planner.release(sequence)
    }

    /// `llama_memory_seq_rm` over the whole sequence, checked like every other C status.
    func removeCells(of sequence: SequenceID) throws {
        guard llama_memory_seq_rm(context.memory, sequence, -1, -1) else {
            throw LlamaError.sequenceRemovalFailed(sequence: sequence, model: model.name)
        }
    }

    /// Releases the cached sequences that hold exactly these solutions (all but their last, undecoded
    /// token), so pruned beams free their cells at once. A sequence that holds the same tokens as a `kept`
    /// solution (siblings can agree on every token but the last) stays.
    ///
    /// - Throws: ``LlamaError`` when llama.cpp refuses to remove a sequence's cells.
    public func release(_ solutions: [PartialSolution], keeping kept: [PartialSolution] = []) throws {
        let keptTokens = kept.map(\.tokens)
        func holds(_ record: SequencePlanner.Record, _ tokens: [TokenID]) -> Bool {
            record.tokens.count >= tokens.count - 1 && record.tokens.count <= tokens.count
                && SequencePlanner.commonPrefixLength(record.tokens, tokens) == record.tokens.count
        }
        for solution in solutions {
            let tokens = solution.tokens
            for sequence in planner.liveSequences {
                guard let record = planner.record(sequence), !record.pinned, holds(record, tokens),
                    !keptTokens.contains(where: { holds(record, $0) })
                else { continue }
                try release(sequence)
            }
        }
    }

    /// Forgets every cached sequence that no call is using.
    public func clearCache() throws {
        let inUse = planner.liveSequences.filter { planner.record($0)?.pinned == true }
        guard inUse.isEmpty else {
            for sequence in planner.liveSequences where !inUse.contains(sequence) { try release(sequence) }
            return
        }
        llama_memory_clear(context.memory, true)
        planner.removeAll()
    }

    // MARK: - Generation

    /// Continues each request's solution, all requests advancing together in one batch per step.
    ///
    /// Requests with identical tokens share one decode of their prefix; each still samples with its own seed.
    /// Concurrent calls share the batch too (continuous batching): a call that arrives while another is
    /// generating joins the next decode step, so several problems solved at once keep the batch full.
    /// - Throws: ``LlamaError`` when the requests need more sequences than the engine has, a solution does
    ///   not fit the context, or llama.cpp fails.
    /// - Important: Cancellation is checked before every decode step; a cancelled call's continuations end
    ///   with ``FinishReason/cancelled`` while other calls go on.
    public func continueSolutions(
        _ requests: [ContinuationRequest],
        parameters: SamplingParameters,
        progress: ProgressHandler? = nil
    ) async throws -> [Continuation] {
        guard !requests.isEmpty else { return [] }
        let parameters = try parameters.validated()
        guard requests.count <= configuration.maxSequences else {
            throw LlamaError.sequencesExhausted(
                needed: requests.count, maximum: configuration.maxSequences, model: model.name)
        }
        for request in requests { try checkFits(request.solution.tokens.count) }
        let cancellation = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await generate(requests, parameters: parameters, progress: progress, cancellation: cancellation)
        } onCancel: {
            cancellation.cancel()
        }
    }

    // MARK: - Internals used by GenerationRun

    func checkFits(_ count: Int) throws {
        guard count > 0 else {
            throw LlamaError.invalidConfiguration("prompt", "", expected: "at least one token")
        }
        guard count < configuration.contextLength else {
            throw LlamaError.promptTooLong(tokens: count, contextLength: configuration.contextLength, model: model.name)
        }
    }

    /// A pinned sequence id, evicting a cached sequence when none is free.
    func allocate(needed: Int) throws -> SequenceID {
        guard let allocation = planner.allocate() else {
            throw LlamaError.sequencesExhausted(needed: needed, maximum: configuration.maxSequences, model: model.name)
        }
        if let evicted = allocation.evicted { try removeCells(of: evicted) }
        return allocation.sequence
    }

    /// A new pinned sequence holding the longest cached prefix of `tokens`.
    ///
    /// With `leaveLastForLogits`, at least the last token is left to decode, so its logits can be sampled.
    func startSequence(for tokens: [TokenID], leaveLastForLogits: Bool) throws -> (SequenceID, TokenUsage) {
        try startSequence(for: tokens, upTo: leaveLastForLogits ? tokens.count - 1 : tokens.count)
    }

    /// A new pinned sequence holding the longest cached prefix of `tokens`, at most `limit` tokens long.
    ///
    /// The source may be a sequence another call is still generating on: the copy takes its cells as they are.
    func startSequence(for tokens: [TokenID], upTo limit: Int) throws -> (SequenceID, TokenUsage) {
        let source = planner.bestSource(for: tokens, limit: limit)
        // Pin the source while allocating, so it cannot be evicted; restore its state after.
        let sourceWasPinned = source.flatMap { planner.record($0.sequence)?.pinned } ?? true
        if let source, !sourceWasPinned { planner.setPinned(true, source.sequence) }
        defer { if let source, !sourceWasPinned { planner.setPinned(false, source.sequence) } }
        let sequence = try allocate(needed: 1)
        var reused = 0
        if let source {
            llama_memory_seq_cp(context.memory, source.sequence, sequence, 0, Int32(source.length))
            reused = source.length
        }
        planner.setTokens(Array(tokens.prefix(reused)), of: sequence)
        return (sequence, TokenUsage(promptTokensEvaluated: tokens.count - reused, promptTokensReused: reused))
    }

    /// One prefill job: decode `tokens[start...]` into `sequence`, with logits at `outputs` (positions).
    struct PrefillJob {
        var sequence: SequenceID
        var tokens: [TokenID]
        var start: Int
        var outputs: Set<Int>
    }

    /// Decodes each job's tokens from its start offset, in batches of at most the batch size; right
    /// after the batch holding an output position is decoded, calls `onOutput` with the job's index, the
    /// position and its batch index (where its logits are).
    func prefill<State>(
        _ jobs: [PrefillJob],
        state: inout State,
        onOutput: (inout State, Int, Int, Int32) throws -> Void
    ) throws {
        var pending: [(job: Int, position: Int, batchIndex: Int32)] = []
        batch.clear()
        for (jobIndex, job) in jobs.enumerated() {
            for position in job.start..<job.tokens.count {
                if batch.count >= configuration.batchSize {
                    try decodeBatch()
                    for (job, position, index) in pending { try onOutput(&state, job, position, index) }
                    pending.removeAll()
                    batch.clear()
                }
                let wantsLogits = job.outputs.contains(position)
                let index = batch.add(
                    job.tokens[position], position: Int32(position), sequence: job.sequence, wantsLogits: wantsLogits)
                planner.append(job.tokens[position], to: job.sequence)
                if wantsLogits { pending.append((jobIndex, position, index)) }
            }
        }
        if batch.count > 0 {
            try decodeBatch()
            for (job, position, index) in pending { try onOutput(&state, job, position, index) }
        }
        batch.clear()
    }

    /// Copies all of `source` into `destination` (both already allocated).
    func copySequence(_ source: SequenceID, to destination: SequenceID) {
        llama_memory_seq_cp(context.memory, source, destination, -1, -1)
        planner.setTokens(planner.record(source)?.tokens ?? [], of: destination)
    }

    /// Runs one decode step: every pending token of `members`, one per sequence.
    func decodeStep(_ tokens: [(token: TokenID, position: Int32, sequence: SequenceID)]) throws -> [Int32] {
        batch.clear()
        let indexes = tokens.map {
            batch.add($0.token, position: $0.position, sequence: $0.sequence, wantsLogits: true)
        }
        try decodeBatch()
        decodeStepCount += 1
        for item in tokens { planner.append(item.token, to: item.sequence) }
        batch.clear()
        return indexes
    }

    /// `llama_decode` with eviction of cached sequences when the KV cache is full.
    private func decodeBatch() throws {
        while true {
            let status = llama_decode(context.pointer, batch.batch)
            if status == 0 { return }
            if status == 1 {
                if let victim = planner.evictLeastRecentlyUsed() {
                    logger.debug("KV cache full; evicting cached sequence", metadata: ["sequence": "\(victim)"])
                    try removeCells(of: victim)
                    continue
                }
                throw LlamaError.kvCacheFull(
                    tokens: batch.count, contextLength: configuration.contextLength, model: model.name)
            }
            throw LlamaError.decodeFailed(
                status: status, sequences: batch.sequences, position: batch.firstPosition, model: model.name)
        }
    }

    /// Samples the next token of a sequence from the logits at `batchIndex`, with its log-probability.
    func sample(_ sampler: TokenSampler, sequence: SequenceID, batchIndex: Int32) throws -> (TokenID, Float) {
        guard
            let sampled = sampler.sample(
                context: context.pointer, batchIndex: batchIndex, vocabularySize: Int32(model.vocabularySize))
        else {
            throw LlamaError.logitsMissing(sequence: sequence, batchIndex: batchIndex, model: model.name)
        }
        return sampled
    }
}
