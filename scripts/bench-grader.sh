#!/usr/bin/env bash
# Grader benchmark: 10,000 seeded (gold, prediction) pairs from MATH-500 and AIME24 answers (bare
# rewrites and near misses, the same written in the answer conventions models use, bases, roundings,
# Unicode fractions) plus the real model outputs of scripts/grader-bench/real_outputs.jsonl joined
# with their gold answers, graded by `ponder grade --jsonl` (release build) and by HuggingFace
# math-verify in the same run. Prints agreement by source, category and convention, disagreements
# by kind, and pairs per second of each.
#
# Usage: scripts/bench-grader.sh [PAIRS] [SEED]      (defaults 10000 2025)
# Environment: PONDER_HOME (default ~/.cache/ponder), PONDER_DATA_DIR (default ../shared/data).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PAIRS=${1:-10000}
SEED=${2:-2025}
# shellcheck source=/dev/null
source "$ROOT/scripts/env.sh"
DATA_DIR=${PONDER_DATA_DIR:-$ROOT/../shared/data}
LLAMA_PREFIX=$PONDER_LLAMA_PREFIX
VENV="$PONDER_HOME/venv-math-verify"
OUT=${PONDER_BENCH_OUT:-$ROOT/.build/grader-bench}

for file in math500.jsonl aime24.jsonl; do
    [[ -f "$DATA_DIR/$file" ]] || { echo "error: $DATA_DIR/$file not found (set PONDER_DATA_DIR)" >&2; exit 1; }
done
[[ -f "$LLAMA_PREFIX/lib/pkgconfig/llama.pc" ]] || { echo "error: llama.cpp not installed at $LLAMA_PREFIX (run scripts/setup.sh)" >&2; exit 1; }

echo "== building ponder (release)"
(cd "$ROOT" && swift build -c release --product ponder $PONDER_SWIFT_FLAGS)
PONDER="$(cd "$ROOT" && swift build -c release --show-bin-path)/ponder"

echo "== math-verify virtual environment: $VENV"
if [[ ! -x "$VENV/bin/python" ]]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import math_verify" 2>/dev/null || "$VENV/bin/pip" install --quiet "math-verify==0.9.0"
"$VENV/bin/pip" list 2>/dev/null | grep -iE '^(math-verify|sympy|latex2sympy2.extended|antlr4-python3-runtime) '

mkdir -p "$OUT"
echo "== generating $PAIRS pairs (seed $SEED)"
python3 "$ROOT/scripts/grader-bench/make_pairs.py" "$DATA_DIR/math500.jsonl" "$DATA_DIR/aime24.jsonl" "$PAIRS" "$SEED" \
    "$ROOT/scripts/grader-bench/real_outputs.jsonl" > "$OUT/pairs.jsonl"

echo "== grading"
"$VENV/bin/python" "$ROOT/scripts/grader-bench/bench.py" "$OUT/pairs.jsonl" "$PONDER" "$OUT"
echo "(per-pair verdicts: $OUT/verdicts.jsonl)"
