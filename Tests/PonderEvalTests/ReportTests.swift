import Foundation
import PonderCore
import Testing

@testable import PonderEval

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads an SVG with Foundation's XML parser: fails on malformed XML, and collects what tests look at.
final class SVGInspector: NSObject, XMLParserDelegate {
    private(set) var series: [String] = []
    private(set) var panels = 0
    private(set) var legendEntries: [String] = []
    private(set) var circles = 0
    private(set) var rootName: String?
    private var inLegendEntry = false

    static func inspect(_ text: String) throws -> SVGInspector {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = inspector
        guard parser.parse() else {
            throw EvalError.reportFailed("svg", reason: parser.parserError.map { "\($0)" } ?? "does not parse")
        }
        return inspector
    }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if rootName == nil { rootName = element }
        switch (element, attributes["class"]) {
        case ("g", "series"): series.append(attributes["data-series"] ?? "")
        case ("g", "panel"): panels += 1
        case ("text", "legend-entry"): inLegendEntry = true
        case ("circle", "point"): circles += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inLegendEntry { legendEntries.append(string) }
    }

    func parser(_ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?) {
        if element == "text" { inLegendEntry = false }
    }
}

@Suite struct ReportTests {
    /// Four problems; CoT right on p0 and p2; majority over four samples with a per-problem pattern; beam
    /// search at N = 4 with a verifier, right on p0 only.
    private static let patterns: [String: [Bool]] = [
        "p0": [true, true, true, true],  // pass@1 100%: easy
        "p1": [false, false, false, false],  // 0%: hard
        "p2": [true, false, true, false],  // 50%: easy; majority picks 7 (first group wins the tie)
        "p3": [false, true, false, false],  // 25%: medium; majority picks 3
    ]

    private static func fixture(at path: String) async throws -> EvalStore {
        let store = try EvalStore(path: path)
        for (index, problem) in ["p0", "p1", "p2", "p3"].enumerated() {
            let pattern = patterns[problem] ?? []
            try await store.record(
                TestSupport.record(
                    problem: problem, level: index + 1, strategy: .cot, budget: 1,
                    candidates: TestSupport.candidates([index % 2 == 0])))
            try await store.record(
                TestSupport.record(
                    problem: problem, level: index + 1, strategy: .majority, budget: 4, reported: [1, 2, 4],
                    candidates: TestSupport.candidates(pattern)))
            try await store.record(
                TestSupport.record(
                    problem: problem, level: index + 1, strategy: .beam, budget: 4, verifier: "scripted",
                    candidates: TestSupport.candidates([index == 0], scores: [0.8]), rules: SelectionRule.all,
                    verifierCompute: ModelCompute(
                        model: "judge", parameterCount: 2000, usage: TokenUsage(promptTokensEvaluated: 100), seconds: 1)
                ))
        }
        return store
    }

    /// A best-of-n series stopped after two problems (p0, p1), as a report read while an evaluation runs sees it.
    private static func recordBestOfNOnTwoProblems(_ store: EvalStore) async throws {
        for problem in ["p0", "p1"] {
            try await store.record(
                TestSupport.record(
                    problem: problem, level: 1, strategy: .bestOfN, budget: 4, verifier: "scripted",
                    candidates: TestSupport.candidates([true, false, true, true], scores: [0.9, 0.2, 0.5, 0.4]),
                    rules: SelectionRule.all))
        }
    }

    private func withFixture(_ body: (EvalStore, URL) async throws -> Void) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.fixture(at: directory.appendingPathComponent("fixture.sqlite").path)
        try await body(store, directory)
    }

    @Test func theSummaryHasTheHandComputedNumbers() async throws {
        try await withFixture { store, _ in
            let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
            #expect(summary.dataset == "fixture")
            #expect(summary.problems == 4)
            #expect(summary.series.map(\.label) == ["cot", "majority", "beam"])
            let cot = try #require(summary.series.first { $0.key.strategy == "cot" })
            #expect(cot.budgets.map(\.budget) == [1])
            #expect(cot.budgets[0].accuracy(rule: "majority")?.accuracy.estimate == 0.5)

            let majority = try #require(summary.series.first { $0.key.strategy == "majority" })
            #expect(majority.budgets.map(\.budget) == [1, 2, 4])
            // N = 1: first samples T, F, T, F. N = 2: T, F, T (tie, first wins), F. N = 4: T, F, T (tie), F.
            #expect(majority.budgets.map { $0.accuracy(rule: "majority")?.accuracy.estimate } == [0.5, 0.5, 0.5])
            // Difficulty: p0, p2 easy; p3 medium; p1 hard.
            #expect(summary.problemCount(policy: "toy-policy", bin: .easy) == 2)
            #expect(summary.problemCount(policy: "toy-policy", bin: .medium) == 1)
            #expect(summary.problemCount(policy: "toy-policy", bin: .hard) == 1)
            let atFour = try #require(majority.budget(4)?.accuracy(rule: "majority"))
            #expect(atFour.accuracy(in: .easy)?.accuracy.estimate == 1)
            #expect(atFour.accuracy(in: .medium)?.accuracy.estimate == 0)
            #expect(atFour.accuracy(in: .hard)?.accuracy.estimate == 0)
            // pass@k from 4 samples with 4, 0, 2, 1 right: k = 1 → (1 + 0 + 0.5 + 0.25) / 4.
            #expect(majority.passAtK.map(\.k) == [1, 2, 4])
            #expect(abs(majority.passAtK[0].value - 0.4375) < 1e-12)
            // k = 2: p2 1 − C(2,2)/C(4,2) = 5/6, p3 1 − C(3,2)/C(4,2) = 1/2 → (1 + 0 + 5/6 + 1/2) / 4.
            let passAtTwo: Double = (1 + 5.0 / 6 + 0.5) / 4
            #expect(abs(majority.passAtK[1].value - passAtTwo) < 1e-12)
            #expect(majority.passAtK[2].value == 0.75)
            // Compute at N = 2: the prompt once (50) and the first two samples' 10 + 20 tokens.
            #expect(majority.budget(2)?.cost.policyTokens == 80)
            #expect(majority.budget(4)?.cost.policyTokens == 150)
            #expect(majority.budget(2)?.cost.policyFLOPs == Double(2 * 1000 * 80))

            let beam = try #require(summary.series.first { $0.key.strategy == "beam" })
            #expect(beam.primaryRule == "prm-last-vote")
            #expect(beam.budgets.first?.rules.count == SelectionRule.all.count)
            #expect(beam.budgets.first?.accuracy(rule: "prm-last-vote")?.accuracy.estimate == 0.25)
            #expect(beam.budgets.first?.cost.verifierFLOPs == Double(2 * 2000 * 100))
            #expect(beam.passAtK.isEmpty)
        }
    }

    @Test func reportFilesAreWrittenAndThePlotsParseWithOneSeriesPerStrategy() async throws {
        try await withFixture { store, directory in
            let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
            let out = directory.appendingPathComponent("report").path
            let output = try ReportWriter(summary: summary, databasePath: store.path).write(to: out, png: .never)
            let names = Set(output.files.map { URL(fileURLWithPath: $0).lastPathComponent })
            #expect(
                names == [
                    "summary.md", "report.html", "accuracy.csv", "pass_at_k.csv", "problems.csv", "series.csv",
                    "accuracy-vs-budget.svg", "accuracy-vs-flops.svg", "accuracy-by-difficulty.svg",
                    "diagnostics-selection.csv", "diagnostics-discrimination.csv", "diagnostics-calibration.csv",
                    "diagnostics-length.csv", "diagnostics-selection-gap.svg", "diagnostics-calibration.svg",
                    "diagnostics-length.svg",
                ])
            func read(_ name: String) throws -> String {
                try String(contentsOfFile: (out as NSString).appendingPathComponent(name), encoding: .utf8)
            }

            let budget = try SVGInspector.inspect(try read("accuracy-vs-budget.svg"))
            #expect(budget.rootName == "svg")
            #expect(budget.series == ["cot", "majority", "beam"])
            #expect(budget.legendEntries == ["cot", "majority", "beam"])
            #expect(budget.circles == 1 + 3 + 1)
            let flops = try SVGInspector.inspect(try read("accuracy-vs-flops.svg"))
            #expect(flops.series == ["cot", "majority", "beam"])
            let bins = try SVGInspector.inspect(try read("accuracy-by-difficulty.svg"))
            #expect(bins.panels == 3)
            #expect(bins.series.count == 3 * 3)

            let html = try read("report.html")
            #expect(html.components(separatedBy: "<svg").count - 1 == 3 + 3)
            #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"))
            #expect(html.contains("Accuracy and compute per problem"))
            // The configuration column is a key=value list, not raw JSON; figures fill the page's width.
            #expect(html.contains("<td>temperature=0.7</td>"), "knobs as key=value, not JSON")
            #expect(!html.contains("{&quot;temperature"))
            #expect(html.contains("figure svg { width: 100%"))

            let markdown = try read("summary.md")
            #expect(markdown.contains("| majority | majority | 4 | 4 | 1 | 50.0% ["))
            #expect(markdown.contains("![Accuracy vs budget](accuracy-vs-budget.svg)"))
            // Beam search at N = 4 keeps one beam: one candidate per run, so the rules collapse into one row.
            #expect(markdown.contains("| beam | 4 | all 9 (one candidate per run) | 25.0% ["))

            let accuracy = try read("accuracy.csv").split(separator: "\r\n")
            // cot 1 row, majority 3 budgets × 1 rule, beam 1 budget × 9 rules, plus the header.
            #expect(accuracy.count == 1 + 1 + 3 + SelectionRule.all.count)
            #expect(
                accuracy.first?.hasPrefix("dataset,series,policy,strategy,verifier,parameters_id,budget,rule") == true)
            let problems = try read("problems.csv").split(separator: "\r\n")
            // Header, then 4 problems × (cot at 1, majority at 1, 2 and 4, beam at 4).
            #expect(problems.count == 21)
            #expect(try read("pass_at_k.csv").split(separator: "\r\n").count == 1 + 3)
        }
    }

    @Test func aDatabaseWithSeveralDatasetsNeedsOneChosen() async throws {
        try await withFixture { store, _ in
            try await store.record(
                TestSupport.record(
                    dataset: "other", problem: "q", strategy: .cot, budget: 1,
                    candidates: TestSupport.candidates([true])))
            let snapshot = try await store.snapshot()
            #expect {
                try EvalSummary(snapshot: snapshot)
            } throws: { error in
                "\(error)" == "The database holds several datasets: choose one with --dataset ('fixture', 'other')"
            }
            #expect(try EvalSummary(snapshot: snapshot, dataset: "other").series.count == 1)
            #expect(throws: EvalError.self) { try EvalSummary(snapshot: snapshot, dataset: "missing") }
            #expect(throws: EvalError.self) { try EvalSummary(snapshot: EvalSnapshot(path: "x", runs: [])) }
        }
    }

    @Test func theLargestRunCoveringABudgetIsTheOneCounted() async throws {
        try await withFixture { store, _ in
            // A second majority run at N = 8 for p1 that gets budget 4 right.
            try await store.record(
                TestSupport.record(
                    problem: "p1", level: 2, strategy: .majority, budget: 8, reported: [4, 8],
                    candidates: TestSupport.candidates([true, true, true, false, false, false, false, false])))
            let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 100))
            let majority = try #require(summary.series.first { $0.key.strategy == "majority" })
            #expect(majority.budgets.map(\.budget) == [1, 2, 4, 8])
            #expect(majority.budget(4)?.accuracy(rule: "majority")?.accuracy.estimate == 0.75)
            #expect(majority.budget(4)?.problems == 4)
            #expect(majority.budget(8)?.problems == 1)
            #expect(majority.label == "majority (1–4 of 4 problems)")
        }
    }

    @Test func theBootstrapSeesProblemsInIdOrderWhateverTheDictionaryOrder() {
        // Dictionary order changes from process to process; the bootstrap draws by position, so without this
        // two `ponder report`s of one database would print different intervals.
        var groups: [String: [Double]] = [:]
        for index in 0..<50 { groups["p\(1000 + index)"] = [Double(index)] }
        let expected: [[Double]] = (0..<50).map { [Double($0)] }
        let ordered: [[Double]] = SeriesSummary.inProblemOrder(groups)
        #expect(ordered == expected)
    }

    @Test func seriesThatDoNotCoverEveryProblemSaySoInTheirLabels() async throws {
        try await withFixture { store, _ in
            try await Self.recordBestOfNOnTwoProblems(store)
            let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 50))
            #expect(summary.problems == 4)
            #expect(Set(summary.series.map(\.label)) == ["cot", "majority", "beam", "best-of-n (2 of 4 problems)"])
        }
    }

    /// A larger policy's CoT (right on p0, p1, p2) is each row's target, paired on the problems both ran; a
    /// smaller policy's CoT, right everywhere, is not.
    @Test func everySeriesIsReadAgainstALargerModelsCoT() async throws {
        try await withFixture { store, directory in
            try await Self.recordBestOfNOnTwoProblems(store)
            let policies: [(String, UInt64, [Bool])] = [
                ("big-policy", 5000, [true, true, true, false]), ("tiny-policy", 500, [true, true, true, true]),
            ]
            for (policy, parameters, right) in policies {
                for (index, problem) in ["p0", "p1", "p2", "p3"].enumerated() {
                    var cot = TestSupport.record(
                        problem: problem, level: 1, strategy: .cot, budget: 1, policy: policy,
                        candidates: TestSupport.candidates([right[index]]))
                    cot.accounting.policy.parameterCount = parameters
                    try await store.record(cot)
                }
            }
            let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
            let big = try #require(summary.series.first { $0.key.policy == "big-policy" }?.label)
            let rows = Dictionary(
                uniqueKeysWithValues: summary.againstMajority.map { row in
                    (summary.series.first { $0.label == row.series }?.key.strategy ?? row.series, row)
                })
            #expect(Set(rows.keys) == ["cot", "beam", "best-of-n"])  // the other policies have no majority
            #expect(rows.values.allSatisfy { $0.target?.label == big })
            let beam = try #require(rows["beam"]?.target?.paired)
            #expect(beam.problems == 4 && beam.first == 0.25 && beam.second == 0.75)
            #expect(abs(beam.difference.estimate + 0.5) < 1e-12)
            let bestOfN = try #require(rows["best-of-n"]?.target?.paired)
            #expect(bestOfN.problems == 2 && bestOfN.first == 1 && bestOfN.second == 1)
            let cot = try #require(rows["cot"]?.target?.paired)
            #expect(cot.problems == 4 && cot.first == 0.5 && cot.second == 0.75)

            let out = directory.appendingPathComponent("report").path
            _ = try ReportWriter(summary: summary, databasePath: store.path).write(to: out, png: .never)
            let markdown = try String(
                contentsOfFile: (out as NSString).appendingPathComponent("summary.md"), encoding: .utf8)
            #expect(markdown.contains("| larger model's CoT | series − larger CoT [95% CI] |"))
            #expect(markdown.contains("| 25.0% | 50.0% | -25.0% ["))  // beam against majority@4
            #expect(markdown.contains("| 75.0% | -50.0% ["))  // and against the larger model's CoT
        }
    }

    @Test func everySeriesIsPairedWithMajorityOnTheProblemsBothRan() async throws {
        try await withFixture { store, directory in
            try await Self.recordBestOfNOnTwoProblems(store)
            let summary = try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
            let rows = Dictionary(
                uniqueKeysWithValues: summary.againstMajority.map { ("\($0.series) N=\($0.budget)", $0) })
            #expect(Set(rows.keys) == ["cot N=1", "beam N=4", "best-of-n (2 of 4 problems) N=4"])
            #expect(rows.values.allSatisfy { $0.majority == "majority" })
            #expect(rows.values.allSatisfy { $0.target == nil })  // no larger model's CoT in the fixture
            // Best-of-N ran p0 and p1 only: three right candidates of four out-vote the wrong one on both (100%);
            // majority@4 on the same two is right on p0 and wrong on p1 (50%), whatever it does on p2 and p3.
            let bestOfN = try #require(rows["best-of-n (2 of 4 problems) N=4"])
            #expect(bestOfN.rule == "prm-last-vote")
            #expect(bestOfN.paired.problems == 2 && bestOfN.paired.first == 1 && bestOfN.paired.second == 0.5)
            #expect(bestOfN.paired.difference.estimate == 0.5)
            // Beam search right on p0 alone, majority@4 on p0 and p2: −25 points over all four problems, and the
            // interval holds every resample's difference (each problem's is 0 or −1).
            let beam = try #require(rows["beam N=4"])
            #expect(beam.paired.problems == 4 && beam.paired.first == 0.25 && beam.paired.second == 0.5)
            #expect(abs(beam.paired.difference.estimate + 0.25) < 1e-12)
            #expect(beam.paired.difference.lower >= -1 && beam.paired.difference.upper <= 0)
            // CoT against majority@1 (first samples T, F, T, F): right on p0 and p2 both.
            let cot = try #require(rows["cot N=1"])
            #expect(cot.paired.problems == 4 && cot.paired.first == 0.5 && cot.paired.second == 0.5)
            #expect(cot.paired.difference.estimate == 0)

            // Adaptive majority with more stored runs (two seeds) does not become the baseline: fixed budgets first.
            for problem in ["p0", "p1", "p2", "p3"] {
                for seed: UInt32 in [0, 1] {
                    var adaptive = TestSupport.record(
                        problem: problem, level: 1, strategy: .majority, budget: 4, seed: seed,
                        candidates: TestSupport.candidates([false, false, false, false]))
                    adaptive.key.parameters = #"{"stopping":"beta:0.9","temperature":0.7}"#
                    try await store.record(adaptive)
                }
            }
            let withAdaptive = try EvalSummary(
                snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
            let fixed = try #require(summary.series.first { $0.key.strategy == "majority" })
            #expect(withAdaptive.series.contains { $0.key.strategy == "majority" && $0.runCount == 8 })
            #expect(withAdaptive.againstMajority.count == 3)
            #expect(withAdaptive.againstMajority.allSatisfy { $0.paired.second == 0.5 })
            let fixedLabel = try #require(withAdaptive.series.first { $0.key == fixed.key }?.label)
            #expect(Set(withAdaptive.againstMajority.map(\.majority)) == [fixedLabel])

            let out = directory.appendingPathComponent("report").path
            _ = try ReportWriter(summary: summary, databasePath: store.path).write(to: out, png: .never)
            let markdown = try String(
                contentsOfFile: (out as NSString).appendingPathComponent("summary.md"), encoding: .utf8)
            #expect(markdown.contains("### Against majority vote on the same problems"))
            #expect(markdown.contains("| best-of-n (2 of 4 problems) | prm-last-vote | 4 | 2 | 100.0% | 50.0% | "))
            let html = try String(
                contentsOfFile: (out as NSString).appendingPathComponent("report.html"), encoding: .utf8)
            #expect(html.contains("Against majority vote on the same problems"))
        }
    }

    @Test func theCommonScopeReportsOnlyTheProblemsEverySeriesCoversAtEveryBudget() async throws {
        try await withFixture { store, _ in
            try await Self.recordBestOfNOnTwoProblems(store)
            var summary = try EvalSummary(
                snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 50), scope: .common)
            #expect(summary.problems == 2)
            #expect(summary.storedProblems == 4)
            #expect(summary.problemsDescription == "2 problems (those every series covers, of 4 stored)")
            #expect(Set(summary.series.map(\.label)) == ["cot", "majority", "beam", "best-of-n"])
            // CoT is right on p0 and p2 of the four, so on p0 and p1 it is 1 of 2.
            let cot = try #require(summary.series.first { $0.key.strategy == "cot" })
            #expect(cot.runCount == 2)
            #expect(cot.budgets[0].accuracy(rule: "majority")?.accuracy.estimate == 0.5)

            // Beam search at N = 8 on p0 alone: every budget a series ran counts, so p0 is all that is common.
            try await store.record(
                TestSupport.record(
                    problem: "p0", level: 1, strategy: .beam, budget: 8, verifier: "scripted",
                    candidates: TestSupport.candidates([true], scores: [0.8]), rules: SelectionRule.all))
            summary = try EvalSummary(snapshot: try await store.snapshot(), scope: .common)
            #expect(summary.problems == 1)
            #expect(summary.series.allSatisfy { $0.runCount == ($0.key.strategy == "beam" ? 2 : 1) })
            #expect(try EvalSummary(snapshot: try await store.snapshot()).problems == 4)

            // A series on a problem no other series has leaves nothing in common: a clear error, not an empty report.
            try await store.record(
                TestSupport.record(
                    problem: "p9", level: 1, strategy: .dvts, budget: 4, verifier: "scripted",
                    candidates: TestSupport.candidates([true], scores: [0.8]), rules: SelectionRule.all))
            let disjoint = try await store.snapshot()
            #expect(throws: EvalError.self) { try EvalSummary(snapshot: disjoint, scope: .common) }
        }
        #expect(try ProblemScope(parsing: "common") == .common)
        #expect(throws: EvalError.self) { try ProblemScope(parsing: "shared") }
    }
}

@Suite struct SeriesLabelTests {
    private func key(
        _ strategy: StrategyKind, verifier: String = "generative", mode: VerifierMode = .step,
        stopping: String? = nil, reuses: Bool = false
    ) throws -> SeriesKey {
        var configuration = RunConfiguration(
            strategy: strategy, budget: 8, seed: 0, reportedBudgets: [8], rules: [.lastMax], primaryRule: .lastMax,
            sampling: SamplingParameters(), tree: TreeSearchParameters(budget: 8), promptStyle: PromptStyle(),
            verifierMode: mode, stopping: try stopping.map { try StoppingRule(parsing: $0) })
        configuration.reusesSamples = reuses
        return SeriesKey(
            dataset: "math500", policy: "p.gguf", strategy: strategy.rawValue,
            verifier: strategy.usesVerifier ? verifier : RunKey.noVerifier, parameters: configuration.parametersKey)
    }

    @Test func labelsSayOutcomeScoringStoppingAndReusedSamplesInWords() throws {
        let drawn = try key(.bestOfN)
        let outcome = try key(.bestOfN, mode: .outcome)
        let reused = try key(.bestOfN, mode: .outcome, reuses: true)
        let stopped = try key(.majority, stopping: "beta:0.9")
        let labels = EvalSummary.labels([drawn, outcome, reused, stopped])
        #expect(labels[drawn] == "best-of-n")
        #expect(labels[outcome] == "best-of-n (outcome)")
        #expect(labels[reused] == "best-of-n (outcome) on majority's samples")
        #expect(labels[stopped] == "majority (stop beta:0.9)")
    }

    @Test func theVerifierJoinsTheQualifiersWhenSeveralAreStoredAndFingerprintsOnlyTellTheRestApart() throws {
        let judge = try key(.bestOfN, mode: .outcome)
        let certainty = try key(.bestOfN, verifier: "self-certainty")
        let warmer = SeriesKey(
            dataset: judge.dataset, policy: judge.policy, strategy: judge.strategy, verifier: judge.verifier,
            parameters: judge.parameters.replacingOccurrences(of: "\"temperature\":0.7", with: "\"temperature\":0.9"))
        #expect(warmer.parameters != judge.parameters)
        let labels = EvalSummary.labels([judge, certainty, warmer])
        #expect(labels[certainty] == "best-of-n (self-certainty)")
        #expect(labels[judge] == "best-of-n (generative, outcome) #\(judge.parametersFingerprint.prefix(6))")
        #expect(labels[warmer] == "best-of-n (generative, outcome) #\(warmer.parametersFingerprint.prefix(6))")
    }
}

@Suite struct PlotTests {
    private func plot(_ series: [PlotSeries], scale: AxisScale = .log2) -> LinePlot {
        LinePlot(title: "t", xLabel: "x", yLabel: "y", xScale: scale, series: series)
    }

    @Test func aLogTwoAxisSpacesDoublingsEvenly() throws {
        let line = plot([PlotSeries(name: "a", points: [1, 2, 4, 16].map { .init(x: $0, y: 0.5) }, color: "#000")])
        let x = try [1.0, 2, 4, 8, 16].map { try #require(line.pixelX($0)) }
        for index in 1..<x.count { #expect(abs((x[index] - x[index - 1]) - (x[1] - x[0])) < 1e-9) }
        #expect(x[0] > 0 && x[4] < line.width)
        #expect(line.pixelX(0) == nil)
    }

    @Test func ticksAreThePowersOfTheBase() {
        #expect(AxisScale.log2.ticks(from: 0.8, to: 70) == [1, 2, 4, 8, 16, 32, 64])
        #expect(AxisScale.log10.ticks(from: 3e9, to: 2e12) == [1e10, 1e11, 1e12])
        #expect(AxisScale.linear.ticks(from: 0, to: 1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(AxisScale.linear.ticks(from: 0, to: 0.5) == [0, 0.1, 0.2, 0.3, 0.4, 0.5])
        #expect(AxisScale.linear.ticks(from: 0, to: 250) == [0, 50, 100, 150, 200, 250])
        #expect(AxisScale.log10.ticks(from: 1.5e11, to: 6e11) == [2e11, 5e11])
        #expect(AxisScale.log10.ticks(from: 3e11, to: 7e11) == [3e11, 4e11, 5e11, 6e11, 7e11])
        #expect(AxisScale.log10.label(2e11) == "2×10¹¹")
        #expect(AxisScale.log10.label(1e-3) == "10⁻³")
        #expect(AxisScale.log10.label(1e12) == "10¹²")
        #expect(AxisScale.log2.label(16) == "16")
        #expect(AxisScale.linear.label(0.4, percent: true) == "40%")
    }

    @Test func yValuesMapIntoThePlotTopUp() {
        let line = plot([])
        #expect(line.pixelY(1) < line.pixelY(0))
        #expect(line.pixelY(2) == line.pixelY(1))
    }

    @Test func namesAreEscapedAndTheDocumentParses() throws {
        let svg = plot([
            PlotSeries(name: "a <b> & \"c\"", points: [.init(x: 4, y: 0.2, lower: 0.1, upper: 0.3)], color: "#000"),
            PlotSeries(name: "cot", points: [.init(x: 1, y: 0.3)], color: "#111", isBaseline: true),
        ]).svg()
        let inspector = try SVGInspector.inspect(svg)
        #expect(inspector.series == ["a <b> & \"c\"", "cot"])
        #expect(svg.contains("class=\"baseline\""))
        #expect(svg.contains("class=\"interval\""))
    }

    @Test func anEmptyPlotSaysSo() throws {
        let svg = LinePlot(
            title: "t", xLabel: "x", yLabel: "y", xScale: .log2,
            series: [
                PlotSeries(name: "a", points: [], color: "#000")
            ], emptyNote: "no problems in this bin"
        ).svg()
        #expect(try SVGInspector.inspect(svg).series == ["a"])
        #expect(svg.contains("no problems in this bin"))
    }

    @Test func csvFieldsAreQuotedWhenTheyMustBe() {
        let table = CSVTable(header: ["a", "b"], rows: [["x,y", "say \"hi\""], ["plain", "two\nlines"]])
        #expect(table.text == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\nplain,\"two\nlines\"\r\n")
    }
}

@Suite struct ReadableKnobsTests {
    @Test func aKeysJSONBecomesKeyValuePairsInSnakeCase() {
        let json =
            #"{"beamWidth":4,"keepLengthCapped":true,"lookahead":0,"maxDepth":40,"maxStepTokens":2048,"maxTokens":8192,"#
            + #""retries":3,"stepDelimiter":"\n\n","systemPrompt":"Say \"hi\".","temperature":0.7,"topK":0,"topP":1}"#
        #expect(
            RunParameters.readable(json)
                == #"temperature=0.7, top_p=1, top_k=0, max_tokens=8192, max_step_tokens=2048, step_delimiter="\n\n", "#
                + #"beam_width=4, max_depth=40, lookahead=0, retries=3, keep_length_capped=true, system_prompt="Say \"hi\".""#
        )
        #expect(RunParameters.readable(#"{"systemPrompt":""}"#) == "system_prompt=none")
        #expect(RunParameters.readable("not json") == "not json")
    }
}

@Suite struct EvalProgressTests {
    @Test func theLineShowsCountsSpeedAccuracyAndETA() {
        let progress = EvalProgress(
            total: 90, alreadyDone: 3, alreadyCorrect: 2, finished: 9, correct: 5, failed: 1, generatedTokens: 4120,
            elapsed: 100)
        #expect(progress.done == 13)
        #expect(progress.remaining == 77)
        #expect(progress.estimatedSecondsLeft == 100.0 / 10 * 77)
        #expect(progress.accuracy == 7.0 / 12)
        #expect(
            progress.line
                == "eval 13/90 (14%) · 3 resumed · 1 failed · 41.2 tok/s · acc 58.3% · elapsed 1m40s · ETA 12m50s")
        #expect(progress.bar(width: 10) == "[#.........] " + progress.line)
    }

    @Test func theETAComesFromTokensPerSample() {
        var progress = EvalProgress(total: 10, finished: 1, generatedTokens: 400, elapsed: 10)
        progress.plannedSamples = 40
        progress.workedSamples = 4
        progress.finishedSamples = 4
        progress.liveSamples = 16
        progress.liveTokens = 600
        // 100 tokens per sample; 36 samples left = 3600 tokens, 600 already generated: 3000 at 100 tok/s.
        #expect(progress.tokensPerSecond == 100)
        #expect(progress.estimatedSecondsLeft == 30)
        #expect(!progress.estimateIsLowerBound)
        #expect(progress.line.hasSuffix("ETA 30s"))
        var early = EvalProgress(total: 10, elapsed: 5)
        early.plannedSamples = 40
        early.liveSamples = 16
        early.liveTokens = 800
        // 50 tokens per sample so far in flight: 2000 tokens, 800 done, 1200 at 160 tok/s.
        #expect(early.estimatedSecondsLeft == 7.5)
        #expect(early.estimateIsLowerBound)
        #expect(early.line == "eval 0/10 (0%) · 160.0 tok/s · elapsed 5s · ETA ≥ 8s")
        #expect(early.bar(width: 4, columns: 32) == "[....] eval 0/10 (0%) · ETA ≥ 8s")
        // With every run's token cap known (40 samples × 100 tokens), the most left is 3200 tokens: 20 s.
        early.plannedTokenCap = 4000
        #expect(early.estimatedSecondsLeftAtMost == 20)
        #expect(early.line.hasSuffix("ETA 8s–20s"))
    }

    @Test func beforeAnyRunThereIsNoETAOrAccuracy() {
        let progress = EvalProgress(total: 4)
        #expect(progress.estimatedSecondsLeft == nil)
        #expect(progress.accuracy == nil)
        #expect(progress.line == "eval 0/4 (0%) · 0.0 tok/s · elapsed 0s")
        #expect(EvalProgress(total: 4, finished: 4, elapsed: 7200).bar(width: 4).hasPrefix("[####] eval 4/4 (100%)"))
    }
}
