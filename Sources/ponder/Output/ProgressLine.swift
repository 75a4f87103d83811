import Foundation
import PonderCore
import Synchronization

/// Draws a search's progress on standard error: a line redrawn in place and cut to the terminal's width
/// on a terminal, a plain line every `interval` seconds otherwise.
final class ProgressLine: Sendable {
    private let renderer: Mutex<ProgressRenderer>
    private let isTerminal: Bool

    init(isTerminal: Bool = StandardError.isTerminal, interval: Double = 10) {
        self.isTerminal = isTerminal
        self.renderer = Mutex(
            ProgressRenderer(
                mode: isTerminal ? .terminal(width: StandardError.columns) : .plain(interval: interval)))
    }

    /// The handler to give the search.
    var handler: SearchProgressHandler {
        { [self] in draw($0) }
    }

    func draw(_ progress: SearchProgress) {
        let text = renderer.withLock { renderer in
            if isTerminal { renderer.mode = .terminal(width: StandardError.columns) }
            return renderer.render(progress.segments, at: progress.elapsed, final: progress.phase == .done)
        }
        if let text { StandardError.write(text) }
    }

    /// Clears the line (terminal only).
    func clear() {
        if isTerminal { StandardError.write("\r\u{1B}[2K") }
    }
}
