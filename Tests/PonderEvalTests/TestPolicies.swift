import Foundation
import PonderCore
import PonderTesting
import Synchronization

/// Wraps a policy: the first `allowed` calls pass, later ones hang until cancelled (a process frozen
/// mid-run, to be killed). Counts calls and hung calls.
final class FreezingPolicy: PolicyModel, Sendable {
    private let base: any PolicyModel
    private let allowed: Int
    private let state = Mutex((calls: 0, frozen: 0))

    init(_ base: any PolicyModel, allowed: Int) {
        self.base = base
        self.allowed = allowed
    }

    var descriptor: ModelDescriptor { base.descriptor }
    var calls: Int { state.withLock { $0.calls } }
    var frozen: Int { state.withLock { $0.frozen } }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        let freeze = state.withLock { state in
            state.calls += 1
            if state.calls > allowed { state.frozen += 1 }
            return state.calls > allowed
        }
        if freeze { try await Task.sleep(for: .seconds(3600)) }
        return try await base.continueSolutions(requests, parameters: parameters, progress: progress)
    }

    /// Waits until `count` calls hang (polls; gives up after two minutes, and the test's assertions then fail).
    func waitUntilFrozen(_ count: Int) async throws {
        try await Polling.until { self.frozen >= count }
    }
}

/// Wraps a policy: calls wait until `width` calls have been in flight together once, and the largest number in
/// flight is recorded: proof that the runner overlaps problems, and by how much. The wait has no deadline a busy
/// machine could miss; only a runner that never overlaps `width` calls waits out its two-minute limit.
final class OverlapPolicy: PolicyModel, Sendable {
    private let base: any PolicyModel
    private let width: Int
    private let state = Mutex((inFlight: 0, most: 0, calls: 0))

    init(_ base: any PolicyModel, width: Int) {
        self.base = base
        self.width = width
    }

    var descriptor: ModelDescriptor { base.descriptor }
    var mostInFlight: Int { state.withLock { $0.most } }
    var calls: Int { state.withLock { $0.calls } }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        state.withLock { state in
            state.inFlight += 1
            state.calls += 1
            state.most = max(state.most, state.inFlight)
        }
        defer { state.withLock { $0.inFlight -= 1 } }
        // Hold the first calls until `width` overlap; a serial runner would leave `most` at 1 here.
        try await Polling.until { self.state.withLock { $0.most } >= self.width }
        return try await base.continueSolutions(requests, parameters: parameters, progress: progress)
    }
}

/// Wraps a policy and throws for problems whose statement contains `marker`.
struct FailingPolicy: PolicyModel {
    var base: any PolicyModel
    var marker: String

    var descriptor: ModelDescriptor { base.descriptor }

    func renderPrompt(_ messages: [ChatMessage]) async throws -> Prompt { try await base.renderPrompt(messages) }

    func continueSolutions(
        _ requests: [ContinuationRequest], parameters: SamplingParameters, progress: ProgressHandler?
    ) async throws -> [Continuation] {
        if requests.contains(where: { $0.solution.prompt.text.contains(marker) }) {
            throw PonderError.invalidParameter("problem", marker, expected: "a problem this fake can solve")
        }
        return try await base.continueSolutions(requests, parameters: parameters, progress: progress)
    }
}
