import Foundation
import PonderCore
import PonderTesting
import Testing

/// The trace reader on hostile input: never a crash, always a trace or a ``PonderError`` naming what is wrong.
@Suite struct SearchTraceFuzzTests {
    private static let valid: [Data] = {
        let lines = [
            #"{"depth":0,"node":0,"seconds":0,"state":"expanded","step":"","subtree":-1,"tokens":0}"#,
            #"{"depth":1,"node":1,"parent":0,"score":0.9,"seconds":1,"state":"expanded","step":"First.\n\n","subtree":0,"tokens":3}"#,
            #"{"depth":1,"node":2,"parent":0,"seconds":1,"state":"dropped","reason":"duplicate","step":"First.\n\n","subtree":0,"tokens":3}"#,
            #"{"depth":2,"node":3,"parent":1,"score":0.8,"seconds":2,"state":"finished","step":"So \\boxed{1}.","subtree":0,"tokens":5}"#,
            #"{"depth":2,"node":4,"parent":1,"score":0.1,"seconds":2,"state":"pruned","step":"Or $x^2$ é 😀","subtree":1,"tokens":5}"#,
        ]
        return [Data(lines.joined(separator: "\n").utf8), Data((lines.reversed().joined(separator: "\n") + "\n").utf8)]
    }()

    /// Reads `data`; returns what went wrong, or `nil` when it is a trace (then it is also drawn).
    private func read(_ data: Data) -> String? {
        do {
            let trace = try SearchTrace.parse(data)
            let lines = try SearchTraceOutline(width: 7).lines(trace)
            #expect(lines.count == trace.events.count, "every node is drawn once")
            return nil
        } catch let error as PonderError {
            return error.message
        } catch {
            Issue.record("not a PonderError: \(error)")
            return "\(error)"
        }
    }

    @Test(arguments: 0..<4)
    func mutatedAndRandomBytesGiveATraceOrAClearError(seed: Int) {
        var fuzzer = Fuzzer(seed: UInt64(seed), samples: Self.valid)
        for _ in 0..<300 {
            guard let message = read(fuzzer.next()) else { continue }
            #expect(message.hasPrefix("Line ") || message.hasPrefix("Trace has no events"), "\(message)")
            #expect(!message.contains("DecodingError") && !message.contains("codingPath"), "\(message)")
        }
    }

    @Test func extremeInputsGiveAClearError() {
        for data in Fuzzer.extremes {
            #expect(read(data) != nil)
        }
    }

    @Test(arguments: 0..<4)
    func randomParentLinksGiveAForestOrAnErrorNamingTheLink(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(100 + seed))
        for _ in 0..<200 {
            let count = 1 + generator.index(below: 30)
            let events = (0..<count).map { index in
                // Mostly an earlier node; sometimes none, itself, a later node or one not in the trace.
                let parent: Int? =
                    switch generator.index(below: 10) {
                    case 0: nil
                    case 1: index
                    case 2: generator.index(below: count)
                    case 3: count + generator.index(below: 5)
                    default: index == 0 ? nil : generator.index(below: index)
                    }
                return SearchTraceEvent(
                    node: generator.index(below: 20) == 0 ? generator.index(below: count) : index, parent: parent,
                    subtree: 0, depth: 0, step: "s", tokens: 1, score: nil, state: .expanded, reason: nil, seconds: 0)
            }
            do {
                let trace = try SearchTrace(events: events)
                let walked = trace.depthFirst()
                #expect(walked.count == events.count, "a valid trace is a forest: every node reached once")
                #expect(Set(walked.map(\.event.node)).count == events.count)
            } catch let error as PonderError {
                #expect(error.message.hasPrefix("Line "), "\(error)")
            }
        }
    }
}
