"""A join's WHERE terms as SQLite's planner lists them, taken before any rule rewrites them.

SQLite's cost of a full scan of an index not holding the row (where.c, whereLoopAddBtree:
"Full scan via index") lowers the lookups of the rows by each term, from the first of its
WHERE clause, that the index entry alone can test, until the first it cannot
(``join_ways._index_scan``). So the count and order of those terms decide ties between
tables read through such an index, and with them the order of a join's rows. SQLite lists
the WHERE's conjuncts, then each ON's in FROM order (select.c, sqlite3ProcessJoin moves
them to the end of the WHERE, a LEFT JOIN's too), and folds no constant: ``WHERE 1`` and
``ON TRUE AND 1`` are terms (one, two) that every entry can test, while a JOIN written
without ON has none (``bind/from_columns.written_on``). RowanDB's rules fold constants
(``fold_constants``) and test the loop-invariant ones once (``hoist_invariants``), so
``written_terms`` takes the list from the plan ``optimize`` is given, before them.
"""

from __future__ import annotations

from ..plan import logical as L
from .chain import flatten


def written_terms(node) -> list | None:
    """The WHERE's conjuncts, then each FROM item's ON conjuncts in FROM order, of the
    join chain ``node`` is (None: not a join chain)."""
    if not isinstance(node, (L.Filter, L.Join)):
        return None
    flat = flatten(node)
    if flat is None:
        return None
    items, where = flat
    return where + [c for item in items for c in item.on]
