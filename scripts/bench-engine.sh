#!/usr/bin/env bash
# Engine throughput: Ponder's majority@8 on 5 MATH-500 problems versus llama-batched-bench at B=8, one run.
#
#   scripts/bench-engine.sh [DATA_DIR]      (default: ../shared/data, or $PONDER_DATA_DIR)
#
# Prints Ponder's aggregate generated tokens/s (generated tokens over the policy's wall time, prompt
# evaluation included) and batched-bench's S_TG at B=8 with a shared prompt, and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
PROBLEMS=${PONDER_BENCH_PROBLEMS:-5}
MAX_TOKENS=${PONDER_BENCH_MAX_TOKENS:-1024}

scripts/setup.sh
swift build -c release --product ponder $PONDER_SWIFT_FLAGS >&2
PONDER=.build/release/ponder
MODEL=$($PONDER models pull)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$DATA_DIR/math500.jsonl" "$PROBLEMS" "$work" <<'PY'
import json, sys
path, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path) as f:
    for index, line in enumerate(f):
        if index >= count:
            break
        with open(f"{work}/problem-{index}.txt", "w") as out:
            out.write(json.loads(line)["problem"])
PY

echo "== Ponder: majority, N=8, $PROBLEMS MATH-500 problems, max $MAX_TOKENS tokens ($(nproc) threads)" >&2
for file in "$work"/problem-*.txt; do
    $PONDER solve --strategy majority --n 8 --max-tokens "$MAX_TOKENS" --json --file "$file" >"${file%.txt}.json"
done

echo "== llama-batched-bench: B=8, shared prompt, unified KV" >&2
"$PONDER_LLAMA_PREFIX/bin/llama-batched-bench" -m "$MODEL" -t "$(nproc)" -c 16384 -b 512 -ub 512 -kvu -pps \
    -npp 128 -ntg 256 -npl 8 --output-format jsonl 2>/dev/null >"$work/batched.jsonl"

python3 - "$work" <<'PY'
import glob, json, sys
work = sys.argv[1]
generated = seconds = evaluated = 0
for path in sorted(glob.glob(f"{work}/problem-*.json")):
    result = json.load(open(path))
    policy = result["accounting"]["policy"]
    generated += policy["usage"]["generatedTokens"]
    evaluated += policy["usage"]["promptTokensEvaluated"]
    seconds += policy["seconds"]
    print(f"  {result['problem']['statement'][:50]!r}: {policy['usage']['generatedTokens']} tokens in {policy['seconds']:.1f} s, answer {result['answer']!r}")
ponder = generated / seconds
rows = [json.loads(line) for line in open(f"{work}/batched.jsonl") if line.strip().startswith("{")]
bench = rows[-1]["speed_tg"]
print(f"Ponder majority@8: {generated} generated tokens, {evaluated} prompt tokens evaluated, {seconds:.1f} s -> {ponder:.1f} tok/s")
print(f"llama-batched-bench B=8 (npp 128, ntg 256, -pps): S_TG {bench:.1f} tok/s")
print(f"ratio Ponder / batched-bench: {ponder / bench:.2f}")
PY
