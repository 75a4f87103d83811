import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PonderTesting
import Testing

/// The real `ponder serve` on the default model, driven by the official OpenAI Python client: chat, `n`,
/// streaming with progress and usage, and each error status as the client's exception class
/// (`Clients/openai_client.py`).
@Suite(.serialized) struct OpenAIClientTests {
    static var modelInstalled: Bool {
        let models = PythonTools.home + "/models"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: models)) ?? []
        return files.contains { $0.hasPrefix("qwen2.5-coder-0.5b") && $0.hasSuffix(".gguf") }
    }

    @Test func theOfficialClientGetsScaledAnswersStreamsAndErrors() async throws {
        guard let bin = PythonTools.bin, Self.modelInstalled else {
            #expect(!PythonTools.isRequired, "the OpenAI client or the default model is missing: run make test")
            return
        }
        let port = try FreePort.find()
        let server = Process()
        server.executableURL = PonderExecutable.url
        server.arguments = [
            "serve", "--port", "\(port)", "--server-api-key", "sk-client-test", "--max-running", "1",
            "--max-waiting", "0", "--max-body-bytes", "100000", "--max-tokens", "192", "--context", "8192",
            "--max-sequences", "16",
        ]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-serve-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        server.standardOutput = handle
        server.standardError = handle
        try server.run()
        defer {
            if server.isRunning { server.terminate() }
            server.waitUntilExit()
        }
        // Up when /health answers (the model loads first); a server that exits fails at once.
        let up = try await Polling.until(limit: .seconds(600)) {
            guard server.isRunning else { return true }
            let health = try? await HTTPClient.shared.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(10))
            return health?.status == .ok
        }
        let serverLog = { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        try #require(up && server.isRunning, "ponder serve did not start:\n\(serverLog())")
        let client = try await PythonTools.run(
            bin + "/python",
            [
                PythonTools.clients.appendingPathComponent("openai_client.py").path, "http://127.0.0.1:\(port)/v1",
                "sk-client-test", "qwen2.5-coder-0.5b",
            ])
        #expect(client.status == 0, "client checks failed:\n\(client.output)\nserver:\n\(serverLog().suffix(3000))")
        // The key never reaches the server's log.
        #expect(!serverLog().contains("sk-client-test"))
        server.terminate()
        server.waitUntilExit()
        #expect(server.terminationReason == .exit, "ponder serve stops cleanly on SIGTERM")
    }
}
