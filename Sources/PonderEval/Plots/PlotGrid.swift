/// Plots side by side in one SVG document (one panel per difficulty bin, say), with an optional title.
package struct PlotGrid: Sendable, Hashable {
    /// The title over all panels.
    package var title: String?
    /// The panels, left to right, then down.
    package var panels: [LinePlot]
    /// Panels per row.
    package var columns: Int

    /// Creates a grid.
    package init(title: String?, panels: [LinePlot], columns: Int) {
        self.title = title
        self.panels = panels
        self.columns = max(columns, 1)
    }

    /// The grid as a standalone SVG document.
    package func svg() -> String {
        let titleHeight: Double = title == nil ? 0 : 30
        let cellWidth = panels.map(\.width).max() ?? 0
        let cellHeight = panels.map(\.totalHeight).max() ?? 0
        let rows = (panels.count + columns - 1) / columns
        let width = cellWidth * Double(min(columns, max(panels.count, 1)))
        let height = titleHeight + cellHeight * Double(max(rows, 1))
        let n = SVGWriter.number
        var svg = SVGWriter()
        svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        svg.open(
            "svg",
            [
                "xmlns": "http://www.w3.org/2000/svg", "width": n(width), "height": n(height),
                "viewBox": "0 0 \(n(width)) \(n(height))", "font-family": "Helvetica, Arial, sans-serif",
                "font-size": "12",
            ])
        svg.element("rect", ["x": "0", "y": "0", "width": n(width), "height": n(height), "fill": "#fff"])
        if let title {
            svg.text(
                title,
                ["x": n(width / 2), "y": "20", "text-anchor": "middle", "font-size": "15", "font-weight": "bold"])
        }
        for (index, panel) in panels.enumerated() {
            let x = Double(index % columns) * cellWidth
            let y = titleHeight + Double(index / columns) * cellHeight
            svg.open("g", ["class": "panel", "transform": "translate(\(n(x)) \(n(y)))"])
            panel.draw(into: &svg)
            svg.close("g")
        }
        svg.close("svg")
        return svg.markup
    }
}
