"""``rowandb import SQLITE_FILE DATABASE``: copy an SQLite database file into a RowanDB
database, which ``rowandb.connect`` refuses to open directly (RowanDB's storage is a
directory of its own format, not SQLite's file format).

The file is opened read-only with Python's own ``sqlite3`` module and checked before
anything is written: its header, ``PRAGMA quick_check`` (a damaged file is an error naming
it, with quick_check's first findings), and every table, index, trigger and view created
first in a scratch ``:memory:`` RowanDB database, so that a feature RowanDB lacks stops the
import with the object's name.
Then sqlitecopy.py copies schema, rows (exact storage classes, rowids), AUTOINCREMENT
counters, statistics, ``user_version`` and ``application_id`` in one transaction.

A DATABASE that does not exist is built under a temporary name beside it and renamed into
place only when complete, so a failed import leaves nothing behind; an existing RowanDB
database must hold no table or view yet, and a failure rolls it back to how it was. The
shell's ``.import --sqlite FILE`` (``import_into``) copies into the open database the same
way, under the same condition.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from rowandb.shell.sqlitecopy import (CopyError, Progress, check_schema, copy_database,
                                      read_schema, run_command)

USAGE = "Usage: rowandb import SQLITE_FILE DATABASE\n"
SQLITE_HEADER = b"SQLite format 3\x00"


def run_import(args: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """The command: 0 on success, 1 with a message on stderr otherwise."""
    return run_command(args, USAGE, import_sqlite, "import", stdout, stderr)


def import_sqlite(source: str, database: str, progress: Progress | None = None) -> int:
    """Copy the SQLite file ``source`` into the RowanDB database ``database``; the number
    of rows copied."""
    return _import(source, lambda: _target(database), progress)


def import_into(source: str, connection: Any, progress: Progress | None = None) -> int:
    """Copy the SQLite file ``source`` into the open, empty database ``connection`` (the
    shell's ``.import --sqlite FILE``); the number of rows copied."""
    @contextlib.contextmanager
    def target() -> Iterator[Any]:
        if connection.in_transaction:   # foreign keys cannot be switched off inside one
            raise CopyError("cannot import an SQLite file inside a transaction: "
                            "COMMIT or ROLLBACK first")
        _require_empty(connection)
        yield connection
    return _import(source, target, progress)


def _import(source: str, target: Any, progress: Progress | None) -> int:
    """Check ``source`` and its schema, then copy it into the connection ``target()``
    yields (a context manager: it decides what becomes of the copy)."""
    reader = open_sqlite(source)
    try:
        objects = _checked(source, lambda: read_schema(reader))
        import rowandb

        scratch = rowandb.connect(":memory:", isolation_level=None)
        try:
            check_schema(scratch, objects)
        finally:
            scratch.close()
        with target() as con:
            return _checked(source, lambda: copy_database(reader, con, objects, progress))
    finally:
        reader.close()


def open_sqlite(path: str) -> sqlite3.Connection:
    """``path`` opened read-only, after checking that it is an undamaged SQLite file."""
    file = Path(path)
    if not file.is_file():
        raise CopyError(f"no such SQLite file: {path}")
    with open(file, "rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise CopyError(f"{path}: file is not a database")
    reader = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        verdict = _checked(path, lambda: reader.execute("PRAGMA quick_check").fetchall())
        if verdict != [("ok",)]:
            lines = " / ".join(str(row[0]).replace("\n", " / ") for row in verdict[:3])
            raise CopyError(f"{path}: PRAGMA quick_check finds it damaged: {lines}")
    except BaseException:
        reader.close()
        raise
    return reader


def _checked(path: str, action: Any) -> Any:
    """``action()``, with an error of the SQLite file itself naming the file."""
    try:
        return action()
    except sqlite3.DatabaseError as error:
        raise CopyError(f"{path}: {error}") from error
    except CopyError as error:
        if isinstance(error.__cause__, sqlite3.DatabaseError):
            raise CopyError(f"{path}: {error}") from error
        raise


@contextlib.contextmanager
def _target(database: str) -> Iterator[Any]:
    """A connection to where the rows go: the existing (empty) database itself, or a
    temporary one renamed to ``database`` once the block ends without error."""
    import rowandb

    path = Path(database)
    if database == ":memory:" or path.is_dir():
        con = rowandb.connect(database, isolation_level=None)
        try:
            _require_empty(con)
            yield con
        finally:
            con.close()
        return
    if path.exists():
        raise CopyError(f"{database} is a file, not a RowanDB database (a directory)")
    parent = path.resolve().parent
    if not parent.is_dir():
        raise CopyError(f"no such directory: {parent}")
    building = tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".importing", dir=parent)
    try:
        con = rowandb.connect(building, isolation_level=None)
        try:
            yield con
        finally:
            con.close()
        os.rename(building, path)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _require_empty(con: Any) -> None:
    if con.execute("SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'view')"
                   " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'").fetchone()[0]:
        raise CopyError("the RowanDB database already holds tables: import into a new one")
