"""The memory target: how much resident memory each child row costs an engine.

``rss_growth`` runs in a fresh worker process: it builds the schema and the parents in
``:memory:``, reads the resident set size (``/proc/self/statm``), loads the children with
``executemany`` in one transaction, collects garbage and reads it again. The children are
generated while they are inserted, so the only memory still held afterwards is what the
engine keeps (a list of the input rows would be counted for neither, but RowanDB would
share its strings with it). Issue 12's target: RowanDB's bytes per row at most 5x SQLite's,
after 1M children.
"""

from __future__ import annotations

import gc
import os
import random
import resource

from .workloads import SCHEMA, Database, Stopwatch, child_rows, parent_rows


def resident_bytes() -> int:
    """The resident set size now (Linux); else the peak (``ru_maxrss``, KiB)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def rss_growth(engine: str, children: int) -> dict:
    db = Database(engine, ":memory:")
    parents = max(1, children // 10)
    db.query("BEGIN")
    for statement in SCHEMA:
        db.query(statement)
    db.executemany("INSERT INTO parent VALUES (?, ?, ?)", parent_rows(parents))
    db.query("COMMIT")
    gc.collect()
    before = resident_bytes()
    watch = Stopwatch()
    db.query("BEGIN")
    db.executemany("INSERT INTO child VALUES (?, ?, ?, ?, ?)",
                   child_rows(random.Random(12), children, parents))
    db.query("COMMIT")
    seconds = watch.stop()
    gc.collect()
    grown = resident_bytes() - before
    result = db.query("SELECT count(*), sum(qty) FROM child")
    db.close()
    return {"bytes_per_row": grown / children, "rss_growth": grown, "children": children,
            "load": seconds, "result": result}
