#!/usr/bin/env bash
# `ponder serve` against `ponder solve` and llama.cpp, one run, on the default model:
#  1. overhead: majority@4 (256 tokens, seed 0) on 3 MATH-500 problems, solve's search wall time against the
#     HTTP request's wall time as the client sees it (same seed, so the same tokens: checked);
#  2. concurrency: 16 concurrent majority@4 requests (128 tokens) on one problem, aggregate generated tokens/s,
#     as a ratio to llama-batched-bench's S_TG at B=16 and at B=64 (the sequences actually in flight);
#  3. time to the first progress chunk of a stream.
# Debug build: the time is in llama.cpp's decoding (a release build changed nothing, issue 15).
#
#   scripts/bench-server.sh [DATA_DIR]      (default: ../shared/data, or $PONDER_DATA_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
scripts/setup.sh
scripts/setup-test-tools.sh
swift build --product ponder $PONDER_SWIFT_FLAGS >&2
PONDER=.build/debug/ponder
MODEL=$($PONDER models pull)
PY="${PONDER_HOME}/test-venv/bin/python"
work=$(mktemp -d)
PORT=${PONDER_BENCH_PORT:-8397}
server=""
trap '[[ -n "$server" ]] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export OMP_WAIT_POLICY=PASSIVE

python3 scripts/lib/problems.py "$DATA_DIR/math500.jsonl" 3 "$work"
echo "== 1. ponder solve: majority@4, 256 tokens, 3 problems" >&2
for file in "$work"/problem-*.txt; do
    $PONDER solve --strategy majority --n 4 --max-tokens 256 --seed 0 --json --file "$file" >"${file%.txt}.solve.json"
done

echo "== ponder serve (max 16 running, 64 sequences)" >&2
$PONDER serve --port "$PORT" --max-running 16 --max-sequences 64 --context 32768 --max-tokens 256 --seed 0 \
    >"$work/serve.log" 2>&1 &
server=$!
until curl -sf "localhost:$PORT/health" >/dev/null; do
    kill -0 $server 2>/dev/null || { cat "$work/serve.log"; exit 1; }
    sleep 1
done

"$PY" - "$work" "$PORT" <<'PY'
import concurrent.futures, glob, json, sys, time
import openai
work, port = sys.argv[1], sys.argv[2]
client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="none", max_retries=0, timeout=3600)
model = "qwen2.5-coder-0.5b"

def ask(problem, budget, tokens, seed=0):
    start = time.monotonic()
    reply = client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": problem}], max_completion_tokens=tokens, seed=seed,
        extra_body={"ponder": {"strategy": "majority", "budget": budget}})
    return reply, time.monotonic() - start

print("1. overhead: majority@4, 256 tokens, seed 0")
solve_seconds = serve_seconds = 0.0
for path in sorted(glob.glob(f"{work}/problem-*.txt")):
    problem = open(path).read()
    solved = json.load(open(path.replace(".txt", ".solve.json")))
    reply, seconds = ask(problem, 4, 256)
    same = reply.usage.completion_tokens == solved["accounting"]["policy"]["usage"]["generated_tokens"]
    solve_seconds += solved["accounting"]["wall_seconds"]
    serve_seconds += seconds
    print(f"   {problem[:40]!r}: solve {solved['accounting']['wall_seconds']:.1f} s, serve {seconds:.1f} s, "
          f"tokens {reply.usage.completion_tokens} ({'same' if same else 'DIFFERENT'}), answers "
          f"{solved.get('answer')!r} / {reply.model_extra['ponder'].get('answer')!r}")
print(f"   wall ratio serve/solve: {serve_seconds / solve_seconds:.3f}")

print("2. concurrency: 16 concurrent majority@4 requests, 128 tokens")
problem = open(f"{work}/problem-0.txt").read()
start = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(16) as pool:
    replies = list(pool.map(lambda seed: ask(problem, 4, 128, seed)[0], range(16)))
elapsed = time.monotonic() - start
generated = sum(reply.usage.completion_tokens for reply in replies)
print(f"   {generated} tokens in {elapsed:.1f} s: {generated / elapsed:.1f} tok/s")
json.dump({"tokens_per_second": generated / elapsed}, open(f"{work}/concurrent.json", "w"))

print("3. time to the first progress chunk")
start = time.monotonic()
first = None
for chunk in client.chat.completions.create(
        model=model, messages=[{"role": "user", "content": problem}], max_completion_tokens=64, stream=True,
        extra_body={"ponder": {"strategy": "majority", "budget": 4}}):
    extra = chunk.choices[0].delta.model_extra if chunk.choices else None
    if first is None and extra and extra.get("reasoning_content"):
        first = time.monotonic() - start
print(f"   first reasoning_content chunk after {first:.3f} s, whole stream {time.monotonic() - start:.1f} s")
PY
kill $server; server=""

echo "== llama-batched-bench: B=16 and B=64, shared prompt, unified KV, 128 tokens" >&2
"$PONDER_LLAMA_PREFIX/bin/llama-batched-bench" -m "$MODEL" -t "$(nproc)" -c 32768 -b 512 -ub 512 -kvu -pps \
    -npp 128 -ntg 128 -npl 16,64 --output-format jsonl 2>/dev/null >"$work/batched.jsonl"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
ponder = json.load(open(f"{work}/concurrent.json"))["tokens_per_second"]
for row in (json.loads(line) for line in open(f"{work}/batched.jsonl") if line.strip().startswith("{")):
    print(f"   llama-batched-bench B={row['pl']}: S_TG {row['speed_tg']:.1f} tok/s; serve/bench {ponder / row['speed_tg']:.2f}")
PY
