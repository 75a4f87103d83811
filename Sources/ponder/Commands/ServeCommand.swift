import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PonderBackends
import PonderCore
import PonderEval
import PonderServer

/// `ponder serve`: an OpenAI-compatible endpoint that applies test-time scaling to every request.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the OpenAI API with test-time scaling on every request (chat and text completions).",
        discussion: """
            Each request runs a search; its settings come from, later winning: the flags below (the defaults), \
            the model alias (MODEL@STRATEGY-N, e.g. qwen2.5-coder-0.5b@beam-16), the X-Ponder-Strategy, \
            X-Ponder-Budget and X-Ponder-Deadline headers, and the body's "ponder" object (strategy, budget, \
            beam_width, lookahead, selection, verifier, deadline), which the OpenAI clients send through \
            extra_body. The clients' key is --server-api-key or PONDER_SERVER_API_KEY; --api-key stays the key of \
            the upstream servers (--policy-url), as in every other command. Strategy auto plans each request \
            with the planner profile (--profile; default: the one shipped for the default policy) and is offered \
            where the profile was measured on the served policy (or with --force-profile).
            """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: "Key clients must send as 'Authorization: Bearer KEY' (or PONDER_SERVER_API_KEY).")
    var serverAPIKey: String?

    @Option(name: .long, help: "The model id clients name (default: the --model name, or the policy's).")
    var servedModelName: String?

    @Option(name: .long, help: "Default strategy: \(ScalingStrategy.allNames.joined(separator: ", ")).")
    var strategy: String = StrategyKind.majority.rawValue

    @Option(name: .customLong("n"), help: "Default budget N.")
    var budget: Int = 8

    @Option(name: .long, help: "Default selection rule of best-of-n, beam, dvts and particle-filter.")
    var select: String = SelectionRule.lastVote.name

    @Option(name: .long, help: "Seconds after which any search stops with its best answer so far.")
    var requestDeadline: Double?

    @Option(name: .long, help: "Searches run at once; more wait.")
    var maxRunning: Int = 4

    @Option(name: .long, help: "Requests that may wait for a slot; more get 429 with Retry-After.")
    var maxWaiting: Int = 64

    @Option(name: .long, help: "Largest request body in bytes.")
    var maxBodyBytes: Int = 1 << 20

    @Option(name: .customLong("max-n"), help: "Largest 'n' (distinct answers returned).")
    var maxN: Int = 8

    @Option(name: .long, help: "Largest budget a request may ask for.")
    var maxBudget: Int = 64

    @Option(name: .long, help: "Largest max_tokens a request may ask for.")
    var maxRequestTokens: Int = 8192

    @Option(name: .long, help: "Seconds of silence in a stream before a keep-alive comment.")
    var keepAlive: Double = 10

    @Option(name: .long, help: "The system prompt of requests that send none (empty for none).")
    var system: String = PromptStyle.qwenSystemPrompt

    @Flag(name: .long, help: "Log each request to standard error.")
    var verbose = false

    @OptionGroup(title: "Sampling (defaults of requests that set none)")
    var sampling: SamplingOptions

    @OptionGroup(title: "Tree search")
    var search: SearchOptions

    @OptionGroup(title: "Planner (strategy auto)")
    var planner: PlannerOptions

    @OptionGroup
    var backendOptions: BackendOptions

    func run() async throws {
        LogSetup.bootstrap(verbose: verbose)
        let (configuration, backendConfiguration) = try makeConfiguration()
        let logger = Logger(label: "ponder.serve")
        let backends = try await backendConfiguration.make(logger: Logger(label: "ponder.backends"))
        var served = configuration
        served.modelName = servedModelName ?? Self.defaultName(backendOptions, backends: backends)
        let service = CompletionService(configuration: served, backends: backends, logger: logger)
        if served.defaults.strategy == .auto, !service.plansAuto {
            try? await backends.shutdown()
            let measured = served.planner.map { "\($0.profile.policy.name) (\($0.source))" } ?? "none"
            throw CommandFailure(
                "The default strategy auto needs a planner profile measured on '\(backends.policy.descriptor.name)'; "
                    + "the profile is for \(measured): pass --profile FILE from ponder calibrate, or --force-profile")
        }
        let app = buildApplication(service: service, logger: logger)
        StandardError.write("Serving '\(served.modelName)' on http://\(host):\(port)/v1 (Ctrl-C stops)\n")
        do {
            try await app.runService()
        } catch {
            try? await backends.shutdown()
            throw CommandFailure("Server stopped: \(error)")
        }
        try await backends.shutdown()
    }

    /// The server's configuration and the backends', checked before anything loads.
    func makeConfiguration() throws -> (ServerConfiguration, BackendConfiguration) {
        guard (0...65535).contains(port) else { throw ValidationError("Invalid port '\(port)': expected 0 to 65535") }
        for (name, value) in [
            ("max-running", maxRunning), ("max-body-bytes", maxBodyBytes), ("max-n", maxN), ("max-budget", maxBudget),
            ("max-request-tokens", maxRequestTokens), ("n", budget),
        ] where value < 1 {
            throw ValidationError("Invalid \(name) '\(value)': expected at least 1")
        }
        guard maxWaiting >= 0 else { throw ValidationError("Invalid max-waiting '\(maxWaiting)': expected 0 or more") }
        guard keepAlive > 0 else { throw ValidationError("Invalid keep-alive '\(keepAlive)': expected seconds > 0") }
        if let requestDeadline, !(requestDeadline > 0) {
            throw ValidationError("Invalid request-deadline '\(requestDeadline)': expected seconds > 0")
        }
        let selection = try SelectionRule(parsing: select)
        let parameters = try sampling.parameters()
        let tree = search.tree(n: budget)
        let (profile, source) = try ShippedProfiles.resolve(planner.profile)
        let serverPlanner = PlannerSettings(profile: profile, source: source, forceProfile: planner.forceProfile)
        let scaling: ScalingStrategy
        let defaultStrategy: any SearchStrategy
        if strategy.lowercased() == AutoStrategy.name {
            scaling = .auto
            defaultStrategy = try AutoStrategy(
                profile: profile, profileSource: source, limits: try PlanBudget(generations: budget),
                seed: parameters.seed, forceProfile: planner.forceProfile)
        } else {
            let kind = try StrategyKind(parsing: strategy, alsoKnown: [AutoStrategy.name])
            scaling = .fixed(kind)
            defaultStrategy = try kind.makeStrategy(tree: tree, parameters: parameters, selection: selection)
        }
        let backends = try backendOptions.configuration().validated(
            for: Workload(strategies: [defaultStrategy], sampling: parameters))
        let verifierKind = backendOptions.verifier.verifier
        var configuration = ServerConfiguration(
            host: host, port: port,
            apiKey: serverAPIKey ?? ProcessInfo.processInfo.environment["PONDER_SERVER_API_KEY"],
            modelName: servedModelName ?? "",
            defaults: ScalingSettings(
                strategy: scaling, budget: budget, beamWidth: tree.beamWidth, lookahead: tree.lookahead,
                selection: selection, verifier: verifierKind, maxDepth: tree.maxDepth,
                // Search-and-learn's behaviour unless asked otherwise: a capped path is still an answer.
                keepLengthCapped: true),
            sampling: parameters, systemPrompt: system.isEmpty ? nil : system, verifierKind: verifierKind,
            limits: ServerLimits(
                maxBodyBytes: maxBodyBytes, maxN: maxN, maxBudget: maxBudget, maxTokens: maxRequestTokens,
                maxRunning: maxRunning, maxWaiting: maxWaiting),
            requestDeadline: requestDeadline.map { .milliseconds(Int64($0 * 1000)) },
            keepAliveInterval: .milliseconds(Int64(keepAlive * 1000)), planner: serverPlanner)
        // `--seed` fixes the seed of requests without one; otherwise each draws its own, as OpenAI's API does.
        configuration.drawsSeeds = sampling.seed == nil
        return (configuration, backends)
    }

    /// The catalog name when the model is one (`qwen2.5-coder-0.5b`), else the policy's own name.
    static func defaultName(_ options: BackendOptions, backends: Backends) -> String {
        if options.remote.policyURLs.isEmpty, !options.engine.model.hasSuffix(".gguf") {
            return options.engine.model
        }
        return backends.policy.descriptor.name
    }
}
