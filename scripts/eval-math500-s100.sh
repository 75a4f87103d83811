#!/usr/bin/env bash
# The runs of issue 12 on all 100 problems of the fixed MATH-500 sample (math500-s100), into one database.
#
#   scripts/eval-math500-s100.sh [DATA_DIR] [PROBLEMS] [BLOCK]   (defaults: ../shared/data or $PONDER_DATA_DIR; 100; 10)
#
# First the two CoT baselines on all PROBLEMS problems: the 0.5B policy's and the 1.5B policy's (the target).
# Then, in blocks of BLOCK problems, every other series per block, so an interrupted run leaves series that cover
# the same problems:
#   - majority vote at N = 16 (N = 1, 4, 8 from its first samples);
#   - Best-of-N on majority's stored samples (--reuse-samples: only the verifier runs) with self-certainty, with
#     the 1.5B generative judge scoring whole solutions (outcome), and scoring every step (step);
#   - DVTS at N = 8 (N = 4 from its first subtrees) with self-certainty and with the judge in outcome mode, which
#     stores the judge's step scores too, so the report has step and outcome rules for it;
#   - beam search at N = 4 with the judge;
#   - particle filtering and beam search at N = 4 and 8 with self-certainty, issue 15's comparison beside the
#     DVTS series above (scripts/eval-anytime.sh adds N = 16).
# Tree search keeps length-capped paths (search-and-learn's behaviour). 512 tokens per solution, the planner
# profile's and the held-out runs' limit (the paper allows 8,192), so that scripts/eval-anytime.sh, which writes
# the same database at the same settings, adds to these series instead of repeating them. Each problem draws from
# its own seed (`ponder eval`'s default per-problem seed scheme). Then the report, with the verifier diagnostics,
# goes to docs/results/math500-s100-per-problem-seeds/ (docs/results/math500-s100/ holds the
# report of the earlier shared-seed runs).
#
# About three hours per block of ten on a 2-core AMD EPYC: run it in the background
# (`nohup scripts/eval-math500-s100.sh > out/eval-s100.log 2>&1 &`); interrupted, it resumes where it stopped
# (stored problem runs are not run again). The runs kept in the repository between machines
# (docs/results/math500-s100-per-problem-seeds/runs/, `python3 scripts/lib/kept_runs.py pack DB FOLDER` after a
# block) are unpacked into out/ first when out/ has no database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
COUNT=${2:-100}
BLOCK=${3:-10}

source scripts/lib/math500-s100-setup.sh
$P models pull qwen2.5-coder-1.5b >/dev/null
SAMPLE=(--dataset "$DATA_DIR/math500.jsonl" --ids "$DATA_DIR/math500-s100.json")
# KV cells for 32 sequences × (512 + prompt): 2 problems × 16 samples, or 4 problems × 8 paths.
MAJORITY=(--max-tokens 512 --context 24576 --concurrency 2)
TREE=(--max-tokens 512 --context 24576 --concurrency 4 --keep-capped)
# One problem at a time for the judge: it reads a problem's 16 paths in waves that reuse each other's cached
# prompts, and several problems at once overflow its 64 sequences and evict them (1.8x the judge tokens, measured).
SCORING=(--max-tokens 512 --context 24576 --concurrency 1)
JUDGE=(--verifier generative --verifier-model qwen2.5-coder-1.5b --verifier-context 32768)

$P eval "${SAMPLE[@]}" --limit "$COUNT" --max-tokens 512 --context 8192 --concurrency 4 --db $DB --strategies cot
$P eval "${SAMPLE[@]}" --limit "$COUNT" --max-tokens 512 --context 8192 --concurrency 4 --db $DB --strategies cot \
    --model qwen2.5-coder-1.5b
for ((limit = BLOCK; limit < COUNT + BLOCK; limit += BLOCK)); do
    ((limit > COUNT)) && limit=$COUNT
    PROBLEMS=("${SAMPLE[@]}" --limit $limit)
    $P eval "${PROBLEMS[@]}" "${MAJORITY[@]}" --db $DB --strategies majority --budgets 1,4,8,16
    $P eval "${PROBLEMS[@]}" "${SCORING[@]}" --db $DB --strategies best-of-n --budgets 1,4,8,16 --reuse-samples \
        --verifier self-certainty
    for mode in outcome step; do
        $P eval "${PROBLEMS[@]}" "${SCORING[@]}" --db $DB --strategies best-of-n --budgets 1,4,8,16 --reuse-samples \
            "${JUDGE[@]}" --verifier-mode $mode
    done
    $P eval "${PROBLEMS[@]}" "${TREE[@]}" --db $DB --strategies dvts --budgets 4,8
    $P eval "${PROBLEMS[@]}" "${TREE[@]}" --db $DB --strategies particle-filter,beam --budgets 4,8
    $P eval "${PROBLEMS[@]}" "${TREE[@]}" --db $DB --strategies dvts --budgets 4,8 "${JUDGE[@]}" --verifier-mode outcome
    $P eval "${PROBLEMS[@]}" "${TREE[@]}" --db $DB --strategies beam --budgets 4 "${JUDGE[@]}"
done
write_report
