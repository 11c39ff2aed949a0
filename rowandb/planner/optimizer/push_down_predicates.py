"""Rule 3: move each conjunct of WHERE and ON to the earliest point it can be evaluated.

In a nested loop the inner side runs once per outer row with the outer slots filled, so a
conjunct can sit on the first FROM item (in join order) at which every slot it reads is
filled — even a join predicate like ``t2.b = t1.a`` becomes a filter (later an index
lookup) on ``t2``. Exceptions that keep SQL's meaning: a WHERE conjunct that reads the
right side of a LEFT JOIN must see the NULL-extended row, so it stays above that join; the
ON conjuncts of a LEFT JOIN go into its right side (they decide which right rows match).
A RIGHT or FULL JOIN keeps its ON on the join, and may make every item to its left NULL:
a conjunct reading one of them stays above it -- also the ON of an inner join to its
left, which must run before it (a WHERE term there would filter its NULL rows too) --
and so does a WHERE conjunct reading its right item only: SQLite tests the ON first,
records the match, and only then the WHERE terms (fuzz seed 50601914).
Tested at the same level, WHERE's conjuncts come before the inner joins' ON conjuncts,
which SQLite appends to the end of WHERE.
With a RIGHT or FULL JOIN in the FROM clause, an inner join's ON conjunct is tested no
earlier than that join's own item (``_outer_level``): ``x JOIN e ON f(x.a) FULL JOIN t``
never computes f while e is empty. One that must stay above a RIGHT or FULL JOIN goes in
a Filter of its own above that of WHERE's conjuncts: SQLite tests it on the join's rows,
never among the terms tested once before its unmatched rows (``exec/outer_join.py``,
``unmatched_tests``): ``a RIGHT JOIN b ON 1 JOIN c ON NULL WHERE f() OR a.x`` computes f
there even when every table is empty (fuzz seed 70200134).
"""

from __future__ import annotations

from ..plan import bound as b
from ..plan import logical as L
from ..plan.analysis import conjoin, slots_of, slots_unless_query
from .chain import flatten
from .term_order import in_test_order

OUTER_RIGHT = ("right", "full")


def push_down_predicates(node):
    flat = flatten(node)
    if flat is None:
        return node
    items, where = flat
    if len(items) == 1:
        return _lone(node, items[0], where)
    position = {slot: i for i, item in enumerate(items) for slot in item.slots}
    local_filters: list[list] = [[] for _ in items]      # filter on item i's own node
    after_join: list[list] = [[] for _ in items]         # filter above the join of item i
    after_on: list[list] = [[] for _ in items]           # a later ON's, above a RIGHT JOIN's
    conditions: list = [None] * len(items)               # ON kept on item i's join
    # (conjunct, last usable level, from an ON): WHERE's conjuncts before the inner joins'
    # ON conjuncts, which SQLite appends to the end of WHERE (sqlite3ProcessJoin), so of two
    # terms tested at one level the WHERE's comes first (fuzz seed 50400305)
    anchored: list = [(conjunct, len(items) - 1, False) for conjunct in where]
    for i, item in enumerate(items):
        if item.kind == "left":
            local_filters[i].extend(item.on)
        elif item.kind in OUTER_RIGHT:
            conditions[i] = conjoin(item.on) if item.on else None
        else:
            anchored.extend((conjunct, i, True) for conjunct in item.on)
    outer = [k for k in range(1, len(items)) if items[k].kind != "inner"]
    for conjunct, last, on in anchored:
        reads = _reads(conjunct, position, len(items))
        level, nulled = _level(items, reads, last, outer)
        while on and not nulled and level < last and _outer_level(items, level):
            level += 1
        if nulled and on and items[level].kind in OUTER_RIGHT:
            after_on[level].append(conjunct)    # not among its unmatched rows' tests
        else:
            (after_join if nulled else local_filters)[level].append(conjunct)
    result = None
    for i, item in enumerate(items):
        leaf = item.node
        if local_filters[i]:
            leaf = L.Filter(leaf, conjoin(in_test_order(local_filters[i])))
        if result is None:
            result = leaf
        else:
            result = L.Join(result, leaf, item.kind, conditions[i], right_slots=(item.slot,))
        if after_join[i] or after_on[i]:    # after a LEFT JOIN in WHERE order: SQLite
            # tests those terms in one plain pass (wherecode.c, code_outer_join_constraints);
            # a RIGHT JOIN's unmatched rows go through a WHERE loop of their own
            # (sqlite3WhereRightJoinLoop), which tests the WHERE's Filter right above it
            # (a true one when only later ONs stand there)
            late = after_join[i] if item.kind == "left" else in_test_order(after_join[i])
            result = L.Filter(result, conjoin(late) if late else b.Literal(1))
        if after_on[i]:
            result = L.Filter(result, conjoin(in_test_order(after_on[i])))
    return result


def _lone(node, item, where: list):
    """The one FROM item's loop testing every conjunct in SQLite's pass order: what the
    walk below makes of one item (each conjunct at level 0, nothing made NULL), without
    its tables. ``node`` itself when it is that loop already -- a Filter over the item
    whose predicate is the conjuncts joined as ``conjoin`` joins them, in that order --
    so that what earlier questions kept on its AND nodes stays (most one-table queries)."""
    for conjunct in where:
        slots_unless_query(conjunct)        # what it keeps on the node, as _reads
    if not where:
        return item.node
    ordered = in_test_order(where)
    if ordered is where and isinstance(node, L.Filter) and node.child is item.node and \
            _conjoined(node.predicate, where):
        return node
    return L.Filter(item.node, conjoin(ordered))


def _conjoined(predicate, parts: list) -> bool:
    """Whether ``predicate`` is ``conjoin(parts)``'s shape: ``((p0 AND p1) AND p2) ...``."""
    for part in reversed(parts[1:]):
        if type(predicate) is not b.Binary or predicate.op != "and" or \
                predicate.right is not part:
            return False
        predicate = predicate.left
    return predicate is parts[0]


def _reads(conjunct, position: dict, count: int) -> list:
    """The positions of the FROM items ``conjunct`` reads ([0] for none). With one item
    that answer is [0] whatever the slots, so a subquery's query is not walked for them
    (``slots_unless_query``)."""
    if count == 1:
        slots_unless_query(conjunct)        # what it keeps on the node, as slots_of
        return [0]
    return [position[s] for s in slots_of(conjunct) if s in position] or [0]


def _outer_level(items: list, k: int) -> bool:
    """Whether the loop over item ``k`` lies to the left of a RIGHT or FULL JOIN
    (JT_LTORJ), where SQLite tests an inner join's ON conjunct only once that join's own
    item is looped over (wherecode.c, sqlite3WhereCodeOneLoopStart: "An ON clause that is
    not ripe"; its code_outer_join_constraints pass skips such a level too)."""
    return any(item.kind in OUTER_RIGHT for item in items[k + 1:])


def _level(items: list, reads: list, last: int, outer: list) -> tuple[int, bool]:
    """(the first join at which a conjunct reading the items at positions ``reads`` may
    run, whether it must run above that join): above every join up to ``last`` that may
    make one of those items NULL -- a LEFT JOIN its right item, a RIGHT JOIN every item
    to its left, a FULL JOIN both -- or that is a RIGHT JOIN of its right item, whose ON
    SQLite tests first (it decides the row's match) and its WHERE terms only then.
    ``outer``: the positions of the items not joined inner, in order (the only joins
    that may move a conjunct up: an all-inner chain's conjuncts stay where they read)."""
    level, nulled = max(reads, default=0), False
    for k in outer:
        if k > last:
            break
        kind = items[k].kind
        if kind == "left" and k in reads or kind in OUTER_RIGHT and any(j <= k for j in reads):
            level, nulled = max(level, k), True
    return level, nulled
