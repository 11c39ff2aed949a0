"""RowanDB: a relational database engine in pure Python with SQLite's dialect and semantics.

A statement travels downward through four layers: ``rowandb.sql`` parses and binds the SQL
text, ``rowandb.planner`` plans, optimises and executes it, ``rowandb.catalog`` answers
questions about the schema, and ``rowandb.storage`` keeps the rows and the redo log.
This package's top level is the DB-API 2.0 (PEP 249) entry point: ``rowandb.connect``
returns a ``Connection`` (rowandb/sql/connection.py) and every name PEP 249 requires of a
driver module is defined here.

TODO(lead): extend this docstring with the walk-through of one statement through every
layer, naming the real functions.
"""

from rowandb.errors import (
    CorruptDatabaseError, DatabaseError, DataError, Error, IntegrityError, InterfaceError,
    InternalError, NotSupportedError, OperationalError, ProgrammingError, Warning,
)
from rowandb.sql.connection import LEGACY_TRANSACTION_CONTROL, Connection, Cursor, connect
from rowandb.sql.dbapi_types import (
    BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Date, DateFromTicks, Time,
    TimeFromTicks, Timestamp, TimestampFromTicks,
)

apilevel = "2.0"
threadsafety = 1  # threads may share the module, not connections
paramstyle = "qmark"
version = "0.1.0"
__version__ = version

__all__ = [
    "apilevel", "threadsafety", "paramstyle", "version", "connect", "Connection", "Cursor",
    "LEGACY_TRANSACTION_CONTROL",
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError",
    "CorruptDatabaseError",
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary",
]
