"""ANALYZE: reading the statement as SQLite's grammar does, and running it.

``ANALYZE [schema | [schema.]table-or-index]`` (sqlite.org/lang_analyze.html) fills
``sqlite_stat1`` (catalog/statistics.py has the format) and makes the planner use the new
figures: every table it analyzed is loaded again, which reads them
(optimizer/choose_index.py ranks equality searches by them, reorder_joins.py puts the
table with fewer rows first among equally reachable ones). As SQLite's sqlite3Analyze resolves the name:

* none, ``main``: every table of the database; sqlite_stat1 is emptied first;
* ``temp``: refused (NotSupportedError). SQLite creates ``temp.sqlite_stat1``, which then
  hides main's in every unqualified query; RowanDB keeps none for its temp tables;
* a name: an index of that name (its row replaces the rows with that ``idx``), else a
  table or view (rows with that ``tbl`` are replaced; a view, or a table whose name
  starts with ``sqlite_``, gets none), else ``no such table: name`` (``main.name`` when
  the schema was named); a schema other than main or temp is ``unknown database``.

The first ANALYZE creates sqlite_stat1 (a schema change, as in SQLite). ANALYZE runs in the
statement's transaction: ROLLBACK undoes it. It is refused under PRAGMA query_only.

Differs from SQLite: SQLite 3.54 as apsw builds it (SQLITE_ENABLE_STAT4) also creates and
fills ``sqlite_stat4`` with samples of every index; RowanDB's planner uses no samples, so it
creates no sqlite_stat4. Tables are analyzed in creation order (SQLite: its hash order),
which only decides the order of sqlite_stat1's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import rows as rowio
from ..catalog.statistics import STAT_TABLE, stat_draft, table_stats
from ..errors import NotSupportedError, OperationalError
from .lexer import Token, is_name, syntax_error, unquote


@dataclass(frozen=True)
class Analyze:
    schema: str | None          # as written, unquoted
    name: str | None


def parse_analyze(sql: str, tokens: list[Token]):
    """``ANALYZE``, ``ANALYZE name`` or ``ANALYZE schema.name``."""
    from .parser import Parsed
    rest = tokens[1:]
    if len(rest) not in (0, 1, 3):
        raise syntax_error(sql, rest[1] if len(rest) == 2 and rest[1].text != "." else
                           rest[3] if len(rest) > 3 else None)
    for position, token in enumerate(rest):
        if position == 1 and token.text != "." or position != 1 and not is_name(token):
            raise syntax_error(sql, token)
    names = [unquote(token.text) for token in rest[::2]]
    schema, name = (names[0], names[1]) if len(names) == 2 else (None, names[0] if names else None)
    return Parsed("analyze", sql, maintenance=Analyze(schema, name))


def run_analyze(session, analyze: Analyze, params: tuple) -> None:
    session._in_statement(lambda: _analyze(session, analyze), writes=True)


def _analyze(session, analyze: Analyze) -> None:
    from .pragmas import check_writable
    dictionary = session.db.dictionary
    _refuse_temp(session, analyze)
    targets, where = _targets(dictionary, analyze)
    check_writable(session)
    txn = session.txn
    stat_table = dictionary.table(STAT_TABLE)
    if stat_table is None:
        stat_table = dictionary.create_table(txn, stat_draft())
    _delete_rows(txn, dictionary, stat_table, where)
    file = dictionary.store.table(stat_table.file_id)
    rowid = file.max_rowid()
    for table, only in targets:
        for index_name, stat in table_stats(dictionary.store, table):
            if only is None or index_name == only:
                rowid += 1
                rowio.insert_record(txn, stat_table, rowid, (table.name, index_name, stat),
                                    dictionary.encode)
    dictionary.invalidate()                     # every table is loaded again, with its stats


def _refuse_temp(session, analyze: Analyze) -> None:
    """ANALYZE of a temp table or index (temp is searched first): SQLite writes its
    figures into temp.sqlite_stat1, which RowanDB does not keep."""
    tables = session.temp.tables
    name, schema = analyze.name, (analyze.schema or "").lower()
    if tables is None or name is None or schema not in ("", "temp"):
        return
    if tables.table(name) is not None or tables.index_owner(name) is not None:
        raise NotSupportedError("ANALYZE of a TEMP table is not supported: RowanDB keeps "
                                "no sqlite_stat1 for its temp tables")


def _targets(dictionary, analyze: Analyze):
    """([(table, only this index's name or None)], the sqlite_stat1 rows to delete first:
    ("all",), ("tbl", name) or ("idx", name))."""
    schema, name = analyze.schema, analyze.name
    if name is None or schema is None and name.lower() in ("main", "temp"):
        if (name or "main").lower() == "temp":
            raise NotSupportedError("ANALYZE temp is not supported: RowanDB keeps no "
                                    "sqlite_stat1 for its temp tables")
        tables = [dictionary.table(n) for n in dictionary.table_names()]
        return [(t, None) for t in tables if _analyzable(t)], ("all",)
    if schema is not None and schema.lower() not in ("main", "temp"):
        raise OperationalError(f"unknown database {schema}")
    if schema is not None and schema.lower() == "temp":
        raise OperationalError(f"no such table: {schema}.{name}")
    owner = dictionary.index_owner(name)
    if owner is not None:
        index = next(i for i in owner.indexes if i.name.lower() == name.lower())
        return [(owner, index.name)], ("idx", index.name)
    table = dictionary.table(name)
    if table is not None:
        return ([(table, None)] if _analyzable(table) else []), ("tbl", table.name)
    view = dictionary.view(name)
    if view is not None:
        return [], ("tbl", view.name)
    raise OperationalError(f"no such table: {schema + '.' if schema else ''}{name}")


def _analyzable(table) -> bool:
    return table is not None and not table.system and table.virtual is None \
        and not table.name.lower().startswith("sqlite_")


def _delete_rows(txn, dictionary, stat_table, where) -> None:
    for rowid, record in list(dictionary.store.table(stat_table.file_id).scan()):
        kind = where[0]
        if kind == "all" or record[0 if kind == "tbl" else 1] == where[1]:
            rowio.delete_record(txn, stat_table, rowid, record, dictionary.encode)
