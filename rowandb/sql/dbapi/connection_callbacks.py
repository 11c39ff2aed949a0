"""The Connection methods of Python's sqlite3 module that reach into the engine: the
connection's own SQL functions, aggregates and collations, its authorizer, progress
handler, interrupt, limits, trace callback, blobs, dump and backup.

``create_function``, ``create_aggregate`` and ``create_collation`` define them in the
Session's function layer (rowandb/planner/functions/user.py) through ``Session.define``,
which also drops the cached statements so they are compiled again. The authorizer
(authorizer.py), progress handler and interrupt (planner/exec/progress.py), limits
(planner/types/limit_values.py) and trace callback (trace.py) live on the Session; here
user callbacks are wrapped to answer as sqlite3's do. ``blobopen`` is in ``blob``,
``iterdump`` and ``backup`` in ``dump``. ``serialize`` and ``deserialize`` raise
NotSupportedError: nothing is accepted and silently ignored.
"""

from __future__ import annotations

from typing import Any, Callable

from ...errors import NotSupportedError, OperationalError, ProgrammingError
from ...planner.types.values import is_collation
from ..parse.limits import MAX_FUNCTION_ARG
from . import dump
from .authorizer import Authorizer
from .blob import open_blob
from .sqlite3_api import SQLITE_DENY, report_callback_error
from .trace import Tracer
from ...catalog.ascii_case import ascii_upper

_MAX_NAME_BYTES = 255       # SQLite refuses a longer function name (sqlite3CreateFunc)


def _checked_function(name: Any, narg: Any) -> None:
    if not isinstance(name, str):
        raise ProgrammingError(f"function name must be str, not {type(name).__name__}")
    if type(narg) is not int:
        raise ProgrammingError(f"narg must be int, not {type(narg).__name__}")
    if not -1 <= narg <= MAX_FUNCTION_ARG or not name or \
            len(name.encode("utf-8", "surrogatepass")) > _MAX_NAME_BYTES:
        raise OperationalError("Error creating function")


class CallbackMethods:
    """Mixed into Connection: ``self._live_session()`` is the open Session."""

    def _define(self, kind: str, name: str, narg: int, fn, **flags) -> None:
        session = self._live_session()
        session.functions.tracebacks = report_callback_error
        session.define(kind, name, narg, fn, **flags)

    def create_function(self, name: str, narg: int, func: Callable | None, *,
                        deterministic: bool = False) -> None:
        """Make ``func`` callable from SQL as ``name`` with ``narg`` arguments (-1: any
        number); None removes it. ``deterministic`` lets SQLite call it where only
        deterministic functions may stand and compute it once for constant arguments."""
        _checked_function(name, narg)
        self._define("scalar", name, narg, func, deterministic=bool(deterministic))

    def create_aggregate(self, name: str, n_arg: int, aggregate_class: Callable | None) -> None:
        """Make ``aggregate_class`` (``step(*values)``, ``finalize()``) an SQL aggregate;
        None removes it."""
        _checked_function(name, n_arg)
        self._define("aggregate", name, n_arg, aggregate_class)

    def create_collation(self, name: str, callable: Callable | None) -> None:  # noqa: A002
        """Make ``callable(a, b)`` (negative, zero or positive, as a sorts before, with or
        after b) the collating sequence ``name``; None removes it."""
        if not isinstance(name, str):
            raise ProgrammingError(f"collation name must be str, not {type(name).__name__}")
        if callable is not None and not _is_callable(callable):
            raise ProgrammingError("parameter must be callable")
        upper = ascii_upper(name)
        if upper in ("BINARY", "NOCASE", "RTRIM") or \
                is_collation(name) and upper not in self._live_session().functions.collations:
            raise NotSupportedError(f"redefining the built-in collation {name} is not supported")
        self._define("collation", name, 0, callable)

    def create_window_function(self, name: str, num_params: int,
                               aggregate_class: Callable | None) -> None:
        """Make ``aggregate_class`` (``step``, ``inverse``, ``value``, ``finalize``) an
        aggregate window function; None removes it."""
        _checked_function(name, num_params)
        self._define("aggregate", name, num_params, aggregate_class, window=True)

    def set_authorizer(self, authorizer_callback: Callable | None) -> None:
        """Ask ``authorizer_callback(action, arg1, arg2, database, source)`` about each
        statement as it is prepared (authorizer.py says which calls); None removes it."""
        session = self._live_session()
        if authorizer_callback is not None and not _is_callable(authorizer_callback):
            raise ProgrammingError("parameter must be callable")
        session.authorizer = None if authorizer_callback is None else \
            Authorizer(_answer_of(authorizer_callback))
        session.recompile_all()

    def set_progress_handler(self, progress_handler: Callable[[], object] | None,
                             n: int) -> None:
        """Call ``progress_handler()`` every ``n`` rows visited (RowanDB counts rows where
        SQLite counts virtual-machine instructions: exec/progress.py); a true answer, or an
        exception, interrupts the statement. None, or ``n`` < 1, removes it."""
        session = self._live_session()
        if type(n) is not int:
            raise ProgrammingError(f"n must be int, not {type(n).__name__}")
        if progress_handler is not None and not _is_callable(progress_handler):
            raise ProgrammingError("parameter must be callable")
        session.progress.set_handler(
            None if progress_handler is None else _stop_of(progress_handler), n)

    def set_trace_callback(self, trace_callback: Callable[[str], object] | None) -> None:
        """Call ``trace_callback(sql)`` with the text of every statement run from now on
        (parameters written in; the BEGIN and COMMIT the connection issues too); None
        stops it."""
        session = self._live_session()
        session.tracer = None if trace_callback is None else \
            Tracer(trace_callback, report_callback_error)

    def interrupt(self) -> None:
        """Stop the statements running on this connection (from any thread) with
        ``OperationalError: interrupted``; a no-op when none runs."""
        session = self._session
        if session is None:
            raise ProgrammingError("Cannot operate on a closed database.")
        session.progress.interrupt()

    def iterdump(self):
        """The SQL statements that rebuild this database, one at a time (dump.py)."""
        return dump.iterdump(self._live_session())

    def backup(self, target, *, pages: int = -1, progress=None, name: str = "main",
               sleep: float = 0.250) -> None:
        """Copy this database into ``target``, another RowanDB connection, replacing what
        it held; in one step (dump.py says how ``pages`` and ``progress`` behave)."""
        if not isinstance(target, CallbackMethods):
            raise ProgrammingError("backup() target must be a RowanDB Connection")
        dump.backup(self, target, pages, progress, name)

    def blobopen(self, table: str, column: str, row: int, /, *, readonly: bool = False,
                 name: str = "main"):
        """A ``Blob``: the BLOB or TEXT cell of ``column`` in the row ``row`` of ``table``,
        read and written in place like a file of fixed size (blob.py)."""
        return open_blob(self, table, column, row, bool(readonly), name)

    def serialize(self, *, name: str = "main") -> bytes:
        raise NotSupportedError("serialize() is not supported: RowanDB has no SQLite file image")

    def deserialize(self, data: bytes, /, *, name: str = "main") -> None:
        raise NotSupportedError(
            "deserialize() is not supported: RowanDB has no SQLite file image")

    def getlimit(self, category: int, /) -> int:
        """The connection's value of the ``SQLITE_LIMIT_*`` limit ``category``."""
        return self._live_session().limits.get(category)

    def setlimit(self, category: int, limit: int, /) -> int:
        """Set the limit ``category`` to ``limit`` (negative: unchanged; above SQLite's
        hard bound: cut to it); the old value. The limits RowanDB does not check are
        NotSupportedError to change (planner/types/limit_values.py)."""
        return self._live_session().limits.set(category, limit)


def _is_callable(value: Any) -> bool:
    return callable(value)


def _stop_of(handler: Callable[[], object]) -> Callable[[], bool]:
    """``handler`` answering as sqlite3's progress handler does: a true value, or a raised
    exception (reported when tracebacks are on), stops the statement."""
    def stop() -> bool:
        try:
            return bool(handler())
        except Exception as error:
            report_callback_error(error)
            return True
    return stop


def _answer_of(callback: Callable) -> Callable[..., int]:
    """``callback`` answering as sqlite3's authorizer does: a raised exception (reported
    when tracebacks are on), an answer that is no int or no C int is SQLITE_DENY."""
    def answer(*args) -> int:
        try:
            code = callback(*args)
        except Exception as error:
            report_callback_error(error)
            return SQLITE_DENY
        if not isinstance(code, int) or not -2 ** 31 <= code < 2 ** 31:
            return SQLITE_DENY
        return int(code)
    return answer


__all__ = ["CallbackMethods"]
