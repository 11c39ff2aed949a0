"""Which of several bounds on one column a range search takes: SQLite's order of terms.

SQLite's WHERE clause holds its conjuncts in the order written and, after them, the
copies its analysis adds: a BETWEEN gets two, ``x >= lo`` then ``x <= hi``, and the
analysis walks the conjuncts last to first (whereclause.c, sqlite3WhereExprAnalyze and
exprAnalyze), so the last BETWEEN's copies come first. whereLoopAddBtreeIndex takes a
key's range terms in that order, and of loops that cost the same whereLoopInsert keeps
the first: the search's lower bound is the first lower bound in that order, its upper
bound the first upper one. So ``p BETWEEN 2 AND 3 AND p > f()`` searches ``p > f()``
and ``p <= 3``, computing f once, where the conjuncts' own order (the binder puts a
BETWEEN's halves where the BETWEEN stood) would search ``p >= 2`` and test ``p > f()``
on each row. ``in_sqlite_order`` gives the conjuncts in that order to the searches
that pick their bounds (``choose_index``'s, ``in_loop``'s, ``rowid_after_keys``'s) for
a query of one table (an enclosing query's columns, known before the loops, count as
constants). A loop of a join takes them otherwise: there SQLite's solver weighs each
loop's rows out, which every term the loop leaves to test lowers (whereLoopOutputAdjust),
and a BETWEEN of which the loop takes a half is not left to test. So the two halves of
one BETWEEN, which leave every other bound to test, win over any other pair, and of
several BETWEENs the last one's, first in that order (``in_join_order``): ``FROM u, v
WHERE id < f() AND id BETWEEN 2 AND 5`` searches the BETWEEN and tests ``id < f()`` on
each row (measured on SQLite 3.54 by the calls of a counting function,
``tests/test_volatile_range_order.py``). A bound reading another table needs that
table's loop outside.

A BETWEEN of which the search takes one half only is tested whole on each row found
(where.c, disableTerm disables a BETWEEN only once both its copies are): ``lone_halves``
names the halves whose other half the search does not take, which keep their test even
when their value calls a volatile function.
"""

from __future__ import annotations

from ..plan.analysis import between_halves


def in_sqlite_order(parts: list) -> list:
    """``parts`` (conjuncts) with the halves of each BETWEEN after all the others, the
    last BETWEEN's first, each lower half before its upper one."""
    others, halves = _apart(parts)
    return others + halves if halves else parts


def in_join_order(parts: list) -> list:
    """``parts`` (conjuncts) in the order a loop of a join takes its range bounds from:
    the halves of each BETWEEN first, the last BETWEEN's first, then the others as
    written (see the module's docstring)."""
    others, halves = _apart(parts)
    return halves + others if halves else parts


def _apart(parts: list) -> tuple[list, list]:
    """(the conjuncts that are no BETWEEN's half, as written; the BETWEENs' halves, the
    last BETWEEN's first, each lower half before its upper one)."""
    pairs = between_halves(parts)
    if not pairs:
        return parts, []
    ids = {id(c) for pair in pairs for c in pair}
    return [c for c in parts if id(c) not in ids], [c for pair in reversed(pairs) for c in pair]


def lone_halves(parts: list, taken: list) -> set:
    """The ids of the BETWEEN halves among ``taken`` (conjuncts a search is made of) whose
    other half, among ``parts``, the search does not take."""
    ids = {id(c) for c in taken}
    return {id(c) for pair in between_halves(parts) for c, other in (pair, pair[::-1])
            if id(c) in ids and id(other) not in ids}
