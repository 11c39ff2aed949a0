"""Running a table-valued function in FROM (``logical.FunctionScan``).

At each start of the scan -- once per outer row when its arguments read an outer FROM
item, as SQLite's nested loop calls xFilter again -- the arguments are evaluated and the
function's rows fill the item's slot: visible columns, then hidden ones. The rowid is the
function's own row counter (``rowid_base``: pragma functions count from 1, json_each and
json_tree from 0, as SQLite's do).
"""

from __future__ import annotations

from ..types import values as V


def compile_function_scan(nc, n):
    slot, function, state = n.slot, n.function, nc.state
    nc._use_slot(slot)
    args = [nc.expr(a) for a in n.args]
    listed = [nc.expr(a) for a in n.in_list] if n.in_list is not None else None
    rowid_slot, base = slot + 1, function.rowid_base

    def function_scan(env):
        rest = tuple(f(env) for f in args)
        progress = state.progress
        for values in _each_first(listed, env, rest):
            for rowid, row in enumerate(function.rows(state.session, values), base):
                if progress.armed:
                    progress.tick()
                env[slot] = row
                env[rowid_slot] = rowid
                yield None
    return function_scan


def _each_first(listed, env, rest: tuple):
    """The argument tuples of one start of the scan: ``rest`` alone, or, for ``first IN
    (list)``, each distinct non-NULL value of the list in SQLite's sort order (the
    ephemeral index SQLite walks) followed by ``rest``."""
    if listed is None:
        return [rest]
    distinct: dict = {}
    for f in listed:
        value = f(env)
        if value is not None:
            distinct.setdefault(V.sort_key(value), value)
    return [(distinct[key],) + rest for key in sorted(distinct)]
