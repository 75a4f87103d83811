import Foundation
import PonderCore
import Synchronization

/// A live progress line on a terminal: candidates finished and generation speed, redrawn in place.
final class ProgressLine: Sendable {
    private let label: String
    private let lastDraw = Mutex<ContinuousClock.Instant?>(nil)

    init(label: String) {
        self.label = label
    }

    /// The handler to give the policy; `nil` when standard error is not a terminal.
    static func handler(label: String) -> ProgressHandler? {
        guard StandardError.isTerminal else { return nil }
        let line = ProgressLine(label: label)
        return { line.draw($0) }
    }

    func draw(_ progress: GenerationProgress) {
        let now = ContinuousClock.now
        let due = lastDraw.withLock { last in
            let finished = progress.finished == progress.requests
            guard finished || last.map({ now - $0 > .milliseconds(200) }) ?? true else { return false }
            last = now
            return true
        }
        guard due else { return }
        let rate = progress.elapsed > 0 ? Double(progress.generatedTokens) / progress.elapsed : 0
        let text =
            "\r\u{1B}[2K\(label) \(progress.finished)/\(progress.requests) candidates finished · "
            + "\(progress.generatedTokens) tokens · \(String(format: "%.1f", rate)) tok/s · \(Int(progress.elapsed)) s"
        StandardError.write(text)
    }

    /// Clears the line.
    static func clear() {
        if StandardError.isTerminal { StandardError.write("\r\u{1B}[2K") }
    }
}
