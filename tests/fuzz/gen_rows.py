"""Row values for the expression generator (feature ``row_values``, sqlite.org/rowvalue.html):
``(a, b) op (c, d)`` with every comparison spelling, ``[NOT] BETWEEN`` of rows, ``(a, b)
[NOT] IN`` a list of rows, VALUES or a subquery of as many columns, ``(a, b) op (SELECT x,
y ...)`` (a subquery whose first row is defined: ordered by every value, ties showing
the same values) and a CASE over rows. ``gen_expr``'s comparison form draws one of these
now and then. List items are constants: a list whose rows read columns is refused by
RowanDB (docs/SQL.md).
"""

from __future__ import annotations

from .gen_expr import COMPARE, gen_expr, gen_leaf, gen_predicate
from .gen_schema import draw_value
from .sqltree import expr, items, leaf, literal, node


def row_predicate(g, scope, depth: int):
    """One row-value expression over ``scope``."""
    n = g.rng.choice([2, 2, 3])
    form = g.rng.choice(["compare", "compare", "between", "in_list", "in_values", "in_query",
                         "compare_query", "case"])
    if form in ("in_query", "compare_query") and not g.may_subquery():
        form = "compare"
    left = _row(g, scope, depth, n)
    if form == "compare":
        right = _row(g, scope, depth, n)
        return expr("(", left, f" {g.rng.choice(COMPARE)} ", right, ")", subexprs=[])
    if form == "between":
        low, high = _row(g, scope, depth, n), _row(g, scope, depth, n)
        op = g.rng.choice(["BETWEEN", "NOT BETWEEN"])
        return expr("(", left, f" {op} ", low, " AND ", high, ")")
    if form in ("in_list", "in_values"):
        rows = [_constant_row(g, n) for _ in range(g.rng.randint(1, 3))]
        op = g.rng.choice(["IN", "NOT IN"])
        opening = " (VALUES " if form == "in_values" else " ("
        return expr("(", left, f" {op}", opening, items(rows), "))")
    if form == "case":
        whens = [node(" WHEN ", _row(g, scope, depth, n), " THEN ", gen_expr(g, scope, 0))
                 for _ in range(g.rng.randint(1, 2))]
        return expr("(CASE ", left, *whens, " ELSE ", gen_leaf(g, scope), " END)")
    query = _row_subquery(g, scope, n, first_row=form == "compare_query")
    if form == "in_query":
        return expr("(", left, f" {g.rng.choice(['IN', 'NOT IN'])} ", query, ")")
    return expr("(", left, f" {g.rng.choice(COMPARE)} ", query, ")")


def _row(g, scope, depth: int, n: int):
    return node("(", items([gen_expr(g, scope, max(depth - 1, 0)) for _ in range(n)]), ")")


def _constant_row(g, n: int):
    return node("(", items([leaf(literal(draw_value(g))) for _ in range(n)]), ")")


def _row_subquery(g, outer, n: int, first_row: bool):
    """``(SELECT x, y ... FROM t [WHERE ...])``; with ``first_row`` its first row is the
    same on both engines: ordered by every value, then by its type."""
    from .gen_expr import Scope
    from .gen_query import gen_from
    g.subquery_budget -= 1
    with g.nested():
        outer_refs = outer.refs if outer.sub_refs is None else outer.sub_refs
        from_node, refs = gen_from(g, outer_refs, count=1)
        scope = Scope(list(outer_refs) + refs, flags=outer.flags)
        where = node(" WHERE ", gen_predicate(g, scope, 1)) if g.rng.random() < 0.6 else None
        inner = Scope(refs, flags=outer.flags)
        values = [gen_expr(g, inner, 1).render() for _ in range(n)]
        order = None
        if first_row:
            order = " ORDER BY " + ", ".join(f"{v} COLLATE BINARY, typeof({v})"
                                             for v in values) + " LIMIT 1"
        return node("(SELECT ", ", ".join(values), " FROM ", from_node, where, order, ")")
