"""Parenthesised joins after the first FROM item: ``a LEFT JOIN (b JOIN c ON ...) ON ...``.

SQLite's parser keeps a parenthesised FROM list of two or more items that is not the
first item of its FROM (or that has ON or USING) as a FROM item of its own: a subquery
flagged SF_NestedFrom (parse.y, ``seltablist ::= stl_prefix LP seltablist RP ...``).
Its result list is built by select.c's selectExpand: for each item, first the USING
names of the join that follows it (unqualified, marked as USING terms), then every
column of the item named ``tab.col``, then, for a table with a visible rowid, that
rowid under the first of ``_ROWID_``, ``ROWID``, ``OID`` the table does not use as a
column name. Columns named in a USING of the item or of the join after it are not
expanded by a plain ``*`` outside. The subquery's column names are made distinct
(``x``, ``x:1``): a result column reading one is named so.

The outer query sees the parts by their own names (resolve.c, lookupName's nested-FROM
loop): ``b.x`` finds b's column, a plain ``x`` the first entry of that name -- a USING
term ends the search, a second column of the name makes it ambiguous -- and a rowid
name finds a table's rowid only where no column answered. ``b.*`` expands b's columns,
``*`` every entry but the rowids and the USING columns (select.c, selectExpand).

As the first FROM item without an alias, parenthesised joins are the FROM list itself, as
SQLite's parser makes them (``bind_nested_join``). With an alias (``(a JOIN b) AS q``)
they are a nested FROM item wherever they stand, and the alias is one more way to a
column, tried only where the parts' names found none for ``q.x``: the subquery's own
(distinct) column names, ``q.x``, ``q."x:1"``, ``q._ROWID_`` (resolve.c). ``q.*`` is ``no
such table``: ``*`` looks at the parts' names only. And ``*`` there, as SQLite's
selectExpand writes it, looks each column up again by its name -- bare when the FROM has
no other item (so ``x`` of ``(a JOIN b ON ...) AS q`` is ambiguous, ``b.*``'s ``x:1`` no
column), ``q.name`` when it has (``alias_star``). Parenthesised joins inside a nested FROM
item pass their parts' entries through (``_inner_entries``). A subquery or VALUES list may
open the parentheses (``((SELECT ...) AS s JOIN b ON ...)``).
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...catalog.ascii_case import ascii_lower
from ...errors import OperationalError
from ...planner.plan import bound as b
from ..parse.folds import in_rename_mode
from ..dbapi import authorizer
from . import bind_table_function
from .joins import bind_using, bind_where_and_on, check_on_conditions
from .names import ROWID_NAMES, table_column_names
from .properties import affinity_of, collation_of, json_columns, read_as_table, \
    subquery_collations, table_affinities
from .scope import Scope, Source
from .subquery_order import taken_from_subquery

USING, COLUMN, ROWID = "using", "column", "rowid"


class NestedSource(Source):
    """The FROM item of a parenthesised join: a subquery whose ``entries`` -- (part's
    lower-case name or "" for a USING term, lower-case column name, kind, hidden from
    ``*``) -- say which part each column comes from."""

    def __init__(self, alias: str, slot: int, columns, entries: list,
                 named: str | None = None, kind: str = "inner"):
        super().__init__(alias, slot, columns)
        self.entries = entries
        self.lower_alias = None             # found only through its parts' names ...
        self.named = None if named is None else ascii_lower(named)  # ... and its AS alias
        self.alias_written = named
        self.part_schemas: dict = {}        # part's lower-case name -> its schema
        self.kind = kind                    # the join that brings it in

    def answers_to(self, table: str) -> bool:
        return any(tab == ascii_lower(table) for tab, _, _, _ in self.entries)

    def part_has(self, ltable: str, lname: str, schema: str) -> bool:
        """Whether a part called ``ltable`` (of ``schema``, when given) has the column --
        ``main.u.a`` finds it, as the nested entries carry all three names (select.c) --
        or, where none does, the item's alias is ``ltable`` and it has such a column."""
        if any(tab == ltable and col == lname and kind == COLUMN and
               (not schema or self.part_schemas.get(tab) == schema)
               for tab, col, kind, _ in self.entries):
            return True
        return ltable == self.named and schema in ("", "*") and lname in self.positions

    def star_positions(self, table: str | None) -> list[int]:
        """The columns ``*`` (``table`` None) or ``table.*`` expands to."""
        if table:
            return [i for i, (tab, _, kind, _) in enumerate(self.entries)
                    if tab == ascii_lower(table) and kind != ROWID]
        return [i for i, (_, _, kind, hidden) in enumerate(self.entries)
                if kind != ROWID and not hidden]

    def matches(self, lname: str, ltable: str | None, found: list, scope,
                name: str = "") -> list[tuple]:
        """(self, position) for each entry ``ltable.lname`` (or ``lname``) names, as
        lookupName counts them; a rowid's position is coded ``-2 - position``, as it
        counts only where no column answered (``found``: the items' matches before).
        A name an outer USING took from an earlier item is not looked for here."""
        out: list[tuple] = []
        if found and not ltable and (self.slot, lname) in scope.excluded_using:
            self.one_using_term(lname, name or lname)
            return out
        if in_rename_mode():        # SQLite's rename mode names no entry (selectExpand
            return out              # leaves zEName unset): RENAME fails on such a name
        for i, (tab, col, kind, _) in enumerate(self.entries):
            if ltable and tab != ltable:
                continue
            if kind == ROWID:
                if lname in ROWID_NAMES and not any(m[1] >= 0 for m in found + out):
                    out.append((self, -2 - i))
                continue
            if col == lname:
                out = [m for m in out if m[1] >= 0] + [(self, i)]
                if kind == USING:
                    break
        if ltable and ltable == self.named and not any(m[1] >= 0 for m in out):
            out += [(self, i) for i, (column, _, _) in enumerate(self.columns)
                    if ascii_lower(column) == lname][:1]    # q.x: the first column named x
        return out

    def one_using_term(self, lname: str, name: str) -> None:
        """A RIGHT or FULL JOIN's USING name takes the nested item's own entry of the
        name (an INNER or LEFT one keeps the left-most table's): two of its parts holding
        the name, not joined by a USING inside, make it SQLite's 'ambiguous column name'
        (fuzz 145020031: ``p RIGHT JOIN (q JOIN p AS p2 ON 1) USING (c0)``)."""
        if self.kind not in ("right", "full") or in_rename_mode():
            return
        seen = 0
        for _, col, kind, _ in self.entries:
            if col == lname and kind != ROWID:
                seen += 1
                if kind == USING:
                    break
        if seen > 1:
            raise OperationalError(f"ambiguous column name: {name}")


def after_right_using(scope, source, pos: int, lname: str, matches: list) -> list:
    """The matches of a plain name once ``source``, joined by USING of it, is met:
    a RIGHT JOIN's takes the right-most table's column, whatever two parts of a nested
    item to its left held (resolve.c, lookupName sets its count back; the USING found
    the nested item once, so no 'ambiguous reference' stopped it); else unchanged."""
    if (source.slot, lname) in scope.right_using and len(matches) > 1 and \
            all(isinstance(m[0], NestedSource) for m in matches):
        return [(source, pos)]
    return matches


def alias_star(binder, scope: Scope, select: b.Select, source, name: str) -> bool:
    """Add to ``select`` a column of ``*`` or ``t.*`` from parenthesised joins with an
    alias, looked up again by its name as SQLite's selectExpand writes it: bare when the
    FROM has one item, ``alias.name`` when it has more. False (nothing added) for any
    other FROM item."""
    if getattr(source, "named", None) is None:
        return False
    alone = len(scope.sources) == 1
    column = binder._find_column(name, "" if alone else source.alias_written, scope)
    if column is None:
        raise OperationalError(f"no such column: {name}")
    select.columns.append(authorizer.read(binder, column, scope))
    select.names.append(name)
    select.column_affinities.append(affinity_of(column))
    return True


def parenthesised_joins(node):
    """(the first item, its ``joins`` the rest; the alias after them or None) of a FROM
    item that is parenthesised joins, however many parentheses stand around them; None
    for any other item."""
    alias = None                # the outermost one: SQLite's parser moves an alias of a
    while isinstance(node, exp.Subquery) and isinstance(node.this, exp.Subquery) \
            and not node.this.args.get("joins"):        # single item in parentheses onto it
        alias = alias or node.alias or None
        node = node.this
    if not (isinstance(node, exp.Subquery) and isinstance(node.this, (exp.Table, exp.Subquery))
            and node.this.args.get("joins")):
        return None
    return node.this, alias or node.alias or None


def bind_nested_join(binder, joined, kind, condition, scope, select) -> Source:
    """``FROM (a JOIN b ...) ...``: as the first FROM item without an alias the
    parenthesised items are the FROM list itself, as SQLite's parser makes them; after
    it, or with an alias, a subquery."""
    table, alias = joined
    if select.items or alias is not None:
        return bind_nested(binder, table, kind, scope, select, alias)
    scope.right_joins = scope.right_joins or any(
        (j.args.get("side") or "").upper() in ("RIGHT", "FULL") for j in table.args["joins"])
    source = binder._bind_from(_first(table), kind, condition, scope, select)
    for join in table.args["joins"]:
        binder._bind_join(join, scope, select)
    return source


def bind_nested(binder, table, kind: str, scope: Scope, select: b.Select,
                named: str | None = None):
    """Bind the parenthesised join ``table`` (its first item, ``joins`` the rest; ``named``
    the alias after it) as the FROM item of join ``kind`` of ``select``."""
    query = b.Select(items=[], columns=[], names=[], group_slot=binder.slot())
    inner = Scope(scope.parent, query)
    joins = table.args["joins"]
    inner.right_joins = any((j.args.get("side") or "").upper() in ("RIGHT", "FULL")
                            for j in joins)
    binder._bind_from(_first(table), "inner", None, inner, query)
    for join in joins:
        binder._bind_join(join, inner, query)
    usings = {source.slot: names or [] for names, _, source, _ in inner.pending_using}
    bind_using(binder, inner)
    bind_table_function.bind_arguments(binder, inner, query)
    entries, names = _entries(binder, inner, query, usings)
    bind_where_and_on(binder, inner, query, None)
    taken_from_subquery(query)
    check_on_conditions(query)
    query.names = names
    query.column_affinities = [affinity_of(c) for c in query.columns]
    query.column_collations = [collation_of(c) or "BINARY" for c in query.columns]
    slot = binder.slot()
    alias = f"(subquery-{slot // 2})"
    columns = table_column_names(names)
    source = NestedSource(alias, slot, list(zip(columns, table_affinities(query),
                                                subquery_collations(query))), entries,
                          named, kind)
    source.part_schemas = {ascii_lower(s.alias): s.schema for s in inner.sources}
    for part in inner.sources:                  # (parts of parenthesised joins inside)
        source.part_schemas.update(getattr(part, "part_schemas", {}))
    read_as_table(query)
    source.json_columns = json_columns(query)
    scope.sources.append(source)
    select.items.append(b.JoinItem(b.SubquerySource(slot, query, alias, tuple(columns)),
                                   kind, None))
    return source


def _first(table):
    """The first item of parenthesised joins as a FROM item of its own: a VALUES list
    there is the ``this`` of a table node carrying the alias (sqlglot's reading)."""
    if isinstance(table, exp.Table) and isinstance(table.this, exp.Values):
        values = table.this.copy()
        values.set("alias", table.args.get("alias"))
        return values
    return table


def _entries(binder, inner: Scope, query: b.Select, usings: dict) -> tuple[list, list]:
    """The nested subquery's result list (``query.columns``), its entries and names."""
    entries, names = [], []
    sources = inner.sources
    for k, source in enumerate(sources):
        after = usings.get(sources[k + 1].slot, []) if k + 1 < len(sources) else []
        hidden = {ascii_lower(n) for n in after + usings.get(source.slot, [])}
        for name in after:          # ``*`` shows a name's first USING term only
            query.columns.append(binder._find_column(name, "", inner))
            entries.append(("", ascii_lower(name), USING, (
                "", ascii_lower(name), USING, False) in entries))
            names.append(name)
        if isinstance(source, NestedSource):
            _inner_entries(source, query, entries, names, hidden)
            continue
        tab = ascii_lower(source.alias)
        for name, _, _ in source.columns[:source.visible]:
            query.columns.append(binder._find_column(name, source.alias, inner, source.schema))
            entries.append((tab, ascii_lower(name), COLUMN, ascii_lower(name) in hidden))
            names.append(name)
        rowid = _rowid_name(source)
        if rowid is not None:
            query.columns.append(binder._find_column(rowid, source.alias, inner, source.schema))
            entries.append((tab, ascii_lower(rowid), ROWID, True))
            names.append(rowid)
    return entries, names


def _inner_entries(source: NestedSource, query: b.Select, entries: list, names: list,
                   hidden: set) -> None:
    """Parenthesised joins inside the nested item: their entries pass through as they
    are, each keeping its part's name and kind (select.c, selectExpand copies a nested
    FROM item's names into the list of the one around it), hidden from ``*`` as before
    or when a USING of this level names the column; their parts' rowids are left out
    (``b.rowid`` is SQLite's 'no such column' there)."""
    item = next(item for item in query.items if item.source.slot == source.slot)
    for i, (tab, col, kind, was_hidden) in enumerate(source.entries):
        if kind == ROWID:
            continue                    # a part's rowid is not seen past its own level
        cname, aff, coll = source.columns[i]
        query.columns.append(b.ColumnRef(source.slot, i, cname, aff, coll, source.alias))
        entries.append((tab, col, kind, was_hidden or col in hidden))
        names.append(item.source.query.names[i])


def _rowid_name(source: Source) -> str | None:
    """The name SQLite gives a table's rowid in the list (sqlite3RowidAlias), or None for
    an item without a visible rowid: a view, subquery, WITHOUT ROWID table, function."""
    table = source.table
    if table is None or getattr(table, "without_rowid", False) or \
            not hasattr(table, "named_columns") or source.visible != len(source.columns):
        return None
    taken = {ascii_lower(name) for name, _, _ in source.columns}
    return next((n for n in ("_ROWID_", "ROWID", "OID") if ascii_lower(n) not in taken), None)
