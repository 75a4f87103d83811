import Foundation
import PonderTesting

/// Runs the built `ponder` executable, as a user would.
enum PonderBinary {
    typealias Output = PonderExecutable.Output

    /// Runs `ponder` with `arguments` and optional standard input, and waits for it to exit without holding one of
    /// the suite's cooperative threads (``PonderExecutable/run(_:input:environment:executable:)``): the suite starts
    /// every test at once, there are as many cooperative threads as cores (two on CI), and tests blocked in a wait
    /// for a process stalled the others (a task waited more than 20 s for its turn, and a request deadline ran out).
    static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) async throws -> Output {
        try await PonderExecutable.run(arguments, input: input, environment: environment)
    }
}
