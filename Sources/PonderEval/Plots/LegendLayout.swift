/// Places a plot's legend entries in rows under the plot, measuring each name so that no entry runs into
/// the next or past the panel: entries flow left to right, and a name wider than the legend wraps onto more
/// lines at spaces (or, for one long word, anywhere) instead of being cut.
package struct LegendLayout: Sendable, Hashable {
    /// One placed entry.
    package struct Entry: Sendable, Hashable {
        /// The series' index in the plot.
        package var series: Int
        /// The swatch's left edge, relative to the legend's left.
        package var x: Double
        /// The first line's baseline row centre, relative to the legend's top.
        package var y: Double
        /// The name's lines.
        package var lines: [String]
        /// The entry's width: swatch and its longest line.
        package var width: Double
    }

    /// Font size of the names, in pixels.
    package static let fontSize = 12.0
    /// Height of one line.
    package static let lineHeight = 15.0
    /// The swatch and the gap before the name.
    package static let swatchWidth = 28.0
    /// The gap between entries in a row.
    package static let gap = 14.0

    /// The placed entries.
    package var entries: [Entry]
    /// The legend's height.
    package var height: Double

    /// Lays out `names` (with their series indices) within `width` pixels.
    package init(names: [(series: Int, name: String)], width: Double) {
        let textWidth = max(width - Self.swatchWidth, Self.fontSize)
        var entries: [Entry] = []
        var x = 0.0
        var rowTop = 0.0
        var rowLines = 0
        for (series, name) in names {
            let lines = Self.wrap(name, width: textWidth)
            let entryWidth = Self.swatchWidth + (lines.map { Self.textWidth($0) }.max() ?? 0)
            if x > 0, x + entryWidth > width {
                rowTop += Double(max(rowLines, 1)) * Self.lineHeight + 4
                x = 0
                rowLines = 0
            }
            entries.append(
                Entry(series: series, x: x, y: rowTop + Self.lineHeight / 2, lines: lines, width: entryWidth))
            x += entryWidth + Self.gap
            rowLines = max(rowLines, lines.count)
        }
        self.entries = entries
        self.height = entries.isEmpty ? 0 : rowTop + Double(max(rowLines, 1)) * Self.lineHeight + 4
    }

    /// The width of `text` in Helvetica at ``fontSize``, from per-character advance widths (a slight
    /// overestimate, so measured text never runs past its box).
    package static func textWidth(_ text: String) -> Double {
        var units = 0.0
        for character in text {
            switch character {
            case "i", "j", "l", "I", ".", ",", ":", ";", "'", "|", "!", "·": units += 0.28
            case " ", "f", "t", "r", "(", ")", "[", "]", "-", "/": units += 0.36
            case "m", "w", "M", "W", "@", "%": units += 0.9
            case "A"..."Z", "≤", "≥", "=", "+", "×": units += 0.7
            case "0"..."9": units += 0.57
            default: units += character.isASCII ? 0.57 : 0.75
            }
        }
        return units * fontSize
    }

    /// `text` broken into lines of at most `width` pixels: at spaces where possible, inside a word that is
    /// alone too wide.
    package static func wrap(_ text: String, width: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        func push(_ word: String) {
            var word = word
            // A word wider than a whole line is split where it reaches the edge.
            while textWidth(word) > width, word.count > 1 {
                var head = ""
                for character in word {
                    if textWidth(head + String(character)) > width, !head.isEmpty { break }
                    head.append(character)
                }
                lines.append(head)
                word = String(word.dropFirst(head.count))
            }
            current = word
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            if current.isEmpty {
                push(word)
            } else if textWidth(current + " " + word) <= width {
                current += " " + word
            } else {
                lines.append(current)
                push(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }
}
