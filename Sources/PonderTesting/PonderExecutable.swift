public import Foundation

/// Runs the built `ponder` executable as a user would, from tests that sit next to it in the build folder.
public enum PonderExecutable {
    /// What a run printed and how it ended.
    public struct Output: Sendable {
        /// The exit status, or the signal's number when a signal ended the process.
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Whether a signal ended the process (a crash: a trap, a stack overflow), not an exit.
        public var crashed = false

        /// Whether the process exited with an error status, not a crash.
        public var failedCleanly: Bool { !crashed && status != 0 }
    }

    /// The executable next to the running test bundle.
    public static var url: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("ponder")
    }

    /// Runs `ponder` (or `executable`) with `arguments`, extra `environment` variables and `input` as its standard
    /// input (none when `nil`), and waits for it to exit without blocking a cooperative thread. Input and output go
    /// through files, so a long run cannot fill a pipe.
    public static func run(
        _ arguments: [String], input: String? = nil, environment: [String: String] = [:], executable: URL = url
    ) async throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out"), err = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let input {
            let file = directory.appendingPathComponent("in")
            try Data(input.utf8).write(to: file)
            process.standardInput = try FileHandle(forReadingFrom: file)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let (status, crashed): (Int32, Bool) = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = {
                continuation.resume(returning: ($0.terminationStatus, $0.terminationReason == .uncaughtSignal))
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Output(
            status: status, stdout: try String(contentsOf: out, encoding: .utf8),
            stderr: try String(contentsOf: err, encoding: .utf8), crashed: crashed)
    }
}
