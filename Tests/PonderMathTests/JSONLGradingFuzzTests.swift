import Foundation
import PonderMath
import PonderTesting
import Testing

/// `ponder grade --jsonl`'s reader on hostile input: never a crash; graded lines, or a ``MathGraderError``
/// naming the line.
@Suite struct JSONLGradingFuzzTests {
    private static let valid: [Data] = {
        var lines = [
            #"{"gold": "25", "pred": "\\boxed{025}"}"#,
            #"{"gold": 7, "pred": "so the answer is $\\frac{14}{2}$", "id": "x"}"#,
            #"{"gold": "(1,2)", "pred": "\\boxed{(2,1)}", "correct": true}"#,
            #"{"gold": "\\sqrt{2}", "pred": 1.4142}"#,
        ]
        // Real gold answers too, where the shared data is.
        if TestData.isAvailable("math500.jsonl") {
            for row in TestData.rows("math500.jsonl").prefix(20) {
                guard let answer = row["answer"],
                    let data = try? JSONSerialization.data(
                        withJSONObject: ["gold": answer, "pred": "The answer is $\\boxed{\(answer)}$."])
                else { continue }
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        return [Data(lines.joined(separator: "\n").utf8), Data(lines.suffix(8).joined(separator: "\n").utf8)]
    }()

    private func check(_ data: Data) {
        // The command reads UTF-8 text only (other bytes are an error before any line is read).
        guard let text = String(data: data, encoding: .utf8) else { return }
        var written: [String] = []
        do {
            try JSONLGrading().grade(text) { written.append($0) }
        } catch let error as MathGraderError {
            #expect(error.description.hasPrefix("Line \(error.lineNumber) "), "\(error)")
        } catch {
            Issue.record("not a MathGraderError: \(error)")
        }
        for line in written {
            let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
            #expect(
                object?["correct"] as? Bool != nil && object?["extracted"] as? String != nil, "output is JSON: \(line)")
        }
    }

    @Test(arguments: 0..<4)
    func mutatedAndRandomBytesAreGradedOrAClearError(seed: Int) {
        var fuzzer = Fuzzer(seed: UInt64(seed), samples: Self.valid)
        for _ in 0..<150 { check(fuzzer.next()) }
    }

    @Test func extremeInputsAreGradedOrAClearError() {
        for data in Fuzzer.extremes { check(data) }
    }
}
