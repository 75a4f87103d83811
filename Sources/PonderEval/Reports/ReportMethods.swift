/// The report's "how the numbers are computed" section, shared by the Markdown and HTML pages.
enum ReportMethods {
    static func paragraphs(_ summary: EvalSummary) -> [String] {
        [
            "**Accuracy** is the fraction of problems whose selected answer the grader (`MathGrader`, percent variants on) "
                + "finds equivalent to the gold answer; with several seeds, each problem counts as the mean over its seeds. "
                + "**Intervals** are \(Int(summary.bootstrap.confidence * 100))% percentile bootstrap intervals over "
                + "problems (\(summary.bootstrap.resamples) resamples, seeds resampled within each drawn problem; "
                + "seed \(summary.bootstrap.seed)).",
            "**Budgets.** Majority vote, Best-of-N and DVTS run once at the largest budget N; a smaller budget n uses "
                + "the first n samples (majority, Best-of-N: sample i's seed depends only on the base seed and i, so "
                + "they are the samples a run at n draws) or the paths of the first n/M subtrees (DVTS). Beam search runs "
                + "once per budget. CoT is one greedy solution, the dashed baseline. Selection rules are applied after the "
                + "fact to the stored candidates: one run gives every rule. The plots show \(summary.primaryRule) for "
                + "the verifier strategies and majority for the others.",
            "**Compute attributed to a smaller budget n of a run at N.** Policy, majority and Best-of-N: the first n "
                + "candidates' own token usage, which includes the shared prompt once (the engine charges its evaluation "
                + "to the first sample). Policy, DVTS: n/N of the run's (pruned siblings belong to no single path). "
                + "Verifier tokens and FLOPs, seconds and wall time: n/N of the run's. At a run's own budget every figure "
                + "is measured. Attributed wall time is an estimate: a batch of n samples ends when its longest one does.",
            "**Wall time** of a problem run runs from its first request to its last answer. With `--concurrency` above 1 "
                + "it includes the time its requests waited while other problems' requests ran on the engine, so it "
                + "overstates the latency of a problem run alone; the evaluation's elapsed time is what the runs took "
                + "together.",
            "**FLOPs** = 2 × parameters × tokens processed (prompt tokens evaluated plus tokens generated; tokens "
                + "reused from the KV cache cost nothing), for the policy and for a verifier with a model of its own "
                + "(self-certainty has none). Pre-training FLOPs are not included.",
            "**Difficulty** uses the paper's absolute bins on the policy's own pass@1 per problem (easy ≥ 50%, medium "
                + "10–50%, hard < 10%), estimated from all its independent samples of that problem (majority vote and "
                + "Best-of-N runs; runs sharing seed and knobs share samples and count once).",
            "**Verifier diagnostics.** pass@N of the candidates and every rule's accuracy use the same problem runs "
                + "as the accuracy tables (at a smaller budget, the same subsample of candidates). AUROC, calibration "
                + "and length use every candidate of a series' runs at their own budget N, scored by the last, min, "
                + "mean or product of its step scores (and an outcome score when one is stored); candidates without "
                + "scores are left out. AUROC intervals draw problems with replacement "
                + "(\(summary.bootstrap.resamples) resamples, the same seed): the pooled AUROC is recomputed on the drawn "
                + "problems' candidates (ties count half), the within-problem AUROC is the mean of the drawn problems' "
                + "own; draws where it is undefined (no right or no wrong candidate) are left out.",
        ]
    }
}
