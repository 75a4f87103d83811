"""Estimates the wall time of adaptive majority's schedules (a stopping rule, with or without a window of samples in
flight) on samples stored by `ponder eval`, from the engine's decode rates at each batch size.

    python3 scripts/estimate-windows.py DB [--budget 8] [--rates 1:23.8,2:21.4,4:30.4,8:36.9]
        [--rules beta:0.8/give-up=0.5,...] [--windows all,1,2,4] [--ponder .build/debug/ponder]

A live benchmark of five problems measures wall time but not which schedule is best: its streamed samples are new
draws each run, and five problems are few. This replays every stored majority run instead. For each problem it
takes the first BUDGET samples of the largest majority run (in sample order, with their stored token counts and
answers), and for each rule and window it decides as a live search does in sample order (the rule sees samples
0..<k once all of them have finished; samples start in sample order, at most W in flight) while a simple model of the
engine decodes them: every sample in flight advances at the per-sequence rate of the current batch size,
`aggregate(B) / B`, with the aggregate rates measured by llama-batched-bench (`-npp 128 -ntg 128 -npl 1,2,4,8 -kvu
-pps`; linear in between). Prompt processing is left out (the prompt is shared and cached). Answers are grouped by
`ponder grade --no-percent-variants`, as the vote groups them; the voted answer's correctness is the stored one.

This is an estimate from measured rates, not a measurement: docs/BENCHMARKS.md compares it with live runs.
"""
import argparse
import json
import sqlite3
import subprocess
from math import comb


def beta_above(a, b, x):
    """P(X > x) for X ~ Beta(a, b) with whole a, b: P(Binomial(a + b - 1, x) <= a - 1)."""
    n = a + b - 1
    return sum(comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(a))


class Rule:
    """`beta:<threshold>[/give-up=S]`, as StoppingRule decides it (the Beta rule on the top two counts)."""

    def __init__(self, text):
        self.name = text
        head, *clauses = text.split("/")
        kind, threshold = head.split(":")
        assert kind == "beta", "the estimate knows the beta rule"
        self.threshold = float(threshold)
        self.share = None
        for clause in clauses:
            key, value = clause.split("=")
            assert key == "give-up", f"unknown clause {clause}"
            self.share = float(value)

    def stops(self, groups):
        """Whether the rule stops on the first k samples, given each one's answer group (None: no answer)."""
        counts = {}
        for group in groups:
            if group is not None:
                counts[group] = counts.get(group, 0) + 1
        top = sorted(counts.values(), reverse=True) + [0, 0]
        if beta_above(top[0] + 1, top[1] + 1, 0.5) >= self.threshold:
            return True
        k = len(groups)
        return self.share is not None and beta_above(1 + top[0], 1 + k - top[0], self.share) < 1 - self.threshold


def rates_from(text):
    points = sorted((int(b), float(r)) for b, r in (pair.split(":") for pair in text.split(",")))

    def aggregate(batch):
        for (b0, r0), (b1, r1) in zip(points, points[1:]):
            if b0 <= batch <= b1:
                return r0 + (r1 - r0) * (batch - b0) / (b1 - b0)
        return points[-1][1] if batch > points[-1][0] else points[0][1]

    return lambda batch: aggregate(batch) / batch


def simulate(tokens, groups, rule, window, rate):
    """Wall seconds, samples decided on and tokens decoded (cancelled samples' part included) for one problem under
    `rule` (None: the fixed budget) and `window`."""
    n = len(tokens)
    window = window or n
    remaining, running, finished = {}, [], set()
    clock, begun, shown = 0.0, 0, 0
    while True:
        while begun < n and len(running) < window:
            remaining[begun] = float(tokens[begun])
            running.append(begun)
            begun += 1
        if not running:
            return clock, n, sum(tokens)
        speed = rate(len(running))
        first = min(running, key=lambda i: remaining[i])
        step = remaining[first] / speed
        clock += step
        for i in running:
            remaining[i] -= step * speed
        running.remove(first)
        finished.add(first)
        while rule and shown in finished:
            shown += 1
            if shown < n and rule.stops(groups[:shown]):
                return clock, shown, sum(tokens[i] - remaining[i] for i in range(begun))


def group_answers(problems, ponder):
    """Each problem's answers as group numbers, pairs compared with `ponder grade` in one call."""
    pairs = []
    for answers in problems.values():
        distinct = sorted({a for a in answers if a is not None})
        pairs += [(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1 :]]
    lines = "".join(json.dumps({"gold": a, "pred": b}) + "\n" for a, b in pairs)
    out = subprocess.run(
        [ponder, "grade", "--jsonl", "-", "--no-percent-variants"], input=lines, capture_output=True, text=True,
        check=True)
    equal = {pair for pair, line in zip(pairs, out.stdout.splitlines()) if json.loads(line)["correct"]}
    grouped = {}
    for problem, answers in problems.items():
        representatives = []
        groups = []
        for answer in answers:
            if answer is None:
                groups.append(None)
                continue
            match = next(
                (i for i, r in enumerate(representatives) if r == answer or tuple(sorted((r, answer))) in equal), None)
            if match is None:
                representatives.append(answer)
                match = len(representatives) - 1
            groups.append(match)
        grouped[problem] = groups
    return grouped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--budget", type=int, default=8)
    parser.add_argument("--rates", default="1:23.8,2:21.4,4:30.4,8:36.9")
    parser.add_argument("--rules", default="beta:0.8/give-up=0.5,beta:0.8/give-up=0.6,beta:0.9/give-up=0.5")
    parser.add_argument("--windows", default="all,1,2,4")
    parser.add_argument("--ponder", default=".build/debug/ponder")
    args = parser.parse_args()
    rate = rates_from(args.rates)
    db = sqlite3.connect(args.db)
    runs = db.execute(
        "SELECT problem_id, id FROM run WHERE strategy = 'majority' AND verifier = 'none' AND budget >= ? "
        "ORDER BY problem_id, budget", (args.budget,)).fetchall()
    largest = dict(runs)  # the largest budget's run of each problem
    tokens, answers, correct = {}, {}, {}
    for problem, run in largest.items():
        rows = db.execute(
            "SELECT generated_tokens, answer, correct FROM candidate WHERE run_id = ? ORDER BY position LIMIT ?",
            (run, args.budget)).fetchall()
        tokens[problem] = [row[0] for row in rows]
        answers[problem] = [row[1] for row in rows]
        correct[problem] = [bool(row[2]) for row in rows]
    groups = group_answers(answers, args.ponder)
    schedules = [("fixed", None, None)] + [
        (rule, Rule(rule), None if window == "all" else int(window))
        for rule in args.rules.split(",") for window in args.windows.split(",")]
    print(f"{len(largest)} problems, the first {args.budget} samples of each; rates {args.rates} (tok/s at B)")
    print("| schedule | right | samples decided on | tokens decoded | estimated wall s | ratio to fixed |")
    print("| --- | --- | --- | --- | --- | --- |")
    fixed_wall = None
    for name, rule, window in schedules:
        right = spent = used = wall = 0
        for problem in largest:
            seconds, k, decoded = simulate(tokens[problem], groups[problem], rule, window, rate)
            votes = {}
            for position, group in enumerate(groups[problem][:k]):
                if group is not None:
                    votes.setdefault(group, []).append(position)
            if votes:  # the most votes; a tie goes to the answer seen first
                winner = max(votes.values(), key=lambda members: (len(members), -members[0]))
                right += correct[problem][winner[0]]
            spent += k
            wall += seconds
            used += decoded
        fixed_wall = fixed_wall or wall
        label = name if rule is None else f"{name}" + (f"/window={window}" if window else "")
        print(f"| {label} | {right} | {spent / len(largest):.2f} | {used:.0f} | {wall:.0f} | {wall / fixed_wall:.2f} |")


if __name__ == "__main__":
    main()
