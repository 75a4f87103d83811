/// Splits a normalised LaTeX answer into ``LatexToken``s.
///
/// Layout-only commands (`\left`, `\right`, `\big…`, spacing such as `\,` and `\quad`) and the
/// dollar signs of inline maths are dropped here, so the parser sees only structure. Characters the
/// grader has no meaning for make lexing fail, and the answer is then compared as text.
package enum LatexLexer {
    /// Layout commands dropped without a trace.
    private static let ignoredCommands: Set<String> = [
        "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
        "biggl", "biggr", "Biggl", "Biggr", "quad", "qquad", "displaystyle", "textstyle", "scriptstyle",
        "limits", "nolimits", "hfill", "enspace", "thinspace", "negthinspace", "medspace", "thickspace",
    ]

    /// Non-ASCII characters with a LaTeX meaning.
    private static let unicodeTokens: [Character: LatexToken] = [
        "−": .symbol("-"), "–": .symbol("-"), "×": .command("times"), "·": .command("cdot"),
        "÷": .command("div"), "π": .command("pi"), "∞": .command("infty"), "√": .command("sqrt"),
        "≤": .command("le"), "≥": .command("ge"), "≠": .command("ne"), "∪": .command("cup"),
        "±": .command("pm"), "θ": .command("theta"), "α": .command("alpha"), "β": .command("beta"),
    ]

    private static let symbols: Set<Character> = [
        "+", "-", "*", "/", "^", "_", "(", ")", "[", "]", "{", "}", "|", ",", "=", "<", ">", "!", "&", "'", ":", ";",
    ]

    /// The tokens of `text`, or `nil` when it holds a character the grader cannot interpret or more
    /// than `maximumTokens` tokens.
    package static func tokens(of text: String, maximumTokens: Int = 4_000) -> [LatexToken]? {
        let characters = Array(text)
        var tokens: [LatexToken] = []
        var index = 0
        while index < characters.count {
            guard tokens.count <= maximumTokens else { return nil }
            let character = characters[index]
            if character.isWhitespace || character == "$" || character == "~" {
                index += 1
            } else if character.isASCIIDigit
                || (character == "." && index + 1 < characters.count && characters[index + 1].isASCIIDigit)
            {
                let start = index
                var sawPoint = false
                while index < characters.count {
                    let next = characters[index]
                    if next.isASCIIDigit {
                        index += 1
                    } else if next == ".", !sawPoint, index + 1 < characters.count, characters[index + 1].isASCIIDigit {
                        sawPoint = true
                        index += 1
                    } else {
                        break
                    }
                }
                tokens.append(.number(String(characters[start..<index])))
                // A trailing point with no digits ("5.") belongs to no token.
                if index < characters.count, characters[index] == ".",
                    index + 1 >= characters.count || !characters[index + 1].isASCIIDigit
                {
                    index += 1
                }
            } else if character.isASCIILetter {
                let start = index
                while index < characters.count, characters[index].isASCIILetter { index += 1 }
                tokens.append(.word(String(characters[start..<index])))
            } else if character == "\\" {
                guard index + 1 < characters.count else { return nil }
                let next = characters[index + 1]
                if next.isASCIILetter {
                    var end = index + 1
                    while end < characters.count, characters[end].isASCIILetter { end += 1 }
                    let name = String(characters[(index + 1)..<end])
                    index = end
                    if ignoredCommands.contains(name) {
                        if index < characters.count, characters[index] == "." { index += 1 }
                    } else if name == "begin" || name == "end" {
                        guard let (environment, after) = braceGroup(characters, from: index) else { return nil }
                        index = after
                        if name == "begin" {
                            if environment == "array", let (_, afterSpec) = braceGroup(characters, from: index) {
                                index = afterSpec
                            }
                            tokens.append(.begin(environment))
                        } else {
                            tokens.append(.end(environment))
                        }
                    } else {
                        tokens.append(.command(name))
                    }
                } else {
                    index += 2
                    switch next {
                    case "\\": tokens.append(.rowBreak)
                    case "{": tokens.append(.openSet)
                    case "}": tokens.append(.closeSet)
                    case "|": tokens.append(.command("Vert"))
                    case "!", ",", ";", ":", " ", "$", "%", ">": break
                    default: return nil
                    }
                }
            } else if symbols.contains(character) {
                tokens.append(.symbol(character))
                index += 1
            } else if let token = unicodeTokens[character] {
                tokens.append(token)
                index += 1
            } else if character == "%" || character == "°" {
                index += 1
            } else {
                return nil
            }
        }
        return tokens
    }

    /// The text of the brace group starting at `start` (after optional spaces) and the index after it.
    private static func braceGroup(_ characters: [Character], from start: Int) -> (String, Int)? {
        var index = start
        while index < characters.count, characters[index] == " " { index += 1 }
        guard index < characters.count, characters[index] == "{" else { return nil }
        var depth = 0
        var end = index
        while end < characters.count {
            if characters[end] == "{" { depth += 1 }
            if characters[end] == "}" {
                depth -= 1
                if depth == 0 { return (String(characters[(index + 1)..<end]), end + 1) }
            }
            end += 1
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
