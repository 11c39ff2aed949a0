"""The IN search SQLite's costs take for a lone table where RowanDB's ranking takes another.

``outer_search`` (which ``in_setup`` and ``in_loop`` ask for the search of a table loop)
ranks the searches by the length of their prefix of ``=`` and IN terms, more ``=`` first:
``WHERE p = 1 AND q IN (f(), 1)`` (an index on p, q UNIQUE) searched p, testing the IN on
each row, so f was called per row. SQLite costs the two (where.c, whereLoopAddBtreeIndex:
an IN's key as an equality, the list's length added, ``in_costs.py``; wherePathSolver
under the query's ORDER BY) and takes q's IN: a UNIQUE key expects one row per value, an
equality on p ten; it computes the list once, before the loop (``in_setup``), and tests
``p = 1`` on the rows found.

``in_cost_scan`` asks the one-table solver for that choice (without an ORDER BY the
cheapest way of ``join_ways.lone_ways``; with one ``order_choice.lone_way``, which
weighs the sort each way leaves; not under a lone min() or max(), whose IN search
SQLite reads per value in the argument's order, ``order_choice._min_max_choice``'s);
where it is a search of an index by an IN, the scan handed to ``outer_search`` names that
index alone (as INDEXED BY would, for that question only), so the Guard of the IN's
values, the loop over them and the rows found are SQLite's -- where ``in_loop`` builds
the search the solver costed, as many keys (not ``z=? AND rowid=?``), and RowanDB's own
IN loop keys no more (the ways leave out a key whose value calls a volatile function). Only for a query of one
table (a join's tables are costed by ``join_costs``), without statistics (ANALYZE's
figures are ranked by ``choose_index``), and where a term calls a volatile function
afresh (``in_choice.fresh_volatile``): elsewhere the rows found are the same and RowanDB
keeps its ranking, which the corpus's speed was measured with.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin
from .choose_index import on_rowid
from .in_choice import fresh_volatile
from .in_loop import in_loop
from .join_ways import lone_ways
from .range_order import in_sqlite_order


def in_cost_scan(scan: L.Scan, parts: list, reads, order) -> L.Scan:
    """``scan``, or, where SQLite's costs search its table by an IN through an index,
    ``scan`` naming that index alone, for ``outer_search``. ``parts``: the conjuncts of
    the loop's Filter; ``order``: ``choose_index``'s (the ORDER BY's ``Sorting`` first)."""
    if reads is None or scan.indexed is not None or scan.table.stats or \
            scan.table.virtual is not None or not any(
                isinstance(c, (b.InList, b.InSubquery)) and not c.negated for c in parts) \
            or not fresh_volatile(parts):
        return scan
    sorting = order[0] if order is not None else None
    if sorting is not None and sorting.min_max:
        return scan                     # order_choice's: the IN loop's order is not weighed
    way = _cheapest(scan, parts, reads, sorting)
    if way is None or way.setup or not way.searched or way.index is None or \
            way.index not in scan.table.indexes or \
            not any(isinstance(c, (b.InList, b.InSubquery)) for c in way.used) or \
            not _unique_keyed(way) and any(isinstance(c, (b.InList, b.InSubquery)) and
                                           on_rowid(c, scan) for c in parts):
        return scan         # a rowid IN SQLite may search after the keys (``z=? AND
                            # rowid=?``), which neither the ways nor ``in_loop`` build
    named = dataclasses.replace(scan, indexed=way.index)
    ordered, predicate = in_sqlite_order(parts), conjoin(parts)
    looped = in_loop(named, ordered, predicate)
    if looped is None or len(looped[0].equal) != way.keyed:
        return scan         # not the search the solver costed
    ranked = in_loop(scan, ordered, predicate)
    if ranked is not None and len(ranked[0].equal) > way.keyed:
        return scan         # RowanDB's keys more (a volatile ``y = f(2)`` the ways leave out)
    return named


def _cheapest(scan: L.Scan, parts: list, reads, sorting):
    """The way of ``scan``'s table SQLite's solver takes: under an ORDER BY
    ``order_choice.lone_way``'s; without one the cheapest to run, then the fewest rows,
    the first of equal ones (wherePathSolver for one loop; an automatic index, whose
    setup a lone loop never repays, left out as ``in_choice`` leaves it)."""
    if sorting is not None:
        from .order_choice import lone_way
        return lone_way(scan, parts, reads, sorting)
    best = None
    for way in lone_ways(scan, parts, reads):
        if not way.setup and (best is None or (way.run, way.out) < (best.run, best.out)):
            best = way
    return best



def _unique_keyed(way) -> bool:
    """Whether ``way`` keys every column of a UNIQUE index: one row per seek, no rowid
    searched after its keys."""
    return way.index.unique and way.keyed >= len(way.index.columns)
