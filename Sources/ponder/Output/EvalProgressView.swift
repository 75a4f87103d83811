import Foundation
import PonderCore
import PonderEval
import Synchronization

/// Shows an evaluation's progress on standard error: a live bar redrawn in place and cut to the terminal's
/// width on a terminal, plain lines at most every `interval` seconds otherwise.
final class EvalProgressView: Sendable {
    private struct State {
        var latest: EvalProgress?
        var lastElapsed: Double = 0
        var lastUpdate = ContinuousClock.now
        var renderer: ProgressRenderer
    }

    /// Whether standard error is a terminal.
    let isTerminal: Bool
    private let state: Mutex<State>

    init(isTerminal: Bool = StandardError.isTerminal, interval: Duration = .seconds(15)) {
        self.isTerminal = isTerminal
        self.state = Mutex(
            State(
                renderer: ProgressRenderer(mode: isTerminal ? .terminal(width: 0) : .plain(interval: interval.seconds)))
        )
    }

    /// A new snapshot from the runner.
    func update(_ progress: EvalProgress) {
        let now = ContinuousClock.now
        let text: String? = state.withLock { state in
            state.latest = progress
            state.lastElapsed = progress.elapsed
            state.lastUpdate = now
            return Self.render(progress, with: &state.renderer, isTerminal: isTerminal, final: progress.remaining == 0)
        }
        if let text { StandardError.write(text) }
    }

    /// Redraws the bar with the clock advanced (terminal only), so elapsed time and ETA move between runs.
    func tick() {
        guard isTerminal else { return }
        let text: String? = state.withLock { state in
            guard var progress = state.latest else { return nil }
            progress.elapsed = state.lastElapsed + (ContinuousClock.now - state.lastUpdate).seconds
            return Self.render(progress, with: &state.renderer, isTerminal: true, final: true)
        }
        if let text { StandardError.write(text) }
    }

    /// Ends the bar's line.
    func finish() {
        if isTerminal { StandardError.write("\n") }
    }

    private static func render(
        _ progress: EvalProgress, with renderer: inout ProgressRenderer, isTerminal: Bool, final: Bool
    ) -> String? {
        guard isTerminal else { return renderer.render(progress.segments, at: progress.elapsed, final: final) }
        // The renderer only times the redraws; the bar is drawn here, cut to the terminal's width.
        guard renderer.render([], at: progress.elapsed, final: final) != nil else { return nil }
        return "\r\u{1B}[2K" + progress.bar(width: 24, columns: StandardError.columns - 1)
    }
}
