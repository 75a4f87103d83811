import Foundation

/// How a token-label process reward model reads a solution: a data description, not a class per model.
///
/// A format says how the question and steps are rendered, where the model's scores are read, and which
/// two label tokens it chooses between. The score of a step is the softmax over the two labels' logits,
/// P(good). Ship-with formats: ``mathShepherd`` and ``rlhflow``; more load from JSON (this type's Codable form).
///
/// - `plain` layout: `question` template once, then `step` template per step, as one text; scores are read
///   at the last token of each occurrence of `tag` (Math-Shepherd: the `ки` after every step).
/// - `chat` layout: a conversation rendered with the PRM's chat template, user turns carrying the steps
///   (the first one also the question, by `firstUser`) and each assistant turn holding `goodLabel`; a
///   score is read at the token just before each assistant label (RLHFlow).
public struct PRMFormat: Sendable, Hashable, Codable {
    /// How the input is laid out.
    public enum Layout: String, Sendable, Hashable, Codable {
        case plain, chat
    }

    /// The format's name.
    public var name: String
    /// How the input is laid out.
    public var layout: Layout
    /// Plain layout: the text before the steps; `{question}` is replaced.
    public var question: String
    /// Plain layout: each step's text; `{step}` is replaced by the step, stripped. Must contain ``tag``.
    public var step: String
    /// Plain layout: the marker whose last token's logits score the step before it.
    public var tag: String
    /// Chat layout: the first user turn; `{question}` and `{step}` are replaced.
    public var firstUser: String
    /// Chat layout: an optional system turn.
    public var system: String?
    /// The label token text meaning "this step is good".
    public var goodLabel: String
    /// The label token text meaning "this step is bad".
    public var badLabel: String

    /// Creates a format.
    public init(
        name: String, layout: Layout, question: String = "{question} ", step: String = "{step} ки\n",
        tag: String = "ки", firstUser: String = "{question} {step}", system: String? = nil,
        goodLabel: String = "+", badLabel: String = "-"
    ) {
        self.name = name
        self.layout = layout
        self.question = question
        self.step = step
        self.tag = tag
        self.firstUser = firstUser
        self.system = system
        self.goodLabel = goodLabel
        self.badLabel = badLabel
    }

    /// Math-Shepherd: `"{question} {step1} ки\n{step2} ки\n…"`, read at each `ки`, labels `+` / `-`.
    public static let mathShepherd = PRMFormat(name: "math-shepherd", layout: .plain)

    /// RLHFlow (Llama-3.1-8B-PRM-*): chat turns, user = question and first step, then one step per user turn,
    /// assistant = `+`; read just before each assistant label, labels `+` / `-`.
    public static let rlhflow = PRMFormat(name: "rlhflow", layout: .chat)

    /// The formats Ponder ships.
    public static let builtIn: [PRMFormat] = [.mathShepherd, .rlhflow]

    /// Checks the format once, before any work.
    ///
    /// - Throws: ``PonderError`` naming the offending field.
    public func validated() throws -> PRMFormat {
        guard !goodLabel.isEmpty, !badLabel.isEmpty, goodLabel != badLabel else {
            throw PonderError.invalidParameter(
                "PRM format labels", "\(goodLabel)/\(badLabel)", expected: "two different non-empty labels")
        }
        switch layout {
        case .plain:
            guard !tag.isEmpty, step.contains("{step}"), step.contains(tag) else {
                throw PonderError.invalidParameter(
                    "PRM format step", step, expected: "a template with '{step}' and the tag '\(tag)'")
            }
            guard !question.contains(tag) else {
                throw PonderError.invalidParameter(
                    "PRM format question", question, expected: "a template without the tag '\(tag)'")
            }
        case .chat:
            guard firstUser.contains("{step}") else {
                throw PonderError.invalidParameter(
                    "PRM format first user turn", firstUser, expected: "a template with '{step}'")
            }
        }
        return self
    }

    /// Renders the plain layout: the text and, per step, the UTF-8 offset just past its tag.
    public func renderPlain(question text: String, steps: [String]) -> (text: String, tagEnds: [Int]) {
        var rendered = question.replacingOccurrences(of: "{question}", with: text)
        var ends: [Int] = []
        for step in steps {
            let piece = self.step.replacingOccurrences(of: "{step}", with: Self.strip(step))
            let start = rendered.utf8.count
            rendered += piece
            // The last tag in the step template is the one that scores it.
            if let range = piece.range(of: tag, options: .backwards) {
                ends.append(start + piece[..<range.upperBound].utf8.count)
            }
        }
        return (rendered, ends)
    }

    /// The chat layout's messages: (role, content) pairs; assistant turns hold the good label.
    public func chatMessages(question text: String, steps: [String]) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system)) }
        for (index, step) in steps.enumerated() {
            let content =
                index == 0
                ? firstUser.replacingOccurrences(of: "{question}", with: text).replacingOccurrences(
                    of: "{step}", with: Self.strip(step))
                : Self.strip(step)
            messages.append(ChatMessage(role: .user, content: content))
            messages.append(ChatMessage(role: .assistant, content: goodLabel))
        }
        return messages
    }

    /// A step as PRMs see it: without surrounding white space.
    public static func strip(_ step: String) -> String {
        step.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
