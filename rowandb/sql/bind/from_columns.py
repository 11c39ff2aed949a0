"""The column names of FROM items as SQLite knows them while it expands a statement, and
the checks it makes with them there, before it resolves any name.

SQLite expands a whole SELECT statement before resolving a single column name
(select.c, sqlite3SelectExpand; ``tables.look_up_tables`` walks it the same way). For
each SELECT it locates its FROM items -- a FROM subquery is expanded whole right there,
its columns named from its result list as written (sqlite3ExpandSubquery,
sqlite3ColumnsFromExprList: an alias, a column reference's last name, ``*`` the columns
of its FROM items), a common table likewise from its column list or its first SELECT, a
view from its resolved query -- then processes its joins (sqlite3ProcessJoin) and expands
its ``*`` (selectExpander). So these errors come before any name error anywhere in the
statement, inside a FROM subquery too:

- ``cannot join using column x - column not present in both tables`` (the statement
  stops there);
- ``ambiguous reference to x in USING()``: with a RIGHT or FULL JOIN in the FROM clause,
  a USING (or NATURAL) column that two items to its left have, the later one without it
  in a USING list of its own. SQLite notes it and goes on: a later join's missing USING
  column, or the ``*`` errors below, replace its message -- but a later NATURAL join
  ends the statement's expansion with it (sqlite3ProcessJoin returns at a NATURAL join
  once an error is noted);
- ``no such table: t`` for ``t.*`` naming no FROM item, ``no tables specified`` for ``*``
  without FROM; noted too, the statement's expansion goes on (an error met later in it
  replaces the message).

Names are compared in ASCII case-insensitively. Where a FROM item's columns cannot be
named here (a table-valued function, VALUES, a nested join), ``None`` stands for them,
and where a name might be one an expression takes from its text, the checks stop: the
binder makes them as it binds (``joins.bind_using``).
"""

from __future__ import annotations

import re

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...catalog.ascii_case import ascii_lower, ascii_upper
from ..parse.dialect import UNARY_PLUS
from .names import table_column_names

NATURAL_WITH_CONDITION = "a NATURAL join may not have an ON or USING clause"


def is_natural(join: exp.Join) -> bool:
    """Whether ``join`` is a NATURAL join (sqlglot keeps the word as its kind or method)."""
    return "NATURAL" in (ascii_upper(join.args.get("kind") or ""),
                         ascii_upper(join.args.get("method") or ""))


def written_on(join: exp.Join):
    """The ON expression of ``join`` as written, or None. sqlglot's SQLite parser gives a
    JOIN written without ON or USING an ``ON TRUE`` of its own, set after the ``pivots``
    slot, where an ON it read comes before it. SQLite has no term for a missing ON, and a
    written ``ON TRUE`` is one (whereLoopAddBtree counts the terms an index entry alone
    can test, a constant among them), so the planner must see the one and not the
    other."""
    on = join.args.get("on")
    if on is None or "pivots" not in join.args:
        return on
    order = list(join.args)
    invented = order.index("on") > order.index("pivots") and \
        isinstance(on, exp.Boolean) and on.this is True     # (read: the audit's probe)
    return None if invented else on


class Written(str):
    """The name of a result column that SQLite takes from its text (an expression without
    alias), which is not kept here: it may equal a USING name only if that name is not a
    plain identifier (``1``, ``x + 1``)."""


class WrittenWord(Written):
    """As ``Written``, for a word that is no column reference: ``text``, its lower-case
    text where known (``null``, ``current_time``), else None (any plain name)."""

    text: str | None = None


_PLAIN = re.compile(r"[a-z_][a-z0-9_$]*\Z")
_WORDS = {exp.Null: "null", exp.CurrentTime: "current_time", exp.CurrentDate: "current_date",
          exp.CurrentTimestamp: "current_timestamp"}


class FunctionNames(list):
    """A table-valued function's column names, its ``visible`` ones first, then the hidden
    ones (arguments), which USING finds and NATURAL and ``*`` do not (IsHiddenColumn)."""

    def __init__(self, visible, hidden):
        super().__init__(list(visible) + list(hidden))
        self.visible = len(visible)


def visible_names(names: list) -> list:
    """The names NATURAL and ``*`` see of a FROM item's column names."""
    return names[:names.visible] if isinstance(names, FunctionNames) else names


def _holds(names: list, lname: str):
    """Whether a FROM item with column ``names`` has column ``lname``: True, False, or
    None when an expression's name might be it."""
    if any(not isinstance(n, Written) and ascii_lower(n) == lname for n in names):
        return True
    for n in names:
        if isinstance(n, WrittenWord) and n.text is not None:
            if n.text == lname:
                return True
        elif isinstance(n, WrittenWord) or isinstance(n, Written) and not _PLAIN.match(lname):
            return None
    return False


def check_joins(joins: list, lists: list) -> tuple[list, str | None]:
    """SQLite's processing of a FROM clause's joins (sqlite3ProcessJoin) over the column
    names ``lists`` of its items (None: not known here). Raises the errors that stop the
    statement; returns each item's USING names (lower case; NATURAL's as SQLite makes
    them; None without) and the message of an ambiguous USING column, which SQLite only
    notes. Stops checking at the first join whose answer it cannot tell."""
    usings: list = [None] * len(lists)
    pending = None
    right_joins = any(ascii_upper(join.args.get("side") or "") in ("RIGHT", "FULL")
                      for join in joins)
    for k, join in enumerate(joins, 1):
        natural = is_natural(join)
        if natural and (join.args.get("using") or join.args.get("on") is not None):
            raise OperationalError(NATURAL_WITH_CONDITION)
        if natural and pending is not None:     # a NATURAL join after a noted error ends
            raise OperationalError(pending)     # the expansion (sqlite3ProcessJoin)
        if natural:
            if any(names is None or any(isinstance(n, Written) for n in names)
                   for names in lists[:k + 1]):
                return usings, pending
            left = {ascii_lower(n) for names in lists[:k] for n in visible_names(names)}
            using = [n for n in visible_names(lists[k]) if ascii_lower(n) in left]
        else:
            using = [ident.name for ident in join.args.get("using") or []]
        for name in using:
            lname = ascii_lower(name)
            # an item whose names are not known may hold it: only the other items can
            # tell that no item on one side does (150000009: a VALUES item to the left)
            held = [None if names is None else
                    _holds(visible_names(names) if natural else names, lname)
                    for names in lists[:k + 1]]
            if None in held and held[k] is not False and any(h is not False for h in held[:k]):
                return usings, pending              # depends on a name not known here
            holders = [j for j in range(k) if held[j]]
            if not held[k] or not holders:
                raise OperationalError(
                    f"cannot join using column {name} - column not present in both tables")
            if right_joins and pending is None and any(
                    usings[j] is None or lname not in usings[j] for j in holders[1:]):
                pending = f"ambiguous reference to {name} in USING()"
        usings[k] = {ascii_lower(n) for n in using} or None
    return usings, pending


def star_error(select: exp.Select, items: list) -> str | None:
    """The message of SQLite's error in expanding ``select``'s stars, if any: ``*`` with
    no FROM clause, ``t.*`` where no FROM item is called t (noted, not raised at once)."""
    error = None
    for projection in select.expressions:
        if isinstance(projection, exp.Star) and not items:
            error = "no tables specified"
        elif _table_star(projection) and projection.args.get("db") is None \
                and all(isinstance(item, exp.Table) and not item.args.get("joins")
                        or isinstance(item, exp.Subquery) for item in items):
            wanted = ascii_lower(projection.table)
            if not any(ascii_lower(name or "") == wanted for item in items
                       for name in _item_names(item)):
                error = "no such table: " + projection.table if items else \
                    "no tables specified"
    return error


def result_names(select: exp.Select, items: list, usings: list, lists: list) -> list | None:
    """The names SQLite gives ``select``'s result columns as a FROM subquery or common
    table before resolving them (sqlite3ColumnsFromExprList), made distinct (an
    expression's name, its text, is a ``Written``); None when they cannot be told here."""
    names: list = []
    for projection in select.expressions:
        if isinstance(projection, exp.Alias):
            names.append(projection.alias)
        elif isinstance(projection, exp.Star):
            if not items or any(n is None or not getattr(n, "starred", True) for n in lists):
                return None
            for k, columns in enumerate(lists):     # a USING's column once, on its left
                names += [n for n in visible_names(columns)
                          if k == 0 or usings[k] is None or ascii_lower(n) not in usings[k]]
        elif _table_star(projection):
            wanted = ascii_lower(projection.table)
            found = [k for k, item in enumerate(items)
                     if ascii_lower(_item_name(item) or "") == wanted]
            if len(found) != 1 or lists[found[0]] is None or \
                    not getattr(lists[found[0]], "starred", True):
                return None
            names += visible_names(lists[found[0]])
        else:
            column = projection
            while isinstance(column, exp.Collate) or \
                    isinstance(column, exp.Paren) and not column.meta.get(UNARY_PLUS):
                column = column.this
            if isinstance(column, exp.Column):
                names.append(column.name)
            else:
                names.append(_written(projection, len(names)))
    return table_column_names(names)


def _written(projection, k: int) -> str:
    """The name of result column ``k``, an expression SQLite names by its text."""
    name = f"\0{k}"                         # distinct, and like no name written
    if isinstance(projection, exp.Literal) or \
            any(isinstance(v, exp.Expression) for v in projection.args.values()):
        return Written(name)
    if isinstance(projection, exp.Boolean):     # columnN (names.table_column_names)
        return "true" if projection.this else "false"
    word = WrittenWord(name)
    word.text = _WORDS.get(type(projection))
    return word


def _table_star(projection) -> bool:
    return isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)


def _item_names(item) -> list:
    """The names ``t.*`` finds a FROM item by: its own, or its parts' for parenthesised
    joins kept as one item (nested_from.py), an alias after them or not."""
    while isinstance(item, exp.Subquery) and isinstance(item.this, exp.Subquery) \
            and not item.this.args.get("joins"):
        item = item.this
    inner = item.this if isinstance(item, exp.Subquery) else None
    if isinstance(inner, (exp.Table, exp.Subquery)) and inner.args.get("joins"):
        return [_item_name(inner)] + [name for j in inner.args["joins"]     # nested deeper
                                      for name in _item_names(j.this)]
    return [_item_name(item)]


def _item_name(item) -> str | None:
    """The name a FROM item answers to in ``t.*``: its alias, else a table's name."""
    if item.alias:
        return item.alias
    return item.name if isinstance(item, exp.Table) else None
