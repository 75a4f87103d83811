#!/usr/bin/env python3
"""Grades benchmark pairs with `ponder grade --jsonl` and with HuggingFace math-verify, then reports
agreement (overall, by source, category and answer convention), disagreements by kind, and speed.
Usage: bench.py PAIRS_JSONL PONDER_BINARY OUT_DIR
"""
import collections
import json
import re
import statistics
import subprocess
import sys
import time


def wrap(answer, is_text=False):
    """math-verify extracts LaTeX from delimiters: bare answers get `$…$`; model output (`is_text`, or
    with `\\boxed` or an unescaped `$`) is passed as is. An escaped dollar `\\$` is part of a bare answer."""
    if is_text or "\\boxed" in answer or re.search(r"(?<!\\)\$", answer):
        return answer
    return f"${answer}$"


def run_math_verify(pairs):
    started = time.perf_counter()
    from math_verify import parse, verify
    imported = time.perf_counter()
    verdicts, errors = [], 0
    for pair in pairs:
        try:
            gold = parse(wrap(pair["gold"]))
            pred = parse(wrap(pair["pred"], pair.get("pred_is_text", False)))
            verdicts.append(bool(verify(gold, pred)))
        except Exception:
            errors += 1
            verdicts.append(False)
    finished = time.perf_counter()
    return verdicts, finished - imported, imported - started, errors


def run_ponder(binary, pairs_path, repeats=3):
    timings, output = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = subprocess.run([binary, "grade", "--jsonl", pairs_path], capture_output=True, text=True, check=True)
        timings.append(time.perf_counter() - started)
        output = result.stdout
    rows = [json.loads(line) for line in output.splitlines() if line.strip()]
    return ([row["correct"] for row in rows], [row["extracted"] for row in rows], [row.get("rule", "") for row in rows],
            statistics.median(timings), timings)


def rate(k, total):
    return f"{k}/{total} = {100.0 * k / total:.2f}%" if total else "n/a"


def percent(k, total):
    return f"{100.0 * k / total:.1f}%" if total else "n/a"


def main():
    pairs_path, binary, out_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    pairs = [json.loads(line) for line in open(pairs_path, encoding="utf-8")]
    n = len(pairs)

    ponder, extracted, rules, ponder_seconds, ponder_runs = run_ponder(binary, pairs_path)
    mv, mv_seconds, mv_import_seconds, mv_errors = run_math_verify(pairs)
    assert len(ponder) == n and len(mv) == n

    labels = [p["label"] for p in pairs]
    reference = [i for i in range(n) if labels[i] == mv[i]]
    agree_on_reference = sum(ponder[i] == labels[i] for i in reference)

    print(f"pairs: {n} ({sum(labels)} intended equal, {n - sum(labels)} not)")
    print(f"ponder vs intended label:       {rate(sum(ponder[i] == labels[i] for i in range(n)), n)}")
    print(f"math-verify vs intended label:  {rate(sum(mv[i] == labels[i] for i in range(n)), n)}  (errors: {mv_errors})")
    print(f"ponder vs math-verify:          {rate(sum(ponder[i] == mv[i] for i in range(n)), n)}")
    print(f"references agree on {len(reference)} pairs; ponder agrees with them on {rate(agree_on_reference, len(reference))}")
    print()

    def table(field, title):
        groups = collections.defaultdict(list)
        for i, pair in enumerate(pairs):
            groups[pair.get(field, "")].append(i)
        print(f"by {title}:")
        print(f"  {'':26} {'pairs':>6} {'refs agree':>10} {'ponder on those':>16} {'ponder=label':>13} "
              f"{'mv=label':>9} {'ponder=mv':>10}")
        summary = {}
        for key, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            agreed = [i for i in items if labels[i] == mv[i]]
            on_agreed = sum(ponder[i] == labels[i] for i in agreed)
            row = {
                "pairs": len(items), "reference_pairs": len(agreed), "ponder_on_reference": on_agreed,
                "ponder_vs_label": sum(ponder[i] == labels[i] for i in items),
                "math_verify_vs_label": sum(mv[i] == labels[i] for i in items),
                "ponder_vs_math_verify": sum(ponder[i] == mv[i] for i in items),
            }
            summary[key] = row
            print(f"  {key:26} {len(items):>6} {len(agreed):>10} {percent(on_agreed, len(agreed)):>16} "
                  f"{percent(row['ponder_vs_label'], len(items)):>13} {percent(row['math_verify_vs_label'], len(items)):>9} "
                  f"{percent(row['ponder_vs_math_verify'], len(items)):>10}")
        print()
        return summary

    by_source = table("source", "source (generated: bare answers; styled: written as a model would; real: model outputs)")
    by_category = table("category", "category")
    by_convention = table("convention", "answer convention")

    rule_counts = collections.Counter((pairs[i].get("convention", ""), rules[i]) for i in range(n)
                                      if pairs[i].get("source") != "generated")
    print("extraction rule by convention (model-style predictions):")
    for (convention, rule), count in sorted(rule_counts.items()):
        print(f"  {convention:26} {rule:18} {count}")
    print()

    def group(indices, title):
        by_kind = collections.defaultdict(list)
        for i in indices:
            by_kind[(pairs[i]["kind"], labels[i])].append(i)
        print(f"{title}: {len(indices)}")
        for (kind, label), items in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
            print(f"  {kind} (intended {'equal' if label else 'unequal'}): {len(items)}")
            seen = set()
            for i in items:
                key = (pairs[i]["gold"], pairs[i]["pred"])
                if key in seen:
                    continue
                seen.add(key)
                print(f"    gold={pairs[i]['gold']!r} pred={pairs[i]['pred'][-160:]!r} "
                      f"ponder={ponder[i]} math-verify={mv[i]} extracted={extracted[i]!r} rule={rules[i]}")
                if len(seen) >= 6:
                    break
        print()

    group([i for i in reference if ponder[i] != labels[i]], "ponder differs from both references")
    group([i for i in range(n) if labels[i] != mv[i]], "references disagree (math-verify differs from the intended label)")

    ponder_rate = n / ponder_seconds
    mv_rate = n / mv_seconds
    print(f"ponder:      {ponder_rate:,.0f} pairs/s ({ponder_seconds:.3f} s for {n}, whole process incl. start-up;"
          f" runs {', '.join(f'{t:.3f}' for t in ponder_runs)} s, median used)")
    print(f"math-verify: {mv_rate:,.0f} pairs/s ({mv_seconds:.1f} s grading loop, import {mv_import_seconds:.1f} s not counted)")
    print(f"speed ratio: ponder is {ponder_rate / mv_rate:,.0f}x faster")

    summary = {
        "pairs": n, "reference_pairs": len(reference), "ponder_agreement_on_reference": agree_on_reference / len(reference),
        "ponder_vs_label": sum(ponder[i] == labels[i] for i in range(n)) / n,
        "math_verify_vs_label": sum(mv[i] == labels[i] for i in range(n)) / n,
        "ponder_vs_math_verify": sum(ponder[i] == mv[i] for i in range(n)) / n,
        "ponder_pairs_per_second": ponder_rate, "math_verify_pairs_per_second": mv_rate,
        "speed_ratio": ponder_rate / mv_rate, "math_verify_errors": mv_errors,
        "by_source": by_source, "by_category": by_category, "by_convention": by_convention,
    }
    with open(f"{out_dir}/summary.json", "w") as handle:
        json.dump(summary, handle, indent=2)
    with open(f"{out_dir}/verdicts.jsonl", "w") as handle:
        for i, pair in enumerate(pairs):
            handle.write(json.dumps({**pair, "ponder": ponder[i], "math_verify": mv[i], "extracted": extracted[i],
                                     "rule": rules[i]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
