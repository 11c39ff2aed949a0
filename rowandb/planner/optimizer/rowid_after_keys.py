"""A range of the rowid searched inside an index, after every one of its keys.

An index of a rowid table holds the rowid after its keys, and SQLite's search of an index
counts that rowid as one more column (where.c, whereLoopAddBtreeIndex walks the index's
nColumn, whose last is XN_ROWID): once an equality or an IN has matched every key, a
range of the rowid (``id > v``, ``id BETWEEN v AND w``) searches on, ``SEARCH v USING
INDEX vp (p=? AND rowid>?)``. It computes the range's bounds once per seek -- once per IN
value in an IN's loop (wherecode.c, codeAllEqualityTerms then the range's start and end)
-- and never tests that term again (disableTerm). So ``SELECT id FROM v WHERE p IN (2, 1)
AND id > f()``, f a function whose value changes between calls, calls f twice and finds
the rows past each value within p=1's and p=2's entries. ``rowid_after_keys`` adds that
range to an index search whose every key is matched (the first lower and the first upper
bound, as ``choose_index._range`` takes a key's); ``choose_index.seek_conjuncts`` then
names its terms among the seek's, and ``exec/execute.py`` seeks the entries' rowid.
Not after a search that finds one row at most (WHERE_ONEROW: every key of a UNIQUE index
by ``=``, no IN before it), where SQLite stops adding keys: ``q = 3 AND id > f()``, q
UNIQUE, tests the range on the row found, if any; nor beside an equality or an IN of the
rowid, which SQLite searches after the keys instead. Tables WITHOUT ROWID (whose index
entries end with the PRIMARY KEY) are not searched so.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.expr_compare import or_false_taken
from .choose_index import _range, is_one_row_search, search_term


def rowid_after_keys(scan: L.Scan, parts: list, found):
    """``found`` with the rowid's range among ``parts`` searched after its keys, when it
    is an index search of ``scan``'s rowid table matching every key and no range."""
    if not isinstance(found, L.IndexScan) or found.low or found.high or \
            scan.table.without_rowid or len(found.equal) != len(found.index.columns) or \
            not found.in_keys and is_one_row_search(found):
        return found
    low, high = _range([t for _, t in rowid_ranges(parts, scan)])
    if low is None and high is None or _rowid_searched(parts, scan):
        return found
    return dataclasses.replace(found, low=low, high=high)


def _rowid_searched(parts: list, scan) -> bool:
    """Whether an equality or an IN list of the rowid is among ``parts``: SQLite then
    searches the rowid after the keys by it (``q=? AND rowid=?``), testing the range on
    each row found, as RowanDB's Filter over the keys' search does."""
    alias = scan.table.rowid_alias
    for c in parts:
        column = c.operand if isinstance(c, (b.InList, b.InSubquery)) and not c.negated \
            else None
        if isinstance(column, b.ColumnRef) and column.slot == scan.slot and (
                column.column == -1 or alias is not None and column.column == alias):
            return True
        term = search_term(or_false_taken(c), scan)
        if term is not None and term.op == "eq" and (
                term.column == -1 or alias is not None and term.column == alias):
            return True
    return False


def rowid_ranges(parts: list, scan) -> list:
    """``[(conjunct, Term)]``: the conjuncts of ``parts`` bounding the rowid of ``scan``'s
    table, in their order (``range_order``'s, from ``choose_index``)."""
    alias = scan.table.rowid_alias
    pairs = ((c, search_term(or_false_taken(c), scan)) for c in parts)
    return [(c, t) for c, t in pairs if t is not None and t.op != "eq" and
            (t.column == -1 or alias is not None and t.column == alias)]

