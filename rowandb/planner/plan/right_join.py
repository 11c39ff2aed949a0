"""How each FROM item joins once SQLite has simplified the outer joins the WHERE undoes.

A RIGHT JOIN keeps the right table's unmatched rows with NULLs on the left; a FULL JOIN
keeps both sides' (it is a LEFT and a RIGHT JOIN at once). When the WHERE clause can never
be true for a row of NULLs of some table, the joins that would make such rows need not
(select.c, sqlite3Select, "simplify" of LEFT, RIGHT and FULL joins): a WHERE that rejects
NULLs of the right table of a LEFT JOIN makes it inner (``left_join.py``), of a FULL
JOIN's right table makes it a RIGHT JOIN; a WHERE that rejects NULLs of a table left of
RIGHT and FULL joins makes those joins inner and LEFT joins. For tables left of a RIGHT or
FULL JOIN SQLite tests the WHERE terms only, not the ON conditions of inner joins.
"""

from __future__ import annotations

import dataclasses

from . import bound as b
from .analysis import conjoin
from .left_join import implies_non_null_row, inner_slots, virtual_slots

OUTER_RIGHT = ("right", "full")


def join_kinds(select: b.Select, extra: list = ()) -> list[str]:
    """The kind of each FROM item's join: 'inner', 'left', 'right' or 'full'; ``extra``:
    the terms of an enclosing query that reach ``select`` (``flatten.Reach``), which
    stand in its WHERE once SQLite flattens it (after its own) or pushes them down, so
    they may make its outer joins inner too: SQLite simplifies the joins of the query
    it has flattened (select.c, sqlite3Select goes over the FROM items again). Not an
    aggregate's: those it gets in HAVING, moved to WHERE only after the joins are
    simplified (havingToWhere)."""
    if extra and not select.is_aggregate:
        select = dataclasses.replace(select, where=_with_reached(select.where, extra))
    kinds = ["left" if item.kind == "left" else item.kind if item.kind in OUTER_RIGHT
             else "inner" for item in select.items]
    if not any(kind in OUTER_RIGHT for kind in kinds):
        if "left" not in kinds:
            return kinds                # inner joins only: nothing for the WHERE to undo
        inner = inner_slots(select)
        return ["inner" if item.source.slot in inner else kind
                for item, kind in zip(select.items, kinds)]
    where = select.where
    if where is None:
        return kinds
    virtual = virtual_slots(select)
    for i, item in enumerate(select.items):
        left_of_right = any(k in OUTER_RIGHT for k in kinds[i + 1:])
        if kinds[i] not in ("left", "full") and not left_of_right:
            continue
        if not implies_non_null_row(where, item.source.slot, virtual):
            continue
        if kinds[i] == "left":
            kinds[i] = "inner"
        elif kinds[i] == "full" and i:
            kinds[i] = "right"
        if left_of_right:
            for j in range(i + 1, len(kinds)):
                if kinds[j] in OUTER_RIGHT:
                    kinds[j] = "left" if kinds[j] == "full" else "inner"
    return kinds


def _with_reached(where, extra: list):
    """``where`` with the reached terms ``extra`` after it, as SQLite's WHERE stands once
    the subquery is flattened. A lone reached term ``x NOTNULL`` (no WHERE of the
    subquery's own, no other term) does not count as a WHERE that is a ``NOTNULL`` at its
    top, which SQLite 3.54 takes as proof (where ``... AND x NOTNULL`` is none): a LEFT
    JOIN read through ``(SELECT u.a AS x FROM t LEFT JOIN u ...) WHERE x NOTNULL`` stays
    outer, unlike the same term written in the query itself (checked against SQLite;
    ``x NOTNULL AND 1`` makes it inner in both). A constant first term stands for that."""
    if where is None and len(extra) == 1:
        return b.Binary("and", b.Literal(None), extra[0])
    return conjoin([w for w in [where, *extra] if w is not None])
