"""The join order SQLite's solver picks once ANALYZE has given figures, for ``reorder_joins``.

With statistics SQLite does not join greedily: it costs every way of reaching each table
(where.c, whereLoopAddBtree and whereLoopAddBtreeIndex) and keeps the cheapest order of
the whole nest (wherePathSolver). For joins of up to ``_MAX_ITEMS`` plain tables this
module does the same with SQLite's estimates, in LogEst units (``costs.py``):

| way to reach a table        | rows out (nOut)                | cost of one visit (rRun)         |
|-----------------------------|--------------------------------|----------------------------------|
| full scan                   | the table's rows               | ``costs.full_scan``              |
| rowid = known value         | 1 (LogEst 0)                   | log(rows) + 16                   |
| index, = on a key prefix    | the figure for that prefix     | log(rows) + out + 1 + 15 x index |
|                             | (1 for a unique index matched) | width / table width, + out + 16  |
|                             |                                | for reading the table's rows     |
| automatic index (RowanDB: a | 20 (LogEst 43)                 | log(rows) + 43, once: rows +     |
| hash join), = on a column   |                                | log(rows) + 28 to build it       |

log(rows) is estLog: 0 up to LogEst 10, else LogEst(rows) - 33. An index searched by
equality replaces an automatic index needing no fewer tables (whereLoopFindLesser). A
term on the table alone that a way other than an automatic index does not use takes one off its rows out, and an equality with a
constant caps them at rows - 20 (- 10 for -1, 0 or 1): whereLoopOutputAdjust. A path's
cost adds, table after table, the setup and rows-so-far + rRun; its rows multiply
(LogEsts add). For each set of tables the solver keeps its cheapest path (then fewer
rows, then the first found), and an automatic index is not built for an outer loop that
runs under 1.25 times; of the full paths the cheapest, the first found on ties. A value known only through another table of the nest makes that table
a prerequisite. Only equality terms are costed (ranges and IN are not), nor sorting.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import slots_of
from .choose_index import search_term, usable
from .costs import full_scan, index_rows, index_width, log_est, log_est_add, table_rows, \
    table_width

_MAX_ITEMS = 5


@dataclass(frozen=True)
class Way:
    """One way to reach a table: SQLite's WhereLoop, reduced to what the order needs."""
    prereq: frozenset           # slots that must come before
    setup: int
    run: int
    out: int


def solve(items: list, where: list):
    """The positions of ``items`` in SQLite's order, or None when the nest is not one
    this module costs (too many items, or one that is not a table). ``where`` gains the
    equalities that follow from others (``transitive``), as SQLite's planner sees them."""
    if len(items) > _MAX_ITEMS or not all(_table(item) is not None for item in items):
        return None
    if not any(_table(item).stats for item in items):
        return None
    where.extend(transitive(where, {item.slot for item in items}))
    ways = [(position, way) for position, item in enumerate(items)
            for way in _ways(item, where)]
    slots = [item.slot for item in items]
    paths = [_Path(frozenset(), 0, 0, 0, ())]
    for _ in items:
        paths = _extend(paths, ways, slots)
    if not paths:
        return None
    best = paths[0]
    for path in paths[1:]:
        if path.cost < best.cost:
            best = path
    return list(best.order)


@dataclass(frozen=True)
class _Path:
    placed: frozenset
    rows: int
    cost: int
    unsorted: int
    order: tuple


def _extend(paths: list, ways: list, slots: list) -> list:
    """The best path to each set of tables one longer than ``paths`` (wherePathSolver:
    cost, then rows, then unsorted cost decide; the first found wins ties)."""
    found: dict = {}
    for path in paths:
        for position, way in ways:
            slot = slots[position]
            if slot in path.placed or not way.prereq <= path.placed:
                continue
            if way.setup and path.rows < 3:     # an automatic index for under 1.25 runs
                continue
            unsorted = way.run + path.rows
            if way.setup:
                unsorted = log_est_add(way.setup, unsorted)
            unsorted = log_est_add(unsorted, path.unsorted)
            new = _Path(path.placed | {slot}, path.rows + way.out, unsorted, unsorted - 2,
                        path.order + (position,))
            old = found.get(new.placed)
            if old is None or (old.cost, old.rows, old.unsorted) > \
                    (new.cost, new.rows, new.unsorted):
                found[new.placed] = new
    return list(found.values())


_NUMERIC = ("INTEGER", "REAL", "NUMERIC")


def transitive(where: list, local: set) -> list:
    """The equalities ``a.x = c.x`` that ``a.x = b.x AND b.x = c.x`` imply, for columns
    compared without conversion: the same affinity or both numeric, BINARY collation
    (where.c, termIsEquivalence). They are true whenever the WHERE is, so adding them
    changes no answer; they let ``c`` be searched by ``a``'s column."""
    links = [c for c in where if _equivalence(c, local)]
    classes: list = []
    for link in links:
        ends = {_key(link.left), _key(link.right)}
        joined = [group for group in classes if group[0] & ends]
        merged = (set(ends), [link])
        for group in joined:
            classes.remove(group)
            merged = (merged[0] | group[0], merged[1] + group[1])
        classes.append(merged)
    derived = []
    for members, group in classes:
        sides = {_key(e): e for link in group for e in (link.left, link.right)}
        present = {frozenset((_key(link.left), _key(link.right))) for link in group}
        for one, other in itertools.combinations(sorted(members), 2):
            if frozenset((one, other)) not in present and one[0] != other[0]:
                derived.append(b.Compare("eq", sides[one], sides[other], "BINARY",
                                         sides[one].affinity, sides[other].affinity))
    return derived


def _equivalence(conjunct, local: set) -> bool:
    if not (isinstance(conjunct, b.Compare) and conjunct.op == "eq"
            and conjunct.collation == "BINARY"):
        return False
    left, right = conjunct.left, conjunct.right
    if not (isinstance(left, b.ColumnRef) and isinstance(right, b.ColumnRef)):
        return False
    if left.slot == right.slot or left.slot not in local or right.slot not in local:
        return False
    return left.affinity == right.affinity or (left.affinity in _NUMERIC
                                               and right.affinity in _NUMERIC)


def _key(column) -> tuple:
    return (column.slot, column.column)


def _table(item):
    node = item.node
    while isinstance(node, L.Filter):
        node = node.child
    if isinstance(node, L.Scan) and node.table.virtual is None and node.indexed is None:
        return node.table
    return None


def _scan(item):
    node = item.node
    while isinstance(node, L.Filter):
        node = node.child
    return node


def _ways(item, where: list) -> list:
    table, scan = _table(item), _scan(item)
    local = [c for c in where if slots_of(c) == {item.slot}]
    terms = [(c, t) for c in where for t in [search_term(c, scan)]
             if t is not None and t.op == "eq" and t.column != -2]
    rows = table_rows(table)
    ways = [_adjusted(Way(frozenset(), 0, full_scan(table), rows), rows, local, ())]
    automatic = []
    for conjunct, term in terms:
        needs = frozenset(slots_of(term.value))
        if term.column == -1 or term.column == table.rowid_alias:
            run = log_est_add(_est_log(rows), 16)
            ways.append(_adjusted(Way(needs, 0, run, 0), rows, local, (conjunct,)))
        elif needs:                     # an automatic index (RowanDB: a hash join)
            automatic.append(Way(needs, _est_log(rows) + rows + 28,
                                 log_est_add(_est_log(rows), 43), 43))
    searches = [w for index in reversed(table.indexes) if usable(index, where, item.slot)
                for w in _index_ways(table, index, terms, item.slot, local)]
    # an index searched by equality beats an automatic index needing as much
    automatic = [a for a in automatic if not any(w.prereq <= a.prereq for w in searches)]
    return automatic + ways + searches


def _index_ways(table, index, terms, slot: int, local: list, used=(), needs=frozenset()):
    """The equality searches of ``index``: one per prefix its terms can fill, by each
    term that can fill it (whereLoopAddBtreeIndex tries them all)."""
    position = len(used)
    if position == len(index.columns):
        return
    key = index.columns[position]
    size = index_rows(table, index)
    for conjunct, term in terms:
        if term.column != key.column or term.collation != key.collation:
            continue
        now_used, now_needs = used + (conjunct,), needs | slots_of(term.value)
        out = _prefix_rows(table, index, position + 1)
        cost = log_est_add(_est_log(size),
                           out + 1 + 15 * index_width(table, index) // table_width(table))
        cost = log_est_add(cost, out + 16)
        yield _adjusted(Way(frozenset(now_needs), 0, cost, out), size, local, now_used)
        yield from _index_ways(table, index, terms, slot, local, now_used, now_needs)


_DEFAULT_PREFIX = (33, 32, 30, 28, 26)     # sqlite3DefaultRowEst, LogEst; then 23


def _prefix_rows(table, index, prefix: int) -> int:
    """LogEst of the rows an equality on the first ``prefix`` keys of ``index`` finds."""
    figures = table.stats.get(index.name.lower())
    if figures is not None and len(figures) > prefix:
        return log_est(figures[prefix])
    if index.unique and prefix == len(index.columns):
        return 0
    return _DEFAULT_PREFIX[prefix - 1] if prefix <= len(_DEFAULT_PREFIX) else 23


def _adjusted(way: Way, rows: int, local: list, used: tuple) -> Way:
    """``way`` with its rows out lowered by the terms on its table alone it leaves
    unused (where.c, whereLoopOutputAdjust)."""
    out, reduce = way.out, 0
    for conjunct in local:
        if any(conjunct is u for u in used):
            continue
        out -= 1
        if isinstance(conjunct, b.Compare) and conjunct.op in ("eq", "is"):
            k = _small_integer(conjunct)
            reduce = max(reduce, 10 if k else 20)
    if out > rows - reduce:
        out = rows - reduce
    return Way(way.prereq, way.setup, way.run, out)


def _small_integer(conjunct) -> bool:
    value = conjunct.right
    return isinstance(value, b.Literal) and type(value.value) is int and -1 <= value.value <= 1


def _est_log(n: int) -> int:
    return 0 if n <= 10 else log_est(n) - 33
