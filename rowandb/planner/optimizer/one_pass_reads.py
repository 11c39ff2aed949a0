"""A one-pass UPDATE or DELETE reads the table's row beside the index entry.

SQLite writes an UPDATE's or DELETE's rows as its loop finds them (one pass) when the loop
finds at most one row (WHERE_ONEROW: ``_one_row``) or the statement lets it write several that way
(WHERE_ONEPASS_MULTIROW: no trigger, no foreign key to process, no subquery in the WHERE,
and for an UPDATE no new rowid and no REPLACE; update.c, delete.c). sqlite3WhereBegin then
clears WHERE_IDX_ONLY on a rowid table's loop: its cursor on the table stays open, so an
index holding every column read is no covering read -- EXPLAIN QUERY PLAN says ``USING
INDEX``, not ``USING COVERING INDEX`` -- and each entry's row is read (an entry a partial
index kept past its row finds none). The two-pass statement keeps the covering read: it
collects the rowids first. Only the label and that read change; the rows are the same.

A WITHOUT ROWID table keeps no such cursor to clear, and what its loop reads is colUsed:
the columns the WHERE names (not an UPDATE's SET values). Where the loop finds one row
(WHERE_ONEROW), the index holding those columns is a covering read, ``USING COVERING
INDEX``, though it lacks columns the write then reads by the PRIMARY KEY (``DELETE FROM w
WHERE b = 2`` with a UNIQUE index on b); a loop of several rows also reads the key, which
an index of a UNIQUE constraint does not count as holding (``covering.covers``).
"""

from __future__ import annotations

import dataclasses

from ..plan import logical as L
from .covering import covers


def one_pass_reads(root: L.Node, multirow: bool, indexed=None, read=frozenset()) -> L.Node:
    """``root`` (a row finder: its loop under Project, Filter and Guard nodes) with its
    index read no longer covering where SQLite's one pass opens a rowid table:
    ``multirow`` when the statement allows several rows in one pass, else only a loop of
    one row; ``indexed``: the statement's INDEXED BY or NOT INDEXED. A WITHOUT ROWID
    table's loop of one row covers where its index holds the columns ``read`` (the
    WHERE's)."""
    path, node = [], root
    while not isinstance(node, L.IndexScan):
        child = getattr(node, "child", None)
        if not isinstance(child, L.Node) or isinstance(node, L.SubqueryScan):
            return root
        path.append(node)
        node = child
    if node.table.without_rowid:
        if node.covering or not _one_row(node, indexed is None) or \
                not covers(node.table, node.index, read):
            return root
        node = dataclasses.replace(node, covering=True)
    elif not node.covering or not (multirow or _one_row(node, indexed is None)):
        return root
    else:
        node = dataclasses.replace(node, covering=False)
    for parent in reversed(path):
        node = dataclasses.replace(parent, child=node)
    return node


def _one_row(scan: L.IndexScan, short_cut: bool) -> bool:
    """Whether SQLite's loop is WHERE_ONEROW: a search of every key column of a UNIQUE
    index by a value, no IN among them, and either

    - SQLite's short cut for a lone table without INDEXED BY or NOT INDEXED
      (whereShortCut): an index that is not partial, of at most three key columns, each
      searched by ``=`` (by ``IS`` too when every key column is NOT NULL); or
    - its planner's rule (whereLoopAddBtreeIndex): the last key a table column, and
      every key column NOT NULL (uniqNotNull), or one key column searched by ``=``."""
    index, columns = scan.index, scan.table.columns
    keys = index.columns
    if not index.unique or scan.in_keys or scan.low or scan.high or \
            len(scan.equal) != len(keys):
        return False
    not_null = all(k.column >= 0 and columns[k.column].notnull for k in keys)
    if short_cut and not index.partial and len(keys) <= 3 and \
            (not_null or not any(scan.null_safe)):
        return True
    return keys[-1].column >= 0 and (not_null or len(keys) == 1 and not any(scan.null_safe))
