"""The terms of an index search after its first IN: computed once per value of that IN.

SQLite searches an index of (a, b) by ``a IN (...) AND b IN (...)`` with two nested loops
(wherecode.c, codeAllEqualityTerms calls codeEqualityTerm for each key in turn): the first
IN's list is computed as the table's loop starts, and everything after it -- a later
key's equality value, a later IN's list (expr.c, sqlite3CodeRhsOfIN: a list whose items
are not constant is filled again each time its code is reached) -- inside the first IN's
loop, once per distinct value of it; a row found is never tested against them again
(disableTerm). So ``a IN (2, 3) AND b IN (f(), 2)`` calls f once for a=2 and again for
a=3, seeking b among that call's values: with a counting f, a=2 finds b in (1, 2) and a=3
b in (2, 2). RowanDB's ``in_setup`` computed every value of the search up to its last IN
once, before the loop (a ``Once``), and tested the later IN again on each row with it:
f called once and the same b values for every a. ``per_value`` names the terms after the
first IN whose values call a volatile function: ``in_setup`` leaves them out of its Guard
and its ``Once``, and ``in_loop`` out of the Filter, so ``exec/in_seek.py`` computes them
for each value of the first IN, as SQLite does.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan.analysis import calls_volatile


def per_value(prefix) -> set:
    """The ids of the terms of ``prefix`` (``(conjunct, role)`` in the search's key order)
    after its first IN that call a volatile function: an equality's value, a later IN
    list's items."""
    found, seen_in = set(), False
    for conjunct, _ in prefix:
        if seen_in and isinstance(conjunct, (b.Compare, b.InList)) and \
                calls_volatile(conjunct):
            found.add(id(conjunct))
        seen_in = seen_in or isinstance(conjunct, (b.InList, b.InSubquery))
    return found
