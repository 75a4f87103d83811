import Foundation

/// What `--strategy auto` saw, chose and spent on one problem, for the human output and the JSON.
public struct PlanReport: Sendable, Hashable, Codable {
    /// Where the profile came from (a path, or `built-in`).
    public var profile: String
    /// The budget it planned within.
    public var budget: PlanBudget
    /// The probe's features; `nil` when there was no probe (a fixed-rule profile, or no budget for one).
    public var features: ProbeFeatures?
    /// P(bin | probe).
    public var bins: [DifficultyBin: Double]
    /// `settled` (a unanimous, confident probe), `run` (a configuration ran) or `probe-only` (nothing else fit).
    public var decision: String
    /// The configuration that ran, with its expected accuracy and cost.
    public var chosen: Planner.Option?
    /// The runners-up, best first (at most three).
    public var alternatives: [Planner.Option]
    /// Whether the chosen configuration reused the probe's samples as its first ones.
    public var reusedProbe: Bool
    /// What the search spent in all, probe included.
    public var spent: PlannedCost

    /// Creates a report.
    public init(
        profile: String, budget: PlanBudget, features: ProbeFeatures?, bins: [DifficultyBin: Double],
        decision: String, chosen: Planner.Option?, alternatives: [Planner.Option], reusedProbe: Bool,
        spent: PlannedCost
    ) {
        self.profile = profile
        self.budget = budget
        self.features = features
        self.bins = bins
        self.decision = decision
        self.chosen = chosen
        self.alternatives = alternatives
        self.reusedProbe = reusedProbe
        self.spent = spent
    }

    /// The most probable bin.
    public var predictedBin: DifficultyBin? { bins.max { $0.value < $1.value }?.key }

    /// One paragraph: the predicted bin with probabilities, the choice and why, the expected accuracy, the spend.
    public var explanation: String {
        let probabilities = DifficultyBin.allCases.map { "\($0.rawValue) \(percent(bins[$0] ?? 0))" }
            .joined(separator: ", ")
        var lines: [String] = []
        if let features {
            lines.append(
                "probe: \(features.samples) samples, leader \(percent(features.leaderShare)), "
                    + "\(Int((features.distinctShare * Double(features.samples)).rounded())) distinct answers, "
                    + "P(leader ahead) \(percent(features.majorityProbability))")
        }
        lines.append("difficulty: \(probabilities)")
        switch decision {
        case "settled": lines.append("plan: stop: the probe is unanimous and the problem looks easy")
        case "probe-only": lines.append("plan: nothing else fits the budget beside the probe; its majority answers")
        default:
            if let chosen {
                var line =
                    "plan: \(chosen.configuration.label), expected accuracy \(percent(chosen.expectedAccuracy))"
                if let next = alternatives.first {
                    line += " (next: \(next.configuration.label) \(percent(next.expectedAccuracy)))"
                }
                if reusedProbe { line += "; the probe's samples are its first" }
                lines.append(line)
            }
        }
        lines.append(
            "spent: \(spent.generations) of \(budget.generations) generations, "
                + "\(String(format: "%.3g", spent.flops)) FLOPs, \(String(format: "%.1f", spent.seconds)) s")
        return lines.joined(separator: "\n")
    }

    private func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}
