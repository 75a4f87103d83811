import Foundation
import PonderModels
import Synchronization

/// Draws model downloads: a bar redrawn in place on a terminal, or a plain line every few seconds (and at
/// each file's end) when standard error is a file or a pipe.
final class DownloadProgressView: Sendable {
    private struct State {
        var fileStart: (file: Int, offset: Int64, at: ContinuousClock.Instant)?
        var lastDraw: ContinuousClock.Instant?
    }

    private let isTerminal: Bool
    private let interval: Duration
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    /// A view writing to standard error; `isTerminal` picks the live bar or plain lines.
    init(
        isTerminal: Bool = StandardError.isTerminal, write: @escaping @Sendable (String) -> Void = StandardError.write
    ) {
        self.isTerminal = isTerminal
        self.interval = isTerminal ? .milliseconds(200) : .seconds(5)
        self.write = write
    }

    /// The reporter to hand to the library.
    var reporter: ProgressReporter { { self.draw($0) } }

    func draw(_ progress: DownloadProgress, now: ContinuousClock.Instant = .now) {
        let (due, elapsed) = state.withLock { state -> (Bool, Duration) in
            if state.fileStart?.file != progress.file || state.fileStart?.offset != progress.resumedFrom {
                state.fileStart = (progress.file, progress.resumedFrom, now)
            }
            let elapsed = now - (state.fileStart?.at ?? now)
            guard progress.isFinished || state.lastDraw.map({ now - $0 >= interval }) ?? true else {
                return (false, elapsed)
            }
            state.lastDraw = now
            return (true, elapsed)
        }
        guard due else { return }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(progress.receivedBytes - progress.resumedFrom) / seconds : nil
        if isTerminal {
            let line = Self.line(progress, bytesPerSecond: rate, width: Self.terminalWidth)
            write("\r\u{1B}[2K" + line + (progress.isFinished && progress.file == progress.files ? "\n" : ""))
        } else {
            write(Self.line(progress, bytesPerSecond: rate, width: nil) + "\n")
        }
    }

    /// One progress line: `[2/6] NAME  ████░░░░  45%  210.0/491.4 MB  12.3 MB/s  ETA 23 s`; with a `width`,
    /// the name is shortened so the line fits.
    static func line(_ progress: DownloadProgress, bytesPerSecond: Double?, width: Int?) -> String {
        let position = progress.files > 1 ? "[\(progress.file)/\(progress.files)] " : ""
        var amounts = megabytes(progress.receivedBytes)
        if let total = progress.totalBytes { amounts += "/" + megabytes(total) }
        amounts += " MB"
        var tail = ""
        if let fraction = progress.fraction {
            tail += String(format: "%3d%%  ", Int(fraction * 100))
        }
        tail += amounts
        if progress.isFinished {
            tail += progress.resumedFrom > 0 ? "  done (resumed at \(megabytes(progress.resumedFrom)) MB)" : "  done"
        } else if let rate = bytesPerSecond, rate > 0 {
            tail += String(format: "  %.1f MB/s", rate / 1e6)
            if let total = progress.totalBytes {
                tail += "  ETA \(duration(Double(total - progress.receivedBytes) / rate))"
            }
        }
        let barWidth = 20
        var bar = ""
        if let fraction = progress.fraction {
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "  "
        }
        var name = progress.label
        if let width {
            let room = width - position.count - bar.count - tail.count - 2
            if room < 8 {
                bar = ""
            }
            let left = width - position.count - bar.count - tail.count - 2
            if name.count > max(8, left) { name = "…" + name.suffix(max(7, left - 1)) }
        }
        return position + name + "  " + bar + tail
    }

    /// The terminal's width in columns (80 when unknown).
    static var terminalWidth: Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 80
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1e6)
    }

    private static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole / 60 % 60) min"
    }
}
