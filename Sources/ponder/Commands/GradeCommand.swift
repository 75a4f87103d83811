import ArgumentParser
import Foundation
import PonderCore
import PonderMath

/// `ponder grade`: grades one answer against a gold answer, or a JSONL file of pairs.
struct GradeCommand: ParsableCommand {
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

    @Flag(help: "Turn off the percent variants (gold ×100 and ÷100), as voting does.")
    var noPercentVariants = false

    func validate() throws {
        if jsonl == nil, gold == nil || prediction == nil {
            throw ValidationError("Give --gold and --pred, or --jsonl")
        }
        if jsonl != nil, gold != nil || prediction != nil {
            throw ValidationError("--jsonl cannot be combined with --gold or --pred")
        }
    }

    func run() throws {
        let grader = MathGrader(configuration: noPercentVariants ? .voting : .grading)
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
