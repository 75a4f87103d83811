import ArgumentParser
import Foundation
import Logging
import PonderBackends
import PonderCore
import PonderMath

/// `ponder solve`: one problem, one strategy, on the embedded model or on servers.
struct SolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a problem with test-time scaling on a local model or on servers.",
        discussion: """
            The problem comes from the argument, --file, or standard input (give only one). The default prompt is \
            the paper's for Qwen models: a system message asking for step-by-step reasoning and a \\boxed{} answer.
            """
    )

    @Argument(help: "The problem text (omit to use --file or standard input).")
    var problem: String?

    @Option(name: .long, help: "Read the problem from this file.")
    var file: String?

    @Option(
        name: .long,
        help: "Strategy: \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", ")), or auto (the planner).")
    var strategy: String = StrategyKind.majority.rawValue

    @Option(name: .long, help: "Budget: the number of solutions sampled (N); pass a negative as --n=-3.")
    var n: Int = 8

    /// `-n` is the budget in some tools and the most tokens to generate in llama.cpp (`-n 512`): it is an
    /// error that names both long flags rather than a guess.
    @Option(name: .customShort("n"), help: .hidden)
    var ambiguousN: String?

    @Option(
        name: .long,
        help:
            "Selection rule of best-of-n, beam, dvts and particle-filter: majority, prm-last-vote, prm-last-max, prm-min-vote, prm-avg-max, prm-prod-vote, … (default: prm-last-max for particle-filter, prm-last-vote otherwise)."
    )
    var select: String?

    @Option(name: .long, help: "Write the search tree to this file as JSON lines (beam, dvts, particle-filter).")
    var trace: String?

    @Option(name: .long, help: "The system prompt (empty for none).")
    var system: String = PromptStyle.qwenSystemPrompt

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Flag(name: .long, help: "Print every candidate's full solution.")
    var showSolutions = false

    @Flag(name: .long, help: "Log debugging details to standard error.")
    var verbose = false

    @OptionGroup(title: "Sampling")
    var sampling: SamplingOptions

    @OptionGroup(title: "Tree search")
    var search: SearchOptions

    @OptionGroup(title: "Planner (--strategy auto)")
    var planner: PlannerOptions

    @OptionGroup(title: "Stopping early")
    var stopping: StoppingOptions

    @OptionGroup
    var backendOptions: BackendOptions

    /// What the flags ask for, checked before any model loads.
    struct Request {
        var problem: Problem
        var strategy: any SearchStrategy
        var backends: BackendConfiguration
        var promptStyle: PromptStyle
    }

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        try await backendOptions.fetchHubModels()
        let request = try makeRequest(readingInput: true)
        let traceWriter = try trace.map(TraceWriter.init(path:))
        defer { traceWriter?.close() }
        let backends = try await request.backends.make(logger: Logger(label: "ponder.backends"))
        if !json {
            ResultPrinter.printHeader(
                problem: request.problem, strategy: request.strategy, model: backends.policy.descriptor,
                verifier: request.strategy.usesVerifier ? backends.verifier : nil)
        }
        let progress = json ? nil : ProgressLine()
        let result = try await Self.solve(
            request, on: backends, progress: progress?.handler, trace: traceWriter?.handler)
        traceWriter?.finish(with: result)
        try await backends.shutdown()
        progress?.clear()
        if json {
            print(try ResultPrinter.json(result))
        } else {
            ResultPrinter.show(result, showSolutions: showSolutions)
        }
    }

    /// Parses and checks everything the user typed; nothing loads.
    func makeRequest(readingInput: Bool) throws -> Request {
        if let ambiguousN {
            throw ValidationError(
                "-n is ambiguous (llama.cpp reads it as the most tokens to generate): write --n \(ambiguousN) for "
                    + "the budget N (solutions sampled) or --max-tokens \(ambiguousN) for the most tokens per solution")
        }
        var parameters = try sampling.parameters()
        let mode = try backendOptions.verifier.mode()
        let strategy: any SearchStrategy
        let limits = try stopping.limits()
        if self.strategy.lowercased() == AutoStrategy.name {
            if let rule = try stopping.rule() {
                throw ValidationError(
                    "--stop \(rule.name) applies to majority, best-of-n, beam and dvts; --strategy auto chooses its own stopping"
                )
            }
            let auto = try planner.strategy(generations: n, limits: limits, seed: parameters.seed)
            // The backends must hold what the profile's configurations were measured with.
            parameters = auto.profile.probe.sampling
            parameters.seed = auto.seed
            strategy = limits.isLimited ? LimitedSearch(auto, limits: limits) : auto
        } else {
            let kind = try StrategyKind(parsing: self.strategy, alsoKnown: [AutoStrategy.name])
            strategy = try kind.makeStrategy(
                tree: search.tree(n: n), parameters: parameters,
                selection: try select.map(SelectionRule.init(parsing:)) ?? kind.defaultSelection, mode: mode,
                particles: try search.particles(), stopping: try stopping.rule(), limits: limits)
        }
        let traced = (strategy as? LimitedSearch)?.base ?? strategy
        if trace != nil, !(traced is TreeSearch || traced is ParticleFilter) {
            throw ValidationError(
                "--trace draws the tree of beam, dvts and particle-filter; strategy '\(strategy.name)' has none")
        }
        let problem = try Problem(statement: readingInput ? readProblem() : (self.problem ?? "")).validated()
        let backends = try backendOptions.configuration().validated(
            for: Workload(strategies: [strategy], sampling: parameters, verifierMode: mode))
        return Request(
            problem: problem, strategy: strategy, backends: backends, promptStyle: PromptStyle(systemPrompt: system))
    }

    /// Runs the request's strategy on `backends`: the whole of `solve` past parsing.
    static func solve(
        _ request: Request, on backends: Backends, progress: SearchProgressHandler? = nil,
        trace: TraceHandler? = nil
    ) async throws -> SearchResult {
        try await request.strategy.search(
            request.problem,
            in: backends.context(
                grader: MathGrader(configuration: .voting), promptStyle: request.promptStyle, progress: progress,
                trace: trace))
    }

    private func readProblem() throws -> String {
        if problem != nil, file != nil {
            throw ValidationError("Give the problem once: as an argument or with --file, not both")
        }
        if let problem { return problem }
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read problem file '\(file)'")
            }
            return String(decoding: data, as: UTF8.self)
        }
        guard isatty(0) == 0 else { throw PonderError.emptyProblem() }
        return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
}
