import Foundation
import PonderCore
import PonderEval
import PonderTesting
import Testing

/// The dataset reader on hostile input: never a crash; a dataset, or an ``EvalError`` naming the line.
@Suite struct DatasetFuzzTests {
    private static let valid: [Data] = {
        var samples = [
            Data(
                """
                {"problem": "What is $1+1$?", "answer": "2", "id": "a", "level": "Level 1", "subject": "Algebra"}
                {"problem": "Find $x$.", "answer": 7, "id": 12, "level": 3}

                {"problem": "Unicode: é 😀 \\u00e9", "answer": "\\\\frac{1}{2}"}
                """.utf8)
        ]
        // Real lines too, where the shared data is: a reader tested on its author's lines shares their blind spots.
        if let math = try? String(contentsOfFile: SharedData.directory + "/math500.jsonl", encoding: .utf8) {
            samples.append(Data(math.split(separator: "\n").prefix(12).joined(separator: "\n").utf8))
        }
        if let aime = try? String(contentsOfFile: SharedData.directory + "/aime24.jsonl", encoding: .utf8) {
            samples.append(Data(aime.split(separator: "\n").prefix(6).joined(separator: "\n").utf8))
        }
        return samples
    }()

    private func check(_ data: Data) {
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        do {
            let dataset = try Dataset.parse(data, name: "fuzz", source: "fuzz.jsonl", badLines: .fail)
            #expect(dataset.problems.count <= lines)
            #expect(dataset.problems.allSatisfy { !$0.id.isEmpty && !$0.answer.isEmpty })
        } catch let error as EvalError {
            #expect(error.message.hasPrefix("Dataset 'fuzz.jsonl' line "), "\(error)")
        } catch {
            Issue.record("not an EvalError: \(error)")
        }
        do {
            let dataset = try Dataset.parse(data, name: "fuzz", source: "fuzz.jsonl", badLines: .skip)
            #expect(dataset.problems.count + dataset.skipped.count <= lines)
            #expect(Set(dataset.problems.map(\.id)).count == dataset.problems.count, "ids are unique")
        } catch {
            Issue.record("skipping bad lines never throws: \(error)")
        }
    }

    @Test(arguments: 0..<4)
    func mutatedAndRandomBytesGiveADatasetOrAClearError(seed: Int) {
        var fuzzer = Fuzzer(seed: UInt64(seed), samples: Self.valid)
        for _ in 0..<250 { check(fuzzer.next()) }
    }

    @Test func extremeInputsGiveADatasetOrAClearError() {
        for data in Fuzzer.extremes { check(data) }
    }
}
