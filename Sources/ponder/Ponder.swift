import ArgumentParser

@main
struct Ponder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ponder",
        abstract: "Compute-optimal test-time scaling: small language models that think longer, well.",
        subcommands: [
            SolveCommand.self, EvalCommand.self, ReportCommand.self, GradeCommand.self, TraceCommand.self,
            ModelsCommand.self,
        ]
    )

    static func main() async {
        await main(NegativeValues.attached(Array(CommandLine.arguments.dropFirst())))
    }
}
