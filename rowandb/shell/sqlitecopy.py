"""Copying a whole database between two DB-API connections, SQLite's stdlib ``sqlite3`` on
one side and RowanDB on the other, for ``rowandb import`` (importer.py) and ``rowandb
export`` (exporter.py). The copy goes the same way in both directions, because both engines
answer the same catalog queries (``sqlite_schema``, ``PRAGMA table_xinfo``...).

What is copied, in this order, inside one transaction on the target with foreign keys off:

1. every table's CREATE statement, as ``sqlite_schema`` holds it;
2. every row, as bound parameters (never as SQL text), so each value keeps its storage
   class exactly: integers stay integers up to 2**63-1, reals keep every bit (-0.0
   included), text stays text and blobs stay blobs. Rowid tables are copied with their
   rowids (``INSERT INTO t(rowid, ...)``, through ``_rowid_`` or ``oid`` when a column takes
   the name ``rowid``), which a SQL dump would renumber. Generated columns are left to
   the target to compute;
3. the AUTOINCREMENT counters (``sqlite_sequence``) and the ANALYZE statistics
   (``sqlite_stat1``) as they were, even where a counter is ahead of the largest rowid;
4. indexes, triggers and views, in the order ``sqlite_schema`` lists them (after the rows,
   so that no trigger fires while rows are copied);
5. ``PRAGMA user_version`` and ``PRAGMA application_id``.

Rows that break a foreign key are copied as they are (foreign keys are off in SQLite unless
an application turns them on, so such files are common); a warning counts them by table.

An object the copy cannot carry over is a ``CopyError`` naming it (``table "t": ...``):
a virtual table, statistics other than ``sqlite_stat1``, or any CREATE statement the target
refuses. On a terminal, a progress line on stderr counts the rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from rowandb.shell.commands import isatty

BATCH = 2_000                 # rows fetched and inserted at a time
PROGRESS_SECONDS = 0.2        # least time between two redraws of the progress line
ROWID_NAMES = ("rowid", "_rowid_", "oid")
STATEMENT_KINDS = ("index", "trigger", "view")


class CopyError(Exception):
    """What stops a copy; the message names the object (and the file, where it helps)."""


@dataclass(frozen=True)
class SchemaObject:
    """One row of ``sqlite_schema`` that has SQL text."""

    kind: str
    name: str
    table: str
    sql: str

    @property
    def label(self) -> str:
        return f'{self.kind} "{self.name}"'


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_schema(connection: Any) -> list[SchemaObject]:
    """The objects of ``connection``'s main schema, in ``sqlite_schema``'s order; refuses
    the ones that cannot be copied, naming them."""
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema"
                              " WHERE sql IS NOT NULL").fetchall()
    objects = [SchemaObject(*row) for row in rows]
    for item in objects:
        _refuse_uncopyable(item)
    return objects


def _refuse_uncopyable(item: SchemaObject) -> None:
    lowered = item.name.lower()
    if item.kind == "table" and lowered.startswith("sqlite_"):
        if lowered not in ("sqlite_sequence", "sqlite_stat1"):
            raise CopyError(f"{item.label}: RowanDB keeps no such statistics table (only "
                            f"sqlite_stat1); DROP TABLE {item.name} first")
    elif item.kind == "table" and item.sql.upper().startswith("CREATE VIRTUAL "):
        raise CopyError(f"{item.label}: virtual tables are not supported by RowanDB")


def user_tables(objects: Iterable[SchemaObject]) -> list[SchemaObject]:
    """The tables that hold user rows (not ``sqlite_sequence`` or the statistics)."""
    return [item for item in objects
            if item.kind == "table" and not item.name.lower().startswith("sqlite_")]


def statements(objects: Iterable[SchemaObject]) -> list[SchemaObject]:
    """The indexes, triggers and views, created once the tables hold their rows."""
    return [item for item in objects if item.kind in STATEMENT_KINDS]


def create_objects(connection: Any, objects: Iterable[SchemaObject]) -> None:
    """Run each object's CREATE statement; the first failure names its object."""
    for item in objects:
        try:
            connection.execute(item.sql)
        except Exception as error:  # noqa: BLE001 - either engine's error, reported by name
            raise CopyError(f"{item.label}: {_first_line(error)}") from error


def check_schema(connection: Any, objects: list[SchemaObject]) -> None:
    """Create every object on ``connection`` (an empty scratch database): what the target
    would refuse is found before any row is read or anything is written."""
    create_objects(connection, user_tables(objects))
    create_objects(connection, statements(objects))


def copy_database(source: Any, target: Any, objects: list[SchemaObject],
                  progress: Progress | None = None) -> int:
    """Copy everything (see the module docstring) from ``source`` into ``target``, which
    is empty and in autocommit mode; the number of rows copied. On failure the target's
    transaction is rolled back and the error raised."""
    tables = user_tables(objects)
    total = sum(_count(source, item) for item in tables)
    progress = progress or Progress(None)
    progress.start(total)
    (checking,), = target.execute("PRAGMA foreign_keys").fetchall()
    target.execute("PRAGMA foreign_keys = OFF")
    try:
        target.execute("BEGIN")
        try:
            _copy_all(source, target, objects, progress)
        except BaseException:
            if target.in_transaction:        # not when the error itself ended it
                target.execute("ROLLBACK")
            raise
        target.execute("COMMIT")
    finally:
        target.execute(f"PRAGMA foreign_keys = {int(checking)}")
        progress.finish()
    _report_broken_keys(target, progress)
    return total


def _report_broken_keys(target: Any, progress: Progress) -> None:
    """Rows copied as they were but breaking a foreign key (common in SQLite files, whose
    foreign keys are off by default): a warning, with the tables, not an error."""
    broken = target.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        counts: dict[str, int] = {}
        for table, *_ in broken:
            counts[table] = counts.get(table, 0) + 1
        tables = ", ".join(f"{table} ({count})" for table, count in counts.items())
        progress.note(f"warning: {len(broken)} rows break a foreign key, as they did in the "
                      f"source: {tables}; PRAGMA foreign_key_check lists them")


def _copy_all(source: Any, target: Any, objects: list[SchemaObject],
              progress: Progress) -> None:
    tables = user_tables(objects)
    create_objects(target, tables)
    for item in tables:
        _copy_rows(source, target, item, progress)
    _copy_bookkeeping(source, target, objects)
    create_objects(target, statements(objects))
    for pragma in ("user_version", "application_id"):
        (value,), = source.execute(f"PRAGMA {pragma}").fetchall()
        target.execute(f"PRAGMA {pragma} = {int(value)}")


def _count(source: Any, item: SchemaObject) -> int:
    try:
        return source.execute(f"SELECT count(*) FROM {quote(item.name)}").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - a damaged file shows here first
        raise CopyError(f"{item.label}: {_first_line(error)}") from error


def _copy_rows(source: Any, target: Any, item: SchemaObject, progress: Progress) -> None:
    columns = [row[1] for row in source.execute(f"PRAGMA table_xinfo({quote(item.name)})")
               if row[6] not in (2, 3)]                       # 2, 3: generated columns
    rowid = _rowid_name(source, item, columns)
    names = ([rowid] if rowid else []) + [quote(name) for name in columns]
    listed = ", ".join(names)
    insert = (f"INSERT INTO {quote(item.name)}({listed}) "
              f"VALUES({', '.join('?' * len(names))})")
    try:
        cursor = source.execute(f"SELECT {listed} FROM {quote(item.name)}")
        while batch := cursor.fetchmany(BATCH):
            target.executemany(insert, batch)
            progress.advance(len(batch), item.name)
    except Exception as error:  # noqa: BLE001 - the table is named with either side's error
        raise CopyError(f"{item.label}: {_first_line(error)}") from error


def _rowid_name(source: Any, item: SchemaObject, columns: list[str]) -> str | None:
    """The name that reads the table's rowid, or None for a WITHOUT ROWID table (or one
    whose columns take all three names)."""
    taken = {name.lower() for name in columns}
    for name in ROWID_NAMES:
        if name not in taken:
            try:
                source.execute(f"SELECT {name} FROM {quote(item.name)} LIMIT 0").fetchall()
            except Exception:  # noqa: BLE001 - "no such column": WITHOUT ROWID
                return None
            return name
    return None


def _copy_bookkeeping(source: Any, target: Any, objects: list[SchemaObject]) -> None:
    names = {item.name.lower() for item in objects if item.kind == "table"}
    if "sqlite_stat1" in names:
        target.execute("ANALYZE sqlite_schema")        # creates sqlite_stat1 on the target
    for table in ("sqlite_sequence", "sqlite_stat1"):
        if table in names:
            rows = source.execute(f"SELECT * FROM {table}").fetchall()
            target.execute(f"DELETE FROM {table}")
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                target.executemany(f"INSERT INTO {table} VALUES({marks})", rows)


def run_command(args: list[str], usage: str, copy: Any, verb: str, stdout: TextIO,
                stderr: TextIO) -> int:
    """``rowandb import`` / ``export`` as commands: ``copy(FROM, TO, progress=...)``, then
    ``imported N rows from FROM into TO`` and 0, or a message on stderr and 1."""
    if len(args) != 2:
        stderr.write(usage)
        return 1
    try:
        rows = copy(*args, progress=Progress(stderr, f"{verb}ing"))
    except Exception as error:  # noqa: BLE001 - sqlite3's, RowanDB's, OS errors: reported
        stderr.write(f"Error: {error}\n")
        return 1
    except KeyboardInterrupt:       # the copy was undone on the way out, as for any error
        stderr.write("Error: interrupted\n")
        return 130
    stdout.write(f"{verb}ed {rows} rows from {args[0]} into {args[1]}\n")
    return 0


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class Progress:
    """``\\rcopying t: 120000 of 250000 rows (48%)`` on ``stream`` when it is a terminal,
    nothing otherwise; warnings (``note``) on ``stream`` either way."""

    def __init__(self, stream: TextIO | None, verb: str = "copying"):
        self.warnings = stream
        self.stream = stream if stream is not None and isatty(stream) else None
        self.verb = verb
        self.total = self.done = 0
        self.shown_at = 0.0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0

    def advance(self, rows: int, table: str) -> None:
        self.done += rows
        now = time.monotonic()
        if self.stream is None or (now - self.shown_at < PROGRESS_SECONDS
                                   and self.done < self.total):
            return
        self.shown_at = now
        share = 100 * self.done // self.total if self.total else 100
        self.stream.write(f"\r{self.verb} {table}: {self.done} of {self.total} rows "
                          f"({share}%)\x1b[K")
        self.stream.flush()

    def note(self, text: str) -> None:
        """A line for the user whether or not ``stream`` is a terminal."""
        if self.warnings is not None:
            self.warnings.write(text + "\n")

    def finish(self) -> None:
        if self.stream is not None and self.shown_at:
            self.stream.write("\n")
            self.stream.flush()
