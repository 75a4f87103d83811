import Foundation
public import Logging
public import PonderBackends
package import PonderCore
import PonderMath

/// One request made ready to run: its problem, prompt, strategy and settings.
package struct CompletionJob: Sendable {
    package var request: CompletionRequest
    package var settings: ScalingSettings
    package var strategy: any SearchStrategy
    package var problem: Problem
    package var promptStyle: PromptStyle
    package var id: String
    package var created: Int
}

/// What a finished (or stopped) search gives back.
package struct CompletionOutcome: Sendable {
    package var result: SearchResult
    /// `completed`, `deadline` or `cancelled`.
    package var stopReason: String
    package var promptTokens: Int
    package var choices: [ChoiceText]
    package var usage: Usage
    package var report: ScalingReport
}

/// The library behind `ponder serve`: turns requests into searches on the backends and their results into
/// choices and usage. Holds no per-request state; concurrent requests share the backends (the embedded
/// engine batches them together) under an admission bound.
public final class CompletionService: Sendable {
    package let configuration: ServerConfiguration
    package let backends: Backends
    package let admission: AdmissionControl
    package let metrics: ServerMetrics
    private let logger: Logger
    /// The `Retry-After` of a 429: about how long a slot takes to free on a small model.
    package static let retryAfterSeconds = 2

    /// Creates the service over ready backends.
    public init(configuration: ServerConfiguration, backends: Backends, logger: Logger) {
        self.configuration = configuration
        self.backends = backends
        self.admission = AdmissionControl(
            maxRunning: configuration.limits.maxRunning, maxWaiting: configuration.limits.maxWaiting)
        self.metrics = ServerMetrics(model: configuration.modelName)
        self.logger = logger
    }

    /// Whether `auto` requests can run: the server has a planner profile measured on its policy (or forced).
    package var plansAuto: Bool {
        configuration.planner?.fits(backends.policy.descriptor) ?? false
    }

    /// Applies defaults, alias, headers and body (in that order; later wins) and builds the strategy.
    ///
    /// - Throws: ``ServerError`` 404 for an unknown model, 400 naming the parameter at fault.
    package func plan(_ request: CompletionRequest, headers: [String: String]) throws -> CompletionJob {
        let limits = configuration.limits
        let alias = try ModelAlias(resolving: request.model, served: configuration.modelName, limits: limits)
        let overrides = alias.overrides
            .overridden(by: try ScalingOverrides(headers: headers, limits: limits))
            .overridden(by: request.scaling)
        var defaults = configuration.defaults
        defaults.deadline = configuration.requestDeadline
        let settings = defaults.applying(overrides)
        if settings.strategy.usesVerifier, settings.verifier != "self-certainty",
            settings.verifier != configuration.verifierKind
        {
            let known = Set(["self-certainty", configuration.verifierKind]).sorted()
            throw ServerError.invalidValue(
                overrides.verifier?.param ?? "ponder.verifier",
                "Verifier '\(settings.verifier)' is not loaded on this server: expected \(known.joined(separator: " or "))"
            )
        }
        var sampling = configuration.sampling
        if let value = request.temperature { sampling.temperature = value }
        if let value = request.topP { sampling.topP = value }
        if let value = request.seed {
            sampling.seed = value
        } else if configuration.drawsSeeds {
            sampling.seed = UInt32.random(in: .min ... .max)
        }
        if let value = request.maxTokens { sampling.maxTokens = value }
        let strategy = try settings.makeStrategy(
            sampling: sampling, overrides: overrides, planner: configuration.planner)
        let descriptor = backends.policy.descriptor
        if strategy is AutoStrategy, let planner = configuration.planner, !planner.fits(descriptor) {
            let profile = planner.profile
            throw ServerError.invalidValue(
                overrides.strategy?.param ?? "ponder.strategy",
                "Strategy 'auto' plans with a profile measured on \(profile.policy.name) "
                    + "(\(profile.policy.parameterCount) parameters), not on '\(descriptor.name)' "
                    + "(\(descriptor.parameterCount) parameters): start ponder serve with --profile FILE from "
                    + "ponder calibrate on this model, or --force-profile")
        }
        guard strategy.parallelWidth <= descriptor.maxParallelSequences else {
            throw ServerError.invalidValue(
                overrides.budget?.param ?? overrides.beamWidth?.param ?? "ponder.budget",
                "Strategy '\(strategy.name)' with N = \(strategy.budget) decodes \(strategy.parallelWidth) sequences at once but model '\(descriptor.name)' holds \(descriptor.maxParallelSequences)"
            )
        }
        let system = request.system ?? configuration.systemPrompt
        return CompletionJob(
            request: request, settings: settings, strategy: strategy,
            problem: Problem(id: "request", statement: request.problem),
            promptStyle: PromptStyle(systemPrompt: system, history: request.history.isEmpty ? nil : request.history),
            id: (request.endpoint == .chat ? "chatcmpl-" : "cmpl-") + UUID().uuidString.lowercased(),
            created: Int(Date().timeIntervalSince1970))
    }

    /// Runs the job's search in an admission slot until it ends, its deadline passes or the task is cancelled.
    ///
    /// - Parameter narrate: receives progress lines as the search runs (streams).
    /// - Throws: ``ServerError`` (429 when the queue is full, 400 for a prompt too long, 503 when a backend
    ///   fails), `CancellationError` when cancelled before the search started.
    package func run(_ job: CompletionJob, narrate: (@Sendable (String) -> Void)? = nil) async throws
        -> CompletionOutcome
    {
        let start = ContinuousClock.now
        metrics.occupancy(running: admission.running, waiting: admission.waiting + 1)
        defer { metrics.occupancy(running: admission.running, waiting: admission.waiting) }
        return try await admission.withSlot(retryAfter: Self.retryAfterSeconds) {
            try await runAdmitted(job, narrate: narrate, start: start)
        }
    }

    private func runAdmitted(
        _ job: CompletionJob, narrate: (@Sendable (String) -> Void)?, start: ContinuousClock.Instant
    ) async throws -> CompletionOutcome {
        metrics.occupancy(running: admission.running, waiting: admission.waiting)
        let messages = job.promptStyle.messages(for: job.problem)
        let prompt: Prompt
        do {
            prompt = try await backends.policy.renderPrompt(messages)
        } catch {
            throw ServerError.backendUnavailable("the policy cannot render the prompt: \(error)")
        }
        let context = backends.policy.descriptor.contextLength
        if context > 0, prompt.tokens.count >= context {
            throw ServerError.invalidValue(
                "messages", "The prompt needs \(prompt.tokens.count) tokens but the model's context holds \(context)")
        }
        let narrator = narrate.map { ProgressNarrator(emit: $0) }
        narrator?.start(settings: job.settings)
        let verifier: any ProcessRewardModel =
            job.settings.verifier == "self-certainty" ? SelfCertainty() : backends.verifier
        let searchContext = SearchContext(
            policy: backends.policy, verifier: verifier, grader: MathGrader(configuration: .voting),
            promptStyle: job.promptStyle, progress: progressHandler(narrator), trace: traceHandler(narrator))
        let (result, stopReason) = try await Self.search(
            job.strategy, job.problem, in: searchContext, deadline: job.settings.deadline)
        if result.candidates.allSatisfy({ $0.finishReason == .failed }),
            !result.candidates.isEmpty || result.accounting.failedRequests > 0
        {
            throw ServerError.backendUnavailable("every policy request failed")
        }
        narrator?.votes(result.votes, stopReason: stopReason)
        let outcome = Self.outcome(
            of: result, job: job, stopReason: stopReason, promptTokens: prompt.tokens.count)
        metrics.finished(
            strategy: job.settings.strategy.rawValue, outcome: stopReason,
            seconds: (ContinuousClock.now - start).seconds, promptTokens: outcome.usage.promptTokens,
            generatedTokens: outcome.usage.completionTokens,
            verifierTokens: result.accounting.verifier?.usage.processedTokens ?? 0)
        logger.info(
            "request done",
            metadata: [
                "id": "\(job.id)", "strategy": "\(job.settings.strategy.rawValue)",
                "budget": "\(job.strategy.budget)", "stop": "\(stopReason)",
                "tokens": "\(outcome.usage.completionTokens)", "user": "\(job.request.user ?? "")",
            ])
        return outcome
    }

    private func progressHandler(_ narrator: ProgressNarrator?) -> SearchProgressHandler? {
        guard let narrator else { return nil }
        return { narrator.progress($0) }
    }

    private func traceHandler(_ narrator: ProgressNarrator?) -> TraceHandler? {
        guard let narrator else { return nil }
        return { narrator.trace($0) }
    }

    private enum Finish: Sendable {
        case result(SearchResult)
        case deadline
        case sleepCancelled
    }

    /// The search, stopped at `deadline` with what it has (a cancelled strategy returns its partial result).
    static func search(
        _ strategy: any SearchStrategy, _ problem: Problem, in context: SearchContext, deadline: Duration?
    ) async throws -> (SearchResult, String) {
        try await withThrowingTaskGroup(of: Finish.self) { group in
            group.addTask { .result(try await strategy.search(problem, in: context)) }
            if let deadline {
                group.addTask {
                    do {
                        try await Task.sleep(for: deadline)
                        return .deadline
                    } catch {
                        return .sleepCancelled
                    }
                }
            }
            var timedOut = false
            while let finish = try await group.next() {
                switch finish {
                case .result(let result):
                    group.cancelAll()
                    let reason =
                        timedOut
                        ? "deadline"
                        : result.stopReason == .cancelled || Task.isCancelled ? "cancelled" : result.stopReason.rawValue
                    return (result, reason)
                case .deadline:
                    timedOut = true
                    group.cancelAll()
                case .sleepCancelled:
                    continue
                }
            }
            throw CancellationError()
        }
    }

    /// Choices, usage and the `ponder` block of a result.
    static func outcome(
        of result: SearchResult, job: CompletionJob, stopReason: String, promptTokens: Int
    ) -> CompletionOutcome {
        let choices = Self.choices(of: result, n: job.request.n, stops: job.request.stop)
        let returned = choices.reduce(0) { $0 + $1.generatedTokens }
        let policy = result.accounting.policy
        let generated = policy.usage.generatedTokens
        let usage = Usage(
            promptTokens: promptTokens, completionTokens: generated, totalTokens: promptTokens + generated,
            // The prompt tokens this request did not have to evaluate (a prefix already in the cache).
            promptTokensDetails: .init(cachedTokens: max(0, promptTokens - policy.usage.promptTokensEvaluated)),
            completionTokensDetails: .init(reasoningTokens: max(0, generated - returned)))
        func spend(_ compute: ModelCompute) -> ScalingReport.ModelSpend {
            .init(
                model: compute.model, promptTokensEvaluated: compute.usage.promptTokensEvaluated,
                promptTokensReused: compute.usage.promptTokensReused, generatedTokens: compute.usage.generatedTokens,
                flops: compute.flops, seconds: compute.seconds)
        }
        let settings = job.settings
        let tree = settings.strategy.isTreeSearch
        let report = ScalingReport(
            strategy: result.strategy, budget: result.budget, beamWidth: tree ? settings.beamWidth : nil,
            selection: settings.strategy.usesVerifier ? settings.selection.name : nil,
            verifier: settings.strategy.usesVerifier ? settings.verifier : nil, stopReason: stopReason,
            answer: result.answer,
            votes: result.votes.groups.sorted { $0.score > $1.score }.map {
                .init(answer: $0.answer, count: $0.members.count, score: $0.score)
            }, candidates: result.candidates.count, policy: spend(policy),
            verifierSpend: result.accounting.verifier.map(spend), wallSeconds: result.accounting.wallSeconds,
            plan: result.plan)
        return CompletionOutcome(
            result: result, stopReason: stopReason, promptTokens: promptTokens, choices: choices, usage: usage,
            report: report)
    }

    /// The `n` best distinct answers, each as its best-scored candidate's text (cut before a user stop).
    static func choices(of result: SearchResult, n: Int, stops: [String]) -> [ChoiceText] {
        var picked: [(Candidate, String?)] = []
        let groups = result.votes.groups.enumerated().sorted {
            // The winner first, then by score; ties keep the table's order.
            ($0.offset == result.votes.winner ? 1 : 0, $0.element.score) > (
                $1.offset == result.votes.winner ? 1 : 0, $1.element.score
            )
        }
        for (_, group) in groups.prefix(n) {
            let members = group.members.compactMap { index in result.candidates.first { $0.index == index } }
            if let best = members.max(by: { ($0.score ?? 0) < ($1.score ?? 0) }) {
                picked.append((best, group.answer))
            }
        }
        if picked.isEmpty, let fallback = result.candidates.max(by: { ($0.score ?? 0) < ($1.score ?? 0) }) {
            picked.append((fallback, nil))
        }
        return picked.enumerated().map { index, entry in
            let (candidate, answer) = entry
            var text = candidate.text
            var finish = candidate.finishReason == .length || candidate.finishReason == .stepLimit ? "length" : "stop"
            if let cut = stops.compactMap({ text.range(of: $0)?.lowerBound }).min() {
                text = String(text[..<cut])
                finish = "stop"
            }
            return ChoiceText(
                index: index, text: text, finishReason: finish, answer: answer,
                generatedTokens: candidate.generatedTokens)
        }
    }
}
