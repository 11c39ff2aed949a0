"""Rule 3: move each conjunct of WHERE and ON to the earliest point it can be evaluated.

In a nested loop the inner side runs once per outer row with the outer slots filled, so a
conjunct can sit on the first FROM item (in join order) at which every slot it reads is
filled — even a join predicate like ``t2.b = t1.a`` becomes a filter (later an index
lookup) on ``t2``. Exceptions that keep SQL's meaning: a WHERE conjunct that reads the
right side of a LEFT JOIN must see the NULL-extended row, so it stays above that join; the
ON conjuncts of a LEFT JOIN go into its right side (they decide which right rows match).
"""

from __future__ import annotations

from ..plan import logical as L
from ..plan.analysis import conjoin, slots_of
from .chain import flatten


def push_down_predicates(node):
    flat = flatten(node)
    if flat is None:
        return node
    items, where = flat
    position = {item.slot: i for i, item in enumerate(items)}
    local_filters: list[list] = [[] for _ in items]      # filter on item i's own node
    after_join: list[list] = [[] for _ in items]         # filter above the join of item i
    for i, item in enumerate(items):
        for conjunct in item.on:
            if item.kind == "left":
                local_filters[i].append(conjunct)
            else:
                where.append(conjunct)
    for conjunct in where:
        levels = [position[s] for s in slots_of(conjunct) if s in position]
        level = max(levels, default=0)
        if any(items[j].kind == "left" for j in levels):
            after_join[level].append(conjunct)
        else:
            local_filters[level].append(conjunct)
    result = None
    for i, item in enumerate(items):
        leaf = item.node
        if local_filters[i]:
            leaf = L.Filter(leaf, conjoin(local_filters[i]))
        if result is None:
            result = leaf
        else:
            result = L.Join(result, leaf, item.kind, None, right_slots=(item.slot,))
        if after_join[i]:
            result = L.Filter(result, conjoin(after_join[i]))
    return result
