"""Which index's range SQLite searches where two indexes' ranges could search a table.

Where ranges on the first keys of two indexes could both search a table (``p < f() AND
q < 3``, indexes on p and q), SQLite searches the one its costs make cheaper (where.c,
whereLoopAddBtreeIndex, whereRangeScanEst: a quarter of the rows per bound, the entry's
width, the row lookups of an index not holding what the query reads), and of equal ones
the first its list of indexes holds -- the newest index first -- since whereLoopInsert
keeps the first of loops that cost the same. It computes that range's bounds once and
tests the other range on each row found. RowanDB's ``choose_index`` ranks index ranges
by their bounds alone and keeps the oldest index of a tie; where a term calls a volatile
function (a connection's own function, random()), whose calls tell the two plans apart,
``index_range_choice`` searches the index of SQLite's cheapest way instead
(``join_ways.lone_ways``, as ``range_choice`` weighs a rowid range against an index's):
``SELECT id FROM v WHERE p < f() AND q < 3`` computes f once, where RowanDB searched q's
range and called f per row. A WITHOUT ROWID table's ranges are weighed so always: its
rows come in the order of the b-tree searched, its PRIMARY KEY's or an index's, so
``SELECT c1, c0 FROM t2 WHERE c0 > 1 AND c1 < 3`` (t2(c0 PRIMARY KEY, c1), an index on
c1) searches the narrower index on c1, as SQLite's costs do, not the key.
"""

from __future__ import annotations

from ..plan import logical as L
from ..plan.analysis import calls_volatile
from .choose_index import _index_search, null_safe_term, search_term
from .join_ways import lone_ways


def index_range_choice(scan: L.Scan, parts: list, found, reads, ordered: list):
    """``found`` (the search chosen for ``scan`` by the conjuncts ``parts``), or, when it
    is a range of an index and a term calls a volatile function, the range of the index
    SQLite's costs prefer. ``reads(slot)``: the columns the query reads of a FROM item;
    ``ordered``: ``parts`` in SQLite's order of terms (``range_order``), for the bounds."""
    if not isinstance(found, L.IndexScan) or found.equal or found.in_keys or \
            not (found.low or found.high) or scan.indexed is not None or \
            scan.table.stats or not (scan.table.without_rowid or
                                     any(map(calls_volatile, parts))):
        return found
    best = None
    for way in lone_ways(scan, parts, reads):
        if way.searched and not way.setup and (
                best is None or (way.run, way.out) < (best.run, best.out)):
            best = way
    if best is None or best.index is None or best.eq or best.index is found.index:
        return found
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan)
                         for c in ordered) if t is not None]
    search, _ = _index_search(scan, best.index, terms)
    if not isinstance(search, L.IndexScan) or search.equal:
        return found
    return search
