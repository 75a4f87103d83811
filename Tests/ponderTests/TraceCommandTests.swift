import Foundation
import Testing

@Suite struct TraceCommandTests {
    private let tree = [
        #"{"depth":0,"node":0,"seconds":0,"state":"expanded","step":"","subtree":-1,"tokens":0}"#,
        #"{"depth":1,"node":1,"parent":0,"score":0.9,"seconds":1,"state":"expanded","step":"First.\n\n","subtree":0,"tokens":3}"#,
        #"{"depth":1,"node":2,"parent":0,"seconds":1,"state":"dropped","reason":"duplicate","step":"First.\n\n","subtree":0,"tokens":3}"#,
        #"{"depth":2,"node":3,"parent":1,"score":0.8,"seconds":2,"state":"finished","step":"So \\boxed{1}.","subtree":0,"tokens":5}"#,
    ]

    /// Runs `ponder trace` on a file holding `lines`.
    private func trace(_ lines: [String], _ arguments: [String] = []) throws -> PonderBinary.Output {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-trace-\(UUID()).jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try PonderBinary.run(["trace", path] + arguments)
    }

    @Test func drawsTheTreeWithChildrenUnderTheirParents() throws {
        let output = try trace(tree)
        #expect(output.status == 0 && !output.crashed)
        #expect(
            output.stdout.split(separator: "\n") == [
                "prompt  [expanded]",
                "  #1 First.  [expanded 0.900]",
                "    #3 So \\boxed{1}.  [finished 0.800]",
                "  #2 First.  [dropped (duplicate)]",
            ])
    }

    @Test func aLineThatIsNotAnEventIsReportedWithItsNumberAndWhatIsWrong() throws {
        let output = try trace(["", #"{"node": 0}"#])
        #expect(output.failedCleanly, "an error exit, not a crash")
        #expect(output.stderr.contains("Line 2 of the trace is not a trace event: missing field 'subtree'"))
        #expect(!output.stderr.contains("DecodingError") && !output.stderr.contains("codingPath"), "\(output.stderr)")
    }

    @Test(arguments: ["0", "-1", "-100"])
    func aWidthBelowOneIsAUsageErrorNotACrash(width: String) throws {
        let output = try trace(tree, ["--width=\(width)"])
        #expect(output.failedCleanly, "an error exit, not a crash: \(output.stderr)")
        #expect(output.stderr.contains("Invalid width '\(width)': expected at least 1"))
    }

    @Test func aWidthOfOneShowsOnlyTheEllipsis() throws {
        let output = try trace(tree, ["--width", "1"])
        #expect(output.status == 0 && !output.crashed)
        #expect(output.stdout.contains("  #1 …  [expanded 0.900]"))
    }

    @Test func aNodeThatIsItsOwnParentIsAClearError() throws {
        let selfParent =
            #"{"depth":1,"node":1,"parent":1,"seconds":1,"state":"expanded","step":"x","subtree":0,"tokens":1}"#
        let output = try trace([tree[0], selfParent])
        #expect(output.failedCleanly, "an error exit, not a crash: \(output.stderr)")
        #expect(output.stderr.contains("Line 2 of the trace makes node '1' its own parent"))
    }

    @Test func aParentChainThousandsDeepIsDrawn() throws {
        let depth = 5000
        let chain = (1...depth).map { node in
            #"{"depth":\#(node),"node":\#(node),"parent":\#(node - 1),"seconds":1,"state":"expanded","step":"s","subtree":0,"tokens":1}"#
        }
        let output = try trace([tree[0]] + chain)
        #expect(output.status == 0 && !output.crashed, "stderr: \(output.stderr.suffix(500))")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == depth + 1)
        #expect(lines.last?.hasSuffix("[depth \(depth)] #\(depth) s  [expanded]") == true)
    }
}
