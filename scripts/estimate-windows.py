"""Estimates the wall time of adaptive majority's schedules (a stopping rule, with or without a window of samples in
flight) on samples stored by `ponder eval`, from the engine's decode rates at each batch size.

    python3 scripts/estimate-windows.py DB [--budget 8] [--rates 1:23.8,2:21.4,4:30.4,8:36.9]
        [--rules beta:0.8/give-up=0.5,...] [--windows all,1,2,4] [--ponder .build/debug/ponder] [--stops FILE]

A live benchmark of five problems measures wall time but not which schedule is best: its streamed samples are new
draws each run, and five problems are few. This replays every stored majority run instead. Where each rule stops
is the library's decision, not this script's: `ponder report --replay-stop RULES --replay-budget BUDGET` replays
every rule on the first BUDGET samples of each problem's largest majority run, in sample order as a live search
decides, and writes each run's stop point and whether its vote is right to `stopping-runs.csv` (the script runs it
into a temporary folder, or reads the file given with `--stops`). The script then decodes the same samples, with
their stored token counts, in a simple model of the engine: samples start in sample order, at most W in flight; every
sample in flight advances at the per-sequence rate of the current batch size, `aggregate(B) / B`, with the aggregate
rates measured by llama-batched-bench (`-npp 128 -ntg 128 -npl 1,2,4,8 -kvu -pps`; linear in between); a run that
stops after k samples stops when samples 0..<k have all finished, and the samples still in flight are cancelled.
Prompt processing is left out (the prompt is shared and cached).

This is an estimate from measured rates, not a measurement: docs/BENCHMARKS.md compares it with live runs.
"""
import argparse
import csv
import os
import sqlite3
import subprocess
import tempfile


def rates_from(text):
    points = sorted((int(b), float(r)) for b, r in (pair.split(":") for pair in text.split(",")))

    def aggregate(batch):
        for (b0, r0), (b1, r1) in zip(points, points[1:]):
            if b0 <= batch <= b1:
                return r0 + (r1 - r0) * (batch - b0) / (b1 - b0)
        return points[-1][1] if batch > points[-1][0] else points[0][1]

    return lambda batch: aggregate(batch) / batch


def simulate(tokens, stop, window, rate):
    """Wall seconds and tokens decoded (cancelled samples' part included) for one problem whose rule stops after
    `stop` samples (`len(tokens)`: it never stops early) under `window` (None: every sample at once)."""
    n = len(tokens)
    window = window or n
    remaining, running, finished = {}, [], set()
    clock, begun = 0.0, 0
    while True:
        while begun < n and len(running) < window:
            remaining[begun] = float(tokens[begun])
            running.append(begun)
            begun += 1
        if not running:
            return clock, sum(tokens)
        speed = rate(len(running))
        first = min(running, key=lambda i: remaining[i])
        step = remaining[first] / speed
        clock += step
        for i in running:
            remaining[i] -= step * speed
        running.remove(first)
        finished.add(first)
        if stop < n and all(i in finished for i in range(stop)):
            return clock, sum(tokens[i] - remaining[i] for i in range(begun))


def stop_points(args):
    """Each rule's replayed runs, `{rule: {problem: (samples, correct, fixed_correct)}}`, from stopping-runs.csv."""
    path = args.stops
    with tempfile.TemporaryDirectory() as folder:
        if path is None:
            subprocess.run(
                [args.ponder, "report", "--db", args.db, "--out", folder, "--no-png", "--replay-stop", args.rules,
                 "--replay-budget", str(args.budget)], check=True, stdout=subprocess.DEVNULL)
            path = os.path.join(folder, "stopping-runs.csv")
        with open(path, newline="") as file:
            rows = [row for row in csv.DictReader(file) if row["selection"] == "majority"]
    series = {row["series"] for row in rows}
    assert len(series) == 1, f"one majority series expected, found {sorted(series)}"
    found = {}
    for row in rows:
        assert int(row["budget"]) == args.budget, f"replayed at budget {row['budget']}, not {args.budget}"
        found.setdefault(row["stopping_rule"], {})[row["problem_id"]] = (
            int(row["samples"]), row["correct"] == "1", row["fixed_correct"] == "1")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--budget", type=int, default=8)
    parser.add_argument("--rates", default="1:23.8,2:21.4,4:30.4,8:36.9")
    parser.add_argument("--rules", default="beta:0.8/give-up=0.5,beta:0.8/give-up=0.6,beta:0.9/give-up=0.5")
    parser.add_argument("--windows", default="all,1,2,4")
    parser.add_argument("--ponder", default=".build/debug/ponder")
    parser.add_argument("--stops", help="stopping-runs.csv of `ponder report --replay-budget BUDGET` (default: run it)")
    args = parser.parse_args()
    rate = rates_from(args.rates)
    stops = stop_points(args)
    db = sqlite3.connect(args.db)
    runs = db.execute(
        "SELECT problem_id, id FROM run WHERE strategy = 'majority' AND verifier = 'none' AND budget >= ? "
        "ORDER BY problem_id, budget", (args.budget,)).fetchall()
    largest = dict(runs)  # the largest budget's run of each problem
    tokens = {}
    for problem, run in largest.items():
        rows = db.execute(
            "SELECT generated_tokens FROM candidate WHERE run_id = ? ORDER BY position LIMIT ?",
            (run, args.budget)).fetchall()
        tokens[problem] = [row[0] for row in rows]
    rules = args.rules.split(",")
    for rule in rules:
        assert set(stops.get(rule, {})) == set(largest), f"{rule}: the replay and the store differ in problems"
    schedules = [("fixed", None, None)] + [
        (rule, rule, None if window == "all" else int(window)) for rule in rules for window in args.windows.split(",")]
    print(f"{len(largest)} problems, the first {args.budget} samples of each; rates {args.rates} (tok/s at B)")
    print("| schedule | right | samples decided on | tokens decoded | estimated wall s | ratio to fixed |")
    print("| --- | --- | --- | --- | --- | --- |")
    fixed_wall = None
    for name, rule, window in schedules:
        right = spent = used = wall = 0
        for problem in largest:
            n = len(tokens[problem])
            if rule is None:
                k, correct = n, next(iter(stops.values()))[problem][2]
            else:
                k, correct, _ = stops[rule][problem]
            seconds, decoded = simulate(tokens[problem], k, window, rate)
            right += correct
            spent += k
            wall += seconds
            used += decoded
        fixed_wall = fixed_wall or wall
        label = name + (f"/window={window}" if window else "")
        print(f"| {label} | {right} | {spent / len(largest):.2f} | {used:.0f} | {wall:.0f} | {wall / fixed_wall:.2f} |")


if __name__ == "__main__":
    main()
