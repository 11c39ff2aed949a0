"""Row values at run time (sqlite.org/rowvalue.html): ``(a, b) op (c, d)``, ``(a, b) IN
(SELECT x, y ...)`` and the terms of ``SET (a, b) = (SELECT ...)``, compiled into closures
``f(env)`` by ``ExpressionCompiler`` (expressions.py), which hands each node here.

A comparison goes term by term and stops where SQLite's codeVectorCompare stops, which
decides which terms run (and so which errors surface), measured against 3.54:
- ``=``: at the first pair that differs (0); a NULL pair makes the end result NULL
  without stopping; ``<>`` the same with the answers swapped;
- ``IS`` / ``IS NOT``: at the first pair that differs, NULL IS NULL counting as equal;
- ``<``, ``<=``, ``>``, ``>=``: at the first pair with a NULL (NULL) or that differs
  (the strict answer for that pair); the last pair answers with the operator itself.
A written row computes its terms only as they are reached; a subquery gives its whole
first row (NULLs when it has none) at once.
"""

from __future__ import annotations

import functools

from ...errors import OperationalError
from ..types import values as V
from .json_marks import json_unmarked, kept_positions
from .comparison_sides import TEXT_BESIDE_TEXT, beside_text, converter as _converter, deferred, \
    side_affinities

_STRICT = {"lt": "lt", "le": "lt", "gt": "gt", "ge": "gt"}
_TESTS = {"lt": lambda c: c < 0, "le": lambda c: c <= 0, "gt": lambda c: c > 0,
          "ge": lambda c: c >= 0}


class _Lazy:
    """The terms of a written row, each computed when first asked for."""
    __slots__ = ("env", "fns")

    def __init__(self, env, fns):
        self.env, self.fns = env, fns

    def __getitem__(self, i):
        return self.fns[i](self.env)


def row_side(compiler, expr):
    """``f(env)`` giving an indexable row of ``expr`` (a Row or a ScalarSubquery)."""
    from ..plan import bound as b
    if isinstance(expr, b.Row):
        fns = tuple(compiler.compile(item) for item in expr.items)
        return lambda env: _Lazy(env, fns)
    fetch = subquery_row(compiler, expr)
    if kept_positions(expr.query):      # compared plain (json_marks.py)
        return lambda env: tuple(map(json_unmarked, fetch(env)))
    return fetch


def subquery_row(compiler, sub):
    """``f(env)``: the first row of a subquery, or NULLs when it gives none; computed once
    per execution unless it is correlated."""
    run, query, state, correlated = compiler.run_subquery, sub.query, compiler.state, \
        sub.correlated
    empty = (None,) * len(query.columns)

    def fetch(env):
        if not correlated and id(query) in state.cache:
            return state.cache[id(query)]
        row = next(iter(run(query, env)), None)
        row = empty if row is None else tuple(row)
        if not correlated:
            state.cache[id(query)] = row
        return row
    return fetch


def compile_compare(compiler, e):
    """``(a, b) op (c, d)`` as a closure (module docstring). A compound subquery's terms
    take each pair's affinity themselves (comparison_sides.deferred)."""
    left, right = row_side(compiler, e.left), row_side(compiler, e.right)
    op, last = e.op, len(e.pairs) - 1
    terms = []
    deferred_pair = (deferred(e.left), deferred(e.right))
    for i, (collation, laff, raff) in enumerate(e.pairs):
        sides = side_affinities(laff, raff, deferred_pair)
        lconv, rconv = (_converter(a) for a in sides)
        test = _TESTS.get(op if i == last else _STRICT.get(op))
        order_of = functools.partial(V.compare, collation=collation)
        if TEXT_BESIDE_TEXT in sides:
            order_of = beside_text(order_of)
        terms.append((order_of, lconv, rconv, test))

    def row_compare(env):
        lrow, rrow = left(env), right(env)
        saw_null = False
        for i, (order_of, lconv, rconv, test) in enumerate(terms):
            a, c = lrow[i], rrow[i]
            if a is None or c is None:
                if op == "is" or op == "isnot":
                    if a is not None or c is not None:
                        return 0 if op == "is" else 1
                    continue
                if test is not None:
                    return None
                saw_null = True
                continue
            order = order_of(lconv(a) if lconv else a, rconv(c) if rconv else c)
            if test is not None:
                if order != 0 or i == last:
                    return int(test(order))
            elif order != 0:
                return 0 if op in ("eq", "is") else 1
        if op in ("is", "isnot"):
            return 1 if op == "is" else 0
        if saw_null:
            return None
        return 1 if op == "eq" else 0
    return row_compare


def compile_in(compiler, e):
    """``(a, b) [NOT] IN (SELECT x, y ...)``: 1 when a row of the subquery equals the
    operand term by term; else NULL when one might (every pair equal or holding a NULL),
    else 0 -- and 0 for no rows at all, whatever the operand."""
    operand = row_side(compiler, e.operand)
    n = len(e.pairs)
    converters = [_converter(affinity) for _, affinity in e.pairs]
    collations = [collation for collation, _ in e.pairs]
    keys = [V.sort_key_function(collation) for collation in collations]
    run, query, state, correlated, negated = compiler.run_subquery, e.query, compiler.state, \
        e.correlated, e.negated

    def converted(row):
        return tuple(v if v is None or conv is None else conv(v)
                     for v, conv in zip(row, converters))

    def build(env):
        found, complete, with_nulls = set(), [], []
        for row in run(query, env):
            row = converted(row)
            if None in row:
                with_nulls.append(row)
            else:
                complete.append(row)
                found.add(tuple(key(v) for key, v in zip(keys, row)))
        return found, complete, with_nulls
    build = compiler.per_outer_values(e, build)

    def may_equal(values, row) -> bool:
        return all(v is None or r is None or V.compare(v, r, collation) == 0
                   for v, r, collation in zip(values, row, collations))

    def member(env):
        if correlated:
            found, complete, with_nulls = build(env)
        else:
            cached = state.cache.get(id(query))
            if cached is None:
                cached = state.cache[id(query)] = build(env)
            found, complete, with_nulls = cached
        side = operand(env)
        values = converted([side[i] for i in range(n)])
        if not complete and not with_nulls:
            return 0
        if None not in values:
            if tuple(key(v) for key, v in zip(keys, values)) in found:
                return 1
            candidates = with_nulls
        else:
            candidates = complete + with_nulls
        return None if any(may_equal(values, row) for row in candidates) else 0

    if not negated:
        return member
    return lambda env: None if (v := member(env)) is None else 1 - v


def compile_row(compiler, e):
    """A row where one value is wanted: the binder refuses it (sql/bind/bind_rows.py); one that
    escapes its check (as an aggregate's or a window's argument) is refused here."""
    raise OperationalError("row value misused")


def check_one_column(query) -> None:
    if len(query.columns) != 1:             # as compile_row, for a subquery's row
        raise OperationalError(f"sub-select returns {len(query.columns)} columns - expected 1")


def compile_column(compiler, e, marked: bool = False):
    """Term ``index`` of ``SET (a, b, ...) = (SELECT ...)``: the first term fetches the row
    (the assignments run in order), the others read it; an ``alone`` term fetches it
    itself (``subquery_row`` keeps an uncorrelated subquery's row for the execution).
    ``marked``: the value as the row holds it, perhaps with the JSON subtype it keeps
    (``json_marks.kept_positions``), for ``json_argument``; plain otherwise."""
    f = _row_column(compiler, e)
    if not marked and e.index in kept_positions(e.subquery.query):
        return lambda env: json_unmarked(f(env))
    return f


def _row_column(compiler, e):
    fetch = subquery_row(compiler, e.subquery)
    if e.alone:
        return lambda env, index=e.index: fetch(env)[index]
    cell = compiler.row_cells.setdefault(id(e.subquery.query), [None])
    index = e.index
    if index == 0:
        def first(env):
            cell[0] = row = fetch(env)
            return row[0]
        return first
    return lambda env: (cell[0] if cell[0] is not None else fetch(env))[index]
