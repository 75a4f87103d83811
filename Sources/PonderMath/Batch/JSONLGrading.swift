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
    /// Each distinct gold answer is normalised and parsed once for the whole batch.
    ///
    /// - Throws: ``MathGraderError`` naming the first unreadable line; lines before it have been written.
    public func grade(_ text: String, write: (String) -> Void) throws {
        var lineNumber = 0
        var golds: [String: PreparedAnswer] = [:]
        // Split on the newline byte: splitting a large text by Character walks every grapheme boundary.
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            let lineText = String(text[line.startIndex..<line.endIndex])
            if let output = try gradeLine(lineText, lineNumber: lineNumber, golds: &golds) { write(output) }
        }
    }

    /// The output line for one input line, or `nil` for a blank line.
    ///
    /// - Throws: ``MathGraderError`` when the line is not a JSON object with `gold` and `pred`.
    public func gradeLine(_ line: String, lineNumber: Int) throws -> String? {
        var golds: [String: PreparedAnswer] = [:]
        return try gradeLine(line, lineNumber: lineNumber, golds: &golds)
    }

    /// Prepared gold answers kept per batch; past this many distinct golds the cache starts again.
    private static let maximumCachedGolds = 16_384

    private func gradeLine(_ line: String, lineNumber: Int, golds: inout [String: PreparedAnswer]) throws -> String? {
        let trimmed = line.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])
        } catch {
            throw MathGraderError.invalidJSON(line: lineNumber)
        }
        guard let object = parsed as? [String: Any] else { throw MathGraderError.notAnObject(line: lineNumber) }
        guard let gold = JSONLGrading.scalar(object["gold"]) else {
            throw MathGraderError.missingField("gold", line: lineNumber)
        }
        guard let prediction = JSONLGrading.scalar(object["pred"]) else {
            throw MathGraderError.missingField("pred", line: lineNumber)
        }
        let preparedGold: PreparedAnswer
        if let known = golds[gold] {
            preparedGold = known
        } else {
            preparedGold = grader.prepare(gold: grader.answer(in: gold).text)
            if golds.count >= JSONLGrading.maximumCachedGolds { golds.removeAll(keepingCapacity: true) }
            golds[gold] = preparedGold
        }
        let (predictionAnswer, rule) = grader.answer(in: prediction)
        let ruleName = rule?.rawValue ?? "whole-text"
        let verdict = grader.judge(gold: preparedGold, prediction: predictionAnswer)
        let extracted = JSONLGrading.quoted(predictionAnswer)
        let additions = "\"correct\":\(verdict.isEquivalent),\"extracted\":\(extracted),\"rule\":\"\(ruleName)\""
        if object["correct"] == nil, object["extracted"] == nil, object["rule"] == nil, trimmed.hasSuffix("}") {
            let body = String(trimmed[..<trimmed.index(before: trimmed.endIndex)]).trimmingSpaces()
            return body + (body.hasSuffix("{") ? "" : ",") + additions + "}"
        }
        var rewritten = object
        rewritten["correct"] = verdict.isEquivalent
        rewritten["extracted"] = predictionAnswer
        rewritten["rule"] = ruleName
        let data =
            (try? JSONSerialization.data(withJSONObject: rewritten, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A graded field as text: a string, or a number (AIME golds are often integers); `nil` otherwise.
    private static func scalar(_ value: Any?) -> String? {
        if let string = value as? String { return string }
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        if double.rounded() == double, abs(double) < 1e15 { return String(number.int64Value) }
        return String(double)
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
