"""Rule 4: copy the outer query's predicates on an inlined common table into its query.

A FROM subquery is planned as an inlined common table read once (``cte.plan_derived``),
so everything below holds for it too.

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

Into each SELECT of a UNION ALL go the conjuncts that read its columns as they read the
compound's (table columns of the same affinity and collation), and those that compare a
column directly, taking that side's affinity from the SELECT's expression, as SQLite's
pushed copy compares (``_as_in_arm``). Like SQLite, it leaves
alone what a predicate could change the meaning of: a query with LIMIT or OFFSET, another
compound, a recursive one, and conjuncts with a subquery or a result
expression whose value may change between calls (``random()``). Into a DISTINCT query they
go, as in SQLite (so which of two rows equal under a NOCASE column is kept depends on it,
as it does in SQLite). Into an aggregate query go the conjuncts
that read only GROUP BY terms of BINARY collation: they filter the rows before grouping
(SQLite moves such HAVING terms to WHERE), so ``WHERE c = 10`` on a view grouped by ``c``
searches an index on ``c``.
A materialized table is computed once for every reference, so nothing is pushed into it.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts, contains_subquery, slots_of
from ..plan.cte import CteScan
from ..plan.describe import describe
from ..plan.flatten import rewritten, substitute
from .node_slots import filled_slots, has_volatile, reads_outside
from .replay_keys import probe_keys


def push_into_cte(node, local: frozenset | None = None):
    """``local``: the slots the query's own row sources fill (the rest are rows of
    enclosing queries)."""
    if local is None:
        local = filled_slots(node)
    if isinstance(node, L.Filter):
        child = push_into_cte(node.child, local)
        if isinstance(child, CteScan) and not child.materialize:
            child = _pushed(child, node.predicate, local)
            if not reads_outside(child.plan) and not has_volatile(child.plan):
                child = dataclasses.replace(child, probe=probe_keys(child, node.predicate,
                                                                    local))
        return L.Filter(child, node.predicate)
    if isinstance(node, L.Join):
        return dataclasses.replace(node, left=push_into_cte(node.left, local),
                                   right=push_into_cte(node.right, local))
    return node


def _pushed(scan: CteScan, predicate, local: frozenset) -> CteScan:
    """A conjunct reading an enclosing query's row goes in only when it makes an index
    or rowid search: otherwise the query stays uncorrelated and ``exec/cte_scan.py``
    replays its rows for each outer row instead of computing them again."""
    labelled = scan.plan
    parts = [c for c in conjuncts(predicate) if not contains_subquery(c)]
    own = [c for c in parts if slots_of(c) <= local]
    query = _push_into(labelled.child, scan.slot, own)
    if len(own) < len(parts):
        every = _push_into(labelled.child, scan.slot, parts)
        if _searches(every) > _searches(query):
            query = every
    if query is labelled.child:
        return scan
    return dataclasses.replace(scan, plan=dataclasses.replace(labelled, child=query))


def _searches(node) -> int:
    own = isinstance(node, (L.IndexScan, L.RowidScan))
    return own + sum(_searches(c) for c in node.children())


def _push_into(query, slot: int, parts: list, arm: bool = False):
    """``query`` (the plan of an inlined query) with the conjuncts ``parts`` (over the
    columns of its FROM item in ``slot``) added where its rows are produced; ``query``
    itself when nothing could be. ``arm``: ``query`` is a SELECT of a UNION ALL."""
    if isinstance(query, (L.Sort, L.Distinct, L.ResultSort, L.RealColumns)):  # DISTINCT too
        child = _push_into(query.child, slot, parts, arm)
        return query if child is query.child else dataclasses.replace(query, child=child)
    if isinstance(query, L.Compound) and query.op == "union all":
        left = _push_into(query.left, slot, parts, True)
        right = _push_into(query.right, slot, parts, True)
        if left is query.left and right is query.right:
            return query
        return dataclasses.replace(query, left=left, right=right)
    if arm and isinstance(query, L.Project):
        parts = [p for p in (_as_in_arm(p, slot, query.columns) for p in parts)
                 if p is not None]
    if not isinstance(query, L.Project) or has_volatile(query) or not parts:
        return query
    source = query.child
    while isinstance(source, L.Filter):
        source = source.child
    if isinstance(source, L.Aggregate):
        return _push_into_aggregate(query, source, slot, parts)
    moved = [substitute(c, slot, query.columns) for c in parts]
    from . import optimize                 # the rules, once more, on the query's row sources
    return dataclasses.replace(query, child=optimize(L.Filter(query.child, conjoin(moved))))


def _push_into_aggregate(project, aggregate, slot: int, parts: list):
    """Conjuncts that read only result columns that are GROUP BY terms of BINARY collation
    filter the rows before they are grouped (SQLite puts them in HAVING, then moves them
    to WHERE: select.c pushDownWhereTerms, havingToWhere)."""
    keys = {describe(g) for g, c in zip(aggregate.group_by, aggregate.group_collations or
                                        ("BINARY",) * len(aggregate.group_by))
            if c == "BINARY"}
    grouped = {i for i, column in enumerate(project.columns) if describe(column) in keys}
    moved = [substitute(c, slot, project.columns) for c in parts
             if _reads_only(c, slot, grouped)]
    if not moved:
        return project
    from . import optimize
    rows = optimize(L.Filter(aggregate.child, conjoin(moved)))
    return dataclasses.replace(project, child=_replaced(project.child, aggregate,
                                                        dataclasses.replace(aggregate, child=rows)))


def _as_in_arm(expr, slot: int, columns: tuple):
    """The conjunct ``expr`` as it is pushed into this SELECT of a UNION ALL, or None when
    it cannot be. SQLite pushes a term into every SELECT (select.c pushDownWhereTerms),
    where a column the term compares stands for that SELECT's expression and compares
    under its affinity, while the outer test stays: so a comparison whose operand is one
    of the columns takes the SELECT's affinity for that side (``0 < c`` over ``SELECT
    CAST(0 AS TEXT) AS c UNION ALL SELECT 1`` keeps one row). Other reads of a column go
    in only where they read it as the compound's column (``_same_comparison``), and a
    column whose collation or comparison affinity here is not known from its expression
    keeps the term out."""
    failed = []

    def leaf(node):
        if isinstance(node, b.ColumnRef) and node.slot == slot:
            if not _same_comparison(node, slot, columns):
                failed.append(node)
            return node
        if isinstance(node, b.Compare) and any(isinstance(side, b.ColumnRef) and
                                               side.slot == slot for side in (node.left, node.right)):
            return _compared_in_arm(node, slot, columns, failed)
        return None
    moved = rewritten(expr, leaf)
    return None if failed else moved


def _compared_in_arm(compare, slot: int, columns: tuple, failed: list):
    """``compare`` with the affinity of each side that is a column of ``slot`` taken from
    the SELECT's expression (``failed`` noted when it cannot be)."""
    sides = []
    for side, affinity in ((compare.left, compare.left_affinity),
                           (compare.right, compare.right_affinity)):
        if isinstance(side, b.ColumnRef) and side.slot == slot:
            own = _arm_affinity(columns[side.column])
            if own is _UNKNOWN or _arm_collation(columns[side.column]) != side.collation:
                failed.append(side)
            affinity = own
        elif not _same_comparison(side, slot, columns):
            failed.append(side)
        sides.append(affinity)
    return dataclasses.replace(compare, left_affinity=sides[0], right_affinity=sides[1])


_UNKNOWN = object()


def _arm_affinity(column):
    """A SELECT's result expression's affinity as a comparison operand, for the forms
    whose affinity is their own (a column, a CAST, a COLLATE over one, a value: none);
    ``_UNKNOWN`` for the rest (a subquery, a function that defers to its argument)."""
    while isinstance(column, b.Collate):
        column = column.operand
    if isinstance(column, (b.ColumnRef, b.Cast)):
        return column.affinity
    return None if isinstance(column, (b.Literal, b.Unary, b.Binary)) else _UNKNOWN


def _arm_collation(column) -> str:
    """The collation a SELECT's result expression compares with, for the forms above."""
    if isinstance(column, b.Collate):
        return column.collation
    while isinstance(column, b.Cast):
        column = column.operand
    return column.collation if isinstance(column, b.ColumnRef) else "BINARY"


def _same_comparison(expr, slot: int, columns: tuple) -> bool:
    """Whether each column of ``slot`` that ``expr`` reads is, in this SELECT of a UNION
    ALL, a table column of the same affinity and collation as the compound's column (so
    the term compares its values as it compares the compound's)."""
    for ref in _column_refs(expr):
        if ref.slot != slot:
            continue
        column = columns[ref.column]
        if not isinstance(column, b.ColumnRef) or column.affinity != ref.affinity or \
                column.collation != ref.collation:
            return False
    return True


def _reads_only(expr, slot: int, columns: set) -> bool:
    """Whether every column of the FROM item in ``slot`` that ``expr`` reads is one of
    ``columns`` (and it reads at least one)."""
    found = [c for c in _column_refs(expr) if c.slot == slot]
    return bool(found) and all(c.column in columns for c in found)


def _column_refs(expr):
    if isinstance(expr, b.ColumnRef):
        yield expr
        return
    for f in dataclasses.fields(expr):
        value = getattr(expr, f.name)
        for part in value if isinstance(value, tuple) else (value,):
            if isinstance(part, b.Expr):
                yield from _column_refs(part)


def _replaced(node, old, new):
    """``node`` (Filters over ``old``) with ``old`` replaced by ``new``."""
    if node is old:
        return new
    return dataclasses.replace(node, child=_replaced(node.child, old, new))
