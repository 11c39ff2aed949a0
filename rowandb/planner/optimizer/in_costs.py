"""The IN searches of a table as SQLite's join costs count them (``join_ways``).

SQLite's planner searches an index (or the rowid) by ``x IN (...)`` as by ``x = ?``, once
per value of the list: where.c's whereLoopAddBtreeIndex gives the key the rows of an
equality on it (the index's figure for that prefix) and then adds nIn -- the LogEst of
the list's length as written, 46 (25 rows) for ``IN (SELECT ...)`` -- to the way's rows
out and to its cost, for the IN's key and every key searched after it. A join whose
table an IN searches therefore puts that table outside where its search costs less than
another table's scan: ``FROM u, t WHERE t.a IN (1, 2, 3) AND t.b = f()`` (an index on
t(a, b)) runs t's loop outside, calling f once per IN value; RowanDB's join costs left
IN out and nested t inside u.

``in_searches`` gives ``join_ways.ways`` those IN terms of one table as search terms of
their own kind (op ``"in"``, with ``n_in``): a list whose values read neither the
searched row nor a subquery, a subquery that does not read it, on a column (under any
COLLATE) that the IN compares as stored (``outer_search._term``). ``n_in`` adds what
SQLite adds. The ORDER BY sees an IN key as a key read in the index's order (SQLite
walks the IN's values in that order), the equalities before it as fixed.
"""

from __future__ import annotations

from typing import NamedTuple

from ..plan import bound as b
from ..plan.analysis import outer_slots, slots_of
from .costs import log_est
from .outer_search import IN, _term

_SUBQUERY_ROWS = 46                      # LogEst of the 25 rows SQLite expects of one


class InTerm(NamedTuple):
    """An IN search term as ``join_ways`` reads search terms."""
    column: int
    op: str
    collation: str | None
    n_in: int                           # LogEst of the values it loops over
    needs: frozenset                    # the other slots its values read
    null_safe: bool = False


def in_searches(conjuncts, scan, slot: int) -> list:
    """``[(conjunct, InTerm)]`` for the IN searches of the table read by ``scan``."""
    found = []
    for conjunct in conjuncts:
        if not isinstance(conjunct, (b.InList, b.InSubquery)) or conjunct.negated:
            continue
        term = _term(conjunct, scan)
        if term is None or term.op != IN or term.column < -1:
            continue
        if isinstance(conjunct, b.InSubquery):
            n_in, needs = _SUBQUERY_ROWS, outer_slots(conjunct.query)
        else:
            n_in = log_est(len(conjunct.items))
            needs = frozenset().union(*(slots_of(i) for i in conjunct.items))
        found.append((conjunct, InTerm(term.column, "in", term.collation, n_in,
                                       frozenset(needs) - {slot})))
    return found


def needs_of(term) -> frozenset:
    """The slots a search term's value reads: an IN's, or a comparison's other side."""
    return term.needs if isinstance(term, InTerm) else frozenset(slots_of(term.value))
