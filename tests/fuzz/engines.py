"""The two engines behind one DB-API, and a statement's outcome as plain data.

RowanDB is ``rowandb.connect(":memory:", autocommit=True)``; SQLite is the same
``rowandb.Connection`` class wrapped around tests/apsw_session.py's ``ApswSession`` (SQLite
3.54 through apsw, ``PRAGMA foreign_keys=ON``, errors mapped to the PEP 249 classes Python's
sqlite3 uses). Both run in SQL-level autocommit, so BEGIN/COMMIT/SAVEPOINT in a script mean
what they say and nothing is implicit. Using one Connection class on both sides means any
difference comes from the engines, not from two DB-API layers.

``Engine.run`` never raises: it returns an ``Outcome`` -- ``ok`` (columns, rows, rowcount),
``error`` (PEP 249 class name and message), ``crash`` (a Python exception that is not a PEP
249 error escaped: always a RowanDB bug), ``timeout`` (the statement ran longer than the
limit: runaway work -- RowanDB's is a finding; SQLite's, a statement SQLite too runs for
ages, makes the case incomparable), or ``undecodable`` (SQLite produced text that is not
valid UTF-8, which apsw cannot hand to Python; the case cannot continue).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import traceback
from dataclasses import dataclass

import rowandb
from rowandb import errors

try:  # under pytest tests/ is on sys.path; under ``python -m tests.fuzz`` it is a package
    from apsw_session import ApswSession
except ImportError:  # pragma: no cover - depends on how the fuzzer was started
    from tests.apsw_session import ApswSession

PEP249 = ("NotSupportedError", "IntegrityError", "ProgrammingError", "OperationalError",
          "DataError", "InternalError", "InterfaceError", "DatabaseError", "Error", "Warning")


@dataclass(frozen=True)
class Outcome:
    status: str                  # ok | error | crash | timeout | undecodable
    columns: tuple = ()
    rows: tuple = ()
    rowcount: int = -1
    error: str = ""              # PEP 249 class name, or the Python exception's type
    message: str = ""

    def brief(self) -> str:
        """One line for a report: rows with their storage classes, or the error."""
        if self.status == "ok":
            rows = ", ".join("(" + ", ".join(show(v) for v in row) + ")" for row in self.rows)
            count = f"; rowcount {self.rowcount}" if self.rowcount >= 0 else ""
            return f"[{rows}]{count}"
        return f"{self.status} {self.error}: {self.message}"


def show(value) -> str:
    """A value as the golden scripts print it: storage class visible."""
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return "x'" + value.hex() + "'"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


def pep249_class(error: BaseException) -> str:
    for cls in type(error).__mro__:
        if cls.__module__ == errors.__name__ and cls.__name__ in PEP249:
            return cls.__name__
    return type(error).__name__


class _Timeout(BaseException):
    """Raised by the alarm inside a statement that runs too long (not an Exception, so no
    ``except Exception`` in the engine can swallow it)."""


class Engine:
    """One database: ``run(sql)`` gives an Outcome; ``timeout`` bounds each statement."""

    def __init__(self, name: str, connection, timeout: float | None = None,
                 clock: "_ProgressClock | None" = None):
        self.name = name
        self.connection = connection
        self.timeout = timeout
        self.clock = clock         # SQLite's own time limit (_ProgressClock)
        self.dead = False          # after a crash or timeout the state is unknown

    def run(self, sql: str, params: tuple = ()) -> Outcome:
        try:
            with _alarm(self.timeout), _ProgressClock.limit(self.clock, self.timeout):
                cursor = self.connection.execute(sql, params)
                rows = tuple(tuple(row) for row in cursor.fetchall()) \
                    if cursor.description else ()
            columns = tuple(d[0] for d in cursor.description or ())
            return Outcome("ok", columns, rows, cursor.rowcount)
        except _Timeout:
            return self._timed_out()
        except errors.Error as error:
            if self.clock is not None and self.clock.fired:
                return self._timed_out()
            return Outcome("error", error=pep249_class(error), message=str(error))
        except UnicodeDecodeError as error:
            if self.name == "sqlite":
                self.dead = True
                return Outcome("undecodable", error="UnicodeDecodeError", message=str(error))
            return self._crash(error)
        except Exception as error:  # noqa: BLE001 - any other exception is the finding
            return self._crash(error)

    def _timed_out(self) -> Outcome:
        self.dead = True
        return Outcome("timeout", error="Timeout", message=f"over {self.timeout} s")

    def _crash(self, error: BaseException) -> Outcome:
        self.dead = True
        where = traceback.extract_tb(error.__traceback__)[-1]
        return Outcome("crash", error=type(error).__name__,
                       message=f"{error} (at {where.filename}:{where.lineno})")

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - a dead engine may not close cleanly
            pass


def open_pair(timeout: float | None = None) -> tuple[Engine, Engine]:
    """(RowanDB, SQLite), both empty, in-memory and in autocommit."""
    mine = Engine("rowandb", rowandb.connect(":memory:", autocommit=True), timeout)
    session = ApswSession({})
    theirs = Engine("sqlite", rowandb.Connection(session, autocommit=True), timeout,
                    _ProgressClock(session.apsw_connection))
    return mine, theirs


class _ProgressClock:
    """A time limit for SQLite's statements. SIGALRM's Python handler runs only when Python
    code runs, and none does inside one SQLite statement: the lead's fuzz run of seed
    78000000 sat for an hour in case 78000048 (a recursive table counting up from -2**63),
    deaf to SIGINT too. SQLite's progress handler is called every ``STEPS``
    virtual-machine steps; past the deadline it interrupts the statement (which then fails
    'interrupted')."""

    STEPS = 10_000

    def __init__(self, connection):
        self.deadline = None
        self.fired = False
        connection.set_progress_handler(self._check, self.STEPS)

    def _check(self) -> bool:
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.fired = True
        return self.fired

    @staticmethod
    @contextlib.contextmanager
    def limit(clock: "_ProgressClock | None", seconds: float | None):
        if clock is None or not seconds:
            yield
            return
        clock.deadline, clock.fired = time.monotonic() + seconds, False
        try:
            yield
        finally:
            clock.deadline = None


class _alarm:
    """SIGALRM after ``seconds`` raises _Timeout in the running statement (main thread only)."""

    def __init__(self, seconds):
        usable = seconds and threading.current_thread() is threading.main_thread()
        self.seconds = seconds if usable else None

    def __enter__(self):
        if self.seconds:
            self.previous = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc):
        if self.seconds:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
        return False

    @staticmethod
    def _fire(signum, frame):
        raise _Timeout()
