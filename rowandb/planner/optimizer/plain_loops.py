"""Cheap tests that tell a rule, before it walks, that a table's loop or a list of terms
gives it nothing to do.

A long join of the sqllogictest corpus (select5: up to 64 tables, each without an index,
each joined by ``a51 = b31``-like equalities) asks every rule the same questions of
every table, and most answers are "nothing": no search to choose, no term to move to
another pass. Each question here is answered from the node's own fields in one pass
over its terms, where the rule's own walk would build lists and ask each term the rule's
general questions (``choose_index._searched_loop``: its IN setup, best search, range,
IN and order choices; ``term_order.in_test_order``: each term's pass). Only the cases
whose answer is certain are answered; for any other the rule walks as before.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjuncts
from .node_slots import plain_comparison


def unsearchable(node: L.Filter, scan, costed) -> bool:
    """Whether ``choose_index`` would give the loop ``node`` (a Filter over the plain
    table scan ``scan``) back as it is: a rowid table with no index, read as written (no
    INDEXED BY, NOT INDEXED, virtual table, nor a search a join's costed order chose,
    ``costed``), whose terms are all comparisons of columns and literals (no IN, no
    call: nothing volatile, nothing to set up) none of which names its rowid. No term
    can then search it -- only the rowid or an index could be searched -- so no search
    is found, and none of the choices that trade a search for another is asked."""
    table = scan.table
    if scan.__class__ is not L.Scan or node.child is not scan or table.indexes or \
            scan.indexed is not None or table.without_rowid or table.virtual is not None \
            or costed and scan.slot in costed:
        return False
    slot, alias = scan.slot, table.rowid_alias
    for part in conjuncts(node.predicate):
        if not plain_comparison(part):
            return False
        for side in (part.left, part.right):
            if side.__class__ is b.ColumnRef and side.slot == slot and \
                    (side.column < 0 or side.column == alias):
                return False
    return True


def all_plain(conditions: list) -> bool:
    """Whether every one of ``conditions`` compares two column references or literals:
    none holds a subquery, so each is tested in SQLite's second pass
    (``term_order.in_test_order``: the order stays as written)."""
    for condition in conditions:
        if not plain_comparison(condition):
            return False
    return True
