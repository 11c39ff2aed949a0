"""A real PostgreSQL server for the migration tests, started from the ``pgserver`` wheel
(a test dependency, pyproject.toml) once per test session (``start_server``, behind the
session fixture of tests/test_pg_migrate.py), and a fresh database on it for each test.

pgserver runs ``initdb`` and ``postgres`` in a temporary directory; as root (these
machines) it runs them as a system user ``pgserver`` that it creates, since PostgreSQL
refuses to run as root. When the server cannot start, every test that needs it fails with
the reason: a missing server must never pass for a green run.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile

import pytest

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
