import Foundation
import PonderCore
import PonderRemote

/// Shared set-up of the tests against the fake server.
enum RemoteTest {
    /// Quick retries so tests do not wait long on backoff.
    static let quickRetry = RetryPolicy(
        maxAttempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40))

    static func configuration(
        _ endpoints: [Endpoint], timeout: Duration = .seconds(20), retry: RetryPolicy = quickRetry,
        apiKey: APIKey? = nil,
        cooldown: Duration = .seconds(30)
    ) -> RemoteConfiguration {
        RemoteConfiguration(endpoints: endpoints, apiKey: apiKey, timeout: timeout, retry: retry, cooldown: cooldown)
    }

    /// Runs `body` with a transport that is shut down afterwards, also when `body` throws.
    static func withTransport<T: Sendable>(_ body: (RemoteTransport) async throws -> T) async throws -> T {
        let transport = RemoteTransport()
        do {
            let value = try await body(transport)
            try await transport.shutdown()
            return value
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    static let problem = Problem(statement: "What is 2+2?")
    static let parameters = SamplingParameters(
        temperature: 0.7, topP: 0.9, topK: 5, seed: 11, maxStepTokens: 64, maxTokens: 256)

    static func step(_ text: String) -> Step {
        Step(text: text, tokens: FakeVocabulary.tokenize(text))
    }
}
