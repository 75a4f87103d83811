"""Keeps an evaluation database in the repository as compressed chunks, each holding the runs added since the last.

    python3 scripts/lib/kept_runs.py pack DB FOLDER     # the runs of DB not yet in FOLDER -> FOLDER/runs-NNN.sqlite.gz
    python3 scripts/lib/kept_runs.py unpack FOLDER DB   # every chunk of FOLDER, merged in order, into a new DB

The machine's disk does not outlive a session, and a database of 100 problems x a dozen series is tens of megabytes:
committing the whole file again after every block of runs would add a full copy to the history each time. A chunk
is a copy of the store (same schema, same version) with only the runs that no earlier chunk holds, so each commit
adds only what was run since. A run is identified by the store's unique key (dataset, problem, policy, verifier,
strategy, budget, seed, parameters), not by its row id, and unpacking renumbers the runs of each chunk after
those already merged, with their candidates, selections and costs.
"""
import glob
import gzip
import os
import shutil
import sqlite3
import sys
import tempfile

KEY = ["dataset", "problem_id", "policy", "verifier", "strategy", "budget", "seed", "parameters"]
CHILDREN = ["candidate", "selection", "cost"]


def chunks(folder):
    return sorted(glob.glob(os.path.join(folder, "runs-*.sqlite.gz")))


def keys(db):
    return {tuple(row) for row in db.execute(f"SELECT {', '.join(KEY)} FROM run")}


def columns(db, table, schema="main"):
    return [row[1] for row in db.execute(f"PRAGMA {schema}.table_info({table})")]


def unpacked(chunk, folder):
    path = os.path.join(folder, os.path.basename(chunk)[: -len(".gz")])
    with gzip.open(chunk, "rb") as source, open(path, "wb") as target:
        shutil.copyfileobj(source, target)
    return path


def merge(db, path):
    """Appends the runs of the store at `path` that `db` lacks, renumbered after db's, with their rows."""
    db.execute("ATTACH DATABASE ? AS chunk", (path,))
    run_columns = [c for c in columns(db, "run") if c != "id"]
    assert run_columns == [c for c in columns(db, "run", "chunk") if c != "id"], "chunks of one schema version"
    present = " AND ".join(f"m.{k} IS c.{k}" for k in KEY)
    fresh = f"NOT EXISTS (SELECT 1 FROM main.run m WHERE {present})"
    db.execute("CREATE TEMP TABLE fresh AS SELECT id FROM chunk.run c WHERE " + fresh)
    # The chunk's runs keep their order, numbered on from the last merged one.
    offset = db.execute(
        "SELECT coalesce((SELECT max(id) FROM main.run), 0) - coalesce((SELECT min(id) FROM fresh), 1) + 1"
    ).fetchone()[0]
    listed = ", ".join(run_columns)
    db.execute(
        f"INSERT INTO main.run (id, {listed}) SELECT id + ?, {listed} FROM chunk.run WHERE id IN (SELECT id FROM fresh)",
        (offset,))
    for table in CHILDREN:
        names = [c for c in columns(db, table) if c != "run_id"]
        listed = ", ".join(names)
        db.execute(
            f"INSERT INTO main.{table} (run_id, {listed}) SELECT run_id + ?, {listed} FROM chunk.{table} "
            "WHERE run_id IN (SELECT id FROM fresh)",
            (offset,))
    added = db.execute("SELECT count(*) FROM fresh").fetchone()[0]
    db.execute("DROP TABLE fresh")
    db.commit()
    db.execute("DETACH DATABASE chunk")
    return added


def unpack(folder, target):
    found = chunks(folder)
    if not found:
        sys.exit(f"No chunks (runs-NNN.sqlite.gz) in '{folder}'")
    if os.path.exists(target):
        sys.exit(f"Database '{target}' exists: unpack makes a new one")
    with tempfile.TemporaryDirectory() as work:
        shutil.copyfile(unpacked(found[0], work), target)
        db = sqlite3.connect(target)
        total = db.execute("SELECT count(*) FROM run").fetchone()[0]
        for chunk in found[1:]:
            total += merge(db, unpacked(chunk, work))
        db.close()
    print(f"{target}: {total} runs from {len(found)} chunks")


def pack(source, folder):
    os.makedirs(folder, exist_ok=True)
    found = chunks(folder)
    with tempfile.TemporaryDirectory() as work:
        kept = set()
        for chunk in found:
            db = sqlite3.connect(unpacked(chunk, work))
            kept |= keys(db)
            db.close()
        copy = os.path.join(work, "chunk.sqlite")
        # The backup API copies a consistent snapshot, also while an evaluation writes to the source.
        with sqlite3.connect(source) as live, sqlite3.connect(copy) as db:
            live.backup(db)
        db = sqlite3.connect(copy)
        db.execute("PRAGMA foreign_keys = ON")
        stale = [row[0] for row in db.execute(f"SELECT id, {', '.join(KEY)} FROM run") if tuple(row[1:]) in kept]
        db.executemany("DELETE FROM run WHERE id = ?", [(i,) for i in stale])
        db.commit()
        left = db.execute("SELECT count(*) FROM run").fetchone()[0]
        db.execute("VACUUM")
        db.close()
        if left == 0:
            print(f"Nothing to keep: every run of '{source}' is in '{folder}'")
            return
        name = os.path.join(folder, f"runs-{len(found) + 1:03d}.sqlite.gz")
        with open(copy, "rb") as plain, gzip.open(name, "wb", compresslevel=9) as packed:
            shutil.copyfileobj(plain, packed)
    print(f"{name}: {left} runs ({os.path.getsize(name) / 1e6:.1f} MB)")


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("pack", "unpack"):
        sys.exit(__doc__)
    (pack if sys.argv[1] == "pack" else unpack)(sys.argv[2], sys.argv[3])
