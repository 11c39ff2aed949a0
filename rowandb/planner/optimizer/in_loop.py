"""An index search looping over an IN's values, as SQLite searches an index by an IN.

Where SQLite searches an index by ``x IN (...)`` on one key (and maybe an equality or a
range on a later one: ``a IN (1, 2) AND b = f()`` on an index of (a, b)), it loops over
the IN's distinct values, sorted in the index's order of that key (its ephemeral table:
expr.c, sqlite3FindInIndex; wherecode.c, codeINTerm), and for each seeks with it and the
later keys' values, which it computes inside that loop (codeEqualityTerm opens the IN's
loop; codeAllEqualityTerms then codes the next keys' values): once per IN value. So the
rows come per value in the index's order -- ``b IN (2, 1)`` gives b=1's rows first, each
value's in rowid or PRIMARY KEY order -- and a later key's volatile value (a
connection's own function, random()) is called once per IN value. ``in_loop`` builds that
loop wherever ``outer_search`` says SQLite searches an index by an IN (``in_setup``
fills the IN's set first): an ``IndexScan`` whose ``in_keys`` name the positions of
``equal`` holding an IN, run by ``exec/in_seek.py``. A search by the rowid's IN keeps the
Filter over the scan: its rows come in rowid order either way. The later keys' volatile
terms leave the Filter (SQLite never tests a search's term again, where.c disableTerm);
the IN and the other terms stay, tested again on each row found. A later key's ``x IS
v`` (or ``x IS NULL``) searches as ``x = v`` does, but its NULL value finds the NULL
entries instead of ending the search (whereLoopAddBtreeIndex takes WO_IS and WO_ISNULL
among the equality operators): ``a IN (1, 2) AND b IS f()`` calls f once per IN value
too. (Before, only a search with such a volatile later value was looped; the others
tested the IN as a filter of a scan, the rows in scan order.)
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, conjoin, conjuncts
from .in_after_in import per_value
from .choose_index import _range, _wrap, null_safe_term, search_term, unlikely_operand, usable
from .outer_search import EQ, IN, _index_search, _term, outer_search


def in_loop(scan: L.Scan, parts: list, predicate):
    """``(IndexScan looping over the IN's values, the Filter's predicate)`` for SQLite's
    search of ``scan`` by ``parts`` when it searches an index by an IN; None otherwise."""
    null_safe = _null_safe_as_equal(scan, parts)
    searched = [null_safe.get(id(c), c) for c in parts]
    original = dict(zip(map(id, searched), parts))
    search = outer_search(scan, searched)
    roles = [role for _, role in search or ()]
    if IN not in roles:
        return None
    index = _searched_index(scan, searched, search)
    if index is None or not usable(index, parts, scan.slot):
        return None     # (a partial index the WHERE as written does not imply: `c IS NULL`
        #                 searched as `c = NULL` must not prove its `c IS NOT NULL`)
    equal, in_keys, is_keys = [], [], []
    for c, role in search:
        if role == IN:
            in_keys.append(len(equal))
            equal.append(dataclasses.replace(c, operand=b.Literal(None)))
        elif role == EQ:
            is_keys.append(id(original[id(c)]) in null_safe)
            equal.append(_wrap(search_term(c, scan)))
            continue
        is_keys.append(False)
    low, high = _range([search_term(c, scan) for c, role in search if role not in (EQ, IN)])
    found = L.IndexScan(scan.slot, scan.table, scan.alias, index, tuple(equal), low, high,
                        in_keys=tuple(in_keys),
                        null_safe=tuple(is_keys) if any(is_keys) else ())
    later = per_value(search)           # a later IN's volatile list (in_after_in.py)
    dropped = {id(original[id(c)]) for c, role in search
               if (role != IN or id(c) in later) and calls_volatile(c)}
    kept = [c for c in conjuncts(predicate) if id(c) not in dropped]
    return found, conjoin(kept) if kept else b.Literal(1)


def is_as_equal(scan: L.Scan, parts: list):
    """``outer_search`` of ``scan`` by ``parts`` with each ``x IS v`` or ``x IS NULL`` on
    an index key read as ``x = v`` (whereLoopAddBtreeIndex's WO_IS, WO_ISNULL), the
    search's terms ``parts``' own: ``a IS 1 AND b IN (f(), 2)`` searches (a, b) by both,
    the IN a loop (``in_setup.search_prefix``)."""
    null_safe = {k: v for k, v in _null_safe_as_equal(scan, parts).items()
                 if any(id(c) == k and unlikely_operand(c) is c for c in parts)}
    if not null_safe:                   # (not under likely(): SQLite scans then)
        return outer_search(scan, parts)
    searched = [null_safe.get(id(c), c) for c in parts]
    original = dict(zip(map(id, searched), parts))
    search = outer_search(scan, searched)
    if search is None or IN not in (role for _, role in search):
        return outer_search(scan, parts)    # (only an IS with an IN after it, for now)
    return tuple((original[id(c)], role) for c, role in search)


def null_safe(conjunct) -> bool:
    """Whether ``conjunct`` is ``x IS v`` or ``x IS NULL``, which a NULL never ends."""
    conjunct = unlikely_operand(conjunct)
    return isinstance(conjunct, b.Compare) and conjunct.op == "is" or \
        isinstance(conjunct, b.Unary) and conjunct.op == "isnull"


def _null_safe_as_equal(scan: L.Scan, parts: list) -> dict:
    """{id of an ``x IS v`` or ``x IS NULL`` conjunct on an index key of ``scan``: the
    ``x = v`` it searches as} (``choose_index.null_safe_term``; the rowid's IS is
    ``search_term``'s already)."""
    found = {}
    for c in parts:
        if search_term(c, scan) is not None:
            continue
        term = null_safe_term(c, scan)
        if term is not None:
            column = unlikely_operand(c).operand if isinstance(unlikely_operand(c), b.Unary) \
                else None
            found[id(c)] = _equal_form(unlikely_operand(c), column)
    return found


def _equal_form(conjunct, operand):
    """The ``=`` comparison an IS search term searches as."""
    if operand is not None:                 # x IS NULL
        return b.Compare("eq", operand, b.Literal(None), None)
    return dataclasses.replace(conjunct, op="eq")


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
