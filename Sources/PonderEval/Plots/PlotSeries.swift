/// One series of a line plot: points joined in x order, with optional interval bars.
package struct PlotSeries: Sendable, Hashable {
    /// One point, with its interval if known.
    package struct Point: Sendable, Hashable {
        /// The x value (data units).
        package var x: Double
        /// The y value.
        package var y: Double
        /// The interval's lower end.
        package var lower: Double?
        /// The interval's upper end.
        package var upper: Double?
        /// A short text drawn beside the point (a count, say).
        package var label: String?

        /// Creates a point.
        package init(x: Double, y: Double, lower: Double? = nil, upper: Double? = nil, label: String? = nil) {
            self.x = x
            self.y = y
            self.lower = lower
            self.upper = upper
            self.label = label
        }
    }

    /// The legend's name.
    package var name: String
    /// The points.
    package var points: [Point]
    /// The stroke colour (`#0072B2`).
    package var color: String
    /// Whether the series is a baseline: also drawn as a dashed horizontal line across the plot.
    package var isBaseline: Bool
    /// Whether the series is a reference (the diagonal of a calibration plot): a thin dashed line through its
    /// points, without markers.
    package var isReference: Bool

    /// Creates a series.
    package init(name: String, points: [Point], color: String, isBaseline: Bool = false, isReference: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.isBaseline = isBaseline
        self.isReference = isReference
    }

    /// The Okabe–Ito palette, distinguishable with colour-blindness; series take colours in order.
    package static let palette = [
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
    ]
}
