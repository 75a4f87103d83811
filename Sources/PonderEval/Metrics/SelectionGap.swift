/// How often a selection rule fails to pick a right answer that its candidates held, counted over problem
/// runs at one budget.
///
/// A problem run is **covered** when at least one of its candidates is right (pass@N of that run is 1). The
/// rule **missed** it when the run was covered but the rule's answer is wrong: the verifier or the vote, not
/// the policy, lost it. Against majority vote on the same candidates, a rule **gained** a run majority got
/// wrong and **lost** one majority got right.
public struct SelectionGap: Sendable, Hashable {
    /// Problem runs counted.
    public var runs = 0
    /// Runs with at least one right candidate.
    public var covered = 0
    /// Runs the rule got right.
    public var picked = 0
    /// Covered runs the rule got wrong.
    public var missed = 0
    /// Runs the rule got right and majority vote wrong (counted where majority's outcome is known).
    public var gainedOverMajority = 0
    /// Runs the rule got wrong and majority vote right (counted where majority's outcome is known).
    public var lostToMajority = 0

    /// An empty tally.
    public init() {}

    /// Counts one problem run.
    ///
    /// - Parameters:
    ///   - covered: whether any candidate was right (a run whose rule picked a right answer counts as covered
    ///     whatever this says: the rule's answer is a candidate's).
    ///   - picked: whether the rule's answer was right.
    ///   - majority: whether majority vote's answer on the same candidates was right, if known.
    public mutating func add(covered: Bool, picked isPicked: Bool, majority: Bool? = nil) {
        let isCovered = covered || isPicked
        runs += 1
        self.covered += isCovered ? 1 : 0
        picked += isPicked ? 1 : 0
        missed += isCovered && !isPicked ? 1 : 0
        if let majority {
            gainedOverMajority += isPicked && !majority ? 1 : 0
            lostToMajority += !isPicked && majority ? 1 : 0
        }
    }

    /// The fraction of runs with a right candidate (pass@N of the candidates); 0 without runs.
    public var coverage: Double { runs > 0 ? Double(covered) / Double(runs) : 0 }

    /// The fraction of runs the rule got right; 0 without runs.
    public var accuracy: Double { runs > 0 ? Double(picked) / Double(runs) : 0 }

    /// The fraction of covered runs the rule missed; `nil` when no run was covered.
    public var missRate: Double? { covered > 0 ? Double(missed) / Double(covered) : nil }
}
