import ArgumentParser
import PonderCore

/// Flags for the tree strategies: beam width, lookahead, depth cap, length-capped paths.
struct SearchOptions: ParsableArguments {
    @Option(name: .long, help: "Beam width M: samples per kept beam (beam, dvts). N must be a multiple of M.")
    var beamWidth: Int = 4

    @Option(name: .long, help: "Greedy steps rolled out past a candidate to score it (beam, dvts).")
    var lookahead: Int = 0

    @Option(name: .long, help: "The most steps a path may have (beam, dvts).")
    var maxDepth: Int = 40

    @Flag(
        name: .long,
        help: """
            Keep a path that reaches a token limit as a finished, length-capped candidate (search-and-learn's \
            behaviour) instead of dropping it and sampling its parent again (beam, dvts).
            """)
    var keepCapped = false

    /// The tree parameters for budget `n` (validated by the strategy).
    func tree(n: Int) -> TreeSearchParameters {
        TreeSearchParameters(
            budget: n, beamWidth: beamWidth, maxDepth: maxDepth, lookahead: lookahead, keepLengthCapped: keepCapped)
    }
}
