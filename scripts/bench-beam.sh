#!/usr/bin/env bash
# KV reuse in beam search: beam N=16, M=4 with the generative verifier on the first 5 MATH-500 problems.
#
#   scripts/bench-beam.sh [DATA_DIR]     (default: ../shared/data, or $PONDER_DATA_DIR)
#
# For each problem it prints the policy's generated tokens, the prefix tokens it evaluated and reused,
# the prefix tokens re-decoded beyond the one necessary decode of the prompt, and what an implementation
# that re-renders and resends the whole text every step (the peers' way, without a prefix cache) would
# evaluate instead; and the wall time split into policy and verifier.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
PROBLEMS=${PONDER_BENCH_PROBLEMS:-5}

scripts/setup.sh
swift build -c release --product ponder $PONDER_SWIFT_FLAGS >&2
PONDER=.build/release/ponder
$PONDER models pull >/dev/null
$PONDER models pull qwen2.5-coder-1.5b >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 scripts/lib/problems.py "$DATA_DIR/math500.jsonl" "$PROBLEMS" "$work"

for file in "$work"/problem-*.txt; do
    echo "== $(basename "$file")" >&2
    # The prompt's own token count: a one-token CoT decodes exactly the prompt.
    $PONDER solve --strategy cot --max-tokens 1 --json --file "$file" >"${file%.txt}.prompt.json"
    $PONDER solve --strategy beam --n 16 --beam-width 4 --verifier generative --json \
        --trace "${file%.txt}.trace.jsonl" --file "$file" >"${file%.txt}.json"
done

python3 - "$work" <<'PY'
import glob, json, sys
work = sys.argv[1]
totals = dict(g=0, e=0, r=0, p=0, policy=0.0, verifier=0.0, wall=0.0, ve=0, vr=0)
print("| problem | steps deep | generated | prefix evaluated | prefix reused | re-decoded beyond the prompt | re-decoded / generated | re-render would evaluate | policy s | verifier s | answer |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for path in sorted(glob.glob(f"{work}/problem-*[0-9].json")):
    result = json.load(open(path))
    prompt = json.load(open(path.replace(".json", ".prompt.json")))["accounting"]["policy"]["usage"]["prompt_tokens_evaluated"]
    policy = result["accounting"]["policy"]
    verifier = result["accounting"]["verifier"]
    usage = policy["usage"]
    g, e, r = usage["generated_tokens"], usage["prompt_tokens_evaluated"], usage["prompt_tokens_reused"]
    depth = max((len(c["steps"]) for c in result["candidates"]), default=0)
    name = path.rsplit("/", 1)[1].replace(".json", "")
    print(f"| {name} | {depth} | {g} | {e} | {r} | {e - prompt} | {100 * (e - prompt) / g:.2f}% | {e + r} | {policy['seconds']:.1f} | {verifier['seconds']:.1f} | {result['answer']} |")
    for key, value in dict(g=g, e=e, r=r, p=prompt, policy=policy["seconds"], verifier=verifier["seconds"], wall=result["accounting"]["wall_seconds"], ve=verifier["usage"]["prompt_tokens_evaluated"], vr=verifier["usage"]["prompt_tokens_reused"]).items():
        totals[key] += value
t = totals
print(f"\nAll: generated {t['g']}, prefix evaluated {t['e']} (prompts {t['p']}), reused {t['r']}; "
      f"re-decoded beyond the prompts {t['e'] - t['p']} = {100 * (t['e'] - t['p']) / t['g']:.2f}% of generated (goal <= 5%); "
      f"a re-render-every-step implementation would evaluate {t['e'] + t['r']} prefix tokens, {(t['e'] + t['r']) / t['e']:.0f}x Ponder's.")
print(f"Wall {t['wall']:.1f} s: policy {t['policy']:.1f} s ({100 * t['policy'] / t['wall']:.0f}%), verifier {t['verifier']:.1f} s ({100 * t['verifier'] / t['wall']:.0f}%). "
      f"Verifier prompt tokens evaluated {t['ve']}, reused {t['vr']}.")
PY
