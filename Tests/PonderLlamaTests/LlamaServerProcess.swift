import Foundation
import PonderRemote
import PonderTesting

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A llama-server the tests start on 127.0.0.1 with a free port, and always stop.
///
/// The binary comes from the llama.cpp the setup script installed: `$PONDER_LLAMA_PREFIX/bin/llama-server`, else
/// `$PONDER_HOME/llama.cpp-<commit>/prefix/bin/llama-server` (`PONDER_HOME` defaults to `~/.cache/ponder`).
enum LlamaServerProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The llama-server binary, if installed.
    static let binary: String? = {
        let environment = ProcessInfo.processInfo.environment
        let home = environment["PONDER_HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/ponder"
        let commit = environment["PONDER_LLAMA_COMMIT"] ?? "0c1e570"
        let prefix = environment["PONDER_LLAMA_PREFIX"] ?? "\(home)/llama.cpp-\(commit)/prefix"
        let path = prefix + "/bin/llama-server"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    static var isAvailable: Bool { binary != nil }

    /// Runs `body` with a llama-server serving `model`, stopping the server afterwards, also when `body` throws.
    static func with<T>(model: String, slots: Int = 4, _ body: (Endpoint) async throws -> T) async throws -> T {
        guard let binary else { throw Failure(description: "llama-server is not installed") }
        let port = try FreePort.find()  // llama-server has no `--port 0`
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "-m", model, "-t", "2", "-c", "8192", "-np", "\(slots)", "-kvu", "--no-webui", "--host", "127.0.0.1",
            "--port", "\(port)",
        ]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-llama-server-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let result: Result<T, any Error>
        do {
            try await waitForHealth(port: port, process: process, log: log)
            result = .success(try await body(try Endpoint("http://127.0.0.1:\(port)")))
        } catch {
            result = .failure(error)
        }
        await stop(process)
        try? handle.close()
        try? FileManager.default.removeItem(at: log)
        return try result.get()
    }

    /// ``stopBlocking(_:)`` on a thread of Dispatch's: the suite's cooperative threads (as many as cores) stay free
    /// for the other tests.
    private static func stop(_ process: Process) async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                stopBlocking(process)
                continuation.resume()
            }
        }
    }

    /// SIGTERM, up to 5 s to exit, then SIGKILL: a server that lingers on open connections never blocks a test.
    private static func stopBlocking(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<50 where process.isRunning { usleep(100_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func waitForHealth(port: Int, process: Process, log: URL) async throws {
        let url = URL(string: "http://127.0.0.1:\(port)/health")
        // Counted in time, not in tries: each try may wait long for its turn on a busy machine.
        let end = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < end {
            guard process.isRunning else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw Failure(
                    description: "llama-server exited with \(process.terminationStatus): \(output.suffix(2000))")
            }
            if let url, let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure(description: "llama-server on port \(port) was not healthy within 600 s")
    }
}
