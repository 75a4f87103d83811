/// Decides when a progress display draws and what: a line redrawn in place on a terminal, cut to its
/// width; plain lines at most every `interval` seconds otherwise (logs, pipes, CI).
///
/// Time is the snapshot's own clock (seconds since the work started), so a scripted run renders the same
/// lines every time.
public struct ProgressRenderer: Sendable, Hashable {
    /// Where the lines go.
    public enum Mode: Sendable, Hashable {
        /// A terminal `width` columns wide: each draw replaces the previous one.
        case terminal(width: Int)
        /// A file or pipe: whole lines, one every `interval` seconds at most.
        case plain(interval: Double)
    }

    /// Where the lines go.
    public var mode: Mode
    /// The shortest time between two redraws on a terminal, in seconds.
    public var redrawInterval: Double
    private var lastDrawn: Double?

    /// Creates a renderer.
    public init(mode: Mode, redrawInterval: Double = 0.2) {
        self.mode = mode
        self.redrawInterval = redrawInterval
    }

    /// The text to write for a snapshot taken at `time`, or `nil` when it is too soon to draw again. The
    /// first snapshot and a `final` one are always drawn.
    public mutating func render(_ segments: [ProgressSegment], at time: Double, final: Bool = false) -> String? {
        let interval: Double
        switch mode {
        case .terminal: interval = redrawInterval
        case .plain(let every): interval = every
        }
        if !final, let lastDrawn, time - lastDrawn < interval { return nil }
        lastDrawn = time
        switch mode {
        case .terminal(let width):
            // One column is left free so the cursor never wraps to a new line.
            return "\r\u{1B}[2K" + ProgressSegment.line(segments, width: max(width - 1, 1))
        case .plain:
            return ProgressSegment.line(segments) + "\n"
        }
    }
}
