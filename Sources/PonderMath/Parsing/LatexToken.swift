/// One lexical unit of a LaTeX answer.
package enum LatexToken: Hashable, Sendable {
    /// Digits with at most one decimal point: `12`, `3.5`, `.5`.
    case number(String)
    /// A run of ASCII letters not preceded by a backslash: split into variables by the parser.
    case word(String)
    /// A control word without its backslash: `frac`, `pi`, `le`.
    case command(String)
    /// A single punctuation or operator character: `+ - * / ^ _ ( ) [ ] { } | , = < > ! & '`.
    case symbol(Character)
    /// `\{`
    case openSet
    /// `\}`
    case closeSet
    /// `\\` (a matrix row break).
    case rowBreak
    /// `\begin{name}`
    case begin(String)
    /// `\end{name}`
    case end(String)

    var isOpening: Bool {
        switch self {
        case .symbol("("), .symbol("["), .symbol("{"), .openSet, .begin: true
        default: false
        }
    }

    var isClosing: Bool {
        switch self {
        case .symbol(")"), .symbol("]"), .symbol("}"), .closeSet, .end: true
        default: false
        }
    }
}
