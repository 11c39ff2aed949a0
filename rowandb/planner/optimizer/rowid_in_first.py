"""A rowid IN search, kept as a filtered scan, tests its IN before the other terms.

Where SQLite searches a table by ``rowid IN (...)`` (where.c, whereLoopAddBtree's IPK
loop with WO_IN; wherecode.c codes the IN's loop and seeks each rowid), the other terms
of the WHERE are tested only on the rows the IN finds. RowanDB reads such a table as a
scan in rowid order under a Filter (``in_loop``: the rows come in rowid order either
way), which tested the terms in the WHERE's order: ``b = f() AND rowid IN (2, 3)`` called
f for each of t's rows where SQLite calls it for rows 2 and 3 only. ``rowid_in_first``
puts the IN first in that Filter; the IN's volatile items are computed once as the loop
starts (``in_setup``'s ``Once``), so testing it first calls nothing more.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts


def rowid_in_first(scan: L.Scan, prefix: tuple, source, predicate):
    """``predicate`` with the rowid IN of ``prefix`` (SQLite's search of ``scan``) first,
    where ``source`` reads the table as a plain scan; ``predicate`` itself otherwise."""
    if not isinstance(source, L.Scan) or len(prefix) != 1:
        return predicate
    term = prefix[0][0]
    if not isinstance(term, (b.InList, b.InSubquery)) or not _rowid(term.operand, scan):
        return predicate
    parts = conjuncts(predicate)
    first = [p for p in parts if _same_in(p, term)]
    if len(first) != 1 or parts[0] is first[0]:
        return predicate
    return conjoin(first + [p for p in parts if p is not first[0]])


def _same_in(part, term) -> bool:
    """Whether ``part`` is the IN ``term`` (maybe with its volatile items in ``Once``)."""
    return part is term or type(part) is type(term) and part.operand is term.operand and \
        getattr(part, "negated", False) == getattr(term, "negated", False)


def _rowid(operand, scan: L.Scan) -> bool:
    if not isinstance(operand, b.ColumnRef) or operand.slot != scan.slot:
        return False
    return operand.column == -1 or operand.column == scan.table.rowid_alias
