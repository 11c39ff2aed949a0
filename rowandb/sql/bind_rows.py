"""Row values (sqlite.org/rowvalue.html): ``(a, b) = (1, 2)``, ``<`` and the other
comparisons, BETWEEN, ``IN (SELECT x, y ...)``, ``IN ((1, 2), (3, 4))``, ``= (SELECT x, y
...)``, CASE over rows, and the checks that refuse a row value anywhere else with SQLite's
``row value misused``.

A row value is bound as ``b.Row`` (written ``(x, y)``) or as a ``b.ScalarSubquery`` whose
query has several columns. Each term of a comparison gets what a scalar comparison of its
two terms would get (affinity and collation), with one difference SQLite has: a term that
comes from a subquery brings its affinity but no collation (measured against 3.54:
``('a', 1) = (SELECT p, q FROM n)`` with p COLLATE NOCASE holding 'A' is 0), whereas IN
takes the collation of the subquery's column, as for a scalar IN.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..errors import OperationalError
from ..planner.plan import bound as b
from ..planner.exec.expressions import in_affinity
from ..planner.plan.analysis import children, conjoin, conjuncts, is_constant
from .properties import affinity_of, comparison_collation

_NOTHING = b.Literal(None)          # a subquery's term: no affinity here, no collation


def misused() -> OperationalError:
    return OperationalError("row value misused")


def width(expr) -> int:
    """How many terms a bound operand has: 1 unless it is a row value."""
    if isinstance(expr, b.Row):
        return len(expr.items)
    if isinstance(expr, b.ScalarSubquery):
        return len(expr.query.columns)
    return 1


def is_row(expr) -> bool:
    return width(expr) > 1 or isinstance(expr, b.Row)


def _terms(expr, n: int) -> list:
    """The terms whose collation a comparison of ``expr`` reads (a subquery's: none)."""
    if isinstance(expr, b.Row):
        return list(expr.items)
    return [_NOTHING] * n


def _affinities(expr, n: int) -> list:
    if isinstance(expr, b.Row):
        return [affinity_of(item) for item in expr.items]
    affinities = expr.query.column_affinities or []
    return [affinities[i] if i < len(affinities) else None for i in range(n)]


def compare(op: str, left, right) -> b.RowCompare:
    """``left op right`` where one side is a row value: both must have the same number of
    terms, else SQLite's ``row value misused``."""
    n = width(left)
    if n != width(right) or not (is_row(left) and is_row(right)):
        raise misused()
    pairs = tuple((comparison_collation(lt, rt), la, ra) for lt, rt, la, ra in zip(
        _terms(left, n), _terms(right, n), _affinities(left, n), _affinities(right, n)))
    return b.RowCompare(op, left, right, pairs)


def where_term(row: b.RowCompare):
    """A WHERE term comparing two written rows, in terms the planner can match to an
    index: ``(a, b) > (x, y)`` kept, followed by what it implies of the first pair,
    ``a >= x`` (``<=`` for < and <=), when that is a column against a constant -- the
    range SQLite searches. (An ``=`` or IS is split into pieces once its clause is
    bound: ``split_clause``.)"""
    if not (isinstance(row.left, b.Row) and isinstance(row.right, b.Row)):
        return row
    first, other = row.left.items[0], row.right.items[0]
    if row.op in ("lt", "le", "gt", "ge") and _column_and_constant(first, other):
        collation, la, ra = row.pairs[0]
        implied = "ge" if row.op in ("gt", "ge") else "le"
        return b.Binary("and", row, b.Compare(implied, first, other, collation, la, ra))
    return row


def split_clause(clause, split=lambda term: True):
    """A WHERE or ON clause as SQLite's WHERE analysis leaves it (whereexpr.c,
    exprAnalyze): each conjunct ``(a, b) = (x, y)`` or IS whose sides are not both
    subqueries (and that ``split`` accepts) is taken out and its pieces ``a = x``,
    ``b = y`` are added at the end -- the clause's last such conjunct's first, as SQLite
    analyses the terms from the last. Each piece is a term of its own: a NULL or false
    piece ends the row's test, so a later piece never runs (a RowCompare would go on
    past a NULL pair)."""
    terms = conjuncts(clause)
    taken = [t for t in terms if _splits(t) and split(t)]
    if not taken:
        return clause
    kept = [t for t in terms if not any(t is x for x in taken)]
    for term in reversed(taken):
        kept.extend(_pieces(term))
    return conjoin(kept)


def split_having(having, group_by: list):
    """HAVING with the conjuncts SQLite moves to WHERE (select.c, havingToWhere: no
    aggregate, no subquery, every column a GROUP BY term) split as a WHERE's are; the
    others stay whole, as SQLite's HAVING codes them (codeVectorCompare)."""
    grouped = {(g.slot, g.column) for g in group_by if isinstance(g, b.ColumnRef)}

    def moved(term) -> bool:
        stack = [term]
        while stack:
            e = stack.pop()
            if isinstance(e, (b.AggregateRef, b.ScalarSubquery, b.InSubquery, b.Exists)) \
                    or isinstance(e, b.ColumnRef) and (e.slot, e.column) not in grouped:
                return False
            stack.extend(children(e))
        return True
    return split_clause(having, moved)


def _splits(term) -> bool:
    return isinstance(term, b.RowCompare) and term.op in ("eq", "is") \
        and (isinstance(term.left, b.Row) or isinstance(term.right, b.Row))


def _pieces(row: b.RowCompare) -> list:
    """``left_i op right_i`` for each term; a subquery side gives each piece its own read
    of the subquery's row."""
    def field(side, i):
        return side.items[i] if isinstance(side, b.Row) else b.RowColumn(side, i, alone=True)
    return [b.Compare(row.op, field(row.left, i), field(row.right, i), collation, la, ra)
            for i, (collation, la, ra) in enumerate(row.pairs)]


def _column_and_constant(x, y) -> bool:
    return any(isinstance(p, b.ColumnRef) and is_constant(q, params=True)
               for p, q in ((x, y), (y, x)))


def row_in(operand, select: b.Select, negated: bool, correlated: bool) -> b.RowIn:
    """``(a, b) [NOT] IN (SELECT x, y ...)``."""
    n = width(operand)
    if len(select.columns) != n:
        raise OperationalError(f"sub-select returns {len(select.columns)} columns - expected {n}")
    last = select.compound[-1][1] if select.compound else select
    right_affinities = _affinities(b.ScalarSubquery(last), n)
    # unlike a comparison, IN reads the collation of an operand subquery's columns
    terms = operand.query.columns if isinstance(operand, b.ScalarSubquery) else operand.items
    pairs = tuple((comparison_collation(term, column), in_affinity(la, ra))
                  for term, column, la, ra in zip(terms, last.columns,
                                                  _affinities(operand, n), right_affinities))
    return b.RowIn(operand, select, negated, correlated, pairs=pairs)


def values_of_list(node: exp.In, n: int) -> exp.Values:
    """``(a, b) IN ((1, 2), (3, 4))`` read as ``IN (VALUES (1, 2), (3, 4))``, as SQLite
    reads it; each element must have the operand's number of terms."""
    rows = []
    for item in node.expressions:
        terms = item.expressions if isinstance(item, exp.Tuple) else [item]
        if len(terms) != n:
            plural = "term" if len(terms) == 1 else "terms"
            raise OperationalError(f"IN(...) element has {len(terms)} {plural} - expected {n}")
        rows.append(exp.Tuple(expressions=[t.copy() for t in terms]))
    return exp.Values(expressions=rows)


def row_case(operand, whens, default, compare_eq) -> b.Case:
    """``CASE (a, b) WHEN (1, 2) THEN ...``: a CASE of the comparisons ``operand = when``.
    The operand is computed for each WHEN tried (SQLite computes it once; the two differ
    only for a row holding random())."""
    return b.Case(None, tuple((compare_eq(operand, cond), value) for cond, value in whens),
                  default, ())


class RowTerm:
    """Term ``index`` of the row a subquery gives, in ``UPDATE ... SET (a, b) = (SELECT
    x, y ...)`` (``this``: the subquery node, shared by the ``count`` terms of the row).
    It stands where the binder expects a sqlglot node: bind_expr has a handler for it."""

    def __init__(self, this, index: int, count: int):
        self.this, self.index, self.count = this, index, count


def row_query(value):
    """The subquery of a SET's row value, or None when the value is not one."""
    if isinstance(value, exp.Subquery) or (isinstance(value, exp.Paren) and isinstance(
            value.this, (exp.Select, exp.Union, exp.Intersect, exp.Except, exp.Values))):
        return value if isinstance(value, exp.Subquery) else exp.Subquery(this=value.this)
    return None


def row_column(subquery: b.ScalarSubquery, index: int, count: int) -> b.RowColumn:
    if width(subquery) != count:
        raise OperationalError(f"{count} columns assigned {width(subquery)} values")
    return b.RowColumn(subquery, index)


def check_placement(expr) -> None:
    """Refuse a row value where a single value is wanted, as SQLite does: a written row is
    ``row value misused``, a subquery of several columns ``sub-select returns N columns -
    expected 1``. Rows may stand only as the sides of a RowCompare and the operand of a
    RowIn, and their terms are single values again. Subqueries are checked where they
    are bound."""
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, b.RowCompare):     # (the stack is read from its end: left first)
            stack += reversed(_row_terms(e.left) + _row_terms(e.right))
            continue
        if isinstance(e, b.RowIn):
            stack += reversed(_row_terms(e.operand))
            continue
        if isinstance(e, b.RowColumn):
            continue
        if isinstance(e, b.Row):
            raise misused()
        if isinstance(e, b.ScalarSubquery) and width(e) != 1:
            raise OperationalError(f"sub-select returns {width(e)} columns - expected 1")
        stack += reversed(children(e))
        if isinstance(e, b.InSubquery):
            stack.append(e.operand)


def _row_terms(side) -> tuple:
    return side.items if isinstance(side, b.Row) else ()
