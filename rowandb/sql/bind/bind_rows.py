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

from ...errors import OperationalError
from ...planner.plan import bound as b
from ...planner.exec.comparison_sides import in_affinity
from ...planner.plan.analysis import children, is_constant
from .properties import affinity_of, comparison_collation
from ...planner.plan.operand_types import last_row

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
    """Each term's affinity; a compound subquery's are its last SELECT's (SQLite's
    TK_SELECT_COLUMN), a VALUES list's its last arm's."""
    if isinstance(expr, b.Row):
        return [affinity_of(item) for item in expr.items]
    query = expr.query
    if query.compound or len(query.values_arms) > 1:
        return [affinity_of(term) for term in last_row(query)][:n]
    affinities = query.column_affinities or []
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


_COMMUTED = frozenset(("eq", "lt", "le", "gt", "ge", "is"))  # (whereexpr.c: not <>)


def coded_as_values(binder, op: str, left, right, term: bool = False):
    """``left op right`` as SQLite codes a comparison its resolver found of one value a
    side (``compared_widths``: a subquery's ``*`` one term, in an UPDATE's, DELETE's,
    upsert's or one-row INSERT's own expressions and a CHECK) once a subquery is expanded
    to several columns; None elsewhere. A single value on the left makes it code the
    right as one value: a wide subquery there is 'sub-select returns N columns - expected
    1' (``DELETE FROM w WHERE (SELECT * FROM w) = (SELECT * FROM u)``, w of one column
    and u of two); a wide subquery on the left beside one value is 'row value misused'.
    Either is met as SQLite codes the statement (``check_placement`` finds it, in its
    order: a later RAISE outside a trigger or row value replaces the latter). A WHERE
    ``term`` with a column on the right SQLite's WHERE analysis commutes, so that the
    column is the single value on the left (``WHERE (SELECT * FROM w) = v``: 'sub-select
    returns 2 columns - expected 1')."""
    if binder._expanded or binder.widths_expanded or isinstance(left, b.Row) or \
            isinstance(right, b.Row) or width(left) == width(right):
        return None
    if width(left) > 1:
        if width(right) != 1:
            return None
        if not (term and right.__class__ is b.ColumnRef and op in _COMMUTED):
            object.__setattr__(left, "coded_as_row", True)     # (check_placement)
    return b.Compare(op, left, right, "BINARY", affinity_of(left) if width(left) == 1 else None,
                     affinity_of(right) if width(right) == 1 else None)


def where_term(row: b.RowCompare):
    """A WHERE term comparing two written rows, in terms the planner can match to an
    index: ``(a, b) > (x, y)`` kept, followed by what it implies of the first pair,
    ``a >= x`` (``<=`` for < and <=), when that is a column against a constant -- the
    range SQLite searches. (An ``=`` or IS is split into pieces once its clause is
    bound: ``row_terms.split_clause``.)"""
    if not (isinstance(row.left, b.Row) and isinstance(row.right, b.Row)):
        return row
    first, other = row.left.items[0], row.right.items[0]
    if row.op in ("lt", "le", "gt", "ge") and _column_and_constant(first, other):
        collation, la, ra = row.pairs[0]
        implied = "ge" if row.op in ("gt", "ge") else "le"
        return b.Binary("and", row, b.Compare(implied, first, other, collation, la, ra))
    return row


def _column_and_constant(x, y) -> bool:
    return any(isinstance(p, b.ColumnRef) and is_constant(q, params=True)
               for p, q in ((x, y), (y, x)))


def row_in(operand, select: b.Select, negated: bool, correlated: bool) -> b.RowIn:
    """``(a, b) [NOT] IN (SELECT x, y ...)``."""
    n = width(operand)
    if len(select.columns) != n:
        raise OperationalError(f"sub-select returns {len(select.columns)} columns - expected {n}")
    last = last_row(select)
    right_affinities = [affinity_of(column) for column in last]
    # unlike a comparison, IN reads the collation of an operand subquery's columns
    terms = operand.query.columns if isinstance(operand, b.ScalarSubquery) else operand.items
    pairs = tuple((comparison_collation(term, column), in_affinity(la, ra))
                  for term, column, la, ra in zip(terms, last,
                                                  _affinities(operand, n), right_affinities))
    return b.RowIn(operand, select, negated, correlated, pairs=pairs)


def values_of_list(node: exp.In, n: int) -> exp.Values:
    """``(a, b) IN ((1, 2), (3, 4))`` read as ``IN (VALUES (1, 2), (3, 4))``, as SQLite
    reads it; each element must have the operand's number of terms."""
    rows = []
    for item in node.expressions:
        while isinstance(item, exp.Paren):     # ((1, 2)): the row (1, 2)
            item = item.this
        terms = item.expressions if isinstance(item, exp.Tuple) else [item]
        if len(terms) != n:
            plural = "term" if len(terms) == 1 else "terms"
            raise OperationalError(f"IN(...) element has {len(terms)} {plural} - expected {n}")
        rows.append(exp.Tuple(expressions=[t.copy() for t in terms]))
    return exp.Values(expressions=rows)


def case_tests(operand, whens, default, compare_eq, coding_error) -> b.Case:
    """``CASE operand WHEN ...`` once its parts are bound: each WHEN's comparison with
    the operand, which SQLite makes as it codes the CASE (expr.c, TK_CASE), so a width
    that differs is an error met coding it. A single value's WHEN is coded as a value:
    a row there is SQLite's 'row value misused', a subquery of several columns 'sub-select
    returns N columns - expected 1', both left in place for ``check_placement``. A row
    operand's WHENs are row comparisons (``_row_case``): one of another width is 'row
    value misused', given to ``coding_error`` (Binder.codegen_error)."""
    if is_row(operand):
        return _row_case(operand, whens, default, compare_eq, coding_error)
    tests = []
    for cond, _ in whens:
        test = None if width(cond) != 1 or isinstance(cond, b.Row) else compare_eq(operand, cond)
        tests.append((test.collation, test.left_affinity, test.right_affinity)
                     if isinstance(test, b.Compare) else ("BINARY", None, None))
    return b.Case(operand, tuple(whens), default, tuple(tests))


def _row_case(operand, whens, default, compare_eq, coding_error) -> b.Case:
    """``CASE (a, b) WHEN (1, 2) THEN ...``: a CASE of the comparisons ``operand = when``.
    The operand is computed for each WHEN tried (SQLite computes it once; the two differ
    only for a row holding random())."""
    tests = []
    for cond, value in whens:
        if width(cond) != width(operand):
            coding_error(1, misused())
            tests.append((_NOTHING, value))
        else:
            tests.append((compare_eq(operand, cond), value))
    return b.Case(None, tuple(tests), default, ())


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


def check_placement(expr, apart=frozenset) -> None:
    """Refuse a row value where a single value is wanted, as SQLite does: a written row is
    ``row value misused``, a subquery of several columns ``sub-select returns N columns -
    expected 1``. Rows may stand only as the sides of a RowCompare and the operand of a
    RowIn, and their terms are single values again. Subqueries are checked where they
    are bound. Of several, the one SQLite reports (``_reported``); ``apart()``: the ids of
    the rows SQLite codes apart, last (factored_rows.py), asked only when a value is
    misplaced."""
    found = []
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
            error = misused()
            error.row = e                   # the row misplaced (binder.expr: factored)
            found.append(error)
            continue
        if isinstance(e, b.ScalarSubquery) and getattr(e, "coded_as_row", False):
            error = misused()               # the left of a comparison (coded_as_values)
            error.row = e
            # met only while no error is: SQLite expands the subquery's * as it codes
            # it, and codes no subquery once an error is set (late_rows.row_value)
            error.expanded = True
            found.append(error)
            continue
        if isinstance(e, b.ScalarSubquery) and width(e) != 1:
            error = OperationalError(f"sub-select returns {width(e)} columns - expected 1")
            error.wide = e                  # where it is met (plan/late_rows.py)
            found.append(error)
            continue
        stack += reversed(children(e))
        if isinstance(e, b.InSubquery):
            stack.append(e.operand)
    if found:
        raise _reported(found, apart() if len(found) > 1 else frozenset())


def _reported(found: list, apart) -> OperationalError:
    """The error SQLite reports of the misplaced values ``found`` in the order it codes
    them: its message is the last one set (sqlite3ErrorMsg), but a wide subquery's only
    while none is (sqlite3SubselectError), and a row coded apart only when the statement's
    code is finished without an error (sqlite3FinishCoding) -- so a row coded in place
    after anything wins, a subquery wins only first, a row coded apart only alone."""
    reported = None
    for error in found:
        row = None if getattr(error, "expanded", False) else getattr(error, "row", None)
        if row is not None and id(row) not in apart or reported is None and row is None:
            reported = error
    return reported or found[0]


def _row_terms(side) -> tuple:
    return side.items if isinstance(side, b.Row) else ()
