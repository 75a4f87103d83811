public import PonderCore

/// A model name a client may send: the served model, or an alias `MODEL@STRATEGY[-N]` that picks a strategy
/// and budget (`qwen2.5-coder-0.5b@beam-16`, `qwen2.5-coder-0.5b@cot`).
public struct ModelAlias: Sendable, Hashable {
    /// The served model's id.
    public var model: String
    /// What the alias sets (nothing for the bare model).
    public var overrides: ScalingOverrides

    /// Resolves `name` against the served model.
    ///
    /// - Throws: ``ServerError`` 404 for another model, 400 for a malformed alias.
    public init(resolving name: String, served: String, limits: ServerLimits) throws {
        model = served
        overrides = .none
        if name == served { return }
        guard let at = name.lastIndex(of: "@"), name[..<at] == served else {
            throw ServerError.modelNotFound(name, known: [served])
        }
        let suffix = name[name.index(after: at)...]
        // Strategy names contain dashes (best-of-n), so the budget is whatever follows the last dash, if numeric.
        var strategyText = String(suffix)
        if let dash = suffix.lastIndex(of: "-"), case let digits = suffix[suffix.index(after: dash)...],
            digits.first != "0", digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let budget = Int(digits)
        {
            strategyText = String(suffix[..<dash])
            overrides.budget = try ScalingOverrides.budget(budget, param: "model", limits: limits)
        }
        overrides.strategy = try ScalingOverrides.strategy(strategyText, param: "model")
    }

    /// The aliases `/v1/models` lists for a served model; `@auto-8` where the server's planner profile fits it.
    public static func listed(for served: String, auto: Bool = false) -> [String] {
        [
            served, "\(served)@cot", "\(served)@majority-8", "\(served)@best-of-n-8", "\(served)@beam-16",
            "\(served)@dvts-16", "\(served)@particle-filter-8",
        ] + (auto ? ["\(served)@auto-8"] : [])
    }
}
