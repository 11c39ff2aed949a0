"""SQLite's one-row short cut: the UNIQUE index a lone table's equalities find a row by.

Before it weighs any loop of a query of one table, SQLite tries a short cut (where.c,
whereShortCut; nTabList 1, no INDEXED BY or NOT INDEXED, not a virtual table): a term
``rowid = v`` (or ``IS``), else the first index in its table's list (``Table.index_list``:
newest first, REPLACE ones last -- build.c, sqlite3CreateIndex) that is UNIQUE, not
partial, of at most three keys (WhereLoop.aLTermSpace), each key equal to a value that
reads no column of the table: by ``=``, or by ``IS`` too when every key is NOT NULL
(uniqNotNull). That loop is the plan, whatever another index would cost: with UNIQUE
indexes on ``(c, d)`` and then on ``d NOT NULL``, ``WHERE c = 5 AND d IS 6`` searches the
index on d (the newer), where ranking by keys searched took ``(c, d)``. The row found is
the same; EXPLAIN QUERY PLAN shows which. Of several equalities on one key the first in
the WHERE keys the search (whereScanInit walks the terms in order).

``one_row_order`` asks the same question (whether the ORDER BY is coded at all);
``choose_index`` takes the search for a lone table's loop.
"""

from __future__ import annotations

from ..plan import logical as L
from ..plan.analysis import conjuncts
from .choose_index import (_keys, _seek_collations_unasked, _without_volatile_seeks, _wrap,
                           null_safe_term, search_term)
from .range_order import in_sqlite_order

_SHORT_CUT_KEYS = 3                 # WhereLoop.aLTermSpace


def short_cut(scan: L.Scan, parts: list):
    """The IndexScan of SQLite's short cut for a lone table ``scan`` under the WHERE
    conjuncts ``parts``, or None (no UNIQUE index found; a rowid equality, which the
    short cut takes first, is ``choose_index``'s own first choice)."""
    table = scan.table
    if scan.indexed is not None or getattr(table, "virtual", None) is not None:
        return None
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan) for c in parts)
             if t is not None and t.op == "eq"]
    if not terms or not table.without_rowid and any(
            t.column == -1 or t.column == table.rowid_alias for t in terms):
        return None         # the short cut takes ``rowid = v`` first: choose_index's too
    for index in table.index_list:
        keyed = _keyed(index, terms, scan)
        if keyed is not None:
            null_safe = tuple(t.null_safe for t in keyed)
            return L.IndexScan(scan.slot, table, scan.alias, index,
                               tuple(_wrap(t) for t in keyed),
                               null_safe=null_safe if any(null_safe) else ())
    return None


def unique_found(index, terms: list, scan) -> bool:
    """Whether every key of ``index`` has an equality among ``terms`` that the short cut
    takes (``_keyed``)."""
    return _keyed(index, terms, scan) is not None


def _keyed(index, terms: list, scan):
    """The first term keying each key of ``index`` when the short cut may take it, or None:
    a UNIQUE index, not partial, of at most three keys, ``IS`` only when each key is
    NOT NULL (uniqNotNull: a WITHOUT ROWID table's PRIMARY KEY columns are)."""
    if not index.unique or index.partial or len(index.columns) > _SHORT_CUT_KEYS:
        return None
    table = scan.table
    not_null = all(c.column >= 0 and (table.columns[c.column].notnull or
                                      table.without_rowid and c.column in table.primary_key)
                   for c in index.columns)
    keyed = []
    for i in range(len(index.columns)):
        term = next((t for t in terms if _keys(t, index, i, scan.slot, table) and
                     (not t.null_safe or not_null)), None)
        if term is None:
            return None
        keyed.append(term)
    return keyed


def cut_loop(node: L.Filter, scan: L.Scan):
    """``node``, the Filter of a lone table's loop, searching by the short cut's index, or
    None when the short cut finds none. The Filter keeps its terms, but those of the
    search calling a volatile function, computed once (``choose_index``'s rule)."""
    parts = in_sqlite_order(conjuncts(node.predicate))
    found = short_cut(scan, parts)
    if found is None:
        return None
    predicate = _seek_collations_unasked(
        _without_volatile_seeks(node.predicate, parts, scan, found), parts, scan, found)
    return L.Filter(found, predicate)
