/// A recursive-descent parser from LaTeX tokens to an ``Expression``.
///
/// Grammar, loosest binding first:
///
///     sum      := product (("+" | "-") product)*
///     product  := unary (("*" | \cdot | \times | "/" | \div) unary | implicit-factor)*
///     unary    := ("-" | "+") unary | power
///     power    := postfix ("^" script)?
///     postfix  := primary "!"*
///     primary  := number | based-number | mixed-number | variable | constant | group | \frac | \sqrt | \binom
///               | function | |x| | \lfloor x \rfloor | \lceil x \rceil
///
/// TeX's single-token arguments are honoured: `\frac12` is ½, `\sqrt2` is √2 and `x^23` is x²·3.
/// An integer followed by a `\frac` of two integer literals is a mixed number (`2\frac{1}{2}` = 5/2).
/// A whole number with a base subscript is a number in that base (`31_4` = 13).
/// A bare `e` is Euler's number and a bare `i` the imaginary unit. Runs of four or more letters that
/// name no function are not maths: parsing fails and the answer is compared as text.
///
/// Parsing fails (returns `nil`) on malformed input, on nesting deeper than
/// ``ParseLimits/maximumDepth`` and on more than ``ParseLimits/maximumNodes`` nodes.
package struct LatexParser {
    private struct Failure: Error {}

    private var tokens: [LatexToken]
    private var position = 0
    private var depth = 0
    private var nodes = 0
    private var absoluteDepth = 0
    private let limits: ParseLimits

    private init(tokens: [LatexToken], limits: ParseLimits) {
        self.tokens = tokens
        self.limits = limits
    }

    /// Parses the whole token list as one expression, or returns `nil`.
    package static func parse(_ tokens: [LatexToken], limits: ParseLimits = .standard) -> Expression? {
        guard !tokens.isEmpty else { return nil }
        var parser = LatexParser(tokens: tokens, limits: limits)
        guard let expression = try? parser.parseSum(), parser.position == parser.tokens.count else { return nil }
        return expression
    }

    // MARK: - Names

    private static let functionWords: [String: MathFunction] = [
        "sin": .sin, "cos": .cos, "tan": .tan, "cot": .cot, "sec": .sec, "csc": .csc,
        "arcsin": .arcsin, "arccos": .arccos, "arctan": .arctan, "sinh": .sinh, "cosh": .cosh, "tanh": .tanh,
        "ln": .ln, "log": .log, "exp": .exp, "sqrt": .sqrt,
    ]

    private static let inverses: [MathFunction: MathFunction] = [.sin: .arcsin, .cos: .arccos, .tan: .arctan]

    private static let greekLetters: Set<String> = [
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
        "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi",
        "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
    ]

    /// Commands whose brace argument is parsed as if the command were absent.
    private static let transparentCommands: Set<String> = [
        "text", "textbf", "textit", "textrm", "mathrm", "mathbf", "mathit", "boldsymbol", "mbox", "operatorname",
        "mathnormal", "bm",
    ]

    private static let multiplicationCommands: Set<String> = ["cdot", "times", "ast"]

    // MARK: - Cursor

    private var current: LatexToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func advance() { position += 1 }

    private mutating func expect(_ token: LatexToken) throws {
        guard current == token else { throw Failure() }
        advance()
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= limits.maximumDepth else { throw Failure() }
    }

    private mutating func leave() { depth -= 1 }

    private mutating func node(_ expression: Expression) throws -> Expression {
        nodes += 1
        guard nodes <= limits.maximumNodes else { throw Failure() }
        return expression
    }

    // MARK: - Grammar

    private mutating func parseSum() throws -> Expression {
        try enter()
        defer { leave() }
        var terms = [try parseProduct()]
        while let token = current {
            if token == .symbol("+") {
                advance()
                terms.append(try parseProduct())
            } else if token == .symbol("-") {
                advance()
                terms.append(try node(.negation(try parseProduct())))
            } else {
                break
            }
        }
        return terms.count == 1 ? terms[0] : try node(.sum(terms))
    }

    private mutating func parseProduct() throws -> Expression {
        var result = try parseUnary()
        var factors: [Expression] = []
        func flush() throws {
            if !factors.isEmpty {
                result = try node(.product([result] + factors))
                factors = []
            }
        }
        while let token = current {
            if token == .symbol("*") || isCommand(token, in: LatexParser.multiplicationCommands) {
                advance()
                factors.append(try parseUnary())
            } else if token == .symbol("/") || token == .command("div") || token == .command("over") {
                advance()
                let divisor = try parseUnary()
                try flush()
                result = try node(.quotient(result, divisor))
            } else if startsImplicitFactor(token) {
                factors.append(try parsePower())
            } else {
                break
            }
        }
        try flush()
        return result
    }

    private mutating func parseUnary() throws -> Expression {
        try enter()
        defer { leave() }
        if current == .symbol("-") {
            advance()
            return try node(.negation(try parseUnary()))
        }
        if current == .symbol("+") {
            advance()
            return try parseUnary()
        }
        return try parsePower()
    }

    private mutating func parsePower() throws -> Expression {
        let base = try parsePostfix()
        guard current == .symbol("^") else { return base }
        advance()
        let exponent = try parseScript()
        var result = try node(.power(base, exponent))
        while current == .symbol("!") {
            advance()
            result = try node(.call(.factorial, [result]))
        }
        return result
    }

    private mutating func parsePostfix() throws -> Expression {
        var result = try parsePrimary()
        while current == .symbol("!") {
            advance()
            result = try node(.call(.factorial, [result]))
        }
        return result
    }

    /// A superscript: a brace group, or one token as TeX reads it (`x^23` is x² followed by 3),
    /// with a sign allowed in front (`x^-1`, as models write it).
    private mutating func parseScript() throws -> Expression {
        try enter()
        defer { leave() }
        if current == .symbol("-") {
            advance()
            return try node(.negation(try parseScript()))
        }
        return try parseSingleTokenArgument()
    }

    /// A brace group, or a single character or command as TeX takes one for `\frac12` or `x^2`.
    private mutating func parseSingleTokenArgument() throws -> Expression {
        guard let token = current else { throw Failure() }
        switch token {
        case .symbol("{"):
            return try parseGroup(closing: .symbol("}"))
        case .number(let digits) where digits.count > 1:
            // TeX takes one character: split "23" into "2" and "3".
            let first = String(digits.prefix(1))
            let rest = String(digits.dropFirst())
            if first == "." { throw Failure() }
            tokens[position] = .number(rest.hasPrefix(".") ? "0" + rest : rest)
            return try number(from: first)
        case .word(let letters) where letters.count > 1:
            tokens[position] = .word(String(letters.dropFirst()))
            return try letter(letters.prefix(1))
        default:
            return try parsePrimary()
        }
    }

    private mutating func parseGroup(closing: LatexToken) throws -> Expression {
        advance()
        let inner = try parseSum()
        try expect(closing)
        return inner
    }

    private func isCommand(_ token: LatexToken, in names: Set<String>) -> Bool {
        if case .command(let name) = token { return names.contains(name) }
        return false
    }

    /// Whether `token` can begin a factor multiplied by juxtaposition (`2x`, `3\sqrt2`, `x(x+1)`).
    private func startsImplicitFactor(_ token: LatexToken) -> Bool {
        switch token {
        case .number, .word: return true
        case .symbol("("), .symbol("{"), .symbol("["): return true
        case .symbol("|"): return absoluteDepth == 0
        case .command(let name):
            return ![
                "cdot", "times", "ast", "div", "over", "pm", "mp", "le", "ge", "leq", "geq", "lt", "gt", "ne",
                "neq", "cup", "cap", "in", "to", "rfloor", "rceil", "rvert", "circ", "prime", "Vert",
            ].contains(name)
        default: return false
        }
    }

    private mutating func parsePrimary() throws -> Expression {
        try enter()
        defer { leave() }
        guard let token = current else { throw Failure() }
        switch token {
        case .number(let digits):
            advance()
            if current == .symbol("_"), let based = try basedNumber(digits) { return based }
            let value = try number(from: digits)
            return try mixedNumber(after: value, digits: digits) ?? value
        case .word(let letters):
            return try parseWord(letters)
        case .symbol("("):
            return try parseGroup(closing: .symbol(")"))
        case .symbol("["):
            return try parseGroup(closing: .symbol("]"))
        case .symbol("{"):
            return try parseGroup(closing: .symbol("}"))
        case .symbol("|"):
            absoluteDepth += 1
            defer { absoluteDepth -= 1 }
            let inner = try parseGroup(closing: .symbol("|"))
            return try node(.call(.abs, [inner]))
        case .command(let name):
            return try parseCommand(name)
        default:
            throw Failure()
        }
    }

    private func number(from digits: String) throws -> Expression {
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(String.init) ?? ""
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        let trimmedWhole = String(whole.drop { $0 == "0" })
        if trimmedWhole.count + fraction.count <= 18,
            let numerator = Int64((trimmedWhole.isEmpty ? "0" : trimmedWhole) + fraction),
            let scale = Rational(10).flatMap({ $0.power(fraction.count) }),
            let value = Rational(numerator, scale.numerator)
        {
            return .number(value, isDecimal: parts.count > 1)
        }
        guard let value = Double(digits.hasPrefix(".") ? "0" + digits : digits) else { throw Failure() }
        return .real(value)
    }

    /// A whole number with a base subscript (`31_4`, `31_{4}`; models also write `31_16` for base 16)
    /// as its value in that base (``Expression/based(_:base:)``), when the base is 2 to 36 and every
    /// digit fits it. Digits are decimal digits only (`1A_{16}` is not read). Anything else restores
    /// the input and returns `nil`.
    private mutating func basedNumber(_ digits: String) throws -> Expression? {
        guard !digits.contains(".") else { return nil }
        let saved = (position, tokens, nodes)
        advance()
        var base: Int?
        if case .number(let subscriptDigits)? = current, subscriptDigits.count <= 2 {
            base = Int(subscriptDigits)
            advance()
        } else if current == .symbol("{") {
            advance()
            if case .number(let subscriptDigits)? = current, subscriptDigits.count <= 2 {
                advance()
                if current == .symbol("}") {
                    base = Int(subscriptDigits)
                    advance()
                }
            }
        }
        guard let base, (2...36).contains(base), let value = LatexParser.value(ofDigits: digits, base: base) else {
            (position, tokens, nodes) = saved
            return nil
        }
        return try node(.based(value, base: base))
    }

    /// The value of decimal digit characters read in `base`, or `nil` when a digit does not fit the
    /// base or the value overflows.
    static func value(ofDigits digits: String, base: Int) -> Rational? {
        var total: Int64 = 0
        for character in digits {
            guard let digit = character.wholeNumberValue, digit < base else { return nil }
            let (shifted, overflow) = total.multipliedReportingOverflow(by: Int64(base))
            let (sum, sumOverflow) = shifted.addingReportingOverflow(Int64(digit))
            guard !overflow, !sumOverflow else { return nil }
            total = sum
        }
        return Rational(total)
    }

    /// `2\frac{1}{2}` read as 2½ when an integer literal meets a fraction of integer literals.
    private mutating func mixedNumber(after value: Expression, digits: String) throws -> Expression? {
        guard !digits.containsText("."), case .number(let whole, _) = value,
            case .command(let name)? = current, ["frac", "dfrac", "tfrac"].contains(name)
        else { return nil }
        let saved = (position, tokens, nodes)
        advance()
        if let top = try? parseSingleTokenArgument(), let bottom = try? parseSingleTokenArgument(),
            case .number(let numerator, false) = top, case .number(let denominator, false) = bottom,
            numerator.isInteger, denominator.isInteger, !denominator.isZero,
            let fraction = numerator.divided(by: denominator), let sum = whole.adding(fraction)
        {
            return .number(sum, isDecimal: false)
        }
        (position, tokens, nodes) = saved
        return nil
    }

    private mutating func letter<S: StringProtocol>(_ name: S) throws -> Expression {
        var variable = String(name)
        if current == .symbol("_") {
            advance()
            variable += "_" + (try subscriptText())
        } else if variable == "e" {
            return .constant(.e)
        } else if variable == "i" {
            return .constant(.i)
        }
        while current == .symbol("'") {
            advance()
            variable += "'"
        }
        return try node(.variable(variable))
    }

    /// The text of a subscript, kept verbatim as part of a variable's name (`a_{10}` is `a_10`).
    /// Without braces TeX takes one character: the rest of a longer number or word stays in the input.
    private mutating func subscriptText() throws -> String {
        guard let token = current else { throw Failure() }
        switch token {
        case .number(let text), .word(let text):
            let first = String(text.prefix(1))
            let rest = String(text.dropFirst())
            if rest.isEmpty {
                advance()
            } else if case .number = token {
                tokens[position] = .number(rest.hasPrefix(".") ? "0" + rest : rest)
            } else {
                tokens[position] = .word(rest)
            }
            return first
        case .command(let name):
            advance()
            return name
        case .symbol("{"):
            advance()
            var text = ""
            var level = 1
            while let inner = current {
                advance()
                if inner == .symbol("{") { level += 1 }
                if inner == .symbol("}") {
                    level -= 1
                    if level == 0 { return text }
                }
                switch inner {
                case .number(let value), .word(let value), .command(let value): text += value
                case .symbol(let value): text.append(value)
                default: throw Failure()
                }
                guard text.count <= 32 else { throw Failure() }
            }
            throw Failure()
        default:
            throw Failure()
        }
    }

    private mutating func parseWord(_ letters: String) throws -> Expression {
        if let function = LatexParser.functionWords[letters] {
            advance()
            return try parseFunction(function)
        }
        switch letters {
        case "pi":
            advance()
            return .constant(.pi)
        case "infty", "inf", "infinity":
            advance()
            return .constant(.infinity)
        default: break
        }
        // Four or more letters that name nothing are a word, not a product of variables.
        guard letters.count < 4 else { throw Failure() }
        if letters.count == 1 {
            advance()
        } else {
            tokens[position] = .word(String(letters.dropFirst()))
        }
        return try letter(letters.prefix(1))
    }

    private mutating func parseCommand(_ name: String) throws -> Expression {
        advance()
        switch name {
        case "frac", "dfrac", "tfrac", "cfrac":
            let top = try parseSingleTokenArgument()
            let bottom = try parseSingleTokenArgument()
            return try node(.quotient(top, bottom))
        case "sqrt":
            if current == .symbol("[") {
                advance()
                let index = try parseSum()
                try expect(.symbol("]"))
                let radicand = try parseSingleTokenArgument()
                return try node(.call(.root, [radicand, index]))
            }
            return try node(.call(.sqrt, [try parseSingleTokenArgument()]))
        case "binom", "dbinom", "tbinom":
            let top = try parseSingleTokenArgument()
            let bottom = try parseSingleTokenArgument()
            return try node(.call(.binomial, [top, bottom]))
        case "pi": return .constant(.pi)
        case "infty", "infin": return .constant(.infinity)
        case "imath": return .constant(.i)
        case "lfloor":
            let inner = try parseSum()
            try expect(.command("rfloor"))
            return try node(.call(.floor, [inner]))
        case "lceil":
            let inner = try parseSum()
            try expect(.command("rceil"))
            return try node(.call(.ceil, [inner]))
        case "lvert", "vert":
            let inner = try parseSum()
            guard current == .command("rvert") || current == .command("vert") else { throw Failure() }
            advance()
            return try node(.call(.abs, [inner]))
        default:
            break
        }
        if LatexParser.greekLetters.contains(name) { return try letter(name) }
        if let function = LatexParser.functionWords[name] { return try parseFunction(function) }
        if LatexParser.transparentCommands.contains(name) {
            guard current == .symbol("{") else { throw Failure() }
            return try parseGroup(closing: .symbol("}"))
        }
        throw Failure()
    }

    /// A function application: `\sin x`, `\sin(x)`, `\sin^2 x`, `\sin^{-1} x`, `\log_2 8`.
    private mutating func parseFunction(_ function: MathFunction) throws -> Expression {
        var function = function
        if function == .sqrt {
            return try node(.call(.sqrt, [try parseSingleTokenArgument()]))
        }
        var exponent: Expression?
        var base: Expression?
        for _ in 0..<2 {
            if current == .symbol("^"), exponent == nil {
                advance()
                exponent = try parseScript()
            } else if current == .symbol("_"), function == .log, base == nil {
                advance()
                base = try parseSingleTokenArgument()
            }
        }
        if case .negation(.number(let one, false))? = exponent, one == .one,
            let inverse = LatexParser.inverses[function]
        {
            function = inverse
            exponent = nil
        }
        let argument: Expression
        if current == .symbol("(") {
            argument = try parseGroup(closing: .symbol(")"))
        } else {
            // TeX convention: the argument runs over the juxtaposed factors (`\sin 2x` is sin(2x)).
            var factors = [try parsePower()]
            while let token = current, startsImplicitFactor(token), !startsFunction(token) {
                factors.append(try parsePower())
            }
            argument = factors.count == 1 ? factors[0] : try node(.product(factors))
        }
        var call = try node(.call(function, base.map { [argument, $0] } ?? [argument]))
        if let exponent { call = try node(.power(call, exponent)) }
        return call
    }

    private func startsFunction(_ token: LatexToken) -> Bool {
        switch token {
        case .command(let name), .word(let name): LatexParser.functionWords[name] != nil
        default: false
        }
    }
}
