"""Bound SELECT -> logical plan, then the optimizer rules in their listed order.

The builder makes the plain plan that states the query's meaning and nothing more: FROM
items joined left to right in the order written, one Filter holding the whole WHERE
clause, then Aggregate, HAVING, Project, DISTINCT, ORDER BY and LIMIT. Making it fast is
the optimizer's job (``optimizer/__init__.py`` lists the rules).
"""

from __future__ import annotations

from . import bound as b
from . import cte
from . import logical as L
from ..optimizer import optimize


def plan_select(select: b.Select) -> L.Plan:
    subplans: dict = {}
    root = _build(select, subplans)
    return L.Plan(root=root, names=tuple(select.names), subplans=subplans)


def _build(select: b.Select, subplans: dict) -> L.Node:
    if select.recursion is not None:            # a recursive common table expression
        return cte.plan_recursive(select, subplans, _build, plan_expressions)
    _plan_subqueries(select, subplans)
    if select.values is not None:
        node: L.Node = L.Values(tuple(tuple(row) for row in select.values))
    else:
        node = _select_core(select, subplans)
    for op, part in select.compound:
        node = L.Compound(op, node, _build(part, subplans), tuple(select.column_collations))
    if select.compound_order:
        node = L.ResultSort(node, tuple(select.compound_order))
    if select.limit is not None:
        node = L.Limit(node, select.limit, select.offset)
    return node


def _select_core(select: b.Select, subplans: dict) -> L.Node:
    node = _from_clause(select, subplans)
    if select.where is not None:
        node = L.Filter(node, select.where)
    node = optimize(node)
    if select.is_aggregate:
        slots = tuple(item.source.slot for item in select.items)
        node = L.Aggregate(node, tuple(select.group_by), tuple(select.aggregates),
                           select.group_slot, slots, tuple(select.group_collations))
        if select.having is not None:
            node = L.Filter(node, select.having)
    node = L.Project(node, tuple(select.columns), tuple(select.names))
    if select.distinct:
        node = L.Distinct(node, tuple(select.column_collations))
    if select.order_by:
        node = L.Sort(node, tuple((o.expr, o.desc, o.nulls_first, o.collation)
                                  for o in select.order_by))
    return node


def _from_clause(select: b.Select, subplans: dict) -> L.Node:
    if not select.items:
        return L.Empty()
    node = None
    for item in select.items:
        source = _source(item.source, subplans)
        if node is None:
            node = source
            if item.condition is not None:
                node = L.Filter(node, item.condition)
            continue
        node = L.Join(node, source, "left" if item.kind == "left" else "inner", item.condition,
                      right_slots=(item.source.slot,))
    return node


def _source(source, subplans: dict) -> L.Node:
    if isinstance(source, b.TableSource):
        return L.Scan(source.slot, source.table, source.alias, source.indexed)
    if isinstance(source, b.RecursiveSource):
        return cte.recursive_scan(source)
    if source.cte is not None:
        return cte.plan_reference(source, subplans, _build)
    return L.SubqueryScan(source.slot, source.alias, _build(source.query, subplans))


def _plan_subqueries(select: b.Select, subplans: dict) -> None:
    """Plan every subquery used inside the expressions of ``select`` (not FROM items:
    those are planned in place by ``_source``)."""
    from .analysis import children
    exprs = list(select.columns) + list(select.group_by)
    exprs += [select.where, select.having, select.limit, select.offset]
    exprs += [o.expr for o in select.order_by]
    exprs += [item.condition for item in select.items]
    exprs += [a for agg in select.aggregates for a in agg.args]
    for row in select.values or []:
        exprs += row
    stack = [e for e in exprs if e is not None]
    while stack:
        expr = stack.pop()
        if isinstance(expr, (b.InSubquery, b.Exists, b.ScalarSubquery)):
            if id(expr.query) not in subplans:
                subplans[id(expr.query)] = _build(expr.query, subplans)
            if isinstance(expr, b.InSubquery):
                stack.append(expr.operand)
            continue
        stack.extend(children(expr))


def plan_expressions(exprs: list, subplans: dict) -> None:
    """Plan the subqueries inside free-standing expressions (DML's WHERE, VALUES, SET)."""
    holder = b.Select(items=[], columns=[e for e in exprs if e is not None], names=[])
    _plan_subqueries(holder, subplans)
