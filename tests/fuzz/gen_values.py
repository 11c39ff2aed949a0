"""VALUES lists where a SELECT may stand (feature ``values``): a FROM item, an arm of a
compound query, and the source of an INSERT -- also opening a compound there.

SQLite makes a VALUES of several rows a compound of one-row SELECTs (sqlite3MultiValues)
and names its columns ``column1``, ``column2``...; a compound takes its column names from
its first arm, so every compound written here that is read by name opens with VALUES.

Determinism: the rows an INSERT takes decide the new rows' rowids, so its compound joins
only arms whose rows come in a defined order -- VALUES lists and SELECTs without FROM --
by UNION ALL, which keeps them in arm order (UNION would sort and keep either of two equal
values). A FROM item may join a SELECT of a table, by UNION ALL too: the query's rows are
compared as a multiset, and UNION's choice between 1 and 1.0 would need the comparator's
``representative`` flag, which a FROM item cannot set.

The decision to write one is drawn from ``Gen.side_rng``: with the feature on, a case that
writes none is the case written without it.
"""

from __future__ import annotations

from .gen_expr import Ref, Scope, gen_expr
from .gen_schema import draw_value
from .sqltree import Node, items, leaf, literal, node


def wanted(g, chance: float) -> bool:
    """Whether to write a VALUES list here (feature ``values`` on, drawn aside)."""
    return g.config.has("values") and g.side_rng.random() < chance


def values_list(g, width: int, scope: Scope | None = None) -> Node:
    """``VALUES (v, ...), ...``: one to three rows of ``width`` values, mostly literals of
    every storage class, now and then an expression (over ``scope``'s columns)."""
    rows = [node("(", items([_value(g, scope) for _ in range(width)]), ")", optional=i > 0)
            for i in range(g.rng.randint(1, 3))]
    return node("VALUES ", items(rows))


def _value(g, scope: Scope | None) -> Node:
    if g.rng.random() < 0.75:
        return leaf(literal(draw_value(g)))
    return gen_expr(g, scope or Scope([]), 1)


def _bare_select(g, width: int) -> Node:
    """``SELECT e, ...`` without FROM: one row, in its place."""
    return node("SELECT ", items([gen_expr(g, Scope([]), g.rng.choice([0, 1, 2]))
                                  for _ in range(width)]))


def insert_source(g, width: int) -> Node:
    """An INSERT's VALUES list opening a compound: ``VALUES (...) UNION ALL SELECT ...
    [UNION ALL VALUES (...)]``."""
    arms = [values_list(g, width)]
    for _ in range(g.rng.randint(1, 2)):
        arm = values_list(g, width) if g.rng.random() < 0.3 else _bare_select(g, width)
        arms.append(node(" UNION ALL ", arm, optional=True))
    return node(" ", *arms)


def from_source(g, alias: str, table_arm) -> tuple[Node, list]:
    """``(VALUES ... [UNION ALL SELECT ... FROM t ...]) AS alias`` and its column refs;
    ``table_arm(width)`` writes a SELECT of a table with that many columns."""
    width = g.rng.randint(1, 3)
    arms = [values_list(g, width)]
    if g.rng.random() < 0.5:
        arm = table_arm(width) if g.rng.random() < 0.6 else _bare_select(g, width)
        arms.append(node(" UNION ALL ", arm, optional=True))
    refs = [Ref(f"{alias}.column{i + 1}") for i in range(width)]
    return node("(", *arms, f") AS {alias}"), refs
