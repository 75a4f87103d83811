import Foundation
import PonderEval
import Testing

@Suite struct DatasetTests {
    private func parse(_ text: String, badLines: Dataset.BadLinePolicy = .fail) throws -> Dataset {
        try Dataset.parse(Data(text.utf8), name: "t", source: "t.jsonl", badLines: badLines)
    }

    @Test(.enabled(if: TestSupport.hasData, "shared data missing"))
    func math500LoadsAsItIs() throws {
        let dataset = try Dataset.load(path: TestSupport.data("math500.jsonl"))
        #expect(dataset.name == "math500")
        #expect(dataset.problems.count == 500)
        #expect(dataset.skipped.isEmpty)
        #expect(Set(dataset.problems.map(\.id)).count == 500)
        let levels = Dictionary(grouping: dataset.problems, by: { $0.level ?? 0 }).mapValues(\.count)
        #expect(levels == [1: 43, 2: 90, 3: 105, 4: 128, 5: 134])
        #expect(dataset.problems[0].id.hasPrefix("test/"))
        #expect(dataset.problems.allSatisfy { $0.subject != nil && !$0.answer.isEmpty })
    }

    @Test(.enabled(if: TestSupport.hasData, "shared data missing"))
    func aime24LoadsAsItIs() throws {
        let dataset = try Dataset.load(path: TestSupport.data("aime24.jsonl"))
        #expect(dataset.problems.count == 30)
        #expect(dataset.problems.first?.id == "2024-I-1")
        #expect(dataset.problems.allSatisfy { Int($0.answer) != nil })
    }

    @Test(.enabled(if: TestSupport.hasData, "shared data missing"))
    func firstThirtyIdsOfTheStratifiedSampleRunInTheirOrder() throws {
        let ids = try ProblemIDList.load(path: TestSupport.data("math500-s100.json"))
        #expect(ids.count == 100)
        let dataset = try Dataset.load(path: TestSupport.data("math500.jsonl"))
        let selected = try DatasetSelection(ids: ids, limit: 30).validated().apply(to: dataset)
        #expect(selected.problems.map(\.id) == Array(ids.prefix(30)))
    }

    @Test func lineWithoutAnswerFailsNamingItsLine() throws {
        let text = """
            {"problem": "1+1?", "answer": "2"}

            {"problem": "2+2?"}
            """
        #expect {
            try parse(text)
        } throws: { error in
            "\(error)" == "Dataset 't.jsonl' line 3: missing 'answer'"
        }
    }

    @Test func badLinesAreSkippedAndReportedWhenAskedTo() throws {
        let text = """
            {"problem": "1+1?", "answer": "2", "id": "a"}
            {"answer": "4"}
            not json
            [1, 2]
            {"problem": "3+3?", "answer": 6, "level": "Level 2"}
            {"problem": "   ", "answer": "1"}
            {"problem": "dup", "answer": "1", "id": "a"}
            """
        let dataset = try parse(text, badLines: .skip)
        #expect(dataset.problems.map(\.id) == ["a", "line-5"])
        #expect(dataset.problems[1].answer == "6")
        #expect(dataset.problems[1].level == 2)
        #expect(dataset.skipped.map(\.line) == [2, 3, 4, 6, 7])
        #expect(
            dataset.skipped.map(\.reason) == [
                "missing 'problem'", "not valid JSON", "not a JSON object", "'problem' is not a non-empty string",
                "duplicate id 'a' (first on line 1)",
            ])
    }

    @Test func idListsReadJSONObjectsArraysAndPlainLines() throws {
        #expect(try ProblemIDList.parse(Data(#"{"name": "x", "ids": ["b", "a"]}"#.utf8), source: "x") == ["b", "a"])
        #expect(try ProblemIDList.parse(Data(#"["c"]"#.utf8), source: "x") == ["c"])
        #expect(try ProblemIDList.parse(Data("# comment\nd\n\ne\n".utf8), source: "x") == ["d", "e"])
        #expect(throws: EvalError.self) { try ProblemIDList.parse(Data("a\na\n".utf8), source: "x") }
        #expect(throws: EvalError.self) { try ProblemIDList.parse(Data(#"{"ids": [1]}"#.utf8), source: "x") }
    }

    @Test func unknownIdsAreNamed() throws {
        let dataset = TestSupport.dataset(["1"], count: 3)
        #expect {
            try DatasetSelection(ids: ["p1", "nope"]).apply(to: dataset)
        } throws: { error in
            "\(error)" == "Dataset 'toy' has no problem with id 'nope'"
        }
    }

    @Test func selectionAppliesIdsThenSampleThenLimit() throws {
        let dataset = TestSupport.dataset(["1"], count: 20)
        let ids = (0..<20).reversed().map { "p\($0)" }
        let selected = try DatasetSelection(ids: ids, sample: 10, seed: 3, limit: 4).apply(to: dataset)
        #expect(selected.problems.count == 4)
        let sampled = try DatasetSelection(ids: ids, sample: 10, seed: 3).apply(to: dataset)
        #expect(selected.problems == Array(sampled.problems.prefix(4)))
        #expect(throws: EvalError.self) { try DatasetSelection(limit: 0).validated() }
        #expect(throws: EvalError.self) { try DatasetSelection(sample: -1).validated() }
    }

    @Test func excludedIdsLeaveAHeldOutSetInFileOrder() throws {
        let dataset = TestSupport.dataset(["1"], count: 10)
        let selected = try DatasetSelection(excluded: ["p1", "p2", "p5", "absent"], limit: 4).apply(to: dataset)
        #expect(selected.problems.map(\.id) == ["p0", "p3", "p4", "p6"])
        let both = try DatasetSelection(ids: ["p2", "p7", "p1"], excluded: ["p1"]).apply(to: dataset)
        #expect(both.problems.map(\.id) == ["p2", "p7"])
        #expect(throws: EvalError.self) {
            try DatasetSelection(excluded: dataset.problems.map(\.id)).apply(to: dataset)
        }
    }
}
