import Foundation
import PonderCore

/// The fake server's toy tokenizer: a few whole-word tokens, greedy longest match, every other byte its own
/// token (id 1000 + byte), and a chatml-style chat template.
enum FakeVocabulary {
    static let words: [String] = [
        "<|im_start|>", "<|im_end|>", "system", "user", "assistant", "\n", "\n\n", "Step", " one", " two", ".", ".\n\n",
        " The", " answer", " is", " $\\boxed{4}$", "Hi", "<extra_0>", "Yes", "No", "+", "-", " ки",
    ]
    static let endOfText: TokenID = 1
    static let yes: TokenID = 18
    static let no: TokenID = 19
    static let plus: TokenID = 20
    static let minus: TokenID = 21

    /// The fake model's one solution: three steps, then the end-of-text token.
    static let solution: [TokenID] = [7, 8, 11, 7, 9, 11, 12, 13, 14, 15, endOfText]
    static let solutionSteps = ["Step one.\n\n", "Step two.\n\n", " The answer is $\\boxed{4}$"]

    static func piece(_ token: TokenID) -> [UInt8] {
        if token >= 1000 { return [UInt8(truncatingIfNeeded: token - 1000)] }
        return Array(words[Int(token)].utf8)
    }

    static func tokenize(_ text: String) -> [TokenID] {
        let bytes = Array(text.utf8)
        var tokens: [TokenID] = []
        var index = 0
        let encoded = words.enumerated().map { ($0.offset, Array($0.element.utf8)) }.sorted { $0.1.count > $1.1.count }
        while index < bytes.count {
            if let (id, word) = encoded.first(where: { bytes[index...].starts(with: $0.1) }) {
                tokens.append(TokenID(id))
                index += word.count
            } else {
                tokens.append(1000 + TokenID(bytes[index]))
                index += 1
            }
        }
        return tokens
    }

    static func detokenize(_ tokens: [TokenID]) -> String {
        String(decoding: tokens.flatMap(piece), as: UTF8.self)
    }

    static func render(_ messages: [(role: String, content: String)], addGenerationPrompt: Bool) -> String {
        var text = messages.map { "<|im_start|>\($0.role)\n\($0.content)<|im_end|>\n" }.joined()
        if addGenerationPrompt { text += "<|im_start|>assistant\n" }
        return text
    }
}
