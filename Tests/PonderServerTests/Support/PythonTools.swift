import Foundation
import PonderTesting
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

    /// Runs `executable` with `arguments`; its standard output and error, one after the other.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> (status: Int32, output: String)
    {
        let result = try await PonderExecutable.run(
            arguments, environment: environment, executable: URL(fileURLWithPath: executable))
        return (result.status, result.stdout + result.stderr)
    }
}
