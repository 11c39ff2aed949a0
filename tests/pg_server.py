"""A real PostgreSQL server for the migration tests, started from the ``pgserver`` wheel
(a test dependency, pyproject.toml) once per test session (``start_server``, behind the
``postgres_server`` and ``postgres_url`` fixtures of tests/conftest.py), a fresh database
on it for each test, and ``compare_tables``: a RowanDB database against its migrated copy,
cell by cell with types.

pgserver runs ``initdb`` and ``postgres`` in a temporary directory; as root (these
machines) it runs them as a system user ``pgserver`` that it creates, since PostgreSQL
refuses to run as root. When the server cannot start, every test that needs it fails with
the reason: a missing server must never pass for a green run.
"""

from __future__ import annotations

import decimal
import itertools
import math
import shutil
import tempfile

import psycopg
import pytest

import rowandb
from rowandb.pg.script import as_text
from rowandb.sql import transpile

_NAMES = itertools.count(1)


class PostgresServer:
    """The running server: ``new_database()`` gives the URL of an empty database."""

    def __init__(self, server) -> None:
        self.server = server
        self.url = server.get_uri()

    def new_database(self) -> str:
        import psycopg

        name = f"rowandb_test_{next(_NAMES)}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.server.get_uri(name)


def start_server():
    """Start the server (a generator for a session fixture: yields a PostgresServer, then
    stops it and removes its directory)."""
    try:
        import pgserver
        import psycopg
    except ImportError as error:
        pytest.fail(f"the PostgreSQL tests need the test extra (pip install -e '.[test]'): "
                    f"{error}")
    directory = tempfile.mkdtemp(prefix="rowandb-pg-")
    try:
        server = pgserver.get_server(directory, cleanup_mode="delete")
        psycopg.connect(server.get_uri()).close()
    except Exception as error:  # noqa: BLE001 - any reason is reported, then fails
        shutil.rmtree(directory, ignore_errors=True)
        pytest.fail(f"cannot start a PostgreSQL server from pgserver in {directory}: "
                    f"{type(error).__name__}: {error}")
    yield PostgresServer(server)
    server.cleanup()
    shutil.rmtree(directory, ignore_errors=True)


# -- comparing a RowanDB database with its migrated copy --------------------------------

def _rowan_rows(con, table: str, column_types: dict[str, str]) -> list[tuple]:
    reads = [as_text(f'"{name}"') if kind == "text" else f'"{name}"'
             for name, kind in column_types.items()]
    order = ", ".join(str(i + 1) for i in range(len(reads)))
    return con.execute(f'SELECT {", ".join(reads)} FROM "{table}" ORDER BY {order}').fetchall()


def pg_value(value):
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def typed(value):
    """A value with its Python type, so 1 and 1.0 (and b'1' and '1') differ."""
    if isinstance(value, decimal.Decimal):     # numeric: 23 was an integer, 23.0 a real
        value = int(value) if value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def compare_tables(db: str, url: str) -> int:
    """Every table cell by cell, with types; the number of rows compared."""
    con = rowandb.connect(db)
    compared = 0
    with psycopg.connect(url) as pg:
        tables = [name for (name,) in con.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'").fetchall()]
        for table in tables:
            pg_types = dict(pg.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_name = %s ORDER BY ordinal_position",
                (table.lower(),)).fetchall())
            mine = _rowan_rows(con, table, pg_types)
            names = ", ".join(transpile.pg_name(name) for name in pg_types)
            order = ", ".join(f"{i + 1} NULLS FIRST" for i in range(len(pg_types)))
            theirs = pg.execute(f"SELECT {names} FROM {transpile.pg_name(table)}"
                                f" ORDER BY {order}").fetchall()
            assert [tuple(map(typed, row)) for row in mine] == \
                [tuple(typed(pg_value(v)) for v in row) for row in theirs], table
            compared += len(mine)
    con.close()
    return compared
