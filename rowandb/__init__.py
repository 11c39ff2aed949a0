"""RowanDB: a relational database engine in pure Python with SQLite's dialect and semantics.

A statement travels downward through four layers: ``rowandb.sql`` parses and binds the SQL
text, ``rowandb.planner`` plans, optimises and executes it, ``rowandb.catalog`` answers
questions about the schema, and ``rowandb.storage`` keeps the rows. A layer never imports a
layer above it; ``rowandb.errors`` is below them all. This package's top level is the DB-API
2.0 (PEP 249) entry point: ``rowandb.connect`` returns a ``Connection``
(rowandb/sql/dbapi/connection.py) and every name PEP 249 requires of a driver module is here.

One query, ``SELECT name, count(*) FROM t JOIN u ON t.id = u.tid WHERE t.x > ?``:
``Cursor.execute`` binds the parameters (``connection.bind_parameters``) and calls
``Session.execute``, which finds the statement in its cache (``Session._prepare``, valid
while ``Dictionary.version`` is unchanged) or parses it (``parser.parse``: ``lexer.tokenize``,
``lexer.sqlglot_text``, then sqlglot). ``Session._run`` runs it atomically in
``Session._in_statement``; ``Session._compile`` binds it once per schema version
(``Binder.bind_query`` resolves names through ``Dictionary.table`` into environment slots)
and plans it (``build.plan_select``, then the ``optimizer.RULES`` in order). The plan
compiles to nested generators (``execute.Executable``, ``NodeCompiler.node``,
``ExpressionCompiler.compile``, with SQLite value semantics from ``values``) whose scans
read ``TableFile.scan`` and ``IndexFile.range``. An INSERT is bound by
``bind_dml.bind_insert`` and run by ``dml.InsertExecutable``: ``RowWriter.place`` applies
affinity, ``RowWriter.resolve`` the uniqueness rules, and ``rows.insert_record`` writes the
record and its index entries through ``Transaction.insert_row`` and
``Transaction.insert_entry``, whose undo log lets a failed statement roll back to its
savepoint (``Transaction.rollback_to``). docs/ARCHITECTURE.md walks through every step.
"""

from rowandb.errors import (
    CorruptDatabaseError, DatabaseError, DataError, Error, IntegrityError, InterfaceError,
    InternalError, NotSupportedError, OperationalError, ProgrammingError, Warning,
)
from rowandb.version import __version__
from rowandb.sql.dbapi.connection import LEGACY_TRANSACTION_CONTROL, Connection, Cursor, connect
from rowandb.sql.dbapi.dbapi_types import (
    BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Date, DateFromTicks, Time,
    TimeFromTicks, Timestamp, TimestampFromTicks,
)
from rowandb.sql.dbapi import sqlite3_api
from rowandb.sql.dbapi.sqlite3_api import (
    PARSE_COLNAMES, PARSE_DECLTYPES, Blob, PrepareProtocol, Row, adapters,
    complete_statement, converters, enable_callback_tracebacks, register_adapter,
    register_converter, sqlite_version, sqlite_version_info,
)

apilevel = "2.0"
threadsafety = 1  # threads may share the module, not connections
paramstyle = "qmark"
version = __version__
globals().update(sqlite3_api.CONSTANTS)     # SQLITE_OK, SQLITE_DENY, SQLITE_READ, ...

__all__ = [
    "apilevel", "threadsafety", "paramstyle", "version", "connect", "Connection", "Cursor",
    "LEGACY_TRANSACTION_CONTROL",
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError",
    "CorruptDatabaseError",
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary",
    "sqlite_version", "sqlite_version_info", "PARSE_DECLTYPES", "PARSE_COLNAMES",
    "PrepareProtocol", "adapters", "converters", "register_adapter", "register_converter",
    "complete_statement", "Row", "Blob", "enable_callback_tracebacks",
    *sqlite3_api.CONSTANTS,
]
