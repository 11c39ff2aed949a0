"""Running a table-valued function in FROM (``logical.FunctionScan``).

At each start of the scan -- once per outer row when its arguments read an outer FROM
item, as SQLite's nested loop calls xFilter again -- the arguments are evaluated and the
function's rows fill the item's slot: visible columns, then hidden ones. The rowid is the
function's own row counter (``rowid_base``: pragma functions count from 1, json_each and
json_tree from 0, as SQLite's do).
"""

from __future__ import annotations

from ..plan import bound as b
from ..types import values as V


def compile_function_scan(nc, n):
    slot, function, state = n.slot, n.function, nc.state
    nc._use_slot(slot)
    listed = n.in_list or ()
    args = [_in_values(nc, a) if i in listed else nc.expr(a) for i, a in enumerate(n.args)]
    rowid_slot, base = slot + 1, function.rowid_base

    def function_scan(env):
        progress = state.progress
        for values in _argument_tuples(args, listed, env):
            for rowid, row in enumerate(function.rows(state.session, values), base):
                if progress.armed:
                    progress.tick()
                env[slot] = row
                env[rowid_slot] = rowid
                yield None
    return function_scan


def _in_values(nc, term):
    """``values(env)`` of ``hidden IN (...)``: the list's items or the subquery's rows'
    first values."""
    if isinstance(term, b.InSubquery):
        run, query = nc.exprs.run_subquery, term.query
        return lambda env: [row[0] for row in run(query, env)]
    items = [nc.expr(item) for item in term.items]
    return lambda env: [f(env) for f in items]


def _argument_tuples(args: list, listed: tuple, env) -> list:
    """The argument tuples of one start of the scan: one, or, for arguments that are
    ``hidden IN (...)``, one per combination of their distinct non-NULL values, each in
    SQLite's sort order (the ephemeral index SQLite walks), the first argument's the
    outer loop."""
    tuples = [()]
    for i, f in enumerate(args):
        if i not in listed:
            value = f(env)
            tuples = [t + (value,) for t in tuples]
            continue
        distinct: dict = {}
        for value in f(env):
            if value is not None:
                distinct.setdefault(V.sort_key(value), value)
        tuples = [t + (distinct[key],) for t in tuples for key in sorted(distinct)]
    return tuples
