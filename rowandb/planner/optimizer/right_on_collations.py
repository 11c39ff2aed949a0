"""The ON of a RIGHT or FULL JOIN naming a collation nobody has, where it searches the rowid.

SQLite loops over a RIGHT or FULL JOIN's right item inside its left ones and searches it
by the ON's terms, as the inner loop of an inner join (where.c; the unmatched rows are
found after, through the rows it marked): the term of the right table's rowid that such
a search is made of -- its first equality (or ``IS``), else its first lower and first
upper bound -- is coded as the search alone, and its collation is never looked up
(``u RIGHT JOIN t ON t.id = 1 COLLATE xyz`` answers). Every other ON term is tested, and
asks: a rowid of the left table (``t RIGHT JOIN u ON t.id = 1 COLLATE xyz``), ``OR``,
``!=``, a column on the right. RowanDB joins them by a hash of the ON's equalities or
tests the ON on each pair, so ``right_on_unasked`` compares those search terms under
BINARY, as ``choose_index._seek_collations_unasked`` does for a WHERE's: a rowid, an
integer, compares alike under every collation.
"""

from __future__ import annotations

import dataclasses

from ..plan import logical as L
from ..plan.analysis import conjuncts
from ..plan.expr_compare import or_false_taken
from .choose_index import _seek_collations_unasked, _table_scan, search_term


def right_on_unasked(join: L.Join) -> L.Join:
    """``join`` (a RIGHT or FULL JOIN) with the ON's terms SQLite's search of its right
    table's rowid is made of compared under BINARY when they name an unknown collation.
    Not with ``INDEXED BY``, which searches that index instead."""
    scan = _table_scan(join.right)
    if join.condition is None or not isinstance(scan, L.Scan) or \
            scan.table.without_rowid or scan.indexed:
        return join
    parts = conjuncts(join.condition)
    alias = scan.table.rowid_alias
    ops = {t.op for t in (search_term(or_false_taken(c), scan) for c in parts)
           if t is not None and (t.column == -1 or alias is not None and t.column == alias)}
    if not ops:
        return join
    found = L.RowidScan(scan.slot, scan.table, scan.alias, equal=True if "eq" in ops else None,
                        low=ops & {"gt", "ge"} and (True, True) or None,
                        high=ops & {"lt", "le"} and (True, True) or None)
    condition = _seek_collations_unasked(join.condition, parts, scan, found)
    return join if condition is join.condition else dataclasses.replace(join, condition=condition)
