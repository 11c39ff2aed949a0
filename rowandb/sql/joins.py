"""ON conditions, bound where SQLite resolves them.

Before it resolves any name, SQLite moves every ON condition to the end of the WHERE
clause (select.c, sqlite3ProcessJoin). So an ON condition is resolved after the result
columns, HAVING and WHERE, in the order of the joins, and against every FROM item of its
SELECT: ``t1 JOIN t2 ON x JOIN t3`` is ambiguous when t1 and t3 both have x, and an inner
join's ON may name a table further right (``t1 JOIN t2 ON t3.a = t1.a JOIN t3``). Only
the ON of a LEFT JOIN must stay left of its join, which SQLite checks once the whole
SELECT is resolved ("ON clause references tables to its right",
sqlite3SelectCheckOnClauses).

The binder leaves a condition on its join when every table it names is joined by then,
and otherwise (an inner join naming a table to its right) moves it into WHERE, where
SQLite has it anyway.
"""

from __future__ import annotations

from ..errors import OperationalError
from ..planner.plan import bound as b
from ..planner.plan.analysis import conjoin, slots_of


def bind_on_conditions(binder, scope, select: b.Select) -> None:
    """Bind the ON conditions ``scope.pending_on`` holds, in join order, with every FROM
    item of the SELECT in scope."""
    for item, node in scope.pending_on:
        condition = binder.expr(node, scope)
        if item.kind != "left" and slots_of(condition) & _slots_after(select, item):
            select.where = conjoin([select.where, condition])
        else:
            item.condition = conjoin([item.condition, condition])
    scope.pending_on.clear()


def check_on_conditions(select: b.Select) -> None:
    """The ON of a LEFT JOIN may read only the tables joined by then."""
    for item in select.items:
        if item.kind == "left" and slots_of(item.condition) & _slots_after(select, item):
            raise OperationalError("ON clause references tables to its right")


def _slots_after(select: b.Select, item: b.JoinItem) -> set:
    position = next(i for i, it in enumerate(select.items) if it is item)
    return {later.source.slot for later in select.items[position + 1:]}
