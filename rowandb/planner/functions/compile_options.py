"""The compile-time options RowanDB reports: PRAGMA compile_options,
sqlite_compileoption_used() and sqlite_compileoption_get() all read ``OPTIONS``.

RowanDB is not a C build, so it has no compile options of its own; what it lists are the
options of SQLite's that describe what RowanDB does, in SQLite's words (sqlite.org/
compile.html), each true of the engine and checked against it by
tests/test_compile_options.py: its defaults (foreign keys ON -- SQLite's
DEFAULT_FOREIGN_KEYS; synchronous FULL; the autocheckpoint), its limits (the same as
SQLite's defaults, enforced with SQLite's messages), the functions it has that SQLite
builds only on request (math, percentile), LIKE not matching BLOBs, no extension loading,
and SQLite's multi-thread mode (THREADSAFE=2: threads may share the module, not a
connection -- the DB-API's threadsafety 1, as Python's sqlite3 maps it). Options that describe SQLite's own machinery (page cache, memory allocator,
compiler) and features RowanDB lacks (STAT4, FTS, R*Tree...) are not listed.
"""

from __future__ import annotations

from ..types.values import to_integer
from ...catalog.ascii_case import ascii_upper

#: sorted, as SQLite lists them
OPTIONS = (
    "DEFAULT_FOREIGN_KEYS=1",
    "DEFAULT_SYNCHRONOUS=2",
    "DEFAULT_WAL_AUTOCHECKPOINT=1000",
    "DEFAULT_WORKER_THREADS=0",
    "ENABLE_MATH_FUNCTIONS",
    "ENABLE_PERCENTILE",
    "LIKE_DOESNT_MATCH_BLOBS",
    "MAX_COLUMN=2000",
    "MAX_COMPOUND_SELECT=500",
    "MAX_EXPR_DEPTH=1000",
    "MAX_FUNCTION_ARG=1000",
    "MAX_LENGTH=1000000000",
    "MAX_LIKE_PATTERN_LENGTH=50000",
    "MAX_TRIGGER_DEPTH=1000",
    "MAX_VARIABLE_NUMBER=32766",
    "MAX_WORKER_THREADS=8",
    "OMIT_LOAD_EXTENSION",
    "THREADSAFE=2",
)


def used(name: str) -> int:
    """sqlite3_compileoption_used: an optional ``SQLITE_`` prefix, then the option's name
    (or name=value) in any case, matching an option up to its end or its ``=``."""
    if ascii_upper(name[:7]) == "SQLITE_":
        name = name[7:]
    n = len(name)
    return int(any(ascii_upper(option[:n]) == ascii_upper(name) and option[n:n + 1] in ("", "=")
                   for option in OPTIONS))


def f_compileoption_used(name):
    """sqlite_compileoption_used(X): 1 if X is one of ``OPTIONS`` (NULL for NULL)."""
    if name is None:
        return None
    return used(name if isinstance(name, str) else
                name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name))


def f_compileoption_get(n):
    """sqlite_compileoption_get(N): the N-th option (N read as an integer, NULL as 0, as
    sqlite3_value_int reads it), else NULL."""
    index = to_integer(n) if n is not None else 0
    if not 0 <= index < len(OPTIONS):
        return None
    return OPTIONS[index]
