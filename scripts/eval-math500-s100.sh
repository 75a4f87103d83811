#!/usr/bin/env bash
# The runs of issue 12 on all 100 problems of the fixed MATH-500 sample (math500-s100), into one database.
#
#   scripts/eval-math500-s100.sh [DATA_DIR] [PROBLEMS]   (defaults: ../shared/data or $PONDER_DATA_DIR; 100)
#
# The cheapest first: the 0.5B policy's CoT and majority vote at N = 1, 4, 16; Best-of-N with the 1.5B
# generative judge, step and outcome, and with self-certainty, on majority's stored samples (--reuse-samples: only
# the verifier runs); the 1.5B policy's CoT (the target); DVTS at N = 4, 16 with self-certainty; DVTS with the
# judge; beam search at N = 4 with the judge. Majority runs stored before schema version 6 (the first 20 problems)
# have no token log-probabilities for self-certainty to read: there Best-of-N with self-certainty draws its own
# samples (a series of its own in the report). Tree search keeps length-capped paths (search-and-learn's
# behaviour). Then
# the report, with the verifier diagnostics, goes to docs/results/math500-s100/. 512 tokens per solution, the
# planner profile's and the held-out runs' limit (the paper allows 8,192; RESULTS.md's first section used 1,024),
# so that scripts/eval-anytime.sh, which writes the same database at the same settings, adds to these series
# instead of repeating them. About ten hours on a 2-core Intel Xeon: run it in the background
# (`nohup scripts/eval-math500-s100.sh > out/eval-s100.log 2>&1 &`); interrupted, it resumes where it stopped
# (stored problem runs are not run again). PROBLEMS (second argument) runs only the first K problems of the
# sample, a complete smaller version of every series.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
COUNT=${2:-100}

scripts/setup.sh
# A build folder of its own: SwiftPM locks its build folder for a whole build, so a long run paused
# mid-build (kill -STOP) would otherwise block every debug build and test run meanwhile.
swift build -c release --scratch-path .build-release --product ponder $PONDER_SWIFT_FLAGS >&2
P=.build-release/release/ponder
$P models pull >/dev/null
$P models pull qwen2.5-coder-1.5b >/dev/null
mkdir -p out

DB=out/math500-s100.sqlite
SAMPLE=(--dataset "$DATA_DIR/math500.jsonl" --ids "$DATA_DIR/math500-s100.json")
PROBLEMS=("${SAMPLE[@]}" --limit "$COUNT")
# KV cells for 4 problems × 16 samples × (512 + prompt).
ENGINE=(--max-tokens 512 --context 45056 --concurrency 4)
JUDGE=(--verifier generative --verifier-model qwen2.5-coder-1.5b --verifier-context 32768)

$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies cot,majority --budgets 1,4,16
# One problem at a time: the judge reads a problem's 16 paths in waves that reuse each other's cached prompts,
# and four problems at once overflow its 64 sequences and evict them (1.8x the judge tokens, measured).
for mode in step outcome; do
    $P eval "${PROBLEMS[@]}" --max-tokens 512 --context 45056 --concurrency 1 --db $DB --strategies best-of-n \
        --budgets 4,16 --reuse-samples "${JUDGE[@]}" --verifier-mode $mode
done
# Self-certainty on majority's samples: seconds per problem. Problems whose majority run predates the stored
# log-probabilities fail here (and are drawn below), so a failure does not stop the script.
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies best-of-n --budgets 4,16 --reuse-samples \
    --verifier self-certainty || echo "(problems stored without log-probabilities: drawn below)"
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies cot --model qwen2.5-coder-1.5b
$P eval "${SAMPLE[@]}" --limit $((COUNT < 20 ? COUNT : 20)) "${ENGINE[@]}" --db $DB --strategies best-of-n \
    --budgets 4,16 --verifier self-certainty
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies dvts --budgets 4,16 --keep-capped
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies dvts --budgets 4,16 --keep-capped "${JUDGE[@]}"
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies beam --budgets 4 --keep-capped "${JUDGE[@]}"
$P report --db $DB --out docs/results/math500-s100
