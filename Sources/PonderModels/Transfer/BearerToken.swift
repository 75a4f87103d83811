import Foundation

/// An access token (`HF_TOKEN`) sent as `Authorization: Bearer …` to one host only, never to the hosts it
/// redirects to; it prints as `<redacted>`.
public struct BearerToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String
    /// The host the token is sent to (the Hub endpoint's).
    public let host: String

    /// What replaces the token in text.
    public static let placeholder = "<redacted>"

    /// Wraps a token for `host`; `nil` for an empty token or one with line breaks.
    public init?(_ value: String, host: String) {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isNewline) else { return nil }
        self.value = trimmed
        self.host = host
    }

    /// The `Authorization` header value.
    var headerValue: String { "Bearer \(value)" }

    public var description: String { Self.placeholder }
    public var debugDescription: String { "BearerToken(\(Self.placeholder), host: \(host))" }

    /// `text` with the token replaced by `<redacted>`.
    public func redact(_ text: String) -> String {
        text.contains(value) ? text.replacing(value, with: Self.placeholder) : text
    }
}

extension Optional where Wrapped == BearerToken {
    /// `text` with the token, if any, replaced by `<redacted>`.
    func redact(_ text: String) -> String {
        self?.redact(text) ?? text
    }
}
