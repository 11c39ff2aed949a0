"""What "lossless" means for ``rowandb import`` / ``rowandb export``, as one comparable value
per database: ``describe(connection)`` reads the same catalog queries through any DB-API
connection (stdlib ``sqlite3`` or RowanDB), so two databases are the same when their
descriptions are equal.

It holds ``sqlite_schema`` (type, name, table and SQL text of every object), for each table
``PRAGMA table_xinfo``, ``foreign_key_list`` and ``index_list`` and for each index
``index_xinfo``, ``sqlite_sequence`` and ``sqlite_stat1``, ``user_version`` and
``application_id``, and every cell of every table with its rowid and its ``typeof``. A REAL
is compared by its bits (``float.hex``), so -0.0 and 0.0 differ. Generated columns' cells
are left out: the target computes them again, as SQLite does on every write, and the stdlib's
SQLite 3.40 writes some REALs as text differently from SQLite 3.54, whose semantics RowanDB
follows (``substr(9007199254740992.0, 1, 2)`` is ``'9.'`` in 3.40 and ``'90'`` in 3.54).
"""

from __future__ import annotations

from typing import Any


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def exact(value: Any) -> Any:
    """A value in a form where equal means the same value and the same type."""
    if isinstance(value, float):
        return ("real", value.hex())
    return (type(value).__name__, value)


def describe(con: Any) -> dict:
    def rows(sql: str) -> list:
        return [tuple(exact(v) for v in row) for row in con.execute(sql).fetchall()]

    schema = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    found: dict = {"schema": sorted(schema, key=repr)}
    names = {name.lower() for _, name, _, _ in schema}
    for table in ("sqlite_sequence", "sqlite_stat1"):
        if table in names:
            found[table] = sorted(rows(f"SELECT * FROM {table}"), key=repr)
    for pragma in ("user_version", "application_id"):
        found[pragma] = rows(f"PRAGMA {pragma}")
    for kind, name, _, _ in schema:
        if kind == "table":
            found[f"table {name}"] = _table(con, name, rows)
        if kind == "index":
            found[f"index {name}"] = rows(f"PRAGMA index_xinfo({quote(name)})")
    return found


def _table(con: Any, name: str, rows) -> dict:
    columns = rows(f"PRAGMA table_xinfo({quote(name)})")
    shown = [quote(column[1][1]) for column in columns
             if column[6][1] not in (2, 3)]           # generated: see the module docstring
    picks = ", ".join(f"{c}, typeof({c})" for c in shown)
    taken = {column[1][1].lower() for column in columns}
    rowid = next((n for n in ("rowid", "_rowid_", "oid") if n not in taken), None)
    try:
        cells = rows(f"SELECT {rowid}, {picks} FROM {quote(name)}")
    except Exception:  # noqa: BLE001 - WITHOUT ROWID (or no name left for the rowid)
        cells = rows(f"SELECT {picks} FROM {quote(name)}")
    return {"columns": columns,
            "foreign keys": rows(f"PRAGMA foreign_key_list({quote(name)})"),
            "indexes": sorted(rows(f"PRAGMA index_list({quote(name)})"), key=repr),
            "cells": sorted(cells, key=repr)}
