"""The names Python's ``sqlite3`` module has beside PEP 249's, so ``import rowandb as sqlite3``
finds them: version facts, the ``detect_types`` flags, the adapter and converter registries,
``complete_statement``, ``Row``, ``Blob``, the ``SQLITE_*`` constants callbacks use and
``enable_callback_tracebacks``.

The registries are module-wide dictionaries, as in sqlite3: ``adapters`` maps
``(type, PrepareProtocol)`` to a function turning such a value into one SQLite can store;
``converters`` maps an upper-cased type name to a function turning the value's bytes back
into a Python object (used with ``detect_types``). docs/DBAPI.md says how each behaves.
"""

from __future__ import annotations

import datetime
import sys
import types
from typing import Any, Callable

from ...errors import InterfaceError, ProgrammingError
from ...version import SQLITE_VERSION, __version__
from .blob import Blob
from ...catalog.ascii_case import ascii_lower, ascii_upper

sqlite_version = SQLITE_VERSION
sqlite_version_info = tuple(int(part) for part in SQLITE_VERSION.split("."))
version = __version__

PARSE_DECLTYPES = 1
PARSE_COLNAMES = 2


class PrepareProtocol:
    """The protocol an adapter adapts to (the second half of an ``adapters`` key)."""


adapters: dict[tuple[type, type], Callable[[Any], Any]] = {}
converters: dict[str, Callable[[bytes], Any]] = {}


def register_adapter(kind: type, adapter: Callable[[Any], Any]) -> None:
    """Bind values of exactly type ``kind`` as ``adapter(value)``."""
    adapters[(kind, PrepareProtocol)] = adapter


def register_converter(typename: str, converter: Callable[[bytes], Any]) -> None:
    """Fetch values of declared type (or ``[typename]`` column name) ``typename``, any case,
    as ``converter(bytes)`` when ``detect_types`` asks for it."""
    if not isinstance(typename, str):
        raise ProgrammingError("register_converter() argument 1 must be str")
    converters[ascii_upper(typename)] = converter


def adapted(value: Any) -> Any:
    """``value`` after its registered adapter or its ``__conform__``; itself without one."""
    adapter = adapters.get((type(value), PrepareProtocol))
    if adapter is not None:
        return adapter(value)
    conform = getattr(value, "__conform__", None)
    if conform is not None:
        result = conform(PrepareProtocol)
        if result is not None:
            return result
    return value


def _convert_date(data: bytes) -> datetime.date:
    return datetime.date(*map(int, data.split(b"-")))


def _convert_timestamp(data: bytes) -> datetime.datetime:
    """'YYYY-MM-DD HH:MM:SS[.ffffff]' as a datetime, as sqlite3's default converter reads it."""
    day, _, clock = data.partition(b" ")
    hms, _, fraction = clock.partition(b".")
    hours, minutes, seconds = (list(map(int, hms.split(b":"))) + [0, 0, 0])[:3]
    micro = int(fraction.decode().ljust(6, "0")[:6]) if fraction else 0
    return datetime.datetime(*map(int, day.split(b"-")), hours, minutes, seconds, micro)


register_converter("date", _convert_date)
register_converter("timestamp", _convert_timestamp)


# -- complete_statement ------------------------------------------------------------------
# SQLite's sqlite3_complete (complete.c) as a small automaton over a few kinds of token:
# a statement is complete when it ends with a semicolon that is outside strings, comments,
# quoted names and the body of a CREATE TRIGGER (which ends with ``; END ;``).
_SEMI, _SPACE, _OTHER, _EXPLAIN, _CREATE, _TEMP, _TRIGGER, _END = range(8)
_KEYWORDS = {"explain": _EXPLAIN, "create": _CREATE, "temp": _TEMP, "temporary": _TEMP,
             "trigger": _TRIGGER, "end": _END}
# state -> next state for each token kind. States: 0 nothing yet, 1 after a complete
# statement, 2 in a statement, 3 after EXPLAIN, 4 after CREATE [TEMP], 5 in a trigger,
# 6 after a semicolon in a trigger, 7 after "; END" in a trigger.
_NEXT = (
    (1, 0, 2, 3, 4, 2, 2, 2),
    (1, 1, 2, 3, 4, 2, 2, 2),
    (1, 2, 2, 2, 2, 2, 2, 2),
    (1, 3, 3, 2, 4, 2, 2, 2),
    (1, 4, 2, 2, 2, 4, 5, 2),
    (6, 5, 5, 5, 5, 5, 5, 5),
    (6, 6, 5, 5, 5, 5, 5, 7),
    (1, 7, 5, 5, 5, 5, 5, 5),
)
_CLOSING = {"'": "'", '"': '"', "`": "`", "[": "]"}


def complete_statement(statement: str) -> bool:
    """True if ``statement`` holds one or more complete SQL statements (syntax unchecked)."""
    if not isinstance(statement, str):
        raise ProgrammingError("complete_statement() argument must be str")
    state = 0
    for kind in _token_kinds(statement):
        if kind is None:
            return False                # an unterminated string, name or comment
        state = _NEXT[state][kind]
    return state == 1


def _token_kinds(text: str):
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == ";":
            yield _SEMI
            i += 1
        elif c in " \t\n\f\r":         # complete.c: its white space, not \v
            i += 1
            yield _SPACE
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                yield None
                return
            i = end + 2
            yield _SPACE
        elif text.startswith("--", i):
            end = text.find("\n", i)
            if end < 0:                 # SQLite 3.54: a comment the text ends in is open
                yield None
                return
            i = end + 1
            yield _SPACE
        elif c in _CLOSING:
            end = text.find(_CLOSING[c], i + 1)
            if end < 0:
                yield None
                return
            i = end + 1
            yield _OTHER
        elif c.isalnum() or c in "_$" or ord(c) >= 0x80:
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_$" or ord(text[j]) >= 0x80):
                j += 1
            yield _KEYWORDS.get(ascii_lower(text[i:j]), _OTHER)
            i = j
        else:
            i += 1
            yield _OTHER


# -- Row ----------------------------------------------------------------------------------

class Row:
    """A result row for ``row_factory``: a tuple reachable by index and by column name
    (case-insensitively), with ``keys()``; equal to a row of the same columns and values."""

    __slots__ = ("_values", "_names")

    def __init__(self, cursor, data):
        if not isinstance(data, tuple):
            raise ProgrammingError("Row() argument 2 must be a tuple")
        description = cursor.description
        self._values = data
        self._names = tuple(d[0] for d in description) if description else ()

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, str):
            folded = ascii_lower(key)
            for index, name in enumerate(self._names):
                if ascii_lower(name) == folded:
                    return self._values[index]
            raise IndexError("No item with that key")
        if isinstance(key, (int, slice)):
            return self._values[key]
        raise IndexError("Index must be int or string")

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Row):
            return NotImplemented
        return self._names == other._names and self._values == other._values

    def __hash__(self) -> int:
        return hash(self._names) ^ hash(self._values)

    def __repr__(self) -> str:
        return f"<rowandb.Row object at {id(self):#x}>"


# -- callback tracebacks -----------------------------------------------------------------
_TRACEBACKS = {"on": False}


def enable_callback_tracebacks(flag: bool) -> None:
    """With True, an exception raised in a user function, aggregate, collation or other
    callback is reported through ``sys.unraisablehook`` before the SQL error is raised."""
    _TRACEBACKS["on"] = bool(flag)


def report_callback_error(error: BaseException) -> None:
    if _TRACEBACKS["on"]:
        sys.unraisablehook(types.SimpleNamespace(
            exc_type=type(error), exc_value=error, exc_traceback=error.__traceback__,
            err_msg="Exception ignored in user-defined callback", object=None))


def checked_callable(value: Any, what: str = "parameter") -> None:
    if not callable(value):
        raise InterfaceError(f"{what} must be callable")


# -- constants ----------------------------------------------------------------------------
# Return codes of an authorizer and the action codes SQLite passes it (sqlite3.h), and the
# limit categories of getlimit/setlimit.
SQLITE_OK, SQLITE_DENY, SQLITE_IGNORE = 0, 1, 2
_ACTIONS = (
    "CREATE_INDEX", "CREATE_TABLE", "CREATE_TEMP_INDEX", "CREATE_TEMP_TABLE",
    "CREATE_TEMP_TRIGGER", "CREATE_TEMP_VIEW", "CREATE_TRIGGER", "CREATE_VIEW", "DELETE",
    "DROP_INDEX", "DROP_TABLE", "DROP_TEMP_INDEX", "DROP_TEMP_TABLE", "DROP_TEMP_TRIGGER",
    "DROP_TEMP_VIEW", "DROP_TRIGGER", "DROP_VIEW", "INSERT", "PRAGMA", "READ", "SELECT",
    "TRANSACTION", "UPDATE", "ATTACH", "DETACH", "ALTER_TABLE", "REINDEX", "ANALYZE",
    "CREATE_VTABLE", "DROP_VTABLE", "FUNCTION", "SAVEPOINT", "RECURSIVE")
_LIMITS = ("LENGTH", "SQL_LENGTH", "COLUMN", "EXPR_DEPTH", "COMPOUND_SELECT", "VDBE_OP",
           "FUNCTION_ARG", "ATTACHED", "LIKE_PATTERN_LENGTH", "VARIABLE_NUMBER",
           "TRIGGER_DEPTH", "WORKER_THREADS")
CONSTANTS = {"SQLITE_OK": SQLITE_OK, "SQLITE_DENY": SQLITE_DENY,
             "SQLITE_IGNORE": SQLITE_IGNORE,
             **{f"SQLITE_{name}": code for code, name in enumerate(_ACTIONS, 1)},
             **{f"SQLITE_LIMIT_{name}": code for code, name in enumerate(_LIMITS)}}
globals().update(CONSTANTS)

__all__ = ["sqlite_version", "sqlite_version_info", "version", "PARSE_DECLTYPES",
           "PARSE_COLNAMES", "PrepareProtocol", "adapters", "converters", "register_adapter",
           "register_converter", "complete_statement", "Row", "Blob",
           "enable_callback_tracebacks", *CONSTANTS]
