/// An error from Ponder's domain layer: bad parameters, impossible budgets, empty input.
public typealias PonderError = CodedError<PonderErrorCode>

/// What went wrong in Ponder's domain layer.
public enum PonderErrorCode: Hashable, Sendable {
    /// A parameter outside its range.
    case invalidParameter
    /// A problem with no text.
    case emptyProblem
    /// A budget the backend cannot run in one call.
    case budgetTooLarge
    /// A name (strategy, rule, model) that is not known.
    case unknownName
    /// A verifier that returned the wrong number of scores.
    case verifierMismatch
    /// A search trace that cannot be read or drawn.
    case invalidTrace
    /// A planner profile that cannot be read, or was measured on other models.
    case invalidProfile
}

extension CodedError where Code == PonderErrorCode {
    /// A parameter outside its range.
    public static func invalidParameter(_ name: String, _ value: String, expected: String) -> PonderError {
        PonderError(.invalidParameter, "Invalid \(name) '\(value)': expected \(expected)")
    }

    /// A problem with no text.
    public static func emptyProblem() -> PonderError {
        PonderError(.emptyProblem, "Problem is empty: give the problem text as an argument, with --file, or on stdin")
    }

    /// A trace line that is not a ``SearchTraceEvent``.
    public static func traceLineNotAnEvent(line: Int, reason: String) -> PonderError {
        PonderError(.invalidTrace, "Line \(line) of the trace is not a trace event: \(reason)")
    }

    /// A trace with two events for one node.
    public static func traceDuplicateNode(_ node: Int, line: Int, firstLine: Int) -> PonderError {
        PonderError(.invalidTrace, "Line \(line) of the trace repeats node '\(node)' (first on line \(firstLine))")
    }

    /// A trace event whose parent is not in the trace.
    public static func traceUnknownParent(_ parent: Int, node: Int, line: Int) -> PonderError {
        PonderError(
            .invalidTrace,
            "Line \(line) of the trace gives node '\(node)' the parent '\(parent)', which is not in the trace")
    }

    /// A trace whose parent links go round: `cycle` lists the nodes from one, each followed by its parent.
    public static func traceCycle(_ cycle: [Int], line: Int) -> PonderError {
        let first = cycle.first ?? 0
        guard cycle.count > 1 else {
            return PonderError(.invalidTrace, "Line \(line) of the trace makes node '\(first)' its own parent")
        }
        let shown = cycle.count > 9 ? cycle.prefix(8).map(String.init) + ["…"] : cycle.map(String.init)
        let chain = (shown + [String(first)]).joined(separator: " → ")
        return PonderError(
            .invalidTrace, "Line \(line) of the trace makes node '\(first)' its own ancestor (parents: \(chain))")
    }

    /// A trace with no events.
    public static func emptyTrace() -> PonderError {
        PonderError(.invalidTrace, "Trace has no events: only beam search and DVTS write a search tree")
    }

    /// A budget the backend cannot run in one call.
    public static func budgetTooLarge(_ n: Int, maximum: Int, model: String) -> PonderError {
        PonderError(
            .budgetTooLarge,
            "Budget '\(n)' needs \(n) parallel sequences but the policy allows at most \(maximum) (model '\(model)')")
    }

    /// A name (strategy, rule, model) that is not known.
    public static func unknownName(_ kind: String, _ name: String, known: [String]) -> PonderError {
        PonderError(.unknownName, "Unknown \(kind) '\(name)': expected one of \(known.joined(separator: ", "))")
    }

    /// A verifier that returned the wrong number of scores.
    public static func verifierMismatch(_ verifier: String, expected: Int, got: Int) -> PonderError {
        PonderError(.verifierMismatch, "Verifier '\(verifier)' returned \(got) scores where \(expected) were asked for")
    }

    /// A planner profile that cannot be read.
    public static func invalidProfile(_ source: String, _ reason: String) -> PonderError {
        PonderError(.invalidProfile, "Cannot use planner profile '\(source)': \(reason)")
    }

    /// A planner profile measured on another policy than the one running.
    public static func profileMismatch(_ source: String, measured: String, running: String) -> PonderError {
        PonderError(
            .invalidProfile,
            "Planner profile '\(source)' was measured on \(measured), not on \(running): calibrate one for this "
                + "model (ponder calibrate) or pass --force-profile")
    }
}
