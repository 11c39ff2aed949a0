"""A connection's values of SQLite's run-time limits (``sqlite3_limit``; Python's
``Connection.getlimit``/``setlimit``), and the ones in force while a statement is prepared
and run.

Each connection has a ``Limits``; ``Session`` puts it in force (a context variable, so a
statement on another thread or connection is not affected) while it parses and runs a
statement, and the checks read ``current()``: sql/parse/limits.py (expression depth, result
columns, compound terms, function arguments), sql/parse/lexer.py and Session (SQL variables),
patterns.py (LIKE/GLOB pattern length), the DB-API (SQL text length). The other limits
have SQLite's values and cannot be changed: RowanDB has no virtual machine (VDBE_OP),
ATTACH or worker threads, and its string length and trigger depth are fixed
(docs/DBAPI.md).
"""

from __future__ import annotations

import contextvars

from ...errors import NotSupportedError, ProgrammingError

NAMES = ("LENGTH", "SQL_LENGTH", "COLUMN", "EXPR_DEPTH", "COMPOUND_SELECT", "VDBE_OP",
         "FUNCTION_ARG", "ATTACHED", "LIKE_PATTERN_LENGTH", "VARIABLE_NUMBER",
         "TRIGGER_DEPTH", "WORKER_THREADS")
(LENGTH, SQL_LENGTH, COLUMN, EXPR_DEPTH, COMPOUND_SELECT, VDBE_OP, FUNCTION_ARG, ATTACHED,
 LIKE_PATTERN_LENGTH, VARIABLE_NUMBER, TRIGGER_DEPTH, WORKER_THREADS) = range(len(NAMES))

# SQLite's defaults, which are also the hard upper bounds (sqlite.org/limits.html, the
# compile options PRAGMA compile_options lists), except for WORKER_THREADS (0, at most 8).
DEFAULTS = (1_000_000_000, 1_000_000_000, 2000, 1000, 500, 250_000_000, 1000, 10, 50000,
            32766, 1000, 0)
HARD = DEFAULTS[:WORKER_THREADS] + (8,)
ADJUSTABLE = frozenset((SQL_LENGTH, COLUMN, EXPR_DEPTH, COMPOUND_SELECT, FUNCTION_ARG,
                        LIKE_PATTERN_LENGTH, VARIABLE_NUMBER))
_WHY_FIXED = {
    LENGTH: "the longest string or blob is fixed",
    VDBE_OP: "it has no virtual machine",
    ATTACHED: "it has no ATTACH",
    TRIGGER_DEPTH: "the trigger depth is fixed",
    WORKER_THREADS: "it has no worker threads",
}


_DEFAULT_VALUES = list(DEFAULTS)


class Limits:
    def __init__(self):
        self.values = list(DEFAULTS)
        self.like_surely_short = DEFAULTS[LIKE_PATTERN_LENGTH] // 4   # (patterns.py)

    sql_length = property(lambda self: self.values[SQL_LENGTH])
    column = property(lambda self: self.values[COLUMN])
    expr_depth = property(lambda self: self.values[EXPR_DEPTH])
    compound_select = property(lambda self: self.values[COMPOUND_SELECT])
    function_arg = property(lambda self: self.values[FUNCTION_ARG])
    like_pattern_length = property(lambda self: self.values[LIKE_PATTERN_LENGTH])
    variable_number = property(lambda self: self.values[VARIABLE_NUMBER])

    def get(self, category: int) -> int:
        return self.values[checked_category(category)]

    def at_defaults(self) -> bool:
        """Whether every limit is SQLite's default (what the fast readings assume)."""
        return self.values == _DEFAULT_VALUES

    def set(self, category: int, value: int) -> int:
        """Set a limit, as sqlite3_limit: the old value is returned; a negative value
        changes nothing; one above the hard upper bound is cut to it."""
        old = self.values[checked_category(category)]
        if type(value) is not int:
            raise ProgrammingError(f"limit must be int, not {type(value).__name__}")
        if value < 0:
            return old
        value = min(value, HARD[category])
        if category not in ADJUSTABLE and value != old:
            raise NotSupportedError(f"setlimit() of SQLITE_LIMIT_{NAMES[category]} is not "
                                    f"supported: {_WHY_FIXED[category]} in RowanDB")
        self.values[category] = value
        self.like_surely_short = self.values[LIKE_PATTERN_LENGTH] // 4
        return old

    def in_force(self) -> "ContextSetting":
        """These limits in force until the block ends."""
        return ContextSetting(_CURRENT, self)


class ContextSetting:
    """``with ContextSetting(var, value):`` -- ``var`` holds ``value`` until the block ends
    (then what it held before). A class, not a ``contextlib.contextmanager``: every
    statement enters two (the connection's limits and functions, functions/user.py), and a
    generator's context manager costs a generator, its frame and three calls more, about
    0.7 microseconds each time."""

    __slots__ = ("var", "value", "token")

    def __init__(self, var: contextvars.ContextVar, value) -> None:
        self.var, self.value = var, value

    def __enter__(self):
        self.token = self.var.set(self.value)
        return self.value

    def __exit__(self, *exc) -> None:
        self.var.reset(self.token)


def checked_category(category) -> int:
    if type(category) is not int:
        raise ProgrammingError(f"category must be int, not {type(category).__name__}")
    if not 0 <= category < len(NAMES):
        raise ProgrammingError("'category' is out of bounds")
    return category


_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("rowandb_limits",
                                                                  default=Limits())


def current() -> Limits:
    """The limits in force: the running statement's connection's, else SQLite's defaults."""
    return _CURRENT.get()
