"""Plan nodes for common table expressions, and how a reference to one is planned.

Every reference to a common table comes from the binder with its own bound copy of the
query (``bound.SubquerySource.cte``). The planner either *inlines* the copy -- a
``CteScan`` that runs it as a co-routine, streaming its rows to the query that reads them,
with the outer query's predicates pushed into it (``optimizer/push_into_cte.py``) -- or
*materializes* it: the rows are computed once per execution and every reference reads the
saved rows. SQLite's rules decide (select.c): ``AS MATERIALIZED`` always materializes,
``AS NOT MATERIALIZED`` never does; otherwise a table used once is inlined, and one used
more than once is materialized unless SQLite would flatten it into each query that uses it
(no aggregate, DISTINCT, LIMIT or OFFSET, a FROM clause, not recursive; a compound only of
such SELECTs joined by UNION ALL). A correlated query (reading the rows of an enclosing
query) is computed again each time, as SQLite does.

A recursive query becomes a ``RecursiveCte`` node (executed by ``exec/recursive_cte.py``):
its setup and its recursive steps, each step reading the row taken from the queue through
a ``RecursiveScan``. SQLite refuses a recursive step that aggregates here, when it generates
the code ("recursive aggregate queries not supported").

EXPLAIN QUERY PLAN shows these as SQLite does: ``MATERIALIZE c`` or ``CO-ROUTINE c`` above
the table's plan, ``SETUP`` and ``RECURSIVE STEP`` above the parts of a recursive one,
``SCAN c`` for the table read (``Labelled`` nodes carry those lines).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ...errors import OperationalError
from . import bound as b
from . import logical as L
from .analysis import outer_slots
from .describe import describe
from ...catalog.ascii_case import ascii_lower


@b.node          # made as logical.py's nodes are (bound.node)
class Labelled(L.Node):
    """A line of EXPLAIN QUERY PLAN over the rows of ``child``, which it passes on."""
    text: str
    child: L.Node

    def children(self):
        return (self.child,)

    def label(self):
        return self.text


@b.node
class CteScan(L.SubqueryScan):
    """The rows of a common table: streamed from its inlined query, or (``materialize``)
    read from rows computed once per execution (once per run when ``shared`` is None:
    a correlated query)."""
    name: str = ""
    materialize: bool = False
    shared: Any = None              # the bound.CteUse its saved rows are kept under
    probe: tuple = ()               # equality keys with enclosing rows (optimizer/replay_keys.py)
    # SQLite materializes it, once per statement when uncorrelated (OP_Once), so its rows
    # may be replayed though it calls a volatile function (plan/materialized_once.py)
    once: bool = False
    flat: bool = False              # SQLite flattens it into the query reading it
    # what SQLite's join then loops over, when its query holds a WHERE or an index hint:
    # the table, its hint and the WHERE's terms (optimizer/flat_where.py)
    flat_from: Any = None

    def label(self):
        return f"SCAN {_named(self.name, self.alias)}"


@b.node
class RecursiveCte(L.Node):
    """A recursive query: ``setup`` fills the queue; each row taken from it is a result
    row and the row ``steps`` run for (their RecursiveScan of ``recursion``)."""
    setup: L.Node
    steps: tuple
    recursion: Any                  # bound.Recursion
    order: tuple = ()               # the queue's order: (position, desc, nulls_first, collation)
    limit: Any = None
    offset: Any = None
    collations: tuple = ()          # how UNION tells rows apart
    real_columns: tuple = ()        # made REAL as each row leaves the queue (bound.Select)

    def children(self):
        return (self.setup,) + self.steps

    def label(self):
        text = f"RECURSIVE {'UNION' if self.recursion.distinct else 'UNION ALL'}"
        if self.order:
            text += " ORDER BY " + ", ".join(f"{p + 1}{' DESC' if d else ''}"
                                             for p, d, _, _ in self.order)
        if self.limit is not None:
            text += f" LIMIT {describe(self.limit)}"
            if self.offset is not None:
                text += f" OFFSET {describe(self.offset)}"
        return text


@b.node
class RecursiveScan(L.Node):
    """The recursive table in a step: the one row the step runs for."""
    slot: int
    alias: str
    recursion: Any
    width: int

    def label(self):
        return f"SCAN {_named(self.recursion.name, self.alias)}"


def _named(name: str, alias: str) -> str:
    return name if ascii_lower(alias) == ascii_lower(name) else f"{name} AS {alias}"


# -- planning -----------------------------------------------------------------------------
def plan_reference(source: b.SubquerySource, subplans: dict, build, pruned=None) -> CteScan:
    """The scan of a FROM item that names a common table or a view (``build`` plans a
    query). ``pruned()``: its query with the columns the outer query does not read made
    NULL (unused_columns.py), for one SQLite computes in place rather than materializes."""
    use, query = source.cte, source.query
    if not materialized(use, query):
        plan = build(query if pruned is None else pruned(), subplans)
        return CteScan(source.slot, source.alias, Labelled(f"CO-ROUTINE {use.name}", plan),
                       use.name)
    shared = None if outer_slots(query) else use
    key = ("cte", id(use))
    plan = subplans.get(key) if shared is not None else None
    if plan is None:
        plan = build(query, subplans)
        if shared is not None:
            subplans[key] = plan        # later references read the same rows
    return CteScan(source.slot, source.alias, Labelled(f"MATERIALIZE {use.name}", plan),
                   use.name, True, shared)


def plan_derived(source: b.SubquerySource, plan: L.Node) -> CteScan:
    """The scan of a subquery in FROM: an inlined table of its own, so the outer query's
    predicates are pushed into it as into an inlined common table (SQLite treats both
    alike, select.c pushDownWhereTerms)."""
    return CteScan(source.slot, source.alias, Labelled(f"CO-ROUTINE {source.alias}", plan),
                   source.alias)


def materialized(use: b.CteUse, query: b.Select) -> bool:
    if use.materialized is not None:
        return use.materialized
    return use.uses > 1 and not _flattens(query)


def _flattens(query: b.Select) -> bool:
    """Whether SQLite would flatten the query into a query that reads it (the conditions
    of select.c's flattenSubquery that depend on the query alone)."""
    if query.recursion is not None or query.limit is not None or query.offset is not None:
        return False
    arms = [query] + [arm for _, arm in query.compound]
    if any(op != "union all" for op, _ in query.compound):
        return False
    return all(arm.items and not arm.is_aggregate and not arm.distinct and arm.values is None
               for arm in arms)


def plan_recursive(select: b.Select, subplans: dict, build, plan_expressions) -> RecursiveCte:
    recursion = select.recursion
    setup = dataclasses.replace(select, compound=select.compound[:recursion.setup - 1],
                                compound_order=[], limit=None, offset=None, recursion=None,
                                column_collations=list(recursion.setup_collations))
    steps = [arm for _, arm in select.compound[recursion.setup - 1:]]
    if any(step.is_aggregate for step in steps):
        raise OperationalError("recursive aggregate queries not supported")
    plan_expressions([select.limit, select.offset], subplans)
    return RecursiveCte(Labelled("SETUP", build(setup, subplans)),
                        tuple(Labelled("RECURSIVE STEP", build(step, subplans)) for step in steps),
                        recursion, tuple(select.compound_order), select.limit, select.offset,
                        tuple(select.column_collations), select.real_columns)


def recursive_scan(source: b.RecursiveSource) -> RecursiveScan:
    return RecursiveScan(source.slot, source.alias, source.recursion, len(source.columns))


def flattened_scan(node):
    """The table scan a FROM subquery is once SQLite flattens it into one loop of the
    join (select.c flattenSubquery): a query, or a chain of them, reading one table with
    no WHERE, grouping, DISTINCT, ORDER BY, LIMIT or window -- where none of its
    restrictions apply. None for any other subquery, and for one read through an index
    (fuzz seed 61000935: optimizer/join_costs.py and exec/empty_tables.py count it as
    the table's loop) -- but a whole index read in place of the table's scan because it
    is narrower (``IndexScan.replaces``), which is the table's loop to SQLite too."""
    while isinstance(node, L.SubqueryScan) and not getattr(node, "materialize", False) \
            and not getattr(node, "probe", ()):
        plan = node.plan
        while isinstance(plan, (Labelled, L.RealColumns)):  # its EXPLAIN line, or the
            plan = plan.child                   # REAL columns read as a table's
        if not isinstance(plan, L.Project):
            return None
        node = plan.child
    if isinstance(node, L.IndexScan) and isinstance(node.replaces, L.Scan):
        node = node.replaces
    return node if isinstance(node, L.Scan) else None
