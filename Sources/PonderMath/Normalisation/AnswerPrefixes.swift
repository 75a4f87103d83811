/// Removes what announces an answer rather than being it: a set-membership prefix (`x \in [0, 1]`),
/// and the parentheses of a multiple-choice letter (`(C)` → `C`).
///
/// Equation prefixes (`x = 5`) are kept here: equivalence reads them (see ``StructuredEquivalence``).
struct AnswerPrefixes: NormalisationStep {
    func apply(_ text: String) -> String {
        var result = text
        let characters = Array(result)
        if characters.count > 4, characters[0].isASCIILetter {
            let rest = String(characters[1...]).trimmingSpaces()
            if rest.hasPrefix("\\in ") || rest.hasPrefix("\\in(") || rest.hasPrefix("\\in[") || rest.hasPrefix("\\in\\")
            {
                result = String(rest.dropFirst(3)).trimmingSpaces()
            }
        }
        let choice = Array(result.replacingText(" ", with: ""))
        if choice.count == 3, choice[0] == "(", choice[2] == ")", choice[1].isASCIILetter,
            "ABCDEabcde".contains(choice[1])
        {
            return String(choice[1])
        }
        return result
    }
}
