"""``rowandb import SQLITE_FILE DATABASE``: copy an SQLite database file into a RowanDB
database, which ``rowandb.connect`` refuses to open directly (RowanDB's storage is a
directory of its own format, not SQLite's file format).

The file is read with Python's own ``sqlite3`` module, read-only, as its ``iterdump()``
writes it: each table's CREATE and rows, then indexes, triggers and views, and the
AUTOINCREMENT counters. The statements run on DATABASE (created when missing, and which
must hold no table or view yet) in one transaction with foreign keys off, as a restore
does; any failing statement rolls everything back and is reported with its text.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TextIO

USAGE = "Usage: rowandb import SQLITE_FILE DATABASE\n"


def run_import(args: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """The command: 0 on success, 1 with a message on stderr otherwise."""
    if len(args) != 2:
        stderr.write(USAGE)
        return 1
    try:
        count = import_sqlite(*args)
    except Exception as error:  # noqa: BLE001 - sqlite3's, RowanDB's, OS errors: reported
        stderr.write(f"Error: {error}\n")
        return 1
    stdout.write(f"imported {count} statements from {args[0]} into {args[1]}\n")
    return 0


def import_sqlite(source: str, database: str) -> int:
    """Copy the SQLite file ``source`` into the RowanDB database ``database``; the number
    of statements run."""
    if not Path(source).is_file():
        raise ValueError(f"no such SQLite file: {source}")
    reader = sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)
    try:
        statements = [s for s in reader.iterdump()
                      if s not in ("BEGIN TRANSACTION;", "COMMIT;")
                      and not s.startswith("PRAGMA ")]
    finally:
        reader.close()
    import rowandb

    con = rowandb.connect(database, isolation_level=None)
    try:
        _load(con, statements)
    finally:
        con.close()
    return len(statements)


def _load(con, statements: list[str]) -> None:
    if con.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view')"
                   " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'").fetchone()[0]:
        raise ValueError("the RowanDB database already holds tables: import into a new one")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("BEGIN")
    try:
        for statement in statements:
            try:
                con.execute(statement)
            except Exception as error:
                raise type(error)(f"{error} (in: {statement[:200]})") from error
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
