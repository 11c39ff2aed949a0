"""Reading a common table expression: streamed from its inlined query, or materialized.

An inlined table (``plan/cte.py``) streams: each row its query produces goes straight into
the reading query's slot, so a query that stops early (a LIMIT, an EXISTS) stops the
common table's query too, and a recursive one runs in memory proportional to its queue.
A materialized table's rows are computed at its first read and kept in the execution's
``State.cache`` for every later read, as SQLite's MATERIALIZE subroutine runs once per
statement; a correlated one is computed again at every read.

An inlined table read more than once in an execution -- inside a correlated subquery,
which runs again for each outer row -- whose query reads nothing of the enclosing rows and
calls nothing volatile (``random()``), or that SQLite materializes (``CteScan.once``,
plan/materialized_once.py: its OP_Once fills the table whole at the first read, volatile
functions and all), gives the same rows at every read. Its first read
streams them and keeps them when it reaches the end; a later read replays the kept rows, or
computes them whole once when the first read stopped early (an EXISTS). With equality keys
between the view's columns and the outer row (``CteScan.probe``, optimizer/replay_keys.py),
the rows are computed whole at the first read and kept in a dict by those keys; every read
visits only the rows of the outer row's key, in their order. SQLite likewise runs such a
query once per statement (its OP_Once around a materialization or an automatic index). Only the queries of ``Executable`` do this: they are computed whole before
anything is written, so the rows cannot change between reads; a DML statement's own
expressions may read rows it has written and run the query afresh.
"""

from __future__ import annotations

from ..optimizer.node_slots import has_volatile, reads_outside
from .join import key_function
from .json_marks import marks_kept

#: Counts the reads answered from kept rows (tests prove the replay happens).
REPLAYS = [0]
#: Counts the reads answered from kept rows keyed by ``CteScan.probe``.
PROBES = [0]


def compile_cte_scan(nc, n):
    slot = n.slot
    nc._use_slot(slot)
    run = nc.node(marks_kept(n.plan) if n.flat and not n.materialize else n.plan)
    rowid = slot + 1
    if not n.materialize:
        volatile = has_volatile(n.plan)
        if nc.state.replay_from and not reads_outside(n.plan) and (n.once or n.probe or not volatile):
            if n.probe:
                return _probed(nc, n, run)
            return _replayed(nc.state, run, slot, ("once", id(n)), n.once and volatile)

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


def _replayed(state, run, slot, key, whole: bool = False):
    """``whole``: compute every row at the first read, as SQLite fills a materialized
    table before reading it (what its volatile functions are called for shows it)."""
    rowid = slot + 1

    def replayed(env):
        rows = state.cache.get(key)
        if rows is not None:
            REPLAYS[0] += 1
        elif whole or key in state.cache:   # the first read stopped early
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


def _probed(nc, n, run):
    """The rows of ``n`` whose ``probe`` keys equal the outer row's, from a dict of the
    rows built at the first read of the execution."""
    slot, state, key = n.slot, nc.state, ("probe", id(n))
    rowid = slot + 1
    probe = n.probe
    outer_key = key_function([nc.expr(p[0]) for p in probe], [p[3][0] for p in probe],
                             [p[2] for p in probe])
    row_key = key_function([nc.expr(p[1]) for p in probe], [p[3][1] for p in probe],
                           [p[2] for p in probe])

    def probed(env):
        table = state.cache.get(key)
        if table is None:
            table = state.cache[key] = _keyed(run(env), env, slot, row_key)
        else:
            PROBES[0] += 1
        wanted = outer_key(env)
        if wanted is None:
            return
        for row in table.get(wanted, ()):
            env[slot] = row
            env[rowid] = None
            yield None
    return probed


def _keyed(rows, env, slot, row_key) -> dict:
    table: dict = {}
    for row in rows:
        env[slot] = row
        k = row_key(env)
        if k is not None:
            bucket = table.get(k)
            if bucket is None:
                table[k] = [row]
            else:
                bucket.append(row)
    return table
