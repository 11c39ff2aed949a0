"""ANALYZE: reading the statement as SQLite's grammar does, and running it.

``ANALYZE [schema | [schema.]table-or-index]`` (sqlite.org/lang_analyze.html) fills
``sqlite_stat1`` (catalog/statistics.py has the format) and makes the planner use the new
figures: every table it analyzed is loaded again, which reads them
(optimizer/choose_index.py ranks equality searches by them, reorder_joins.py puts the
table with fewer rows first among equally reachable ones). As SQLite's sqlite3Analyze resolves the name:

* none, ``main``: every table of main; sqlite_stat1 is emptied first. Not the temp
  schema: SQLite's sqlite3Analyze skips it;
* ``temp``: every TEMP table, into ``temp.sqlite_stat1`` (made in the temp dictionary,
  temp_tables.py), which then hides main's in every unqualified query, as in SQLite;
* a name: an index of that name (its row replaces the rows with that ``idx``), else a
  table or view (rows with that ``tbl`` are replaced; a view, or a table whose name
  starts with ``sqlite_``, gets none), else ``no such table: name`` (``main.name`` when
  the schema was named); a schema other than main or temp is ``unknown database``. An
  unqualified name is looked up in temp first (``_in_temp``), ``temp.name`` and
  ``main.name`` in their schema alone; the figures of a temp table or index go to
  temp.sqlite_stat1, and the temp dictionary reads them when it loads the table.

The first ANALYZE of a schema creates its sqlite_stat1 (a schema change, as in SQLite). ANALYZE runs in the
statement's transaction: ROLLBACK undoes it. It is refused under PRAGMA query_only.

Differs from SQLite: SQLite 3.54 as apsw builds it (SQLITE_ENABLE_STAT4) also creates and
fills ``sqlite_stat4`` with samples of every index; RowanDB's planner uses no samples, so it
creates no sqlite_stat4. Tables are analyzed in creation order (SQLite: its hash order),
which only decides the order of sqlite_stat1's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..catalog import rows as rowio
from ..catalog.statistics import STAT_TABLE, stat_draft, stat_name, table_stats
from ..errors import OperationalError
from . import corrupt_transaction, temp_tables
from .parse.lexer import Token, is_nm, syntax_error, unquote
from .schema_locks import expire_running
from .temp_views import TEMP_SCHEMA_NAMES
from ..catalog.ascii_case import ascii_lower


@dataclass(frozen=True)
class Analyze:
    schema: str | None          # as written, unquoted
    name: str | None


def parse_analyze(sql: str, tokens: list[Token]):
    """``ANALYZE``, ``ANALYZE name`` or ``ANALYZE schema.name``."""
    from .parse.parser import Parsed
    rest = tokens[1:]
    if len(rest) not in (0, 1, 3):
        raise syntax_error(sql, rest[1] if len(rest) == 2 and rest[1].text != "." else
                           rest[3] if len(rest) > 3 else None)
    for position, token in enumerate(rest):
        if position == 1 and token.text != "." or position != 1 and not is_nm(token):
            raise syntax_error(sql, token)
    names = [unquote(token.text) for token in rest[::2]]
    schema, name = (names[0], names[1]) if len(names) == 2 else (None, names[0] if names else None)
    return Parsed("analyze", sql, maintenance=Analyze(schema, name))


def run_analyze(session, analyze: Analyze, params: tuple) -> None:
    session._in_statement(lambda: _analyze(session, analyze), writes=True)
    expire_running(session, own=False)          # loading the stats expires (OP_Expire)


def raise_lookup_error(session, analyze: Analyze) -> None:
    """ANALYZE's look-up of what it names, alone (ddl_lookups.py): its error, or none."""
    _targets(_Schema(session, _in_temp(session, analyze)), analyze)


def _analyze(session, analyze: Analyze) -> None:
    from .pragma.pragmas import check_writable
    in_temp = _in_temp(session, analyze)
    targets, where = _targets(_Schema(session, in_temp), analyze)
    check_writable(session)
    corrupt_transaction.refuse_write(session)   # its names found first
    dictionary, txn = session.db.dictionary, session.txn
    if in_temp:                                 # temp.sqlite_stat1, in the temp store
        dictionary = temp_tables.open_tables(session)
        txn = session.txn.temp
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
    session.db.dictionary.invalidate()          # and every cached plan made again


def _in_temp(session, analyze: Analyze) -> bool:
    """Whether the statement analyzes the temp schema: ``temp``, ``temp.x``, or a name
    the temp schema has (SQLite looks an unqualified index or table up in temp first)."""
    schema, name = ascii_lower(analyze.schema or ""), analyze.name
    if name is None or schema:
        return schema == "temp" or not schema and ascii_lower(name or "") == "temp"
    if ascii_lower(name) in ("temp", "main"):
        return ascii_lower(name) == "temp"
    temp = session.temp
    tables = temp.tables
    return ascii_lower(name) in TEMP_SCHEMA_NAMES or ascii_lower(name) in temp.views or \
        tables is not None and (tables.table(name) is not None
                                or tables.index_owner(name) is not None)


class _Schema:
    """The tables, indexes and views of the schema ANALYZE reads: main's dictionary, or
    the connection's temp schema (its dictionary may not exist yet)."""

    def __init__(self, session, in_temp: bool):
        self.name = "temp" if in_temp else "main"
        self.main = session.db.dictionary
        self.temp = session.temp if in_temp else None

    def tables(self) -> list:
        if self.temp is None:
            return [self.main.table(n) for n in self.main.table_names()]
        tables = self.temp.tables
        return [] if tables is None else [tables.table(n) for n in tables.table_names()]

    def index_owner(self, name: str):
        if self.temp is None:
            return self.main.index_owner(name)
        return None if self.temp.tables is None else self.temp.tables.index_owner(name)

    def table(self, name: str):
        if self.temp is None:
            return self.main.table(name)
        if ascii_lower(name) in TEMP_SCHEMA_NAMES or ascii_lower(name) in ("sqlite_schema",
                                                                "sqlite_master"):
            return self.temp.table
        return self.temp.table_named(name)

    def view(self, name: str):
        if self.temp is None:
            return self.main.view(name)
        return self.temp.views.get(ascii_lower(name))


def _targets(schema: _Schema, analyze: Analyze):
    """([(table, only this index's name or None)], the sqlite_stat1 rows to delete first:
    ("all",), ("tbl", name) or ("idx", name))."""
    written, name = analyze.schema, analyze.name
    if name is None or written is None and ascii_lower(name) in ("main", "temp"):
        return [(t, None) for t in schema.tables() if _analyzable(t)], ("all",)
    if written is not None and ascii_lower(written) not in ("main", "temp"):
        raise OperationalError(f"unknown database {written}")
    owner = schema.index_owner(name)
    if owner is not None:
        index = next(i for i in owner.indexes if ascii_lower(i.name) == ascii_lower(name))
        # SQLite deletes the rows named as the index is, then writes the index's row
        # under its stat name (a WITHOUT ROWID table's PRIMARY KEY: the table's name).
        return [(owner, stat_name(owner, index))], ("idx", index.name)
    table = schema.table(name)
    if table is not None:
        return ([(table, None)] if _analyzable(table) else []), ("tbl", table.name)
    view = schema.view(name)
    if view is not None:
        return [], ("tbl", view.name)
    raise OperationalError(f"no such table: {written + '.' if written else ''}{name}")


def _analyzable(table) -> bool:
    return table is not None and not table.system and table.virtual is None \
        and not ascii_lower(table.name).startswith("sqlite_")


def _delete_rows(txn, dictionary, stat_table, where) -> None:
    for rowid, record in list(dictionary.store.table(stat_table.file_id).scan()):
        kind = where[0]
        if kind == "all" or record[0 if kind == "tbl" else 1] == where[1]:
            rowio.delete_record(txn, stat_table, rowid, record, dictionary.encode)
