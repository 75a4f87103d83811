import Foundation
import PonderCore

/// Grades JSON Lines of `{"gold": …, "pred": …}` for batch use (`ponder grade --jsonl`).
///
/// Each output line is the input line with `"correct"` (a Boolean), `"extracted"` (the answer
/// graded for `pred`) and `"rule"` (the extraction rule that found it, ``PonderCore/ExtractedAnswer/Rule``'s
/// raw value, or `"whole-text"`) added. `pred` may be a full model output: its answer is taken with
/// ``MathGrader/answer(in:)``; so is `gold`'s. Other fields are kept as written. Blank lines are
/// skipped.
public struct JSONLGrading: Sendable {
    /// The grader used for every line.
    public var grader: MathGrader

    /// Creates a batch grader.
    public init(grader: MathGrader = MathGrader(configuration: .grading)) {
        self.grader = grader
    }

    /// Grades every line of `text`, passing each output line to `write`.
    ///
    /// - Throws: ``MathGraderError`` naming the first unreadable line; lines before it have been written.
    public func grade(_ text: String, write: (String) -> Void) throws {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if let output = try gradeLine(String(line), lineNumber: lineNumber) { write(output) }
        }
    }

    /// The output line for one input line, or `nil` for a blank line.
    ///
    /// - Throws: ``MathGraderError`` when the line is not a JSON object with `gold` and `pred`.
    public func gradeLine(_ line: String, lineNumber: Int) throws -> String? {
        let trimmed = line.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])
        } catch {
            throw MathGraderError.invalidJSON(line: lineNumber)
        }
        guard let object = parsed as? [String: Any] else { throw MathGraderError.notAnObject(line: lineNumber) }
        let fields = try? JSONDecoder().decode(Fields.self, from: Data(trimmed.utf8))
        guard let gold = fields?.gold?.text else { throw MathGraderError.missingField("gold", line: lineNumber) }
        guard let prediction = fields?.pred?.text else { throw MathGraderError.missingField("pred", line: lineNumber) }
        let goldAnswer = grader.answer(in: gold).text
        let (predictionAnswer, rule) = grader.answer(in: prediction)
        let ruleName = rule?.rawValue ?? "whole-text"
        let verdict = grader.judge(gold: goldAnswer, prediction: predictionAnswer)
        let extracted = JSONLGrading.quoted(predictionAnswer)
        let additions = "\"correct\":\(verdict.isEquivalent),\"extracted\":\(extracted),\"rule\":\"\(ruleName)\""
        if object["correct"] == nil, object["extracted"] == nil, object["rule"] == nil, trimmed.hasSuffix("}") {
            let body = String(trimmed.dropLast()).trimmingSpaces()
            return body + (body.hasSuffix("{") ? "" : ",") + additions + "}"
        }
        var rewritten = object
        rewritten["correct"] = verdict.isEquivalent
        rewritten["extracted"] = predictionAnswer
        rewritten["rule"] = ruleName
        let data = (try? JSONSerialization.data(withJSONObject: rewritten, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The two graded fields; each may be a string or a number (AIME golds are often integers).
    private struct Fields: Decodable {
        var gold: Scalar?
        var pred: Scalar?

        private enum CodingKeys: String, CodingKey { case gold, pred }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            gold = try? container.decodeIfPresent(Scalar.self, forKey: .gold)
            pred = try? container.decodeIfPresent(Scalar.self, forKey: .pred)
        }
    }

    private struct Scalar: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                text = string
            } else if let integer = try? container.decode(Int.self) {
                text = String(integer)
            } else {
                text = String(try container.decode(Double.self))
            }
        }
    }

    /// `text` as a JSON string literal (exposed for tests).
    package static func quotedForTesting(_ text: String) -> String { quoted(text) }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += String(format: "\\u%04x", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
