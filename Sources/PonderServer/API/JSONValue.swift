public import Foundation

/// A parsed JSON value: requests are read through it so that every wrong field gets a 400 naming it.
package enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses a request body.
    ///
    /// - Throws: ``ServerError`` (400) when the body is not a JSON object.
    package static func parseObject(_ data: Data) throws -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw ServerError.malformed("Request body is not valid JSON")
        }
        guard case .object(let object) = value else {
            throw ServerError.malformed("Request body must be a JSON object")
        }
        return object
    }

    /// The JSON type's name, for error messages.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// Typed reads of one JSON object's fields; each failure names the field by its path.
package struct JSONFields {
    package let object: [String: JSONValue]
    /// The path prefix of these fields (`""` at the top, `"ponder."` inside the `ponder` object).
    package let path: String

    package init(_ object: [String: JSONValue], path: String = "") {
        self.object = object
        self.path = path
    }

    private func value(_ key: String) -> JSONValue? {
        switch object[key] {
        case .none, .some(.null): nil
        case .some(let value): value
        }
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> ServerError {
        .invalidValue(path + key, "Invalid type for '\(path + key)': expected \(expected), got \(value.typeName)")
    }

    /// Keys present that are not in `known`.
    package func unknownKeys(known: Set<String>) -> [String] {
        object.keys.filter { !known.contains($0) }.sorted()
    }

    package func string(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let string) = value else { throw wrongType(key, "a string", value) }
        return string
    }

    package func bool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let bool) = value else { throw wrongType(key, "a boolean", value) }
        return bool
    }

    package func double(_ key: String) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.isFinite else { throw wrongType(key, "a number", value) }
        return number
    }

    package func int(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.isFinite, number == number.rounded(),
            abs(number) < 1e15
        else { throw wrongType(key, "an integer", value) }
        return Int(number)
    }

    package func array(_ key: String) throws -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let array) = value else { throw wrongType(key, "an array", value) }
        return array
    }

    package func objectFields(_ key: String) throws -> JSONFields? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else { throw wrongType(key, "an object", value) }
        return JSONFields(object, path: path + key + ".")
    }

    /// A string or an array of strings (OpenAI's `stop`).
    package func strings(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        switch value {
        case .string(let string): return [string]
        case .array(let items):
            return try items.map { item in
                guard case .string(let string) = item else {
                    throw wrongType(key, "a string or an array of strings", item)
                }
                return string
            }
        default: throw wrongType(key, "a string or an array of strings", value)
        }
    }

    /// Whether the key is present with a non-null value.
    package func has(_ key: String) -> Bool { value(key) != nil }

    package func raw(_ key: String) -> JSONValue? { value(key) }
}
