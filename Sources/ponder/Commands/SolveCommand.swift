import ArgumentParser
import Foundation
import Logging
import PonderCore
import PonderLlama
import PonderMath

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
        let configuration = try engine.configuration(store: store)
        let width = kind == .cot ? 1 : n
        guard width <= configuration.maxSequences else {
            throw PonderError.budgetTooLarge(width, maximum: configuration.maxSequences, model: engine.model)
        }
        let verifierChoice = kind.usesVerifier ? try verifierOptions.choice(store: store, threads: engine.threads) : .selfCertainty
        let traceWriter = try trace.map(TraceWriter.init(path:))
        defer { traceWriter?.close() }

        let policy = LlamaPolicy(engine: try await LlamaEngine.load(configuration))
        let verifier = try await VerifierOptions.load(verifierChoice)
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
