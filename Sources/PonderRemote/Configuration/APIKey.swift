import PonderCore

/// A bearer token for the servers' `Authorization` header.
///
/// The key never appears in descriptions, logs or errors: printing an `APIKey` prints `<redacted>`, and text
/// that came from a server (an error body that echoes the headers it received) passes through ``redact(_:)``
/// before Ponder prints or logs it.
public struct APIKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    let value: String

    /// What replaces the key in text.
    public static let placeholder = "<redacted>"

    /// Wraps a key.
    ///
    /// - Throws: ``RemoteError`` for an empty key or one with line breaks (it would corrupt the header).
    public init(_ value: String) throws {
        guard !value.isEmpty, !value.contains(where: \.isNewline) else {
            throw RemoteError.invalidConfiguration("API key", Self.placeholder, expected: "a non-empty key on one line")
        }
        self.value = value
    }

    /// The `Authorization` header value.
    var headerValue: String { "Bearer \(value)" }

    public var description: String { Self.placeholder }
    public var debugDescription: String { "APIKey(\(Self.placeholder))" }

    /// `text` with every occurrence of the key replaced by `<redacted>`: the key as sent, and as a JSON string
    /// would hold it (a server that echoes the header inside a JSON body escapes `/`, `"` and `\`).
    public func redact(_ text: String) -> String {
        var redacted = text
        for form in forms where redacted.contains(form) {
            redacted = redacted.replacing(form, with: Self.placeholder)
        }
        return redacted
    }

    /// The spellings of the key that text may hold, longest first so a longer one is not cut by a shorter one.
    private var forms: [String] {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "/": escaped += "\\/"
            default: escaped.append(character)
            }
        }
        let unescapedSlashes = escaped.replacing("\\/", with: "/")
        return Array(Set([value, escaped, unescapedSlashes])).sorted { $0.count > $1.count }
    }
}
