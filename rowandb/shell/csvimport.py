"""``.import [--csv] [--skip N] FILE TABLE``: CSV rows into a table, all or nothing.

As sqlite3 does it: fields are separated by ``,`` (``--csv`` or ``.mode csv``) or else by
the list-mode ``.separator``; ``"`` quotes a field (``""`` is a quote inside one); a UTF-8
byte-order mark is dropped; ``--skip N`` drops the first N rows. When TABLE does not exist
the first row names its columns and it is created with every column TEXT
(``CREATE TABLE IF NOT EXISTS "t"(\\n"a" TEXT, "b" TEXT)``); an existing table takes every
row as data. A row with too few fields is filled with NULLs and one with too many loses the
extras, each with a warning naming ``FILE:LINE``, as sqlite3 prints it.

Unlike sqlite3, which imports what it can and reports the rest, RowanDB reads and checks
the whole file first and inserts in one transaction (a savepoint when one is open): a
malformed line (an unterminated quoted field, a stray quote after a closing one) or a
failing INSERT leaves the database as it was, with an error naming ``FILE:LINE``. On a
terminal, files over a megabyte show a progress line on stderr.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from typing import Any, TextIO

PROGRESS_BYTES = 1 << 20  # show progress for files at least this big
PROGRESS_EVERY = 10_000  # rows


class ImportProblem(Exception):
    """What stops an import; the message names the file and line."""


def import_csv(connection: Any, path: str, table: str, *, separator: str = ",",
               skip: int = 0, warn: TextIO, progress: bool = False) -> str | None:
    """Import ``path`` into ``table``; return the error message, or None on success."""
    if len(separator) != 1:
        return f"the column separator for .import must be one character, not {separator!r}"
    try:
        with open(path, encoding="utf-8-sig", errors="replace", newline="") as file:
            records = list(_records(file, path, separator))[skip:]
    except OSError as exc:
        return f'cannot open "{path}": {exc.strerror or exc}'
    except ImportProblem as exc:
        return str(exc)
    big = progress and os.path.getsize(path) >= PROGRESS_BYTES
    try:
        _insert_all(connection, path, table, records, warn, big)
    except ImportProblem as exc:
        return str(exc)
    return None


def _records(file: TextIO, path: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, fields) for each CSV record."""
    reader = csv.reader(file, delimiter=separator, quotechar='"', doublequote=True,
                        strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportProblem(f"{path}:{start}: {_csv_message(exc)}") from None
        yield start, fields or [""]
        start = reader.line_num + 1


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text or "EOF" in text:
        return 'unterminated "-quoted field'
    if "expected after" in text:
        return 'unescaped " character'
    return text


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _insert_all(connection: Any, path: str, table: str, records: list, warn: TextIO,
                big: bool) -> None:
    savepoint = bool(getattr(connection, "in_transaction", False))
    _run(connection, "SAVEPOINT shell_import" if savepoint else "BEGIN")
    try:
        columns = _columns(connection, table)
        if columns is None:
            if not records:
                raise ImportProblem(f"{path}: empty file")
            _, header = records.pop(0)
            names = ", ".join(f"{_quote(name)} TEXT" for name in header)
            _run(connection, f"CREATE TABLE IF NOT EXISTS {_quote(table)}(\n{names})")
            columns = len(header)
        sql = f"INSERT INTO {_quote(table)} VALUES({','.join('?' * columns)})"
        for count, (line, fields) in enumerate(records, start=1):
            _run(connection, sql, _fit(fields, columns, f"{path}:{line}", warn), f"{path}:{line}")
            if big and count % PROGRESS_EVERY == 0:
                warn.write(f"\r{count} of {len(records)} rows imported")
        if big and records:
            warn.write(f"\r{len(records)} of {len(records)} rows imported\n")
    except BaseException:
        _run(connection, "ROLLBACK TO shell_import" if savepoint else "ROLLBACK")
        if savepoint:
            _run(connection, "RELEASE shell_import")
        raise
    _run(connection, "RELEASE shell_import" if savepoint else "COMMIT")


def _columns(connection: Any, table: str) -> int | None:
    """How many columns ``table`` has, or None when it does not exist."""
    cursor = connection.execute(f"PRAGMA table_info({_quote(table)})")
    rows = cursor.fetchall()
    return len(rows) or None


def _fit(fields: list[str], columns: int, where: str, warn: TextIO) -> list[str | None]:
    if len(fields) < columns:
        warn.write(f"{where}: expected {columns} columns but found {len(fields)}"
                   " - filling the rest with NULL\n")
        return [*fields, *([None] * (columns - len(fields)))]
    if len(fields) > columns:
        warn.write(f"{where}: expected {columns} columns but found {len(fields)}"
                   " - extras ignored\n")
        return fields[:columns]
    return list(fields)


def _run(connection: Any, sql: str, parameters: Any = (), where: str | None = None) -> None:
    try:
        connection.execute(sql, parameters)
    except Exception as exc:  # noqa: BLE001 - becomes the import's one error
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ImportProblem(f"{where}: INSERT failed: {message}" if where else message) from None
