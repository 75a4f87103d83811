import Foundation
import PonderCore
import PonderEval
import Testing

/// The trace page's structure: one self-contained document, a node per event, the chosen path and the
/// vote table. (Its rendering in a browser is checked in `TraceCommandTests`.)
@Suite struct SearchTracePageTests {
    private func event(
        _ node: Int, parent: Int?, depth: Int, step: String, state: SearchTraceEvent.State, score: Double? = nil,
        reason: String? = nil
    ) -> SearchTraceEvent {
        SearchTraceEvent(
            node: node, parent: parent, subtree: parent == nil ? -1 : 0, depth: depth, step: step, tokens: 3,
            score: score, state: state, reason: reason, seconds: Double(depth))
    }

    private var events: [SearchTraceEvent] {
        [
            event(0, parent: nil, depth: 0, step: "", state: .expanded),
            event(1, parent: 0, depth: 1, step: "First.\n\n", state: .expanded, score: 0.9),
            event(2, parent: 0, depth: 1, step: "First.\n\n", state: .dropped, reason: "duplicate"),
            event(4, parent: 0, depth: 1, step: "Guess </script><b>x</b> & go", state: .pruned, score: 0.2),
            event(3, parent: 1, depth: 2, step: "So \\boxed{1}.", state: .finished, score: 0.8),
            event(5, parent: 1, depth: 2, step: "So \\boxed{2}.", state: .finished, score: 0.7),
        ]
    }

    private var outcome: SearchTraceOutcome {
        SearchTraceOutcome(
            rule: "prm-last-max", aggregation: "last", answer: "1", chosen: 3,
            paths: [.init(node: 3, answer: "1", score: 0.8), .init(node: 5, answer: "2", score: 0.7)],
            votes: [
                .init(answer: "1", nodes: [3], score: 0.8, winner: true),
                .init(answer: "2", nodes: [5], score: 0.7, winner: false),
            ])
    }

    private func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func everyNodeIsDrawnWithItsStateAndTheChosenPathIsHighlighted() throws {
        let html = SearchTracePage(trace: try SearchTrace(events: events, outcome: outcome), source: "t.jsonl").html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(count("<svg id=\"tree\"", in: html) == 1)
        #expect(count("<g class=\"node", in: html) == events.count)
        #expect(html.contains("<g class=\"node root chosen\" data-node=\"0\""))
        #expect(html.contains("<g class=\"node expanded chosen\" data-node=\"1\""))
        #expect(html.contains("<g class=\"node finished chosen\" data-node=\"3\""))
        #expect(html.contains("<g class=\"node finished\" data-node=\"5\""))
        #expect(html.contains("<g class=\"node dropped\" data-node=\"2\""))
        #expect(html.contains("<g class=\"node pruned\" data-node=\"4\""))
        #expect(count("class=\"edge chosen\"", in: html) == 2, "prompt → #1 → #3")
        #expect(count("class=\"edge", in: html) == events.count - 1)
        #expect(html.contains("<title>#3 finished: So \\boxed{1}.</title>"), "the step shows on hover")
        #expect(html.contains("<title>#2 dropped (duplicate): First."))
    }

    @Test func theVoteTableSitsBesideTheTreeWithItsScoresExplained() throws {
        let html = SearchTracePage(trace: try SearchTrace(events: events, outcome: outcome), source: "t.jsonl").html
        #expect(html.contains("<h2>Votes (prm-last-max)</h2>"))
        #expect(html.contains("<th>best path score</th>"), "a max rule's group score is its best path")
        #expect(html.contains("<tr class=\"winner\"><td>1</td><td><a href=\"#\" data-node=\"3\">#3</a></td>"))
        #expect(html.contains("#3</a> (chosen)"))
        #expect(html.contains("step scores</em>: the verifier's score of that step"))
        #expect(html.contains("Answer <strong>1</strong> under prm-last-max, chosen leaf #3"))
    }

    @Test func thePageIsSelfContainedAndStepTextCannotBreakIt() throws {
        let html = SearchTracePage(trace: try SearchTrace(events: events, outcome: outcome), source: "t.jsonl").html
        #expect(!html.contains("src="), "no external scripts or images")
        #expect(!html.contains("href=\"http") && !html.contains("@import") && !html.contains("url("))
        #expect(count("</script>", in: html) == 2, "the step's </script> is escaped in the data")
        #expect(html.contains("Guess <\\/script><b>x<\\/b> & go"), "escaped inside the JSON data")
        #expect(html.contains("Guess &lt;/script&gt;&lt;b&gt;x&lt;/b&gt; &amp; go"), "escaped in the SVG title")
    }

    @Test func anOutcomeWithoutAnswersSaysNoPathStatedOne() throws {
        let empty = SearchTraceOutcome(
            rule: "prm-last-vote", aggregation: "last", answer: nil, chosen: nil,
            paths: [.init(node: 3, answer: nil, score: 0.8)], votes: [])
        let html = SearchTracePage(trace: try SearchTrace(events: events, outcome: empty), source: "t.jsonl").html
        #expect(html.contains("No finished path stated an answer."))
        #expect(html.contains("Answer <strong>none</strong>"))
        #expect(!html.contains("edge chosen"))
    }

    @Test func aTraceWithoutAnOutcomeSaysSo() throws {
        let html = SearchTracePage(trace: try SearchTrace(events: events), source: "old.jsonl").html
        #expect(html.contains("does not record the outcome"))
        #expect(html.contains("Not recorded in this trace."))
        #expect(!html.contains("chosen\" data-node"))
    }
}
