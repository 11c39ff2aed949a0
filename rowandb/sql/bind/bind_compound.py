"""Compound SELECTs (UNION [ALL], INTERSECT, EXCEPT) bound as SQLite resolves them.

SQLite resolves a compound's arms right to left (resolveSelectStep), checking each arm's
width against the one to its right; an ORDER BY of the compound names result columns of
the first SELECT that has them (resolveCompoundOrderBy). The binder hands each arm back to
``Binder.bind_query``; what is particular to compounds lives here.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from .bind_expr import collation_name
from .clauses import bare_collate, converted, refuse_inner_order_limit
from .names import distinct_names, written_names
from .properties import (compound_collations, known_collation, read_as_table, subquery_collations,
                         table_affinities, union_all_for_one_row)
from .compound_order import Arm, compound_positions, select_arm, values_arm
from ..parse.result_texts import values_arm as is_values_arm
from ..parse.values_arms import split_values_arms


def wrong_width(op: str, right) -> OperationalError:
    """SQLite's error for a compound's arm ``right`` (after operator ``op``) of another
    width than the arm to its left (select.c sqlite3SelectWrongNumTermsError): a VALUES
    arm of one row's is 'all VALUES must have the same number of terms' (SF_Values; one
    of several rows is a SELECT of its own)."""
    if isinstance(right, exp.Select) and is_values_arm(right):
        right = right.args["from_"].this
    if isinstance(right, exp.Values) and len(right.expressions) == 1:
        return OperationalError("all VALUES must have the same number of terms")
    return OperationalError(f"SELECTs to the left and right of {op.upper()}"
                            " do not have the same number of result columns")


def bind_compound(binder, node, parent) -> b.Select:
    """A compound SELECT. SQLite resolves its arms right to left, checking after each
    arm that it has as many columns as the arm to its right (resolveSelectStep)."""
    top = node
    refuse_inner_order_limit(top)
    _refuse_values_order_limit(top)
    moved = _grouping_moved(top)
    if moved is not None:
        return binder.bind_query(moved, parent)
    limit, held = _bound_limit(binder, top)
    parts = []
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except)):
        op = {exp.Union: "union", exp.Intersect: "intersect", exp.Except: "except"}[type(node)]
        if op == "union" and not node.args.get("distinct"):
            op = "union all"
        parts.append((op, node.expression))
        node = node.this
    arms = [("", node)] + parts[::-1]           # (operator before it, query), left to right
    bound: list = [None] * len(arms)
    shapes: list = [None] * len(arms)          # each SELECT as its ORDER BY sees it
    for k in range(len(arms) - 1, -1, -1):
        bound[k], shapes[k] = _bind_arm(binder, arms[k][1], parent, first=k == 0)
        if k + 1 < len(arms) and len(bound[k].columns) != len(bound[k + 1].columns):
            raise wrong_width(*arms[k + 1])
    opening = split_values_arms(bound[0])     # a VALUES list opening it: its own arms
    arms[:1] = [("", None)] + [("union all", None)] * (len(opening) - 1)
    bound[:1] = opening
    if len(opening) > 1:
        shapes[:1] = [[values_arm(query) for query in opening]]
    shapes = [arm for shape in shapes for arm in shape]
    first = bound[0]
    first.limit, first.offset = limit
    first.compound.extend((op, query) for (op, _), query in zip(arms[1:], bound[1:]))
    first.column_collations = compound_collations(bound, [op for op, _ in arms[1:]])
    bind_compound_order(binder, top, first, shapes)
    if held is not None:
        _code_limit_first(binder, first, held)
    binder.compound_shapes = (first, shapes)
    union_all_for_one_row(first)
    return first


def _bound_limit(binder, top) -> tuple:
    """((LIMIT, OFFSET), the error SQLite's code generator meets in them or None). A
    misplaced row value there (``LIMIT (1, 2)``) is met as the compound is coded, after
    every name of its arms and its ORDER BY is resolved: it waits until they are."""
    coding, binder._coding = binder._coding, b.Select(items=[], columns=[], names=[])
    try:
        limit = binder.bind_limit(top)
    finally:
        held, binder._coding = binder._coding, coding
    return limit, held.codegen_error


def _code_limit_first(binder, first: b.Select, error) -> None:
    """The compound's LIMIT error ``error``, coded before anything else of it (the first
    arm holds the LIMIT): kept for the planner where code generation errors wait, else
    raised now that every name is resolved."""
    if not binder.defer_codegen:
        raise error
    first.codegen_error = error                 # in_limit: raised before its loops
    first.codegen_errors.insert(0, (None, error))

def _bind_arm(binder, arm, parent, first: bool = False) -> tuple:
    """One arm of a compound. A VALUES arm of one row is a SELECT without FROM, as
    SQLite's parser makes it, not sqlglot's ``SELECT * FROM (VALUES ...)``: its column
    is then its expression, whose affinity and data types decide the compound's column
    as a table (``VALUES (0) UNION ALL SELECT r FROM t``, r REAL, reads 0 as 0.0). So
    is one of several rows opening the compound (``first``): SQLite's parser chains
    the compound onto its arms (values_arms.py), unwrapped (``split_values_arms``).
    Returned with its ``compound_order.Arm``."""
    if isinstance(arm, exp.Select) and is_values_arm(arm) and \
            (first or len(arm.args["from_"].this.expressions) == 1):
        bound = binder.bind_values(arm.args["from_"].this, parent)
        return bound, [values_arm(bound)]
    # the compound's own walk (``tables.look_up_tables``, as SQLite expands a compound
    # whole) looked up every arm's tables: an arm is not walked again
    bound = binder.bind_query(arm, parent, looked_up=True)
    return bound, arm_shape(binder, arm, bound)


def arm_shape(binder, node, bound: b.Select):
    """The ``compound_order.Arm`` of each SELECT of a query just bound from ``node``."""
    scope = binder.select_scope
    if isinstance(node, exp.Select) and scope is not None and scope.select is bound:
        return [select_arm(node, scope, bound)]
    if binder.compound_shapes is not None and binder.compound_shapes[0] is bound:
        return binder.compound_shapes[1]    # ``a UNION b`` of ``a UNION b INTERSECT c``
    if bound.values is not None:
        return [values_arm(bound)]
    return [Arm(list(bound.columns), [None] * len(bound.columns), None, bound.columns)]

def bind_compound_order(binder, top, first: b.Select, shapes: list) -> None:
    """ORDER BY of a compound names result columns of its SELECTs (compound_order.py);
    it becomes ``compound_order`` positions."""
    order = top.args.get("order")
    items = order.expressions if order is not None else []
    positions = compound_positions(binder, [item.this for item in items], shapes)
    for item, position in zip(items, positions):
        term = bare_collate(item.this)
        collation = collation_name(term.expression) if isinstance(term, exp.Collate) else None
        collation = collation or known_collation(first.column_collations[position])
        first.compound_order.append(
            (position, bool(item.args.get("desc")), bool(item.args.get("nulls_first")), collation))
    if converted(top):
        # SQLite runs such a compound as a subquery of ``SELECT * ... ORDER BY``
        # (select.c, convertCompoundSelectToSubquery), whose columns get distinct names,
        # are read as REAL where they have that affinity, and are what an IN or a
        # comparison with the query reads (``x IN (SELECT 'q' UNION SELECT r FROM t
        # ORDER BY 1 COLLATE BINARY)``, r REAL, converts no text x)
        first.names = distinct_names(written_names(_first_select(top), first.names))
        read_as_table(first)
        first.subquery_row = [
            b.ColumnRef(-1, i, name, affinity, collation) for i, (name, affinity, collation)
            in enumerate(zip(first.names, table_affinities(first), subquery_collations(first)))]


def _grouping_moved(top):
    """``top`` as SQLite runs it when converted (``clauses.converted``) and its last
    SELECT has a GROUP BY or HAVING: convertCompoundSelectToSubquery copies that SELECT into the
    subquery without them and leaves them to the outer ``SELECT *``, so they group the
    compound's rows by its columns (``SELECT 1 UNION SELECT count(*) FROM t GROUP BY 1
    ORDER BY 1 COLLATE NOCASE`` counts all of t, no 'aggregate functions are not allowed
    in the GROUP BY clause'); None otherwise."""
    last = top.expression
    if not isinstance(last, exp.Select) or not (
            last.args.get("group") or last.args.get("having")) or not converted(top):
        return None
    inner = top.copy()
    kept = {key: inner.args.get(key) for key in ("order", "limit", "offset")}
    for key in kept:
        inner.set(key, None)
    moved = {key: inner.expression.args.get(key) for key in ("group", "having")}
    for key in moved:
        inner.expression.set(key, None)
    outer = exp.Select(expressions=[exp.Star()])
    outer.set("from_", exp.From(this=exp.Subquery(this=inner)))
    for key, value in list(moved.items()) + list(kept.items()):
        outer.set(key, value)
    return outer


def _refuse_values_order_limit(top) -> None:
    """A compound that ends in a VALUES clause takes no ORDER BY or LIMIT: SQLite's
    grammar has none after VALUES (``SELECT 1 UNION VALUES (2) ORDER BY 1`` is a syntax
    error near ORDER; one that ends in a SELECT may have them)."""
    last = top.expression
    if isinstance(last, exp.Values) or isinstance(last, exp.Select) and is_values_arm(last):
        for key, word in (("order", "ORDER"), ("limit", "LIMIT"), ("offset", "LIMIT")):
            if top.args.get(key) is not None:
                raise OperationalError(f'near "{word}": syntax error')


def _first_select(node):
    """The leftmost SELECT of a compound (sqlglot parenthesises ``a UNION b`` before an
    INTERSECT, which binds no tighter in SQLite)."""
    while isinstance(node, (exp.Union, exp.Intersect, exp.Except, exp.Subquery)):
        node = node.this
    return node
