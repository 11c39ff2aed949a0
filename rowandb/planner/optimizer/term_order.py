"""The order in which one loop tests its conjuncts: SQLite's, since it decides which error
surfaces first (and whether a later term runs at all).

SQLite codes the terms a loop tests in up to three passes (wherecode.c,
sqlite3WhereCodeOneLoopStart), each in WHERE order:

1. when the loop reads an index and then seeks the table's row (not a covering read,
   not a rowid lookup), the terms the index entry can answer -- every column of this
   table they name (outside subqueries) is in the entry (sqlite3ExprCoveredByIndex) --
   so a row they reject is never read;
2. the other terms;
3. last, the terms holding a correlated subquery anywhere inside (TERM_VARSELECT: the
   walk of sqlite3WhereExprUsage into every nested subquery sets it).

The WHERE terms that must see a LEFT JOIN's NULL rows are tested after it in one plain
pass, in WHERE order (code_outer_join_constraints); a RIGHT JOIN's unmatched rows run
through a WHERE loop of their own, in pass order (sqlite3WhereRightJoinLoop). The two halves of a BETWEEN are one
term to SQLite: they keep their places together.
``push_down_predicates`` orders each loop's conjuncts by passes 2 and 3
(``in_test_order``); once the plan is finished and covering reads are known,
``index_first`` moves pass 1's terms to the front of a Filter over an index read.
"""

from __future__ import annotations

import dataclasses

from ..plan import bound as b
from ..plan import logical as L
from .covering import entry_columns
from .plain_loops import all_plain
from ..plan.analysis import (between_halves, children, conjoin, conjuncts,
                             holds_correlated_subquery)


def in_test_order(conditions: list, answered=None) -> list:
    """``conditions`` in SQLite's pass order; ``answered(term)`` tells pass 1's terms
    (None: the loop has no pass 1)."""
    if answered is None and all_plain(conditions):
        return conditions               # (most terms of a long join: all in pass 2)
    passes = {id(c): 2 if holds_correlated_subquery(c) else
              0 if answered is not None and answered(c) else 1 for c in conditions}
    for low, high in between_halves(conditions):
        passes[id(low)] = passes[id(high)] = max(passes[id(low)], passes[id(high)])
    if all(p == 1 for p in passes.values()):
        return conditions
    return sorted(conditions, key=lambda c: passes[id(c)])      # stable: WHERE order kept


def index_first(node: L.Node) -> L.Node:
    """``node`` with every Filter over an index read that seeks the table's row testing
    first the conjuncts the index entry answers."""
    if isinstance(node, L.Filter) and isinstance(node.child, L.IndexScan) \
            and _seeks_row(node.child):
        terms = conjuncts(node.predicate)
        if len(terms) < 2:              # one term: no order to choose
            return node
        scan = node.child
        held = entry_columns(scan.table, scan.index)
        ordered = in_test_order(terms, lambda c: _columns_named(c, scan.slot) <= held)
        if all(a is b for a, b in zip(ordered, terms)):
            return node
        return dataclasses.replace(node, predicate=conjoin(ordered))
    if isinstance(node, (L.Join, L.HashJoin)):
        left, right = index_first(node.left), index_first(node.right)
        if left is node.left and right is node.right:
            return node
        return dataclasses.replace(node, left=left, right=right)
    child = getattr(node, "child", None)
    if isinstance(child, L.Node) and not isinstance(node, L.SubqueryScan):
        ordered = index_first(child)
        return node if ordered is child else dataclasses.replace(node, child=ordered)
    return node


def _seeks_row(scan: L.IndexScan) -> bool:
    """Whether the read goes from the index entry to the table's row: not a covering
    read, not a WITHOUT ROWID table's own key (the row itself)."""
    return not scan.covering and not (scan.table.without_rowid and scan.index.origin == "pk")


def _columns_named(expr, slot: int) -> set:
    """The columns of FROM item ``slot`` that ``expr`` names outside its subqueries."""
    found, stack = set(), [expr]
    while stack:
        top = stack.pop()
        if isinstance(top, b.ColumnRef):
            if top.slot == slot:
                found.add(top.column)
        elif isinstance(top, b.InSubquery):
            stack.append(top.operand)
        elif not isinstance(top, (b.Exists, b.ScalarSubquery)):
            stack.extend(children(top))
    return found
