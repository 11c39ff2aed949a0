"""count(*) over a filtered table scan, counted in the scan's own loop.

An aggregate query whose every call is a plain ``count(*)`` (no argument, FILTER,
DISTINCT or ORDER BY, not the connection's own ``count``) and whose FROM is one table read
by a filtered scan (``NodeCompiler._filtered_scan``) needs of each row only whether it
passes the WHERE: the general loop resumes the scan's generator for each row that
passes and calls each call's feed and step. Here the scan's loop counts the rows that pass
itself. select3's correlated subqueries (``(SELECT count(*) FROM t1 AS x WHERE
x.b<t1.b)``) run such a loop once per row of the query around them.

What the loop does is the filtered scan's, row for row: the same rows in the same order,
the progress handler ticked per row, the row and rowid put in the environment before the
WHERE is tested (an error raised at the same row), and the first row that passes kept for
the bare columns as ``aggregate._first_rows`` keeps it; the table's last row is left in
the environment, as the scan leaves it, before the result row's values are written.
"""

from __future__ import annotations

from ..types import values as V
from .fast_counts import COUNTS


def counting(parts: tuple, state):
    """``counted(env, snap) -> (rows passing, snap(env) at the first of them or None)``
    for the filtered scan whose ``counting`` is ``parts``: (store, table, reverse, slot,
    WHERE test), what ``NodeCompiler._filtered_scan`` notes on its closure (its values
    only, so a scan no count reads keeps no closure more)."""
    from .execute import _table_rows        # execute.py imports this module's importer
    store, table, reverse, slot, pred = parts
    rowid_slot = slot + 1

    def counted(env, snap, pred=pred, truth=V.truth):
        progress = state.progress
        n, snapshot = 0, None
        for rowid, record in _table_rows(store, table, reverse):
            if progress.armed:
                progress.tick()
            env[slot] = record
            env[rowid_slot] = rowid
            v = pred(env)
            if v is not None and (v != 0 if type(v) is int else truth(v)):
                if snapshot is None:
                    snapshot = snap(env)
                n += 1
        return n, snapshot
    return counted


def count_all(child, specs: list, plain_count, snap, emit_values, state):
    """The run of an aggregate without GROUP BY whose every call is a plain count(*) over
    ``child``, a filtered scan (one that notes its ``counting``); None for any other."""
    parts = getattr(child, "counting", None)
    if parts is None or not specs or not all(plain_count(spec) for spec in specs):
        return None
    COUNTS["counted_scan"] += 1             # counted when compiled, not per run
    counted, calls = counting(parts, state), len(specs)

    def aggregate_count(env):
        n, snapshot = counted(env, snap)
        emit_values(env, [n] * calls, snapshot)
        yield None
    return aggregate_count
