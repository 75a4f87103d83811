import Foundation
import PonderTesting
import Testing

@Suite struct TraceCommandTests {
    private let tree = [
        #"{"depth":0,"node":0,"seconds":0,"state":"expanded","step":"","subtree":-1,"tokens":0}"#,
        #"{"depth":1,"node":1,"parent":0,"score":0.9,"seconds":1,"state":"expanded","step":"First.\n\n","subtree":0,"tokens":3}"#,
        #"{"depth":1,"node":2,"parent":0,"seconds":1,"state":"dropped","reason":"duplicate","step":"First.\n\n","subtree":0,"tokens":3}"#,
        #"{"depth":2,"node":3,"parent":1,"score":0.8,"seconds":2,"state":"finished","step":"So \\boxed{1}.","subtree":0,"tokens":5}"#,
    ]

    /// Runs `ponder trace` on a file holding `lines`.
    private func trace(_ lines: [String], _ arguments: [String] = []) async throws -> PonderBinary.Output {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-trace-\(UUID()).jsonl").path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await PonderBinary.run(["trace", path] + arguments)
    }

    @Test func drawsTheTreeWithChildrenUnderTheirParents() async throws {
        let output = try await trace(tree)
        #expect(output.status == 0 && !output.crashed)
        #expect(
            output.stdout.split(separator: "\n") == [
                "prompt  [expanded]",
                "  #1 First.  [expanded, step score 0.900]",
                "    #3 So \\boxed{1}.  [finished, step score 0.800]",
                "  #2 First.  [dropped (duplicate)]",
            ])
    }

    private let outcome =
        #"{"outcome":{"aggregation":"last","answer":"1","chosen":3,"paths":[{"answer":"1","node":3,"score":0.8}],"#
        + #""rule":"prm-last-vote","votes":[{"answer":"1","nodes":[3],"score":0.8,"winner":true}]}}"#

    @Test func theOutlineMarksTheChosenPathWhenTheTraceRecordsIt() async throws {
        let output = try await trace(tree + [outcome])
        #expect(output.status == 0 && !output.crashed, "stderr: \(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0] == "prompt  [expanded]  ◀ chosen path")
        #expect(lines[2].hasSuffix("◀ chosen: answer 1 (path score 0.800 under prm-last-vote)"))
        #expect(!lines[3].contains("◀"))
    }

    /// The page drawn by headless Chromium: a screenshot is taken, and the DOM after its script ran shows
    /// every node, the chosen leaf in the details panel and the vote table.
    @Test(.enabled(if: Chromium.path != nil, "Chromium not installed (scripts/setup.sh installs it)"))
    func theHTMLPageRendersInAHeadlessBrowser() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ponder-page-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("tree.jsonl")
        try Data((tree + [outcome]).joined(separator: "\n").utf8).write(to: source)
        let page = folder.appendingPathComponent("tree.html")
        let output = try await PonderBinary.run(["trace", source.path, "--html", page.path])
        #expect(output.status == 0 && !output.crashed, "stderr: \(output.stderr)")
        #expect(output.stdout.isEmpty, "the page replaces the outline")

        let screenshot = folder.appendingPathComponent("tree.png")
        _ = try await Chromium.run(["--screenshot=\(screenshot.path)"], page: page, folder: folder)
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        #expect(png.count > 5_000, "more than a blank page: \(png.count) bytes")

        let dom = try await Chromium.run(["--dump-dom"], page: page, folder: folder)
        #expect(dom.contains("data-ready=\"4\""), "the script ran over the four nodes")
        #expect(dom.contains("<span id=\"detail-node\">#3</span>"), "the chosen leaf is shown first")
        #expect(dom.contains("<pre id=\"detail-step\">So \\boxed{1}.</pre>"))
        #expect(dom.contains("<dd id=\"detail-state\">finished, chosen leaf</dd>"))
        #expect(dom.contains("<dd id=\"detail-path-score\">0.800</dd>"))
        #expect(dom.components(separatedBy: "<g class=\"node").count - 1 == 4)
        #expect(dom.contains("<table id=\"vote-table\">"))
    }

    @Test func aLineThatIsNotAnEventIsReportedWithItsNumberAndWhatIsWrong() async throws {
        let output = try await trace(["", #"{"node": 0}"#])
        #expect(output.failedCleanly, "an error exit, not a crash")
        #expect(output.stderr.contains("Line 2 of the trace is not a trace event: missing field 'subtree'"))
        #expect(!output.stderr.contains("DecodingError") && !output.stderr.contains("codingPath"), "\(output.stderr)")
    }

    @Test(arguments: ["0", "-1", "-100"])
    func aWidthBelowOneIsAUsageErrorNotACrash(width: String) async throws {
        let output = try await trace(tree, ["--width=\(width)"])
        #expect(output.failedCleanly, "an error exit, not a crash: \(output.stderr)")
        #expect(output.stderr.contains("Invalid width '\(width)': expected at least 1"))
    }

    @Test func aWidthOfOneShowsOnlyTheEllipsis() async throws {
        let output = try await trace(tree, ["--width", "1"])
        #expect(output.status == 0 && !output.crashed)
        #expect(output.stdout.contains("  #1 …  [expanded, step score 0.900]"))
    }

    @Test func aNodeThatIsItsOwnParentIsAClearError() async throws {
        let selfParent =
            #"{"depth":1,"node":1,"parent":1,"seconds":1,"state":"expanded","step":"x","subtree":0,"tokens":1}"#
        let output = try await trace([tree[0], selfParent])
        #expect(output.failedCleanly, "an error exit, not a crash: \(output.stderr)")
        #expect(output.stderr.contains("Line 2 of the trace makes node '1' its own parent"))
    }

    @Test func aParentChainThousandsDeepIsDrawn() async throws {
        let depth = 5000
        let chain = (1...depth).map { node in
            #"{"depth":\#(node),"node":\#(node),"parent":\#(node - 1),"seconds":1,"state":"expanded","step":"s","subtree":0,"tokens":1}"#
        }
        let output = try await trace([tree[0]] + chain)
        #expect(output.status == 0 && !output.crashed, "stderr: \(output.stderr.suffix(500))")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == depth + 1)
        #expect(lines.last?.hasSuffix("[depth \(depth)] #\(depth) s  [expanded]") == true)
    }
}
