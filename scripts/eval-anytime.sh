#!/usr/bin/env bash
# The runs of issue 15 on math500-s100 that scripts/eval-math500-s100.sh does not make: particle filtering, beam
# search and DVTS at N = 16 with self-certainty.
#
#   scripts/eval-anytime.sh [DATA_DIR] [PROBLEMS] [BLOCK]   (defaults: ../shared/data or $PONDER_DATA_DIR; 100; 10)
#
# The rest of the issue's series are in scripts/eval-math500-s100.sh (issue 12), block by block into the same
# database, out/math500-s100.sqlite, at the same settings (the planner profile's: 512 tokens per solution,
# temperature 0.7, the 0.5B policy, length-capped paths kept, each problem its own seed):
#   - majority vote at N = 16, whose samples `ponder report --replay-stop` replays in generation order under each
#     stopping rule (adaptive against fixed without generating twice);
#   - particle filtering, beam search and DVTS at N = 4 and 8 with self-certainty (the one verifier every
#     strategy can use here without a second model).
# This script adds N = 16 for the three tree searches, in blocks of BLOCK problems, so an interrupted run leaves
# paired results; run again, it resumes (stored problem runs are not run again). Then the report goes to
# docs/results/math500-s100-per-problem-seeds/. The runs kept in the repository (that folder's runs/,
# scripts/lib/kept_runs.py) are unpacked into out/ first when out/ has no database.
# About an hour per block of ten on 2 cores: `nohup scripts/eval-anytime.sh > out/anytime.log 2>&1 &`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
COUNT=${2:-100}
BLOCK=${3:-10}

source scripts/lib/math500-s100-setup.sh
PROBLEMS=(--dataset "$DATA_DIR/math500.jsonl" --ids "$DATA_DIR/math500-s100.json")
# 512 tokens; KV cells for 32 sequences × (512 + prompt): 2 problems × 16 paths.
TREE=(--max-tokens 512 --context 24576 --concurrency 2 --keep-capped)

for ((limit = BLOCK; limit < COUNT + BLOCK; limit += BLOCK)); do
    ((limit > COUNT)) && limit=$COUNT
    $P eval "${PROBLEMS[@]}" --limit $limit "${TREE[@]}" --db $DB --strategies particle-filter,beam,dvts --budgets 16
done
write_report
