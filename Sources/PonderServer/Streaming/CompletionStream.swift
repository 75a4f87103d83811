import Foundation
import Hummingbird
import NIOCore
import PonderCore

/// One streamed response: the search's progress as `reasoning_content` while it runs, keep-alive comments
/// through silences, then the answer as `content`, the finish chunk with the `ponder` block, the usage chunk
/// when asked, and `data: [DONE]`. A failure becomes an `{"error": …}` event and the stream closes.
struct CompletionStream {
    let service: CompletionService
    let job: CompletionJob

    private enum Event: Sendable {
        case progress(String)
        case tick
        case done(Result<CompletionOutcome, any Error>)
    }

    func write(into writer: inout any ResponseBodyWriter) async throws {
        let start = ContinuousClock.now
        let (events, continuation) = AsyncStream<Event>.makeStream()
        let endpoint = job.request.endpoint
        let model = job.request.model
        func chunk(
            _ delta: CompletionResponse.Delta, index: Int = 0, finish: String? = nil, report: ScalingReport? = nil
        )
            throws -> ByteBuffer
        {
            Self.frame(
                try CompletionResponse.chunk(
                    endpoint: endpoint, id: job.id, created: job.created, model: model, index: index, delta: delta,
                    finishReason: finish, report: report))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [service, job] in
                do {
                    let outcome = try await service.run(job) { continuation.yield(.progress($0)) }
                    continuation.yield(.done(.success(outcome)))
                } catch {
                    continuation.yield(.done(.failure(error)))
                }
                continuation.finish()
            }
            let interval = service.configuration.keepAliveInterval
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    continuation.yield(.tick)
                }
            }
            defer { group.cancelAll() }
            if endpoint == .chat {
                try await writer.write(try chunk(.init(role: "assistant", content: "")))
            }
            var firstProgress = true
            var silent = true
            for await event in events {
                switch event {
                case .progress(let text):
                    silent = false
                    // Text completions have no reasoning field: their progress is only kept alive.
                    guard endpoint == .chat else { continue }
                    if firstProgress {
                        firstProgress = false
                        service.metrics.firstChunk(seconds: (ContinuousClock.now - start).seconds)
                    }
                    try await writer.write(try chunk(.init(reasoningContent: text, reasoning: text)))
                case .tick:
                    if silent { try await writer.write(ByteBuffer(string: ": keep-alive\n\n")) }
                    silent = true
                case .done(.success(let outcome)):
                    for choice in outcome.choices {
                        for piece in Self.pieces(of: choice.text) {
                            try await writer.write(try chunk(.init(content: piece), index: choice.index))
                        }
                        try await writer.write(
                            try chunk(
                                .init(), index: choice.index, finish: choice.finishReason,
                                report: choice.index == 0 ? outcome.report : nil))
                    }
                    if job.request.includeUsage {
                        try await writer.write(
                            Self.frame(
                                try CompletionResponse.usageChunk(
                                    endpoint: endpoint, id: job.id, created: job.created, model: model,
                                    usage: outcome.usage)))
                    }
                    try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
                    return
                case .done(.failure(let error)):
                    let serverError = ErrorEnvelopeMiddleware<BasicRequestContext>.serverError(error)
                    service.metrics.failed(status: Int(serverError.code.status.code))
                    try await writer.write(Self.frame(ErrorEnvelope(serverError).json()))
                    return
                }
            }
        }
    }

    /// `data: JSON` and the blank line that ends an event.
    static func frame(_ json: Data) -> ByteBuffer {
        var buffer = ByteBuffer(string: "data: ")
        buffer.writeBytes(json)
        buffer.writeString("\n\n")
        return buffer
    }

    /// The answer in pieces of a step each (the text split after each blank line), as a model would stream it.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: "\n\n") {
            pieces.append(String(rest[..<range.upperBound]))
            rest = rest[range.upperBound...]
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}
