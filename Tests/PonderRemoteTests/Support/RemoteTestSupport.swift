import Foundation
import PonderCore
import PonderRemote

/// Shared set-up of the tests against the fake server.
enum RemoteTest {
    /// Quick retries so tests do not wait long on backoff.
    static let quickRetry = RetryPolicy(
        maxAttempts: 3, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40))

    /// The deadline of every call that is not about deadlines: far beyond any wait a busy machine can cause. The
    /// suite runs its tests side by side on two cores, and a task can wait 20 s and more before it is scheduled; an
    /// unreachable server then failed on its 20 s deadline instead of its refused connection. Tests of deadlines set
    /// a short one on a call whose reply never comes.
    static let longTimeout = Duration.seconds(600)

    static func configuration(
        _ endpoints: [Endpoint], timeout: Duration = longTimeout, retry: RetryPolicy = quickRetry,
        apiKey: APIKey? = nil,
        cooldown: Duration = .seconds(3600)
    ) -> RemoteConfiguration {
        RemoteConfiguration(
            endpoints: endpoints, apiKey: apiKey, timeout: timeout, connectTimeout: timeout, retry: retry,
            cooldown: cooldown)
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
