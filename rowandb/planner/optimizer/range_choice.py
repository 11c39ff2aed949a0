"""An index's range search where SQLite's costs prefer it to the rowid's range.

Where a table could be searched by a range of its rowid (``id > 1``) and by a range on
the first key of an index (``p < ?``), ``choose_index`` took the rowid's range always.
SQLite costs both (where.c, whereLoopAddBtreeIndex with whereRangeScanEst's default of a
quarter of the rows per bound, a sixteenth more for both; ``join_ways`` has the table):
a search visits out + 1 + 15 x (entry width / row width) entries, the rowid's entries
being the rows themselves, and an index not holding what the query reads adds the row
lookups, out + 16. So an index range holding the query's columns (``USING COVERING
INDEX vp (p<?)``) costs less than the rowid's range with as many bounds, and one with
both bounds costs less than the rowid's with one even when it reads the table. Which
search runs decides the order of the rows and how often a term's volatile value is
computed: SQLite computes the searched range's bounds once, and tests the other range's
term on each row found (``SELECT id FROM v WHERE id > 1 AND p < f()`` calls f once).

``range_choice`` asks ``join_ways.ways`` for the table's searches by these terms and
returns the index range SQLite chooses when it is the cheapest (on a tie, the rowid's,
which SQLite lists first). Only for rowid tables without ANALYZE's figures, outside
INDEXED BY and NOT INDEXED; the values of other tables' columns (a join's outer loops,
an enclosing query's row) are known before the search, as they are to SQLite.
"""

from __future__ import annotations

from ..plan import logical as L
from .choose_index import _index_search, null_safe_term, search_term
from .join_ways import lone_ways


def range_choice(scan: L.Scan, parts: list, found, reads=None, ordered=None):
    """``found`` (choose_index's search of ``scan`` by the conjuncts ``parts``), or the
    index range search SQLite's costs prefer to it when it is a range of the rowid.
    ``reads(slot)``: the columns the query reads of a FROM item (None: not known);
    ``ordered``: ``parts`` in SQLite's order of terms, which picks the range's bounds
    (``range_order``)."""
    if not isinstance(found, L.RowidScan) or found.equal is not None or \
            scan.indexed is not None or scan.table.stats or scan.table.without_rowid:
        return found
    best = None
    for way in lone_ways(scan, parts, reads):
        if way.searched and not way.setup and (best is None or way.run < best.run):
            best = way
    if best is None or best.index is None or best.eq:
        return found
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan)
                         for c in ordered or parts) if t is not None]
    search, _ = _index_search(scan, best.index, terms)
    if not isinstance(search, L.IndexScan) or search.equal:
        return found
    return search
