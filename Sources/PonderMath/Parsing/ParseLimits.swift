/// Bounds that keep parsing and comparison of hostile input fast and finite.
package struct ParseLimits: Sendable, Hashable {
    /// Longest normalised answer, in characters, that is parsed; longer ones are compared as text.
    package var maximumAnswerLength: Int = 1_000
    /// Deepest nesting of groups, fractions and calls.
    package var maximumDepth: Int = 48
    /// Most expression nodes in one answer.
    package var maximumNodes: Int = 2_000
    /// Most elements in one tuple, set, list or matrix.
    package var maximumElements: Int = 64

    package init() {}

    package static let standard = ParseLimits()
}
