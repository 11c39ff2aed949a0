"""Rule 2: choose the order of an all-inner join greedily.

Nested loops cost the product of the rows each level produces, so the order matters far more
than anything else (select5 of the sqllogictest corpus joins up to 64 tables). Inner joins
commute, so the rule may put the FROM items in any order; it starts with the item that has
the best lookup from constants alone, then repeatedly adds the item best reached from the
items already placed. "Best" ranks a rowid equality over an index equality over any
equality over any other predicate over nothing; among items ranked alike, the one ANALYZE
counted fewer rows in comes first (``Table.stats``; an item without figures counts as
SQLite's default of about a million rows, so without ANALYZE nothing changes); remaining
ties keep the order written. Once ANALYZE has given figures to a table of an all-table
join of up to five items, the order is instead the cheapest by SQLite's own cost model
(``join_costs.solve``), with the equalities that follow from others added to the WHERE as
SQLite's planner sees them. Chains with a LEFT,
RIGHT or FULL JOIN are left as written (their order is part of their meaning).
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import slots_of
from .chain import flatten, rebuild
from .function_arguments import argument_slots
from .join_costs import solve
from .node_slots import read_slots


def reorder_joins(node):
    flat = flatten(node)
    if flat is None:
        return node
    items, where = flat
    if len(items) < 2 or any(item.kind != "inner" for item in items[1:]):
        return node
    for item in items:
        where.extend(item.on)
        item.on = []
        item.kind = "inner"
    local = {item.slot for item in items}
    facts: dict = {item.slot: [] for item in items}     # slot -> [(other slots, rank)]
    for conjunct in where:
        slots = slots_of(conjunct) & local
        for item in items:
            if item.slot in slots:
                facts[item.slot].append((slots - {item.slot}, 1 + _lookup_rank(conjunct, item)))
    # an item whose row source reads other items' slots (an index search chosen by an
    # earlier pass, keyed by their columns) can only come after them
    needs = {item.slot: read_slots(item.node) & local - {item.slot} for item in items}
    for item in items:                  # ... and a table-valued function after the items
        needs[item.slot] |= _argument_slots(item, where) & local    # its arguments read
    solved = solve(items, where)
    if solved is not None:              # with ANALYZE's figures: SQLite's costed order
        return rebuild([items[i] for i in solved], where)
    placed: list = []
    bound: set = set()
    remaining = list(range(len(items)))          # positions as written: ties keep that order
    rows = [_rows(item) for item in items]
    while remaining:
        ready = [i for i in remaining if needs[items[i].slot] <= bound] or remaining
        best = max(ready, key=lambda i: (_score(facts[items[i].slot], bound), -rows[i], -i))
        remaining.remove(best)
        placed.append(items[best])
        bound.add(items[best].slot)
    return rebuild(placed, where)


def _score(facts: list, bound: set) -> int:
    """The best rank of a conjunct that the item could use once ``bound`` is filled."""
    score = 0
    for others, rank in facts:
        if rank > score and others <= bound:
            score = rank
    return score


_UNKNOWN_ROWS = 1 << 20      # SQLite's default estimate of a table's rows (LogEst 200)


def _rows(item) -> int:
    """The rows ANALYZE counted in the item's table (every figure starts with them)."""
    stats = getattr(getattr(_leaf(item.node), "table", None), "stats", None)
    return next(iter(stats.values()))[0] if stats else _UNKNOWN_ROWS


def _lookup_rank(conjunct, item) -> int:
    """3: rowid equality, 2: equality on an indexed column, 1: other equality, 0: other."""
    if not (isinstance(conjunct, b.Compare) and conjunct.op == "eq"):
        return 0
    for side, other in ((conjunct.left, conjunct.right), (conjunct.right, conjunct.left)):
        if isinstance(side, b.ColumnRef) and side.slot == item.slot \
                and item.slot not in slots_of(other):
            table = getattr(_leaf(item.node), "table", None)
            if table is None:
                return 1
            if side.column < 0 or side.column == table.rowid_alias:
                return 3
            if any(ix.columns[0].column == side.column and not ix.partial
                   for ix in table.indexes):
                return 2
            return 1
    return 0


def _argument_slots(item, where: list) -> set:
    """The slots read by the WHERE equalities on a table-valued function's hidden columns
    that it could take as arguments (``function_arguments.py``): SQLite's xBestIndex costs
    a pragma function or json_each without its first argument so high that the items
    these read go first."""
    scan = _leaf(item.node)
    if not isinstance(scan, L.FunctionScan):
        return set()
    found: set = set()
    for conjunct in where:
        found |= argument_slots(scan, conjunct)
    return found


def _leaf(node):
    while hasattr(node, "child"):
        node = node.child
    return node
