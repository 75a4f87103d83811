/// A command-line option whose values are the raw values of its cases (`--seed-scheme per-problem|shared`).
public protocol NamedChoice: RawRepresentable<String>, CaseIterable {
    /// The option's name, in errors.
    static var optionName: String { get }
}

extension NamedChoice {
    /// Parses one of the cases' raw values.
    ///
    /// - Throws: ``EvalError`` naming the option and every value it takes for anything else.
    public init(parsing text: String) throws {
        guard let value = Self(rawValue: text) else {
            throw EvalError.invalidParameter(
                Self.optionName, text, expected: Self.allCases.map(\.rawValue).joined(separator: " or "))
        }
        self = value
    }
}
