import ArgumentParser

@main
struct Ponder: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ponder",
        abstract: "Compute-optimal test-time scaling: small language models that think longer, well.",
        version: "0.3.0",
        subcommands: [
            SolveCommand.self, EvalCommand.self, ReportCommand.self, GradeCommand.self, TraceCommand.self,
            ModelsCommand.self, ServeCommand.self, JudgeCommand.self, CalibrateCommand.self,
        ]
    )

    /// ArgumentParser's entry point, with negative option values attached (``NegativeValues``) and the API key
    /// taken out of the error printed on the way out.
    static func main() async {
        do {
            var command = try parseAsRoot(NegativeValues.attached(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: SecretRedaction.redact(error))
        }
    }
}
