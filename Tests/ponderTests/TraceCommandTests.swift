import Foundation
import Testing

@Suite struct TraceCommandTests {
    @Test func drawsTheTreeWithChildrenUnderTheirParents() throws {
        let lines = [
            #"{"depth":0,"node":0,"seconds":0,"state":"expanded","step":"","subtree":-1,"tokens":0}"#,
            #"{"depth":1,"node":1,"parent":0,"score":0.9,"seconds":1,"state":"expanded","step":"First.\n\n","subtree":0,"tokens":3}"#,
            #"{"depth":1,"node":2,"parent":0,"seconds":1,"state":"dropped","reason":"duplicate","step":"First.\n\n","subtree":0,"tokens":3}"#,
            #"{"depth":2,"node":3,"parent":1,"score":0.8,"seconds":2,"state":"finished","step":"So \\boxed{1}.","subtree":0,"tokens":5}"#,
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-trace-\(UUID()).jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try PonderBinary.run(["trace", path])
        #expect(output.status == 0)
        #expect(output.stdout.split(separator: "\n") == [
            "prompt  [expanded]",
            "  #1 First.  [expanded 0.900]",
            "    #3 So \\boxed{1}.  [finished 0.800]",
            "  #2 First.  [dropped (duplicate)]",
        ])
    }

    @Test func aLineThatIsNotAnEventIsReportedWithItsNumber() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-trace-\(UUID()).jsonl").path
        try Data("{\"node\": 0}\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try PonderBinary.run(["trace", path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("Line 1"))
    }
}
