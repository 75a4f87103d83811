import Foundation
import PonderCore
import PonderEval
import Synchronization

/// Shows an evaluation's progress on standard error: a live bar redrawn in place on a terminal, plain
/// lines at most every `interval` seconds otherwise.
final class EvalProgressView: Sendable {
    private struct State {
        var latest: EvalProgress?
        var lastLine: ContinuousClock.Instant?
        var lastElapsed: Double = 0
        var lastUpdate = ContinuousClock.now
    }

    /// Whether standard error is a terminal.
    let isTerminal: Bool
    private let interval: Duration
    private let state = Mutex(State())

    init(isTerminal: Bool = StandardError.isTerminal, interval: Duration = .seconds(15)) {
        self.isTerminal = isTerminal
        self.interval = interval
    }

    /// A new snapshot from the runner.
    func update(_ progress: EvalProgress) {
        let now = ContinuousClock.now
        let text: String? = state.withLock { state in
            state.latest = progress
            state.lastElapsed = progress.elapsed
            state.lastUpdate = now
            if isTerminal { return Self.barText(progress) }
            let finishedAll = progress.remaining == 0
            guard finishedAll || state.lastLine.map({ now - $0 >= interval }) ?? true else { return nil }
            state.lastLine = now
            return progress.line + "\n"
        }
        if let text { StandardError.write(text) }
    }

    /// Redraws the bar with the clock advanced (terminal only), so elapsed time and ETA move between runs.
    func tick() {
        guard isTerminal else { return }
        let text: String? = state.withLock { state in
            guard var progress = state.latest else { return nil }
            progress.elapsed = state.lastElapsed + (ContinuousClock.now - state.lastUpdate).seconds
            return Self.barText(progress)
        }
        if let text { StandardError.write(text) }
    }

    /// Ends the bar's line.
    func finish() {
        if isTerminal { StandardError.write("\n") }
    }

    private static func barText(_ progress: EvalProgress) -> String {
        "\r\u{1B}[2K" + progress.bar(width: 24)
    }
}
