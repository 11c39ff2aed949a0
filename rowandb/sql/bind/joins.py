"""ON conditions and USING columns, bound where SQLite resolves them.

Before it resolves any name, SQLite moves every ON condition to the end of the WHERE
clause (select.c, sqlite3ProcessJoin). So an ON condition is resolved after the result
columns, HAVING and WHERE, in the order of the joins, and against every FROM item of its
SELECT: ``t1 JOIN t2 ON x JOIN t3`` is ambiguous when t1 and t3 both have x, and an inner
join's ON may name a table further right (``t1 JOIN t2 ON t3.a = t1.a JOIN t3``). Only
the ON of a LEFT JOIN must stay left of its join -- and every ON, once the FROM clause has
a RIGHT or FULL JOIN -- which SQLite checks once the whole SELECT is resolved ("ON clause
references tables to its right", sqlite3SelectCheckOnClauses).

The binder leaves a condition on its join when every table it names is joined by then,
and otherwise (an inner join naming a table to its right) moves it into WHERE, where
SQLite has it anyway.

A USING column (NATURAL joins make USING lists) compares the left side's column with the
right table's. Once the FROM clause has a RIGHT or FULL JOIN, the left side is the first
non-NULL of every table to the left that has the column, each after the first having it
in a USING list of its own (else SQLite's "ambiguous reference to x in USING()"). An
unqualified name, and ``*`` left of a RIGHT or FULL JOIN, show one value for the
column, as SQLite resolves it
(resolve.c, lookupName): the leftmost table's after an inner or LEFT JOIN, the right
table's after a RIGHT JOIN, the first non-NULL of both after a FULL JOIN -- an expression
with the collation of its first column, as measured with SQLite 3.54.
"""

from __future__ import annotations

from ...errors import NotSupportedError, OperationalError
from ...planner.plan import bound as b
from ...planner.plan.analysis import conjoin, slots_of
from ...catalog.ascii_case import ascii_lower, ascii_upper
from .from_columns import NATURAL_WITH_CONDITION

OUTER_RIGHT = ("right", "full")         # the join kinds that keep unmatched right rows


def bind_where_and_on(binder, scope, select: b.Select, where) -> None:
    """WHERE, then the ON conditions: one expression to SQLite's resolver (the ONs are
    ANDed to the end of WHERE), whose walk an error in a function's arguments does not
    end -- so a name of an ON that fails later replaces it (binder.Binder.expr)."""
    scope.in_where_clause = True
    try:
        if where is not None:
            scope.in_where = True
            select.where = binder.expr(where, scope, carry=bool(scope.pending_on))
            scope.in_where = False
        bind_on_conditions(binder, scope, select)
    finally:
        scope.in_where_clause = False
    binder.raise_pending()


def bind_on_conditions(binder, scope, select: b.Select) -> None:
    """Bind the ON conditions ``scope.pending_on`` holds, in join order, with every FROM
    item of the SELECT in scope."""
    for item, node in scope.pending_on:
        condition = binder.expr(node, scope, carry=True)     # bind_where_and_on raises
        if item.kind in ("inner", "cross") and not scope.right_joins \
                and slots_of(condition) & _slots_after(select, item):
            select.where = conjoin([select.where, condition])
        else:
            item.condition = conjoin([item.condition, condition])
    scope.pending_on.clear()


def check_on_conditions(select: b.Select) -> None:
    """The ON of a LEFT JOIN may read only the tables joined by then; with a RIGHT or FULL
    JOIN in the FROM clause, so may every ON."""
    everyone = any(item.kind in OUTER_RIGHT for item in select.items)
    for item in select.items:
        if (everyone or item.kind == "left") \
                and slots_of(item.condition) & _slots_after(select, item):
            raise OperationalError("ON clause references tables to its right")
        if item.kind in OUTER_RIGHT and isinstance(item.source, b.FunctionSource) \
                and any(slots_of(a) & _slots_before(select, item) for a in item.source.args):
            raise NotSupportedError(f"an argument of {item.source.function.name}() that reads "
                                    f"the left side of a {ascii_upper(item.kind)} JOIN is not "
                                    "supported")


def _slots_after(select: b.Select, item: b.JoinItem) -> set:
    position = next(i for i, it in enumerate(select.items) if it is item)
    return {later.source.slot for later in select.items[position + 1:]}


def _slots_before(select: b.Select, item: b.JoinItem) -> set:
    position = next(i for i, it in enumerate(select.items) if it is item)
    return {earlier.source.slot for earlier in select.items[:position]}


def bind_using(binder, scope, update_from: bool = False) -> None:
    """The ON conditions of the USING lists ``scope.pending_using`` holds, in join order,
    once every FROM item is bound. ``update_from``: an UPDATE ... FROM's, where SQLite
    meets a RIGHT or FULL JOIN's USING name that two parts of parenthesised joins hold
    ('ambiguous column name') here, before any SET value; a SELECT resolves its result
    columns first, so meets it at the name's lookup (nested_from.py)."""
    for names, before, source, item in scope.pending_using:
        if names is None:               # a NATURAL join with ON or USING
            raise OperationalError(NATURAL_WITH_CONDITION)
        _bind_using(binder, names, before, source, item, scope, update_from)
    scope.pending_using.clear()


def _bind_using(binder, names: list, before: list, source, item, scope,
                update_from: bool) -> None:
    """The ON condition of ``USING (names)`` between the sources ``before`` and
    ``source``, whose join item is ``item``."""
    conditions = []
    for name in names:
        lname = ascii_lower(name)
        lefts = [s for s in before if lname in s.positions]
        if not lefts or lname not in source.positions:
            raise OperationalError(
                f"cannot join using column {name} - column not present in both tables")
        if update_from and item.kind in ("right", "full") and \
                hasattr(source, "one_using_term"):
            source.one_using_term(lname, name)
        if scope.right_joins:
            for other in lefts[1:]:
                if (other.slot, lname) not in scope.excluded_using:
                    raise OperationalError(f"ambiguous reference to {name} in USING()")
            left = _first_of([_ref(s, lname, "") for s in lefts])
        else:
            left = _ref(lefts[0], lname, "")
        right = _ref(source, lname, "")
        conditions.append(binder._compare("eq", left, right))
        scope.excluded_using.add((source.slot, lname))
        if item.kind == "right":
            scope.right_using.add((source.slot, lname))
        shown = scope.merged.setdefault((lefts[0].slot, lname), [_ref(lefts[0], lname)])
        if item.kind == "right":
            shown[:] = [_ref(source, lname)]
        elif item.kind == "full":
            shown.append(_ref(source, lname))
    item.condition = conjoin(conditions)


def merged_column(scope, slot: int, name: str):
    """The expression an unqualified ``name`` of the FROM item in ``slot`` stands for
    when a RIGHT or FULL JOIN's USING names it, else None."""
    shown = scope.merged.get((slot, ascii_lower(name)))
    if shown is None or len(shown) == 1 and shown[0].slot == slot:
        return None
    return _first_of(shown)


def names_using_column(scope, select: b.Select, source, name: str) -> bool:
    """Whether ``*`` shows column ``name`` of ``source`` as the unqualified name (and so
    as ``merged_column``, or SQLite's "ambiguous column name" when a table joined without
    USING has it too): when ``source`` is left of a RIGHT or FULL JOIN and a USING to
    its right names the column (select.c, selectExpand)."""
    slots = [item.source.slot for item in select.items]
    mine = slots.index(source.slot)
    last_right = max((i for i, item in enumerate(select.items) if item.kind in OUTER_RIGHT),
                     default=-1)
    return mine < last_right and any((slot, ascii_lower(name)) in scope.excluded_using
                                     for slot in slots[mine + 1:])


def _first_of(refs: list):
    if len(refs) == 1:
        return refs[0]
    return b.Function("coalesce", tuple(refs), refs[0].collation, using=True)


def _ref(source, lname: str, table: str | None = None) -> b.ColumnRef:
    pos = source.positions[lname]
    name, affinity, collation = source.columns[pos]
    return b.ColumnRef(source.slot, pos, name, affinity, collation,
                       source.alias if table is None else table, pos in source.json_columns)
