import ArgumentParser
import Foundation
import PonderCore
import PonderEval
import PonderMath

/// `ponder grade`: grades one answer against a gold answer, a JSONL file of pairs, or an evaluation
/// database's stored answers again.
struct GradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Decide whether predicted answers equal gold answers.",
        discussion: """
            With --gold and --pred, prints the verdict, the rule that decided it and the answer graded. \
            --pred may be a full model output: its final answer is extracted first (\\boxed{}, "Answer:", \
            "**Final Answer:**", "The final answer is …", "#### 42", else a last line holding only an answer).

            With --jsonl, reads lines of {"gold": …, "pred": …} and writes each back to standard output \
            with "correct", "extracted" and "rule" (the extraction rule, or "whole-text") added. The exit code is 0 whether or not answers match, and \
            non-zero, naming the line, on unreadable input.

            With --db, grades every candidate and selection stored in an evaluation database again, against \
            its run's gold answer, and stores the verdicts that changed: for results stored before the grader \
            changed. The answers are the stored ones (as extracted, and as voting grouped them, when the runs \
            were made). Prints every change and a count.
            """
    )

    @Option(help: "The gold (reference) answer.")
    var gold: String?

    @Option(name: .customLong("pred"), help: "The predicted answer, or a model's full output.")
    var prediction: String?

    @Option(
        help: ArgumentHelp(
            "A JSON Lines file of {\"gold\": …, \"pred\": …} objects; '-' reads standard input.", valueName: "file"))
    var jsonl: String?

    @Option(help: ArgumentHelp("An evaluation database (ponder eval --db) whose stored answers to grade again."))
    var db: String?

    @Flag(
        help: """
            Turn off the percent variants (gold ×100 and ÷100 where one side is written as a percentage), as \
            voting does.
            """)
    var noPercentVariants = false

    func validate() throws {
        let pair = gold != nil || prediction != nil
        switch (pair, jsonl != nil, db != nil) {
        case (true, false, false):
            guard gold != nil, prediction != nil else { throw ValidationError("Give both --gold and --pred") }
        case (false, true, false), (false, false, true): break
        case (false, false, false): throw ValidationError("Give --gold and --pred, --jsonl, or --db")
        default: throw ValidationError("Give one of --gold and --pred, --jsonl, or --db")
        }
    }

    func run() async throws {
        let grader = MathGrader(configuration: noPercentVariants ? .voting : .grading)
        if let db {
            try await regrade(db, grader: grader)
            return
        }
        if let jsonl {
            try gradeFile(jsonl, grader: grader)
            return
        }
        guard let gold, let prediction else { return }
        let goldAnswer = grader.answer(in: gold)
        let predictedAnswer = grader.answer(in: prediction)
        let verdict = grader.judge(gold: goldAnswer.text, prediction: predictedAnswer.text)
        print(verdict.isEquivalent ? "equal" : "not equal")
        print("rule: \(verdict.rule.rawValue)")
        print("extracted: \(predictedAnswer.text) (\(predictedAnswer.rule?.rawValue ?? "whole text"))")
    }

    private func regrade(_ path: String, grader: MathGrader) async throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EvalError.unreadableFile(path, reason: "no such database")
        }
        let account = try await EvalStore(path: path).regrade(with: grader)
        for change in account.changes {
            print(
                "\(change.problemID) \(change.strategy) \(change.place): '\(change.answer)' for gold '\(change.gold)' "
                    + "is now \(change.correct ? "right" : "wrong")")
        }
        let candidates = account.changedCandidates
        print(
            "Graded \(account.candidates) candidates and \(account.selections) selections of \(account.runs) runs again: "
                + "\(candidates) candidate and \(account.changes.count - candidates) selection verdicts changed.")
    }

    private func gradeFile(_ path: String, grader: MathGrader) throws {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data, let text = String(data: data, encoding: .utf8) else {
            throw MathGraderError.unreadableFile(path)
        }
        var buffer = ""
        defer { FileHandle.standardOutput.write(Data(buffer.utf8)) }
        try JSONLGrading(grader: grader).grade(text) { line in
            buffer += line
            buffer += "\n"
            if buffer.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(buffer.utf8))
                buffer = ""
            }
        }
    }
}
