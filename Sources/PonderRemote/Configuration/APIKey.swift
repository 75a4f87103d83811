import PonderCore

/// A bearer token for the servers' `Authorization` header.
///
/// The key never appears in descriptions, logs or errors: printing an `APIKey` prints `<redacted>`.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    /// Wraps a key.
    ///
    /// - Throws: ``RemoteError`` for an empty key or one with line breaks (it would corrupt the header).
    public init(_ value: String) throws {
        guard !value.isEmpty, !value.contains(where: \.isNewline) else {
            throw RemoteError.invalidConfiguration("API key", "<redacted>", expected: "a non-empty key on one line")
        }
        self.value = value
    }

    /// The `Authorization` header value.
    var headerValue: String { "Bearer \(value)" }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "APIKey(<redacted>)" }
}
