"""Running ORDER BY: sorting projected rows by keys computed while their slots are filled.

Keys with different directions are applied as successive stable sorts, last key first.
NULLs go where SQLite puts them: first when ascending, last when descending, unless
NULLS FIRST / NULLS LAST says otherwise.
"""

from __future__ import annotations

from . import logical as L
from . import values as V


def _key_function(desc: bool, nulls_first: bool, collation: str):
    sort_key = V.sort_key_function(collation)
    null_high = nulls_first == desc

    if null_high:
        return lambda v: (1, ()) if v is None else (0, sort_key(v))
    return lambda v: (0, ()) if v is None else (1, sort_key(v))


def _sort_rows(rows: list, specs: list) -> None:
    """Sort ``(keys, row)`` pairs in place; specs are (desc, nulls_first, collation)."""
    for i in reversed(range(len(specs))):
        desc, nulls_first, collation = specs[i]
        key = _key_function(desc, nulls_first, collation)
        rows.sort(key=lambda pair: key(pair[0][i]), reverse=desc)


def compile_sort(nc, n: L.Sort):
    node, distinct = n.child, False
    if isinstance(node, L.Distinct):
        node, distinct = node.child, True
    source = nc.node(node.child)
    cols = [nc.expr(c) for c in node.columns]
    keys = [nc.expr(k[0]) for k in n.keys]
    specs = [(k[1], k[2], k[3]) for k in n.keys]
    row_key = V.sort_key

    def sort(env):
        rows = []
        seen = set()
        for _ in source(env):
            out = tuple([c(env) for c in cols])
            if distinct:
                marker = tuple([row_key(v) for v in out])
                if marker in seen:
                    continue
                seen.add(marker)
            rows.append((tuple([k(env) for k in keys]), out))
        _sort_rows(rows, specs)
        for _, out in rows:
            yield out
    return sort


def compile_result_sort(nc, n: L.ResultSort):
    child = nc.node(n.child)
    positions = [k[0] for k in n.keys]
    specs = [(k[1], k[2], k[3]) for k in n.keys]

    def sort(env):
        rows = [(tuple(row[p] for p in positions), row) for row in child(env)]
        _sort_rows(rows, specs)
        for _, row in rows:
            yield row
    return sort
