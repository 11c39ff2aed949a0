"""A WHERE term over a FROM subquery as SQLite copies it into one SELECT of that subquery.

SQLite's pushDownWhereTerms (select.c) copies a term into every SELECT of the subquery,
with each column of the subquery replaced by that SELECT's result expression (substExpr).
The copy keeps the column's collation -- substExpr puts the column's collating sequence
over the expression as an implicit one, so the copy compares under the collation the
outer test does -- but the expression brings its own affinity: a comparison whose
operand is such a column compares there under the SELECT's expression's affinity, which
in a compound may differ from the column's. So ``0 < c`` over ``SELECT CAST(0 AS TEXT)
AS c UNION ALL SELECT 1`` keeps one row (``0 < CAST(0 AS TEXT)`` is 0 in the first
SELECT), and ``typeof(c) = 'real'`` over ``SELECT r AS c FROM t UNION ALL SELECT 1``
(r REAL) keeps the first SELECT's rows only: the copy reads 1, the column 1.0.

``in_select`` makes that copy of a bound term: the bound nodes keep the collation the
binder worked out for them (it is the column's, as in SQLite's copy), and the affinity of
each operand that is one of the columns -- of a comparison, an IN list's left side, each
WHEN of ``CASE x WHEN``, each term of a row comparison, the left side of ``x IN
(SELECT ...)`` -- is asked again of the
expression that now stands there (``operand_types.affinity_of``).
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan.flatten import rewritten
from ..plan.operand_types import affinity_of


def in_select(term, slot: int, columns: tuple, plain: bool = False):
    """``term`` (over the columns of the FROM item in ``slot``) as copied into the SELECT
    whose result expressions are ``columns``. ``plain``: the columns stand there with no
    affinity of their own, whatever ``columns`` are (a co-routine of VALUES rows)."""
    def leaf(node):
        if isinstance(node, b.ColumnRef) and node.slot == slot and node.column >= 0:
            return columns[node.column]
        handler = _HANDLERS.get(type(node))
        return handler(node, copy, fit) if handler is not None else None

    def copy(node):
        return rewritten(node, leaf)

    def fit(old, new, bound):
        """The affinity of operand ``new`` (the copy of ``old``, bound with ``bound``)."""
        if not _stands_for_column(old, slot):
            return bound
        return None if plain else affinity_of(new)
    return copy(term)


def _stands_for_column(expr, slot: int) -> bool:
    """Whether ``expr``'s affinity as an operand is that of a column of ``slot`` (what
    affinity_of looks through: COLLATE, a USING column's coalesce())."""
    while True:
        if isinstance(expr, b.Collate):
            expr = expr.operand
        elif isinstance(expr, b.Function) and expr.using:
            expr = expr.args[0]
        else:
            return isinstance(expr, b.ColumnRef) and expr.slot == slot


def _compare(node: b.Compare, copy, fit):
    left, right = copy(node.left), copy(node.right)
    return dataclasses.replace(
        node, left=left, right=right,
        left_affinity=fit(node.left, left, node.left_affinity),
        right_affinity=fit(node.right, right, node.right_affinity))


def _in_list(node: b.InList, copy, fit):
    operand = copy(node.operand)
    return dataclasses.replace(node, operand=operand, items=tuple(map(copy, node.items)),
                               affinity=fit(node.operand, operand, node.affinity))


def _case(node: b.Case, copy, fit):
    operand = copy(node.operand) if node.operand is not None else None
    whens = tuple((copy(w), copy(t)) for w, t in node.whens)
    default = copy(node.default) if node.default is not None else None
    tests = node.tests
    if operand is not None and len(tests) == len(whens):
        tests = tuple((collation, fit(node.operand, operand, x),
                       fit(old[0], new[0], w))
                      for (collation, x, w), old, new in zip(tests, node.whens, whens))
    return dataclasses.replace(node, operand=operand, whens=whens, default=default,
                               tests=tests)


def _row_compare(node: b.RowCompare, copy, fit):
    left, right = copy(node.left), copy(node.right)
    if not (isinstance(node.left, b.Row) and isinstance(node.right, b.Row)):
        return dataclasses.replace(node, left=left, right=right)
    pairs = tuple((collation, fit(ol, nl, la), fit(orr, nr, ra))
                  for (collation, la, ra), ol, nl, orr, nr in zip(
                      node.pairs, node.left.items, left.items, node.right.items, right.items))
    return dataclasses.replace(node, left=left, right=right, pairs=pairs)


def _in_subquery(node: b.InSubquery, copy, fit):
    """``x IN (SELECT ...)`` of an uncorrelated subquery (``RowIn``'s pairs, made of both
    sides' affinities, stay: no row value is a FROM subquery's column)."""
    operand = copy(node.operand)
    if isinstance(node, b.RowIn):
        return dataclasses.replace(node, operand=operand)
    return dataclasses.replace(node, operand=operand,
                               affinity=fit(node.operand, operand, node.affinity))


_HANDLERS = {b.Compare: _compare, b.InList: _in_list, b.Case: _case,
             b.RowCompare: _row_compare, b.InSubquery: _in_subquery, b.RowIn: _in_subquery}
