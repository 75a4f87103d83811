import Testing

@testable import PonderRemote

/// Server-sent events split across arbitrary chunks.
@Suite struct ServerSentEventParserTests {
    private func events(_ chunks: [String]) -> [String] {
        var parser = ServerSentEventParser()
        var events = chunks.flatMap { parser.feed(Array($0.utf8)) }
        events += parser.finish()
        return events.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func eventsSurviveAnyChunking() {
        let stream = "data: {\"a\":1}\n\ndata: {\"b\":2}\n\n"
        let expected = ["{\"a\":1}", "{\"b\":2}"]
        for split in 0...stream.utf8.count {
            let bytes = Array(stream.utf8)
            let chunks = [
                String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self),
            ]
            #expect(events(chunks) == expected, "split at \(split)")
        }
    }

    @Test func carriageReturnsCommentsAndMultilineData() {
        #expect(events([": ping\r\n\r\ndata: x\r\ndata: y\r\n\r\nevent: e\ndata:z\n\n"]) == ["x\ny", "z"])
    }

    @Test func aLastEventWithoutItsBlankLineIsKept() {
        #expect(events(["data: last"]) == ["last"])
    }
}
