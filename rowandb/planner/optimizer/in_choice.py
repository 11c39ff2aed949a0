"""An IN search SQLite's costs prefer to a search RowanDB would make with a volatile value.

RowanDB searches a table by ``=`` and ranges (``choose_index``) and tests an IN on each
row under a Guard that computes its values first (``in_setup``). SQLite searches by the
IN too, once per value of its list (where.c, whereLoopAddBtreeIndex: the IN's key costed
as an equality, nIn added to the loop's cost and rows), and picks the loop its costs make
cheapest (wherePathSolver). The two plans find the same rows, but where RowanDB's search
seeks with a value calling a function whose value changes between calls (``cnt(x)``, a
connection's own function; random()), the number of calls tells them apart: SQLite,
searching by the IN, tests that term on each row the IN finds (``SELECT id FROM v WHERE
p IN (1, 2) AND q > f()``, indexes on p and q: f called for each row of p 1 and 2),
where RowanDB's search of q's range computed it once.

``in_choice`` asks ``join_ways.ways`` (which costs IN searches as SQLite does,
``in_costs.py``) for the table's cheapest search by the loop's terms; when that search
uses an IN and RowanDB's chosen search seeks with a volatile value computed afresh (not
a ``Once`` of the IN's setup), it reads the table whole in the order of SQLite's search
-- the rowid's b-tree for a rowid IN, the index's for an index IN, whose entries come in
the order of its keys as SQLite's loop over the IN's sorted values finds them -- and its
Filter tests the terms of that search first, then the others in the WHERE's order, so
the volatile term is computed for each row the IN search finds, as in SQLite. Only where
every term of that search is computed once (constant, or shared by the Guard); the
searches ``in_loop`` and ``rowid_in_cost`` already answer are left to them.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, children, conjoin, may_call
from ..plan.once import Once
from .join_ways import lone_ways
from .node_slots import plain_comparison
from .rowid_in_cost import rowid_in_first


def fresh_volatile(exprs) -> bool:
    """Whether any of ``exprs`` calls a volatile function each time it is read (a value
    the IN's Guard computes once, a ``Once``, does not)."""
    return any(map(_fresh, exprs))


def _fresh(expr) -> bool:
    """An operator's operands are asked in turn, the rest whether they call a volatile
    function: asking ``calls_volatile`` of each level first walked every level of an
    AND/OR chain whole when a call sits somewhere in it."""
    if plain_comparison(expr) or isinstance(expr, Once):
        return False
    if isinstance(expr, _OPERATORS):
        return may_call(expr) and any(map(_fresh, children(expr)))
    return calls_volatile(expr)         # the call itself, or one inside it


_OPERATORS = (b.Compare, b.InList, b.Binary, b.Unary, b.Collate)


def in_choice(scan: L.Scan, parts: list, found, node: L.Filter, reads):
    """``(found, node)``: the search chosen for ``scan`` and its Filter ``node``, or, when
    SQLite searches by an IN and one of ``parts`` (the Filter's conjuncts) calls a
    volatile function afresh, the table read whole in that search's order, the Filter
    testing its terms first."""
    if scan.indexed is not None or not fresh_volatile(parts) or \
            found is not None and not isinstance(found, (L.IndexScan, L.RowidScan)):
        return found, node
    best = None
    for way in lone_ways(scan, parts, reads):
        if not way.setup and (best is None or (way.run, way.out) < (best.run, best.out)):
            best = way
    if best is None or not any(isinstance(c, (b.InList, b.InSubquery)) for c in best.used):
        return found, node
    used = {id(c) for c in best.used}
    first = [c for c in parts if id(c) in used]
    if fresh_volatile(first) or best.index is None and rowid_in_first(
            scan, parts, best.used[0], reads(scan.slot)) is not None:
        return found, node  # a value SQLite computes once; a shape rowid_in_cost weighs
    source = read_whole(scan, best.index)
    rest = [c for c in parts if id(c) not in used]
    return source, type(node)(source, conjoin(first + rest))


def read_whole(scan: L.Scan, index) -> L.Node:
    """``scan``'s table read whole through ``index``, in its order, or (None) in the
    rowid's, which no later rule trades for an index's (as NOT INDEXED)."""
    if index is None:
        return dataclasses.replace(scan, indexed=())
    return L.IndexScan(scan.slot, scan.table, scan.alias, index)
