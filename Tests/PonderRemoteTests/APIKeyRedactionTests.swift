import Foundation
import Logging
import PonderCore
import PonderRemote
import PonderTesting
import Synchronization
import Testing

/// The API key never leaves Ponder in text: not when a server (or a proxy) echoes the `Authorization` header it
/// received in an error body, not in logs, not on the command line's output.
@Suite struct APIKeyRedactionTests {
    private static let secret = "sk-echo-Secret/123\"4"

    /// Collects every log entry (message, metadata, error) as text.
    private final class LogCapture: Sendable {
        private let entries = Mutex<[String]>([])
        var all: [String] { entries.withLock { $0 } }

        func logger() -> Logger {
            var logger = Logger(label: "capture") { _ in Handler(capture: self) }
            logger.logLevel = .trace
            return logger
        }

        struct Handler: LogHandler {
            let capture: LogCapture
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(event: LogEvent) {
                let error = event.error.map { " error=\($0)" } ?? ""
                capture.entries.withLock { $0.append("\(event.message) \(event.metadata ?? [:])\(error)") }
            }
        }
    }

    @Test func redactionRemovesTheKeyAsSentAndAsJSONEscapesIt() throws {
        let key = try APIKey(Self.secret)
        #expect(key.redact("Authorization: Bearer sk-echo-Secret/123\"4.") == "Authorization: Bearer <redacted>.")
        #expect(key.redact(#"{"h": "Bearer sk-echo-Secret\/123\"4"}"#) == #"{"h": "Bearer <redacted>"}"#)
        #expect(key.redact(#"{"h": "Bearer sk-echo-Secret/123\"4"}"#) == #"{"h": "Bearer <redacted>"}"#)
        #expect(key.redact("nothing secret here") == "nothing secret here")
    }

    @Test(arguments: [FakeVLLM.Echo.jsonMessage, .plainText])
    func anErrorBodyEchoingTheKeyIsRedactedFromTheErrorAndTheLogs(echo: FakeVLLM.Echo) async throws {
        let fake = FakeVLLM()
        let capture = LogCapture()
        try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                let configuration = RemoteTest.configuration([endpoint], apiKey: try APIKey(Self.secret))
                let policy = try await RemotePolicy.connect(
                    configuration, transport: transport, logger: capture.logger())
                let prompt = try await policy.renderPrompt(PromptStyle().messages(for: RemoteTest.problem))
                // A retried 500 (logged at debug) and then a 401, each echoing the header.
                fake.update {
                    $0.echoesAuthorization = echo
                    $0.failures["/v1/completions"] = [500, 401]
                }
                await #expect {
                    try await policy.continueSolutions(
                        [ContinuationRequest(solution: PartialSolution(prompt: prompt), extent: .nextStep, seed: 1)],
                        parameters: RemoteTest.parameters, progress: nil)
                } throws: { error in
                    let message = "\(error)"
                    return (error as? RemoteError)?.status == 401 && message.contains("injected failure 401")
                        // A plain-text body is cut at 300 bytes, which may cut the placeholder too.
                        && message.contains("Bearer <redact") && !message.contains("sk-echo")
                }
                #expect(fake.requests(to: "/v1/completions").last?.authorization == "Bearer \(Self.secret)")
            }
        }
        let logs = capture.all.joined(separator: "\n")
        #expect(logs.contains("injected failure 500"), "the retry was logged: \(logs)")
        #expect(!logs.contains("sk-echo"), "\(logs)")
    }

    @Test func aProbeRefusedWithAnEchoIsRedacted() async throws {
        let fake = FakeVLLM()
        fake.update {
            $0.echoesAuthorization = .jsonMessage
            $0.failures["/v1/models"] = [403]
        }
        _ = try await fake.withServer { endpoint in
            try await RemoteTest.withTransport { transport in
                await #expect {
                    try await RemotePolicy.connect(
                        RemoteTest.configuration([endpoint], apiKey: try APIKey(Self.secret)), transport: transport)
                } throws: { error in
                    "\(error)".contains("answered 403") && !"\(error)".contains("sk-echo")
                }
            }
        }
    }

    // MARK: - The command line

    @Test func solveNeverPrintsAKeyGivenAsAFlagThatTheServerEchoes() async throws {
        let fake = FakeVLLM()
        fake.update {
            $0.echoesAuthorization = .jsonMessage
            $0.failures["/v1/models"] = [401]
        }
        try await fake.withServer { endpoint in
            let run = try await PonderExecutable.run([
                "solve", "--policy-url", endpoint.baseURL, "--api-key", "sk-cli-echoed-secret", "What is 2+2?",
            ])
            #expect(run.failedCleanly, "an error exit: \(run.stderr)")
            #expect(run.stderr.contains("answered 401"), "\(run.stderr)")
            #expect(run.stderr.contains("Bearer <redacted>"), "\(run.stderr)")
            #expect(!run.stderr.contains("sk-cli") && !run.stdout.contains("sk-cli"), "\(run.stderr)")
            #expect(fake.requests.first?.authorization == "Bearer sk-cli-echoed-secret")
        }
    }

    @Test func solveNeverPrintsOrLogsAKeyFromTheEnvironmentThatTheServerEchoes() async throws {
        let fake = FakeVLLM()
        fake.update {
            $0.echoesAuthorization = .plainText
            $0.failures["/v1/models"] = [503]
        }
        try await fake.withServer { endpoint in
            let run = try await PonderExecutable.run(
                ["solve", "--policy-url", endpoint.baseURL, "--verbose", "What is 2+2?"],
                environment: ["PONDER_API_KEY": "sk-env-echoed-secret"])
            #expect(run.failedCleanly, "an error exit: \(run.stderr)")
            #expect(run.stderr.contains("Server unavailable at start-up"), "the failure was logged: \(run.stderr)")
            #expect(run.stderr.contains("answered 503"), "\(run.stderr)")
            #expect(!run.stderr.contains("sk-env") && !run.stdout.contains("sk-env"), "\(run.stderr)")
        }
    }
}
