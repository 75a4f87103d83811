#!/usr/bin/env bash
# The runs of issue 15 on math500-s100: adaptive majority against fixed majority@16, and particle filtering
# against beam search and DVTS with the same verifier.
#
#   scripts/eval-anytime.sh [DATA_DIR] [PROBLEMS]   (defaults: ../shared/data or $PONDER_DATA_DIR; 20)
#
# The first PROBLEMS problems of math500-s100 in its file order (the planner's calibration ran on the first 23),
# at the planner profile's settings (512 tokens per solution, temperature 0.7), the 0.5B policy, into
# out/math500-s100.sqlite, the database of scripts/eval-math500-s100.sh (issue 12), whose majority and DVTS series
# at the same settings these runs are part of:
#   - majority vote at N = 16, once; N = 1, 4, 8 come from its first samples, and the stopping rules are replayed
#     on its samples in generation order by `ponder report` (adaptive against fixed without generating twice);
#   - particle-filter, beam and dvts at N = 4, then N = 8, with self-certainty (the one verifier every strategy
#     can use here without a second model), length-capped paths kept.
# In blocks of ten problems, every series per block, so an interrupted run leaves paired results; run again, it
# resumes (stored problem runs are not run again). Then the report goes to
# docs/results/math500-s100-per-problem-seeds/ (docs/results/math500-s100/ holds the report of the earlier
# shared-seed runs). The runs kept in the repository (that folder's runs/, scripts/lib/kept_runs.py) are
# unpacked into out/ first when out/ has no database.
# About three hours for 20 problems on 2 cores: `nohup scripts/eval-anytime.sh > out/anytime.log 2>&1 &`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
COUNT=${2:-20}

source scripts/lib/math500-s100-setup.sh
PROBLEMS=(--dataset "$DATA_DIR/math500.jsonl" --ids "$DATA_DIR/math500-s100.json")
# 512 tokens; KV cells for 32 sequences × (512 + prompt): 2 problems × 16 samples, or 4 problems × 8 paths.
MAJORITY=(--max-tokens 512 --context 24576 --concurrency 2)
TREE=(--max-tokens 512 --context 24576 --concurrency 4 --keep-capped)

for budget in 4 8; do
    for ((limit = 10; limit < COUNT + 10; limit += 10)); do
        ((limit > COUNT)) && limit=$COUNT
        $P eval "${PROBLEMS[@]}" --limit $limit "${MAJORITY[@]}" --db $DB --strategies majority --budgets 1,4,8,16
        $P eval "${PROBLEMS[@]}" --limit $limit "${TREE[@]}" --db $DB --strategies particle-filter,beam,dvts --budgets $budget
    done
done
$P report --db $DB --out docs/results/math500-s100-per-problem-seeds \
    --replay-stop decided,beta:0.8,beta:0.9,beta:0.95,dirichlet:0.9,dirichlet:0.95
