import ArgumentParser

@main
struct Ponder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ponder",
        abstract: "Compute-optimal test-time scaling for language models.",
        subcommands: []
    )
}
