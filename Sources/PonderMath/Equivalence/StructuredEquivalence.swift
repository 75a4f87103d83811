/// Compares two parsed ``Answer``s by kind, recursing into their elements.
///
/// - Expressions: ``NumericEquivalence`` when neither side has variables, else
///   ``SymbolicEquivalence``.
/// - Tuples and intervals (``Answer/bracketed(open:close:_:)``): same number of elements, compared
///   in order. With exactly two elements the brackets are significant (`[1, 2)` is not `(1, 2]`)
///   except at an infinite end, where `[0, \infty]` is read as `[0, \infty)`. With three or more,
///   `(1,2,3)` and `[1,2,3]` are the same list. A bare comma list against a tuple compares in order.
/// - Sets (`\{…\}`) and bare comma lists: the same elements in any order, with multiplicity.
/// - Unions of intervals: the same parts in any order, a repeated part counted once (a union of one part
///   repeated is that part).
/// - Matrices: same shape, element-wise; a single row or column also matches a tuple.
/// - Equations: if both left sides are the same single variable, the right sides are compared; a
///   single-variable equation (`y = 2x + 1`, `x = 5`) matches a bare answer by its right side;
///   otherwise `lhs − rhs` must agree up to a non-zero constant factor (`2x + 2y = 4` is `x + y = 2`).
/// - Inequalities that are not intervals: the same operators with equivalent sides, or the whole
///   chain mirrored (`a < b` is `b > a`).
/// - Text: equal ignoring case.
/// - Anything else: different kinds, not equivalent.
///
/// One comparator instance grades one pair: it holds a budget of element comparisons (2 000) so
/// that nested collections cannot multiply into unbounded work; past it, pairs are undecided.
struct StructuredEquivalence {
    var acceptsPercentVariants: Bool
    var maximumDepth = 8
    private var remainingComparisons = 2_000

    init(acceptsPercentVariants: Bool) {
        self.acceptsPercentVariants = acceptsPercentVariants
    }

    mutating func compare(_ gold: Answer, _ prediction: Answer, depth: Int = 0) -> Verdict {
        guard depth <= maximumDepth, remainingComparisons > 0 else { return .different(.undecidable) }
        remainingComparisons -= 1
        switch (gold, prediction) {
        case (.expression(let first), .expression(let second)):
            return compareExpressions(first, second)

        case (.text(let first), .text(let second)):
            return first == second ? .equal(.text) : .different(.text)

        case (.equation(let goldLeft, let goldRight), .equation(let predictionLeft, let predictionRight)):
            if case .variable(let goldName) = goldLeft, case .variable(let predictionName) = predictionLeft,
                goldName == predictionName
            {
                return relabel(compareExpressions(goldRight, predictionRight), .equation)
            }
            return compareEquations(
                .sum([goldLeft, .negation(goldRight)]), .sum([predictionLeft, .negation(predictionRight)]))

        case (.equation(.variable, let right), _):
            return relabel(compare(.expression(right), prediction, depth: depth + 1), .equation)

        case (_, .equation(.variable, let right)):
            return relabel(compare(gold, .expression(right), depth: depth + 1), .equation)

        case (
            .bracketed(let goldOpen, let goldClose, let goldItems),
            .bracketed(let predictionOpen, let predictionClose, let predictionItems)
        ):
            let looksLikeInterval =
                goldOpen != "(" || goldClose != ")" || predictionOpen != "(" || predictionClose != ")"
                || (goldItems + predictionItems).contains(where: isInfinite)
            let rule: EquivalenceRule = goldItems.count == 2 && looksLikeInterval ? .interval : .tuple
            guard goldItems.count == predictionItems.count else { return .different(rule) }
            if goldItems.count == 2 {
                let lowerInfinite = isInfinite(goldItems[0]) && isInfinite(predictionItems[0])
                let upperInfinite = isInfinite(goldItems[1]) && isInfinite(predictionItems[1])
                guard lowerInfinite || goldOpen == predictionOpen, upperInfinite || goldClose == predictionClose else {
                    return .different(.interval)
                }
            }
            return compareInOrder(goldItems, predictionItems, depth: depth, rule: rule)

        case (.bracketed(_, _, let goldItems), .list(let predictionItems)),
            (.list(let goldItems), .bracketed(_, _, let predictionItems)):
            return compareInOrder(goldItems, predictionItems, depth: depth, rule: .tuple)

        case (.set(let goldItems), .set(let predictionItems)),
            (.set(let goldItems), .list(let predictionItems)),
            (.list(let goldItems), .set(let predictionItems)),
            (.list(let goldItems), .list(let predictionItems)):
            return compareUnordered(goldItems, predictionItems, depth: depth, rule: .set)

        case (.union(let goldParts), .union(let predictionParts)):
            return compareUnordered(
                distinct(goldParts, depth: depth), distinct(predictionParts, depth: depth), depth: depth,
                rule: .interval)

        case (.union(let parts), _):
            // A union of one part written twice (`(5, \infty) \cup (5, \infty)`) is that part.
            let parts = distinct(parts, depth: depth)
            guard parts.count == 1 else { return .different(.kindMismatch) }
            return compare(parts[0], prediction, depth: depth + 1)

        case (_, .union(let parts)):
            let parts = distinct(parts, depth: depth)
            guard parts.count == 1 else { return .different(.kindMismatch) }
            return compare(gold, parts[0], depth: depth + 1)

        case (.matrix(let goldRows), .matrix(let predictionRows)):
            guard goldRows.count == predictionRows.count,
                zip(goldRows, predictionRows).allSatisfy({ $0.count == $1.count })
            else { return .different(.matrix) }
            let goldCells = goldRows.flatMap { $0 }.map(Answer.expression)
            let predictionCells = predictionRows.flatMap { $0 }.map(Answer.expression)
            return compareInOrder(goldCells, predictionCells, depth: depth, rule: .matrix)

        case (.matrix(let rows), .bracketed(_, _, let items)):
            guard let vector = StructuredEquivalence.vector(rows) else { return .different(.kindMismatch) }
            return compareInOrder(vector, items, depth: depth, rule: .matrix)

        case (.bracketed(_, _, let items), .matrix(let rows)):
            guard let vector = StructuredEquivalence.vector(rows) else { return .different(.kindMismatch) }
            return compareInOrder(items, vector, depth: depth, rule: .matrix)

        case (.relation(let goldSides, let goldOperators), .relation(let predictionSides, let predictionOperators)):
            if goldOperators == predictionOperators,
                compareInOrder(
                    goldSides.map(Answer.expression), predictionSides.map(Answer.expression), depth: depth,
                    rule: .relation
                ).isEquivalent
            {
                return .equal(.relation)
            }
            if goldOperators == predictionOperators.reversed().map(\.flipped),
                compareInOrder(
                    goldSides.map(Answer.expression), predictionSides.reversed().map(Answer.expression), depth: depth,
                    rule: .relation
                ).isEquivalent
            {
                return .equal(.relation)
            }
            return .different(.relation)

        default:
            return .different(.kindMismatch)
        }
    }

    private func compareExpressions(_ gold: Expression, _ prediction: Expression) -> Verdict {
        if gold.variables.isEmpty && prediction.variables.isEmpty {
            return NumericEquivalence.compare(
                gold: gold, prediction: prediction, acceptsPercentVariants: acceptsPercentVariants)
        }
        return SymbolicEquivalence.compare(gold: gold, prediction: prediction)
    }

    /// `first = 0` and `second = 0` describe the same set when `first = c · second` for a constant c ≠ 0.
    private func compareEquations(_ first: Expression, _ second: Expression) -> Verdict {
        let direct = SymbolicEquivalence.compare(gold: first, prediction: second)
        if direct.isEquivalent { return .equal(.equation) }
        let variables = first.variables.union(second.variables)
        var ratio: Complex?
        let proportional = SymbolicEquivalence.agreeAtRandomPoints(first, second, variables: variables) { left, right in
            guard right.magnitude > 1e-9, left.magnitude > 1e-9 else {
                return left.magnitude <= 1e-9 && right.magnitude <= 1e-9
            }
            let current = left / right
            guard let expected = ratio else {
                ratio = current
                return true
            }
            return NumericEquivalence.isClose(current, expected, relativeTolerance: 1e-6)
        }
        return proportional == true && ratio != nil ? .equal(.equation) : .different(.equation)
    }

    private mutating func compareInOrder(_ gold: [Answer], _ prediction: [Answer], depth: Int, rule: EquivalenceRule)
        -> Verdict
    {
        guard gold.count == prediction.count else { return .different(rule) }
        for (first, second) in zip(gold, prediction) where !compare(first, second, depth: depth + 1).isEquivalent {
            return .different(rule)
        }
        return .equal(rule)
    }

    private mutating func compareUnordered(_ gold: [Answer], _ prediction: [Answer], depth: Int, rule: EquivalenceRule)
        -> Verdict
    {
        let matched = UnorderedMatching.matches(gold, prediction) { compare($0, $1, depth: depth + 1).isEquivalent }
        return matched ? .equal(rule) : .different(rule)
    }

    /// The parts of a union without repeats: a part equivalent to an earlier one adds nothing to the set.
    private mutating func distinct(_ parts: [Answer], depth: Int) -> [Answer] {
        var kept: [Answer] = []
        for part in parts where !kept.contains(where: { compare($0, part, depth: depth + 1).isEquivalent }) {
            kept.append(part)
        }
        return kept
    }

    private func relabel(_ verdict: Verdict, _ rule: EquivalenceRule) -> Verdict {
        verdict.rule == .undecidable || verdict.rule == .kindMismatch
            ? verdict : Verdict(isEquivalent: verdict.isEquivalent, rule: rule)
    }

    private func isInfinite(_ answer: Answer) -> Bool {
        if case .expression(let expression) = answer { return expression.infinitySign != nil }
        return false
    }

    /// The cells of a single-row or single-column matrix.
    private static func vector(_ rows: [[Expression]]) -> [Answer]? {
        if rows.count == 1, let row = rows.first { return row.map(Answer.expression) }
        if rows.allSatisfy({ $0.count == 1 }) { return rows.compactMap(\.first).map(Answer.expression) }
        return nil
    }
}
