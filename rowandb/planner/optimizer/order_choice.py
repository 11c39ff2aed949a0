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
``join_ways.ways`` -- and where it picks a full scan (of an index, or of the table in
rowid order) while RowanDB's search would have computed a volatile term once, reads the
table that way: the Filter then tests each term on each row, and ``order_by_index``
finds the ORDER BY delivered and drops the Sort. Only where a term calls a volatile
function afresh (``in_choice.fresh_volatile``): elsewhere the rows are the same and
RowanDB keeps its search. Where the solver picks a search other than RowanDB's, that
search is kept (not matched yet).
"""

from __future__ import annotations

from ..plan import logical as L
from . import join_sort
from .in_choice import fresh_volatile, read_whole
from .join_costs import _helps, _Step
from .join_ways import Clause, ways


def order_choice(scan: L.Scan, parts: list, found, node: L.Filter, reads, order):
    """``(found, node)``: the search chosen for ``scan`` and its Filter ``node``, or, when
    SQLite's solver reads the table whole for the ORDER BY ``order`` (``join_sort.Sorting``)
    and one of ``parts`` calls a volatile function afresh, that full scan."""
    if order is None or scan.indexed is not None or found is None or \
            not fresh_volatile(parts):
        return found, node
    table, slot = scan.table, scan.slot
    clause = Clause(parts, set(), {slot})
    clause.reads = reads
    steps = [_Step(0, 1, 0, way.setup, way.run, way.out, way.width, way, slot)
             for way in ways(table, scan, slot, clause, _helps(order, slot, table))]
    chosen = join_sort.solve(steps, 1, order, list(parts), {slot: table})
    if not chosen or chosen[0].way.searched or chosen[0].way.setup:
        return found, node
    source = read_whole(scan, chosen[0].way.index)
    return source, type(node)(source, node.predicate)
