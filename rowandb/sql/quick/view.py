"""The quick path's fifth room: a query's FROM item that names a view of main, its query a
one-table SELECT the quick path reads (or such a SELECT of another such view), bound into
the ``SubquerySource`` the binder makes of it (``bind_view.reference``) -- the view's
query bound from its CREATE VIEW text by the reader and the builder, its slots taken
where the binder takes them: the query's own group slot, then the view's query (its
group slot and its table's, or a nested view's the same way), then the reference's slot.

Why: index/view's statements read views -- 1,065 SELECTs of one view and 710 compounds
of two -- and each took the full path for it (sqlglot's parse of the statement, the
binder's expansion of the view's query, then its binding): 1.77 ms a SELECT of a view
and 3.14 ms a compound of two, where a SELECT of a table took 0.64 (docs/PERFORMANCE.md,
branches ``select3view`` and ``viewquick``).

What the binder does at a reference beside the binding is done too: the view's columns
are noted known (``bind_view.note_width``, which PRAGMA table_list and the next
statement's expansion read), once the whole statement is bound (``apply_notes``: a
statement the quick path declines later leaves nothing). What could make the two paths
differ, or be an error, declines: a TEMP view (or a temp table of the name), a view with
a column list or a name that is not a plain word, a query that is no one-table SELECT
the quick path reads, a subquery in it (the statement's ``alone`` would change), a
JSON-marked column, a view met again inside its own query, more than ``_MAX_DEPTH``
views nested, an ALTER's rename mode.

A FROM subquery (``FROM (SELECT ...) [[AS] alias]``, index/view's 355 others) is bound
the same way, as ``Binder._bind_from`` binds one: the subquery's slots after the query's
group slot, then the item's; its columns named as written (``_written_names``), its
collations ``subquery_collations``'s; one with a star or without FROM declines.
``tests/test_quick_view.py`` holds the two paths equal over index/view's statements and
generated ones.
"""

from __future__ import annotations

import re

from ...catalog.ascii_case import ascii_lower
from ...errors import OperationalError
from ...planner.plan import bound as b
from ..bind.bind_view import column_kinds, note_width
from ..bind.names import named_columns, table_column_names
from ..bind.properties import (
    collation_of, json_columns, read_as_table, subquery_collations, table_affinities)
from ..bind.scope import Source
from ..bind.tables import single_query
from ..parse.folds import in_rename_mode
from ..parse.lexer import tokenize
from ..temp_views import TempView
from .build import Builder
from .reader import Decline, Reader
from .table import bind_table_query, table_source

# the text sqlite_schema keeps of a view (view_syntax.parse_create_view): ``CREATE VIEW``,
# its name, no column list, AS and the query
_HEAD = re.compile(r"CREATE VIEW [A-Za-z_][A-Za-z0-9_]*[ \t\n\f\r]+AS[ \t\n\f\r]+"
                   r"(?=SELECT\b)", re.IGNORECASE | re.ASCII)
_MAX_DEPTH = 8              # far below SQLite's depth of VIEWs and subqueries (1000)


def query_source(builder: Builder, clauses, group_slot: int, notes: list,
                 open_views: frozenset = frozenset()) -> tuple[Source, object]:
    """The FROM item of a query whose group slot is ``group_slot``: (its Source, its
    bound item, None for a table), ``builder.next_slot`` put past it; or Decline.
    ``notes``: where a view's columns to note go (``apply_notes``); ``open_views``:
    the views whose query is being bound around it."""
    if clauses.subquery is not None:
        return _from_subquery(builder, clauses, group_slot, notes, open_views)
    try:
        source = table_source(builder.catalog, clauses, group_slot + 2)
    except Decline:
        catalog = builder.catalog
        if catalog is None or catalog.table(clauses.table) is not None:
            raise
        view = catalog.view(clauses.table)
        if view is None:
            raise
        return _reference(builder, clauses, view, group_slot + 2, notes, open_views)
    builder.next_slot = group_slot + 4
    return source, None


def _reference(builder: Builder, clauses, view, first_slot: int, notes: list,
               open_views: frozenset) -> tuple[Source, b.SubquerySource]:
    """A view's reference (``bind_view.reference``), its query bound from ``first_slot``."""
    key = ascii_lower(view.name)
    if isinstance(view, TempView) or key in open_views or len(open_views) >= _MAX_DEPTH \
            or in_rename_mode():
        raise Decline
    catalog = builder.catalog
    main = getattr(catalog, "main", catalog)           # a view of main sees main only
    query, slot = _view_query(main, view, first_slot, notes, open_views | {key})
    names, kinds = named_columns(None, query), column_kinds(query)
    read_as_table(query)
    if json_columns(query):
        raise Decline
    source = Source(clauses.alias or view.name, slot, [(n, *k) for n, k in zip(names, kinds)])
    source.schema = "main"
    notes.append((view, names, kinds))
    builder.next_slot = slot + 2
    use = b.CteUse(view.name, None, uses=1, view=True)
    return source, b.SubquerySource(slot, query, source.alias, tuple(names), cte=use)


def _from_subquery(builder: Builder, clauses, group_slot: int, notes: list,
                   open_views: frozenset) -> tuple[Source, b.SubquerySource]:
    """``FROM (SELECT ...) [[AS] alias]`` as ``Binder._bind_from`` binds it: the query
    from the slot after the group slot, then the item's slot; its columns named as
    written (``_written_names``). A query without FROM or with a star declines."""
    sub = clauses.subquery
    if sub.clauses is None or any(item[0][0] == "star" for item in sub.items):
        raise Decline
    query = b.Select(items=[], columns=[], names=[], group_slot=group_slot + 2)
    inner = Builder(query, builder.catalog)
    inner.statement_table = sub.clauses.table
    source, item = query_source(inner, sub.clauses, group_slot + 2, notes, open_views)
    bind_table_query(inner, query, sub.items, sub.clauses, source, item)
    query.column_collations = [collation_of(c) or "BINARY" for c in query.columns]
    query.distinct = sub.distinct
    slot = inner.next_slot
    alias = clauses.alias or f"(subquery-{slot // 2})"
    names = _written_names(sub.items, query)
    columns = list(zip(names, table_affinities(query), subquery_collations(query)))
    if json_columns(query):
        raise Decline
    read_as_table(query)
    builder.next_slot = slot + 2
    return Source(alias, slot, columns), b.SubquerySource(slot, query, alias, tuple(names))


def _written_names(items: list, query: b.Select) -> list:
    """A FROM subquery's column names (``names.subquery_column_names``): a column
    reference without an alias, in parentheses or not, as written; any other item by its
    result name."""
    renamed = [query.table_names.get(i, name) for i, name in enumerate(query.names)]
    out = []
    for (tree, alias, _, _), name in zip(items, renamed):
        while tree[0] == "paren":
            tree = tree[1]
        out.append(tree[2] if alias is None and tree[0] == "col" else name)
    return table_column_names(out)


def _view_query(catalog, view, group_slot: int, notes: list,
                open_views: frozenset) -> tuple[b.Select, int]:
    """``view``'s query bound from ``group_slot`` (``bind_view._bind``), and the slot
    after it."""
    head = _HEAD.match(view.sql)
    if head is None:
        raise Decline
    body = view.sql[head.end():]
    try:
        tokens = tokenize(body)
    except OperationalError:
        raise Decline from None
    reader = Reader(tokens, body)
    distinct, items = reader.select()
    clauses = reader.clauses
    if clauses is None or reader.subqueries or clauses.joins:
        raise Decline                   # (a view's join: left to the full path)
    select = b.Select(items=[], columns=[], names=[], group_slot=group_slot)
    builder = Builder(select, catalog)
    builder.statement_table = clauses.table
    source, item = query_source(builder, clauses, group_slot, notes, open_views)
    bind_table_query(builder, select, items, clauses, source, item)
    select.column_collations = [collation_of(c) or "BINARY" for c in select.columns]
    select.distinct = distinct
    select.alone = single_query(body)
    return select, builder.next_slot


def apply_notes(catalog, notes: list) -> None:
    """Once the statement is bound: each view it read noted known, as the binder notes
    it at each reference (``bind_view._known_width``)."""
    for view, names, kinds in notes:
        note_width(catalog, view, names, kinds)
