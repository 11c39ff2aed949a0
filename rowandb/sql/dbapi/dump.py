"""``Connection.iterdump`` and ``Connection.backup``: a database as SQL text, and a copy of
it into another RowanDB connection.

The dump has the shape of Python's sqlite3 dump: ``BEGIN TRANSACTION;``, each table's
CREATE statement (by name) followed by one ``INSERT INTO "t" VALUES(...);`` per row, its
values written by SQL's ``quote()``; then the indexes, triggers and views as
``sqlite_master`` lists them; then the AUTOINCREMENT counters (``sqlite_sequence``);
``COMMIT;``. It reads the Session directly, so the connection's ``row_factory`` and
``text_factory`` do not shape it.

RowanDB's files are no SQLite pages, so ``backup`` copies by running the dump on the
target (foreign keys off while it runs, as a page copy checks none) after dropping what
the target held. The copy is one step: ``progress(status, remaining, total)`` is called
once, with SQLITE_DONE (101), 0 and the number of statements copied, whatever ``pages``
says.
"""

from __future__ import annotations

from typing import Callable, Iterator

from ...errors import OperationalError, ProgrammingError
from ...catalog.ascii_case import ascii_lower, ascii_upper

SQLITE_DONE = 101


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def iterdump(session) -> Iterator[str]:
    """The SQL statements that rebuild the database ``session`` reads."""
    def rows(sql: str) -> list:
        return session.execute(sql).rows
    yield "BEGIN TRANSACTION;"
    tables = rows("SELECT name, sql FROM sqlite_master WHERE sql NOT NULL AND "
                  "type == 'table' ORDER BY name")
    for name, sql in tables:
        if name.startswith("sqlite_"):
            continue                    # sqlite_sequence comes last; the others are made
        yield f"{sql};"
        table = _quoted(name)
        columns = [r[1] for r in rows(f"PRAGMA table_info({table})")]
        values = " || ',' || ".join(f"quote({_quoted(c)})" for c in columns)
        for (row,) in rows(f"SELECT {values} FROM {table}"):
            yield f"INSERT INTO {table} VALUES({row});"
    for (sql,) in rows("SELECT sql FROM sqlite_master WHERE sql NOT NULL AND "
                       "type IN ('index', 'trigger', 'view')"):
        yield f"{sql};"
    if any(name == "sqlite_sequence" for name, _ in tables):
        yield 'DELETE FROM "sqlite_sequence";'
        for (row,) in rows("SELECT quote(name) || ',' || quote(seq) FROM sqlite_sequence"):
            yield f'INSERT INTO "sqlite_sequence" VALUES({row});'
    yield "COMMIT;"


def backup(source, target, pages: int, progress: Callable | None, name: str) -> None:
    """Replace what ``target`` (a Connection) holds with a copy of ``source``'s database."""
    if target is source:
        raise ProgrammingError("target cannot be the same connection instance")
    if type(pages) is not int:
        raise ProgrammingError("pages must be an int")
    if progress is not None and not callable(progress):
        raise ProgrammingError("progress argument must be a callable")
    if ascii_lower(name) != "main":
        raise OperationalError(f"unknown database {name}")
    statements = list(iterdump(source._live_session()))
    session = target._live_session()
    if session.in_transaction:
        raise OperationalError("target is in transaction")
    keys = session.execute("PRAGMA foreign_keys").rows[0][0]
    session.execute("PRAGMA foreign_keys = OFF")
    try:
        session.execute("BEGIN")
        try:
            for kind, item in session.execute(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                    "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").rows:
                session.execute(f"DROP {ascii_upper(kind)} IF EXISTS {_quoted(item)}")
            for statement in statements[1:-1]:
                session.execute(statement)
        except BaseException:
            session.execute("ROLLBACK")
            raise
        session.execute("COMMIT")
    finally:
        session.execute(f"PRAGMA foreign_keys = {keys}")
    if progress is not None:
        progress(SQLITE_DONE, 0, len(statements) - 2)


__all__ = ["iterdump", "backup"]
