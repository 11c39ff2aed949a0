"""The quick path's third room: ``x [NOT] IN (SELECT ...)`` in a one-table query's WHERE,
its subquery a SELECT of one table (or of none) with the clauses query.py reads, bound
into the ``InSubquery`` the binder makes of it (``bind_expr._in``, ``_in_subquery``);
and scalar and EXISTS subqueries, correlated or not (``bind_scalar``, ``bind_exists``).

Why: a fifth of the statements of the corpus's index/in and index/between scripts hold
one, ``col0 IN (SELECT col3 FROM tab0 WHERE col3 < 7)``, and took the full path for it:
over a third of each script's time went to parsing and binding them there
(docs/PERFORMANCE.md, branch planrules's "where index/between's and index/in's time
goes").

The subquery is bound as the binder binds a subquery: before ``x``, its slots taken
from the same counter (the query's own group slot, then its table's: the outer query
has taken 0 and 2), in a scope whose names are its table's alone -- a name that is not
one of them would be the outer query's (a correlated subquery) and declines, as does
a subquery of more than one column (an error), one in a result column, HAVING, ORDER
BY, GROUP BY or LIMIT (where SQLite's NOT NULL reduction and aggregate rules differ).
Its WHERE is a WHERE inside a WHERE, so the NOT NULL reduction holds there as in the
outer one (``bind_expr._in_where``), and it may hold IN subqueries of its own, bound the
same way (their names their own table's: one naming the query around it declines).

A scalar subquery ``(SELECT ...)`` or ``[NOT] EXISTS (SELECT ...)`` -- select3's
``(SELECT count(*) FROM t1 AS x WHERE x.b<t1.b)`` -- may stand in a one-table query's
result columns and WHERE (``Builder.nested``; in HAVING, ORDER BY, GROUP BY or LIMIT
it declines), and in those of such a subquery. It is bound as ``bind_expr._subquery``
binds it, where it stands in the clause: its slots from the same counter, a name its
table lacks looked for in the query around it (``Builder.outer_column``: the
subquery is then correlated, and so is each subquery between it and the query whose
column it is), its WHERE's NOT NULL reduction only where every query around it is in
its WHERE. An aggregate reading the query around it (which may be that query's:
``bind_aggregate._owner``) declines, as does a scalar subquery of other than one column
(a row value).
"""

from __future__ import annotations

from ...planner.plan import bound as b
from ..bind.bind_expr import only_existence
from ..bind.properties import (
    affinity_of, collation_of, comparison_collation, union_all_for_one_row)
from .build import Builder
from .reader import Decline
from .table import bind_table_query, result_name, table_source


def bind_in_subquery(builder: Builder, node: tuple, negated: bool) -> b.InSubquery:
    """``node``, ``('insub', x, Subquery)``, bound in ``builder``'s WHERE."""
    if not builder.where or builder.catalog is None:
        raise Decline
    _, operand_node, sub = node
    inner = b.Select(items=[], columns=[], names=[], group_slot=builder.take_slot())
    inner_builder = Builder(inner, builder.catalog)
    inner_builder.statement_table = builder.statement_table
    inner_builder.enclosing_where = builder.enclosing_where
    if sub.clauses is None:
        inner_builder.next_slot = builder.next_slot
        bind_items(inner_builder, inner, sub.items)
    else:
        source = table_source(builder.catalog, sub.clauses, builder.take_slot(),
                              builder.statement_table)
        inner_builder.next_slot = builder.next_slot     # (its own IN subqueries' slots)
        bind_table_query(inner_builder, inner, sub.items, sub.clauses, source)
    builder.next_slot = inner_builder.next_slot
    if len(inner.columns) != 1:
        raise Decline                   # sub-select returns N columns - expected 1
    inner.column_collations = [collation_of(inner.columns[0]) or "BINARY"]
    inner.distinct = sub.distinct
    operand = builder.expr(operand_node)
    return b.InSubquery(operand, inner, negated, False,
                        comparison_collation(operand, inner.columns[0]), affinity_of(operand))


def bind_scalar(builder: Builder, sub) -> b.ScalarSubquery:
    """``(SELECT ...)``, ``sub`` as read, where ``builder`` binds (bind_expr's
    ``_scalar_subquery``)."""
    inner, correlated = _nested_query(builder, sub)
    if len(inner.columns) != 1:
        raise Decline                   # a row value: only a comparison or IN takes it
    return b.ScalarSubquery(inner, correlated)


def bind_exists(builder: Builder, sub, negated: bool) -> b.Exists:
    """``[NOT] EXISTS (SELECT ...)`` (bind_expr's ``_exists``): its result columns bound,
    then set aside (``only_existence``)."""
    inner, correlated = _nested_query(builder, sub)
    only_existence(inner)
    return b.Exists(inner, negated=negated, correlated=correlated)


def _nested_query(builder: Builder, sub) -> tuple[b.Select, bool]:
    """The bound query of a scalar or EXISTS subquery and whether it is correlated, as
    ``bind_expr._subquery`` binds it where ``builder`` stands (Decline where no such
    subquery may)."""
    if not builder.nested or builder.catalog is None:
        raise Decline
    inner = b.Select(items=[], columns=[], names=[], group_slot=builder.take_slot())
    inner_builder = Builder(inner, builder.catalog)
    inner_builder.statement_table = builder.statement_table
    inner_builder.outer = builder
    inner_builder.enclosing_where = builder.where and builder.enclosing_where
    if sub.clauses is None:
        inner_builder.next_slot = builder.next_slot
        bind_items(inner_builder, inner, sub.items)
    else:
        source = table_source(builder.catalog, sub.clauses, builder.take_slot(),
                              builder.statement_table)
        inner_builder.next_slot = builder.next_slot
        bind_table_query(inner_builder, inner, sub.items, sub.clauses, source)
    builder.next_slot = inner_builder.next_slot
    inner.column_collations = [collation_of(c) or "BINARY" for c in inner.columns]
    inner.distinct = sub.distinct
    union_all_for_one_row(inner, implied=True)
    return inner, inner_builder.correlated


def bind_items(builder: Builder, select: b.Select, items: list) -> None:
    """The result columns of a SELECT without FROM (no ``*``: no tables specified)."""
    for tree, alias, written, _ in items:
        if tree[0] == "star":
            raise Decline
        expr = builder.expr(tree)
        select.columns.append(expr)
        select.names.append(result_name(tree, expr, alias, written))
        select.column_affinities.append(affinity_of(expr))
