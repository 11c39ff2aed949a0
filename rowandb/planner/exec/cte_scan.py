"""Reading a common table expression: streamed from its inlined query, or materialized.

An inlined table (``plan/cte.py``) streams: each row its query produces goes straight into
the reading query's slot, so a query that stops early (a LIMIT, an EXISTS) stops the
common table's query too, and a recursive one runs in memory proportional to its queue.
A materialized table's rows are computed at its first read and kept in the execution's
``State.cache`` for every later read, as SQLite's MATERIALIZE subroutine runs once per
statement; a correlated one is computed again at every read.
"""

from __future__ import annotations


def compile_cte_scan(nc, n):
    slot = n.slot
    nc._use_slot(slot)
    run = nc.node(n.plan)
    rowid = slot + 1
    if not n.materialize:
        def stream(env):
            for row in run(env):
                env[slot] = row
                env[rowid] = None
                yield None
        return stream
    state = nc.state
    key = ("cte", id(n.shared)) if n.shared is not None else None

    def materialized(env):
        if key is None:
            rows = list(run(env))
        else:
            rows = state.cache.get(key)
            if rows is None:
                rows = state.cache[key] = list(run(env))
        for row in rows:
            env[slot] = row
            env[rowid] = None
            yield None
    return materialized
