/// Removes spaces, keeping one only where dropping it would change the tokens
/// (`\pi r` must not become the unknown command `\pir`). Runs last.
struct Whitespace: NormalisationStep {
    func apply(_ text: String) -> String {
        guard text.contains(where: \.isWhitespace) else { return text }
        var output = ""
        output.reserveCapacity(text.count)
        var inCommandName = false
        var pendingSpace = false
        for character in text {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, inCommandName, character.isASCIILetter { output.append(" ") }
            pendingSpace = false
            if character == "\\" {
                inCommandName = true
            } else if !character.isASCIILetter {
                inCommandName = false
            }
            output.append(character)
        }
        return output
    }
}
