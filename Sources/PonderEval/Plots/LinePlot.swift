import Foundation

/// A line plot with axes, grid, interval bars and a legend, rendered as SVG.
///
/// Every series is one `<g class="series" data-series="NAME">` element, so tools (and tests) can find them.
package struct LinePlot: Sendable, Hashable {
    /// The title above the plot.
    package var title: String
    /// The x axis's label.
    package var xLabel: String
    /// The y axis's label.
    package var yLabel: String
    /// The x axis's scale.
    package var xScale: AxisScale
    /// The x range (data units) to show; `nil` fits the data. Panels that are compared set the same one.
    package var xRange: ClosedRange<Double>?
    /// The y range (data units); y ticks are labelled as percentages when ``yIsFraction``.
    package var yRange: ClosedRange<Double>
    /// Whether y values are fractions shown as percentages.
    package var yIsFraction: Bool
    /// The series.
    package var series: [PlotSeries]
    /// A note shown in the plot area when no series has a point.
    package var emptyNote: String
    /// The plot's width in pixels.
    package var width: Double
    /// The height of the plot, axes and labels in pixels; the legend adds ``legend``'s height below.
    package var height: Double

    /// Creates a plot.
    package init(
        title: String, xLabel: String, yLabel: String, xScale: AxisScale, xRange: ClosedRange<Double>? = nil,
        yRange: ClosedRange<Double> = 0...1,
        yIsFraction: Bool = true, series: [PlotSeries], emptyNote: String = "no data", width: Double = 560,
        height: Double = 380
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.xRange = xRange
        self.yRange = yRange
        self.yIsFraction = yIsFraction
        self.series = series
        self.emptyNote = emptyNote
        self.width = width
        self.height = height
    }

    /// The plot as a standalone SVG document.
    package func svg() -> String {
        PlotGrid(title: nil, panels: [self], columns: 1).svg()
    }

    // MARK: - Layout

    private var margin: (left: Double, right: Double, top: Double, bottom: Double) {
        (left: 58, right: 16, top: 34, bottom: 48)
    }

    /// The legend: only the series with a point in this plot, laid out to the plot's width.
    package var legend: LegendLayout {
        let shown = series.enumerated().filter { !$0.element.points.isEmpty }.map {
            (series: $0.offset, name: $0.element.name)
        }
        return LegendLayout(names: shown, width: width - Self.legendInset * 2)
    }

    /// The legend's left and right inset from the panel's edges.
    static let legendInset = 10.0

    /// The whole height drawn: the plot and its legend.
    package var totalHeight: Double {
        let legend = legend
        return height + (legend.entries.isEmpty ? 0 : legend.height + 6)
    }

    /// The x range in transformed units, padded so edge points are not on the frame.
    func xDomain() -> ClosedRange<Double> {
        let data = xRange.map { [$0.lowerBound, $0.upperBound] } ?? series.flatMap(\.points).map(\.x)
        let values = data.compactMap { xScale.transform($0) }
        guard let low = values.min(), let high = values.max() else { return 0...1 }
        let pad = high > low ? (high - low) * 0.08 : 1
        return (low - pad)...(high + pad)
    }

    /// The pixel x of a data value, inside the plot (`nil` for a non-positive value on a log axis).
    package func pixelX(_ value: Double) -> Double? {
        guard let transformed = xScale.transform(value) else { return nil }
        let domain = xDomain()
        let left = margin.left
        let plotWidth = width - margin.left - margin.right
        return left + (transformed - domain.lowerBound) / (domain.upperBound - domain.lowerBound) * plotWidth
    }

    /// The pixel y of a data value, inside the plot (clamped to the y range).
    package func pixelY(_ value: Double) -> Double {
        let plotHeight = height - margin.top - margin.bottom
        let span = yRange.upperBound - yRange.lowerBound
        let clamped = min(max(value, yRange.lowerBound), yRange.upperBound)
        return margin.top + (1 - (clamped - yRange.lowerBound) / (span > 0 ? span : 1)) * plotHeight
    }

    // MARK: - Drawing

    /// Draws the plot at the writer's current origin.
    func draw(into svg: inout SVGWriter) {
        let n = SVGWriter.number
        let left = margin.left
        let right = width - margin.right
        let top = margin.top
        let bottom = height - margin.bottom
        svg.text(
            title,
            [
                "x": n(width / 2), "y": "20", "text-anchor": "middle", "font-size": "14", "font-weight": "bold",
                "class": "title",
            ])

        // Grid, ticks and labels.
        svg.open("g", ["class": "axes", "stroke": "#ccc", "stroke-width": "1"])
        for tick in AxisScale.linear.ticks(from: yRange.lowerBound, to: yRange.upperBound) {
            let y = pixelY(tick)
            svg.element("line", ["x1": n(left), "x2": n(right), "y1": n(y), "y2": n(y)])
            svg.text(
                AxisScale.linear.label(tick, percent: yIsFraction),
                ["x": n(left - 6), "y": n(y + 4), "text-anchor": "end", "stroke": "none", "fill": "#333"])
        }
        let domain = xDomain()
        let xTicks = xScale.ticks(
            from: Self.inverse(domain.lowerBound, xScale), to: Self.inverse(domain.upperBound, xScale))
        let minorTicks = xScale.minorTicks(
            from: Self.inverse(domain.lowerBound, xScale), to: Self.inverse(domain.upperBound, xScale))
        for tick in minorTicks {
            guard let x = pixelX(tick) else { continue }
            svg.element(
                "line",
                ["x1": n(x), "x2": n(x), "y1": n(top), "y2": n(bottom), "stroke": "#eee", "class": "minor-tick"])
        }
        for tick in xTicks {
            guard let x = pixelX(tick) else { continue }
            svg.element("line", ["x1": n(x), "x2": n(x), "y1": n(top), "y2": n(bottom)])
            svg.text(
                xScale.label(tick),
                ["x": n(x), "y": n(bottom + 16), "text-anchor": "middle", "stroke": "none", "fill": "#333"])
        }
        svg.element(
            "rect",
            [
                "x": n(left), "y": n(top), "width": n(right - left), "height": n(bottom - top), "fill": "none",
                "stroke": "#333",
            ])
        svg.close("g")
        svg.text(
            xLabel, ["x": n((left + right) / 2), "y": n(bottom + 34), "text-anchor": "middle", "class": "x-label"])
        svg.text(
            yLabel,
            [
                "x": "14", "y": n((top + bottom) / 2), "text-anchor": "middle",
                "transform": "rotate(-90 14 \(n((top + bottom) / 2)))", "class": "y-label",
            ])

        if series.allSatisfy({ $0.points.isEmpty }) {
            svg.text(
                emptyNote,
                [
                    "x": n((left + right) / 2), "y": n((top + bottom) / 2), "text-anchor": "middle", "fill": "#777",
                    "class": "empty-note",
                ])
        }

        for (index, entry) in series.enumerated() {
            svg.open("g", ["class": "series", "data-series": entry.name, "stroke": entry.color, "fill": entry.color])
            // Series are dodged a few pixels apart so equal points and their intervals stay visible.
            let dodge = entry.isReference ? 0 : (Double(index) - Double(series.count - 1) / 2) * 5
            let placed = entry.points.sorted { $0.x < $1.x }.compactMap { point in
                pixelX(point.x).map { (point, $0 + dodge) }
            }
            if entry.isBaseline, let first = placed.first {
                let y = pixelY(first.0.y)
                svg.element(
                    "line",
                    [
                        "x1": n(left), "x2": n(right), "y1": n(y), "y2": n(y), "stroke-dasharray": "6 4",
                        "stroke-width": "1.5", "class": "baseline",
                    ])
            }
            if placed.count > 1 {
                let path = placed.enumerated().map { index, entry in
                    "\(index == 0 ? "M" : "L")\(n(entry.1)),\(n(pixelY(entry.0.y)))"
                }.joined(separator: " ")
                if entry.isReference {
                    svg.element(
                        "path",
                        [
                            "d": path, "fill": "none", "stroke-width": "1", "stroke-dasharray": "4 3",
                            "class": "reference",
                        ])
                } else {
                    svg.element("path", ["d": path, "fill": "none", "stroke-width": "2"])
                }
            }
            for (point, x) in placed where !entry.isReference {
                if let lower = point.lower, let upper = point.upper {
                    svg.element(
                        "line",
                        [
                            "x1": n(x), "x2": n(x), "y1": n(pixelY(lower)), "y2": n(pixelY(upper)),
                            "stroke-width": "1.2", "class": "interval",
                        ])
                    for end in [lower, upper] {
                        svg.element(
                            "line",
                            [
                                "x1": n(x - 4), "x2": n(x + 4), "y1": n(pixelY(end)), "y2": n(pixelY(end)),
                                "stroke-width": "1.2",
                            ])
                    }
                }
                svg.element("circle", ["cx": n(x), "cy": n(pixelY(point.y)), "r": "3.5", "class": "point"])
                if let label = point.label {
                    svg.text(
                        label,
                        [
                            "x": n(x + 5), "y": n(pixelY(point.y) - 6), "font-size": "9", "stroke": "none",
                            "class": "point-label",
                        ])
                }
            }
            svg.close("g")
        }

        // Legend: the series with points, in rows under the x label, each name measured and wrapped.
        svg.open("g", ["class": "legend"])
        let layout = legend
        for placed in layout.entries {
            let entry = series[placed.series]
            let x = Self.legendInset + placed.x
            let y = height + placed.y
            svg.element(
                "line",
                [
                    "x1": n(x), "x2": n(x + 22), "y1": n(y), "y2": n(y), "stroke": entry.color,
                    "stroke-width": entry.isReference ? "1" : "2",
                    "stroke-dasharray": entry.isBaseline ? "6 4" : entry.isReference ? "4 3" : "none",
                ])
            if !entry.isReference {
                svg.element("circle", ["cx": n(x + 11), "cy": n(y), "r": "3", "fill": entry.color])
            }
            let textX = n(x + LegendLayout.swatchWidth)
            var text =
                "<text x=\"\(textX)\" y=\"\(n(y + 4))\" class=\"legend-entry\" data-width=\"\(n(placed.width))\">"
            for (index, line) in placed.lines.enumerated() {
                text +=
                    index == 0
                    ? SVGWriter.escape(line)
                    : "<tspan x=\"\(textX)\" dy=\"\(n(LegendLayout.lineHeight))\">\(SVGWriter.escape(line))</tspan>"
            }
            svg.raw(text + "</text>\n")
        }
        svg.close("g")
    }

    private static func inverse(_ value: Double, _ scale: AxisScale) -> Double {
        switch scale {
        case .linear: value
        case .log2: pow(2, value)
        case .log10: pow(10, value)
        }
    }
}
