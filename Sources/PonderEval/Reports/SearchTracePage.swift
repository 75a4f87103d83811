import Foundation
package import PonderCore

/// A search trace as one self-contained HTML page (`ponder trace FILE --html OUT`): inline CSS, SVG and a
/// short script, no network. The tree is drawn by depth (a column per depth, a row per node in outline
/// order); each node's step shows on hover (its SVG title) and in the details panel on click; states are
/// coloured; the chosen path is highlighted and the vote table sits beside the tree.
package struct SearchTracePage: Sendable {
    /// The trace.
    package var trace: SearchTrace
    /// The file it was read from, for the title.
    package var source: String

    /// Horizontal distance between depths, in pixels.
    static let columnWidth = 90
    /// Vertical distance between rows, in pixels.
    static let rowHeight = 20

    /// Creates a page.
    package init(trace: SearchTrace, source: String) {
        self.trace = trace
        self.source = source
    }

    /// The page's HTML.
    package var html: String {
        let order = trace.depthFirst()
        let chosen = Set(trace.chosenPath.map { trace.events[$0].node })
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>Search tree: \(Self.escape(source))</title>
            <style>
            \(Self.style)
            </style>
            </head>
            <body>
            <h1>Search tree: <code>\(Self.escape(source))</code></h1>

            """
        html += summary(order: order)
        html += legend()
        html += "<div id=\"layout\">\n<div id=\"tree-pane\">\n"
        html += svg(order: order, chosen: chosen)
        html += "</div>\n<div id=\"side\">\n"
        html += details()
        html += votes()
        html += "</div>\n</div>\n"
        html += "<script type=\"application/json\" id=\"trace-data\">\(data())</script>\n"
        html += "<script>\n\(Self.script)\n</script>\n</body>\n</html>\n"
        return html
    }

    // MARK: - Parts

    private func summary(order: [(event: SearchTraceEvent, depth: Int)]) -> String {
        var counts: [SearchTraceEvent.State: Int] = [:]
        for event in trace.events { counts[event.state, default: 0] += 1 }
        let deepest = order.map(\.depth).max() ?? 0
        var text = "<p id=\"summary\">\(trace.events.count) nodes, depth \(deepest): "
        text += SearchTraceEvent.State.allStates.map { "\(counts[$0, default: 0]) \($0.rawValue)" }
            .joined(separator: ", ")
        if let outcome = trace.outcome {
            text +=
                ". Answer <strong>\(Self.escape(outcome.answer ?? "none"))</strong> under \(Self.escape(outcome.rule))"
            if let node = outcome.chosen { text += ", chosen leaf #\(node)" }
        } else {
            text += ". This trace does not record the outcome (written before the vote table was traced)"
        }
        return text + ".</p>\n"
    }

    private func legend() -> String {
        """
        <ul id="legend">
        <li><span class="swatch expanded"></span>expanded: kept, its children sampled</li>
        <li><span class="swatch finished"></span>finished: kept as a complete solution</li>
        <li><span class="swatch pruned"></span>pruned: scored, not kept</li>
        <li><span class="swatch dropped"></span>dropped: discarded before scoring (empty, duplicate, truncated, failed)</li>
        <li><span class="swatch chosen"></span>the chosen path</li>
        <li>Numbers beside nodes are <em>step scores</em>: the verifier's score of that step, 0 to 1, higher meaning \
        more likely correct. Hover a node for its step; click it for details.</li>
        </ul>

        """
    }

    private func svg(order: [(event: SearchTraceEvent, depth: Int)], chosen: Set<Int>) -> String {
        let deepest = order.map(\.depth).max() ?? 0
        let width = 60 + (deepest + 1) * Self.columnWidth
        let height = 20 + order.count * Self.rowHeight
        var row: [Int: Int] = [:]
        var depthOf: [Int: Int] = [:]
        for (index, entry) in order.enumerated() {
            row[entry.event.node] = index
            depthOf[entry.event.node] = entry.depth
        }
        func x(_ depth: Int) -> Int { 20 + depth * Self.columnWidth }
        func y(_ row: Int) -> Int { 20 + row * Self.rowHeight }
        var edges = ""
        var nodes = ""
        for (index, entry) in order.enumerated() {
            let event = entry.event
            if let parent = event.parent, let parentRow = row[parent], let parentDepth = depthOf[parent] {
                let onPath = chosen.contains(event.node) && chosen.contains(parent)
                let fromX = x(parentDepth)
                let fromY = y(parentRow)
                let midX = fromX + Self.columnWidth / 2
                edges +=
                    "<path class=\"edge\(onPath ? " chosen" : "")\" d=\"M\(fromX),\(fromY) H\(midX) V\(y(index)) "
                    + "H\(x(entry.depth))\"/>\n"
            }
            let classes =
                ["node", event.parent == nil ? "root" : event.state.rawValue]
                + (chosen.contains(event.node) ? ["chosen"] : [])
            let title =
                event.parent == nil
                ? "prompt"
                : "#\(event.node) \(event.state.rawValue)\(event.reason.map { " (\($0))" } ?? ""): \(event.step)"
            nodes += "<g class=\"\(classes.joined(separator: " "))\" data-node=\"\(event.node)\" "
            nodes += "data-state=\"\(event.state.rawValue)\" transform=\"translate(\(x(entry.depth)),\(y(index)))\">"
            nodes += "<title>\(Self.escape(title))</title><circle r=\"6\"/>"
            let label = event.parent == nil ? "prompt" : event.score.map { String(format: "%.2f", $0) } ?? "–"
            nodes += "<text x=\"9\" y=\"4\">\(Self.escape(label))</text></g>\n"
        }
        return """
            <svg id="tree" xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" role="img" aria-label="search tree">
            \(edges)\(nodes)</svg>

            """
    }

    private func details() -> String {
        """
        <section id="details">
        <h2>Node <span id="detail-node">–</span></h2>
        <dl>
        <dt>state</dt><dd id="detail-state">–</dd>
        <dt>depth</dt><dd id="detail-depth">–</dd>
        <dt>step score (verifier, 0–1)</dt><dd id="detail-score">–</dd>
        <dt>path score (the rule's aggregation of the path's step scores)</dt><dd id="detail-path-score">–</dd>
        <dt>tokens</dt><dd id="detail-tokens">–</dd>
        <dt>seconds since the search started</dt><dd id="detail-seconds">–</dd>
        </dl>
        <pre id="detail-step"></pre>
        </section>

        """
    }

    private func votes() -> String {
        guard let outcome = trace.outcome else {
            return "<section id=\"votes\"><h2>Votes</h2><p>Not recorded in this trace.</p></section>\n"
        }
        var html = "<section id=\"votes\"><h2>Votes (\(Self.escape(outcome.rule)))</h2>\n"
        html += "<table id=\"vote-table\"><thead><tr><th>answer</th><th>paths</th>"
        html += "<th>\(Self.escape(Self.groupScoreMeaning(outcome)))</th><th></th></tr></thead><tbody>\n"
        for vote in outcome.votes {
            html += "<tr class=\"\(vote.winner ? "winner" : "")\"><td>\(Self.escape(vote.answer))</td>"
            html += "<td>" + vote.nodes.map { "<a href=\"#\" data-node=\"\($0)\">#\($0)</a>" }.joined(separator: " ")
            html += "</td><td>\(String(format: "%.3f", vote.score))</td><td>\(vote.winner ? "winner" : "")</td></tr>\n"
        }
        if outcome.votes.isEmpty {
            html += "<tr><td colspan=\"4\">No finished path stated an answer.</td></tr>\n"
        }
        html += "</tbody></table>\n"
        html += "<table id=\"path-table\"><thead><tr><th>finished path</th><th>answer</th>"
        html += "<th>path score (\(Self.escape(outcome.aggregation)) step score)</th></tr></thead><tbody>\n"
        for path in outcome.paths {
            let chosen = path.node == outcome.chosen
            html +=
                "<tr class=\"\(chosen ? "chosen" : "")\"><td><a href=\"#\" data-node=\"\(path.node)\">#\(path.node)</a>"
            html += chosen ? " (chosen)" : ""
            html += "</td><td>\(Self.escape(path.answer ?? "none"))</td>"
            html += "<td>\(path.score.map { String(format: "%.3f", $0) } ?? "–")</td></tr>\n"
        }
        return html + "</tbody></table>\n</section>\n"
    }

    /// What a vote group's score means under the outcome's rule.
    static func groupScoreMeaning(_ outcome: SearchTraceOutcome) -> String {
        if outcome.rule == SelectionRule.majority.name { return "votes (paths with this answer)" }
        if outcome.rule.hasSuffix("-max") { return "best path score" }
        return "sum of path scores"
    }

    /// The nodes and outcome as JSON for the script; `</` is escaped so no text can close the script element.
    private func data() -> String {
        struct Payload: Encodable {
            var nodes: [SearchTraceEvent]
            var outcome: SearchTraceOutcome?
            var chosen: Int?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let payload = Payload(nodes: trace.events, outcome: trace.outcome, chosen: trace.outcome?.chosen)
        let text = (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"nodes\":[]}"
        return text.replacingOccurrences(of: "</", with: "<\\/")
    }

    static func escape(_ text: String) -> String { SVGWriter.escape(text) }

    // MARK: - Style and script

    private static let style = """
        body { font-family: Helvetica, Arial, sans-serif; margin: 1em; color: #222; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin: 0.3em 0; }
        #legend { list-style: none; padding: 0; font-size: 13px; display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; }
        .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 4px;
          vertical-align: middle; border: 2px solid transparent; }
        .swatch.expanded, .node.expanded circle { background: #4a78c2; fill: #4a78c2; }
        .swatch.finished, .node.finished circle { background: #2e9d4e; fill: #2e9d4e; }
        .swatch.pruned, .node.pruned circle { background: #b9b9b9; fill: #b9b9b9; }
        .swatch.dropped, .node.dropped circle { background: #fff; fill: #fff; border-color: #d05050; stroke: #d05050; stroke-width: 2; }
        .swatch.chosen { background: #fff; border-color: #f08c00; }
        .node.root circle { fill: #222; }
        .node { cursor: pointer; } .node text { font-size: 11px; fill: #444; }
        .node.chosen circle { stroke: #f08c00; stroke-width: 3; }
        .node.selected circle { stroke: #000; stroke-width: 3; }
        .edge { fill: none; stroke: #ccc; stroke-width: 1.2; }
        .edge.chosen { stroke: #f08c00; stroke-width: 3; }
        #layout { display: flex; gap: 1.5em; align-items: flex-start; }
        #tree-pane { flex: 1 1 auto; overflow: auto; max-height: 85vh; border: 1px solid #ddd; }
        #side { flex: 0 0 26em; position: sticky; top: 1em; font-size: 13px; }
        #details dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; margin: 0.3em 0; }
        #details dt { color: #666; } #details dd { margin: 0; }
        #detail-step { white-space: pre-wrap; background: #f6f6f6; padding: 6px; max-height: 16em; overflow: auto; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
        tr.winner, tr.chosen { background: #fff3d6; font-weight: bold; }
        """

    private static let script = """
        (function () {
          var data = JSON.parse(document.getElementById('trace-data').textContent);
          var byId = {};
          data.nodes.forEach(function (n) { byId[n.node] = n; });
          var pathScore = {};
          if (data.outcome) { data.outcome.paths.forEach(function (p) { pathScore[p.node] = p.score; }); }
          function set(id, text) { document.getElementById(id).textContent = text; }
          function show(id) {
            var n = byId[id];
            if (!n) { return; }
            document.querySelectorAll('.node.selected').forEach(function (g) { g.classList.remove('selected'); });
            var g = document.querySelector('.node[data-node="' + id + '"]');
            if (g) { g.classList.add('selected'); }
            set('detail-node', n.parent === undefined || n.parent === null ? '#' + n.node + ' (prompt)' : '#' + n.node);
            set('detail-state', n.state + (n.reason ? ' (' + n.reason + ')' : '') + (id === data.chosen ? ', chosen leaf' : ''));
            set('detail-depth', String(n.depth));
            set('detail-score', n.score === undefined || n.score === null ? 'not scored' : n.score.toFixed(3));
            set('detail-path-score', pathScore[id] === undefined || pathScore[id] === null ? '–' : pathScore[id].toFixed(3));
            set('detail-tokens', String(n.tokens));
            set('detail-seconds', n.seconds.toFixed(2));
            set('detail-step', n.step);
          }
          document.querySelectorAll('.node').forEach(function (g) {
            g.addEventListener('click', function () { show(Number(g.getAttribute('data-node'))); });
          });
          document.querySelectorAll('a[data-node]').forEach(function (a) {
            a.addEventListener('click', function (event) { event.preventDefault(); show(Number(a.getAttribute('data-node'))); });
          });
          show(data.chosen !== undefined && data.chosen !== null ? data.chosen : data.nodes[0].node);
          document.body.setAttribute('data-ready', String(data.nodes.length));
        })();
        """
}

extension SearchTraceEvent.State {
    /// Every state, in the order a page lists them.
    static let allStates: [SearchTraceEvent.State] = [.expanded, .finished, .pruned, .dropped]
}
