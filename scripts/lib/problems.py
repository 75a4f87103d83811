"""Writes the first COUNT problems of a JSONL dataset to WORK/problem-<i>.txt, one file each."""
import json
import sys

path, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path) as f:
    for index, line in enumerate(f):
        if index >= count:
            break
        with open(f"{work}/problem-{index}.txt", "w") as out:
            out.write(json.loads(line)["problem"])
