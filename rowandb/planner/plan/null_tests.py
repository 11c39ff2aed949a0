"""A WHERE term ``x IS NULL`` of a column that cannot be NULL is the constant 0 -- and so
tested first.

SQLite reduces such tests in two places. Its resolver, in a SELECT's WHERE and ON
(every enclosing query's too: NC_Where), replaces ``x ISNULL`` by 0 and ``x NOTNULL`` by
1 wherever they stand when x, under any unary plus or minus, is a column that cannot
hold NULL (resolve.c with sqlite3ExprCanBeNull): the binder does that
(``sql/bind/bind_expr.null_test``). The second place is the WHERE clause as its loops are
planned, once FROM subqueries are flattened, in SELECT, UPDATE and DELETE alike: a term
of the WHERE (or of an ON clause) -- one of its top-level ANDs, under ``likely()``,
``unlikely()`` or ``likelihood()`` -- that is such a test, x under COLLATE too, or that
an OR with a literal 0 or FALSE (an AND with a literal 1 or TRUE) on one side makes one,
x then under unary plus or minus only, as measured: ``DELETE FROM t WHERE (id IS NULL OR
0) AND f()`` never calls f, ``DELETE FROM t WHERE NOT (id NOTNULL) AND f()`` does. That
is ``without_null_tests``, here; a FROM subquery SQLite flattens counts with the columns
its result columns read (a COLLATE there too), in each arm of a compound one.

The column is the rowid or INTEGER PRIMARY KEY, a NOT NULL column, the PRIMARY KEY of a
WITHOUT ROWID table -- unless its table is the right table of a LEFT (or FULL) JOIN or
left of a RIGHT or FULL JOIN, where a row of NULLs may stand for it. The answer is the
same; what changes is when things run: the term is now a constant, tested before the
loops, and a false one ends the statement before any other term runs (``WHERE id IS
NULL AND json_array_length('{')`` never parses the JSON, fuzz seed 70000632).
"""

from __future__ import annotations

from . import bound as b
from .flatten import flattens

_OUTER_RIGHT = ("right", "full")
_LIKELY = ("likely", "unlikely", "likelihood")


def never_null_slots(select: b.Select) -> dict:
    """{slot: table} of the FROM items no outer join may fill with NULLs, as written;
    {slot: query} for a FROM subquery (view, common table) SQLite flattens into
    ``select``, whose result columns then stand for its own tables' columns."""
    kinds = [item.kind for item in select.items]
    found = {}
    for i, item in enumerate(select.items):
        if kinds[i] in ("left", "full") or any(k in _OUTER_RIGHT for k in kinds[i + 1:]):
            continue
        source = item.source
        if isinstance(source, b.TableSource) and source.table.virtual is None:
            found[source.slot] = source.table
        elif isinstance(source, b.SubquerySource) and flattens(select, i, kinds[i], False):
            found[source.slot] = source.query
    return found


def without_null_tests(expr, tables: dict):
    """``expr`` (a WHERE or ON condition) with each top-level AND term that is an IS NULL
    or NOTNULL of a column of ``tables`` that cannot be NULL replaced by its constant
    answer (the same object when there is none)."""
    if expr is None or not tables:
        return expr
    if isinstance(expr, b.Binary) and expr.op == "and":
        left, right = without_null_tests(expr.left, tables), without_null_tests(expr.right, tables)
        if left is expr.left and right is expr.right:
            return expr
        return b.Binary("and", left, right)
    answer = _answer(_unwrapped(expr), tables)
    return expr if answer is None else b.ReducedNullTest(answer, expr)


def reduced_tests(expr) -> list:
    """The tests ``without_null_tests`` answered in ``expr``'s top-level AND terms, as
    written: SQLite's check that the WHERE implies a partial index's own still reads them
    (where.c whereUsablePartialIndex; fuzz 108000151: ``INDEXED BY i WHERE id NOTNULL``
    in a subquery, whose WHERE the resolver did not reduce) -- those answered true, as
    measured: ``id IS NULL`` implies no ``WHERE id IS NULL`` index ('no query
    solution')."""
    if isinstance(expr, b.Binary) and expr.op == "and":
        return reduced_tests(expr.left) + reduced_tests(expr.right)
    return [expr.test] if isinstance(expr, b.ReducedNullTest) and expr.value else []


def _answer(term, tables: dict) -> int | None:
    """1 or 0 when ``term`` is a test SQLite's WHERE answers without a row, else None."""
    if _is_null_test(term):
        return _test_answer(term, tables, collate=True)
    if not _literal_side(term):         # nothing to drop: _simplified gives it back
        return None
    simplified = _simplified(term)
    if simplified is not term and _is_null_test(simplified):
        return _test_answer(simplified, tables, collate=False)
    return None


def _is_null_test(term) -> bool:
    return isinstance(term, b.Unary) and term.op in ("isnull", "notnull")


def _test_answer(test, tables: dict, collate: bool) -> int | None:
    return int(test.op == "notnull") if _never_null(test.operand, tables, collate) else None


def _unwrapped(term):
    """``term`` without the likely(), unlikely() or likelihood() around it."""
    while isinstance(term, b.Function) and term.name in _LIKELY and term.args:
        term = term.args[0]
    return term


def _simplified(term):
    """``term`` with each OR side that is a literal 0 and each AND side that is a literal
    1 (an integer, not 0.0, '0' or NULL) dropped, as sqlite3ExprSimplifiedAndOr drops
    the sides its parser marked always false or true."""
    term = _unwrapped(term)
    if not isinstance(term, b.Binary) or term.op not in ("or", "and"):
        return term
    dropped = 0 if term.op == "or" else 1
    left, right = _simplified(term.left), _simplified(term.right)
    if term.op == "and" and (_literal(left, 0) or _literal(right, 0)):
        return b.Literal(0)             # the parser's own: sqlite3ExprAnd
    if _literal(right, dropped):
        return left
    if _literal(left, dropped):
        return right
    return term


def _literal_side(term) -> bool:
    """Whether an OR or AND of ``term``'s chain of them has an integer literal side, the
    only kind ``_simplified`` drops (or makes 0 of): without one it gives ``term`` back.
    A walk of the chain alone, without ``_simplified``'s steps per link (a long WHERE
    term of ORs has as many links as comparisons)."""
    stack = [term]
    pop, push = stack.pop, stack.append
    while stack:
        term = pop()
        if isinstance(term, b.Function):    # a call only: most links are ANDs and ORs
            term = _unwrapped(term)
        if isinstance(term, b.Binary) and term.op in ("or", "and"):
            push(term.left)
            push(term.right)
        elif isinstance(term, b.Literal) and type(term.value) is int:
            return True
    return False


def _literal(expr, value: int) -> bool:
    """Whether ``expr`` is the integer literal 0 (``value`` 0) or a non-zero one (1) --
    as written: not a minus the binder folded into one (``-0``, marked ``negated``)."""
    return isinstance(expr, b.Literal) and type(expr.value) is int and \
        (expr.value == 0) == (value == 0) and not getattr(expr, "negated", False)


def _never_null(operand, tables: dict, collate: bool) -> bool:
    while collate and isinstance(operand, b.Collate) or isinstance(operand, b.Unary) and \
            operand.op in ("pos", "neg"):
        operand = operand.operand
    if not isinstance(operand, b.ColumnRef) or operand.slot not in tables:
        return False
    table = tables[operand.slot]
    if isinstance(table, b.Select):     # flattened: the column is each arm's expression
        arms = [table] + [part for _, part in table.compound]
        return operand.column >= 0 and all(
            len(arm.columns) > operand.column and
            _never_null(arm.columns[operand.column], never_null_slots(arm), True)
            for arm in arms)
    if operand.column < 0:
        return not table.without_rowid
    column = table.columns[operand.column]
    return operand.column == table.rowid_alias or column.notnull or \
        table.without_rowid and bool(column.pk)
