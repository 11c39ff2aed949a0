"""The search a join's costed order chose for a table, which ``choose_index`` then runs.

SQLite decides a join's order and the loop of each of its tables in one step: the path
solver (where.c, wherePathSolver) picks, for each table, one of the WhereLoops
whereLoopAddBtree and whereLoopAddBtreeIndex listed -- a given index searched by given
terms -- and that loop is the one the statement runs. RowanDB costs the same ways
(``join_ways``; ``join_costs.solve`` orders the join by them), but ``choose_index``
then chose each table's search again by its own ranking (``_searched``: the longest
equality prefix, then the first index listed), so a table whose terms could search two
indexes alike -- ``a1.c1 < a2.c4`` with indexes on (c1, c0) and on (c1) -- was searched
through the first, where SQLite's costs take the narrower one (a range costs the index's
entry width: ``join_ways._searched``), and the rows of one outer row came in another
order (generator seed 177300000). ``solve`` notes the way its order takes for each
table it searches (``searches``); ``costed_search`` makes that index's search the
table's, one decision.

Only where the way is a plain search of an index (not the rowid, not an automatic index,
not one looping an IN list) and ``choose_index`` chose a search of another index or of
the rowid's range: an equality of the rowid stays (SQLite's costs never beat it), and a
way ``_index_search`` cannot build the same (an equality prefix it would not take) is
left to ``choose_index``.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from .choose_index import _index_search, null_safe_term, search_term


def costed_search(scan: L.Scan, ordered: list, found, way):
    """``found`` (``choose_index``'s search of ``scan`` by the conjuncts ``ordered``, in
    SQLite's order of terms), or the search of the index ``way`` (the
    ``join_ways.Way`` ``join_costs.solve`` took for the table; None: none noted) reads
    when it is another index's search by the same kind of terms."""
    if way is None or way.index is None or not way.searched or way.setup or \
            scan.indexed is not None or scan.table.stats or \
            any(isinstance(c, (b.InList, b.InSubquery)) for c in way.used):
        return found
    if isinstance(found, L.IndexScan) and (found.index is way.index or found.in_keys):
        return found
    if isinstance(found, L.RowidScan) and found.equal is not None or \
            not isinstance(found, (L.IndexScan, L.RowidScan)):
        return found
    terms = [t for t in (search_term(c, scan) or null_safe_term(c, scan) for c in ordered)
             if t is not None]
    search, _ = _index_search(scan, way.index, terms)
    if not isinstance(search, L.IndexScan) or len(search.equal) != way.n_eq or \
            (search.low is not None or search.high is not None) != \
            (len(way.used) > way.n_eq):
        return found
    return search
