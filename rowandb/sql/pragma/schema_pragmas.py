"""PRAGMAs that read the data dictionary: table_info, table_xinfo, index_list, index_info,
index_xinfo, foreign_key_list, foreign_key_check, table_list, database_list and
integrity_check / quick_check -- plus ``dictionary_stats``, RowanDB's own.

Each handler takes the session and the ``PragmaCall`` and returns ``(columns, rows)`` with
SQLite's column names and row shapes (sqlite.org/pragma.html; src/pragma.c); ``pragmas.py``
classifies them with every other pragma. A name that matches nothing gives the columns and
no rows, as in SQLite. The ``temp`` schema holds the connection's TEMP views
(``temp_views.py``), its TEMP tables and their indexes (``temp_tables.py``) and its schema
table; an unqualified name finds temp's object first, as SQLite's search order does, and
``main.`` or ``temp.`` chooses. SQLAlchemy's reflection asks ``PRAGMA temp.table_info(t)``
whenever ``main`` has no ``t``.
"""

from __future__ import annotations

import os

from ...errors import DatabaseError, OperationalError
from ..bind import bind_view, without_rowid
from ..parse.parser import parse
from .. import table_hash
from ..temp_views import SessionCatalog, TempView
from .pragma_syntax import get_int32
from ...catalog.ascii_case import ascii_lower

_TABLE_INFO = ("cid", "name", "type", "notnull", "dflt_value", "pk")
_INDEX_INFO = ("seqno", "cid", "name")
_INTEGRITY_MAX = 100        # SQLITE_INTEGRITY_CHECK_ERROR_MAX: rows reported at most


#: What the temp schema holds: its schema table, under these names (as SQLite finds them).
_TEMP_SCHEMA_TABLE = ("sqlite_temp_master", "sqlite_temp_schema")


def in_temp(call) -> bool:
    return call.schema is not None and ascii_lower(call.schema) == "temp"


def _table(session, call):
    """The table ``call.value`` names in the schema ``call`` reads, or None."""
    if call.value is None:
        return None
    name, dictionary = ascii_lower(call.value), session.db.dictionary
    if in_temp(call):
        found = name in _TEMP_SCHEMA_TABLE or name in ("sqlite_master", "sqlite_schema")
        return dictionary.table("sqlite_schema") if found else session.temp.table_named(name)
    if name in _TEMP_SCHEMA_TABLE:      # unqualified, SQLite finds it in temp; not in main
        return dictionary.table("sqlite_schema") if call.schema is None else None
    return _temp_first(session, call, session.temp.table_named) or dictionary.table(call.value)


def _temp_first(session, call, find):
    """What ``find`` finds in temp for an unqualified name (temp is searched first)."""
    return find(call.value) if call.schema is None else None


def _view(session, call):
    """The view ``call.value`` names (a temp view first, unless the schema is main), or
    None."""
    if call.value is None:
        return None
    temp = session.temp.views.get(ascii_lower(call.value))
    if in_temp(call) or (temp is not None and call.schema is None):
        return temp
    return session.db.dictionary.view(call.value)


def _located(session, call):
    """The table ``call.value`` names, None for a view (sqlite3LocateTable finds views
    too: foreign_key_check and integrity_check of one find nothing to report), or SQLite's
    "no such table"."""
    view = _view(session, call)
    table = _table(session, call) if not isinstance(view, TempView) else None
    if table is None and view is None:
        schema = f"{call.schema}." if call.schema is not None else ""
        raise OperationalError(f"no such table: {schema}{call.value}")
    return table


def table_info(session, call):
    """One row per column. table_xinfo adds ``hidden``: 2 for a VIRTUAL generated column,
    3 for a STORED one (0 otherwise); table_info leaves generated columns out, numbering
    the others without them, as SQLite does."""
    view = _view(session, call)
    table = _table(session, call) if not isinstance(view, TempView) else None
    if table is not None and call.name == "table_xinfo":
        return _TABLE_INFO + ("hidden",), [
            (i, c.name, c.declared_type, int(c.notnull), c.default_sql, c.pk, c.generated)
            for i, c in enumerate(table.columns)]
    shown = [c for c in table.columns if not c.is_generated] if table is not None else []
    rows = [(i, c.name, c.declared_type, int(c.notnull), c.default_sql, c.pk)
            for i, c in enumerate(shown)]
    if table is None and view is not None:
        catalog = SessionCatalog(session.db.dictionary, session.temp)
        rows = [(i, name, declared, 0, None, 0)
                for i, (name, declared) in enumerate(bind_view.columns(catalog, view))]
    hidden = []
    if table is None and view is None and call.value is not None:
        rows, hidden = _function_columns(call.value)
        if rows:
            registered(session.settings.modules, call.value)
    if call.name == "table_xinfo":
        return _TABLE_INFO + ("hidden",), [row + (0,) for row in rows] + \
            [(len(rows) + i, name, "", 0, None, 0, 1) for i, name in enumerate(hidden)]
    return _TABLE_INFO, rows


def registered(modules: list, name: str) -> None:
    from ..bind.bind_table_function import registered as note
    note(modules, name)


def _function_columns(name: str):
    """The rows of a table-valued function's visible columns and its hidden columns'
    names (an eponymous virtual table: no type, no constraints, hidden ones HIDDEN)."""
    from ..bind.bind_table_function import function_columns
    found = function_columns(name)
    if found is None:
        return [], []
    return [(i, column, "", 0, None, 0) for i, column in enumerate(found[0])], list(found[1])


def index_list(session, call):
    """The table's indexes in SQLite's order (``Table.index_list``: newest first, those
    whose constraint says ON CONFLICT REPLACE last); ``partial`` is 1 for a partial index."""
    columns = ("seq", "name", "unique", "origin", "partial")
    table = _table(session, call)
    if table is None:
        return columns, []
    indexes = table.index_list
    return columns, [(i, ix.name, int(ix.unique), ix.origin, int(ix.partial))
                     for i, ix in enumerate(indexes)]


def index_info(session, call):
    """The index's key columns. index_xinfo adds the sort order, the collation as written
    in the DDL (BINARY when none was) and ``key`` = 1, then the row of the rowid that
    ends every entry (cid -1, not a key column), as SQLite reports them."""
    xinfo = call.name == "index_xinfo"
    columns = _INDEX_INFO + (("desc", "coll", "key") if xinfo else ())
    owner = None if call.value is None else _index_owner(session, call)
    if owner is None:
        return columns, []
    index = owner.index_named(call.value)
    rows = [(i, c.column, owner.columns[c.column].name if c.column >= 0 else None)
            for i, c in enumerate(index.columns)]
    if not xinfo:
        return columns, rows
    rows = [row + (int(c.desc), c.collation_name or c.collation, 1)
            for row, c in zip(rows, index.columns)]
    if owner.without_rowid:
        return columns, rows + without_rowid.xinfo_tail(owner, index, len(rows))
    return columns, rows + [(len(rows), -1, None, 0, "BINARY", 0)]


def _index_owner(session, call):
    """The table of the index ``call.value`` names (temp's first), or None."""
    tables = session.temp.tables
    temp = tables.index_owner(call.value) if tables is not None else None
    if in_temp(call) or (temp is not None and call.schema is None):
        return temp
    return session.db.dictionary.index_owner(call.value)


def foreign_key_list(session, call):
    columns = ("id", "seq", "table", "from", "to", "on_update", "on_delete", "match")
    table = _table(session, call)
    if table is None:
        return columns, []
    rows = []
    fks = sorted(table.foreign_keys, key=lambda fk: -fk.seq)
    for fk_id, fk in enumerate(fks):
        for seq, child in enumerate(fk.child_columns):
            parent = fk.parent_columns[seq] if fk.parent_columns else None
            pos = table.column_index(child)             # SQLite shows the declared spelling
            child = table.columns[pos].name if pos is not None else child
            rows.append((fk_id, seq, fk.parent, child, parent, fk.on_update, fk.on_delete, "NONE"))
    return columns, rows


def foreign_key_check(session, call):
    from ...planner.exec.fkeys import foreign_key_check as check
    dictionary = session.db.dictionary
    if call.value is not None:
        tables = [t for t in [_located(session, call)] if t is not None]
    else:
        tables = [dictionary.table(n) for n in dictionary.table_names()]
    return ("table", "rowid", "parent", "fkid"), check(session.fkeys, tables)


def integrity_check(session, call):
    """``integrity_check(N)`` reports at most N problems (100 by default, and for N <= 0);
    ``integrity_check(table)`` checks that table and its indexes only. As in SQLite, the
    argument is a number when its token reads as one (``'5'``, quoted, names a table)."""
    from ...planner.exec.integrity import ComputeFailed, check_integrity
    limit, only = _INTEGRITY_MAX, None
    if call.value is not None:
        number = get_int32(call.raw)
        if number is not None:
            limit = number if number > 0 else _INTEGRITY_MAX
        else:
            only = _located(session, call)
            if only is None:            # a view: no table of it to check
                return (call.name,), [("ok",)]
    from ..temp_tables import routing_store
    _refuse_coded_raise(session, call, only)
    try:
        problems = check_integrity(routing_store(session), session.db.dictionary, only,
                                   quick=ascii_lower(call.name) == "quick_check")
    except ComputeFailed as failed:       # SQLite stops at the limit, before the error
        if len(failed.found) < limit:
            raise failed.error from None
        problems = failed.found
    return (call.name,), [(p,) for p in problems[:limit]] or [("ok",)]


def _refuse_coded_raise(session, call, only) -> None:
    """SQLite's integrity_check and quick_check code every CHECK of the tables they check
    (pragma.c), where a RAISE is an error as it is coded outside a trigger program
    (expr.c) -- unless sqlite3ExprSimplifiedAndOr drops it (``1 OR RAISE(IGNORE)``) --
    and so is a row value misplaced there (``CHECK ((a, 1))``, which CREATE TABLE
    accepts)."""
    from ..alter_table.alter_check_calls import coded
    from ..bind.bind_ddl import _check_texts
    from ..bind.check_rows import coded_row_error
    from ..parse.parser import parse_written
    for table in [only] if only is not None else _readable_tables(session, call):
        for _, text in _check_texts(table.sql) if "RAISE" in table.sql.upper() else ():
            if coded(parse_written(text), "raise"):
                raise OperationalError("RAISE() may only be used within a trigger-program")
        misused = coded_row_error(session.db.dictionary, table)
        if misused is not None:
            raise misused


def _readable_tables(session, call) -> list:
    """The tables of the schema(s) ``PRAGMA integrity_check`` checks whose dictionary rows
    can be read; a damaged dictionary or table file is left to ``check_integrity``, which
    names it."""
    dictionary, temp = session.db.dictionary, session.temp.tables
    catalogs = [dictionary] if ascii_lower(call.schema or "main") == "main" else []
    if temp is not None and ascii_lower(call.schema or "temp") == "temp":
        catalogs.append(temp)
    tables = []
    for catalog in catalogs:
        try:
            tables += [catalog.table(n) for n in catalog.table_names()]
        except DatabaseError:
            continue
    return tables


def table_list(session, call):
    """One row per table and view: (schema, name, type, ncol, wr, strict), each schema's in
    the order of SQLite's hash table of them (table_hash.py), its own schema table among
    them as ``sqlite_schema`` / ``sqlite_temp_schema``; ``main.`` lists main only,
    ``temp.`` temp only, an argument the object of that name (``sqlite_master`` for the
    schema table). A view's ``ncol`` is the number of its columns SQLite knows
    (catalog/views.py): first, as SQLite does, the columns of each view not known yet are
    worked out, in the hash table's order, until one fails (``_work_out_views``). ``wr``
    is 1 for a WITHOUT ROWID table."""
    schemas = ["main", "temp"]
    if call.schema is not None:
        schemas = [s for s in schemas if s == ascii_lower(call.schema)]
    rows = []
    for schema in schemas:
        _work_out_views(session, schema)
        rows += [_table_list_row(session, schema, key, kind)
                 for key, kind in table_hash.order(session, schema)]
    if call.value is not None:
        wanted = ascii_lower(call.value)
        wanted = {"sqlite_master": "sqlite_schema", "sqlite_schema": None,
                  "sqlite_temp_master": "sqlite_temp_schema",
                  "sqlite_temp_schema": None}.get(wanted, wanted)
        rows = [row for row in rows if ascii_lower(row[1]) == wanted]
    return ("schema", "name", "type", "ncol", "wr", "strict"), rows


def _work_out_views(session, schema: str) -> None:
    """SQLite's table_list prepares ``SELECT*FROM"v"`` (the name unqualified) for the
    first view in hash table order whose columns it does not know, then starts over; a
    view that fails stays first, so the views after it stay unknown. Working a view out
    only adds known views, so one pass in that order does the same."""
    widths = _widths(session, schema)
    for key, kind in table_hash.order(session, schema):
        if kind != "view" or key in widths:
            continue
        try:
            session._bind_parsed(parse('SELECT*FROM"' + key.replace('"', '""') + '"'))
        except DatabaseError:
            return
        if key not in widths:
            return              # the name found another object first (a TEMP one)


def _widths(session, schema: str) -> dict:
    return session.db.dictionary.view_widths if schema == "main" else session.temp.widths


def _table_list_row(session, schema: str, key: str, kind: str) -> tuple:
    if kind == "schema":
        return (schema, table_hash.SCHEMA_TABLES[schema][1], "table", 5, 0, 0)
    if kind == "view":
        view = session.db.dictionary.view(key) if schema == "main" else session.temp.views[key]
        return (schema, view.name, "view", len(_widths(session, schema).get(key, ())), 0, 0)
    table = session.db.dictionary.table(key) if schema == "main" else \
        session.temp.table_named(key)
    return (schema, table.name, "table", len(table.columns), int(table.without_rowid),
            int(table.strict))


def database_list(session, call):
    """main, with the database's full path ('' for ``:memory:``), as SQLite shows its file;
    then temp once SQLite would have opened its temp database, and kept it open: a temp
    object made, a pragma naming temp, an unqualified integrity_check or quick_check, the
    temp schema's table named (``TempSchema.opened``)."""
    path = session.db.path
    rows = [(0, "main", "" if path == ":memory:" else os.path.realpath(path))]
    if session.temp.next_id > 1 or session.temp.opened:
        rows.append((1, "temp", ""))
    return ("seq", "name", "file"), rows


def dictionary_stats(session, call):
    """RowanDB's own: how often table definitions were loaded into and evicted from the
    dictionary cache, and the longest time the dictionary lock was held."""
    stats = session.db.dictionary.stats
    return (("loads", "evictions", "longest_hold_ms", "total_hold_ms", "cached_tables"),
            [(stats.loads, stats.evictions, round(stats.longest_hold_ms, 3),
              round(stats.total_hold_ms, 3), session.db.dictionary.cached_count())])
