"""Compound SELECTs (UNION [ALL], INTERSECT, EXCEPT) bound as SQLite resolves them.

SQLite resolves a compound's arms right to left (resolveSelectStep), checking each arm's
width against the one to its right; an ORDER BY of the compound names result columns of
the first SELECT that has them (resolveCompoundOrderBy). The binder hands each arm back to
``Binder.bind_query``; what is particular to compounds lives here.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ..errors import OperationalError
from ..planner.plan import bound as b
from ..catalog.ascii_case import ascii_lower
from .bind_expr import collation_name
from .clauses import bare_collate, check_position, column_number, ordinal, refuse_inner_order_limit
from .dialect import to_sql
from .names import ROWID_NAMES, distinct_names, written_names
from .properties import (compound_collations, known_collation, real_columns, subquery_collations,
                         table_affinities, union_all_for_one_row)
from .result_texts import values_arm
from .values_arms import split_values_arms


def bind_compound(binder, node, parent) -> b.Select:
    """A compound SELECT. SQLite resolves its arms right to left, checking after each
    arm that it has as many columns as the arm to its right (resolveSelectStep)."""
    top = node
    refuse_inner_order_limit(top)
    _refuse_values_order_limit(top)
    limit = binder.bind_limit(top)
    parts = []
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
        op = {exp.Union: "union", exp.Intersect: "intersect", exp.Except: "except"}[type(node)]
        if op == "union" and not node.args.get("distinct"):
            op = "union all"
        parts.append((op, node.expression))
        node = node.this
    arms = [("", node)] + parts[::-1]           # (operator before it, query), left to right
    bound: list = [None] * len(arms)
    for k in range(len(arms) - 1, -1, -1):
        bound[k] = _bind_arm(binder, arms[k][1], parent, first=k == 0)
        if k + 1 < len(arms) and len(bound[k].columns) != len(bound[k + 1].columns):
            raise OperationalError(f"SELECTs to the left and right of {arms[k + 1][0].upper()}"
                                   " do not have the same number of result columns")
    opening = split_values_arms(bound[0])     # a VALUES list opening it: its own arms
    arms[:1] = [("", None)] + [("union all", None)] * (len(opening) - 1)
    bound[:1] = opening
    first = bound[0]
    first.limit, first.offset = limit
    first.compound.extend((op, query) for (op, _), query in zip(arms[1:], bound[1:]))
    first.column_collations = compound_collations(bound, [op for op, _ in arms[1:]])
    bind_compound_order(binder, top, first, parent)
    union_all_for_one_row(first)
    return first

def _bind_arm(binder, arm, parent, first: bool = False) -> b.Select:
    """One arm of a compound. A VALUES arm of one row is a SELECT without FROM, as
    SQLite's parser makes it, not sqlglot's ``SELECT * FROM (VALUES ...)``: its column
    is then its expression, whose affinity and data types decide the compound's column
    as a table (``VALUES (0) UNION ALL SELECT r FROM t``, r REAL, reads 0 as 0.0). So
    is one of several rows opening the compound (``first``): SQLite's parser chains
    the compound onto its arms (values_arms.py), unwrapped (``split_values_arms``)."""
    if isinstance(arm, exp.Select) and values_arm(arm) and \
            (first or len(arm.args["from_"].this.expressions) == 1):
        return binder.bind_values(arm.args["from_"].this, parent)
    return binder.bind_query(arm, parent)

def bind_compound_order(binder, top, first: b.Select, parent) -> None:
    """ORDER BY of a compound names result columns of the first SELECT (by number,
    name or identical expression); it becomes ``compound_order`` positions."""
    order = top.args.get("order")
    for k, item in enumerate(order.expressions if order is not None else []):
        term = bare_collate(item.this)
        collation = None
        if isinstance(term, exp.Collate):
            collation = collation_name(term.expression)
            term = term.this
        position = _compound_position(binder, term, first, k)
        collation = collation or known_collation(first.column_collations[position])
        first.compound_order.append(
            (position, bool(item.args.get("desc")), bool(item.args.get("nulls_first")), collation))
    terms = order.expressions if order is not None else []
    if any(isinstance(bare_collate(item.this), exp.Collate) for item in terms) and \
            any(op != "union all" for op, _ in first.compound):
        # SQLite runs such a compound as a subquery of ``SELECT * ... ORDER BY``
        # (select.c, convertCompoundSelectToSubquery), whose columns get distinct names,
        # are read as REAL where they have that affinity, and are what an IN or a
        # comparison with the query reads (``x IN (SELECT 'q' UNION SELECT r FROM t
        # ORDER BY 1 COLLATE BINARY)``, r REAL, converts no text x)
        first.names = distinct_names(written_names(_first_select(top), first.names))
        first.real_columns = real_columns(first)
        first.subquery_row = [
            b.ColumnRef(-1, i, name, affinity, collation) for i, (name, affinity, collation)
            in enumerate(zip(first.names, table_affinities(first), subquery_collations(first)))]

def _compound_position(binder, term, first: b.Select, k: int = 0) -> int:
    """The result column the ``k``-th ORDER BY term of a compound names: by number
    (as SQLite reads one, see ``clauses.column_number``), else by name or identical
    expression in the first SELECT that has one, left to right (resolveCompoundOrderBy)."""
    n = column_number(term)
    if n is not None:
        check_position(n, k, "ORDER BY", len(first.columns))
        return n - 1
    text = "".join(ascii_lower(to_sql(term)).split())
    lname = ascii_lower(term.name) if isinstance(term, exp.Column) and not term.table else None
    for arm in [first] + [arm for _, arm in first.compound]:
        for i, name in enumerate(arm.names):
            if ascii_lower(name) == lname or "".join(ascii_lower(name).split()) == text:
                binder._note_result_column(term, arm.columns[i])
                return i
        found = _qualified_position(term, arm)
        if found is not None:
            return found
    raise OperationalError(f"{ordinal(k + 1)} ORDER BY term does not match any column "
                           "in the result set")


def _qualified_position(term, arm: b.Select) -> int | None:
    """``ORDER BY t.x`` of a compound: the first result column of ``arm`` that is column x
    of its FROM item t (the rowid for a rowid name no column of t has), written with or
    without the qualifier, under an alias or a COLLATE: SQLite resolves the term in the
    arm's FROM clause and compares it with each result expression, a COLLATE on top
    aside (resolveOrderByTermToExprList, sqlite3ExprCompare < 2). Not looked up: a name
    with a schema, an expression holding a qualified name (``t.x + 1`` against ``x +
    1``), which SQLite matches too (docs/SQL.md)."""
    if not isinstance(term, exp.Column) or not term.table or term.args.get("db"):
        return None
    table, name = ascii_lower(term.table), ascii_lower(term.name)
    items = {item.source.slot: item.source for item in arm.items
             if ascii_lower(item.source.alias) == table}
    for i, column in enumerate(arm.columns):
        if isinstance(column, b.Collate):
            column = column.operand
        if not isinstance(column, b.ColumnRef) or column.slot not in items:
            continue
        if column.column >= 0 and ascii_lower(column.name) == name or column.column == -1 \
                and name in ROWID_NAMES and not _has_column(items[column.slot], name):
            return i
    return None


def _has_column(source, name: str) -> bool:
    """Whether a FROM item has a column of that (lower-case) name."""
    if isinstance(source, b.TableSource):
        return source.table.column_index(name) is not None
    return any(ascii_lower(c) == name for c in getattr(source, "columns", ()))


def _refuse_values_order_limit(top) -> None:
    """A compound that ends in a VALUES clause takes no ORDER BY or LIMIT: SQLite's
    grammar has none after VALUES (``SELECT 1 UNION VALUES (2) ORDER BY 1`` is a syntax
    error near ORDER; one that ends in a SELECT may have them)."""
    last = top.expression
    if isinstance(last, exp.Values) or isinstance(last, exp.Select) and values_arm(last):
        for key, word in (("order", "ORDER"), ("limit", "LIMIT"), ("offset", "LIMIT")):
            if top.args.get(key) is not None:
                raise OperationalError(f'near "{word}": syntax error')


def _first_select(node):
    """The leftmost SELECT of a compound (sqlglot parenthesises ``a UNION b`` before an
    INTERSECT, which binds no tighter in SQLite)."""
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except, exp.Subquery)):
        node = node.this
    return node
