#!/usr/bin/env bash
# Adaptive majority voting (issue 15), one run on the same problems:
#
#   scripts/bench-adaptive.sh [DATA_DIR]      (default: ../shared/data, or $PONDER_DATA_DIR)
#
#  1. Ponder, embedded: majority@8 fixed, and majority@8 with each rule of PONDER_BENCH_STOP (comma-separated,
#     default `beta:0.95`; the stragglers are cancelled when a rule fires), on the first 5 MATH-500 problems at
#     1,024 tokens;
#  2. llama-batched-bench at B = 8 (shared prompt, unified KV), the engine's reference speed;
#  3. its_hub-style fixed majority@8 against llama-server (8 slots, unified KV): per problem 8 concurrent chat
#     requests with Ponder's prompt, each answer projected to its last \boxed{}, the most common string wins
#     (its_hub's SelfConsistency), graded with `ponder grade`.
# Prints, per method: right answers, wall seconds (Ponder: the search's wall time; llama-server: first request to
# last response, the model already loaded), generated tokens and tokens/s, and the ratios the issue asks for.
# PONDER_BENCH_KEEP=DIR keeps each run's per-problem JSON there (the work folder is deleted at exit).
# Run it on an otherwise idle machine (pause long evaluations with kill -STOP).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
PROBLEMS=${PONDER_BENCH_PROBLEMS:-5}
MAX_TOKENS=${PONDER_BENCH_MAX_TOKENS:-1024}
STOPS=${PONDER_BENCH_STOP:-beta:0.95}
IFS=, read -r -a RULES <<<"$STOPS"
PORT=${PONDER_BENCH_PORT:-18431}

scripts/setup.sh
if [[ -n "${PONDER_BIN:-}" ]]; then
    PONDER=$PONDER_BIN # a release build made elsewhere (e.g. a long run's .build-release)
else
    swift build -c release --product ponder $PONDER_SWIFT_FLAGS >&2
    PONDER=.build/release/ponder
fi
MODEL=$($PONDER models pull)
work=$(mktemp -d)
server=
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    if [[ -n "${PONDER_BENCH_KEEP:-}" ]]; then
        mkdir -p "$PONDER_BENCH_KEEP" && cp "$work"/problem-*.json "$PONDER_BENCH_KEEP"/ 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

python3 scripts/lib/problems.py "$DATA_DIR/math500.jsonl" "$PROBLEMS" "$work"

echo "== Ponder: majority@8, fixed and --stop ${RULES[*]}, $PROBLEMS problems, max $MAX_TOKENS tokens" >&2
for file in "$work"/problem-*.txt; do
    $PONDER solve --strategy majority --n 8 --max-tokens "$MAX_TOKENS" --json --file "$file" >"${file%.txt}.fixed.json"
    for index in "${!RULES[@]}"; do
        $PONDER solve --strategy majority --n 8 --max-tokens "$MAX_TOKENS" --stop "${RULES[$index]}" --json \
            --file "$file" >"${file%.txt}.adaptive$index.json"
    done
done

echo "== llama-batched-bench: B=8, shared prompt, unified KV" >&2
"$PONDER_LLAMA_PREFIX/bin/llama-batched-bench" -m "$MODEL" -t "$(nproc)" -c 16384 -b 512 -ub 512 -kvu -pps \
    -npp 128 -ntg 256 -npl 8 --output-format jsonl 2>/dev/null >"$work/batched.jsonl"

echo "== llama-server: 8 slots; its_hub-style majority@8" >&2
"$PONDER_LLAMA_PREFIX/bin/llama-server" -m "$MODEL" -t "$(nproc)" -c $((8 * (MAX_TOKENS + 512))) -np 8 -kvu \
    --host 127.0.0.1 --port "$PORT" >"$work/server.log" 2>&1 &
server=$!
until curl -sf "127.0.0.1:$PORT/health" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 1
done
python3 - "$work" "$PORT" "$MAX_TOKENS" <<'PY'
import concurrent.futures, glob, json, sys, time, urllib.request
work, port, max_tokens = sys.argv[1], sys.argv[2], int(sys.argv[3])
SYSTEM = "Please reason step by step, and put your final answer within \\boxed{}."

def last_boxed(text):
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth, i = 0, start + len("\\boxed")
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j]
    return None

def sample(problem):
    body = json.dumps({"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": problem}],
                       "temperature": 0.7, "top_p": 1.0, "max_tokens": max_tokens}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", body,
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=3600) as response:
        reply = json.load(response)
    return reply["choices"][0]["message"]["content"], reply["usage"]["completion_tokens"]

for path in sorted(glob.glob(f"{work}/problem-*.txt")):
    problem = open(path).read()
    began = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        samples = list(pool.map(sample, [problem] * 8))
    seconds = time.monotonic() - began
    answers = [last_boxed(text) for text, _ in samples]
    counts = {}
    for answer in answers:
        if answer is not None:
            counts[answer] = counts.get(answer, 0) + 1
    voted = max(counts, key=counts.get) if counts else None
    json.dump({"answer": voted, "seconds": seconds, "generated_tokens": sum(t for _, t in samples)},
              open(path.replace(".txt", ".server.json"), "w"))
PY
kill "$server" && wait "$server" 2>/dev/null || true
server=

python3 - "$work" "$DATA_DIR/math500.jsonl" "$PONDER" "$STOPS" <<'PY'
import glob, json, subprocess, sys
work, dataset, ponder, stops = sys.argv[1:5]
stops = stops.split(",")
gold = [json.loads(line)["answer"] for line in open(dataset)]

def right(answer, index):
    line = json.dumps({"gold": gold[index], "pred": answer or ""})
    out = subprocess.run([ponder, "grade", "--jsonl", "-"], input=line, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["correct"]

rows = {}
kinds = ["fixed"] + [f"adaptive{i}" for i in range(len(stops))] + ["server"]
for kind in kinds:
    correct = seconds = generated = policy_seconds = samples = 0
    for path in sorted(glob.glob(f"{work}/problem-*.{kind}.json")):
        index = int(path.split("problem-")[1].split(".")[0])
        result = json.load(open(path))
        if kind == "server":
            answer, wall, tokens, busy, spent = result["answer"], result["seconds"], result["generated_tokens"], result["seconds"], 8
            print(f"  {kind:8} problem {index}: 8 samples, {tokens} tokens, {wall:.1f} s, answer {answer!r}")
        else:
            policy = result["accounting"]["policy"]
            answer, wall = result.get("answer"), result["accounting"]["wall_seconds"]
            tokens, busy = policy["usage"]["generated_tokens"], policy["seconds"]
            spent = result.get("samples_spent", len(result["candidates"]))
            print(f"  {kind:8} problem {index}: {spent} samples, stop {result.get('stop_reason')}, "
                  f"{tokens} tokens, {wall:.1f} s, answer {answer!r}")
        correct += right(answer, index)
        seconds += wall
        generated += tokens
        policy_seconds += busy
        samples += spent
    rows[kind] = (correct, seconds, generated, policy_seconds, samples)

bench = [json.loads(l) for l in open(f"{work}/batched.jsonl") if l.strip().startswith("{")][-1]["speed_tg"]
print(f"llama-batched-bench B=8 (npp 128, ntg 256, -pps): S_TG {bench:.1f} tok/s")
names = {"fixed": "Ponder majority@8", "server": "its_hub-style majority@8 on llama-server"}
names.update({f"adaptive{i}": f"Ponder majority@8 --stop {stop}" for i, stop in enumerate(stops)})
for kind, (correct, seconds, generated, busy, samples) in rows.items():
    speed = generated / busy if busy else 0
    print(f"{names[kind]}: {correct} of {len(gold[:len(glob.glob(work + '/problem-*.txt'))])} right, "
          f"{samples} samples, {generated} generated tokens, wall {seconds:.1f} s, {speed:.1f} tok/s "
          f"(ratio to batched-bench {speed / bench:.2f})")
fixed, server = rows["fixed"], rows["server"]
for i, stop in enumerate(stops):
    adaptive = rows[f"adaptive{i}"]
    print(f"--stop {stop}: wall time / its_hub-style llama-server = {adaptive[1] / server[1]:.2f}; "
          f"/ fixed = {adaptive[1] / fixed[1]:.2f}; samples / fixed = {adaptive[4] / fixed[4]:.2f}")
PY
