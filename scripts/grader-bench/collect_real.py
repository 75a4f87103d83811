#!/usr/bin/env python3
"""Builds the real-output fixture of the grader benchmark from `ponder eval` databases.

For every candidate in the databases: the problem id, the model, the prompt style, the finish reason
and the last 600 characters of the output (from a line start when one is near), labelled by
math-verify against the gold answer read from the data files at run time. No gold answer is
written. Hand labels (HAND_LABELS below, keyed by problem id and the output's hash) replace
math-verify's where inspection of a disagreement with Ponder found it wrong.

Usage (math-verify's venv): collect_real.py MATH500_JSONL OUT_JSONL MODEL:STYLE:DB [MODEL:STYLE:DB ...]
"""
import hashlib
import json
import re
import sqlite3
import sys

from math_verify import parse, verify

TAIL = 600

# (problem id, sha1 of the stored text)[:12] -> (label, reason). Filled in by hand after inspecting
# disagreements between math-verify and Ponder; see docs/BENCHMARKS.md.
HAND_LABELS: dict[tuple[str, str], tuple[bool, str]] = {
    ("test/prealgebra/65.json", "5ad6b5536795"): (
        True, "the output ends with a display block holding 'Answer: <its answer>', which equals the gold; "
        "math-verify parses the block as LaTeX and finds no answer in it"),
}


def tail(text):
    if len(text) <= TAIL:
        return text
    cut = text[-TAIL:]
    newline = cut.find("\n")
    return cut[newline + 1:] if 0 <= newline < 200 else cut


def wrap(answer):
    return answer if "\\boxed" in answer or re.search(r"(?<!\\)\$", answer) else f"${answer}$"


def main():
    data, out, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
    golds = {}
    for line in open(data, encoding="utf-8"):
        row = json.loads(line)
        golds[row["id"]] = row["answer"]
    rows = []
    for source in sources:
        model, style, path = source.split(":", 2)
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        query = ("SELECT run.problem_id, candidate.position, candidate.text, candidate.finish_reason FROM candidate "
                 "JOIN run ON run.id = candidate.run_id ORDER BY run.problem_id, candidate.position")
        if db.execute("PRAGMA user_version").fetchone()[0] < 3:
            # Schema versions 1 and 2 (ponder before snake_case columns) named these columns in camelCase.
            for new, old in [("problem_id", "problemID"), ("finish_reason", "finishReason"), ("run_id", "runID")]:
                query = query.replace(new, old)
        for problem, position, text, finish in db.execute(query):
            text = tail(text)
            digest = hashlib.sha1(text.encode()).hexdigest()[:12]
            label = bool(verify(parse(wrap(golds[problem])), parse(text)))
            labelled_by = "math-verify"
            if (problem, digest) in HAND_LABELS:
                label, reason = HAND_LABELS[(problem, digest)]
                labelled_by = f"hand: {reason}"
            rows.append({"problem": problem, "model": model, "convention": style, "sample": position,
                         "finish": finish, "digest": digest, "label": label, "labelled_by": labelled_by,
                         "text": text})
    with open(out, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} outputs; {sum(r['label'] for r in rows)} labelled correct; "
          f"{sum(r['finish'] == 'length' for r in rows)} stopped at the length limit")


if __name__ == "__main__":
    main()
