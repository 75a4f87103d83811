extension MathGrader {
    /// Options of a ``MathGrader``.
    public struct Configuration: Sendable, Hashable {
        /// Whether a plain number also matches the gold ×100 or ÷100 when one of the two is written as a
        /// percentage (Qwen2.5-Math's percentage variants: `50` or `0.5` for a gold of `50\%`, `0.5` or
        /// `50\%` for a gold of `0.5`; never `500` for a gold of `5`, which Qwen's grader accepts).
        ///
        /// On for grading MATH against gold answers, as the paper's grader does. Must be off when
        /// grouping candidates for voting: the relation is not transitive (0.5 ~ 50 ~ 5000), so
        /// groups would depend on the order candidates arrive in.
        public var acceptsPercentVariants: Bool

        /// Creates a configuration.
        public init(acceptsPercentVariants: Bool = false) {
            self.acceptsPercentVariants = acceptsPercentVariants
        }

        /// Grading predictions against gold answers: percent variants on.
        public static let grading = Configuration(acceptsPercentVariants: true)

        /// Grouping candidate answers for voting: percent variants off.
        public static let voting = Configuration(acceptsPercentVariants: false)
    }
}
