"""Whether SQLite searches a table by its rowid ``IN`` rather than by an index's equality.

``outer_search`` lets a rowid IN win over any index (the common case), and RowanDB then
searches the index by its equality all the same -- SQLite's choice matters only for the
calls of a volatile value: ``SELECT id FROM v WHERE p = f() AND id IN (2, 3)`` is run by
SQLite as a loop over the two rowids, testing ``p = f()`` on each row found (f called
per row), but with three values as a search of the index on p (and the rowid after it),
f called once. SQLite decides by its costs (where.c, whereLoopAddBtreeIndex, in LogEst
units as ``costs.py`` computes them, for a table without ANALYZE's figures or with them):

| loop                         | rows out (nOut)         | cost (rRun)                      |
|------------------------------|-------------------------|----------------------------------|
| rowid IN (K values)          | log K                   | estLog(rows) (+) 16, + log K     |
| index, = on k keys           | the prefix's figure     | estLog(rows) (+) (out + 1 + 15 x |
|                              |                         | entry width / row width), (+)    |
|                              |                         | (out + 16) unless it covers      |
| index, = on every key, then  | log K                   | the same with out 0, + log K     |
| the rowid IN                 |                         |                                  |

(``(+)``: ``log_est_add``; log K is 46 for ``IN (SELECT ...)``.) Each loop's rows out
are then lowered by the terms it leaves unused (whereLoopOutputAdjust), and the index's
loops are kept as whereLoopInsert keeps them: a loop of fewer keys of the same index (or
of a proper subset of the terms) no dearer on both counts lends the next its cost
(whereLoopAdjustCost), a loop no cheaper and no smaller than one kept is dropped, one
cheaper and smaller replaces it. The cheaper of the rowid's and the index's best loop
wins. On a tie SQLite 3.54 was seen (EXPLAIN QUERY PLAN, which reports the cost) to
take the index searched on every key then the rowid when it has two keys or more, and
the loop with fewer rows out otherwise: for ``v(id INTEGER PRIMARY KEY, p, q UNIQUE)``
and ``SELECT id``, ``p = ? AND id IN (...)`` takes the rowid with 2 values (55 against
55, 9 rows out against 10) and the index with 3 (61 against 55: the loop on p alone lends
its cost); ``SELECT *``, reading the row, the rowid up to 3 values; an index of two keys
both searched, the index from 2 values on (55 against 55). ``tests/test_volatile_rowid_in``
checks these against SQLite. Only the shapes modelled here are answered (equalities on
index keys, no range or other IN on the table; no ORDER BY an index could give, which
SQLite weighs apart); anything else is None: RowanDB keeps its search.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan.analysis import conjoin, slots_of
from .choose_index import _keys, null_safe_term, search_term, usable
from .costs import index_rows, index_width, log_est, log_est_add, table_rows, table_width
from .covering import covers
from .join_ways import _est_log, _prefix_rows, _small_integer


class _Loop:
    """One of SQLite's WhereLoops of the table: its terms (ids), rRun, nOut."""

    __slots__ = ("terms", "run", "out", "indexed", "covering", "rowid", "index", "keys")

    def __init__(self, terms, run, out, indexed, covering, rowid=False, index=None):
        self.terms, self.run, self.out = terms, run, out
        self.indexed, self.covering, self.rowid = indexed, covering, rowid
        self.index, self.keys = index, len(index.columns) if index is not None else 0


def rowid_in_first(scan, parts: list, rowid_in, read: set):
    """Whether SQLite searches ``scan``'s table by the rowid IN ``rowid_in`` (one of
    ``parts``) rather than by an index, the query reading the columns ``read`` of it;
    None for a shape not modelled."""
    table = scan.table
    if isinstance(rowid_in, b.InList):
        if len(rowid_in.items) < 2:
            return None
        n_in = log_est(len(rowid_in.items))
    else:
        n_in = 46                       # TUNING: an IN (SELECT ...) gives 25 rows
    terms = [(c, search_term(c, scan)) for c in parts]
    if any(t is not None and t.op != "eq" or isinstance(c, (b.InList, b.InSubquery))
           and c is not rowid_in or t is None and null_safe_term(c, scan) is not None
           for c, t in terms):
        return None                     # a range, another IN, an IS: not modelled
    eqs = [(c, t) for c, t in terms if t is not None and t.column != -1 and
           t.column != table.rowid_alias]
    rows = table_rows(table)
    rowid = _adjusted(_Loop((id(rowid_in),), log_est_add(_est_log(rows), 16) + n_in, n_in,
                            False, False, True), parts, scan.slot, rows)
    loops = []
    indexes = table.indexes if scan.indexed is None else \
        (scan.indexed,) if scan.indexed else ()
    for index in reversed(indexes):     # SQLite's list: the newest index first
        if usable(index, parts, scan.slot):
            for loop in _index_loops(scan, index, eqs, rowid_in, n_in, read):
                _insert(loops, _adjusted(loop, parts, scan.slot, rows))
    best = min(loops, key=lambda loop: (loop.run, loop.out), default=None)
    if best is None or best.run > rowid.run:
        return True
    if best.run < rowid.run:
        return False
    # a tie: observed, not derived (see the module's words)
    return not any(loop.run == rowid.run and loop.keys > 1 and loop.terms[-1] == id(rowid_in)
                   for loop in loops) and rowid.out < best.out


def _index_loops(scan, index, eqs: list, rowid_in, n_in: int, read: set):
    """The loops of ``index`` searched by equalities on 1, 2, ... of its keys, then the
    rowid IN after the last key when every key is searched."""
    table, used = scan.table, []
    size = index_rows(table, index)
    ratio = 15 * index_width(table, index) // table_width(table)
    whole = covers(table, index, read)
    for i in range(len(index.columns)):
        found = next((c for c, t in eqs if _keys(t, index, i, scan.slot, table)), None)
        if found is None:
            return
        used.append(id(found))
        out = _prefix_rows(table, index, i + 1)
        yield _Loop(tuple(used), _cost(size, out, ratio, whole), out, True, whole,
                    index=index)
    yield _Loop(tuple(used) + (id(rowid_in),), _cost(size, 0, ratio, whole) + n_in, n_in,
                True, whole, index=index)


def _cost(size: int, out: int, ratio: int, whole: bool) -> int:
    cost = log_est_add(_est_log(size), out + 1 + ratio)
    return cost if whole else log_est_add(cost, out + 16)


def _adjusted(loop: _Loop, parts: list, slot: int, rows: int) -> _Loop:
    """whereLoopOutputAdjust: one row fewer out per term of the table the loop leaves
    unused, and no more than the table's rows less 20 (10 for an equality with -1, 0 or
    1) when such a term is an equality."""
    out, reduce = loop.out, 0
    for conjunct in parts:
        if id(conjunct) in loop.terms or slot not in slots_of(conjunct):
            continue
        out -= 1
        if isinstance(conjunct, b.Compare) and conjunct.op in ("eq", "is"):
            reduce = max(reduce, 10 if _small_integer(conjunct) else 20)
    loop.out = min(out, rows - reduce)
    return loop


def _insert(loops: list, new: _Loop) -> None:
    """whereLoopInsert's keeping of ``new`` among ``loops`` (whereLoopAdjustCost, then
    whereLoopFindLesser)."""
    for old in loops:
        if not old.indexed:
            continue
        if _cheaper_subset(old, new):
            new.run, new.out = min(old.run, new.run), min(old.out - 1, new.out)
        elif _cheaper_subset(new, old):
            new.run, new.out = max(old.run, new.run), max(old.out + 1, new.out)
    for i, old in enumerate(loops):
        if old.run <= new.run and old.out <= new.out:
            return
        if old.run >= new.run and old.out >= new.out:
            loops[i] = new
            return
    loops.append(new)


def _cheaper_subset(x: _Loop, y: _Loop) -> bool:
    """whereLoopCheaperProperSubset: x not dearer on both counts, and either a search of
    the same index by fewer keys or using a proper subset of y's terms, not covering
    where y does not."""
    if x.run > y.run and x.out > y.out:
        return False
    if x.index is y.index and len(x.terms) < len(y.terms):
        return True
    return len(x.terms) < len(y.terms) and set(x.terms) <= set(y.terms) and \
        not (x.covering and not y.covering)


def rowid_in_scan(scan, prefix: tuple, parts: list, found, node, reads):
    """``(found, node)``: the search chosen for ``scan`` and its Filter ``node``, or, when
    SQLite searches by the rowid IN that is the whole ``prefix`` while ``found`` seeks
    with a volatile value, the table read whole and the Filter testing that IN first:
    SQLite computes such a value for each row its rowid loop finds, in rowid order, as
    the Filter then does on the rows the IN passes."""
    if len(prefix) != 1 or scan.table.without_rowid:
        return found, node
    rowid_in = prefix[0][0]
    if rowid_in_first(scan, parts, rowid_in, reads(scan.slot)) is not True:
        return found, node
    rest = [c for c in parts if c is not rowid_in]
    whole = dataclasses.replace(scan, indexed=())   # in rowid order: no index read instead
    return whole, type(node)(whole, conjoin([rowid_in] + rest))
