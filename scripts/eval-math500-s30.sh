#!/usr/bin/env bash
# The evaluation runs of docs/RESULTS.md: the first 30 problems of the fixed MATH-500 sample (math500-s100).
#
#   scripts/eval-math500-s30.sh [DATA_DIR]     (default: ../shared/data, or $PONDER_DATA_DIR)
#
# Runs, into one database (out/math500-s30.sqlite), the cheapest first: the 0.5B policy's CoT and majority
# vote at N = 1, 4, 16; the 1.5B policy's CoT; beam search and DVTS at N = 4 and 16 with the self-certainty
# verifier; beam search at N = 4 with the generative verifier (the 1.5B model). Then writes the report to
# docs/results/math500-s30/. Hours on 2 cores: run it on an otherwise idle machine, in the background
# (`nohup scripts/eval-math500-s30.sh > out/eval.log 2>&1 &`). Interrupted, it resumes where it stopped when
# run again: every finished problem run is stored, and stored runs are not run again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}

scripts/setup.sh
swift build -c release --product ponder $PONDER_SWIFT_FLAGS >&2
P=.build/release/ponder
$P models pull >/dev/null
$P models pull qwen2.5-coder-1.5b >/dev/null
mkdir -p out

DB=out/math500-s30.sqlite
PROBLEMS=(--dataset "$DATA_DIR/math500.jsonl" --ids "$DATA_DIR/math500-s100.json" --limit 30)
# 1,024 tokens per solution (the paper allows 8,192); KV cells for 4 problems × 16 samples × (1,024 + prompt).
ENGINE=(--max-tokens 1024 --context 81920 --concurrency 4)

$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies cot,majority --budgets 1,4,16
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies cot --model qwen2.5-coder-1.5b
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies beam,dvts --budgets 4,16 --verifier self-certainty
$P eval "${PROBLEMS[@]}" "${ENGINE[@]}" --db $DB --strategies beam --budgets 4 --verifier generative \
    --verifier-model qwen2.5-coder-1.5b --verifier-context 32768
$P report --db $DB --out docs/results/math500-s30
