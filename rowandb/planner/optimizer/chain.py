"""A left-deep join chain taken apart and put back together, shared by the join rules.

``flatten`` turns ``Filter(Join(Join(A, B), C))`` into the list of FROM items (node, kind,
ON conjuncts) plus the WHERE conjuncts (filters on the inner items' row sources included);
``rebuild`` makes the chain again; ``with_sides`` gives one join new sides.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, conjuncts
from ..plan.cte import RecursiveScan


@dataclass
class Item:
    node: L.Node
    kind: str = "inner"                 # how it joins to the items before it
    on: list = field(default_factory=list)
    slot: int = -1
    cross: bool = False                 # written CROSS JOIN: after every item before it

    @property
    def slots(self) -> tuple:
        """The slots it fills: an UPDATE ... FROM's nested FROM clause fills several."""
        node = self.node
        while isinstance(node, L.Filter):
            node = node.child
        return node.slots if isinstance(node, L.Materialize) else (self.slot,)


_last: tuple = (None, None)      # the last chain taken apart: (node, its parts as tuples)


def flatten(node: L.Node):
    """(items, where-conjuncts) of a Filter-over-joins subtree; None when it is not one.
    The caller owns the lists and Items it gets (the rules change them). The chain a
    query's rules ask of first (``written_terms``, ``hoist_invariants`` and
    ``reorder_joins`` each ask of the same node when nothing is folded or hoisted) is
    taken apart once: the last node's parts are kept, and a node, never changed once
    made, has the same parts when asked again."""
    last, parts = _last
    if last is node and node is not None:
        items, where = parts
        return [Item(n, kind, list(on), slot, cross) for n, kind, on, slot, cross in items], \
            list(where)
    flat = _flatten(node)
    if flat is not None:
        _keep(node, flat)
    return flat


def _keep(node: L.Node, flat: tuple) -> None:
    global _last
    items, where = flat
    _last = (node, (tuple((i.node, i.kind, tuple(i.on), i.slot, i.cross) for i in items),
                    tuple(where)))


def _flatten(node: L.Node):
    where = []
    while isinstance(node, L.Filter):
        where = conjuncts(node.predicate) + where
        node = node.child
    items = []
    while isinstance(node, L.Join):
        right = Item(node.right, node.kind, conjuncts(node.condition), _slot(node.right),
                     node.cross)
        items.append(right)
        node = node.left
    if not _is_leaf(node):
        return None
    items.append(Item(node, "inner", [], _slot(node)))
    items.reverse()
    for item in items:
        # a filter on an inner item's row source is a WHERE conjunct placed there by an
        # earlier pass (push_into_cte optimizes a query again): taken back into WHERE, the
        # join rules may move it with its item
        while item.kind in ("inner", "right") and isinstance(item.node, L.Filter):
            where.extend(conjuncts(item.node.predicate))
            item.node = item.node.child
    return items, where


def _slot(node: L.Node) -> int:
    """The slot of an item's row source, under its filters and the guard an IN's setup
    put there (``in_setup.py``): push_into_cte optimizes a query again, and a term of
    the enclosing query reading that item must go to it (fuzz 180300355)."""
    while isinstance(node, (L.Filter, L.Guard)):
        node = node.child
    return getattr(node, "slot", -1)


def _is_leaf(node: L.Node) -> bool:
    while isinstance(node, L.Filter):
        node = node.child
    return isinstance(node, (L.Scan, L.SubqueryScan, L.Empty, L.IndexScan, L.RowidScan,
                             L.FunctionScan, RecursiveScan, L.Materialize))


def rebuild(items: list[Item], where: list) -> L.Node:
    node = None
    for item in items:
        if node is None:
            node = item.node
            if item.on:
                node = L.Filter(node, conjoin(item.on))
        else:
            node = L.Join(node, item.node, item.kind, conjoin(item.on) if item.on else None,
                          right_slots=(item.slot,), cross=item.cross)
    if where:
        node = L.Filter(node, conjoin(where))
    if _taken_apart_as(items, where):
        _keep(node, (items, where))     # the next rule's flatten of it: these parts
    return node


def _taken_apart_as(items: list, where: list) -> bool:
    """Whether ``flatten`` of the chain ``rebuild`` makes of ``items`` and ``where`` gives
    them back: the first item inner with no ON (``rebuild`` would put its ON in a Filter
    over it, which ``flatten`` reads as WHERE's), no inner or RIGHT item's node a Filter
    (``flatten`` takes those into WHERE), no term an AND (``flatten`` splits it)."""
    first = items[0]
    if first.kind != "inner" or first.on or isinstance(first.node, L.Filter):
        return False
    for item in items:
        if item.kind in ("inner", "right") and isinstance(item.node, L.Filter) or \
                any(_is_and(c) for c in item.on):
            return False
    return not any(_is_and(c) for c in where)


def _is_and(term) -> bool:
    return isinstance(term, b.Binary) and term.op == "and"


_JOIN_FIELDS = ("left", "right", "kind", "condition", "right_slots", "search", "cross",
                "bucket_order")
assert tuple(f.name for f in fields(L.Join)) == _JOIN_FIELDS     # with_sides copies these


def with_sides(join: L.Join, left: L.Node, right: L.Node) -> L.Join:
    """``join`` over ``left`` and ``right``: ``dataclasses.replace``'s answer, built
    directly at half its cost (the rules that rewrite a FROM item rebuild every join of
    the chain above it: select5's 64-table joins)."""
    return L.Join(left, right, join.kind, join.condition, join.right_slots, join.search,
                  join.cross, join.bucket_order)
