"""Rule 2: choose the order of an all-inner join: SQLite 3.54's, costed, or greedily.

Nested loops cost the product of the rows each level produces, so the order matters far
more than anything else, and where a query has no ORDER BY its rows come in the loops'
order (and an expression that can raise meets a row, or not, by it): so RowanDB nests the
tables as SQLite does. Inner joins commute, so the rule may put the FROM items in any
order. For a join of up to ten plain tables (json_each and json_tree among them) the
order is the cheapest by SQLite's own cost model (``join_costs.solve`` over the ways
``join_ways.py`` finds: scans, rowid and index searches, automatic indexes -- RowanDB's
hash joins -- with SQLite's default estimates, or ANALYZE's figures when it has given
them), with the equalities that follow from others added to the WHERE as SQLite's planner
sees them, and the sort an ORDER BY a loop could deliver weighed as SQLite's solver weighs
it (``join_sort.py``). Longer joins (select5 of the sqllogictest corpus joins up to 64
tables), and joins holding a subquery SQLite does not flatten into one table's loop or
another table-valued function go greedily: first the item with the best lookup from
constants alone, then repeatedly the item best reached from the items already placed.
"Best" ranks a rowid equality over an index equality over any equality over any other
predicate over nothing; among items ranked alike, the one ANALYZE counted fewer rows in
comes first (``Table.stats``; an item without figures counts as SQLite's default of about a million
rows); remaining ties keep the order written. Chains with a RIGHT or FULL JOIN are left as
written (their order is part of their meaning) but for the items after the last one,
ordered greedily when a table-valued function there reads an item written after it. The
right item of a CROSS JOIN or of a LEFT JOIN comes after every item written before it, as
SQLite never reorders across one (a CROSS JOIN is its documented way to fix an order); the
items joined inner after a LEFT JOIN may move before it, as in SQLite, which searches the
LEFT JOIN's right table by its ON's terms only; a chain with a LEFT JOIN the costs do not
cover (``solve`` gives None) stays as written -- unless a table-valued function reads an
item written after it (``_reads_forward``), when it goes greedily.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import slots_of
from .chain import flatten, rebuild
from .function_arguments import argument_slots
from .join_costs import solve
from .node_slots import read_slots


def reorder_joins(node, ordered=None, reads=None, automatic=None, scans=None, wholes=None,
                  terms=None, searches=None):
    """``ordered``: the query's ORDER BY when a loop could deliver it
    (``join_sort.Sorting``): SQLite's solver then also weighs the sort an order saves
    (wherePathSolver; ``join_sort.py``). A row source with no join under its Filters
    (one FROM item: most queries) is given back before the chain is taken apart, as it
    would be after: there is nothing to order. ``reads``: the columns the query reads of
    each FROM item (an index holding them is costed as SQLite's covering one).
    ``automatic``: a set given the slots of the tables SQLite's costed order reaches
    through an automatic index (``join_costs.solve``); ``scans``: a dict given the
    tables that order reads whole, under an ORDER BY (``order_choice.py``); ``wholes``: a
    dict given the slots of those it reads through a whole secondary index (under an
    ORDER BY, one it might not use), with the index (``whole_index``). ``terms``: the
    WHERE's and ON's terms as
    SQLite lists them, before any rule folded or hoisted one (``written_terms``);
    ``searches``: a dict given the way the costed order searches each table by
    (``costed_search.py``)."""
    if not _joined(node):
        return node
    flat = flatten(node)
    if flat is None:
        return node
    items, where = flat
    fixed = max((i + 1 for i, item in enumerate(items) if item.kind in ("right", "full")),
                default=0)              # the items a RIGHT or FULL JOIN's meaning fixes
    if len(items) < 2 or any(len(item.slots) > 1 for item in items[1:]) or \
            fixed and not _reads_forward(items, where):
        return node                     # (a nested FROM clause comes after the target)
    outer = {item.slot: item.on for item in items if item.kind == "left"}
    for item in items[fixed:]:
        if item.kind != "left":
            where.extend(item.on)
            item.on = []
            item.kind = "inner"
    solved = solve(items, where, ordered, outer, reads, automatic, scans, wholes, terms,
                   searches) if not fixed else None
    if solved is not None:              # up to ten plain tables: SQLite's costed order
        return rebuild([items[i] for i in solved], where)
    if outer and not _reads_forward(items, where):
        return node                     # a LEFT JOIN's chain is costed or left as written
    by_slot = {item.slot: item for item in items}
    local = set(by_slot)
    facts: dict = {item.slot: [] for item in items}     # slot -> [(other slots, rank)]
    tables = {item.slot: getattr(_leaf(item.node), "table", None) for item in items}
    for conjunct in where:
        slots = slots_of(conjunct) & local
        for slot in slots:
            facts[slot].append((slots - {slot}, 1 + _lookup_rank(conjunct, slot, tables[slot])))
    # an item whose row source reads other items' slots (an index search chosen by an
    # earlier pass, keyed by their columns) can only come after them
    needs = {item.slot: read_slots(item.node) & local - {item.slot} for item in items}
    for item in items:                  # ... and a table-valued function after the items
        needs[item.slot] |= _argument_slots(item, where) & local    # its arguments read
    # ... a CROSS or LEFT JOIN's after those before it, as SQLite never moves one
    # earlier; the items a RIGHT or FULL JOIN fixes stay first, in their order
    prefix = {item.slot for item in items[:fixed]}
    for position, item in enumerate(items):
        if item.cross or item.slot in outer or position < fixed:
            needs[item.slot] |= {other.slot for other in items[:position]}
        needs[item.slot] |= prefix - {item.slot}
    return rebuild([items[i] for i in _greedy(items, facts, needs)], where)


def _reads_forward(items: list, where: list) -> bool:
    """Whether a table-valued function's arguments read an item written after it
    (``t LEFT JOIN json_each(u.j) JOIN u``): SQLite then runs that item's loop first, so a
    LEFT JOIN's chain the costs do not cover is ordered greedily, not left as written."""
    seen: set = set()
    for item in items:
        seen.add(item.slot)
        needs = read_slots(item.node) | _argument_slots(item, where)
        if isinstance(_leaf(item.node), L.FunctionScan) and needs - seen & {
                other.slot for other in items}:
            return True
    return False


def _greedy(items: list, facts: dict, needs: dict) -> list:
    """The positions of ``items`` in greedy order: each time the ready item with the best
    score (the best rank of a conjunct it could use once the items placed are filled),
    then the fewest rows, then the first written. An item's score only grows as items
    are placed, so placing one rescores only the items whose conjuncts read it."""
    waiting: dict = {}                  # slot -> [(position, other slots, rank)] reading it
    for position, item in enumerate(items):
        for others, rank in facts[item.slot]:
            for slot in others:
                waiting.setdefault(slot, []).append((position, others, rank))
    score = [max([rank for others, rank in facts[item.slot] if not others], default=0)
             for item in items]
    rows = [_rows(item) for item in items]
    ranked = [(score[i], -rows[i], -i) for i in range(len(items))]   # max() picks by it
    gated = any(needs.values())
    order: list = []
    bound: set = set()
    remaining = list(range(len(items)))          # positions as written: ties keep that order
    while remaining:
        ready = remaining if not gated else \
            [i for i in remaining if needs[items[i].slot] <= bound] or remaining
        best = max(ready, key=ranked.__getitem__)
        remaining.remove(best)
        order.append(best)
        slot = items[best].slot
        bound.add(slot)
        for position, others, rank in waiting.get(slot, ()):
            if rank > score[position] and others <= bound:
                score[position] = rank
                ranked[position] = (rank, -rows[position], -position)
    return order


_UNKNOWN_ROWS = 1 << 20      # SQLite's default estimate of a table's rows (LogEst 200)


def _rows(item) -> int:
    """The rows ANALYZE counted in the item's table (every figure starts with them): its
    first index's figures, else -- sqlite_stat1 has only the table's own row, as for a
    table without indexes -- the count of the last of ``stats[None]``'s (index, count)
    pairs (statistics.read_stats)."""
    stats = getattr(getattr(_leaf(item.node), "table", None), "stats", None)
    if not stats:
        return _UNKNOWN_ROWS
    key, figures = next(iter(stats.items()))
    return figures[0] if key is not None else figures[-1][1]


def _joined(node) -> bool:
    """Whether a Join lies under ``node``'s Filters (``flatten`` would find two items)."""
    while isinstance(node, L.Filter):
        node = node.child
    return isinstance(node, L.Join)


def _lookup_rank(conjunct, slot: int, table) -> int:
    """3: rowid equality, 2: equality on an indexed column, 1: other equality, 0: other;
    of the item at ``slot``, which reads ``table`` (None: no table)."""
    if not (isinstance(conjunct, b.Compare) and conjunct.op == "eq"):
        return 0
    for side, other in ((conjunct.left, conjunct.right), (conjunct.right, conjunct.left)):
        if isinstance(side, b.ColumnRef) and side.slot == slot \
                and slot not in slots_of(other):
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
