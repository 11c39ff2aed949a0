"""Which environment slots a plan subtree fills and which ones its expressions read.

A row source fills the slots of its FROM items (``slot`` holds the record, ``slot + 1`` the
rowid; an Aggregate fills its group slot). Two facts follow from these sets and drive the
join strategies: the right side of a join whose expressions read nothing the left side
fills produces the same rows for every left row, so it can be run once per join and
replayed (``execute.py``), or hashed on its join key (``hash_join.py``).
"""

from __future__ import annotations

from typing import Iterator

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import children, redefined_like, slots_of, window_exprs
from ..plan.cte import RecursiveScan
from ..exec.expressions import VOLATILE_FUNCTIONS


def filled_slots(node: L.Node, memo: dict | None = None) -> frozenset[int]:
    """Base slots the row sources of ``node`` fill (a FROM subquery counts as its own slot:
    the slots inside it are not visible outside). ``memo`` (id(node) -> (node, slots); the
    node is kept so that its id cannot be reused) lets a caller walking a long join chain
    ask for every prefix without re-walking it."""
    cls = node.__class__
    if cls is L.Scan:                   # (a long join's right sides: no memo to keep)
        return frozenset((node.slot,))
    if memo is not None:
        entry = memo.get(id(node))
        if entry is not None and entry[0] is node:
            return entry[1]
    if cls is L.Filter:
        found = filled_slots(node.child, memo)
    elif cls is L.Join or cls is L.HashJoin:
        found = filled_slots(node.left, memo) | filled_slots(node.right, memo)
    elif isinstance(node, (L.Scan, L.IndexScan, L.RowidScan, L.SubqueryScan, L.FunctionScan,
                           RecursiveScan)):
        found = frozenset((node.slot,))
    else:
        own = (node.group_slot,) if isinstance(node, L.Aggregate) else \
            (node.window.slot,) if isinstance(node, L.Window) else ()
        found = frozenset(own).union(*(filled_slots(c, memo) for c in node.children()))
    if memo is not None:
        memo[id(node)] = (node, found)
    return found


def read_slots(node: L.Node) -> set[int]:
    """Base slots read by any expression in ``node``, FROM subqueries included."""
    found: set[int] = set()
    if node.__class__ is L.Scan:        # a table read whole holds no expression (most of
        return found                    # a long join's right sides)
    for expr in expressions(node):
        found |= slots_of(expr)
    return found


def expressions(node: L.Node) -> Iterator:
    """Every bound expression held by ``node`` and the nodes below it."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield from _own_expressions(n)
        stack.extend(n.children())


def _own_expressions(n: L.Node) -> list:
    if isinstance(n, L.Filter):
        return [n.predicate]
    if isinstance(n, L.Guard):
        return list(n.conditions)
    if isinstance(n, L.Join):
        return [n.condition] if n.condition is not None else []
    if isinstance(n, L.HashJoin):
        rest = [n.condition] if n.condition is not None else []
        return list(n.left_keys) + list(n.right_keys) + rest
    if isinstance(n, (L.IndexScan, L.RowidScan)):
        found = list(getattr(n, "equal", None) or ()) if isinstance(n, L.IndexScan) else (
            [n.equal] if n.equal is not None else [])
        found += [bound[0] for bound in (n.low, n.high) if bound]
        return found
    if isinstance(n, L.FunctionScan):
        return list(n.args)
    if isinstance(n, L.Aggregate):
        return list(n.group_by) + [a for agg in n.aggregates for a in agg.expressions()]
    if isinstance(n, L.Window):
        return [e for e in (*window_exprs(n.window), n.limit) if e is not None]
    if isinstance(n, L.Project):
        return list(n.columns)
    if isinstance(n, L.Sort):
        return [k[0] for k in n.keys]
    if isinstance(n, L.Limit):
        return [e for e in (n.limit, n.offset) if e is not None]
    if isinstance(n, L.Values):
        return [e for row in n.rows for e in row] + list(n.keep)
    return []


def reads_outside(node: L.Node) -> bool:
    """True when an expression in ``node`` reads a slot that no row source in ``node``
    fills, its FROM subqueries included: the row of an enclosing query."""
    filled: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        filled |= _own_slots(n)
        stack.extend(n.children())
    return bool(read_slots(node) - filled)


def _own_slots(n: L.Node) -> set[int]:
    if isinstance(n, (L.Scan, L.IndexScan, L.RowidScan, L.SubqueryScan, L.FunctionScan,
                      RecursiveScan)):
        return {n.slot}
    if isinstance(n, L.Aggregate):
        return {n.group_slot}
    return {n.window.slot} if isinstance(n, L.Window) else set()


def independent_of(node: L.Node, other: L.Node, memo: dict | None = None) -> bool:
    """True when no expression in ``node`` reads a slot that ``other`` fills."""
    return not (read_slots(node) & filled_slots(other, memo))


def has_volatile(node: L.Node) -> bool:
    """True when an expression of ``node`` calls a function whose value may change from
    one call to the next (``random()``...): such a side must run once per left row."""
    if node.__class__ is L.Scan:        # no expression to call one
        return False
    return any(volatile_expr(e) for e in expressions(node))


_LEAVES = frozenset((b.ColumnRef, b.Literal))     # these classes exactly: no operand


def plain_comparison(expr) -> bool:
    """Whether ``expr`` compares two column references or literals (``a51 = b31``, ``a29
    = 6``: most terms of a long join): a term that calls no function, holds no subquery
    and matches no pattern, which the rules' questions of calls can answer unwalked."""
    return expr.__class__ is b.Compare and expr.left.__class__ in _LEAVES and \
        expr.right.__class__ in _LEAVES


def volatile_expr(expr) -> bool:
    """Whether ``expr`` calls a volatile function (``has_volatile``'s question of one
    expression)."""
    if expr.__class__ in _LEAVES or plain_comparison(expr):
        return False                    # calls nothing (most operands and join terms)
    if isinstance(expr, b.Function) and expr.name in VOLATILE_FUNCTIONS or redefined_like(expr):
        return True
    if isinstance(expr, b.InSubquery):
        return volatile_expr(expr.operand)
    return any(volatile_expr(c) for c in children(expr))


def outside_columns(node: L.Node, slots: frozenset) -> list[tuple[int, int]] | None:
    """The ``(slot, column)`` pairs (column -1: rowid) that ``node`` reads from ``slots``;
    None when it reaches them other than through plain column references (a subquery or
    an aggregate value), so that these pairs would not determine what ``node`` produces."""
    found: set = set()
    for expr in expressions(node):
        if not _plain_reads(expr, slots, found):
            return None
    return sorted(found)


def _plain_reads(expr, slots: frozenset, found: set) -> bool:
    if isinstance(expr, b.ColumnRef):
        if expr.slot in slots:
            found.add((expr.slot, expr.column))
        return True
    if isinstance(expr, (b.AggregateRef, b.WindowRef)):
        return expr.slot not in slots
    if isinstance(expr, (b.InSubquery, b.Exists, b.ScalarSubquery)):
        return not (slots_of(expr) & slots)
    return all(_plain_reads(c, slots, found) for c in children(expr))
