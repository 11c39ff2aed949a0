"""Rule 10: a full scan reads a narrower index that holds every column it needs, as SQLite.

SQLite scans a secondary index instead of the table when the index entry holds every
column the query reads and is estimated narrower than the table's row: fewer pages to
read for the same rows (where.c, whereLoopAddBtree, "full scan via index"). Where SQL
leaves the order open (no ORDER BY, LIMIT without ORDER BY, the rows a sort leaves tied)
that choice shows in the answer: the rows come in the index's order. So RowanDB makes the
same choice with SQLite's own estimates (``costs.py``):

* a table scan costs rows + 16 (LogEst units, so 3 x rows; rows + 14 once ANALYZE has
  figures for the table's indexes); a full scan of an index rows + 1 + 15 x
  width(index) / width(table), in integer arithmetic;
* in a table with a rowid, only an index that covers the query and is strictly narrower
  than the row competes; a usable partial index competes even when it does not cover,
  its cost then raised by the lookups of the table's rows (the WHERE terms the index
  alone can test, leading the WHERE, each spare one lookup, an equality 20);
* in a WITHOUT ROWID table the PRIMARY KEY's b-tree is one of the indexes and every
  index competes with it, one that does not cover with the lookups added. What covers is
  SQLite's reckoning (``covering.covers``): a UNIQUE constraint's index there counts only
  the columns it names, not the key columns its entries also hold, so a query reading
  another key column does not take it; an entry's width counts a key column held again
  under another collation (``Index.suffix``);
* the cheapest wins; on equal costs the one estimated to return fewer rows (a partial
  index), then the first in SQLite's order: the table scan of a rowid table, then the
  indexes newest first (whereLoopInsert keeps the first of equals).

The index is read in its declared order (DESC keys descending), as SQLite reads it.
A query that reads no column of the table (``count(*)``) keeps the table scan: no order
shows in its answer. Runs on a query's finished plan, after ``order_by_index``, and only where the loops'
order is not used: a query without ORDER BY, or whose ORDER BY is a full sort. For the
row finders of DELETE and UPDATE only in a WITHOUT ROWID table (SQLite's one-pass writes
scan a rowid table; ``build.plan_row_finder``), there also when they read no column.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import children, conjuncts, slots_of
from .choose_index import usable
from .costs import full_scan, index_rows, index_width, log_est_add, table_rows, table_width
from .covering import covers, held_by_each_index

_THROUGH = (L.Filter, L.Guard, L.Aggregate, L.Window, L.Project, L.Distinct, L.Sort)


def covering_scan(node: L.Node, reads, where: tuple = (), any_read: bool = False) -> L.Node:
    """``node`` with each full table scan of the query's own FROM items read through the
    index SQLite would read instead. ``reads(slot)``: the columns the query reads of a
    FROM item (-1 the rowid); ``where``: the conjuncts filtering the rows above;
    ``any_read``: also a scan reading no column (a WITHOUT ROWID table's row finder)."""
    if isinstance(node, L.Scan):
        return _cheapest(node, reads, list(where), any_read)
    if isinstance(node, (L.Join, L.HashJoin)):
        left = covering_scan(node.left, reads, where, any_read)
        right = covering_scan(node.right, reads, where, any_read)
        if left is node.left and right is node.right:
            return node                 # nodes are frozen: unchanged, no copy needed
        return dataclasses.replace(node, left=left, right=right)
    if isinstance(node, _THROUGH):
        if isinstance(node, L.Filter):
            where = tuple(conjuncts(node.predicate)) + tuple(where)
        child = covering_scan(node.child, reads, where, any_read)
        return node if child is node.child else dataclasses.replace(node, child=child)
    return node


def _cheapest(scan: L.Scan, reads, where: list, any_read: bool = False) -> L.Node:
    table = scan.table
    if table.virtual is not None or scan.indexed is not None or scan.reverse:
        return scan
    if not table.indexes:               # nothing to read instead (most of a many-way join):
        return scan                     # the query's columns need not be walked for
    if _covered_by_none(scan, reads):
        return scan
    read = reads(scan.slot)
    if not (read or any_read):
        return scan                     # count(*) reads no column: no order to follow
    # the table's own WHERE terms are read only for a partial index (``usable``) or an
    # index that does not cover (``_lookups``), which only a WITHOUT ROWID table reads
    own = [c for c in where if slots_of(c) <= {scan.slot}] \
        if table.without_rowid or any(index.partial for index in table.indexes) else []
    wide = table_width(table)
    best, best_rank = scan, None if table.without_rowid else (full_scan(table), table_rows(table))
    for index in table.index_list:
        cost = _index_cost(table, index, read, own, wide, scan.slot)
        if cost is None:
            continue
        rank = (cost, index_rows(table, index))     # fewer rows out wins equal costs
        if best_rank is None or rank < best_rank:
            best_rank = rank
            best = scan if table.without_rowid and index.origin == "pk" else \
                L.IndexScan(scan.slot, table, scan.alias, index,
                            covering=covers(table, index, read), direction=1,
                            replaces=scan)
    return best


def _covered_by_none(scan: L.Scan, reads) -> bool:
    """Whether, of a rowid table without partial indexes, the query reads for each index
    a column it does not hold: only a covering index competes there (``_index_cost``),
    so the scan stays. Told by a walk of the query that stops once the columns met
    answer it -- most of a long WHERE is not walked -- before the whole walk ``reads``
    makes."""
    table = scan.table
    outside_each = getattr(reads, "outside_each", None)
    if outside_each is None or table.without_rowid or any(i.partial for i in table.indexes):
        return False
    helds = held_by_each_index(table)
    return helds is not None and outside_each(scan.slot, helds)


def _index_cost(table, index, read: set, where: list, wide: int, slot: int):
    """The cost of reading every entry of ``index``, or None when SQLite would not."""
    if not usable(index, where, slot):
        return None
    pk = table.without_rowid and index.origin == "pk"
    covering = pk or covers(table, index, read)
    narrow = index_width(table, index)
    if not (covering or index.partial or table.without_rowid):
        return None
    if not (narrow < wide or index.partial or table.without_rowid):
        return None
    rows = index_rows(table, index)
    cost = rows + 1 + 15 * narrow // wide
    if not covering:
        cost = log_est_add(cost, _lookups(table, index, rows, where))
    return cost


def _lookups(table, index, rows: int, where: list) -> int:
    """The cost of fetching the table's row for each entry: the rows, less one for each
    leading WHERE term the index entry alone can test (20 for an equality)."""
    held = {c.column for c in index.columns} | {-1}
    if table.rowid_alias is not None:
        held.add(table.rowid_alias)
    cost = rows + 16
    for term in where:
        if not _columns(term) <= held:
            break
        cost -= 20 if isinstance(term, b.Compare) and term.op in ("eq", "is") else 1
    return cost


def _columns(expr) -> set:
    found, stack = set(), [expr]
    while stack:
        top = stack.pop()
        if isinstance(top, b.ColumnRef):
            found.add(top.column)
        else:
            stack += children(top)
    return found
