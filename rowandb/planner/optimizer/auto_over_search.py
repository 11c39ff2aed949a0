"""An automatic index over a search whose bound calls a volatile function.

``choose_index`` runs before the join rules and may search a join's inner table by its
own terms -- a range of the rowid or of an index key, ``t.rowid < f()`` -- dropping from
its Filter a term that calls a volatile function, whose value the seek computes once
(``_without_volatile_seeks``: SQLite's disableTerm). Where SQLite's costed order reaches
that table through an automatic index instead (``join_costs.solve`` notes the slot;
where.c, whereLoopAddAuto beside whereLoopAddBtree, and wherePathSolver takes the index),
SQLite's loop is the index's: it finds the rows of the key (``t.b IS f(u.x)``) and tests
the range on each of them, calling f per row found -- or never, when the key finds no
row (``u LEFT JOIN t ON a < f() AND b IS changes()``: no b is 0, f never called).
``auto_index_order._unsearched`` scans such a table again for a search of plain values;
for one whose values call a volatile function this module gives the dropped terms back to
the Filter, in the order the WHERE had them (``leaf_terms``, noted before ``choose_index``
ran), so that ``hash_join`` keys the table and tests them on the rows found; the terms
that fill the index (its partial WHERE) go first, as a loop left nested (a constant key,
``t.b IS 2``) must test them before the dropped ones.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import calls_volatile, conjuncts, contains_subquery, slots_of


def leaf_terms(node) -> dict:
    """slot -> the conjuncts of the Filters right above that slot's table Scan in
    ``node`` (its row source before ``choose_index``), outermost Filter's last."""
    found: dict = {}
    stack = [node]
    while stack:
        top = stack.pop()
        if isinstance(top, L.Filter):
            parts, leaf = [], top
            while isinstance(leaf, L.Filter):
                parts = conjuncts(leaf.predicate) + parts
                leaf = leaf.child
            if isinstance(leaf, L.Scan):
                found.setdefault(leaf.slot, []).extend(parts)
                continue
            stack.append(leaf)
            continue
        stack.extend(top.children())
    return found


def restored(right, parts: list, before: dict):
    """(the Scan of ``right``'s table, its terms) for a rowid or index search ``right``
    whose values call a volatile function, under the Filter terms ``parts``: the terms
    ``choose_index`` dropped for that search put back where the WHERE had them; None where
    no term was dropped, or for another node."""
    if not isinstance(right, (L.IndexScan, L.RowidScan)) or \
            getattr(right, "in_keys", ()) or getattr(right, "replaces", None) is not None:
        return None
    had = before.get(right.slot, ())
    kept = {id(p) for p in parts}
    dropped = [c for c in had if id(c) not in kept and calls_volatile(c)]
    if not dropped:
        return None
    back = {id(c) for c in dropped} | kept
    ordered = [c for c in had if id(c) in back]
    ordered += [p for p in parts if not any(p is c for c in had)]
    first, keyed = [], set()
    for c in ordered:
        column = _equated(c, right.slot)
        if _partial(c, right.slot) and (column is None or column not in keyed):
            first.append(c)
        keyed.add(column)
    return L.Scan(right.slot, right.table, right.alias), \
        first + [c for c in ordered if not any(c is f for f in first)]


def _partial(term, slot: int) -> bool:
    """Whether ``term`` filters the rows SQLite's automatic index is filled with (its
    partial index's WHERE, constructAutomaticIndex): one reading that table alone, calling
    nothing volatile, holding no subquery -- tested before the terms the rows found are
    tested by, as the index holds only the rows that pass it. (An equality after another
    on its column stays in its place: the first keys the index, ``hash_join``.)"""
    return slots_of(term) <= {slot} and not calls_volatile(term) and \
        not contains_subquery(term)


def _equated(term, slot: int):
    """The column of ``slot`` an ``=`` or ``IS`` ``term`` compares, or None."""
    if not (isinstance(term, b.Compare) and term.op in ("eq", "is")):
        return None
    for side in (term.left, term.right):
        side = side.operand if isinstance(side, b.Collate) else side
        if isinstance(side, b.ColumnRef) and side.slot == slot:
            return side.column
    return None
