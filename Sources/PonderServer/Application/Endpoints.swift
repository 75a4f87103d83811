import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PonderCore

/// The completion and model-list handlers: parse, plan, run, frame. Thin over ``CompletionService``.
struct Endpoints: Sendable {
    let service: CompletionService

    func models() -> Response {
        struct Model: Encodable {
            var id: String
            var object = "model"
            var created: Int
            var ownedBy = "ponder"
        }
        struct List: Encodable {
            var object = "list"
            var data: [Model]
        }
        let created = Int(Date().timeIntervalSince1970)
        let list = List(
            data: ModelAlias.listed(for: service.configuration.modelName, auto: service.plansAuto).map {
                Model(id: $0, created: created)
            })
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: (try? CompletionResponse.encoder.encode(list)) ?? Data())))
    }

    func complete(_ request: Request, endpoint: CompletionRequest.Endpoint) async throws -> Response {
        let limit = service.configuration.limits.maxBodyBytes
        var request = request
        let data: Data
        do {
            // Collected into the request (not just read), so the request still knows its connection and
            // `consumeWithCancellationOnInboundClose` below can watch it for the client going away.
            data = Data(try await request.collectBody(upTo: limit).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw ServerError.bodyTooLarge(limit: limit)
        }
        let parsed = try CompletionRequest(parsing: data, endpoint: endpoint, limits: service.configuration.limits)
        var headers: [String: String] = [:]
        for field in request.headers where field.name.canonicalName.hasPrefix("x-ponder-") {
            headers[field.name.canonicalName] = field.value
        }
        let job = try service.plan(parsed, headers: headers)
        try service.admission.refuseIfFull(retryAfter: CompletionService.retryAfterSeconds)
        let watched = request
        if parsed.stream {
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .connection: "close"],
                body: .init { [service] writer in
                    // A client that goes away cancels the search (and so its sequences on the engine).
                    try await watched.body.consumeWithCancellationOnInboundClose { _ in
                        try await CompletionStream(service: service, job: job).write(into: &writer)
                    }
                    try await writer.finish(nil)
                })
        }
        let outcome = try await watched.body.consumeWithCancellationOnInboundClose { _ in
            try await service.run(job)
        }
        let body = try CompletionResponse.body(
            endpoint: endpoint, id: job.id, created: job.created, model: parsed.model, choices: outcome.choices,
            usage: outcome.usage, report: outcome.report)
        // Watching for the client to go away ends the connection with the response.
        return Response(
            status: .ok, headers: [.contentType: "application/json", .connection: "close"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
