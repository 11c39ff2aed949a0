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

A Sort whose rows arrive ordered by its first keys (``Sort.presorted``: an index read in
order) sorts each run of rows equal in those keys on its own and hands it on before
reading the next, so a LIMIT stops the reading early.
"""

from __future__ import annotations

import heapq
from operator import itemgetter

from ..plan import bound as b
from ..plan import logical as L
from ..plan.expr_compare import same
from ..types import values as V
from .join import _recorder
from .topk import deferrable, top_rows

#: False sorts every projected row (tests compare that general path with ``topk.py``).
TOPK = True


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
    node, distinct, collations, adjacent = n.child, False, (), False
    if isinstance(node, L.Distinct):
        node, distinct, collations, adjacent = node.child, True, node.collations, node.adjacent
    source = nc.node(node.child)
    cols = [nc.expr(c) for c in node.columns]
    specs = [(k[1], k[2], k[3]) for k in n.keys]
    order = sorter(specs)
    if TOPK and not n.presorted and not distinct and deferrable(node.columns):
        # plain reads only: a key that is a result column is as cheap to read again
        keys = [(nc.expr(k[0]), *key_parts(*spec)) for k, spec in zip(n.keys, specs)]
        return top_rows(source, cols, keys, specs, order, _recorder(node.child),
                        _scanned_key(nc, node.child, n.keys))
    keys = [(_key(nc, node.columns, k[0]), *key_parts(*spec)) for k, spec in zip(n.keys, specs)]
    flat_rows = _flat_rows(source, cols, keys, V.row_key_function(collations) if distinct else None,
                           adjacent)
    last = len(keys)
    if n.presorted:
        return _partial_sort(flat_rows, order, last, n.presorted)

    def sort(env, top: int | None = None):
        for flat in order(list(flat_rows(env)), top):
            yield flat[last]
    return sort


def _scanned_key(nc, source: L.Node, keys):
    """(rows(), state, column) when ``source`` is a table scan and the only key a plain
    column of it (``topk.py`` then reads the table in place), else None."""
    from .execute import _table_rows        # execute.py imports this module
    key = keys[0][0] if len(keys) == 1 else None
    if not (isinstance(source, L.Scan) and source.table.virtual is None
            and isinstance(key, b.ColumnRef) and key.slot == source.slot
            and key.column >= 0 and not key.json):
        return None
    store, table, reverse = nc.store, source.table, source.reverse
    return (lambda: _table_rows(store, table, reverse)), nc.state, key.column


class _Column(int):
    """A sort key that is result column number ``self`` (see ``_result_column``)."""


def _result_column(columns: tuple, key):
    """The result column an ORDER BY key is the same expression as (``ORDER BY 1``, an
    alias, or the expression written again), as a ``_Column``; None if none. SQLite sorts
    by that column's value, computed once (resolve.c resolveOrderByTermToExprList), so
    ``SELECT random() ... ORDER BY random()`` comes out sorted and a costly column is not
    computed twice."""
    for i, column in enumerate(columns):
        if column is key or same(column, key, None, None):
            return _Column(i)
    return None


def _key(nc, columns: tuple, expr):
    column = _result_column(columns, expr)
    return nc.expr(expr) if column is None else column


def _flat_rows(source, cols, keys, distinct_key, adjacent: bool = False):
    """``rows(env)``: each row of ``source`` as ``(key..., result row)``, a result row equal
    to an earlier one (under ``distinct_key``, when given; with ``adjacent``, to the one
    just before: ``Distinct.adjacent``) left out. A key that is a result column (a
    ``_Column``) takes that column's value."""
    getters = [(lambda env, out, i=k: out[i]) if isinstance(k, _Column) else
               (lambda env, out, k=k: k(env)) for k, _, _ in keys]
    keys = [(g, sort_key, null) for g, (_, sort_key, null) in zip(getters, keys)]

    def rows(env):
        seen = set()
        for _ in source(env):
            out = tuple([c(env) for c in cols])
            if distinct_key is not None:
                marker = distinct_key(out)
                if marker in seen:
                    continue
                if adjacent:            # only the row before counts
                    seen = {marker}
                else:
                    seen.add(marker)
            yield (*[null if (v := k(env, out)) is None else sort_key(v)
                     for k, sort_key, null in keys], out)
    return rows


def _partial_sort(flat_rows, order, last: int, presorted: int):
    """The sort of rows that arrive ordered by their first ``presorted`` keys: each run of
    rows equal in those keys is sorted alone and handed on before the next run is read, so
    a LIMIT above stops reading at the run that fills it."""
    def sort(env, top: int | None = None):
        run, head = [], None
        for flat in flat_rows(env):
            if flat[:presorted] != head:
                for done in order(run, None):
                    yield done[last]
                run, head = [], flat[:presorted]
            run.append(flat)
        for done in order(run, None):
            yield done[last]
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
