"""Running ORDER BY: sorting projected rows by keys computed while their slots are filled.

Each row's keys are mapped once, when the row is collected, to values Python can order
(``values.sort_key`` under the key's collation; NULL below or above every value by
``key_parts``: first when ascending and last when descending unless NULLS FIRST / NULLS
LAST says otherwise). Rows are stored flat as
``(key_1, ..., key_n, row)`` so that sorting uses C-level ``itemgetter`` keys: one sort
when every key has the same direction, otherwise successive stable sorts, last key first.

Under a LIMIT the executor passes ``top`` (offset + limit) and only the first ``top`` rows
are produced: ``heapq.nsmallest`` / ``nlargest`` (documented to equal ``sorted(...)[:n]``,
ties included) when the directions agree; with mixed directions the rows whose first key
cannot reach the first ``top`` places are dropped before the full sort.
"""

from __future__ import annotations

import heapq
from operator import itemgetter

from ..plan import logical as L
from ..types import values as V


_NULL_LOW, _NULL_HIGH = (0,), (4,)       # around sort_key's (1, n) (2, text) (3, blob)


def key_parts(desc: bool, nulls_first: bool, collation: str):
    """(sort key function for non-NULL values, the key NULL gets). NULL's key is below
    every value's, or above when ``nulls_first == desc`` (a DESC key is sorted reversed,
    so a low NULL key puts NULLs last there, as SQLite's default DESC order does)."""
    null_high = nulls_first == desc
    return V.sort_key_function(collation), (_NULL_HIGH if null_high else _NULL_LOW)


def sorter(specs: list):
    """``order(rows, top)``: sorted flat rows ``(key..., row)``, only the first ``top``
    when ``top`` is not None. ``specs`` are ``(desc, nulls_first, collation)``."""
    count = len(specs)
    directions = {desc for desc, _, _ in specs}
    all_keys = itemgetter(*range(count)) if count > 1 else itemgetter(0)

    def full(rows: list) -> list:
        if len(directions) == 1:
            rows.sort(key=all_keys, reverse=specs[0][0])
            return rows
        for i in reversed(range(count)):
            rows.sort(key=itemgetter(i), reverse=specs[i][0])
        return rows

    def order(rows: list, top: int | None) -> list:
        if top is None or top >= len(rows):
            return full(rows)
        if top <= 0:
            return []
        if len(directions) == 1:
            pick = heapq.nlargest if specs[0][0] else heapq.nsmallest
            return pick(top, rows, key=all_keys)
        first_desc = specs[0][0]
        firsts = (heapq.nlargest if first_desc else heapq.nsmallest)(top, [r[0] for r in rows])
        bound = firsts[-1]
        if first_desc:
            rows = [r for r in rows if r[0] >= bound]
        else:
            rows = [r for r in rows if r[0] <= bound]
        return full(rows)[:top]
    return order


def compile_sort(nc, n: L.Sort):
    node, distinct, collations = n.child, False, ()
    if isinstance(node, L.Distinct):
        node, distinct, collations = node.child, True, node.collations
    source = nc.node(node.child)
    cols = [nc.expr(c) for c in node.columns]
    keys = [(nc.expr(k[0]), *key_parts(k[1], k[2], k[3])) for k in n.keys]
    order = sorter([(k[1], k[2], k[3]) for k in n.keys])
    distinct_key = V.row_key_function(collations)
    last = len(keys)

    def sort(env, top: int | None = None):
        rows = []
        seen = set()
        for _ in source(env):
            out = tuple([c(env) for c in cols])
            if distinct:
                marker = distinct_key(out)
                if marker in seen:
                    continue
                seen.add(marker)
            rows.append((*[null if (v := k(env)) is None else sort_key(v)
                           for k, sort_key, null in keys], out))
        for flat in order(rows, top):
            yield flat[last]
    return sort


def compile_result_sort(nc, n: L.ResultSort):
    child = nc.node(n.child)
    keys = [(k[0], *key_parts(k[1], k[2], k[3])) for k in n.keys]
    order = sorter([(k[1], k[2], k[3]) for k in n.keys])
    last = len(keys)

    def sort(env, top: int | None = None):
        rows = [(*[null if (v := row[p]) is None else sort_key(v) for p, sort_key, null in keys],
                 row) for row in child(env)]
        for flat in order(rows, top):
            yield flat[last]
    return sort
