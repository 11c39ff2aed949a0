"""``rowandb export DATABASE SQLITE_FILE``: write a RowanDB database out as an SQLite file,
the way back for ``rowandb import`` (importer.py).

Python's own ``sqlite3`` module writes the file; sqlitecopy.py copies schema, rows (exact
storage classes, rowids), AUTOINCREMENT counters, statistics, ``user_version`` and
``application_id`` in one transaction. The file is written under a temporary name beside
SQLITE_FILE, synced, and renamed into place only when complete: a failure (an object the
installed SQLite refuses, named in the error; a full disk) leaves SQLITE_FILE as it was.
An existing non-empty SQLITE_FILE is refused rather than overwritten.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from rowandb.shell.sqlitecopy import CopyError, Progress, copy_database, read_schema, run_command

USAGE = "Usage: rowandb export DATABASE SQLITE_FILE\n"


def run_export(args: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """The command: 0 on success, 1 with a message on stderr otherwise."""
    return run_command(args, USAGE, export_sqlite, "export", stdout, stderr)


def export_sqlite(database: str, target: str, progress: Progress | None = None) -> int:
    """Copy the RowanDB database ``database`` into the new SQLite file ``target``; the
    number of rows copied."""
    source = Path(database)
    if source.is_file():
        raise CopyError(f"{database} is a file, not a RowanDB database (a directory); "
                        "to copy an SQLite file into RowanDB use rowandb import")
    if not source.is_dir():
        raise CopyError(f"no such RowanDB database: {database}")
    destination = Path(target)
    if destination.is_dir() or (destination.exists() and destination.stat().st_size):
        raise CopyError(f"{target} already exists: export into a new file")
    import rowandb

    reader = rowandb.connect(database, isolation_level=None)
    try:
        objects = read_schema(reader)
        with _new_file(destination) as writer:
            return copy_database(reader, writer, objects, progress)
    finally:
        reader.close()


@contextlib.contextmanager
def _new_file(destination: Path) -> Iterator[sqlite3.Connection]:
    """An SQLite connection to a temporary file beside ``destination``, renamed to it when
    the block ends without error and removed otherwise."""
    parent = destination.resolve().parent
    if not parent.is_dir():
        raise CopyError(f"no such directory: {parent}")
    building = parent / f".{destination.name}.{os.getpid()}-{secrets.token_hex(4)}.exporting"
    try:
        writer = sqlite3.connect(building, isolation_level=None)
        try:
            writer.execute("PRAGMA synchronous = OFF")   # synced once, below, before the rename
            yield writer
        finally:
            writer.close()
        with open(building, "rb+") as file:
            os.fsync(file.fileno())
        os.replace(building, destination)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(building)
        raise
