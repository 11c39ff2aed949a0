"""``x IS NULL`` of a column that cannot be NULL is the constant 0 -- and so tested first.

SQLite's resolver replaces ``x ISNULL`` (``x IS NULL``) by 0 and ``x NOTNULL`` by 1 when x,
under any unary plus or minus and COLLATE, is a column that cannot hold NULL (resolve.c,
TK_ISNULL/TK_NOTNULL with sqlite3ExprCanBeNull): the rowid or INTEGER PRIMARY KEY, a
NOT NULL column, the PRIMARY KEY of a WITHOUT ROWID table -- unless its table is the right
table of a LEFT (or FULL) JOIN or left of a RIGHT or FULL JOIN, where a row of NULLs may
stand for it. The answer is the same; what changes is when things run: the term is now a
constant, tested before the loops, and a false one ends the statement before any other
term runs (``WHERE id IS NULL AND json_array_length('{')`` never parses the JSON, fuzz
seed 70000632).

``without_null_tests`` rewrites a SELECT's WHERE or ON condition (an UPDATE's or DELETE's
row finder is planned as a SELECT, so theirs too).
"""

from __future__ import annotations

from . import bound as b
from .analysis import children

_OUTER_RIGHT = ("right", "full")


def never_null_slots(select: b.Select) -> dict:
    """{slot: table} of the FROM items no outer join may fill with NULLs, as written."""
    kinds = [item.kind for item in select.items]
    found = {}
    for i, item in enumerate(select.items):
        if kinds[i] in ("left", "full") or any(k in _OUTER_RIGHT for k in kinds[i + 1:]):
            continue
        if isinstance(item.source, b.TableSource) and item.source.table.virtual is None:
            found[item.source.slot] = item.source.table
    return found


def without_null_tests(expr, tables: dict, nested: bool = True):
    """``expr`` with each IS NULL / NOTNULL of a column of ``tables`` that cannot be NULL
    replaced by its constant answer (the same object when there is none). ``nested``:
    also under NOT and OR -- not for an UPDATE's or DELETE's WHERE, where SQLite still
    computes ``NOT (id NOTNULL) AND f()``'s f on an empty table, as measured (only a top
    AND term becomes the constant there)."""
    if expr is None or not tables:
        return expr
    return _walk(expr, tables, nested)


def _walk(expr, tables: dict, nested: bool):
    if isinstance(expr, b.Unary) and expr.op in ("isnull", "notnull") \
            and _never_null(expr.operand, tables):
        return b.Literal(int(expr.op == "notnull"))
    if isinstance(expr, (b.Binary, b.Unary)) and (nested or isinstance(expr, b.Binary)
                                                  and expr.op == "and"):
        parts = [_walk(c, tables, nested) for c in children(expr)]
        if all(p is c for p, c in zip(parts, children(expr))):
            return expr
        if isinstance(expr, b.Binary):
            return b.Binary(expr.op, parts[0], parts[1])
        return b.Unary(expr.op, parts[0])
    return expr


def _never_null(operand, tables: dict) -> bool:
    while isinstance(operand, b.Collate) or isinstance(operand, b.Unary) and \
            operand.op in ("pos", "neg"):
        operand = operand.operand
    if not isinstance(operand, b.ColumnRef) or operand.slot not in tables:
        return False
    table = tables[operand.slot]
    if operand.column < 0:
        return not table.without_rowid
    column = table.columns[operand.column]
    return operand.column == table.rowid_alias or column.notnull or \
        table.without_rowid and bool(column.pk)
