/// Removes what only changes how an answer looks: inline-maths delimiters, `\left`/`\right` and
/// `\big` sizing, spacing commands (`\!`, `\,`, `\;`, `\quad`, `~`), `\displaystyle`, line breaks,
/// a trailing period or slash, and spells `\dfrac`/`\tfrac`/`\cfrac` as `\frac`, `\leq` as `\le`,
/// Unicode minus, times, π, `√`, the vulgar fractions (`½`, `¾`, `⅓`, … as `\frac{1}{2}`…, so
/// `2½` is the mixed number 5/2), the fraction slash `⁄` and superscripts `²`, `³` as their LaTeX forms.
struct LatexLayout: NormalisationStep {
    /// Rewrites applied in one pass; at one position the first match wins, so longer spellings
    /// (`\leqslant`) come before their prefixes (`\le`).
    private static let replacements = TextReplacements([
        ("\r", " "), ("\n", " "), ("\t", " "),
        ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cfrac", "\\frac"),
        ("\\dbinom", "\\binom"), ("\\tbinom", "\\binom"),
        ("\\leqslant", "\\le"), ("\\geqslant", "\\ge"), ("\\leq", "\\le"), ("\\geq", "\\ge"), ("\\neq", "\\ne"),
        ("\\displaystyle", " "), ("\\textstyle", " "), ("\\qquad", " "), ("\\quad", " "),
        ("~", " "),
        ("\u{2212}", "-"), ("\u{2013}", "-"), ("×", "\\times "), ("·", "\\cdot "), ("π", "\\pi "),
        ("∞", "\\infty "), ("≤", "\\le "), ("≥", "\\ge "), ("≠", "\\ne "), ("√", "\\sqrt"), ("∪", "\\cup "),
        ("½", "\\frac{1}{2}"), ("⅓", "\\frac{1}{3}"), ("⅔", "\\frac{2}{3}"), ("¼", "\\frac{1}{4}"),
        ("¾", "\\frac{3}{4}"), ("⅕", "\\frac{1}{5}"), ("⅖", "\\frac{2}{5}"), ("⅗", "\\frac{3}{5}"),
        ("⅘", "\\frac{4}{5}"), ("⅙", "\\frac{1}{6}"), ("⅚", "\\frac{5}{6}"), ("⅐", "\\frac{1}{7}"),
        ("⅛", "\\frac{1}{8}"), ("⅜", "\\frac{3}{8}"), ("⅝", "\\frac{5}{8}"), ("⅞", "\\frac{7}{8}"),
        ("⅑", "\\frac{1}{9}"), ("⅒", "\\frac{1}{10}"), ("↉", "\\frac{0}{3}"),
        ("\u{2044}", "/"), ("\u{2215}", "/"),
        ("²", "^{2}"), ("³", "^{3}"),
        ("\\lbrace", "\\{"), ("\\rbrace", "\\}"), ("\\lbrack", "["), ("\\rbrack", "]"), ("\\middle", " "),
        ("\\lvert", "|"),
        ("\\rvert", "|"), ("\\mid", "|"), ("\\dots", "\\ldots"), ("\\cdots", "\\ldots"),
    ])

    private static let spacingSymbols = ["\\!", "\\,", "\\;", "\\:", "\\ "]

    /// What every sizing command starts with: a quick test before scanning.
    private static let sizingPrefixes = ["\\left", "\\right", "\\middle", "\\big", "\\Big"]

    private static let sizing: Set<String> = [
        "left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
        "biggr", "Biggl", "Biggr",
    ]

    func apply(_ text: String) -> String {
        var result = LatexLayout.joiningThousandsGroups(text).replacingEach(LatexLayout.replacements)
        result = LatexLayout.removingSpacingSymbols(result)
        result = LatexLayout.removingSizing(result)
        result = result.trimmingSpaces()
        result = LatexLayout.strippingMathDelimiters(result)
        while let last = result.last, last == "." || last == "/" || last == "," || last == ";" || last == " " {
            result.removeLast()
            if result.hasSuffix("\\") { result.removeLast() }
        }
        while result.hasPrefix(":") { result.removeFirst() }
        return result.trimmingSpaces()
    }

    /// `10,\!080` and `11,\! 111,\! 100` → `10080`, `11111100`: a comma followed by `\!` between a
    /// digit and three digits is a thousands separator (MATH's spelling), even with spaces around it.
    static func joiningThousandsGroups(_ text: String) -> String {
        guard text.containsText("\\!") else { return text }
        let characters = Array(text)
        var output: [Character] = []
        var index = 0
        while index < characters.count {
            var mark = index + 1
            while mark < characters.count, characters[mark] == " " { mark += 1 }
            if characters[index] == ",", mark + 1 < characters.count, characters[mark] == "\\",
                characters[mark + 1] == "!", output.last(where: { $0 != " " })?.isASCIIDigit == true
            {
                var next = mark + 2
                while next < characters.count, characters[next] == " " { next += 1 }
                let group = characters[next..<min(next + 3, characters.count)]
                let after = next + 3 < characters.count ? characters[next + 3] : " "
                if group.count == 3, group.allSatisfy(\.isASCIIDigit), !after.isASCIIDigit {
                    while output.last == " " { output.removeLast() }
                    index = next
                    continue
                }
            }
            output.append(characters[index])
            index += 1
        }
        return String(output)
    }

    /// Drops the control symbols `\!`, `\,`, `\;`, `\:`, `\ ` (a row break `\\` is kept whole).
    static func removingSpacingSymbols(_ text: String) -> String {
        guard text.containsText("\\"), spacingSymbols.contains(where: { text.containsText($0) }) else { return text }
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
        guard text.containsText("\\"), sizingPrefixes.contains(where: { text.containsText($0) }) else { return text }
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
