"""Running a table-valued function in FROM (``logical.FunctionScan``).

At each start of the scan -- once per outer row when its arguments read an outer FROM
item, as SQLite's nested loop calls xFilter again -- the arguments are evaluated and the
function's rows fill the item's slot: visible columns, then hidden ones. The rowid is the
function's own row counter (``rowid_base``: pragma functions count from 1, json_each and
json_tree from 0, as SQLite's do).
"""

from __future__ import annotations


def compile_function_scan(nc, n):
    slot, function, state = n.slot, n.function, nc.state
    nc._use_slot(slot)
    args = [nc.expr(a) for a in n.args]
    rowid_slot, base = slot + 1, function.rowid_base

    def function_scan(env):
        values = tuple(f(env) for f in args)
        for rowid, row in enumerate(function.rows(state.session, values), base):
            env[slot] = row
            env[rowid_slot] = rowid
            yield None
    return function_scan
