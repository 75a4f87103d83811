#!/usr/bin/env bash
# The planner's held-out runs (issue 13): `auto` with the shipped profile against the fixed strategies it was
# calibrated on, on problems the calibration never saw.
#
#   scripts/eval-heldout.sh [DATA_DIR] [PROBLEMS]   (defaults: ../shared/data or $PONDER_DATA_DIR; 30)
#
# The held-out set, chosen before any result was looked at: the first PROBLEMS problems of MATH-500 in file
# order that are not in math500-s100 (the shipped profile was calibrated on math500-s100). At the profile's
# settings (512 tokens per solution, temperature 0.7), into out/heldout.sqlite: the 0.5B policy's CoT and
# majority vote at N = 1, 4, 8; `auto` at budgets 4 and 8; the 1.5B policy's CoT (the target). The problems go
# in blocks of ten, every series per block, so an interrupted run leaves paired results; run again, it
# resumes (stored problem runs are not run again). Then the report, with the planner section, goes to
# docs/results/heldout/. About two hours on 2 cores: `nohup scripts/eval-heldout.sh > out/heldout.log 2>&1 &`.
# PONDER_PROFILE=FILE measures another profile's `auto` beside the same fixed series (its auto runs are keyed by
# the profile), e.g. docs/results/profiles/qwen2.5-coder-0.5b-s100.json, calibrated on all of math500-s100.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
COUNT=${2:-30}

scripts/setup.sh
# A build folder of its own, as in eval-math500-s100.sh: a paused long run must not lock the debug builds.
swift build -c release --scratch-path .build-release --product ponder $PONDER_SWIFT_FLAGS >&2
P=.build-release/release/ponder
$P models pull >/dev/null
$P models pull qwen2.5-coder-1.5b >/dev/null
mkdir -p out

DB=out/heldout.sqlite
HELD_OUT=(--dataset "$DATA_DIR/math500.jsonl" --exclude-ids "$DATA_DIR/math500-s100.json")
# The profile's settings: 512 tokens; KV cells for 4 problems × 8 samples × (512 + prompt).
ENGINE=(--max-tokens 512 --context 40960 --concurrency 4)
PROFILE=()
[[ -n "${PONDER_PROFILE:-}" ]] && PROFILE=(--profile "$PONDER_PROFILE")

for ((limit = 10; limit < COUNT + 10; limit += 10)); do
    ((limit > COUNT)) && limit=$COUNT
    $P eval "${HELD_OUT[@]}" --limit $limit "${ENGINE[@]}" --db $DB --strategies cot,majority --budgets 1,4,8
    $P eval "${HELD_OUT[@]}" --limit $limit "${ENGINE[@]}" --db $DB --strategies auto --budgets 4,8 "${PROFILE[@]}"
    $P eval "${HELD_OUT[@]}" --limit $limit "${ENGINE[@]}" --db $DB --strategies cot --model qwen2.5-coder-1.5b
done
$P report --db $DB --out docs/results/heldout
