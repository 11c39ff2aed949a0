"""The SQLAlchemy dialect: SQLAlchemy's pysqlite dialect with RowanDB's DB-API module.

RowanDB follows SQLite 3.54's SQL and answers ``sqlite_schema`` and the schema PRAGMAs as
SQLite does, so SQLAlchemy's SQLite dialect (its compiler, type map, reflection, RETURNING,
JSON, ON CONFLICT) is right for it as it stands; this class changes only what differs:

- the DB-API module is ``rowandb`` (``import rowandb as sqlite3``), and the server version
  is the SQLite whose semantics RowanDB follows;
- a URL's database is a RowanDB database directory (a path) or memory (``rowandb://``);
- the pool: a database directory gets a QueuePool, memory a SingletonThreadPool (each
  ``rowandb.connect(":memory:")`` is a database of its own), as pysqlite's files and memory.

What it inherits works because RowanDB matches SQLite there: ``regexp`` and ``floor`` are
added with ``create_function`` (``x REGEXP y`` calls it); the isolation levels are
``SERIALIZABLE`` and ``READ UNCOMMITTED`` (``PRAGMA read_uncommitted``, which, as in
SQLite without a shared cache, changes nothing) and ``AUTOCOMMIT`` (``isolation_level =
None``); RETURNING, ON CONFLICT, JSON and the reflection queries (``sqlite_schema``,
``PRAGMA table_xinfo``, ``index_list``, ``index_xinfo``, ``foreign_key_list``) are
SQLite's.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL


class RowanDialect(SQLiteDialect_pysqlite):
    """``rowandb://`` URLs: SQLAlchemy's SQLite dialect over ``rowandb``'s DB-API."""

    name = "sqlite"
    driver = "rowandb"
    supports_statement_cache = True

    @classmethod
    def import_dbapi(cls) -> Any:
        import rowandb
        return rowandb

    def _get_server_version_info(self, connection: Any) -> tuple[int, ...]:
        return self.dbapi.sqlite_version_info

    def retrieve_dbapi_version(self, dbapi: Any) -> Any:
        from sqlalchemy import util
        return util.VersionInfo(tuple(int(p) for p in dbapi.__version__.split(".")[:3]))

    @classmethod
    def _is_url_file_db(cls, url: URL) -> bool:
        return bool(url.database) and url.database != ":memory:"


dialect = RowanDialect
