"""Views in name resolution (sqlite.org/lang_createview.html): a FROM item that names a view
binds to the view's query, which the planner then plans like a FROM subquery.

The catalog keeps a view as its name and CREATE VIEW text (``catalog/views.py``); this
module parses the text once (``parsed``: a bounded cache keyed by the text and the rename mode, so a view
dropped and created again with other text is parsed again) and binds a fresh copy of the
query at every reference, as SQLite expands each view reference (select.c,
sqlite3SelectExpand):

- the query sees no WITH clause of the statement that uses it (``bind_cte.isolated``) and
  no column of the enclosing query;
- the reference is a ``bound.SubquerySource`` carrying a ``bound.CteUse`` of its own, so the
  planner inlines it as a co-routine (``CO-ROUTINE v``) and pushes the outer WHERE terms
  into it, where an index under the view can serve them (``optimizer/push_into_cte.py``);
- where the statement is expanded (``look_up``), a view whose columns are not known yet
  has its whole query bound, so its errors come before those of what follows it;
- a view met again while its own query is being bound is ``view v is circularly defined``;
  a table missing under a view is reported with the view's schema, ``no such table:
  main.t``; a column list of the wrong length is ``expected 2 columns for 'v' but got 3``,
  raised once the whole statement is bound (``raise_deferred``), as SQLite reports it.

A view of main sees main only; a TEMP view (``temp_views.py``) sees temp and main.
CREATE VIEW and DROP VIEW are bound here too (a write to a view: ``bind_view_write.py``);
PRAGMA table_info reads a view's columns and their declared types through ``columns``.
"""

from __future__ import annotations

from sqlglot import expressions as exp

from ...errors import OperationalError
from ...planner.plan import bound as b
from . import bind_cte, view_kept
from .names import named_columns
from ...planner.types.values import affinity_of_type
from .properties import asked_collation, json_columns, read_as_table, table_affinities
from .scope import Source
from ..parse.folds import as_usual, in_rename_mode, lenient_positions
from ..parse.parse_cache import cached_parse
from .tables import ViewNoted, look_up_tables, named_in_main, names_view
from ..temp_views import TempView
from ..parse.written_name import written_name
from ...catalog.ascii_case import ascii_lower


def parsed(view, binder=None):
    """The parse of ``view``'s CREATE VIEW text (a ``view_syntax.ViewSyntax``), kept
    (``parse_cache``). While an ALTER checks a schema text (``folds.renaming``), a view
    that text reads -- one ``binder`` opens past the text's own -- is parsed as usual."""
    if binder is not None and in_rename_mode() \
            and not lenient_positions(len(binder.open_views) + 1):
        with as_usual():
            return cached_parse(view.sql).view
    return cached_parse(view.sql).view


# -- CREATE VIEW and DROP VIEW ------------------------------------------------------------------
def bind_create_view(binder, syntax) -> b.CreateView:
    schema = ascii_lower(syntax.schema or "")
    if schema not in ("", "main", "temp"):
        raise OperationalError(f"unknown database {syntax.schema}")
    if ascii_lower(syntax.name).startswith("sqlite_"):
        raise OperationalError(f"object name reserved for internal use: {syntax.name}")
    temp = syntax.temp or schema == "temp"
    main = getattr(binder.catalog, "main", binder.catalog)
    if not temp and main.table(syntax.name) is None and main.view(syntax.name) is None:
        _refuse_other_schemas(syntax)
    if not syntax.if_not_exists:
        _refuse_taken_name(binder.catalog.in_schema("temp") if temp and hasattr(
            binder.catalog, "in_schema") else main, syntax)
    return b.CreateView(syntax.name, syntax.sql, syntax.if_not_exists, temp=temp)


def _refuse_taken_name(schema, syntax) -> None:
    """SQLite's error for a new view's name taken by a table or view of ``schema``
    (sqlite3StartTable, as it reads the name): the name as written, ``view [V] already
    exists``."""
    kind = "table" if schema.table(syntax.name) is not None else \
        "view" if schema.view(syntax.name) is not None else None
    if kind is not None:
        raise OperationalError(f"{kind} {written_name(syntax.sql) or syntax.name} already exists")


def _refuse_other_schemas(syntax) -> None:
    """A view of main may name no table of another schema (sqlite3FixSelect, after the
    name is found free): ``view v cannot reference objects in database temp``."""
    for tree in syntax.body.trees():
        for table in tree.find_all(exp.Table):
            schema = table.args.get("db")
            if schema is not None and ascii_lower(schema.name) != "main":
                raise OperationalError(f"view {syntax.name} cannot reference objects in "
                                       f"database {schema.name}")


# -- a view in FROM ------------------------------------------------------------------------------
def reference(binder, node, view) -> tuple[Source, b.SubquerySource]:
    """The Source and bound FROM item of ``node``, which names ``view``."""
    _refuse_index(node)
    query = view_kept.take(binder, node, view)
    if query is None:
        query = _bind(binder, view)
    syntax = parsed(view)
    _known_width(binder, view, syntax, query)
    names = named_columns(syntax.columns, query)
    slot = binder.slot()
    alias = node.alias or view.name
    columns = [(name, *kind) for name, kind in zip(names, column_kinds(query))]
    read_as_table(query)
    if len(names) != len(query.columns):
        # SQLite names the view's columns from the list and reports the mismatch once the
        # statement's names are resolved (an unknown column of the view comes first)
        binder.deferred_errors.append(OperationalError(
            f"expected {len(names)} columns for '{view.name}' but got {len(query.columns)}"))
        columns = [(name, None, "BINARY") for name in names]
    use = b.CteUse(view.name, None, uses=1, view=True)
    source = Source(alias, slot, columns)
    source.schema = "temp" if isinstance(view, TempView) else "main"
    source.json_columns = json_columns(query)
    return source, b.SubquerySource(slot, query, alias, tuple(names), cte=use)


def raise_deferred(binder) -> None:
    """After a statement is bound: the first error a view reference put off."""
    if binder.deferred_errors:
        raise binder.deferred_errors[0]


def look_up(binder, node):
    """Whether FROM item ``node`` names a view (its column names once known, for the
    checks of the statement's expansion: from_columns.py); if so, the view is expanded now, in the
    order SQLite expands the statement (sqlite3SelectExpand), so an error under a view is
    reported before a table missing later in the statement. SQLite works out the columns
    of a view whose columns it does not know yet right there (sqlite3ViewGetColumnNames:
    its whole query resolved, every error in it raised); of one it knows, it only looks
    up the tables of its query. The columns it knows are those RowanDB's width cache
    holds (``_known_width``): a view bound without error since the schema last changed."""
    view = names_view(binder.catalog, node)
    if view is None:
        return False
    if ascii_lower(view.name) in binder.open_views:
        # met again inside its own query: sqlite3ViewGetColumnNames fails at once, before
        # the FROM items after it are looked up (SELECT * FROM v, nosuch in v itself)
        raise OperationalError(f"view {view.name} is circularly defined")
    if _names(binder.catalog, view) is None:
        try:
            _work_out_columns(binder, view, node)
        except ViewNoted as error:          # a failure here stops the walk
            raise OperationalError(str(error)) from None
    else:                                   # a failure is noted, the walk goes on
        body = parsed(view).body
        try:
            _within(binder, view, lambda: look_up_tables(binder.catalog, body.tree,
                                                         binder.names_no_table))
        except OperationalError as error:
            raise ViewNoted(str(error)) from None
    _refuse_index(node)         # after the view's expansion, as sqlite3IndexedByLookup
    return _names(binder.catalog, view) or True


def _refuse_index(node) -> None:
    """A view has no index: ``v INDEXED BY i`` is 'no such index: i'."""
    indexed = node.args.get("indexed")
    if indexed:
        raise OperationalError(f"no such index: {indexed.name}")


def _work_out_columns(binder, view, node) -> None:
    """Bind ``view``'s query in a binder of its own (the statement's slots and notes
    untouched) with the statement's open views, as a reference would bind it; from the
    statement's next slot, so that the reference ``node`` may take it (view_kept.py)."""
    from .binder import Binder                    # the binder imports this module
    own = Binder(binder.catalog, parsed(view).body)
    own.open_views = set(binder.open_views)
    own.modules = getattr(binder, "modules", None)      # (bind_table_function.registered)
    own.cte_depth = binder.cte_depth
    own.defer_codegen = True    # resolved, not coded: a RAISE() there is no error yet
    own.next_slot = view_kept.first_slot(binder)
    start = view_kept.start_state(binder)
    query = _bind(own, view)
    _known_width(own, view, parsed(view), query)
    view_kept.keep(binder, own, node, view, start, query)


def _bind(binder, view) -> b.Select:
    """Bind a copy of ``view``'s query for one reference."""
    syntax = parsed(view, binder)
    if ascii_lower(view.name) in binder.open_views:
        raise OperationalError(f"view {view.name} is circularly defined")
    return _within(binder, view, lambda: binder.bind_query(syntax.body.tree, None))


def _within(binder, view, work):
    """``work()`` run as inside ``view``'s query: its name open (circularity), one level
    deeper, no WITH clause of the statement in force, the body's own in force, only main
    visible from a view of main, and a missing table named with the view's schema."""
    syntax = parsed(view, binder)
    open_views = binder.open_views
    key = ascii_lower(view.name)
    binder.cte_depth += 1
    open_views.add(key)
    catalog = binder.catalog
    temp = isinstance(view, TempView)
    if not temp:                        # a view of main sees main only
        binder.catalog = getattr(catalog, "main", catalog)
    try:
        if binder.cte_depth >= bind_cte.MAX_DEPTH:
            raise OperationalError("VIEWs and/or subqueries nested too deep")
        with bind_cte.isolated(binder), bind_cte.reading(binder, syntax.body):
            return work()
    except OperationalError as error:
        named = error if temp else named_in_main(error)
        if named is not error:
            raise named from None
        raise
    finally:
        binder.catalog = catalog
        open_views.discard(key)
        binder.cte_depth -= 1


def _widths(catalog, view) -> dict:
    return catalog.temp.widths if isinstance(view, TempView) else catalog.view_widths


def _names(catalog, view) -> tuple | None:
    return _widths(catalog, view).get(ascii_lower(view.name))


def known_columns(catalog, view) -> tuple | None:
    """The names of ``view``'s columns if SQLite knows them now (``_known_width``)."""
    return _names(catalog, view)


def _known_width(binder, view, syntax, query) -> None:
    """The view's columns are known now: their names (PRAGMA table_list shows their
    number). Not when the view is the text an ALTER checks (folds.checking_own_text):
    SQLite's test after a RENAME or DROP COLUMN (alter.c renameTestSchema) parses that
    text anew, in rename mode, and leaves the schema's own view unknown -- so the next
    statement resolves its whole query where it meets it: its 'ORDER BY term out of
    range' before a USING column's (fixed-seed case with alter, RENAME COLUMN), the number
    0 of ``ORDER BY x AND 0``, an expression in rename mode, out of range then (fuzz
    77000178). A view that checked text reads is the schema's own, parsed as usual, and
    SQLite works its columns out there: known from then on (test_view_widths.py)."""
    if lenient_positions(len(binder.open_views) + 1):
        return
    note_width(binder.catalog, view, named_columns(syntax.columns, query), column_kinds(query))


def note_width(catalog, view, names: list, kinds: tuple) -> None:
    """``view``'s columns known: their ``names`` and ``kinds`` (``column_kinds`` of its
    bound query), as ``_known_width`` and the quick path's view references (quick/view.py)
    note them."""
    known = KnownColumns(names)
    known.kinds = kinds
    _widths(catalog, view)[ascii_lower(view.name)] = known


class KnownColumns(tuple):
    """The names of a view's columns SQLite knows, and (``kinds``) each one's affinity and
    collation, which an INSERT through the view's INSTEAD OF triggers gives NEW without
    reading the view's query again (bind_view_write._shape)."""
    kinds: tuple = ()


def column_kinds(query: b.Select) -> tuple:
    """(affinity, collation) of each result column of a view's bound ``query``: its first
    SELECT's collations."""
    return tuple(zip(table_affinities(query),
                     (asked_collation(e) or "BINARY" for e in query.columns)))


# -- the columns PRAGMA table_info shows ------------------------------------------------------
#: The type SQLite shows for a view column whose expression has no declared type matching
#: its affinity: the first standard type of that affinity (sqlite3SubqueryColumnTypes).
_TYPE_OF_AFFINITY = {"BLOB": "BLOB", "INTEGER": "INT", "REAL": "REAL", "TEXT": "TEXT",
                     "NUMERIC": "NUM", None: ""}


def columns(catalog, view) -> list[tuple[str, str]]:
    """(name, declared type) of each column of ``view``, binding its query as a statement
    reading it would (so its errors are raised as that statement's). A column list of the
    wrong length is no error here: its names come without types, as in SQLite."""
    from .binder import Binder                    # the binder imports this module
    syntax = parsed(view)
    binder = Binder(catalog, syntax.body)
    query = _bind(binder, view)
    _known_width(binder, view, syntax, query)
    names = named_columns(syntax.columns, query)
    if syntax.columns is not None and len(syntax.columns) != len(query.columns):
        return [(name, "") for name in names]
    types = []
    for expr, affinity in zip(query.columns, table_affinities(query)):
        declared = declared_type(query, expr)
        if declared is None or affinity_of_type(declared) != affinity:
            declared = _TYPE_OF_AFFINITY[affinity]
        types.append(declared)
    return list(zip(names, types))


def declared_type(query: b.Select, expr, outer: tuple = ()) -> str | None:
    """The declared type of the table column ``expr`` reads, through FROM subqueries,
    views and scalar subqueries but not COLLATE (SQLite's columnType); None for any other
    expression. ``outer``: the queries around ``query``, whose columns it may read."""
    if isinstance(expr, b.ScalarSubquery):      # of a compound, its last SELECT's (the
        last = expr.query.compound[-1][1] if expr.query.compound else expr.query    # top
        return declared_type(last, last.columns[0], (query, *outer))    # of SQLite's list)
    if not isinstance(expr, b.ColumnRef):
        return None
    for item in (item for q in (query, *outer) for item in q.items):
        source = item.source
        if source.slot != expr.slot:
            continue
        if isinstance(source, b.TableSource):
            if expr.column < 0:
                return "INTEGER"
            return source.table.columns[expr.column].declared_type or None
        if isinstance(source, b.SubquerySource):
            return declared_type(source.query, source.query.columns[expr.column])
    return None
