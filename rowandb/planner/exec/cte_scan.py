"""Reading a common table expression: streamed from its inlined query, or materialized.

An inlined table (``plan/cte.py``) streams: each row its query produces goes straight into
the reading query's slot, so a query that stops early (a LIMIT, an EXISTS) stops the
common table's query too, and a recursive one runs in memory proportional to its queue.
A materialized table's rows are computed at its first read and kept in the execution's
``State.cache`` for every later read, as SQLite's MATERIALIZE subroutine runs once per
statement; a correlated one is computed again at every read.

An inlined table read more than once in an execution -- inside a correlated subquery,
which runs again for each outer row -- whose query reads nothing of the enclosing rows and
calls nothing volatile (``random()``) gives the same rows at every read. Its first read
streams them and keeps them when it reaches the end; a later read replays the kept rows, or
computes them whole once when the first read stopped early (an EXISTS). SQLite likewise
runs such a query once per statement (its OP_Once around a materialization or an automatic
index). Only the queries of ``Executable`` do this: they are computed whole before
anything is written, so the rows cannot change between reads; a DML statement's own
expressions may read rows it has written and run the query afresh.
"""

from __future__ import annotations

from ..optimizer.node_slots import has_volatile, reads_outside

#: Counts the reads answered from kept rows (tests prove the replay happens).
REPLAYS = [0]


def compile_cte_scan(nc, n):
    slot = n.slot
    nc._use_slot(slot)
    run = nc.node(n.plan)
    rowid = slot + 1
    if not n.materialize:
        if nc.state.replay_from and not reads_outside(n.plan) and not has_volatile(n.plan):
            return _replayed(nc.state, run, slot, ("once", id(n)))

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


def _replayed(state, run, slot, key):
    rowid = slot + 1

    def replayed(env):
        rows = state.cache.get(key)
        if rows is not None:
            REPLAYS[0] += 1
        elif key in state.cache:            # the first read stopped early
            rows = state.cache[key] = list(run(env))
        else:
            state.cache[key] = None
            kept = []
            for row in run(env):
                kept.append(row)
                env[slot] = row
                env[rowid] = None
                yield None
            state.cache[key] = kept
            return
        for row in rows:
            env[slot] = row
            env[rowid] = None
            yield None
    return replayed
