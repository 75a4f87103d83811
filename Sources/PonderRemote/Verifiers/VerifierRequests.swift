import Logging
import PonderCore

/// Runs a verifier's per-request work concurrently and turns failures into degraded scores: a request that
/// fails after its retries gets ``StepScores/failure(count:)`` (as many zeros as `expected` says it has scores);
/// the call throws only when every request failed.
enum VerifierRequests {
    static func score(
        _ requests: [StepScoringRequest],
        logger: Logger,
        expected: (StepScoringRequest) -> Int = { $0.steps.count - $0.firstStep },
        _ work: @escaping @Sendable (StepScoringRequest) async throws -> StepScores
    ) async throws -> [StepScores] {
        guard !requests.isEmpty else { return [] }
        var results = [Result<StepScores, any Error>?](repeating: nil, count: requests.count)
        await withTaskGroup(of: (Int, Result<StepScores, any Error>).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask {
                    do {
                        return (index, .success(try await work(request)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for await (index, result) in group { results[index] = result }
        }
        var scores: [StepScores] = []
        var errors: [any Error] = []
        for (index, result) in results.enumerated() {
            switch result {
            case .success(let value)?:
                scores.append(value)
            case .failure(let error)?:
                errors.append(error)
                scores.append(.failure(count: expected(requests[index])))
            case nil:
                scores.append(.failure(count: expected(requests[index])))
            }
        }
        if errors.count == requests.count,
            let error = errors.first(where: { !($0 is CancellationError) }) ?? errors.first
        {
            throw error
        }
        for error in errors where !(error is CancellationError) {
            logger.warning("Scoring failed; the path scores 0", metadata: ["error": "\(error)"])
        }
        return scores
    }
}
