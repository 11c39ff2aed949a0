"""A full index scan SQLite's solver prefers to a search and a sort, for one table.

Where one table is read under an ORDER BY that an index (or the rowid) could deliver,
SQLite's path solver weighs the sort each of the table's loops leaves against what the
loop costs (where.c, wherePathSolver with nRowEst and whereSortingCost; the full scans
of the indexes that might deliver the order are loops of their own, whereLoopAddBtree
with indexMightHelpWithOrderBy). A range search that finds a quarter of the rows (its
default, whereRangeScanEst) and then sorts them can cost more than reading every entry
of the index in the ORDER BY's order: ``SELECT id FROM v WHERE p > f() ORDER BY q``
(indexes on p and on the UNIQUE q) is a scan of q's index, testing ``p > f()`` on each
row, f called per row; RowanDB searched p's range, calling f once, and sorted.

``order_choice`` runs that weighing -- ``join_sort.solve``, the second pass of SQLite's
solver that ``join_costs`` runs for joins, here over the one table's ways from
``join_ways.ways``; for a join's tables ``join_costs.solve`` notes the ones its order
reads whole -- and where it picks a full scan (of an index, or of the table in rowid
order) while RowanDB's search would have computed a volatile term once, reads the
table that way (``FROM u, v WHERE p > f() ORDER BY q``: v outside, read through q's
index, f per row of v): the Filter then tests each term on each row, and ``order_by_index``
finds the ORDER BY delivered and drops the Sort. Only where a term calls a volatile
function afresh (``in_choice.fresh_volatile``): elsewhere the rows are the same and
RowanDB keeps its search -- but under a lone min() or max(), whose bare columns come
from the first row its order meets (``min_max_order.min_max_sorting``): ``SELECT z,
min(x) FROM t WHERE y > 5`` reads x's index whole, as SQLite does, and where the solver
picks another search (an index's, the rowid's range, an IN loop: ``min_max_in_scan``),
RowanDB takes it where it builds the same.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin
from . import join_sort
from .choose_index import _best_search, on_rowid, seek_conjuncts, unlikely_operand
from .costed_search import costed_search
from .in_choice import fresh_volatile, read_whole
from .in_loop import in_loop
from .join_costs import _helps, _Step
from .join_ways import lone_ways
from .range_order import in_sqlite_order
from ..types.values import is_collation


def order_choice(scan: L.Scan, parts: list, found, node: L.Filter, reads, order):
    """``(found, node)``: the search chosen for ``scan`` and its Filter ``node``, or, when
    SQLite's solver reads the table whole for the ORDER BY and one of ``parts`` calls a
    volatile function afresh, that full scan. ``order``: None, or (the ORDER BY of a
    query of one table, ``join_sort.Sorting``, or None; slot -> index of the tables of
    a join its costed order reads whole, ``join_costs.solve``'s ``scans``)."""
    if order is None or scan.indexed is not None:
        return found, node
    sorting, scans = order
    if sorting is not None and sorting.min_max:
        return _min_max_choice(scan, parts, found, node, reads, sorting)
    if sorting is not None and _unknown_seek_collation(scan, parts, found):
        chosen = lone_way(scan, parts, reads, sorting)
        if chosen is not None and not chosen.searched and not chosen.setup:
            return _whole(scan, chosen.index, node)     # the range tested: it asks
    if sorting is not None and sorting.group_by:
        return found, node
    if found is None or not fresh_volatile(parts):
        return found, node
    if scan.slot in scans:
        index = scans[scan.slot]
    elif sorting is None:
        return found, node
    else:
        chosen = lone_way(scan, parts, reads, sorting)
        if chosen is None or chosen.setup:
            return found, node
        if chosen.searched:
            return _searched_choice(scan, parts, found, chosen), node
        index = chosen.index
    return _whole(scan, index, node)


def _searched_choice(scan: L.Scan, parts: list, found, chosen):
    """The search the solver ``chosen`` for one table under its ORDER BY, where
    RowanDB builds it the same: another index's by the same kind of terms
    (``costed_search``), or the rowid's range (``SELECT id FROM v WHERE q > 3 AND id >
    f() ORDER BY id``: rowid>?, no sorter, f once, where RowanDB searched q's range and
    sorted); else ``found``, as where it keys more equalities (whereLoopAdjustCost's
    superset, as ``_min_max_choice``)."""
    if isinstance(found, L.IndexScan) and len(found.equal) > chosen.n_eq:
        return found
    if chosen.index is not None:
        return costed_search(scan, in_sqlite_order(parts), found, chosen)
    if isinstance(found, L.RowidScan) or any(
            isinstance(c, (b.InList, b.InSubquery)) for c in chosen.used):
        return found                    # the rowid's already; an IN: rowid_in_cost's
    rowid = _best_search(dataclasses.replace(scan, indexed=()), in_sqlite_order(parts))
    return rowid if isinstance(rowid, L.RowidScan) and rowid.equal is None else found


def _min_max_choice(scan: L.Scan, parts: list, found, node: L.Filter, reads, sorting):
    """``order_choice`` under a lone min() or max(): the loop SQLite's solver picks, a
    full scan or another index's search by the same kind of terms (``costed_search``),
    whatever the terms call; the rowid's range; the table in rowid order where the solver
    searches the rowid's IN (an index's IN loop is ``min_max_in_scan``'s); RowanDB's own
    search where it keys more equalities (``choose_index`` models whereLoopAdjustCost's
    superset beside costs ``join_ways`` weighs otherwise) or where the solver's is not one
    RowanDB builds. Where RowanDB searches nothing, only an index's full scan is taken:
    the table's own (which the costs pick where they do not see an index help, one on an
    expression) is left to ``min_max_order`` and ``covering_scan``, which read an index
    that does."""
    chosen = lone_way(scan, parts, reads, sorting)
    if chosen is not None and chosen.index is None and _loops_in(chosen):
        return _whole(scan, None, node)     # the rowid's IN: its rows in rowid order
    if chosen is None or chosen.setup or found is None and _own(scan, chosen.index):
        return found, node
    if chosen.searched and chosen.index is None and not isinstance(found, L.RowidScan):
        rowid = _best_search(dataclasses.replace(scan, indexed=()), in_sqlite_order(parts))
        if isinstance(rowid, L.RowidScan) and rowid.equal is None:
            return rowid, node          # the rowid's range (``WHERE k > 10 AND z > 'c'``)
    if chosen.searched:
        if found is None or isinstance(found, L.IndexScan) and len(found.equal) > chosen.n_eq:
            return found, node          # more equalities: whereLoopAdjustCost's superset
        return costed_search(scan, in_sqlite_order(parts), found, chosen), node
    return _whole(scan, chosen.index, node)


def min_max_in_scan(scan: L.Scan, parts: list, reads, order):
    """Under a lone min() or max(), where SQLite's solver (with the call's order as its
    ORDER BY) searches ``scan``'s table by an IN loop of an index, ``scan`` read INDEXED
    BY that index, whose ``in_loop`` is that search (``SELECT *, min(x) FROM t WHERE y IN
    (2, 7)`` with indexes on y and on (y, x): (y, x), which needs no sort); False where
    the solver takes no IN loop of an index (``order_choice`` then weighs a full scan in
    the call's order, another search, the rowid's IN); None elsewhere, and where the
    solver's loop is not one ``in_loop`` builds (not matched)."""
    if order is None or scan.indexed is not None or order[0] is None or \
            not order[0].min_max or not any(isinstance(c, (b.InList, b.InSubquery))
                                            for c in parts) or \
            any(isinstance(c, (b.InList, b.InSubquery)) and on_rowid(c, scan) for c in parts):
        return None                     # (a rowid IN: SQLite's costs differ, not matched)
    chosen = lone_way(scan, parts, reads, order[0])
    if chosen is None or chosen.setup:
        return None
    if chosen.index is None or not _loops_in(chosen):
        return False
    named = dataclasses.replace(scan, indexed=chosen.index)
    looped = in_loop(named, in_sqlite_order(parts), conjoin(parts))
    return named if looped is not None and len(looped[0].equal) == chosen.keyed else None


def _loops_in(way) -> bool:
    """Whether ``way`` loops over an IN's values."""
    return any(isinstance(c, (b.InList, b.InSubquery)) for c in way.used)


def _unknown_seek_collation(scan: L.Scan, parts: list, found) -> bool:
    """Whether ``found`` is a search of the rowid's range by a term whose COLLATE names
    no collation: the search never asks it (``choose_index._seek_collations_unasked``),
    but where SQLite's solver reads an index in the ORDER BY's or GROUP BY's order
    instead, the term is tested on each row and asks (``WHERE id > 1 COLLATE xyz GROUP
    BY a``, a indexed: 'no such collation sequence: xyz')."""
    if not isinstance(found, L.RowidScan) or found.equal is not None:
        return False
    return any(not is_collation(unlikely_operand(c).collation)
               for c in seek_conjuncts(parts, scan, found))


def _own(scan: L.Scan, index) -> bool:
    """Whether reading ``index`` whole is reading the table in its own order: the rowid's
    (None) or a WITHOUT ROWID table's PRIMARY KEY's b-tree."""
    return index is None or index.origin == "pk" and scan.table.without_rowid


def _whole(scan: L.Scan, index, node: L.Filter):
    """``scan``'s table read whole through ``index`` (None: in its own order), under the
    Filter ``node``'s terms."""
    source = read_whole(scan, None if _own(scan, index) else index)
    return source, type(node)(source, node.predicate)


def lone_way(scan: L.Scan, parts: list, reads, sorting):
    """The way of ``scan``'s table SQLite's solver picks for a query of that table alone
    under the ORDER BY ``sorting`` (wherePathSolver's two passes, ``join_sort.solve``)."""
    table, slot = scan.table, scan.slot
    ways = lone_ways(scan, parts, reads, _helps(sorting, slot, table), sorting.min_max)
    if sorting.min_max:                 # an IN is an equality to the order (eqOpMask)
        ways = [way._replace(n_eq=way.keyed) if way.keyed > way.n_eq else way
                for way in ways]
    steps = [_Step(0, 1, 0, way.setup, way.run, way.out, way.width, way, slot)
             for way in ways]
    chosen = join_sort.solve(steps, 1, sorting, list(parts), {slot: table})
    return chosen[0].way if chosen else None
