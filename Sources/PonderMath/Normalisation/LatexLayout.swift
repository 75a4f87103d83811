/// Removes what only changes how an answer looks: inline-maths delimiters, `\left`/`\right` and
/// `\big` sizing, spacing commands (`\!`, `\,`, `\;`, `\quad`, `~`), `\displaystyle`, line breaks,
/// a trailing period or slash, and spells `\dfrac`/`\tfrac`/`\cfrac` as `\frac`, `\leq` as `\le`,
/// Unicode minus, times and π as their LaTeX forms.
struct LatexLayout: NormalisationStep {
    private static let replacements: [(String, String)] = [
        ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cfrac", "\\frac"),
        ("\\dbinom", "\\binom"), ("\\tbinom", "\\binom"),
        ("\\leqslant", "\\le"), ("\\geqslant", "\\ge"), ("\\leq", "\\le"), ("\\geq", "\\ge"), ("\\neq", "\\ne"),
        ("\\displaystyle", " "), ("\\textstyle", " "), ("\\qquad", " "), ("\\quad", " "),
        ("~", " "),
        ("\u{2212}", "-"), ("\u{2013}", "-"), ("×", "\\times "), ("·", "\\cdot "), ("π", "\\pi "),
        ("∞", "\\infty "), ("≤", "\\le "), ("≥", "\\ge "), ("≠", "\\ne "), ("√", "\\sqrt"), ("∪", "\\cup "),
        ("\\lbrace", "\\{"), ("\\rbrace", "\\}"), ("\\lbrack", "["), ("\\rbrack", "]"), ("\\lvert", "|"),
        ("\\rvert", "|"), ("\\mid", "|"), ("\\dots", "\\ldots"), ("\\cdots", "\\ldots"),
    ]

    private static let sizing: Set<String> = [
        "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
        "biggr", "Biggl", "Biggr",
    ]

    func apply(_ text: String) -> String {
        var result = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        for (old, new) in LatexLayout.replacements where result.contains(old) {
            result = result.replacingOccurrences(of: old, with: new)
        }
        result = LatexLayout.removingSpacingSymbols(result)
        result = LatexLayout.removingSizing(result)
        result = result.trimmingCharacters(in: .whitespaces)
        result = LatexLayout.strippingMathDelimiters(result)
        while let last = result.last, last == "." || last == "/" || last == "," || last == ";" || last == " " {
            result.removeLast()
            if result.hasSuffix("\\") { result.removeLast() }
        }
        while result.hasPrefix(":") { result.removeFirst() }
        return result.trimmingCharacters(in: .whitespaces)
    }

    /// Drops the control symbols `\!`, `\,`, `\;`, `\:`, `\ ` (a row break `\\` is kept whole).
    static func removingSpacingSymbols(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "\\", index + 1 < characters.count {
                let next = characters[index + 1]
                if next == "\\" {
                    output += "\\\\"
                    index += 2
                    continue
                }
                if "!,;: ".contains(next) {
                    output += next == "!" ? "" : " "
                    index += 2
                    continue
                }
            }
            output.append(characters[index])
            index += 1
        }
        return output
    }

    /// Drops `\left`, `\right`, `\big…` (and a `.` they size: `\left.`), keeping the delimiter.
    static func removingSizing(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "\\", let (name, end) = BraceScanner.commandName(in: characters, at: index),
                sizing.contains(name)
            {
                index = end
                if index < characters.count, characters[index] == "." { index += 1 }
                continue
            }
            output.append(characters[index])
            index += 1
        }
        return output
    }

    /// `$x$`, `$$x$$`, `\(x\)`, `\[x\]` → `x`.
    static func strippingMathDelimiters(_ text: String) -> String {
        var result = text
        for (open, close) in [("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")]
        where result.count >= open.count + close.count && result.hasPrefix(open) && result.hasSuffix(close) {
            result = String(result.dropFirst(open.count).dropLast(close.count))
        }
        return result
    }
}

import Foundation
