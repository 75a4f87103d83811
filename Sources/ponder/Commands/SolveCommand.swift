import ArgumentParser
import Foundation
import Logging
import PonderCore
import PonderLlama
import PonderMath
import PonderRemote

/// `ponder solve`: one problem, one strategy, on the embedded model.
struct SolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a problem with test-time scaling on a local model.",
        discussion: """
            The problem comes from the argument, --file, or standard input. The default prompt is the paper's \
            for Qwen models: a system message asking for step-by-step reasoning and a \\boxed{} answer.
            """
    )

    @Argument(help: "The problem text (omit to use --file or standard input).")
    var problem: String?

    @Option(name: .long, help: "Read the problem from this file.")
    var file: String?

    @Option(name: .long, help: "Strategy: \(StrategyKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var strategy: String = StrategyKind.majority.rawValue

    @Option(name: .shortAndLong, help: "Budget: the number of solutions sampled (N).")
    var n: Int = 8

    @Option(name: .long, help: "Selection rule of best-of-n, beam and dvts: majority, prm-last-vote, prm-last-max, prm-min-vote, prm-avg-max, prm-prod-vote, ….")
    var select: String = SelectionRule.lastVote.name

    @Option(name: .long, help: "Write the search tree to this file as JSON lines (beam, dvts).")
    var trace: String?

    @Option(name: .long, help: "The system prompt (empty for none).")
    var system: String = PromptStyle.qwenSystemPrompt

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @Flag(name: .long, help: "Print every candidate's full solution.")
    var showSolutions = false

    @Flag(name: .long, help: "Log debugging details to standard error.")
    var verbose = false

    @OptionGroup(title: "Model")
    var engine: EngineOptions

    @OptionGroup(title: "Sampling")
    var sampling: SamplingOptions

    @OptionGroup(title: "Tree search")
    var search: SearchOptions

    @OptionGroup(title: "Verifier")
    var verifierOptions: VerifierOptions

    @OptionGroup(title: "Remote servers")
    var remote: RemoteOptions

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        // Everything the user typed is checked before any model loads.
        let kind = try StrategyKind(parsing: strategy)
        let selection = try SelectionRule(parsing: select)
        let parameters = try sampling.parameters()
        let tree = search.tree(n: n)
        _ = try kind.makeStrategy(tree: tree, parameters: parameters, selection: selection)
        let problem = try Problem(statement: readProblem()).validated()
        let store = ModelStore.standard()
        let remotePolicy = try remote.policyConfiguration(), remoteVerifier = try remote.verifierConfiguration()
        let remoteKind = kind.usesVerifier && remoteVerifier != nil ? try remote.verifierKind(verifierOptions) : nil
        let configuration = remotePolicy == nil ? try engine.configuration(store: store) : nil
        let width = kind == .cot ? 1 : n
        if let configuration, width > configuration.maxSequences {
            throw PonderError.budgetTooLarge(width, maximum: configuration.maxSequences, model: engine.model)
        }
        let verifierChoice = kind.usesVerifier && remoteKind == nil ? try verifierOptions.choice(store: store, threads: engine.threads) : .selfCertainty
        let traceWriter = try trace.map(TraceWriter.init(path:))
        defer { traceWriter?.close() }

        let transport = remote.transport()
        let policy = try await remote.policy(remotePolicy, orLocal: configuration, transport: transport)
        let verifier = try await remote.verifier(remoteKind, remoteVerifier, orLocal: verifierChoice, transport: transport)
        let strategy = try kind.makeStrategy(tree: tree, parameters: parameters, selection: selection, verifier: verifier)
        let context = SearchContext(
            policy: policy,
            grader: MathGrader(configuration: .voting),
            promptStyle: PromptStyle(systemPrompt: system),
            progress: json ? nil : ProgressLine.handler(label: "\(kind.rawValue) N=\(strategy.budget)"),
            trace: traceWriter?.handler
        )
        if !json {
            ResultPrinter.printHeader(problem: problem, strategy: strategy, model: policy.descriptor, verifier: kind.usesVerifier ? verifier : nil)
        }
        let result = try await strategy.search(problem, in: context)
        ProgressLine.clear()
        if json {
            print(try ResultPrinter.json(result))
        } else {
            ResultPrinter.show(result, showSolutions: showSolutions)
        }
    }

    private func readProblem() throws -> String {
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
