import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PonderCore
import PonderTesting
import Testing

@testable import PonderServer

/// Bounded load on loopback against scripted models: many requests at once, and streams dropped mid-way.
@Suite(.serialized) struct LoadTests {
    static let body = #"{"model": "tiny", "messages": [{"role": "user", "content": "What is 3 + 4?"}]}"#

    @Test func aThousandRequestsAtConcurrency32AllSucceed() async throws {
        let policy = ScriptedPolicy(answers: ["7", "7", "8", "7"])
        let configuration = ServerHarness.configuration(limits: ServerLimits(maxRunning: 8, maxWaiting: 64))
        try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        var statuses: [Int] = []
                        for _ in stride(from: worker, to: 1000, by: 32) {
                            statuses.append(try await server.chat(Self.body).status)
                        }
                        return statuses
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 1000)
            #expect(
                statuses.allSatisfy { $0 == 200 },
                "statuses: \(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
            #expect(policy.calls.count == 1000)
            #expect(server.service.admission.running == 0 && server.service.admission.waiting == 0)
            let metrics = try await server.request(.GET, "/metrics").body
            #expect(metrics.contains(#"ponder:num_requests_running{model_name="tiny"} 0"#))
        }
    }

    @Test func fiftyStreamsDroppedAfterTheirFirstChunkFreeEverything() async throws {
        let policy = HangingPolicy()
        let configuration = ServerHarness.configuration(limits: ServerLimits(maxRunning: 8, maxWaiting: 64))
        try await ServerHarness.withServer(policy: policy, configuration: configuration) { server in
            let stream =
                #"{"model": "tiny", "stream": true, "messages": [{"role": "user", "content": "What is 3 + 4?"}]}"#
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/v1/chat/completions")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: stream))
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
                        for try await _ in response.body { break }
                    }
                }
                try await group.waitForAll()
            }
            // Eight searches were running and 42 waiting when their clients hung up: all must end.
            let start = ContinuousClock.now
            try await Polling.until {
                server.service.admission.running == 0 && server.service.admission.waiting == 0
            }
            let seconds = (ContinuousClock.now - start).seconds
            #expect(server.service.admission.running == 0 && server.service.admission.waiting == 0)
            #expect(policy.cancelled == policy.calls, "every search that started was cancelled")
            let metrics = try await server.request(.GET, "/metrics").body
            #expect(metrics.contains(#"ponder:num_requests_running{model_name="tiny"} 0"#))
            #expect(metrics.contains(#"ponder:num_requests_waiting{model_name="tiny"} 0"#))
            print("50 dropped streams: running and waiting back to zero \(seconds) s after the last client left")
        }
    }
}
