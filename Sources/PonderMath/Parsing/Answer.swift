/// The mathematical object an answer denotes, as recognised from its structure.
package indirect enum Answer: Hashable, Sendable {
    /// A single number or expression.
    case expression(Expression)
    /// `lhs = rhs`.
    case equation(Expression, Expression)
    /// An inequality chain that is not a single-variable interval (`x + y < 3`).
    case relation([Expression], [RelationOperator])
    /// A bracketed list: a tuple, point, vector or interval. Brackets are `(`/`[` and `)`/`]`.
    case bracketed(open: Character, close: Character, [Answer])
    /// `\{ … \}`: an unordered set.
    case set([Answer])
    /// Items separated by commas with no outer brackets (all solutions of an equation): unordered.
    case list([Answer])
    /// `A \cup B \cup …`: unordered.
    case union([Answer])
    /// Rows of cells.
    case matrix([[Expression]])
    /// Anything else, as its normalised, lower-cased text.
    case text(String)
}

/// An order or inequality relation.
package enum RelationOperator: String, Hashable, Sendable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case notEqual = "!="

    /// The relation with its sides swapped (`a < b` is `b > a`).
    var flipped: RelationOperator {
        switch self {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        case .notEqual: .notEqual
        }
    }
}
