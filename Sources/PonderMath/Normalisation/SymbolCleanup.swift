/// Drops marks that never change the value graded: degrees (`^\circ`, `^{\circ}`, `°`, `\degree`),
/// dollar signs (`\$`, `$`) and percent signs (`\%`, `%`).
///
/// A percentage therefore compares as its number (`50\%` as `50`); with
/// ``MathGrader/Configuration/acceptsPercentVariants`` grading also accepts ×100 and ÷100 of the gold,
/// as Qwen2.5-Math does.
struct SymbolCleanup: NormalisationStep {
    private static let removals = TextReplacements(
        [
            "^{\\circ}", "^\\circ", "^{\\degree}", "^\\degree", "\\degree", "\\circ", "°", "\\$", "$", "\\%", "%",
            "{}^{o}",
        ].map { ($0, "") })

    func apply(_ text: String) -> String {
        text.replacingEach(SymbolCleanup.removals).trimmingSpaces()
    }
}
