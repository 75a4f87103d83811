import ArgumentParser
import Foundation
import PonderCore
import PonderEval
import PonderMath

/// `ponder calibrate`: a planner profile from stored evaluation runs.
struct CalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Make a planner profile for --strategy auto from an evaluation database.",
        discussion: """
            For one policy: every stored configuration's accuracy per difficulty bin (easy: pass@1 ≥ 50%, medium \
            10–50%, hard < 10%, from the stored majority samples) with intervals, and its mean cost; the probe (k \
            samples drawn as the stored majority vote drew them); and a difficulty predictor fitted on probes \
            replayed from the stored samples. Reads the database without writing to it.
            """
    )

    @Option(help: ArgumentHelp("The evaluation database.", valueName: "file"))
    var db: String

    @Option(help: ArgumentHelp("The profile to write (JSON).", valueName: "file"))
    var out: String

    @Option(help: "The dataset to calibrate on, when the database holds several.")
    var dataset: String?

    @Option(help: "The policy to calibrate, when the database holds several (its model name as stored).")
    var policy: String?

    @Option(help: "Probe samples k that --strategy auto draws before it chooses.")
    var probe: Int = 4

    @Option(help: "Bootstrap resamples per interval.")
    var resamples: Int = 2000

    @Flag(help: "Also print the predictor's leave-one-problem-out confusion matrix.")
    var crossValidate = false

    @Flag(
        help: ArgumentHelp(
            "Keep configurations measured on only some of the calibration problems.",
            discussion:
                "Left out by default: the planner compares bin accuracies, which must come from the same problems."
        ))
    var includePartial = false

    func run() async throws {
        guard resamples >= 1 else {
            throw EvalError.invalidParameter("resamples", "\(resamples)", expected: "at least 1")
        }
        let calibrator = try ProfileCalibrator(
            probeSamples: probe, bootstrap: Bootstrap(resamples: resamples), includePartial: includePartial)
        let store = try EvalStore(path: db, readOnly: true)
        let command = (["ponder"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
        let calibration = try calibrator.calibration(
            try await store.snapshot(dataset: dataset), dataset: dataset, policy: policy,
            grader: MathGrader(configuration: .voting), command: command)
        let profile = calibration.profile
        try profile.encoded().write(to: URL(fileURLWithPath: out), options: .atomic)
        let bins = DifficultyBin.allCases.map { "\($0.rawValue) \(profile.provenance.binProblems[$0] ?? 0)" }
        print(
            "Profile of \(profile.policy.name) on \(profile.provenance.dataset): \(profile.configurations.count) "
                + "configurations, \(profile.provenance.problems) problems (\(bins.joined(separator: ", "))), probe of "
                + "\(profile.probe.samples) samples")
        print(out)
        printPartial(calibration.partial, problems: profile.provenance.problems)
        guard crossValidate else { return }
        let matrix = try calibration.crossValidated()
        let total = matrix.joined().reduce(0, +)
        let right = matrix.indices.reduce(0) { $0 + matrix[$1][$1] }
        print(
            "Predictor, leave one problem out: \(right) of \(total) probes in their true bin (rows true, columns predicted):"
        )
        let names = DifficultyBin.allCases.map(\.rawValue)
        let cell = { (text: String) in text.padding(toLength: 8, withPad: " ", startingAt: 0) }
        print("  " + cell("") + names.map(cell).joined())
        for (row, name) in zip(matrix, names) {
            print("  " + cell(name) + row.map { cell(String($0)) }.joined())
        }
    }

    /// One line per series measured on only some of the calibration problems: left out, or kept with a warning.
    private func printPartial(_ partial: [PlannedConfiguration], problems: Int) {
        guard !partial.isEmpty else { return }
        let series = Dictionary(grouping: partial) { configuration in
            let verifier =
                configuration.strategy.usesVerifier
                ? " (\(configuration.verifier), \(configuration.verifierMode.rawValue))" : ""
            return
                "\(configuration.strategy.rawValue)\(verifier): \(configuration.overall.problems) of \(problems) problems"
        }
        print(
            includePartial
                ? "Kept \(partial.count) configurations measured on only some of the calibration problems (--include-partial):"
                : "Left out \(partial.count) configurations measured on only some of the calibration problems "
                    + "(--include-partial keeps them):")
        for (name, configurations) in series.sorted(by: { $0.key < $1.key }) {
            print("  \(name), \(configurations.count) configurations")
        }
    }
}
