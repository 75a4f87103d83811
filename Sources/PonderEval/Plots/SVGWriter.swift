import Foundation

/// Builds SVG markup: elements with escaped attributes and text, numbers with two decimals.
struct SVGWriter {
    private(set) var markup = ""

    /// An element with no children.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        markup += "<\(name)\(Self.attributes(attributes))/>\n"
    }

    /// An element holding text.
    mutating func text(_ content: String, _ attributes: KeyValuePairs<String, String>) {
        markup += "<text\(Self.attributes(attributes))>\(Self.escape(content))</text>\n"
    }

    /// Opens an element; close it with ``close(_:)``.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        markup += "<\(name)\(Self.attributes(attributes))>\n"
    }

    /// Closes an element.
    mutating func close(_ name: String) {
        markup += "</\(name)>\n"
    }

    /// Raw markup (already escaped).
    mutating func raw(_ text: String) {
        markup += text
    }

    /// A coordinate with at most two decimals.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }

    /// Text escaped for XML content and attribute values.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func attributes(_ attributes: KeyValuePairs<String, String>) -> String {
        attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }
}
