"""The values an ``IN`` search of a table loop computes when the loop starts.

Where SQLite searches a table by ``x IN (SELECT ...)`` or ``x IN (list)`` on the rowid or
on a key of an index (where.c, whereLoopAddBtreeIndex; the choice ``outer_search`` makes
for tables without statistics), it codes the search's values at the top of the loop
(wherecode.c, codeAllEqualityTerms and codeEqualityTerm): in the index's key order, each
equality's value -- a NULL one ends the loop there -- and each IN's table, filled from
its subquery or list (expr.c, sqlite3CodeRhsOfIN) and rewound, an empty one ending the
loop. That happens before any row of the table is read, so even over an empty table the
subquery runs and its errors surface (``SELECT 1 FROM t WHERE rowid IN (SELECT
json('x'))`` is 'malformed JSON'); an outer loop with no row never starts the loop.

RowanDB tests such a term again as a filter on each row (an index's IN search
loops over the IN's values, ``in_loop``; a rowid IN filters the scan), so
``in_setup`` puts the same computations in a ``Guard`` right above
the loop's Filter: ``v IS NOT NULL`` for each equality value, ``(NULL IN (...)) IS NULL``
for each IN -- true when the IN's set has a value, and computed through the same cache
(``state.cache``, keyed by the subquery) as the Filter's test. Neither can end the loop
where the Filter would pass a row.

A value of that search that calls a volatile function (``calls_volatile``: a
connection's own function, random()) SQLite computes once per start of the loop, and
its seek and the rows found use that one value. ``shared_values`` wraps each such value
-- an equality's, an IN list's item -- in ``plan.once.Once`` before the search is
chosen, so that the Guard, the seek and the Filter share the Guard's one computation --
but for those after the search's first IN, computed once per value of that IN
(``in_after_in.py``).
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, slots_of
from ..plan.once import Once
from .choose_index import search_term
from .in_after_in import per_value
from .in_loop import is_as_equal, null_safe
from .outer_search import EQ, IN, search_column, search_value

def in_setup(scan: L.Scan, prefix: tuple, loop: L.Node) -> L.Node:
    """``loop`` (the Filter of ``scan``'s loop) under a Guard computing the values of
    SQLite's search of ``scan`` up to its last IN, ``prefix`` (``search_prefix``), when
    the search has one."""
    if not prefix:
        return loop
    later = per_value(prefix)           # computed per value of the first IN (in_after_in)
    return L.Guard(loop, tuple(_condition(c, role, scan.slot) for c, role in prefix
                               if id(c) not in later))


def search_prefix(scan: L.Scan, parts: list) -> tuple:
    """The terms among ``parts`` (the conjuncts of ``scan``'s Filter), with their roles,
    whose values SQLite computes as ``scan``'s loop starts for its IN search: those up to
    the search's last IN (none when it has no IN)."""
    if scan.table.virtual is not None or not any(
            isinstance(c, (b.InList, b.InSubquery)) and not c.negated for c in parts):
        return ()                       # no IN a search could take: none of its own
    search = is_as_equal(scan, parts)
    roles = [role for _, role in search or ()]
    if IN not in roles or any(_joins(c, scan) and not any(c is s for s, _ in search)
                              for c in parts):
        return ()
    return search[:len(roles) - roles[::-1].index(IN)]


def shared_values(scan: L.Scan, prefix: tuple) -> dict:
    """``{id(conjunct): conjunct with its volatile values in Once}`` for the terms of
    ``prefix`` that call a volatile function (empty when none does)."""
    later = per_value(prefix)
    return {id(c): _once(c, scan.slot) for c, _ in prefix
            if isinstance(c, (b.Compare, b.InList)) and calls_volatile(c) and
            id(c) not in later}


def _once(conjunct, slot: int):
    """``conjunct`` with each volatile value computed before the loop in a ``Once``."""
    if isinstance(conjunct, b.InList):
        items = tuple(Once(i) if calls_volatile(i) else i for i in conjunct.items)
        return dataclasses.replace(conjunct, items=items)
    if search_column(conjunct, slot) is conjunct.left:
        return dataclasses.replace(conjunct, right=Once(conjunct.right))
    return dataclasses.replace(conjunct, left=Once(conjunct.left))


def _joins(conjunct, scan: L.Scan) -> bool:
    """Whether ``conjunct`` is an equality of a column of ``scan`` with a value read from
    another table. Unless the search holds it too, SQLite weighs the IN search against a
    search by that equality (an index, an automatic index) by costs RowanDB does not
    model -- a subquery's IN or a long list mostly loses -- so the IN is left to the
    Filter, tested per row."""
    term = search_term(conjunct, scan)
    return term is not None and term.op == "eq" and bool(slots_of(term.value) - {scan.slot})


def _condition(conjunct, role: str, slot: int):
    """The Guard's test of one search term: the equality's value is not NULL, the IN's
    set is not empty."""
    if role == EQ and null_safe(conjunct):      # an IS: its NULL finds the NULL keys,
        if not isinstance(conjunct, b.Compare):  # (x IS NULL: no value to compute)
            return b.Literal(1)
        value = search_value(conjunct, slot)[0]  # computed here all the same, in order
        return b.Binary("or", b.Unary("isnull", value), b.Literal(1))
    if role == EQ:
        return b.Unary("notnull", search_value(conjunct, slot)[0])
    null = b.Literal(None)
    return b.Unary("isnull", dataclasses.replace(conjunct, operand=null))
