import Foundation
import PonderCore
import Testing

@Suite struct SearchTraceTests {
    private func event(
        _ node: Int, parent: Int?, step: String = "Step.\n\n", state: SearchTraceEvent.State = .expanded,
        score: Double? = nil, reason: String? = nil
    ) -> SearchTraceEvent {
        SearchTraceEvent(
            node: node, parent: parent, subtree: parent == nil ? -1 : 0, depth: 0, step: step, tokens: 2,
            score: score, state: state, reason: reason, seconds: 0)
    }

    private func jsonLines(_ events: [SearchTraceEvent]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Data()
        for event in events {
            data.append(try encoder.encode(event))
            data.append(0x0A)
        }
        return data
    }

    @Test func outlineShowsChildrenUnderTheirParentsInFileOrder() throws {
        let trace = try SearchTrace(events: [
            event(0, parent: nil, step: ""),
            event(1, parent: 0, step: "First.\n\n", score: 0.9),
            event(2, parent: 0, step: "First.\n\n", state: .dropped, reason: "duplicate"),
            event(3, parent: 1, step: "So \\boxed{1}.", state: .finished, score: 0.8),
        ])
        #expect(
            try SearchTraceOutline(width: 60).lines(trace) == [
                "prompt  [expanded]",
                "  #1 First.  [expanded, step score 0.900]",
                "    #3 So \\boxed{1}.  [finished, step score 0.800]",
                "  #2 First.  [dropped (duplicate)]",
            ])
    }

    private let outcomeLine =
        #"{"outcome":{"aggregation":"last","answer":"1","chosen":3,"paths":[{"answer":"1","node":3,"score":0.8}],"#
        + #""rule":"prm-last-vote","votes":[{"answer":"1","nodes":[3],"score":0.8,"winner":true}]}}"#

    @Test func theOutcomeLineMarksTheChosenPathAndLabelsItsScores() throws {
        var data = try jsonLines([
            event(0, parent: nil, step: ""),
            event(1, parent: 0, step: "First.\n\n", score: 0.9),
            event(2, parent: 0, step: "Other.", state: .pruned, score: 0.1),
            event(3, parent: 1, step: "So \\boxed{1}.", state: .finished, score: 0.8),
        ])
        data.append(Data((outcomeLine + "\n").utf8))
        let trace = try SearchTrace.parse(data)
        #expect(trace.outcome?.chosen == 3)
        #expect(trace.chosenPath.map { trace.events[$0].node } == [0, 1, 3])
        #expect(
            try SearchTraceOutline(width: 60).lines(trace) == [
                "prompt  [expanded]  ◀ chosen path",
                "  #1 First.  [expanded, step score 0.900]  ◀ chosen path",
                "    #3 So \\boxed{1}.  [finished, step score 0.800]  ◀ chosen: answer 1 (path score 0.800 under prm-last-vote)",
                "  #2 Other.  [pruned, step score 0.100]",
            ])
    }

    @Test func aTraceWithoutAnOutcomeStillLoadsAndMarksNothing() throws {
        let trace = try SearchTrace.parse(try jsonLines([event(0, parent: nil, step: ""), event(1, parent: 0)]))
        #expect(trace.outcome == nil)
        #expect(trace.chosenPath.isEmpty)
        #expect(try SearchTraceOutline().lines(trace).allSatisfy { !$0.contains("◀") })
    }

    @Test func aChosenNodeMissingFromTheTraceMarksNothing() throws {
        var data = try jsonLines([event(0, parent: nil, step: ""), event(1, parent: 0)])
        data.append(Data(outcomeLine.utf8))
        let trace = try SearchTrace.parse(data)
        #expect(trace.outcome?.chosen == 3)
        #expect(trace.chosenPath.isEmpty)
    }

    @Test func childrenListedBeforeTheirParentStillHangUnderIt() throws {
        let trace = try SearchTrace(events: [event(2, parent: 1), event(1, parent: 0), event(0, parent: nil)])
        #expect(trace.depthFirst().map { "\($0.event.node)@\($0.depth)" } == ["0@0", "1@1", "2@2"])
    }

    @Test(arguments: [1, 2, 5])
    func longStepsAreCutToTheWidth(width: Int) throws {
        let trace = try SearchTrace(events: [event(0, parent: nil), event(1, parent: 0, step: "abcdefgh")])
        let line = try #require(try SearchTraceOutline(width: width).lines(trace).last)
        #expect(line == "  #1 \(String("abcdefgh".prefix(width - 1)))…  [expanded]")
    }

    @Test(arguments: [0, -1, Int.min])
    func aWidthBelowOneIsAnError(width: Int) {
        #expect {
            try SearchTraceOutline(width: width)
        } throws: { error in
            "\(error)" == "Invalid width '\(width)': expected at least 1"
        }
    }

    @Test func aChainThousandsDeepIsWalkedWithoutRecursion() throws {
        let depth = 20_000
        let events = [event(0, parent: nil)] + (1...depth).map { event($0, parent: $0 - 1) }
        let trace = try SearchTrace.parse(try jsonLines(events))
        let lines = try SearchTraceOutline(width: 10, maxIndentedDepth: 100).lines(trace)
        #expect(lines.count == depth + 1)
        #expect(lines[100] == String(repeating: "  ", count: 100) + "#100 Step.  [expanded]")
        #expect(lines[depth] == String(repeating: "  ", count: 100) + "[depth \(depth)] #\(depth) Step.  [expanded]")
    }

    @Test func aNodeThatIsItsOwnParentIsAnError() throws {
        let data = try jsonLines([event(0, parent: nil), event(1, parent: 1)])
        #expect {
            try SearchTrace.parse(data)
        } throws: { error in
            "\(error)" == "Line 2 of the trace makes node '1' its own parent"
        }
    }

    @Test func aCycleOfParentsIsAnErrorNamingItsNodes() throws {
        let data = try jsonLines([event(0, parent: nil), event(5, parent: 7), event(6, parent: 5), event(7, parent: 6)])
        #expect {
            try SearchTrace.parse(data)
        } throws: { error in
            "\(error)" == "Line 2 of the trace makes node '5' its own ancestor (parents: 5 → 7 → 6 → 5)"
        }
        // A cycle hanging off nothing: no root at all.
        #expect(throws: PonderError.self) { try SearchTrace(events: [event(1, parent: 2), event(2, parent: 1)]) }
    }

    @Test func aLongCycleIsShortenedInTheMessage() throws {
        let events = (0..<20).map { event($0, parent: ($0 + 1) % 20) }
        #expect {
            try SearchTrace(events: events)
        } throws: { error in
            "\(error)"
                == "Line 1 of the trace makes node '0' its own ancestor (parents: 0 → 1 → 2 → 3 → 4 → 5 → 6 → 7 → … → 0)"
        }
    }

    @Test func anUnknownParentIsAnError() throws {
        let data = try jsonLines([event(0, parent: nil), event(1, parent: 0), event(4, parent: 9)])
        #expect {
            try SearchTrace.parse(data)
        } throws: { error in
            "\(error)" == "Line 3 of the trace gives node '4' the parent '9', which is not in the trace"
        }
    }

    @Test func aDuplicateNodeIsAnError() throws {
        let data = try jsonLines([event(0, parent: nil), event(1, parent: 0), event(1, parent: 0)])
        #expect {
            try SearchTrace.parse(data)
        } throws: { error in
            "\(error)" == "Line 3 of the trace repeats node '1' (first on line 2)"
        }
    }

    @Test func anEmptyTraceIsAnError() {
        #expect {
            try SearchTrace.parse(Data("\n \n".utf8))
        } throws: { error in
            "\(error)" == "Trace has no events: only beam search and DVTS write a search tree"
        }
    }

    @Test(arguments: [
        ("{\"node\": 0}", "Line 2 of the trace is not a trace event: missing field 'subtree'"),
        ("not json", "Line 2 of the trace is not a trace event: not valid JSON"),
        ("[1, 2]", "Line 2 of the trace is not a trace event: expected a JSON object"),
        (
            #"{"depth":0,"node":"zero","seconds":0,"state":"expanded","step":"","subtree":-1,"tokens":0}"#,
            "Line 2 of the trace is not a trace event: 'node' is not an integer"
        ),
        (
            #"{"depth":0,"node":0,"seconds":0,"state":"lost","step":"","subtree":-1,"tokens":0}"#,
            "Line 2 of the trace is not a trace event: 'state' is not one of expanded, finished, pruned, dropped"
        ),
        (
            #"{"depth":0,"node":0,"seconds":0,"state":"expanded","step":null,"subtree":-1,"tokens":0}"#,
            "Line 2 of the trace is not a trace event: 'step' is null, expected a string"
        ),
    ])
    func aLineThatIsNotAnEventNamesItsLineAndWhatIsWrong(line: String, message: String) {
        #expect {
            try SearchTrace.parse(Data("\n\(line)\n".utf8))
        } throws: { error in
            "\(error)" == message
        }
    }
}
