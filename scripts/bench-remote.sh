#!/usr/bin/env bash
# Remote versus embedded: the same majority@8 on the first MATH-500 problems, once on the embedded engine and
# once through llama-server on this machine (same model, same threads), one run each.
#
#   scripts/bench-remote.sh [DATA_DIR]      (default: ../shared/data, or $PONDER_DATA_DIR)
#
# Environment: PONDER_BENCH_PROBLEMS (10), PONDER_BENCH_MAX_TOKENS (1024), PONDER_BENCH_CONFIG (debug; the
# build configuration of ponder, the same binary for both runs).
# llama-server runs with 8 slots sharing a 16,384-cell KV cache (-np 8 -kvu -c 16384), like the embedded
# engine's default context, so the 8 samples decode together on both sides. Reported per backend: search wall
# time (the result's wall_seconds), process wall time (model load or server probe included), and prompt tokens
# evaluated and reused as the backend reports them (llama-server's timings.prompt_n and cache_n).
# Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DATA_DIR=${1:-${PONDER_DATA_DIR:-../shared/data}}
PROBLEMS=${PONDER_BENCH_PROBLEMS:-10}
MAX_TOKENS=${PONDER_BENCH_MAX_TOKENS:-1024}
CONFIG=${PONDER_BENCH_CONFIG:-debug}

scripts/setup.sh
swift build -c "$CONFIG" --product ponder $PONDER_SWIFT_FLAGS >&2
PONDER=.build/$CONFIG/ponder
MODEL=$($PONDER models path)
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

python3 - "$DATA_DIR/math500.jsonl" "$PROBLEMS" "$work" <<'PY'
import json, sys
path, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path) as f:
    for index, line in enumerate(f):
        if index >= count:
            break
        record = json.loads(line)
        with open(f"{work}/problem-{index:02d}.txt", "w") as out:
            out.write(record["problem"])
        with open(f"{work}/problem-{index:02d}.gold", "w") as out:
            out.write(record["answer"])
PY

run() {  # run BACKEND EXTRA_ARGS...: one solve per problem, wall time beside each result
    local backend=$1
    shift
    for file in "$work"/problem-*.txt; do
        local start end
        start=$(date +%s.%N)
        $PONDER solve --strategy majority --n 8 --max-tokens "$MAX_TOKENS" --json --file "$file" "$@" >"${file%.txt}.$backend.json"
        end=$(date +%s.%N)
        echo "$start $end" >"${file%.txt}.$backend.wall"
    done
}

echo "== embedded: majority@8, $PROBLEMS MATH-500 problems, max $MAX_TOKENS tokens, $(nproc) threads ($CONFIG build)" >&2
run embedded

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
echo "== llama-server on 127.0.0.1:$port (-np 8 -kvu -c 16384)" >&2
"$PONDER_LLAMA_PREFIX/bin/llama-server" -m "$MODEL" -t "$(nproc)" -c 16384 -np 8 -kvu --no-webui \
    --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -sf "http://127.0.0.1:$port/health" >/dev/null
echo "== remote: the same through --policy-url" >&2
run remote --policy-url "http://127.0.0.1:$port"

python3 - "$work" "$MODEL" <<'PY'
import glob, json, os, sys
work, model = sys.argv[1], sys.argv[2]
rows = {}
for backend in ("embedded", "remote"):
    totals = dict(search=0.0, process=0.0, generated=0, evaluated=0, reused=0, failed=0)
    answers = []
    for path in sorted(glob.glob(f"{work}/problem-*.{backend}.json")):
        result = json.load(open(path))
        start, end = map(float, open(path.replace(".json", ".wall")).read().split())
        policy = result["accounting"]["policy"]
        totals["search"] += result["accounting"]["wall_seconds"]
        totals["process"] += end - start
        totals["generated"] += policy["usage"]["generated_tokens"]
        totals["evaluated"] += policy["usage"]["prompt_tokens_evaluated"]
        totals["reused"] += policy["usage"]["prompt_tokens_reused"]
        totals["failed"] += policy.get("failedRequests", 0)
        answers.append(result["answer"])
    rows[backend] = (totals, answers)
print(f"model {os.path.basename(model)}")
print("backend   search_s  process_s  generated  prompt_evaluated  prompt_reused  failed  tok/s(search)")
for backend, (t, _) in rows.items():
    print(f"{backend:9} {t['search']:8.1f}  {t['process']:9.1f}  {t['generated']:9d}  {t['evaluated']:16d}  {t['reused']:13d}  {t['failed']:6d}  {t['generated'] / t['search']:8.1f}")
same = sum(a == b for a, b in zip(rows["embedded"][1], rows["remote"][1]))
print(f"answers equal on {same} of {len(rows['embedded'][1])} problems (samples differ: different random streams)")
print("answers:", list(zip(rows["embedded"][1], rows["remote"][1])))
PY
