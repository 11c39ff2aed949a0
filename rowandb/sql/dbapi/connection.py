"""The DB-API 2.0 (PEP 249) face of RowanDB: ``connect``, ``Connection`` and ``Cursor``.

This module turns a ``Session`` (rowandb/sql/session.py: one connection's view of the
database, running one statement at a time) into the interface Python programs expect:

* transaction control modelled on Python's ``sqlite3`` -- an implicit ``BEGIN`` before
  data-changing statements in the default "legacy" mode, ``isolation_level=None`` for
  autocommit, and the Python 3.12 ``autocommit`` attribute;
* parameter binding (``?``, ``?NNN``, ``:name``, ``@name``, ``$name``, ``#name``) and adaptation of
  Python values to SQLite's five storage classes;
* cursors holding one fully-materialised result set.

Where PEP 249 and ``sqlite3`` disagree, PEP 249 wins; docs/DBAPI.md lists every difference.
The Connection only relies on the Session contract, so it runs on any object honouring it
(the tests run it on an apsw-backed double as well as on the real engine).
"""

from __future__ import annotations

import datetime
import os
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Callable

from rowandb import errors
from rowandb.errors import DataError, ProgrammingError
from rowandb.planner.types.values import SURROGATE, has_surrogate
from rowandb.sql.dbapi.connection_callbacks import CallbackMethods
from rowandb.sql.dbapi.conversions import converted, open_target, result_converters
from rowandb.sql.dbapi.sqlite3_api import adapted
from rowandb.catalog.ascii_case import ascii_upper

__all__ = ["LEGACY_TRANSACTION_CONTROL", "Connection", "Cursor", "connect"]

LEGACY_TRANSACTION_CONTROL = -1
"""``autocommit`` value selecting sqlite3's pre-3.12 transaction control (the default)."""

ISOLATION_LEVELS = ("", "DEFERRED", "IMMEDIATE", "EXCLUSIVE")
DML_KINDS = frozenset({"insert", "update", "delete", "replace"})
# Statements that open a transaction implicitly in legacy mode. sqlite3 (since Python 3.6)
# leaves DDL out; RowanDB includes it because PEP 249 wants autocommit off and RowanDB's
# DDL is transactional (see docs/DBAPI.md).
IMPLICIT_BEGIN_KINDS = DML_KINDS | {"ddl"}

CLOSED_DATABASE = "Cannot operate on a closed database."
CLOSED_CURSOR = "Cannot operate on a closed cursor."
NO_RESULT_SET = "No result set to fetch from: the last execute() did not run a query."

_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1


def connect(database: str | os.PathLike, timeout: float = 5.0, detect_types: int = 0,
            isolation_level: str | None = "", check_same_thread: bool = True,
            factory: Callable[..., Connection] | None = None, cached_statements: int = 128,
            uri: bool = False, *, autocommit: bool | int = LEGACY_TRANSACTION_CONTROL,
            file_id_bits: int = 32, **options: Any) -> Connection:
    """Open ``database`` (``':memory:'``, a path, or with ``uri`` a ``file:`` URI) and
    return a DB-API connection, taking sqlite3's arguments in sqlite3's order.

    ``timeout``, ``file_id_bits`` and any other keyword go to the engine's ``open_session``;
    ``detect_types``, ``isolation_level``, ``autocommit`` and ``check_same_thread`` shape
    the Connection, which ``factory`` (a Connection subclass) builds from the Session.
    """
    isolation_level = _checked_isolation_level(isolation_level)
    autocommit = _checked_autocommit(autocommit)
    if type(cached_statements) is not int or cached_statements < 0:
        raise ProgrammingError("cached_statements must be a non-negative int")
    database, read_only = open_target(database, uri)
    session = _open_session(database, timeout=timeout, file_id_bits=file_id_bits, **options)
    try:
        session.cache_size = cached_statements
        if read_only:
            session.execute("PRAGMA query_only = 1")
        return (factory or Connection)(
            session, isolation_level=isolation_level, autocommit=autocommit,
            check_same_thread=check_same_thread, detect_types=detect_types)
    except BaseException:
        session.close()
        raise


def _open_session(database: str, **options: Any):
    """Open the engine's Session. Imported here so ``import rowandb`` stays light."""
    from rowandb.sql.session import open_session
    return open_session(database, **options)


def _checked_isolation_level(level: str | None) -> str | None:
    if level is None:
        return None
    if not isinstance(level, str):
        raise ProgrammingError("isolation_level must be str or None")
    upper = ascii_upper(level)
    if upper not in ISOLATION_LEVELS:
        raise ProgrammingError(
            "isolation_level string must be '', 'DEFERRED', 'IMMEDIATE', or 'EXCLUSIVE'")
    return upper


def _checked_autocommit(value: bool | int) -> bool | int:
    if value is True or value is False:
        return value
    if type(value) is int and value == LEGACY_TRANSACTION_CONTROL:
        return value
    raise ProgrammingError(
        "autocommit must be True, False, or rowandb.LEGACY_TRANSACTION_CONTROL")


class Connection(CallbackMethods):
    """A DB-API 2.0 connection on one Session. ``Connection(session, **options)``."""

    Warning = errors.Warning
    Error = errors.Error
    InterfaceError = errors.InterfaceError
    DatabaseError = errors.DatabaseError
    DataError = errors.DataError
    OperationalError = errors.OperationalError
    IntegrityError = errors.IntegrityError
    InternalError = errors.InternalError
    ProgrammingError = errors.ProgrammingError
    NotSupportedError = errors.NotSupportedError

    def __init__(self, session, *, isolation_level: str | None = "",
                 autocommit: bool | int = LEGACY_TRANSACTION_CONTROL,
                 check_same_thread: bool = True, detect_types: int = 0):
        if type(detect_types) is not int or detect_types < 0:
            raise ProgrammingError("detect_types must be a non-negative int")
        self._session = session
        self.detect_types = detect_types
        self.text_factory: Callable[[bytes], Any] = str
        self._isolation_level = _checked_isolation_level(isolation_level)
        self._autocommit = _checked_autocommit(autocommit)
        self._check_same_thread = check_same_thread
        self._thread_id = threading.get_ident()
        self.row_factory: Callable[[Cursor, tuple], Any] | None = None
        # the session's fast path for cached point reads (sql/fast_read.py), if it has one
        self._fast_read = getattr(session, "fast_read", None)
        self._descriptions: dict = {}       # result column names -> description
        self._fast_reads = 0                # executions that took that path
        if self._autocommit is False:
            session.execute("BEGIN")

    # -- state -------------------------------------------------------------------------

    def _live_session(self):
        """The session, after checking the calling thread and that the connection is open."""
        if self._check_same_thread and threading.get_ident() != self._thread_id:
            raise ProgrammingError(
                "RowanDB objects created in a thread can only be used in that same thread. "
                f"The object was created in thread id {self._thread_id} and this is "
                f"thread id {threading.get_ident()}.")
        if self._session is None:
            raise ProgrammingError(CLOSED_DATABASE)
        return self._session

    @property
    def in_transaction(self) -> bool:
        """True while a transaction (explicit or implicit) is open."""
        return self._live_session().in_transaction

    @property
    def total_changes(self) -> int:
        """Rows changed by INSERT/UPDATE/DELETE/REPLACE since the connection opened."""
        return self._live_session().total_changes

    @property
    def isolation_level(self) -> str | None:
        """Legacy mode's implicit ``BEGIN`` flavour; None means autocommit."""
        self._live_session()
        return self._isolation_level

    @isolation_level.setter
    def isolation_level(self, value: str | None) -> None:
        level = _checked_isolation_level(value)
        session = self._live_session()
        if level is None and self._legacy and session.in_transaction:
            session.execute("COMMIT")
        self._isolation_level = level

    @property
    def autocommit(self) -> bool | int:
        """True, False or LEGACY_TRANSACTION_CONTROL, as Python 3.12's sqlite3."""
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value: bool | int) -> None:
        value = _checked_autocommit(value)
        session = self._live_session()
        self._autocommit = value
        if value is True and session.in_transaction:
            session.execute("COMMIT")
        elif value is False and not session.in_transaction:
            session.execute("BEGIN")

    @property
    def _legacy(self) -> bool:
        return self._autocommit is not True and self._autocommit is not False

    def _begin_implicitly(self, session, kind: str) -> None:
        """Legacy mode: open a transaction before a data- or schema-changing statement."""
        if (self._legacy and self._isolation_level is not None
                and kind in IMPLICIT_BEGIN_KINDS and not session.in_transaction):
            session.execute(f"BEGIN {self._isolation_level}".rstrip())

    def _description_of(self, names: tuple) -> tuple:
        """The cursor description of a result with columns ``names``, built once."""
        description = self._descriptions.get(names)
        if description is None:
            if len(self._descriptions) >= 256:
                self._descriptions.clear()
            description = self._descriptions[names] = tuple(
                (name, None, None, None, None, None, None) for name in names)
        return description

    # -- transactions ------------------------------------------------------------------

    def commit(self) -> None:
        """Commit the open transaction (with autocommit False, then open a new one)."""
        self._end_transaction("COMMIT")

    def rollback(self) -> None:
        """Roll back the open transaction (with autocommit False, then open a new one)."""
        self._end_transaction("ROLLBACK")

    def _end_transaction(self, statement: str) -> None:
        session = self._live_session()
        if self._autocommit is True:
            return
        if session.in_transaction:
            session.execute(statement)
        if self._autocommit is False:
            session.execute("BEGIN")

    def close(self) -> None:
        """Roll back any open transaction and release the session. A second close raises,
        and so does closing from a callback while one of the connection's statements runs
        (the callback's error then ends that statement)."""
        session = self._live_session()
        if getattr(session, "progress", None) is not None and session.progress.active:
            raise ProgrammingError("Cannot close the connection while one of its statements "
                                   "is running.")
        self._session = self._fast_read = None     # let the closed session go
        try:
            if session.in_transaction:
                session.execute("ROLLBACK")
        finally:
            session.close()

    def __enter__(self) -> Connection:
        self._live_session()
        return self

    def __exit__(self, exc_type, exc_value, traceback) -> bool:
        """Commit on success, roll back on an exception; never closes the connection."""
        session = self._live_session()
        if self._autocommit is True or not session.in_transaction:
            return False
        if exc_type is not None:
            self.rollback()
            return False
        try:
            self.commit()
        except BaseException:
            if self._session is not None and self._session.in_transaction:
                self.rollback()
            raise
        return False

    # -- cursors and shortcuts ---------------------------------------------------------

    def cursor(self, factory: Callable[[Connection], Cursor] | None = None) -> Cursor:
        """A new cursor on this connection (``factory`` may build a Cursor subclass)."""
        self._live_session()
        return (factory or Cursor)(self)

    def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        """Shortcut: a new cursor, on which ``execute`` was called."""
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any]) -> Cursor:
        """Shortcut: a new cursor, on which ``executemany`` was called."""
        return self.cursor().executemany(sql, seq_of_parameters)

    def executescript(self, script: str) -> Cursor:
        """Shortcut: a new cursor, on which ``executescript`` was called."""
        return self.cursor().executescript(script)


class Cursor:
    """A DB-API 2.0 cursor: runs statements and hands out the rows of the last query."""

    def __init__(self, connection: Connection):
        self._connection = connection
        self.arraysize = 1
        self.row_factory = connection.row_factory
        self._closed = False
        self._lastrowid: int | None = None
        self._clear_result()

    def _clear_result(self) -> None:
        self._description: tuple | None = None
        self._rows: list[tuple] | None = None
        self._converters: list | None = None      # per column: converter or None
        self._position = 0
        self._rowcount = -1

    def _live_session(self):
        if self._closed:
            raise ProgrammingError(CLOSED_CURSOR)
        return self._connection._live_session()

    # -- attributes --------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        return self._connection

    @property
    def description(self) -> tuple | None:
        """One ``(name, None, None, None, None, None, None)`` per result column, or None."""
        return self._description

    @property
    def rowcount(self) -> int:
        """Rows changed by the last INSERT/UPDATE/DELETE/REPLACE (summed by executemany),
        -1 after anything else."""
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:
        """Rowid of the last row inserted by ``execute``; None until a row is inserted."""
        return self._lastrowid

    # -- execution ---------------------------------------------------------------------

    def _statement_info(self, session, sql: str, method: str):
        """Parse ``sql``; None for text with no statement, ProgrammingError for several."""
        if not isinstance(sql, str):
            raise ProgrammingError(
                f"{method}() argument 1 must be str, not {type(sql).__name__}")
        check_sql_text(sql)
        check_sql_length(session, sql)
        info = session.statement_info(sql)
        if info.statement_count > 1:
            raise ProgrammingError("You can only execute one statement at a time.")
        return info if info.statement_count == 1 else None

    def execute(self, sql: str, parameters: Any = ()) -> Cursor:
        """Run exactly one statement with ``parameters`` (a sequence or a mapping)."""
        if self._closed:
            raise ProgrammingError(CLOSED_CURSOR)
        connection = self._connection
        session = connection._live_session()
        fast = connection._fast_read
        if fast is not None and type(sql) is str and type(parameters) is tuple \
                and not connection.detect_types:
            found = fast(sql, parameters)
            if found is not None:       # a cached point read: nothing else to decide
                connection._fast_reads += 1
                self._description = connection._descriptions.get(found[0]) or \
                    connection._description_of(found[0])
                self._rows, self._converters, self._position = found[1], None, 0
                self._rowcount = -1
                return self
        self._clear_result()
        info = self._statement_info(session, sql, "execute")
        if info is None:
            return self
        values = bound_values(session, sql, info, parameters)
        self._connection._begin_implicitly(session, info.kind)
        result = session.execute(sql, values)
        if result.columns is not None:
            names, self._converters = result_converters(
                self._connection.detect_types, result.columns,
                getattr(result, "decltypes", None))
            self._description = tuple((name, None, None, None, None, None, None)
                                      for name in names)
            self._rows = result.rows
        self._rowcount = result.rowcount
        if result.lastrowid is not None:
            self._lastrowid = result.lastrowid
        return self

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any]) -> Cursor:
        """Run one INSERT/UPDATE/DELETE/REPLACE once per parameter set; rowcount is the sum."""
        session = self._live_session()
        self._clear_result()
        info = self._statement_info(session, sql, "executemany")
        if info is None:
            return self
        if info.kind not in DML_KINDS:
            session.prepare_errors(sql)         # sqlite3 prepares the statement first
            raise ProgrammingError("executemany() can only execute DML statements.")
        try:
            parameter_sets = iter(seq_of_parameters)
        except TypeError:
            raise ProgrammingError(
                "executemany() expects an iterable of parameter sets") from None
        self._connection._begin_implicitly(session, info.kind)
        if type(seq_of_parameters) is list or type(seq_of_parameters) is tuple:
            parameter_sets = seq_of_parameters      # sql/dbapi/batching.py slices it in chunks
        self._rowcount = session.execute_many(
            sql, parameter_sets, lambda parameters: bound_values(session, sql, info, parameters))
        return self

    def executescript(self, script: str) -> Cursor:
        """Run every statement of ``script`` without parameters or implicit transactions.

        In legacy mode a pending transaction is committed first, as sqlite3 does.
        """
        session = self._live_session()
        self._clear_result()
        if not isinstance(script, str):
            raise ProgrammingError(
                f"executescript() argument 1 must be str, not {type(script).__name__}")
        check_sql_text(script)
        check_sql_length(session, script)
        if self._connection._legacy and session.in_transaction:
            session.execute("COMMIT")
        from rowandb.sql.statement_text import NUL_IN_TEXT, before_nul, runs_before_nul
        statements = session.split_script(before_nul(script))
        refused = "\x00" in script and not runs_before_nul(script)
        for k, statement in enumerate(statements):
            if k == len(statements) - 1 and refused:
                session.refuse_nul(statement + "\x00")     # prepared, not run
            session.execute(statement)
        if "\x00" in script:
            raise ProgrammingError(NUL_IN_TEXT)
        return self

    # -- fetching ----------------------------------------------------------------------

    def _result_rows(self) -> list[tuple]:
        self._live_session()
        if self._rows is None:
            raise ProgrammingError(NO_RESULT_SET)
        return self._rows

    def _shaped(self, rows: list[tuple]) -> list:
        text_factory = self._connection.text_factory
        if self._converters is not None or text_factory is not str:
            rows = [converted(row, self._converters, text_factory) for row in rows]
        if self.row_factory is None:
            return rows
        return [self.row_factory(self, row) for row in rows]

    def fetchone(self) -> Any:
        """The next row, or None when the result set is exhausted."""
        if self._closed:
            raise ProgrammingError(CLOSED_CURSOR)
        connection = self._connection
        connection._live_session()
        rows = self._rows
        if rows is None:
            raise ProgrammingError(NO_RESULT_SET)
        position = self._position
        if position >= len(rows):
            return None
        self._position = position + 1
        if self._converters is None and self.row_factory is None \
                and connection.text_factory is str:
            return rows[position]       # what _shaped would give, without its lists
        return self._shaped(rows[position:position + 1])[0]

    def fetchmany(self, size: int | None = None) -> list:
        """Up to ``size`` (default ``arraysize``) next rows; empty when exhausted."""
        rows = self._result_rows()
        size = self.arraysize if size is None else size
        if size < 0:
            raise ProgrammingError("fetchmany() size must not be negative")
        start = self._position
        self._position = min(start + size, len(rows))
        return self._shaped(rows[start:self._position])

    def fetchall(self) -> list:
        """All remaining rows."""
        rows = self._result_rows()
        start, self._position = self._position, len(rows)
        return self._shaped(rows[start:])

    def __iter__(self) -> Cursor:
        return self

    def __next__(self) -> Any:
        rows = self._result_rows()
        if self._position >= len(rows):
            raise StopIteration
        return self.fetchone()

    # -- the rest of PEP 249 -----------------------------------------------------------

    def close(self) -> None:
        """Close the cursor; any later use (a second close included) raises. Its rows are
        let go; ``description``, ``rowcount`` and ``lastrowid`` stay readable, as in
        sqlite3 (SQLAlchemy reads an executemany's rowcount after closing the cursor)."""
        self._live_session()
        self._closed = True
        self._rows, self._converters, self._position = None, None, 0

    def setinputsizes(self, sizes: Any) -> None:
        """Accepted and ignored: RowanDB needs no size hints."""

    def setoutputsize(self, size: int, column: int | None = None) -> None:
        """Accepted and ignored: values are never truncated."""


# -- parameters ----------------------------------------------------------------------

def bound_values(session, sql: str, info, parameters: Any) -> tuple:
    """``bind_parameters``; when the values do not bind, the error of preparing ``sql``
    comes first, as sqlite3 prepares a statement before it binds (ddl_params.py)."""
    try:
        return bind_parameters(info, parameters)
    except errors.Error:
        session.prepare_errors(sql)
        raise


def bind_parameters(info, parameters: Any) -> tuple:
    """The statement's parameter values, one per slot, adapted to storage classes.

    A mapping binds named slots by name (without prefix); a sequence binds nameless slots
    (``?``, ``?NNN``) by position. ``None`` means no parameters.
    """
    kind = type(parameters)
    if (kind is tuple or kind is list) and len(parameters) == info.param_count \
            and not any(info.param_names):
        plain = _plain_values(parameters)
        if plain is not None:
            return plain
    if parameters is None:
        parameters = ()
    if isinstance(parameters, Mapping):
        return _bind_named(info, parameters)
    if (isinstance(parameters, (str, bytes, bytearray, memoryview))
            or not (hasattr(parameters, "__len__") and hasattr(parameters, "__getitem__"))):
        raise ProgrammingError("parameters are of unsupported type")
    return _bind_positional(info, parameters)


def _plain_values(parameters) -> tuple | None:
    """``parameters`` as a tuple when every value is already a storage class that needs
    no adapting (the common case, decided from the set of types); else None."""
    kinds = set(map(type, parameters))
    if not kinds <= _PLAIN_TYPES:
        return None
    if int in kinds:
        ints = [v for v in parameters if type(v) is int]
        if min(ints) < _INT64_MIN or max(ints) > _INT64_MAX:
            return None                 # adapt_value says which and how
    if float in kinds and any(v != v for v in parameters if type(v) is float):
        return None                     # NaN: adapt_value binds NULL
    if str in kinds and any(has_surrogate(v) for v in parameters if type(v) is str):
        return None                     # adapt_value refuses a lone surrogate
    return tuple(parameters)


def _bind_positional(info, parameters) -> tuple:
    # The count first, then the names, as CPython's bind_parameters checks them.
    if len(parameters) != info.param_count:
        raise ProgrammingError(
            "Incorrect number of bindings supplied. The current statement uses "
            f"{info.param_count}, and there are {len(parameters)} supplied.")
    for index, name in enumerate(info.param_names, 1):
        if name is not None:
            raise ProgrammingError(
                f"Binding {index} ('{name}') is a named parameter, but you supplied a "
                "sequence which requires nameless (qmark) placeholders.")
    return tuple(adapt_value(parameters[i], i + 1) for i in range(info.param_count))


def _bind_named(info, parameters: Mapping) -> tuple:
    values = []
    for index, name in enumerate(info.param_names, 1):
        if name is None:
            raise ProgrammingError(
                f"Binding {index} has no name, but you supplied a dictionary "
                "(which has only names).")
        try:
            value = parameters[name]
        except KeyError:
            raise ProgrammingError(
                f"You did not supply a value for binding parameter :{name}.") from None
        values.append(adapt_value(value, index))
    return tuple(values)


_PLAIN_TYPES = frozenset((type(None), int, float, str, bytes))


# A str holding a lone surrogate has no UTF-8 form, so it is no SQLite TEXT; inside the
# engine, surrogates stand for the bytes of TEXT that is not valid UTF-8 (values.py).
def _surrogate_message(text: str) -> str:
    where = SURROGATE.search(text).start()
    return (f"string is not valid UTF-8: lone surrogate {text[where]!r} at position "
            f"{where}")


def check_sql_text(sql: str) -> None:
    """SQL text must have a UTF-8 form: ProgrammingError for a lone surrogate."""
    if has_surrogate(sql):
        raise ProgrammingError(f"SQL text {_surrogate_message(sql)}")


def check_sql_length(session, sql: str) -> None:
    """SQL text longer in UTF-8 than the connection's SQLITE_LIMIT_SQL_LENGTH is
    DataError, as sqlite3 checks it before SQLite does."""
    limit = session.limits.sql_length if hasattr(session, "limits") else None
    if limit is not None and len(sql) > limit // 4 and \
            len(sql.encode("utf-8", "surrogatepass")) > limit:
        raise DataError("query string is too large")


def adapt_value(value: Any, index: int) -> Any:
    """``value`` as one of None, int, float, str, bytes -- or ProgrammingError/DataError.
    A registered adapter or the value's ``__conform__`` is applied first (sqlite3_api)."""
    kind = type(value)
    if kind not in _PLAIN_TYPES:
        try:
            value = adapted(value)
        except Exception as error:
            raise ProgrammingError(f"Error binding parameter {index}: adapting a "
                                   f"{kind.__name__} raised {error!r}") from error
        kind = type(value)
    if value is None or kind is bytes:
        return value
    if isinstance(value, int):
        number = int(value)
        if not _INT64_MIN <= number <= _INT64_MAX:
            raise DataError("Python int too large to convert to SQLite INTEGER")
        return number
    if isinstance(value, float):
        # SQLite binds a NaN as NULL (sqlite3_bind_double): a REAL is never NaN.
        return float(value) if value == value else None
    if isinstance(value, str):
        if has_surrogate(value):
            raise DataError(f"Error binding parameter {index}: {_surrogate_message(value)}")
        return str.__str__(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat(" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise ProgrammingError(
        f"Error binding parameter {index}: type '{kind.__name__}' is not supported")
