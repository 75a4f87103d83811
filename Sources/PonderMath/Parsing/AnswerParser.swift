/// Recognises the structure of a normalised answer and parses its parts into ``Expression``s.
///
/// In order: a matrix environment; a union of intervals or sets (`\cup`); a single `\pm`, expanded
/// to the list of both signs; items separated by top-level commas (an unordered list); a whole
/// answer wrapped in brackets (`\{…\}` a set; `(…)`, `[…]`, `(…]`, `[…)` with two or more items a
/// tuple or interval; a single item in matching brackets is just grouped); a single `=` (an
/// equation); inequalities, turned into intervals when one side is a lone variable; and otherwise
/// an expression. What fails to parse is kept as ``Answer/text(_:)``.
package struct AnswerParser: Sendable {
    package var limits: ParseLimits

    package init(limits: ParseLimits = .standard) {
        self.limits = limits
    }

    /// The structure of `normalised` (output of ``AnswerNormaliser``).
    package func parse(_ normalised: String) -> Answer {
        let text = Answer.text(normalised.lowercased())
        guard normalised.count <= limits.maximumAnswerLength,
            let tokens = LatexLexer.tokens(of: normalised, maximumTokens: limits.maximumNodes)
        else { return text }
        return parse(tokens, depth: 0) ?? text
    }

    private static let relationOperators: [LatexToken: RelationOperator] = [
        .symbol("<"): .less, .command("lt"): .less, .command("le"): .lessOrEqual, .command("leq"): .lessOrEqual,
        .command("leqslant"): .lessOrEqual, .symbol(">"): .greater, .command("gt"): .greater,
        .command("ge"): .greaterOrEqual, .command("geq"): .greaterOrEqual, .command("geqslant"): .greaterOrEqual,
        .command("ne"): .notEqual, .command("neq"): .notEqual,
    ]

    private func parse(_ tokens: [LatexToken], depth: Int) -> Answer? {
        guard !tokens.isEmpty, depth < 8 else { return nil }
        if let matrix = parseMatrix(tokens) { return matrix }

        let unionParts = AnswerParser.split(tokens) { $0 == .command("cup") }
        if unionParts.count > 1 {
            return items(unionParts, depth: depth).map(Answer.union)
        }

        let signs = tokens.indices.filter { tokens[$0] == .command("pm") || tokens[$0] == .command("mp") }
        if signs.count == 1, let index = signs.first {
            var plus = tokens
            var minus = tokens
            plus[index] = .symbol("+")
            minus[index] = .symbol("-")
            guard let first = parse(plus, depth: depth + 1), let second = parse(minus, depth: depth + 1) else {
                return nil
            }
            return .list([first, second])
        }

        let commaParts = AnswerParser.split(tokens) { $0 == .symbol(",") }
        if commaParts.count > 1 {
            return items(commaParts, depth: depth).map(Answer.list)
        }

        if let wrapped = parseWrapped(tokens, depth: depth) { return wrapped }
        return parseRelation(tokens, depth: depth)
    }

    private func items(_ parts: [[LatexToken]], depth: Int) -> [Answer]? {
        guard parts.count <= limits.maximumElements else { return nil }
        var answers: [Answer] = []
        for part in parts {
            guard let answer = parse(part, depth: depth + 1) else { return nil }
            answers.append(answer)
        }
        return answers
    }

    private func parseWrapped(_ tokens: [LatexToken], depth: Int) -> Answer? {
        guard let first = tokens.first, let last = tokens.last, tokens.count >= 2, first.isOpening,
            AnswerParser.matchingClose(tokens, from: 0) == tokens.count - 1
        else { return nil }
        let inner = Array(tokens[1..<(tokens.count - 1)])
        switch (first, last) {
        case (.openSet, .closeSet):
            if inner.isEmpty { return .set([]) }
            return items(AnswerParser.split(inner) { $0 == .symbol(",") }, depth: depth).map(Answer.set)
        case (.symbol(let open), .symbol(let close)) where "([".contains(open) && ")]".contains(close):
            let parts = AnswerParser.split(inner) { $0 == .symbol(",") }
            if parts.count == 1 {
                guard (open == "(" && close == ")") || (open == "[" && close == "]") else { return nil }
                return parse(inner, depth: depth + 1)
            }
            return items(parts, depth: depth).map { Answer.bracketed(open: open, close: close, $0) }
        case (.symbol("{"), .symbol("}")):
            let parts = AnswerParser.split(inner) { $0 == .symbol(",") }
            if parts.count == 1 { return parse(inner, depth: depth + 1) }
            return items(parts, depth: depth).map(Answer.set)
        default:
            return nil
        }
    }

    private func parseMatrix(_ tokens: [LatexToken]) -> Answer? {
        guard case .begin(let name)? = tokens.first, case .end? = tokens.last,
            ["pmatrix", "bmatrix", "matrix", "array", "vmatrix", "smallmatrix", "Bmatrix"].contains(name),
            AnswerParser.matchingClose(tokens, from: 0) == tokens.count - 1
        else { return nil }
        let inner = Array(tokens[1..<(tokens.count - 1)])
        var rows: [[Expression]] = []
        for row in AnswerParser.split(inner, { $0 == .rowBreak }) where !row.isEmpty {
            var cells: [Expression] = []
            for cell in AnswerParser.split(row, { $0 == .symbol("&") }) {
                guard let expression = LatexParser.parse(cell, limits: limits) else { return nil }
                cells.append(expression)
            }
            rows.append(cells)
        }
        guard !rows.isEmpty, rows.count * (rows.first?.count ?? 0) <= limits.maximumElements * 4 else { return nil }
        return .matrix(rows)
    }

    private func parseRelation(_ tokens: [LatexToken], depth: Int) -> Answer? {
        let equalParts = AnswerParser.split(tokens) { $0 == .symbol("=") }
        if equalParts.count == 2 {
            if let lhs = LatexParser.parse(equalParts[0], limits: limits),
                let rhs = LatexParser.parse(equalParts[1], limits: limits)
            {
                return .equation(lhs, rhs)
            }
            // A labelled structure, `(a, b) = (1, 2)`: the answer is the right-hand side.
            guard !equalParts[0].isEmpty, !equalParts[1].contains(.symbol("=")) else { return nil }
            return parse(equalParts[1], depth: depth + 1)
        }
        guard equalParts.count == 1 else { return nil }

        var sides: [[LatexToken]] = [[]]
        var operators: [RelationOperator] = []
        var level = 0
        for token in tokens {
            if token.isOpening { level += 1 }
            if token.isClosing { level -= 1 }
            if level == 0, let relation = AnswerParser.relationOperators[token] {
                operators.append(relation)
                sides.append([])
            } else {
                sides[sides.count - 1].append(token)
            }
        }
        var expressions: [Expression] = []
        for side in sides {
            guard let expression = LatexParser.parse(side, limits: limits) else { return nil }
            expressions.append(expression)
        }
        if operators.isEmpty, let only = expressions.first { return .expression(only) }
        return AnswerParser.interval(expressions, operators) ?? .relation(expressions, operators)
    }

    /// `x > a`, `a \le x`, `a < x \le b` as intervals; `nil` for other relations.
    static func interval(_ sides: [Expression], _ operators: [RelationOperator]) -> Answer? {
        let infinity = Expression.constant(.infinity)
        let negativeInfinity = Expression.negation(infinity)
        func isVariable(_ expression: Expression) -> Bool {
            if case .variable = expression { return true }
            return false
        }
        func isStrict(_ relation: RelationOperator) -> Bool { relation == .less || relation == .greater }
        if operators.count == 1, sides.count == 2 {
            var relation = operators[0]
            var bound = sides[1]
            if isVariable(sides[1]) && !isVariable(sides[0]) {
                relation = relation.flipped
                bound = sides[0]
            } else if !isVariable(sides[0]) {
                return nil
            }
            switch relation {
            case .less, .lessOrEqual:
                return .bracketed(
                    open: "(", close: isStrict(relation) ? ")" : "]",
                    [.expression(negativeInfinity), .expression(bound)])
            case .greater, .greaterOrEqual:
                return .bracketed(
                    open: isStrict(relation) ? "(" : "[", close: ")", [.expression(bound), .expression(infinity)])
            case .notEqual:
                return nil
            }
        }
        if operators.count == 2, sides.count == 3, isVariable(sides[1]) {
            let (first, second) = (operators[0], operators[1])
            let ascending = [RelationOperator.less, .lessOrEqual]
            let descending = [RelationOperator.greater, .greaterOrEqual]
            if ascending.contains(first) && ascending.contains(second) {
                return .bracketed(
                    open: isStrict(first) ? "(" : "[", close: isStrict(second) ? ")" : "]",
                    [.expression(sides[0]), .expression(sides[2])])
            }
            if descending.contains(first) && descending.contains(second) {
                return .bracketed(
                    open: isStrict(second) ? "(" : "[", close: isStrict(first) ? ")" : "]",
                    [.expression(sides[2]), .expression(sides[0])])
            }
        }
        return nil
    }

    // MARK: - Token helpers

    /// Splits at separators that are outside every bracket, brace and environment.
    static func split(_ tokens: [LatexToken], _ isSeparator: (LatexToken) -> Bool) -> [[LatexToken]] {
        var parts: [[LatexToken]] = [[]]
        var level = 0
        var absoluteOpen = false
        for token in tokens {
            if token.isOpening { level += 1 }
            if token.isClosing { level -= 1 }
            if token == .symbol("|") { absoluteOpen.toggle() }
            if level == 0, !absoluteOpen, isSeparator(token) {
                parts.append([])
            } else {
                parts[parts.count - 1].append(token)
            }
        }
        return parts
    }

    /// The index of the token closing the one opened at `start`, counting all bracket kinds alike
    /// (so that `(1, 2]` matches), or `nil`.
    static func matchingClose(_ tokens: [LatexToken], from start: Int) -> Int? {
        var level = 0
        for index in start..<tokens.count {
            if tokens[index].isOpening { level += 1 }
            if tokens[index].isClosing {
                level -= 1
                if level == 0 { return index }
                if level < 0 { return nil }
            }
        }
        return nil
    }
}
