import Foundation
import Testing

/// The Python tools `scripts/setup-test-tools.sh` installs (the OpenAI client, schemathesis) and the files
/// the server's client checks live in.
enum PythonTools {
    static var home: String {
        ProcessInfo.processInfo.environment["PONDER_HOME"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/ponder").path
    }

    /// The virtual environment's `bin` folder, or `nil` when the tools are not installed.
    static var bin: String? {
        let bin = home + "/test-venv/bin"
        return FileManager.default.isExecutableFile(atPath: bin + "/python") ? bin : nil
    }

    /// Whether a missing tool must fail the run (`make test` and CI set it, and install the tools).
    static var isRequired: Bool { ProcessInfo.processInfo.environment["PONDER_REQUIRE_MODELS"] == "1" }

    /// This test target's `Clients` folder.
    static let clients = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Clients")

    struct Output: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs `executable` with `arguments`, standard output and error together, off the cooperative pool.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-tool-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        return Output(status: status, output: try String(contentsOf: log, encoding: .utf8))
    }
}
