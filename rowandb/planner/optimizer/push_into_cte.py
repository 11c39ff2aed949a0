"""Rule 4: copy the outer query's predicates on an inlined common table into its query.

An inlined common table (``plan/cte.py``) is its own query, planned apart, so a predicate
of the query that reads it (placed on its ``CteScan`` by ``push_down_predicates``) would
filter its rows only after the whole table was produced, and no index under it would be
used. SQLite flattens such a query into the outer one or pushes the WHERE terms down into
it (select.c, pushDownWhereTerms); this rule does the latter: each conjunct that reads
nothing but the common table's columns is rewritten in terms of the query's result
expressions and added to the query's WHERE, whose row sources are then optimized again (so
``x = 5`` becomes an index search). A conjunct that also reads tables joined before the
common table (``c.x = t.a``) goes in as well, as it does when SQLite flattens the query:
the inlined query then runs once per row of those tables, searching an index where it can.
The outer filter stays, as SQLite's does.

Like SQLite, it leaves alone what a predicate could change the meaning of: a query with
LIMIT or OFFSET, DISTINCT, an aggregate or a compound, a recursive one, and conjuncts with
a subquery or a result expression whose value may change between calls (``random()``).
A materialized table is computed once for every reference, so nothing is pushed into it.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts, contains_subquery
from ..plan.cte import CteScan
from .node_slots import has_volatile


def push_into_cte(node):
    if isinstance(node, L.Filter):
        child = push_into_cte(node.child)
        if isinstance(child, CteScan) and not child.materialize:
            child = _pushed(child, node.predicate)
        return L.Filter(child, node.predicate)
    if isinstance(node, L.Join):
        return dataclasses.replace(node, left=push_into_cte(node.left),
                                   right=push_into_cte(node.right))
    return node


def _pushed(scan: CteScan, predicate) -> CteScan:
    labelled = scan.plan
    query = labelled.child
    sort = query if isinstance(query, L.Sort) else None
    project = sort.child if sort is not None else query
    if not isinstance(project, L.Project) or has_volatile(project):
        return scan
    source = project.child
    while isinstance(source, L.Filter):
        source = source.child
    if isinstance(source, L.Aggregate):
        return scan
    moved = [_substitute(c, scan.slot, project.columns) for c in conjuncts(predicate)
             if not contains_subquery(c)]
    if not moved:
        return scan
    from . import optimize                 # the rules, once more, on the query's row sources
    project = dataclasses.replace(project, child=optimize(L.Filter(project.child, conjoin(moved))))
    query = dataclasses.replace(sort, child=project) if sort is not None else project
    return dataclasses.replace(scan, plan=dataclasses.replace(labelled, child=query))


def _substitute(expr, slot: int, columns: tuple):
    """``expr`` with each column of the FROM item in ``slot`` replaced by the result
    expression that computes it."""
    if isinstance(expr, b.ColumnRef):
        return columns[expr.column] if expr.slot == slot else expr
    changes = {}
    for f in dataclasses.fields(expr):
        value = getattr(expr, f.name)
        new = _mapped(value, slot, columns)
        if new is not value:
            changes[f.name] = new
    return dataclasses.replace(expr, **changes) if changes else expr


def _mapped(value, slot: int, columns: tuple):
    if isinstance(value, b.Expr):
        return _substitute(value, slot, columns)
    if isinstance(value, tuple):
        new = tuple(_mapped(v, slot, columns) for v in value)
        return new if any(n is not v for n, v in zip(new, value)) else value
    return value
