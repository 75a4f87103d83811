/// Brace-aware scanning of LaTeX strings, shared by extraction and normalisation.
enum BraceScanner {
    /// The index just past the `}` matching the `{` at `open`, or `nil` when unbalanced.
    static func closingIndex(in characters: [Character], open: Int) -> Int? {
        guard open < characters.count, characters[open] == "{" else { return nil }
        var depth = 0
        var index = open
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if character == "{" { depth += 1 }
            if character == "}" {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return nil
    }

    /// Rewrites every `\name{content}` with `name` in `names` to `transform(name, content)`,
    /// innermost-last, to a nesting depth of 16. Unbalanced groups are left as they are.
    static func rewritingCommands(
        in text: String, named names: Set<String>, depth: Int = 0, _ transform: (String, String) -> String
    ) -> String {
        guard depth < 16 else { return text }
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            if characters[index] == "\\", let (name, nameEnd) = commandName(in: characters, at: index),
                names.contains(name)
            {
                var open = nameEnd
                while open < characters.count, characters[open] == " " { open += 1 }
                if let close = closingIndex(in: characters, open: open) {
                    let content = String(characters[(open + 1)..<(close - 1)])
                    output += transform(name, rewritingCommands(in: content, named: names, depth: depth + 1, transform))
                    index = close
                    continue
                }
            }
            output.append(characters[index])
            index += 1
        }
        return output
    }

    /// The control word starting at the backslash at `index`, and the index after it.
    static func commandName(in characters: [Character], at index: Int) -> (String, Int)? {
        guard characters[index] == "\\" else { return nil }
        var end = index + 1
        while end < characters.count, characters[end].isASCIILetter { end += 1 }
        guard end > index + 1 else { return nil }
        return (String(characters[(index + 1)..<end]), end)
    }
}
