"""An index search looping over an IN's values, for a later key whose value is volatile.

Where SQLite searches an index by ``x IN (...)`` on one key and an equality or a range on
a later one (``a IN (1, 2) AND b = f()`` on an index of (a, b)), it loops over the IN's
distinct values, in the index's order, and for each seeks with it and the later keys'
values, which it computes inside that loop (wherecode.c, codeEqualityTerm opens the IN's
loop; codeAllEqualityTerms then codes the next keys' values): once per IN value. RowanDB
tests an IN search's terms as a filter on the rows a search by ``=`` and ranges finds
(``choose_index``, ``in_setup``), which computes such a later value once per row: for a
value that calls a function answering differently each time (a connection's own
function, random()) the calls and the rows differ. For such a search only, the loop
is built: an ``IndexScan`` whose ``in_keys`` name the positions of ``equal`` holding an
IN, run by ``exec/in_seek.py``. The later keys' volatile terms leave the Filter (SQLite
never tests a search's term again, where.c disableTerm); the IN stays, tested again on
each row found. Plain searches keep their plans.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, conjoin, conjuncts
from .choose_index import _range, _wrap, search_term, usable
from .outer_search import EQ, IN, _index_search, _term, outer_search


def in_loop(scan: L.Scan, parts: list, predicate):
    """``(IndexScan looping over the IN's values, the Filter's predicate)`` for SQLite's
    search of ``scan`` by ``parts`` when a key after its first IN has a volatile value;
    None otherwise."""
    if not any(map(calls_volatile, parts)):
        return None
    search = outer_search(scan, parts)
    roles = [role for _, role in search or ()]
    if IN not in roles or not any(role != IN and calls_volatile(c)
                                  for c, role in search[roles.index(IN) + 1:]):
        return None
    index = _searched_index(scan, parts, search)
    if index is None:
        return None
    equal, in_keys = [], []
    for c, role in search:
        if role == IN:
            in_keys.append(len(equal))
            equal.append(dataclasses.replace(c, operand=b.Literal(None)))
        elif role == EQ:
            equal.append(_wrap(search_term(c, scan)))
    low, high = _range([search_term(c, scan) for c, role in search if role not in (EQ, IN)])
    found = L.IndexScan(scan.slot, scan.table, scan.alias, index, tuple(equal), low, high,
                        in_keys=tuple(in_keys))
    dropped = {id(c) for c, role in search if role != IN and calls_volatile(c)}
    kept = [c for c in conjuncts(predicate) if id(c) not in dropped]
    return found, conjoin(kept) if kept else b.Literal(1)


def _searched_index(scan: L.Scan, parts: list, search: tuple):
    """The index whose search by ``parts`` is ``search`` (``outer_search``'s choice)."""
    terms = [(t, c) for t, c in ((_term(c, scan), c) for c in parts) if t is not None]
    indexes = scan.table.indexes if scan.indexed is None else \
        (scan.indexed,) if scan.indexed else ()
    for index in reversed(indexes):
        if usable(index, parts, scan.slot):
            found, _ = _index_search(scan, index, terms)
            if len(found) == len(search) and all(
                    a is c and r == s for (a, r), (c, s) in zip(found, search)):
                return index
    return None
