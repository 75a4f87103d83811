#!/usr/bin/env bash
# Engine throughput: Ponder's majority@8 on 5 MATH-500 problems versus llama-batched-bench at B=8, one run.
#
#   scripts/bench-engine.sh [DATA_DIR]      (default: ../shared/data, or $PONDER_DATA_DIR)
#
# Two comparisons, each as a ratio to llama-batched-bench's S_TG at B=8 (shared prompt, unified KV):
#  1. workload: Ponder's aggregate generated tokens/s (generated tokens over the policy's wall time,
#     prompt evaluation included) on the problems, samples ending when they end, so the batch shrinks
#     as samples finish;
#  2. constant batch: the same problems with --max-tokens 256, keeping only runs where all 8 samples hit
#     the limit, so every decode step has B=8 like batched-bench (-ntg 256).
# Run it on an otherwise idle machine: llama.cpp's threads compete badly with anything else.
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

python3 scripts/lib/problems.py "$DATA_DIR/math500.jsonl" "$PROBLEMS" "$work"

echo "== Ponder: majority, N=8, $PROBLEMS MATH-500 problems, max $MAX_TOKENS tokens ($(nproc) threads)" >&2
for file in "$work"/problem-*.txt; do
    $PONDER solve --strategy majority --n 8 --max-tokens "$MAX_TOKENS" --json --file "$file" >"${file%.txt}.json"
done
echo "== Ponder: majority, N=8, max 256 tokens (constant batch)" >&2
for file in "$work"/problem-*.txt; do
    $PONDER solve --strategy majority --n 8 --max-tokens 256 --json --file "$file" >"${file%.txt}.fixed"
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
    generated += policy["usage"]["generated_tokens"]
    evaluated += policy["usage"]["prompt_tokens_evaluated"]
    seconds += policy["seconds"]
    print(f"  {result['problem']['statement'][:50]!r}: {policy['usage']['generated_tokens']} tokens in {policy['seconds']:.1f} s, answer {result['answer']!r}")
ponder = generated / seconds
fixed_generated = fixed_seconds = fixed_runs = 0
for path in sorted(glob.glob(f"{work}/problem-*.fixed")):
    result = json.load(open(path))
    if all(c["generated_tokens"] == 256 for c in result["candidates"]):
        policy = result["accounting"]["policy"]
        fixed_generated += policy["usage"]["generated_tokens"]
        fixed_seconds += policy["seconds"]
        fixed_runs += 1
rows = [json.loads(line) for line in open(f"{work}/batched.jsonl") if line.strip().startswith("{")]
bench = rows[-1]["speed_tg"]
print(f"llama-batched-bench B=8 (npp 128, ntg 256, -pps): S_TG {bench:.1f} tok/s")
print(f"1. workload: Ponder majority@8: {generated} generated tokens, {evaluated} prompt tokens evaluated, {seconds:.1f} s -> {ponder:.1f} tok/s, ratio {ponder / bench:.2f}")
if fixed_runs:
    fixed = fixed_generated / fixed_seconds
    print(f"2. constant batch: {fixed_runs} runs with all 8 samples at 256 tokens: {fixed_generated} tokens, {fixed_seconds:.1f} s -> {fixed:.1f} tok/s, ratio {fixed / bench:.2f}")
else:
    print("2. constant batch: no run had all 8 samples reach 256 tokens")
PY
