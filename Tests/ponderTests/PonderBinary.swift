import Foundation

/// Runs the built `ponder` executable, as a user would.
enum PonderBinary {
    /// The executable next to the test bundle in the build folder.
    static let url: URL = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("ponder")
    }()

    struct Output {
        /// The exit status, or the signal's number when a signal ended the process.
        var status: Int32
        var stdout: String
        var stderr: String
        /// Whether a signal ended the process (a crash: a trap, a stack overflow), not an exit.
        var crashed = false

        /// Whether the process exited with an error status, not a crash.
        var failedCleanly: Bool { !crashed && status != 0 }
    }

    /// Runs `ponder` with `arguments` and optional standard input, and waits for it to exit on a thread of
    /// Dispatch's, not on one of the suite's cooperative threads: the suite starts every test at once, there are as
    /// many cooperative threads as cores (two on CI), and two tests blocked in a wait for a process stalled every
    /// other test (a task waited more than 20 s for its turn, and a request deadline ran out meanwhile).
    static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try runBlocking(arguments, input: input, environment: environment) })
            }
        }
    }

    /// ``run(_:input:environment:)``, blocking the calling thread: only for conditions that must be synchronous
    /// (a test's `.enabled(if:)`).
    static func runBlocking(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self), crashed: process.terminationReason == .uncaughtSignal)
    }
}
