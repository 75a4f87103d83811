import PonderRemote
import Testing

/// Configuration is checked once, with the offending value in the message.
@Suite struct ConfigurationTests {
    @Test(arguments: ["ftp://host", "http://", "127.0.0.1:8000", "http://h:1/?q=1"])
    func badURLsAreRejected(url: String) {
        #expect { try Endpoint(url) } throws: { "\($0)".hasPrefix("Invalid server URL '\(url)'") }
    }

    @Test func urlsAreNormalised() throws {
        #expect(try Endpoint("http://127.0.0.1:8000/v1/").baseURL == "http://127.0.0.1:8000")
        #expect(try Endpoint(" https://example.com/api ").url("/tokenize") == "https://example.com/api/tokenize")
    }

    @Test func configurationValuesAreChecked() throws {
        let endpoint = try Endpoint("http://127.0.0.1:1")
        #expect(throws: RemoteError.self) { try RemoteConfiguration(endpoints: []).validated() }
        #expect(throws: RemoteError.self) { try RemoteConfiguration(endpoints: [endpoint, endpoint]).validated() }
        #expect(throws: RemoteError.self) { try RemoteConfiguration(endpoints: [endpoint], timeout: .zero).validated() }
        #expect(throws: RemoteError.self) {
            try RemoteConfiguration(endpoints: [endpoint], connectTimeout: .zero).validated()
        }
        #expect(throws: RemoteError.self) { try RemoteConfiguration(endpoints: [endpoint], maxInFlight: 0).validated() }
        #expect(throws: RemoteError.self) { try RemoteConfiguration(endpoints: [endpoint], model: "").validated() }
        #expect(throws: RemoteError.self) { try APIKey("") }
        #expect(throws: RemoteError.self) { try APIKey("two\nlines") }
    }
}
