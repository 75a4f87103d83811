import Foundation
import Hummingbird
import Logging
import NIOCore
import PonderCore
import PonderRemote
import PonderTesting
import Synchronization

/// An in-process vLLM stand-in serving the documented JSON shapes of `/v1/models`, `/tokenize`, `/detokenize`,
/// `/v1/completions` (token ids in, `token_ids` out, `prompt_logprobs`) and `/pooling`, with switches for the
/// failures the client must survive. It records every request.
final class FakeVLLM: Sendable {
    struct Recorded: Sendable {
        var path: String
        var body: Data
        var authorization: String?

        /// The body as a JSON object.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    }

    struct Behaviour: Sendable {
        /// Statuses answered, in order, to the next requests of a path, before answering normally.
        var failures: [String: [Int]] = [:]
        /// Paths answered with a body that is not JSON.
        var malformed: Set<String> = []
        /// Paths whose requests get no reply until ``releaseHeld()`` (or the server stops): a reply slower than
        /// any deadline, whatever the machine's load.
        var held: Set<String> = []
        /// Whether completions return `token_ids` (older vLLM does not).
        var returnsTokenIDs = true
        /// Rows added to (or removed from) each `/pooling` result.
        var poolingRowDelta = 0
        /// The reported `cached_tokens`, or nil to leave the field out.
        var cachedTokens: Int? = 3
        /// How injected failures quote the request's `Authorization` header back, as a careless server or proxy
        /// does; `nil` leaves it out.
        var echoesAuthorization: Echo?
    }

    /// Where an error body repeats the `Authorization` header.
    enum Echo: Sendable {
        /// In the JSON error's message.
        case jsonMessage
        /// In a plain-text body, the key starting 8 bytes before the 300th (where a client that cuts bodies
        /// would cut: a 3-digit status and `Bearer ` assumed).
        case plainText
    }

    let model = "fake/qwen-math"
    private let state = Mutex<(behaviour: Behaviour, requests: [Recorded])>((Behaviour(), []))
    private let hold = Gate()

    init(_ behaviour: Behaviour = Behaviour()) {
        state.withLock { $0.behaviour = behaviour }
    }

    var requests: [Recorded] { state.withLock { $0.requests } }
    func requests(to path: String) -> [Recorded] { requests.filter { $0.path == path } }
    func update(_ change: (inout Behaviour) -> Void) { state.withLock { change(&$0.behaviour) } }

    /// Lets every held request (``Behaviour/held``) be answered, now and from now on.
    func releaseHeld() { hold.open() }

    /// Requests waiting for ``releaseHeld()``.
    var heldCount: Int { hold.waitingCount }

    // MARK: - Server

    /// A fake running on 127.0.0.1 with a port the system chose.
    final class Running: Sendable {
        let endpoint: Endpoint
        private let task: Task<Void, any Error>
        private let fake: FakeVLLM

        fileprivate init(endpoint: Endpoint, task: Task<Void, any Error>, fake: FakeVLLM) {
            self.endpoint = endpoint
            self.task = task
            self.fake = fake
        }

        /// Stops the server (answering held requests first); connections to it are refused afterwards.
        func stop() async {
            fake.releaseHeld()
            task.cancel()
            _ = await task.result
        }
    }

    /// Starts the server on port 0 and waits until it listens.
    func start() async throws -> Running {
        var logger = Logger(label: "fake-vllm")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        // The test owns this task: `stop()` cancels and awaits it, and every test stops its servers.
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw RemoteError.invalidConfiguration("fake server port", "none", expected: "a bound port")
        }
        return Running(endpoint: try Endpoint("http://127.0.0.1:\(port)"), task: task, fake: self)
    }

    /// Runs `body` with the server up, and stops it afterwards, also when `body` throws.
    func withServer<T: Sendable>(_ body: (Endpoint) async throws -> T) async throws -> T {
        let running = try await start()
        do {
            let value = try await body(running.endpoint)
            await running.stop()
            return value
        } catch {
            await running.stop()
            throw error
        }
    }

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/models") { request, _ in
            try await self.answer(request, path: "/v1/models") { _ in
                ["object": "list", "data": [["id": self.model, "object": "model", "max_model_len": 4096]]]
            }
        }
        for path in ["/tokenize", "/detokenize", "/v1/completions", "/pooling"] {
            router.post(RouterPath(path)) { request, _ in
                try await self.answer(request, path: path) { body in try self.handle(path, body) }
            }
        }
        return router
    }

    private func answer(
        _ request: Request, path: String, _ handler: @Sendable ([String: Any]) throws -> Any
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 24)
        let data = Data(buffer.readableBytesView)
        let authorization = request.headers[.authorization] ?? ""
        let (status, malformed, echo, isHeld) = state.withLock { state -> (Int?, Bool, Echo?, Bool) in
            state.requests.append(Recorded(path: path, body: data, authorization: request.headers[.authorization]))
            var status: Int?
            if var queue = state.behaviour.failures[path], !queue.isEmpty {
                status = queue.removeFirst()
                state.behaviour.failures[path] = queue
            }
            let behaviour = state.behaviour
            let echo = behaviour.echoesAuthorization
            return (status, behaviour.malformed.contains(path), echo, behaviour.held.contains(path))
        }
        if isHeld { await hold.wait() }
        if let status {
            switch echo {
            case nil:
                return Self.json(["error": ["message": "injected failure \(status)", "code": status]], status: status)
            case .jsonMessage:
                let message = "injected failure \(status); request had Authorization: \(authorization)"
                return Self.json(["error": ["message": message, "code": status]], status: status)
            case .plainText:
                let padding = String(repeating: "x", count: 248)
                let text = "injected failure \(status) \(padding) Authorization: \(authorization)"
                return Response(
                    status: .init(code: status), headers: [.contentType: "text/plain"],
                    body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        if malformed {
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: "{\"choices\": [oops")))
        }
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        do {
            return Self.json(try handler(body), status: 200)
        } catch let error as FakeError {
            return Self.json(["error": ["message": error.message, "code": 400]], status: 400)
        }
    }

    struct FakeError: Error {
        var message: String
    }

    private static func json(_ object: Any, status: Int) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        return Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: - Endpoints

    private func handle(_ path: String, _ body: [String: Any]) throws -> Any {
        switch path {
        case "/tokenize":
            let tokens: [TokenID]
            if let messages = body["messages"] as? [[String: String]] {
                let pairs = messages.map { (role: $0["role"] ?? "", content: $0["content"] ?? "") }
                tokens = FakeVocabulary.tokenize(
                    FakeVocabulary.render(pairs, addGenerationPrompt: body["add_generation_prompt"] as? Bool ?? true))
            } else {
                tokens = FakeVocabulary.tokenize(body["prompt"] as? String ?? "")
            }
            return ["count": tokens.count, "max_model_len": 4096, "tokens": tokens]
        case "/detokenize":
            let tokens = (body["tokens"] as? [Int] ?? []).map(TokenID.init)
            return ["prompt": FakeVocabulary.detokenize(tokens)]
        case "/v1/completions":
            return try complete(body)
        case "/pooling":
            return try pool(body)
        default:
            throw FakeError(message: "no route \(path)")
        }
    }

    private func complete(_ body: [String: Any]) throws -> Any {
        let behaviour = state.withLock { $0.behaviour }
        let prompt: [TokenID]
        if let ids = body["prompt"] as? [Int] {
            prompt = ids.map(TokenID.init)
        } else if let text = body["prompt"] as? String {
            prompt = FakeVocabulary.tokenize(text)
        } else {
            throw FakeError(message: "prompt must be token ids or text")
        }
        guard let maxTokens = body["max_tokens"] as? Int, maxTokens >= 1 else { throw FakeError(message: "max_tokens") }
        let n = body["n"] as? Int ?? 1
        let asIDs = body["return_tokens_as_token_ids"] as? Bool ?? false
        let topK = body["logprobs"] as? Int
        // Where the solution stands: the tokens after the last assistant header.
        var generatedSoFar: [TokenID] = []
        if let header = (0..<max(0, prompt.count - 1)).last(where: { prompt[$0] == 4 && prompt[$0 + 1] == 5 }) {
            generatedSoFar = Array(prompt[(header + 2)...])
        }
        let solution = FakeVocabulary.solution
        let isSolution =
            generatedSoFar.count <= solution.count && Array(solution.prefix(generatedSoFar.count)) == generatedSoFar
        var output: [TokenID] = []
        var finish = "length"
        var stopReason: Any = NSNull()
        let stops = body["stop"] as? [String] ?? []
        var text = ""
        // Verifiers ask for token-id keys; the policy never does.
        if isSolution, !asIDs {
            for token in solution[generatedSoFar.count...] {
                guard output.count < maxTokens else { break }
                output.append(token)
                if token == FakeVocabulary.endOfText {
                    finish = "stop"
                    break
                }
                let piece = String(decoding: FakeVocabulary.piece(token), as: UTF8.self)
                text += piece
                if let stop = stops.first(where: { text.contains($0) }), let range = text.range(of: stop) {
                    text = String(text[..<range.upperBound])
                    finish = "stop"
                    stopReason = stop
                    break
                }
            }
        } else {
            // A judging or scoring prompt: one token, "Yes".
            output = [FakeVocabulary.yes]
            text = "Yes"
        }
        let strings = output.map {
            $0 == FakeVocabulary.endOfText ? "" : String(decoding: FakeVocabulary.piece($0), as: UTF8.self)
        }
        var logprobs: [String: Any] = [
            "tokens": strings, "token_logprobs": output.map { _ in -0.25 }, "text_offset": output.indices.map { $0 },
        ]
        if let topK, topK > 0 {
            logprobs["top_logprobs"] = output.map { _ in judge(prompt, asIDs: asIDs) }
        }
        var choice: [String: Any] = [
            "text": text, "finish_reason": finish, "stop_reason": stopReason, "logprobs": logprobs,
        ]
        if behaviour.returnsTokenIDs, body["return_token_ids"] as? Bool == true {
            choice["token_ids"] = output
            choice["prompt_token_ids"] = prompt
        }
        if let k = body["prompt_logprobs"] as? Int {
            choice["prompt_logprobs"] = promptLogprobs(prompt, k: k)
        }
        let choices = (0..<n).map { index -> [String: Any] in
            var copy = choice
            copy["index"] = index
            return copy
        }
        var usage: [String: Any] = [
            "prompt_tokens": prompt.count, "completion_tokens": output.count * n,
            "total_tokens": prompt.count + output.count * n,
        ]
        if let cached = behaviour.cachedTokens {
            usage["prompt_tokens_details"] = ["cached_tokens": min(cached, prompt.count)]
        }
        return ["id": "cmpl-1", "object": "text_completion", "model": model, "choices": choices, "usage": usage]
    }

    /// The judge's next-token distribution: it doubts steps that say "two".
    private func judge(_ prompt: [TokenID], asIDs: Bool) -> [String: Double] {
        let text = FakeVocabulary.detokenize(prompt)
        let judged = text.split(separator: "\n").last(where: { $0.hasPrefix("Step ") && $0.contains(": ") }) ?? ""
        let yes = judged.contains("two") ? 0.2 : 0.9
        let key = { (token: TokenID) in
            asIDs ? "token_id:\(token)" : String(decoding: FakeVocabulary.piece(token), as: UTF8.self)
        }
        return [
            key(FakeVocabulary.yes): log(yes * 0.9), key(FakeVocabulary.no): log((1 - yes) * 0.9), key(7): log(0.1),
        ]
    }

    /// Per prompt position: the actual token and the labels "+" and "-". After a step tag (" ки") or an assistant
    /// header, P(+) is 0.25 for a step that says "two" and 0.8 otherwise; elsewhere it is 0.5.
    private func promptLogprobs(_ prompt: [TokenID], k: Int) -> [Any] {
        var entries: [Any] = [NSNull()]
        for position in 1..<max(1, prompt.count) {
            let before = FakeVocabulary.detokenize(Array(prompt[..<position]))
            var plus = 0.5
            if before.hasSuffix(" ки") || before.hasSuffix("assistant\n") {
                let trimmed = before.hasSuffix(" ки") ? String(before.dropLast(3)) : before
                let step = trimmed.components(separatedBy: " ки").last?.components(separatedBy: "user\n").last ?? ""
                plus = step.contains("two") ? 0.25 : 0.8
            }
            var entry: [String: Any] = [
                "\(FakeVocabulary.plus)": ["logprob": log(plus * 0.9), "rank": 1, "decoded_token": "+"],
                "\(FakeVocabulary.minus)": ["logprob": log((1 - plus) * 0.9), "rank": 2, "decoded_token": "-"],
            ]
            if entry["\(prompt[position])"] == nil {
                entry["\(prompt[position])"] = ["logprob": log(0.05), "rank": 3, "decoded_token": ""]
            }
            _ = k
            entries.append(entry)
        }
        return entries
    }

    private func pool(_ body: [String: Any]) throws -> Any {
        guard let messages = body["messages"] as? [[String: String]], let answer = messages.last?["content"] else {
            throw FakeError(message: "pooling needs messages")
        }
        let steps = answer.components(separatedBy: "<extra_0>").dropLast()
        var rows = steps.map { step -> [Double] in
            let good = step.contains("two") ? 0.3 : 0.9
            return [1 - good, good]
        }
        let delta = state.withLock { $0.behaviour.poolingRowDelta }
        if delta < 0 { rows.removeLast(min(-delta, rows.count)) }
        if delta > 0 { rows += Array(repeating: [0.5, 0.5], count: delta) }
        return [
            "id": "pool-1", "object": "list", "model": model,
            "data": [["index": 0, "object": "pooling", "data": rows]],
            "usage": ["prompt_tokens": 40, "total_tokens": 40, "completion_tokens": 0],
        ]
    }
}
