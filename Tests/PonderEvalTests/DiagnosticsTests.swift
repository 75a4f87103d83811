import Foundation
import GRDB
import PonderCore
import PonderMath
import Testing

@testable import PonderEval

@Suite struct DiagnosticsMetricsTests {
    @Test func aurocCountsRightOverWrongPairsAndHalvesTies() throws {
        // Pairs (right, wrong): (0.9, 0.8) 1, (0.9, 0.1) 1, (0.3, 0.8) 0, (0.3, 0.1) 1 → 3/4.
        #expect(AUROC.value(scores: [0.9, 0.8, 0.3, 0.1], correct: [true, false, true, false]) == 0.75)
        // (0.7, 0.5) 1, (0.7, 0.2) 1, (0.5, 0.5) ½, (0.5, 0.2) 1 → 3.5/4.
        #expect(AUROC.value(scores: [0.7, 0.5, 0.5, 0.2], correct: [true, true, false, false]) == 0.875)
        #expect(AUROC.value(scores: [0.5, 0.5, 0.5], correct: [true, false, false]) == 0.5)
        #expect(AUROC.value(scores: [0.1, 0.2], correct: [true, false]) == 0)
        #expect(AUROC.value(scores: [0.1, 0.2], correct: [true, true]) == nil)
        #expect(AUROC.value(scores: [0.1, 0.2], correct: [false, false]) == nil)
        #expect(AUROC.value(scores: [], correct: []) == nil)
    }

    @Test func aWeightCountsAnItemThatManyTimes() throws {
        let scores = [0.9, 0.8, 0.3, 0.1, 0.3]
        let correct = [true, false, true, false, false]
        let weighted = try #require(AUROC(scores: scores, correct: correct).value(weights: [2, 1, 1, 0, 3]))
        let expanded = try #require(
            AUROC.value(
                scores: [0.9, 0.9, 0.8, 0.3, 0.3, 0.3, 0.3], correct: [true, true, false, true, false, false, false]))
        #expect(weighted == expanded)
        // Right 0.9 ×2 beats 4 wrong; right 0.3 beats none and ties 3: (8 + 1.5) / (3 × 4).
        #expect(abs(weighted - 9.5 / 12) < 1e-12)
        #expect(AUROC(scores: scores, correct: correct).value(weights: [1, 0, 1, 0, 0]) == nil)
    }

    @Test func withinProblemAUROCAveragesOnlyProblemsWithBothKinds() throws {
        let result = try #require(
            AUROC.withinProblems([
                [(0.9, true), (0.1, false)],  // 1
                [(0.2, true), (0.8, false), (0.2, false)],  // (0 + ½) / 2
                [(0.5, true), (0.6, true)],  // no wrong candidate: left out
            ]))
        #expect(result.problems == 2)
        #expect(result.mean == (1 + 0.25) / 2)
        #expect(AUROC.withinProblems([[(0.5, true)]]) == nil)
    }

    @Test func reliabilityBinsCountRightCandidatesPerScoreBin() throws {
        let bins = ReliabilityBin.bins(
            scores: [0.05, 0.15, 0.12, 0.95, 1.0, 0.3, 0.7], correct: [false, true, false, true, true, true, false])
        #expect(bins.map(\.count) == [1, 2, 1, 1, 2])
        #expect(bins.map(\.correct) == [0, 1, 1, 0, 2])
        // 0.3 and 0.7 land in their own bins, not below them (0.3 / 0.1 is 2.9999999999999996).
        #expect(bins.map { ($0.lower * 10).rounded() } == [0, 1, 3, 7, 9])
        #expect(bins.last?.upper == 1)
        #expect(abs((bins[1].meanScore) - 0.135) < 1e-12)
        // ECE: (1·0.05 + 2·|0.5 − 0.135| + 1·|1 − 0.3| + 1·|0 − 0.7| + 2·|1 − 0.975|) / 7.
        let ece = try #require(ReliabilityBin.expectedCalibrationError(bins))
        #expect(abs(ece - (0.05 + 0.73 + 0.7 + 0.7 + 0.05) / 7) < 1e-12)
        #expect(ReliabilityBin.expectedCalibrationError([]) == nil)
    }

    @Test func scoresOutsideTheUnitIntervalAreBinnedOverTheirRange() {
        let bins = ReliabilityBin.bins(scores: [-2, 0, 2, 3], correct: [false, false, true, true], count: 5)
        #expect(bins.first?.lower == -2)
        #expect(bins.last?.upper == 3)
        #expect(bins.map(\.count) == [1, 1, 2])
        #expect(ReliabilityBin.bins(scores: [0.4, 0.4], correct: [true, false]).map(\.count) == [2])
    }

    @Test func theSelectionGapCountsCoveredPickedMissedAndTradesWithMajority() {
        var gap = SelectionGap()
        gap.add(covered: true, picked: true, majority: false)  // gained over majority
        gap.add(covered: true, picked: false, majority: true)  // missed, lost to majority
        gap.add(covered: true, picked: false, majority: false)  // missed
        gap.add(covered: false, picked: false, majority: false)
        gap.add(covered: true, picked: true)  // majority unknown
        #expect(gap.runs == 5)
        #expect(gap.covered == 4)
        #expect(gap.picked == 2)
        #expect(gap.missed == 2)
        #expect(gap.gainedOverMajority == 1)
        #expect(gap.lostToMajority == 1)
        #expect(gap.coverage == 0.8)
        #expect(gap.accuracy == 0.4)
        #expect(gap.missRate == 0.5)
        #expect(SelectionGap().missRate == nil)
    }

    @Test func lengthBinsHavePowerOfTwoEdges() {
        let steps = PowerOfTwoBins(firstExponent: 0)
        #expect([1, 2, 3, 4, 5, 8, 9, 17].map(steps.index(of:)) == [0, 1, 2, 2, 3, 3, 4, 5])
        #expect((0..<5).map(steps.label) == ["1", "2", "3–4", "5–8", "9–16"])
        let tokens = PowerOfTwoBins(firstExponent: 6)
        #expect([0, 64, 65, 128, 129, 1024, 1025].map(tokens.index(of:)) == [0, 0, 1, 1, 2, 4, 5])
        #expect((0..<3).map(tokens.label) == ["≤64", "65–128", "129–256"])
    }

    @Test func theGroupBootstrapOfAMeanIsTheMeanBootstrap() throws {
        // With one value per problem both draw the same problems in the same order, so they agree exactly.
        let values: [Double] = [1, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0.5]
        let bootstrap = Bootstrap(resamples: 500, seed: 7)
        let mean = try #require(bootstrap.interval(values.map { [$0] }))
        let general = try #require(
            bootstrap.interval(groups: values.count) { counts in
                zip(values, counts).reduce(0) { $0 + $1.0 * $1.1 } / counts.reduce(0, +)
            })
        #expect(general == mean)
        #expect(bootstrap.interval(groups: 0) { _ in 1 } == nil)
        #expect(bootstrap.interval(groups: 3) { _ in nil } == nil)
    }
}

@Suite struct DiagnosticsReportTests {
    /// The majority samples set the difficulty bins: p0 and p2 easy, p3 medium, p1 hard.
    private static let majorityPatterns: [String: [Bool]] = [
        "p0": [true, true, true, true], "p1": [false, false, false, false], "p2": [true, false, true, false],
        "p3": [false, true, false, false],
    ]

    /// Best-of-N at N = 4 scored by a verifier: right or wrong, and the last step's score (every first step
    /// scores 0.5; p1's candidates have three steps, the others two). Right candidates generate 100 tokens,
    /// wrong ones 40.
    private static let scored: [String: [(correct: Bool, last: Double)]] = [
        "p0": [(true, 0.2), (true, 0.3), (true, 0.1), (false, 0.9)],
        "p1": [(false, 0.5), (false, 0.6), (false, 0.4), (false, 0.7)],
        "p2": [(false, 0.9), (true, 0.4), (false, 0.6), (true, 0.5)],
        "p3": [(false, 0.1), (true, 0.9), (false, 0.2), (false, 0.3)],
    ]

    private static func scoredCandidates(_ problem: String) -> [CandidateRecord] {
        (scored[problem] ?? []).enumerated().map { index, entry in
            let steps = problem == "p1" ? 3 : 2
            let scores = Array(repeating: 0.5, count: steps - 1) + [entry.last]
            var candidate = TestSupport.candidate(
                index, answer: entry.correct ? "7" : "3", correct: entry.correct, scores: scores,
                usage: TokenUsage(
                    promptTokensEvaluated: index == 0 ? 50 : 0, promptTokensReused: index == 0 ? 0 : 50,
                    generatedTokens: entry.correct ? 100 : 40))
            candidate.steps = (0..<steps).map { "Step \($0)." }
            return candidate
        }
    }

    private static func fixture(at path: String, scoredSeries: Bool = true) async throws -> EvalStore {
        let store = try EvalStore(path: path)
        for (index, problem) in ["p0", "p1", "p2", "p3"].enumerated() {
            try await store.record(
                TestSupport.record(
                    problem: problem, level: index + 1, strategy: .cot, budget: 1,
                    candidates: TestSupport.candidates([index % 2 == 0])))
            try await store.record(
                TestSupport.record(
                    problem: problem, level: index + 1, strategy: .majority, budget: 4, reported: [1, 2, 4],
                    candidates: TestSupport.candidates(majorityPatterns[problem] ?? [])))
            guard scoredSeries else { continue }
            try await store.record(
                TestSupport.record(
                    problem: problem, level: index + 1, strategy: .bestOfN, budget: 4, reported: [2, 4],
                    verifier: "scripted", candidates: scoredCandidates(problem), rules: SelectionRule.all))
        }
        return store
    }

    private func withFixture(scored: Bool = true, _ body: (EvalStore, URL) async throws -> Void) async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.fixture(
            at: directory.appendingPathComponent("diagnostics.sqlite").path, scoredSeries: scored)
        try await body(store, directory)
    }

    private func summary(_ store: EvalStore) async throws -> EvalSummary {
        try EvalSummary(snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200))
    }

    @Test func theSnapshotCarriesCandidateSummariesWithoutTexts() async throws {
        try await withFixture { store, _ in
            let snapshot = try await store.snapshot()
            let run = try #require(snapshot.runs.first { $0.key.strategy == "best-of-n" && $0.key.problemID == "p1" })
            #expect(run.candidates.count == 4)
            #expect(run.beamWidth == nil)
            let first = try #require(run.candidates.first)
            #expect(first.stepCount == 3)
            #expect(first.stepScores == [0.5, 0.5, 0.5])
            #expect(first.outcomeScore == nil)
            #expect(first.generatedTokens == 40)
            #expect(first.answer == "3")
            #expect(!first.correct)
            let record = try #require(try await store.loadRecord(id: run.id))
            #expect(run.candidates == record.candidates.map { StoredCandidate($0) })
        }
    }

    @Test func theSelectionGapHasTheHandComputedCounts() async throws {
        try await withFixture { store, _ in
            let diagnostics = try await summary(store).diagnostics
            #expect(diagnostics.unscoredSeries == ["cot", "majority"])
            // CoT has no gap; majority at 1, 2, 4; best-of-n at 2, 4.
            #expect(
                diagnostics.selection.map(\.series) == ["majority", "majority", "majority", "best-of-n", "best-of-n"])
            let atFour = try #require(diagnostics.selection.first { $0.series == "best-of-n" && $0.budget == 4 })
            #expect(atFour.runs == 4)
            #expect(atFour.meanCandidates == 4)
            #expect(atFour.coverage.estimate == 0.75)
            #expect(atFour.rules.map(\.rule) == SelectionRule.all.map(\.name))
            // Majority: p0 right (3 of 4), p2 a 2–2 tie the wrong answer seen first wins, p3 wrong 3–1.
            let majority = try #require(atFour.rule("majority"))
            #expect(majority.gap.covered == 3)
            #expect(majority.gap.missed == 2)
            #expect(majority.accuracy.estimate == 0.25)
            #expect(majority.rightShareWhenMissed == (0.5 + 0.25) / 2)
            // PRM-Last-Vote: p0 7 = 0.6 < 3 = 0.9, wrong; p2 0.9 < 1.5, wrong; p3 0.9 > 0.6, right.
            let vote = try #require(atFour.rule("prm-last-vote"))
            #expect(vote.gap.missed == 2)
            #expect(vote.gap.gainedOverMajority == 1)
            #expect(vote.gap.lostToMajority == 1)
            #expect(vote.isVote)
            let share = try #require(vote.rightShareWhenMissed)
            #expect(abs(share - (0.6 / 1.5 + 0.9 / 2.4) / 2) < 1e-12)
            let max = try #require(atFour.rule("prm-last-max"))
            #expect(!max.isVote)
            #expect(max.rightShareWhenMissed == nil)
            #expect(max.gap.missed == 2)
            // N = 2 is the first two candidates: p0, p2 and p3 still hold a right one.
            let atTwo = try #require(diagnostics.selection.first { $0.series == "best-of-n" && $0.budget == 2 })
            #expect(atTwo.coverage.estimate == 0.75)
            #expect(atTwo.meanCandidates == 2)
        }
    }

    @Test func discriminationHasTheHandComputedAUROCs() async throws {
        try await withFixture { store, _ in
            let diagnostics = try await summary(store).diagnostics
            // Without a grader to group answers, no answer agreement; the other signals need none.
            #expect(diagnostics.scores == [.last, .min, .mean, .product, .brevity, .finished])
            let entry = try #require(diagnostics.discrimination.only)
            #expect(entry.series == "best-of-n")
            #expect(entry.budget == 4)
            let last = try #require(entry.score(.last)?.overall)
            #expect(last.right == 6)
            #expect(last.wrong == 10)
            #expect(last.problems == 4)
            // Pooled: the six right scores beat 1.5, 2.5, 0.5, 3.5, 4.5 and 9 of the ten wrong ones.
            let pooled = try #require(last.pooled)
            #expect(abs(pooled.estimate - 21.5 / 60) < 1e-12)
            #expect(pooled.lower <= pooled.estimate && pooled.estimate <= pooled.upper)
            // Within: p0 0, p2 0, p3 1 (p1 has no right candidate).
            let within = try #require(last.within)
            #expect(abs(within.estimate - 1.0 / 3) < 1e-12)
            #expect(last.withinProblems == 3)
            // Easy (p0, p2): every right score below every wrong one; medium (p3) separates; hard has no right.
            let score = try #require(entry.score(.last))
            #expect(score.bin(.easy)?.pooled?.estimate == 0)
            #expect(score.bin(.easy)?.within?.estimate == 0)
            #expect(score.bin(.medium)?.pooled?.estimate == 1)
            let hard = try #require(score.bin(.hard))
            #expect(hard.right == 0 && hard.wrong == 4)
            #expect(hard.pooled == nil && hard.within == nil)
            // Reliability of the last-step score: hand-binned, ECE 5.6 / 16.
            #expect(score.reliability.map(\.count) == [2, 2, 2, 2, 2, 2, 1, 3])
            #expect(score.reliability.map(\.correct) == [1, 1, 1, 1, 1, 0, 0, 1])
            #expect(abs((score.expectedCalibrationError ?? 0) - 0.35) < 1e-12)
        }
    }

    @Test func theFreeSignalsAreJudgedBesideTheVerifiersScoresOnTheSameCandidates() async throws {
        try await withFixture { store, _ in
            let summary = try EvalSummary(
                snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200),
                grader: MathGrader(configuration: .voting))
            let diagnostics = summary.diagnostics
            #expect(diagnostics.scores == [.last, .min, .mean, .product, .agreement, .brevity, .finished])
            // Only the scored series: majority's and CoT's candidates are not judged by their signals alone.
            let entry = try #require(diagnostics.discrimination.only)
            #expect(entry.series == "best-of-n")
            // Agreement: p0 right 3/4 ×3, wrong 1/4; p1 wrong 1 ×4; p2 all 1/2; p3 wrong 3/4 ×3, right 1/4.
            let agreement = try #require(entry.score(.agreement)?.overall)
            #expect(agreement.right == 6 && agreement.wrong == 10)
            // Pooled: right 3/4 beats 3 wrong and ties 3 (×3: 13.5), 1/2 beats 1 and ties 2 (×2: 4), 1/4 ties 1 (½).
            #expect(abs((agreement.pooled?.estimate ?? -1) - 18.0 / 60) < 1e-12)
            // Within: p0 1, p2 ½ (all tied), p3 0.
            #expect(abs((agreement.within?.estimate ?? -1) - 0.5) < 1e-12)
            #expect(agreement.withinProblems == 3)
            // Right candidates are the longer ones (100 tokens against 40): brevity ranks every problem backwards.
            #expect(entry.score(.brevity)?.overall?.within?.estimate == 0)
            // Every candidate finished: ties throughout.
            #expect(entry.score(.finished)?.overall?.pooled?.estimate == 0.5)
            // Reliability diagrams only for scores that read as probabilities.
            let figures = DiagnosticsFigures(diagnostics: diagnostics, dataset: summary.dataset)
            #expect(figures.calibration.panels.count == 5)
            #expect(!figures.calibration.panels.contains { $0.title.contains("brevity") })
        }
    }

    @Test func selfCertaintyIsJudgedFromTheStoredLogProbabilities() async throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try EvalStore(path: directory.appendingPathComponent("self-certainty.sqlite").path)
        // p0: right at −0.125 and −0.25, wrong at −0.5 and −0.1875 (3 of 4 pairs ordered); p1: the one right
        // one at −0.625 beats only −0.75 of the three wrong (1 of 3). Two steps each, so the mean weighs tokens.
        let means: [String: [Float]] = ["p0": [-0.125, -0.5, -0.25, -0.1875], "p1": [-0.375, -0.625, -0.3125, -0.75]]
        let patterns = ["p0": [true, false, true, false], "p1": [false, true, false, false]]
        for problem in ["p0", "p1"] {
            var candidates = TestSupport.candidates(patterns[problem]!, scores: [0.5, 0.5, 0.5, 0.5])
            for index in candidates.indices {
                let mean = means[problem]![index]
                candidates[index].stepLogProbabilities = [[mean - 0.0625, mean + 0.0625], [mean]]
            }
            try await store.record(
                TestSupport.record(
                    problem: problem, strategy: .bestOfN, budget: 4, verifier: "scripted", candidates: candidates,
                    rules: SelectionRule.all))
        }
        let summary = try EvalSummary(
            snapshot: try await store.snapshot(), bootstrap: Bootstrap(resamples: 200),
            grader: MathGrader(configuration: .voting))
        let diagnostics = summary.diagnostics
        #expect(diagnostics.scores.contains(.selfCertainty))
        let certainty = try #require(diagnostics.discrimination.only?.score(.selfCertainty)?.overall)
        #expect(certainty.right == 3 && certainty.wrong == 5)
        #expect(abs((certainty.within?.estimate ?? -1) - (0.75 + 1.0 / 3) / 2) < 1e-12)
        // Pooled: −0.125 beats all 5 wrong, −0.25 beats 4 (all but −0.1875), −0.625 beats 1 (−0.75).
        #expect(abs((certainty.pooled?.estimate ?? -1) - 10.0 / 15) < 1e-12)
        // A mean token probability is no probability of being right: no reliability diagram.
        let figures = DiagnosticsFigures(diagnostics: diagnostics, dataset: summary.dataset)
        #expect(!figures.calibration.panels.contains { $0.title.contains("self-certainty") })
    }

    @Test func scoreAgainstLengthIsBinnedForRightAndWrongApart() async throws {
        try await withFixture { store, _ in
            let entry = try #require(try await summary(store).diagnostics.discrimination.only)
            #expect(entry.lengthScore == .last)
            let tokens = entry.lengthBins.filter { $0.measure == .tokens }
            #expect(tokens.map(\.label) == ["65–128", "≤64"])
            #expect(tokens.map(\.correct) == [true, false])
            #expect(tokens.map(\.count) == [6, 10])
            #expect(abs(tokens[0].meanScore - 2.4 / 6) < 1e-12)
            #expect(abs(tokens[1].meanScore - 5.2 / 10) < 1e-12)
            let steps = entry.lengthBins.filter { $0.measure == .steps }
            #expect(steps.map(\.label) == ["2", "2", "3–4"])
            #expect(steps.map(\.count) == [6, 6, 4])
            #expect(abs(steps[1].meanScore - 0.5) < 1e-12)
            #expect(abs(steps[2].meanScore - 0.55) < 1e-12)
            #expect(steps[2].meanLength == 3)
        }
    }

    @Test func theReportHasADiagnosticsSectionWithEveryTableAndParsingPlots() async throws {
        try await withFixture { store, directory in
            let out = directory.appendingPathComponent("report").path
            let output = try ReportWriter(summary: try await summary(store), databasePath: store.path).write(
                to: out, png: .never)
            func read(_ name: String) throws -> String {
                try String(contentsOfFile: (out as NSString).appendingPathComponent(name), encoding: .utf8)
            }
            let names = Set(output.files.map { URL(fileURLWithPath: $0).lastPathComponent })
            for name in Self.diagnosticFiles { #expect(names.contains(name)) }

            let markdown = try read("summary.md")
            let section = try #require(markdown.range(of: "## Verifier diagnostics")).upperBound
            let methods = try #require(markdown.range(of: "## How the numbers are computed")).lowerBound
            let diagnostics = String(markdown[section..<methods])
            for title in Self.tableTitles { #expect(diagnostics.contains("### \(title)")) }
            #expect(diagnostics.contains("No verifier scores in: cot, majority"))
            #expect(
                diagnostics.contains(
                    "| best-of-n | 4 | 4 | 4.0 | 75.0% [") && diagnostics.contains("| prm-last-vote | 25.0% ["))
            #expect(diagnostics.contains("| best-of-n | 4 | prm-last-vote | 25.0% ["))
            #expect(diagnostics.contains("| 2 of 3 | +1 | −1 |"))
            #expect(diagnostics.contains("| best-of-n | 4 | last step | 6 / 10 | 0.36 ["))
            #expect(diagnostics.contains("– (none right)"))
            #expect(diagnostics.contains("| best-of-n | 4 | last step | right | – | 0.40 (n=6) |"))
            #expect(!Self.hasNaN(markdown))
            #expect(diagnostics.contains("![Selection gap](diagnostics-selection-gap.svg)"))

            let gap = try SVGInspector.inspect(try read("diagnostics-selection-gap.svg"))
            #expect(gap.panels == 2)
            #expect(gap.series.filter { $0 == "pass@N" }.count == 2)
            let calibration = try SVGInspector.inspect(try read("diagnostics-calibration.svg"))
            #expect(calibration.panels == 4)
            let length = try SVGInspector.inspect(try read("diagnostics-length.svg"))
            #expect(length.panels == 2)
            #expect(length.series == ["right candidates", "wrong candidates", "right candidates", "wrong candidates"])

            let html = try read("report.html")
            #expect(html.contains("<h2>Verifier diagnostics</h2>"))
            #expect(html.components(separatedBy: "<svg").count - 1 == 6)
            #expect(!html.contains("src=") && !html.contains("<script"))

            let selection = try read("diagnostics-selection.csv").split(separator: "\r\n")
            // majority 3 budgets × 1 rule, best-of-n 2 budgets × 9 rules, the header.
            #expect(selection.count == 1 + 3 + 2 * SelectionRule.all.count)
            let discrimination = try read("diagnostics-discrimination.csv").split(separator: "\r\n")
            // 4 step scores and 2 free signals (no grader here, so no agreement) × (all, easy, medium, hard), the
            // header.
            #expect(discrimination.count == 1 + 6 * 4)
            #expect(discrimination.contains { $0.contains(",4,last,hard,1,0,4,,,,,,,0") })
            #expect(try read("diagnostics-calibration.csv").split(separator: "\r\n").count > 1)
            #expect(try read("diagnostics-length.csv").split(separator: "\r\n").count == 1 + 2 + 3)
        }
    }

    @Test func meanScorePlotsZoomToTenthsAroundTheData() {
        #expect(DiagnosticsFigures.scoreRange([0.72, 0.86]) == 0.7...0.9)
        #expect(DiagnosticsFigures.scoreRange([0.5]) == 0.4...0.6)
        #expect(DiagnosticsFigures.scoreRange([0.02, 0.95]) == 0...1)
        #expect(DiagnosticsFigures.scoreRange([-3, 2]) == -3.1...2.1)
        #expect(DiagnosticsFigures.scoreRange([]) == 0...1)
    }

    @Test func aDatabaseWithoutScoresStillReportsAndSaysSo() async throws {
        try await withFixture(scored: false) { store, directory in
            let summary = try await summary(store)
            #expect(summary.diagnostics.discrimination.isEmpty)
            #expect(summary.diagnostics.scores.isEmpty)
            let out = directory.appendingPathComponent("report").path
            _ = try ReportWriter(summary: summary, databasePath: store.path).write(to: out, png: .never)
            func read(_ name: String) throws -> String {
                try String(contentsOfFile: (out as NSString).appendingPathComponent(name), encoding: .utf8)
            }
            let markdown = try read("summary.md")
            #expect(markdown.contains("**No candidate in this database has a verifier score**"))
            #expect(markdown.contains("_No scored candidates: nothing to discriminate._"))
            #expect(markdown.contains("_No series with verifier scores"))
            #expect(!Self.hasNaN(markdown))
            for name in Self.diagnosticFiles where name.hasSuffix(".svg") {
                let svg = try read(name)
                _ = try SVGInspector.inspect(svg)
                #expect(!Self.hasNaN(svg))
            }
            #expect(try read("diagnostics-calibration.svg").contains("no scored candidates"))
            #expect(try read("diagnostics-discrimination.csv").split(separator: "\r\n").count == 1)
            let selection = try read("diagnostics-selection.csv").split(separator: "\r\n")
            #expect(selection.count == 1 + 3)
        }
    }

    @Test func anOutcomeScoreColumnFeedsTheDiagnostics() async throws {
        try await withFixture { store, _ in
            // The schema's outcome column, filled for the best-of-n candidates.
            let column = StoredCandidate.outcomeScoreColumn
            let queue = try DatabaseQueue(path: store.path)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        UPDATE candidate SET \(column) = CASE WHEN correct THEN 0.8 ELSE 0.2 END
                        WHERE run_id IN (SELECT id FROM run WHERE strategy = 'best-of-n')
                        """)
            }
            try queue.close()
            let reopened = try EvalStore(path: store.path, readOnly: true)
            let diagnostics = try await summary(reopened).diagnostics
            #expect(diagnostics.scores == [.outcome, .last, .min, .mean, .product, .brevity, .finished])
            let outcome = try #require(diagnostics.discrimination.only?.score(.outcome)?.overall)
            #expect(outcome.pooled?.estimate == 1)
            #expect(outcome.within?.estimate == 1)
            #expect(!DiagnosticsTables(diagnostics: diagnostics).introduction.joined().contains("No outcome scores"))
        }
    }

    /// Whether `text` shows a NaN or infinity as `String(format:)` prints them.
    private static func hasNaN(_ text: String) -> Bool {
        text.range(of: #"\b(nan|inf)\b"#, options: [.regularExpression, .caseInsensitive]) != nil
    }

    private static let diagnosticFiles = [
        "diagnostics-selection.csv", "diagnostics-discrimination.csv", "diagnostics-calibration.csv",
        "diagnostics-length.csv", "diagnostics-selection-gap.svg", "diagnostics-calibration.svg",
        "diagnostics-length.svg",
    ]

    private static let tableTitles = [
        "Selection gap: a right candidate existed, was it picked?",
        "Selection rules side by side on the same candidates", "Wrong answers out-voting right ones",
        "Discrimination: AUROC of the scores against correctness", "Calibration: fraction right per score bin",
        "Score by solution length (tokens generated)", "Score by number of steps",
    ]
}

extension Array {
    /// The only element, or `nil` when there are none or several.
    fileprivate var only: Element? { count == 1 ? first : nil }
}
