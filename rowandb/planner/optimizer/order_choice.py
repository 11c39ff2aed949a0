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
min(x) FROM t WHERE y > 5`` reads x's index whole, as SQLite does. Where the solver
picks a search other than RowanDB's, that search is kept (not matched yet).
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from . import join_sort
from .choose_index import _best_search
from .costed_search import costed_search
from .in_choice import fresh_volatile, read_whole
from .join_costs import _helps, _Step
from .join_ways import lone_ways
from .range_order import in_sqlite_order


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
    whatever the terms call; RowanDB's own search where it keys more equalities (SQLite's
    whereLoopAdjustCost makes a loop whose terms are a superset of another's the cheaper,
    which ``choose_index`` models and ``join_ways`` does not), where the solver's needs an
    IN's loop (not matched) or is not one RowanDB builds. Where RowanDB searches nothing, only an
    index's full scan is taken: the table's own (which the costs pick where they do not
    see an index help, one on an expression, or cover, under an IN) is left to
    ``min_max_order`` and ``covering_scan``, which read an index that does."""
    chosen = lone_way(scan, parts, reads, sorting)
    if chosen is None or chosen.setup or found is None and _own(scan, chosen.index):
        return found, node
    if chosen.searched:
        if found is None or isinstance(found, L.IndexScan) and len(found.equal) > chosen.n_eq:
            return found, node          # more equalities: whereLoopAdjustCost's superset
        return costed_search(scan, in_sqlite_order(parts), found, chosen), node
    return _whole(scan, chosen.index, node)


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
    steps = [_Step(0, 1, 0, way.setup, way.run, way.out, way.width, way, slot)
             for way in lone_ways(scan, parts, reads, _helps(sorting, slot, table))]
    chosen = join_sort.solve(steps, 1, sorting, list(parts), {slot: table})
    return chosen[0].way if chosen else None
