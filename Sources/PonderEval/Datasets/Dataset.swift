public import Foundation
import PonderCore

/// An evaluation dataset read from JSON Lines: one object per line with `problem` and `answer`, and
/// optionally `id`, `level` and `subject`; other fields are ignored.
///
/// MATH-500 and AIME24 as the shared data folder holds them load as they are. `level` may be an integer
/// or MATH's `"Level 3"`; `answer` may be a string or a number. Blank lines are ignored.
public struct Dataset: Sendable, Hashable {
    /// What to do with a line that is not a problem.
    public enum BadLinePolicy: String, Sendable, Hashable, CaseIterable {
        /// Skip it and record it in ``Dataset/skipped``.
        case skip
        /// Fail the load with the line's number.
        case fail
    }

    /// The dataset's name: how results are keyed (by default the file name without its extension).
    public var name: String
    /// The problems, in file order.
    public var problems: [DatasetProblem]
    /// Lines skipped under ``BadLinePolicy/skip``.
    public var skipped: [DatasetIssue]

    /// Creates a dataset from problems.
    public init(name: String, problems: [DatasetProblem], skipped: [DatasetIssue] = []) {
        self.name = name
        self.problems = problems
        self.skipped = skipped
    }

    /// Reads a JSON Lines file.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - name: the dataset's name; `nil` takes the file name without its extension (`math500`).
    ///   - badLines: skip lines without `problem` or `answer` (recorded in ``skipped``), or fail on the first.
    /// - Throws: ``EvalError`` when the file cannot be read, or a line is bad under ``BadLinePolicy/fail``.
    public static func load(path: String, name: String? = nil, badLines: BadLinePolicy = .fail) throws -> Dataset {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvalError.unreadableFile(path, reason: "no such file, or not readable")
        }
        let defaultName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(data, name: name ?? defaultName, source: path, badLines: badLines)
    }

    /// Parses JSON Lines.
    ///
    /// - Parameters:
    ///   - data: the file's bytes (UTF-8).
    ///   - name: the dataset's name.
    ///   - source: the file named in error messages.
    ///   - badLines: what to do with a line that is not a problem.
    /// - Throws: ``EvalError`` for a bad line under ``BadLinePolicy/fail``.
    public static func parse(_ data: Data, name: String, source: String, badLines: BadLinePolicy) throws -> Dataset {
        var problems: [DatasetProblem] = []
        var skipped: [DatasetIssue] = []
        var firstLineOfID: [String: Int] = [:]
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (offset, text) in lines.enumerated() {
            let number = offset + 1
            guard text.contains(where: { !$0.isWhitespace }) else { continue }
            do {
                let problem = try parseLine(Substring(text), number: number)
                if let first = firstLineOfID[problem.id] {
                    throw BadLine(
                        issue: DatasetIssue(
                            line: number, reason: "duplicate id '\(problem.id)' (first on line \(first))"))
                }
                firstLineOfID[problem.id] = number
                problems.append(problem)
            } catch let bad as BadLine {
                switch badLines {
                case .skip: skipped.append(bad.issue)
                case .fail: throw EvalError.badDatasetLine(source, line: bad.issue.line, reason: bad.issue.reason)
                }
            }
        }
        return Dataset(name: name, problems: problems, skipped: skipped)
    }

    private static func parseLine(_ text: Substring, number: Int) throws(BadLine) -> DatasetProblem {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw BadLine(issue: DatasetIssue(line: number, reason: "not a JSON object"))
            }
            object = parsed
        } catch let bad as BadLine {
            throw bad
        } catch {
            throw BadLine(issue: DatasetIssue(line: number, reason: "not valid JSON"))
        }
        guard let statement = object["problem"] as? String,
            statement.contains(where: { !$0.isWhitespace })
        else {
            throw BadLine(
                issue: DatasetIssue(
                    line: number,
                    reason: object["problem"] == nil ? "missing 'problem'" : "'problem' is not a non-empty string"))
        }
        guard let answer = Self.text(of: object["answer"]), !answer.isEmpty else {
            throw BadLine(
                issue: DatasetIssue(
                    line: number,
                    reason: object["answer"] == nil
                        ? "missing 'answer'" : "'answer' is not a non-empty string or number"))
        }
        let id: String
        switch object["id"] {
        case nil: id = "line-\(number)"
        case let value:
            guard let text = Self.text(of: value), !text.isEmpty else {
                throw BadLine(issue: DatasetIssue(line: number, reason: "'id' is not a non-empty string or number"))
            }
            id = text
        }
        return DatasetProblem(
            id: id, statement: statement, answer: answer, level: level(of: object["level"]),
            subject: object["subject"] as? String, line: number)
    }

    /// A string, or an integer or decimal number written as JSON wrote it.
    private static func text(of value: Any?) -> String? {
        if let string = value as? String { return string.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let number = value as? NSNumber {
            let double = number.doubleValue
            if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
            return "\(double)"
        }
        return nil
    }

    /// An integer level, or the number in MATH's `"Level 3"`.
    private static func level(of value: Any?) -> Int? {
        if let number = value as? NSNumber { return number.intValue }
        guard let string = value as? String else { return nil }
        return Int(string.split(separator: " ").last ?? "")
    }
}

/// A line that is not a problem, thrown from line parsing to the loop that skips it or fails.
private struct BadLine: Error {
    var issue: DatasetIssue
}
