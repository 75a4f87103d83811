import ArgumentParser
import PonderCore

/// Flags that make a search spend only what it needs: a stopping rule for majority, best-of-n, beam and dvts, a
/// deadline and a FLOPs budget for every strategy.
struct StoppingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Stop once the answer is settled: <rule>:<threshold> or decided (majority, best-of-n, beam, dvts; N becomes a maximum).",
            discussion: """
                Rules: beta (the top two answers' counts), dirichlet (every answer's count), weighted-beta and \
                weighted-dirichlet (counts weighted by verifier scores; best-of-n, beam, dvts). The threshold is the \
                posterior probability that the leading answer is the most likely one, e.g. beta:0.95. decided takes \
                no threshold: it stops once the samples left cannot change the count vote's winner, so majority \
                returns exactly its answer at N without waiting for the slowest samples. Beam and dvts tally their \
                finished paths after each depth and stop the beams still expanding once it is reached. Clauses \
                /give-up=S and /min=K may follow the rule (beta:0.8/give-up=0.5), as --give-up and --min-samples. \
                Majority and best-of-n show the rule their samples in sample order (it decides on samples 0..<k once \
                all have finished, as `ponder report` replays it); /order=finish decides as samples finish, sooner \
                but on the shorter samples, which are more often wrong. /window=W keeps at most W samples in flight \
                (majority, best-of-n): the first ones decode in a narrower, faster batch and the rest start only \
                while the rule has not stopped.
                """))
    var stop: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also stop when no answer is likely to hold this share of the samples, e.g. 0.5 (with a threshold --stop).",
            discussion: """
                The search gives up once the posterior probability that the leading answer's share of the samples \
                is at least the share falls below 1 − the rule's threshold: the answers are too dispersed for more \
                samples to be worth their compute, and the vote so far answers (stop reason dispersed).
                """))
    var giveUp: Double?

    @Option(
        name: .long,
        help: "The fewest samples (finished paths for beam, dvts) before --stop may stop the search (default 1).")
    var minSamples: Int?

    @Option(name: .long, help: "Stop the search at this time with its best answer so far: 500ms, 30s, 2m, 1h.")
    var deadline: String?

    @Option(
        name: .long,
        help:
            "Stop the search once policy and verifier have spent this many FLOPs (2 × parameters × tokens), e.g. 1e13."
    )
    var budgetFlops: String?

    /// The stopping rule, if `--stop` was given.
    func rule() throws -> StoppingRule? {
        guard let stop else {
            if let minSamples {
                throw ValidationError("--min-samples \(minSamples) needs a stopping rule (--stop beta:0.95)")
            }
            if let giveUp { throw ValidationError("--give-up \(giveUp) needs a stopping rule (--stop beta:0.8)") }
            return nil
        }
        return try StoppingRule(parsing: stop, minimumSamples: minSamples ?? 1, giveUpShare: giveUp)
    }

    /// The deadline and FLOPs budget.
    func limits() throws -> SearchLimits {
        let flops = try budgetFlops.map { text in
            guard let value = Double(text) else {
                throw PonderError.invalidParameter("budget-flops", text, expected: "a positive number such as 1e13")
            }
            return value
        }
        return try SearchLimits(deadline: try deadline.map(SearchLimits.duration(parsing:)), flops: flops)
    }
}
