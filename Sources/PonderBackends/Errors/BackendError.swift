public import PonderCore

/// An error in a backend configuration, found before any model loads.
public typealias BackendError = CodedError<BackendErrorCode>

/// What is wrong with a backend configuration.
public enum BackendErrorCode: Hashable, Sendable {
    /// A setting the chosen backend needs was not given.
    case missing
    /// Two settings that exclude each other.
    case conflict
    /// A verifier was configured but no strategy uses one.
    case unusedVerifier
    /// One solution cannot fit a model's context.
    case contextTooSmall
}

extension CodedError where Code == BackendErrorCode {
    /// A setting the chosen backend needs.
    public static func missing(_ what: String) -> BackendError {
        BackendError(.missing, "Missing \(what)")
    }

    /// Two settings that exclude each other.
    public static func conflict(_ detail: String) -> BackendError {
        BackendError(.conflict, "Conflicting settings: \(detail)")
    }

    /// A verifier that nothing would use.
    public static func unusedVerifier(_ kind: String) -> BackendError {
        BackendError(
            .unusedVerifier,
            "Verifier '\(kind)' is given but no strategy uses one (best-of-n, beam, dvts and particle-filter do): drop --verifier"
        )
    }

    /// One solution (or one judged solution) longer than a model's context.
    public static func contextTooSmall(role: String, needed: Int, contextLength: Int, model: String, hint: String)
        -> BackendError
    {
        BackendError(
            .contextTooSmall,
            "One \(role) sequence may need \(needed) KV cells (prompt allowance + max tokens) but the context is "
                + "\(contextLength) (model '\(model)'); \(hint)")
    }
}
