"""Rule 2: test the loop-invariant conditions of WHERE once, before any row is read.

SQLite codes a WHERE term that reads no table of its own FROM clause -- a constant, a
bound parameter, a column of an enclosing query -- that holds no subquery and calls no
non-deterministic function once, before the loops over the FROM items (where.c,
sqlite3WhereBegin, "a WHERE clause that is constant"); when it is false or NULL no row is
read. So such a term's error surfaces even when no row would reach it (``WHERE a > 5 AND
like(1, 1, 'xy')`` is 'ESCAPE expression must be a single character' whatever the rows),
also in a correlated subquery, once per run of it; and a false one keeps everything else
from running. The ON conditions of inner joins are WHERE terms (SQLite has moved them to
the end of WHERE); a LEFT JOIN's are not, and in a FROM clause with a RIGHT or FULL JOIN
no ON is (fuzz seed 70200134).

``hoist_invariants`` takes these conjuncts out of the row source, in the order SQLite
tests them (WHERE's, then the ON conditions' in join order), into a ``Guard`` above it;
``optimize`` applies the rules after this one to the row source under the guard. A
conjunct folded to a true literal is simply dropped.
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import between_halves, children, contains_subquery, redefined_like, \
    slots_unless_query
from ..exec.expressions import VOLATILE_FUNCTIONS
from ..types.values import truth
from .chain import flatten, rebuild
from .node_slots import filled_slots, plain_comparison


def hoist_invariants(node: L.Node, stay: frozenset = frozenset()) -> L.Node:
    """``node`` with its invariant conditions in a Guard; a condition reading a slot of
    ``stay`` is left in place (the outer rows of an EXISTS that SQLite joins)."""
    flat = flatten(node)
    if flat is None:
        return node
    items, where = flat
    if not where and not any(item.on for item in items):
        return node                     # no condition at all: nothing to hoist
    own = frozenset(stay).union(*(filled_slots(item.node) for item in items))
    hoisted: list = []
    where = _keep_varying(where, own, hoisted)
    # no ON of a FROM clause with a RIGHT or FULL JOIN: SQLite tests those at their own
    # loop (EP_InnerON), so neither a later RIGHT or FULL JOIN's unmatched rows nor the
    # terms an earlier one's unmatched rows test first (outer_join.py) wait on them
    if not any(item.kind in ("right", "full") for item in items):
        for item in items:
            if item.kind == "inner":
                item.on = _keep_varying(item.on, own, hoisted)
    hoisted = [c for c in hoisted if not (isinstance(c, b.Literal) and truth(c.value))]
    if not hoisted and len(where) == len(flat[1]):
        return node
    child = rebuild(items, where)
    return L.Guard(child, tuple(hoisted)) if hoisted else child


def _keep_varying(conditions: list, own: frozenset, hoisted: list) -> list:
    """The conditions that may change from row to row; the others go to ``hoisted``.
    The two halves of ``x BETWEEN y AND z`` go together: to SQLite it is one term, so
    ``NULL BETWEEN f(a) AND NULL`` still calls f for every row."""
    if all(_reads_own(c, own) for c in conditions):
        return list(conditions)         # (a long join's terms: each reads a FROM item)
    varying = {id(c) for c in conditions if not invariant(c, own)}
    for low, high in between_halves(conditions):
        if id(low) in varying or id(high) in varying:
            varying |= {id(low), id(high)}
    kept = []
    for condition in conditions:
        (kept if id(condition) in varying else hoisted).append(condition)
    return kept


def _reads_own(condition, own: frozenset) -> bool:
    """Whether ``condition`` compares two column references or literals (``plain_comparison``)
    one of which is a column of ``own``: it varies, whatever the other side, as
    ``invariant`` would find, unwalked."""
    if not plain_comparison(condition):
        return False
    left, right = condition.left, condition.right
    return left.__class__ is b.ColumnRef and left.slot in own or \
        right.__class__ is b.ColumnRef and right.slot in own


def invariant(expr, own: frozenset) -> bool:
    """True when ``expr`` reads none of the slots ``own`` (the FROM items being looped
    over), holds no subquery and calls no non-deterministic function. A term holding a
    subquery is not, whatever it reads: the subquery's query is not walked for its
    slots (``slots_unless_query``)."""
    slots = slots_unless_query(expr)
    if slots is None:
        return False
    return not (slots & own) and not contains_subquery(expr) \
        and not _nondeterministic(expr)


def _nondeterministic(expr) -> bool:
    if isinstance(expr, b.Function) and expr.name in VOLATILE_FUNCTIONS or redefined_like(expr):
        return True
    return any(_nondeterministic(c) for c in children(expr))
