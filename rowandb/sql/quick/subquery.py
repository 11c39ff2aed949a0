"""The quick path's third room: ``x [NOT] IN (SELECT ...)`` in a one-table query's WHERE,
its subquery a SELECT of one table (or of none) with the clauses query.py reads, bound
into the ``InSubquery`` the binder makes of it (``bind_expr._in``, ``_in_subquery``).

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
"""

from __future__ import annotations

from ...planner.plan import bound as b
from ..bind.properties import affinity_of, collation_of, comparison_collation
from .build import Builder
from .reader import Decline
from .table import bind_table_query, table_source


def bind_in_subquery(builder: Builder, node: tuple, negated: bool) -> b.InSubquery:
    """``node``, ``('insub', x, Subquery)``, bound in ``builder``'s WHERE."""
    if not builder.where or builder.catalog is None:
        raise Decline
    _, operand_node, sub = node
    inner = b.Select(items=[], columns=[], names=[], group_slot=builder.take_slot())
    inner_builder = Builder(inner, builder.catalog)
    if sub.clauses is None:
        inner_builder.next_slot = builder.next_slot
        bind_items(inner_builder, inner, sub.items)
    else:
        source = table_source(builder.catalog, sub.clauses, builder.take_slot())
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


def bind_items(builder: Builder, select: b.Select, items: list) -> None:
    """The result columns of a SELECT without FROM (no ``*``: no tables specified)."""
    for tree, alias, written, _ in items:
        if tree[0] == "star":
            raise Decline
        expr = builder.expr(tree)
        select.columns.append(expr)
        select.names.append(alias if alias is not None else written)
        select.column_affinities.append(affinity_of(expr))
