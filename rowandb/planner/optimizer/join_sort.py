"""SQLite's path solver where an ORDER BY a loop could deliver weighs the sort it saves.

``join_costs.solve`` finds SQLite's cheapest order of a join by the loops' costs alone,
which is SQLite's answer when a query has no ORDER BY. With one, SQLite's
sqlite3WhereBegin runs its solver (where.c, wherePathSolver) twice: first ignoring the
order (its row estimate, nRowEst, 0), then -- after whereInterstageHeuristic has barred
the full scans of the tables the first path searched by an equality, from the outermost
loop to the first that is not such a search -- pricing the sort each path still needs
at the first pass's rows + 1. This module reproduces that second pass in SQLite's own
units (LogEst, ``costs.py``):

| figure              | SQLite's                                                          |
|---------------------|-------------------------------------------------------------------|
| paths kept per step | 1 for one loop, 5 for two, 12 for more, 18 for a star query       |
|                     | (mxChoice; ``join_costs._star``)                                  |
| a path's key        | its set of loops and whether its order is still open (isOrdered   |
|                     | -1): two such paths compete, others fill the beam, the worst out  |
| ORDER BY terms the  | ``satisfied``: wherePathSatisfiesOrderBy, loop by loop from the   |
| path delivers       | outermost (terms fixed by an equality with outer loops, the keys  |
|                     | of the index or rowid it reads, then terms of order-distinct      |
|                     | loops only); -1 while every loop so far is order-distinct          |
| cost of the sort    | ``sorting_cost``: whereSortingCost: rows + LogEst((result columns |
|                     | + 59) / 30), scaled by the share of terms left unsorted, + 10 (+6 |
|                     | with a partial sort) under a constant LIMIT, + estLog(rows or the |
|                     | LIMIT's); a path that sorts costs LogEstAdd(its cost, that) + 3,  |
|                     | one that does not has its unsorted cost lowered by 2              |
| ties                | cost, then rows, then unsorted cost, then a narrower index last   |
|                     | (whereLoopIsNoBetter); the first found stays                      |

``join_ways.ways`` adds, for an ORDER BY, the full scans of the indexes that might
deliver it (indexMightHelpWithOrderBy: one whose keys hold an ORDER BY column of the
table, any index when the ORDER BY reads its rowid) and keeps each apart from the ways
of other sort indexes (iSortIdx), as whereLoopInsert does.

A DISTINCT query's sort counts half the rows (WHERE_WANT_DISTINCT); one whose ORDER BY
is its result list SQLite plans as a GROUP BY of it, its terms delivered in any order
(WHERE_DISTINCTBY). An automatic index, costed before it exists, delivers no order.

Not modelled: ORDER BY terms on expressions of an index, IN terms.
"""

from __future__ import annotations

from typing import NamedTuple

from ..plan import bound as b
from ..plan.analysis import slots_of
from ..plan.expr_compare import same
from ...catalog.schema import EXPRESSION, VIRTUAL
from .costs import log_est, log_est_add
from .join_ways import _est_log


class Sorting(NamedTuple):
    """What SQLite's solver reads of a query's ORDER BY: its terms (``b.OrderItem``),
    the number of result columns, a constant LIMIT's rows as a LogEst (None: none),
    whether the query is DISTINCT (WHERE_WANT_DISTINCT), and whether its terms may come
    in any order (WHERE_DISTINCTBY: a DISTINCT whose ORDER BY is its result list)."""
    terms: tuple
    columns: int
    limit: int | None
    distinct: bool = False
    any_order: bool = False
    min_max: bool = False       # a lone min()'s or max()'s order (min_max_order.py)
    group_by: bool = False      # a lone table's GROUP BY (``group_sorting``)


def sorting(select) -> Sorting:
    """The ``Sorting`` of ``select``, whose ORDER BY SQLite's planner weighs. A DISTINCT
    query whose ORDER BY is its result list, each term ascending, SQLite plans as a
    GROUP BY of that list (select.c), whose terms a path may deliver in any order, with
    no LIMIT weighed."""
    if select.distinct and len(select.order_by) == len(select.columns) and all(
            not o.desc and o.nulls_first and same(o.expr, c, None, None)
            for o, c in zip(select.order_by, select.columns)):
        return Sorting(tuple(select.order_by), len(select.columns), None, False, True)
    limit = select.limit
    rows = None
    if isinstance(limit, b.Literal) and type(limit.value) is int and \
            0 < limit.value and log_est(limit.value) < 320:
        rows = log_est(limit.value)       # select.c computeLimitRegisters: SF_FixedLimit
    return Sorting(tuple(select.order_by), len(select.columns), rows, select.distinct)


def group_sorting(select) -> Sorting | None:
    """The GROUP BY of ``select``, a query of one table grouping by its columns, as the
    ORDER BY SQLite's solver weighs (sqlite3WhereBegin gets the GROUP BY as its pOrderBy,
    WHERE_GROUPBY), or None. Asked only by ``order_choice`` where a rowid range's COLLATE
    names no collation: whether the solver reads an index in the groups' order, testing
    the range on each row, which asks the collation."""
    if not select.group_by or len(select.items) != 1 or \
            not isinstance(select.items[0].source, b.TableSource):
        return None
    items = []
    for expr in select.group_by:
        column = expr.operand if isinstance(expr, b.Collate) else expr
        if not isinstance(column, b.ColumnRef) or column.slot != select.items[0].source.slot:
            return None
        items.append(b.OrderItem(expr, False, True, getattr(expr, "collation", "BINARY")))
    return Sorting(tuple(items), len(select.columns), None, group_by=True)


class _Term(NamedTuple):
    """An ORDER BY term as the solver matches it: the column (slot, column; -1 the
    rowid) or None, its collation and direction, whether it asks for NULLs where the
    index does not put them (KEYINFO_ORDER_BIGNULL), the join's slots it reads, whether
    it is constant, and the (slots, collation) of the equalities that fix it."""
    column: tuple | None
    collation: str
    desc: bool
    big_null: bool
    slots: frozenset
    constant: bool
    fixed: list
    # under a lone min() or max(), the INs on the column: one a loop searches by fixes
    # it to that loop (wherePathSatisfiesOrderBy: eqOpMask takes WO_IN, the term used)
    in_fixed: tuple = ()
    # under a lone min() or max(), an argument that is an expression: an index key on
    # the same expression delivers it (where.c wherePathSatisfiesOrderBy, XN_EXPR)
    expr: object = None


def terms(order: Sorting, where: list, tables: dict) -> list:
    """The ``_Term`` of each ORDER BY term, over the join's tables (slot -> table)."""
    found = []
    for item in order.terms:
        expr = item.expr.operand if isinstance(item.expr, b.Collate) else item.expr
        column = None
        if isinstance(expr, b.ColumnRef) and expr.slot in tables:
            column = (expr.slot, _rowid(tables[expr.slot], expr.column))
        slots = frozenset(slots_of(item.expr) & set(tables))
        fixed = _fixing(column, where, tables) if column else []
        in_fixed = tuple(c for c in where if isinstance(c, (b.InList, b.InSubquery)) and
                         not c.negated and
                         _is(c.operand, *column, tables)) if column and order.min_max else ()
        keyed = expr if column is None and order.min_max else None
        found.append(_Term(column, item.collation, item.desc, item.nulls_first == item.desc,
                           slots, not slots_of(item.expr), fixed, in_fixed, keyed))
    return found


def _rowid(table, column: int) -> int:
    return -1 if table is not None and column == table.rowid_alias and \
        not table.without_rowid else column


def _fixing(column: tuple, where: list, tables: dict) -> list:
    """(slots read, collation or None) of each ``x = v``, ``x IS v`` or ``x IS NULL`` of
    the WHERE fixing ``column`` (sqlite3WhereFindTerm with WO_EQ|WO_IS|WO_ISNULL)."""
    slot, wanted = column
    found = []
    for conjunct in where:
        if isinstance(conjunct, b.Unary) and conjunct.op == "isnull":
            if _is(conjunct.operand, slot, wanted, tables):
                found.append((frozenset(), None))
            continue
        if not (isinstance(conjunct, b.Compare) and conjunct.op in ("eq", "is")):
            continue
        for side, other in ((conjunct.left, conjunct.right), (conjunct.right, conjunct.left)):
            if _is(side, slot, wanted, tables) and slot not in slots_of(other):
                found.append((frozenset(slots_of(other) & set(tables)), conjunct.collation))
                break
    return found


def _is(expr, slot: int, column: int, tables: dict) -> bool:
    expr = expr.operand if isinstance(expr, b.Collate) else expr
    return isinstance(expr, b.ColumnRef) and expr.slot == slot and \
        _rowid(tables[slot], expr.column) == column


def satisfied(order: list, loops: tuple, tables: dict, any_order: bool = False) -> int:
    """How many ORDER BY terms the loops (``(slot, way)``, outermost first) deliver in
    order, or -1 while that is still open (where.c, wherePathSatisfiesOrderBy);
    ``any_order``: an index column may deliver any term not yet delivered."""
    done = set()
    distinct = True
    distinct_slots: set = set()
    ready: set = set()
    for slot, way in loops:
        if not distinct or len(done) == len(order):
            break
        if way is None:                 # a table-valued function: no order of its own
            break
        for i, term in enumerate(order):
            if i not in done and term.column and term.column[0] == slot and any(
                    needs <= ready and (collation is None or term.column[1] < 0
                                        or collation == term.collation)
                    for needs, collation in term.fixed) or any(
                    u is c for c in term.in_fixed for u in way.used):
                done.add(i)
        if not way.one_row:
            keys = _keys(tables[slot], way)
            if keys is None:            # where.c: no index (u.btree.pIndex 0): 0
                return 0
            distinct = _deliver(order, done, keys, way, slot, tables[slot], any_order)
        if distinct:
            distinct_slots.add(slot)
            for i, term in enumerate(order):
                if i not in done and (term.slots or term.constant) and \
                        term.slots <= distinct_slots:
                    done.add(i)
        ready.add(slot)
    if len(done) == len(order):
        return len(order)
    return _prefix(order, done) if not distinct else -1


def _prefix(order: list, done: set) -> int:
    count = 0
    while count < len(order) and count in done:
        count += 1
    return count if count < len(order) else len(order)


def _keys(table, way):
    """(columns of the b-tree the way reads in order: (column, collation, desc), key
    columns, unique) -- None for an automatic index, which the planner costs before it
    exists (no index: it delivers nothing, and the path no term)."""
    if way.setup:
        return None
    index = way.index
    if index is None:                   # the rowid's b-tree
        return [(-1, "BINARY", False)], 0, False
    columns = [(_rowid(table, c.column), c.collation, c.desc) for c in index.columns]
    if not table.without_rowid:
        columns.append((-1, "BINARY", False))
    elif index.origin == "pk":
        held = {c.column for c in index.columns}
        columns += [(i, "BINARY", False) for i, c in enumerate(table.columns)
                    if i not in held and c.generated != VIRTUAL]
    else:
        columns += [(c.column, c.collation, c.desc) for c in index.suffix]
    return columns, len(index.columns), index.unique


def _deliver(order: list, done: set, keys, way, slot: int, table, any_order: bool) -> bool:
    """Marks the ORDER BY terms the way's b-tree delivers after its equalities; whether
    the loop stays order-distinct (its rows differ in the terms it delivers)."""
    columns, key_count, distinct = keys
    direction = None
    rowid_matched = False
    for j, (column, collation, desc) in enumerate(columns):
        if j < way.n_eq:
            continue
        if distinct and (column == EXPRESSION or column >= 0 and not _not_null(table, column)):
            distinct = False
        candidates = [i for i in range(len(order)) if i not in done]
        expr = way.index.form.exprs[j] if column == EXPRESSION else None
        i = next((i for i in candidates[:None if any_order else 1]
                  if _matches(order[i], slot, column, collation, expr)), None)
        match = i is not None
        if match:
            reverse = desc != order[i].desc
            if direction is None:
                direction = reverse
            elif direction != reverse:
                match = False
        if match and order[i].big_null and j != way.n_eq:
            match = False
        if not match:
            if j == 0 or j < key_count:
                distinct = False
            break
        rowid_matched = rowid_matched or column < 0
        done.add(i)
    return distinct or rowid_matched


def _matches(term, slot: int, column: int, collation: str, expr=None) -> bool:
    if column == EXPRESSION:
        return term.expr is not None and term.collation == collation and \
            same(term.expr, expr, slot, 0)
    return term.column == (slot, column) and (column < 0 or term.collation == collation)


def _not_null(table, column: int) -> bool:
    return table.columns[column].notnull or \
        (table.without_rowid and column in table.primary_key)


def sorting_cost(order: Sorting, rows: int, count: int, ordered: int) -> int:
    """whereSortingCost: the cost of sorting ``rows`` (LogEst) when the first
    ``ordered`` of the ``count`` ORDER BY terms come in order."""
    cost = rows + log_est((order.columns + 59) // 30)
    if ordered > 0:
        cost += log_est((count - ordered) * 100 // count) - 66
    if order.limit is not None:
        cost += 10 + (6 if ordered else 0)
        rows = min(rows, order.limit)
    elif order.distinct and rows > 10:
        rows -= 10                      # the DISTINCT halves the rows
    return cost + _est_log(rows)


class _Path(NamedTuple):
    placed: int
    rows: int
    cost: int
    unsorted: int
    ordered: int
    steps: tuple


def solve(steps: list, count: int, order: Sorting, where: list, tables: dict,
          choices: int | None = None):
    """The steps of the join's items in SQLite's order: the first pass without the
    sort, whereInterstageHeuristic, the second pass with it. ``steps``: join_costs'
    ``_Step``s (each with its ``way`` and ``slot``); ``tables``: slot -> table;
    ``choices``: the paths kept at each step (``join_costs._star``)."""
    order_terms = terms(order, where, tables)
    first = beam(steps, count, 0, order, order_terms, tables, choices)
    if first is None:
        return None
    steps = _interstage(steps, first)
    second = beam(steps, count, 1 if first.rows < 0 else first.rows + 1, order,
                  order_terms, tables, choices)
    return list((second or first).steps)


def _interstage(steps: list, first: _Path) -> list:
    """whereInterstageHeuristic: from the outermost loop of the first path, while each
    is a search by an equality, the unconstrained ways of its table are barred."""
    barred = set()
    for step in first.steps:
        if step.way is None:
            continue
        if step.way.n_eq == 0 or step.way.setup:
            break
        barred.add(step.bit)
    return [s for s in steps if not (s.bit in barred and s.way is not None
                                     and not s.way.searched and not s.way.setup)]


def beam(steps: list, count: int, estimate: int, order, order_terms: list, tables: dict,
         choices: int | None = None):
    """One run of wherePathSolver with nRowEst ``estimate`` (0: the sort ignored; so
    ``join_costs.solve`` runs it for a query without an ORDER BY), keeping ``choices``
    paths at each step (mxChoice: 1 for one loop, 5 for two, else 12)."""
    wanted = len(order_terms) if estimate else 0
    if choices is None:
        choices = 1 if count <= 1 else 5 if count == 2 else 12
    if not estimate:
        return _plain_beam(steps, count, choices)
    paths = [_Path(0, 0, 0, 0, -1 if wanted else 0, ())]
    costs: dict = {}
    for _ in range(count):
        kept: list = []
        worst = (0, 0, 0)               # (mxI, mxCost, mxUnsort)
        for path in paths:
            for step in steps:
                if step.prereq & ~path.placed or step.bit & path.placed:
                    continue
                if step.setup and path.rows < 3:
                    continue
                new = _step(path, step, wanted, estimate, order, order_terms, tables, costs)
                worst = _keep(kept, new, step, choices, worst)
        paths = kept
    return _cheapest(paths)


def _cheapest(paths: list):
    """The cheapest of the full paths, the first found on ties; None when there is none."""
    if not paths:
        return None
    best = paths[0]
    for path in paths[1:]:
        if best.cost > path.cost:
            best = path
    return best


def _step(path, step, wanted, estimate, order, order_terms, tables, costs) -> _Path:
    unsorted = step.run + path.rows
    if step.setup:
        unsorted = log_est_add(step.setup, unsorted)
    unsorted = log_est_add(unsorted, path.unsorted)
    ordered = path.ordered
    steps = path.steps + (step,)
    if ordered < 0:
        ordered = satisfied(order_terms, tuple((s.slot, s.way) for s in steps), tables,
                            order.any_order)
    if 0 <= ordered < wanted:
        if ordered not in costs:
            costs[ordered] = sorting_cost(order, estimate, wanted, ordered)
        cost = log_est_add(unsorted, costs[ordered]) + 3
    else:
        cost, unsorted = unsorted, unsorted - 2
    return _Path(path.placed | step.bit, path.rows + step.out, cost, unsorted, ordered, steps)


def _keep(kept: list, new: _Path, step, choices: int, worst: tuple) -> tuple:
    """Puts ``new`` among the ``kept`` paths as wherePathSolver does; the new worst."""
    at = next((j for j, p in enumerate(kept) if p.placed == new.placed
               and (p.ordered < 0) == (new.ordered < 0)), None)
    if at is None:
        if len(kept) >= choices and (new.cost > worst[1] or
                                     (new.cost == worst[1] and new.unsorted >= worst[2])):
            return worst
        if len(kept) < choices:
            at = len(kept)
            kept.append(None)
        else:
            at = worst[0]
    else:
        old = kept[at]
        if (old.cost, old.rows, old.unsorted) < (new.cost, new.rows, new.unsorted) or \
                (old.cost, old.rows, old.unsorted) == (new.cost, new.rows, new.unsorted) \
                and not (step.width is not None and old.steps[-1].width is not None
                         and step.width < old.steps[-1].width):
            return worst
    kept[at] = new
    return worst if len(kept) < choices else _worst(kept, choices)


def _worst(kept: list, choices: int) -> tuple:
    """(mxI, mxCost, mxUnsort) of a full beam: the path a new set of tables replaces."""
    index, cost, unsorted = 0, kept[0].cost, kept[0].rows
    for j in range(1, choices):
        if kept[j].cost > cost or (kept[j].cost == cost and kept[j].unsorted > unsorted):
            index, cost, unsorted = j, kept[j].cost, kept[j].unsorted
    return index, cost, unsorted


def _plain_beam(steps: list, count: int, choices: int):
    """``beam`` with the sort ignored (nRowEst 0: no path is ordered, every cost is its
    unsorted one), the best path, or None: the same paths kept at each step as
    ``_step`` and ``_keep`` keep, a path's figures worked out before it is made and
    only a path kept made (most are not: a join of ten tables extends each of twelve
    paths by each table), its place among the kept found by its set of tables (no two
    kept paths have the same set)."""
    paths = [_Path(0, 0, 0, 0, 0, ())]
    for _ in range(count):
        kept: list = []
        placed_at: dict = {}            # a kept path's set of tables -> its place
        worst = (0, 0, 0)
        for path in paths:
            placed, rows, before, taken = path.placed, path.rows, path.unsorted, path.steps
            for step in steps:
                if step.prereq & ~placed or step.bit & placed or step.setup and rows < 3:
                    continue
                unsorted = step.run + rows
                if step.setup:
                    unsorted = log_est_add(step.setup, unsorted)
                cost = log_est_add(unsorted, before)
                now, out, unsorted = placed | step.bit, rows + step.out, cost - 2
                at = placed_at.get(now)
                if at is None:
                    if len(kept) < choices:
                        at = len(kept)
                        kept.append(None)
                    elif cost > worst[1] or cost == worst[1] and unsorted >= worst[2]:
                        continue
                    else:
                        at = worst[0]
                        del placed_at[kept[at].placed]
                elif _no_better(kept[at], cost, out, unsorted, step):
                    continue
                kept[at] = _Path(now, out, cost, unsorted, 0, taken + (step,))
                placed_at[now] = at
                if len(kept) >= choices:
                    worst = _worst(kept, choices)
        paths = kept
    return _cheapest(paths)


def _no_better(old: _Path, cost: int, rows: int, unsorted: int, step) -> bool:
    """Whether a new path of ``old``'s tables with these figures, ending in ``step``, is
    no better than ``old`` (``_keep``'s test: figures, then a narrower last index)."""
    if (old.cost, old.rows, old.unsorted) != (cost, rows, unsorted):
        return (old.cost, old.rows, old.unsorted) < (cost, rows, unsorted)
    return not (step.width is not None and old.steps[-1].width is not None
                and step.width < old.steps[-1].width)
