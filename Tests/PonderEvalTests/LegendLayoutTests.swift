import Foundation
import PonderEval
import Testing

/// Legends measure their names: entries never overlap, never run past the panel, and wrap instead of being
/// cut; a series without points in a panel has no entry.
@Suite struct LegendLayoutTests {
    private let longNames = [
        "dvts (29 of 30 problems) · prm-last-vote · generative qwen2.5-coder-1.5b",
        "beam (12 of 30 problems) · prm-min-max",
        "majority",
        "best-of-n · token-label math-shepherd-mistral-7b-prm with a very long verifier description",
        "cot",
        "Supercalifragilisticexpialidocious-without-any-space-at-all-in-its-very-long-name",
    ]

    private func boxes(_ layout: LegendLayout) -> [(x: ClosedRange<Double>, y: ClosedRange<Double>)] {
        layout.entries.map { entry in
            let top = entry.y - LegendLayout.lineHeight / 2
            return (
                entry.x...(entry.x + entry.width), top...(top + Double(entry.lines.count) * LegendLayout.lineHeight)
            )
        }
    }

    @Test(arguments: [400.0, 260.0, 120.0])
    func longNamesNeitherOverlapNorRunPastThePanel(width: Double) {
        let layout = LegendLayout(names: longNames.enumerated().map { ($0.offset, $0.element) }, width: width)
        #expect(layout.entries.count == longNames.count)
        let boxes = boxes(layout)
        for (index, box) in boxes.enumerated() {
            #expect(box.x.lowerBound >= 0 && box.x.upperBound <= width, "entry \(index) fits: \(box.x)")
            #expect(box.y.upperBound <= layout.height)
            for other in boxes[(index + 1)...] {
                let apart =
                    box.x.upperBound <= other.x.lowerBound || other.x.upperBound <= box.x.lowerBound
                    || box.y.upperBound <= other.y.lowerBound || other.y.upperBound <= box.y.lowerBound
                #expect(apart, "entries \(index) and another overlap at width \(width)")
            }
        }
        for (entry, name) in zip(layout.entries, longNames) {
            let kept = entry.lines.joined().filter { $0 != " " }
            #expect(kept == name.filter { $0 != " " }, "every character is kept: \(entry.lines)")
            #expect(entry.lines.allSatisfy { LegendLayout.textWidth($0) <= width - LegendLayout.swatchWidth })
        }
    }

    @Test func shortNamesShareARow() {
        let layout = LegendLayout(names: [(0, "cot"), (1, "majority"), (2, "beam")], width: 400)
        #expect(Set(layout.entries.map(\.y)).count == 1)
        #expect(layout.entries.map(\.lines) == [["cot"], ["majority"], ["beam"]])
    }

    @Test func aSeriesWithoutPointsInAPanelHasNoLegendEntry() {
        let plot = LinePlot(
            title: "hard", xLabel: "N", yLabel: "accuracy", xScale: .log2,
            series: [
                PlotSeries(name: "majority", points: [.init(x: 1, y: 0.5)], color: "#000"),
                PlotSeries(name: "dvts (29 of 30 problems)", points: [], color: "#111"),
            ], width: 420, height: 360)
        #expect(plot.legend.entries.map(\.series) == [0])
        let svg = plot.svg()
        #expect(!svg.contains(">dvts (29 of 30 problems)"))
        #expect(svg.contains("class=\"legend-entry\""))
    }

    @Test func theLegendAddsItsHeightBelowThePlot() {
        let names = (0..<8).map { "series number \($0) with a long descriptive name" }
        let plot = LinePlot(
            title: "t", xLabel: "N", yLabel: "y", xScale: .log2,
            series: names.map { PlotSeries(name: $0, points: [.init(x: 1, y: 0.5)], color: "#000") }, width: 420,
            height: 360)
        #expect(plot.totalHeight == 360 + plot.legend.height + 6)
        #expect(plot.svg().contains("height=\"\(SVGNumber.format(plot.totalHeight))\""))
    }

    @Test func logAxesHaveUnlabelledTicksBetweenPowers() {
        #expect(AxisScale.log10.ticks(from: 1e10, to: 1e13) == [1e10, 1e11, 1e12, 1e13])
        let minor = AxisScale.log10.minorTicks(from: 1e10, to: 1e12)
        #expect(minor.count == 16)
        #expect(minor.contains(2e10) && minor.contains(9e11) && !minor.contains(1e11))
        #expect(AxisScale.log2.minorTicks(from: 1, to: 16) == [1.5, 3, 6, 12])
        #expect(AxisScale.linear.minorTicks(from: 0, to: 1).isEmpty)
    }
}

/// Numbers as the SVG writer prints them.
enum SVGNumber {
    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded)
    }
}
