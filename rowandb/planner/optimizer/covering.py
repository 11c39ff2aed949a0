"""Rule 12: mark the index reads that are covering, for EXPLAIN QUERY PLAN.

SQLite reads the table's row only when the query needs a column its index entry lacks;
otherwise EXPLAIN says ``USING COVERING INDEX`` (where.c, WHERE_IDX_ONLY). An index entry
holds the index's own columns and the rowid (in a WITHOUT ROWID table, the PRIMARY KEY's
columns). An index on expressions counts as covering only when the query reads no column
but plain key columns (SQLite can also cover by the expressions themselves; RowanDB's
label then says ``USING INDEX``). RowanDB always reads the row: the mark changes the
plan's text, not how it runs.
"""

from __future__ import annotations

from ..plan import logical as L
from ..plan.renew import renewed
from ...catalog.schema import EXPRESSION as _EXPRESSION, VIRTUAL


def mark_covering(node: L.Node, reads) -> L.Node:
    """``node`` (a query's plan, its FROM subqueries already marked) with ``covering`` set
    on each IndexScan of the query's own FROM items whose index holds what it reads
    (``reads(slot)``: the columns the query reads of a FROM item, analysis.ColumnsRead)."""
    if isinstance(node, L.IndexScan):
        covering = _covering(node, reads)
        return node if covering == node.covering else \
            renewed(node, covering=covering)   # nodes are frozen: no copy needed
    if isinstance(node, (L.Join, L.HashJoin)):
        left, right = mark_covering(node.left, reads), mark_covering(node.right, reads)
        if left is node.left and right is node.right:
            return node                 # nodes are frozen: unchanged, no copy needed
        return renewed(node, left=left, right=right)
    child = getattr(node, "child", None)
    if isinstance(child, L.Node) and not isinstance(node, L.SubqueryScan):
        marked = mark_covering(child, reads)
        return node if marked is child else renewed(node, child=marked)
    return node


def _covering(scan: L.IndexScan, reads) -> bool:
    """``covers`` of the columns the query reads of ``scan``'s table. Of a rowid table
    without generated columns (where ``covers`` is ``read <= held``) told by
    ``ColumnsRead.outside_each``: a walk of the query that stops at the first column the
    index lacks, where none of the rules before asked for the whole walk."""
    table, index = scan.table, scan.index
    outside_each = getattr(reads, "outside_each", None)
    if outside_each is None or table.without_rowid or any(c.generated for c in table.columns):
        return covers(table, index, reads(scan.slot))
    every, held = _noted(table, index)
    return every or not outside_each(scan.slot, (held,))


def covers(table, index, read: set) -> bool:
    """Whether SQLite counts ``index`` as holding every column in ``read`` (-1: the
    rowid): its plain key columns, less VIRTUAL generated ones (which an entry holds as
    computed, not as stored: SQLite reads the row for them), and the rowid or the
    PRIMARY KEY's columns. A UNIQUE constraint's index of a WITHOUT ROWID table counts
    only its own columns: SQLite adds the key columns to it after CREATE TABLE has noted
    what it holds (build.c, convertToWithoutRowidTable), so a query reading a key column
    it does not name reads the row through it ("USING INDEX"). A query reading a
    generated column counts as reading every column (sqlite3ExprColUsed), so only an
    index holding them all covers it. A CREATE INDEX whose entry holds every column of
    the table, a VIRTUAL one among its key columns too, covers any query (build.c marks
    it isCovering; fuzz seed 50000113)."""
    every, held = _noted(table, index)
    if every:
        return True
    if any(k >= 0 and table.columns[k].generated for k in read):
        read = read | set(range(len(table.columns)))
    if table.without_rowid and index.origin == "pk":
        return False                    # the table's own b-tree: "USING PRIMARY KEY"
    return read <= held


def held_by_each_index(table) -> tuple | None:
    """For each index of a rowid table, the columns (-1: the rowid) ``covers`` counts it
    as holding: a query reading a column outside each of them is covered by none. None
    when an index covers any query (a CREATE INDEX holding every column)."""
    helds = []
    for index in table.index_list:
        every, held = _noted(table, index)
        if every:
            return None
        helds.append(held)
    return tuple(helds)


_NOTED: dict = {}       # (id(table), id(index)) -> (table, index, its inputs, the answer)
_NOTED_KEPT = 1024


def _noted(table, index) -> tuple:
    """(whether ``index`` is a CREATE INDEX holding every column of ``table``, so covers
    any query; the columns ``covers`` counts it as holding, -1 the rowid, less VIRTUAL
    generated ones). A function of the table's columns, its rowid alias and the index's
    columns and origin -- of a WITHOUT ROWID table its PRIMARY KEY's too, so those are
    worked out each time -- kept for a rowid table: the covering rules ask it of each
    index for every query (``held_by_each_index``, ``covers``). The entry holds the table
    and index, so their identities are not reused while it lives; a new tuple of columns
    (ALTER TABLE) or a new rowid alias makes it again."""
    if table.without_rowid:
        return _noted_now(table, index)
    key = (id(table), id(index))
    kept = _NOTED.get(key)
    if kept is None or kept[2] is not table.columns or kept[3] is not index.columns or \
            kept[4] != table.rowid_alias or kept[5] != index.origin:
        if len(_NOTED) >= _NOTED_KEPT:
            _NOTED.clear()
        kept = _NOTED[key] = (table, index, table.columns, index.columns, table.rowid_alias,
                              index.origin, _noted_now(table, index))
    return kept[6]


def _noted_now(table, index) -> tuple:
    if index.origin == "c" and _holds_every_column(table, index):
        return True, None
    return False, frozenset(k for k in entry_columns(table, index, as_noted=True)
                            if k < 0 or table.columns[k].generated != VIRTUAL)


def _holds_every_column(table, index) -> bool:
    held = entry_columns(table, index)
    return all(k in held or k == table.rowid_alias for k in range(len(table.columns)))


def entry_columns(table, index, as_noted: bool = False) -> set:
    """The table's columns an entry of ``index`` holds (-1: the rowid): its plain key
    columns and the rowid, or a WITHOUT ROWID table's key columns -- with ``as_noted``,
    not for a UNIQUE constraint's index, as SQLite notes what it covers (see ``covers``)."""
    held = {c.column for c in index.columns if c.column != _EXPRESSION}
    if table.without_rowid and not (as_noted and index.origin == "u"):
        held |= {c.column for i in table.indexes if i.origin == "pk" for c in i.columns}
    elif not table.without_rowid:
        held |= {-1} | ({table.rowid_alias} if table.rowid_alias is not None else set())
    return held
