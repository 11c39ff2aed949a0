"""Engine adapters: the database engines a sqllogictest script can be run against.

An adapter opens a fresh in-memory database per script, runs statements (which may hold
several SQL statements separated by semicolons) and queries (returning rows of Python
values), and can be given a deadline so that one runaway record does not stall a run.

* ``sqlite``  - SQLite itself through apsw, with ``PRAGMA foreign_keys=ON`` as the project's
  oracle runs it.
* ``rowandb`` - RowanDB through its DB-API connection,
  ``rowandb.connect(':memory:', isolation_level=None)``.

Both run as database name ``sqlite`` for ``skipif``/``onlyif``: RowanDB follows SQLite's
dialect, so it must pass the records written for SQLite.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Any, Callable, Sequence

Row = Sequence[Any]


class RecordTimeout(Exception):
    """Raised inside a record that ran past its deadline."""


class Engine:
    # Exceptions that are the engine's way of saying "this SQL is an error". Anything else
    # is a crash of the engine and fails the record even where an error was expected.
    error_types: tuple = (Exception,)

    """The adapter interface. Subclasses implement ``open``/``close``/``statement``/``query``."""

    #: Adapter name, as given to ``--engine``.
    name = "engine"
    #: Database name matched by ``skipif``/``onlyif`` records.
    slt_name = "sqlite"

    def open(self) -> None:
        """Start a fresh, empty database (called once per script)."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the database opened by ``open``."""
        raise NotImplementedError

    def statement(self, sql: str) -> None:
        """Run SQL that may hold several statements; raise on any error."""
        raise NotImplementedError

    def query(self, sql: str) -> list[Row]:
        """Run a query and return every row; raise on any error."""
        raise NotImplementedError

    def plan(self, sql: str) -> list[str]:
        """The lines of ``EXPLAIN QUERY PLAN`` for one statement (its detail column)."""
        return [str(row[-1]) for row in self.query(f"EXPLAIN QUERY PLAN {sql}")]

    def set_deadline(self, deadline: float | None) -> None:
        """Abort the running record once ``time.monotonic()`` passes ``deadline``."""
        self._deadline = deadline

    def __enter__(self) -> "Engine":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SqliteEngine(Engine):
    """SQLite through apsw; a fresh ``:memory:`` database per script."""

    name = "sqlite"

    def __init__(self) -> None:
        self._conn: Any = None
        self._deadline: float | None = None

    def open(self) -> None:
        import apsw  # imported here: only the sqlite engine needs it

        self._conn = apsw.Connection(":memory:")
        self.error_types = (apsw.Error,)
        self._conn.execute("PRAGMA foreign_keys=ON")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close(True)
            self._conn = None

    def set_deadline(self, deadline: float | None) -> None:
        """A progress handler (installed only while a deadline is set) aborts the VM."""
        if self._conn is not None and (deadline is None) != (self._deadline is None):
            handler = None if deadline is None else self._past_deadline
            self._conn.set_progress_handler(handler, 1000)
        self._deadline = deadline

    def _past_deadline(self) -> bool:
        return self._deadline is not None and time.monotonic() > self._deadline

    def _run(self, sql: str) -> list[Row]:
        try:
            return list(self._conn.execute(sql))
        except Exception as exc:
            if self._past_deadline():
                raise RecordTimeout("record ran past its time limit") from exc
            raise

    def statement(self, sql: str) -> None:
        self._run(sql)

    def query(self, sql: str) -> list[Row]:
        return self._run(sql)


class RowandbEngine(Engine):
    """RowanDB through its DB-API connection (autocommit, like the scripts expect)."""

    name = "rowandb"

    def __init__(self, connect: Callable[..., Any] | None = None) -> None:
        self._connect = connect
        self._conn: Any = None
        self._deadline: float | None = None

    def open(self) -> None:
        connect = self._connect
        if connect is None:
            import rowandb  # the engine under test; may not be complete yet

            connect = rowandb.connect
        # Statements run exactly as written, BEGIN..COMMIT spanning several records included:
        # autocommit=True (PEP 249 / Python 3.12 style) never opens or commits on its own,
        # where isolation_level=None's executescript would commit a script's open
        # transaction first. Stand-ins without ``autocommit`` fall back to the legacy mode.
        try:
            self._conn = connect(":memory:", autocommit=True)
        except TypeError:
            self._conn = connect(":memory:", isolation_level=None)
        self.error_types = (getattr(self._conn, "Error", Exception),)  # PEP 249 extension

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def statement(self, sql: str) -> None:
        with _Alarm(self._deadline):
            self._conn.executescript(sql)

    def query(self, sql: str) -> list[Row]:
        with _Alarm(self._deadline):
            cursor = self._conn.execute(sql)
            return list(cursor.fetchall())


class _Alarm:
    """Raise RecordTimeout in the main thread at ``deadline`` (POSIX timers); a no-op
    without a deadline, off the main thread, or where setitimer does not exist."""

    def __init__(self, deadline: float | None) -> None:
        self._armed = (
            deadline is not None
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self._deadline = deadline
        self._previous: Any = None

    def __enter__(self) -> None:
        if not self._armed:
            return
        remaining = max(self._deadline - time.monotonic(), 0.001)
        self._previous = signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, remaining)

    def __exit__(self, *exc: object) -> None:
        if not self._armed:
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)


def _raise_timeout(signum: int, frame: Any) -> None:
    raise RecordTimeout("record ran past its time limit")


ENGINES: dict[str, type[Engine]] = {"sqlite": SqliteEngine, "rowandb": RowandbEngine}


def make_engine(name: str) -> Engine:
    """An adapter by name (``sqlite`` or ``rowandb``)."""
    try:
        return ENGINES[name]()
    except KeyError:
        raise ValueError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})") from None
