"""The function list: every function RowanDB has, one row per name and argument count,
read from the registry (``registry.SCALAR_FUNCTIONS``, ``registry.window_only``,
``aggregates.AGGREGATES``) -- what ``PRAGMA function_list`` answers and what the function
table of docs/SQL.md is generated from, so a function is declared once, in its family.

A row is SQLite's (sqlite.org/pragma.html#pragma_function_list, src/pragma.c):
``(name, builtin, type, enc, narg, flags)``. ``type`` is ``s`` for a scalar function and
``w`` for an aggregate (every built-in aggregate is also a window function) or a window
function. ``enc`` is always ``utf8``. ``narg`` is the argument count; a function that
takes any number of arguments from k on is one row with SQLite's encoding of "at least
k": -1 for k = 0, else -(k + 2) (``concat`` -3, ``coalesce`` -4), as SQLite 3.54 lists
them. ``flags`` are SQLite's function flags: SQLITE_DETERMINISTIC, SQLITE_DIRECTONLY,
SQLITE_SUBTYPE, SQLITE_INNOCUOUS. They are descriptive here -- RowanDB has no trusted
schema and no application-defined functions to hold to them -- but give SQLite's answer:
a scalar is deterministic and innocuous unless ``_FLAGS`` says otherwise, an aggregate
or window function innocuous only.

Where RowanDB must differ: the rows come sorted by name and argument count (SQLite's
come in its hash table's order); ``rowandb_version()`` is RowanDB's own; ``match`` is not
SQLite's core but the FTS3 overload, listed with SQLite's row for it (builtin 0). SQLite's
functions RowanDB does not have are not listed; docs/SQL.md names them and why.
"""

from __future__ import annotations

from .aggregates import AGGREGATES
from .registry import SCALAR_FUNCTIONS, window_only

DETERMINISTIC, DIRECT_ONLY, SUBTYPE, INNOCUOUS = 0x800, 0x80000, 0x100000, 0x200000
COLUMNS = ("name", "builtin", "type", "enc", "narg", "flags")

_SCALAR, _WINDOW = DETERMINISTIC | INNOCUOUS, INNOCUOUS
_JSON_SUBTYPE = ("json_array", "json_array_insert", "json_insert", "json_object", "json_quote",
                 "json_replace", "json_set", "json_group_array", "json_group_object")
# Flags that differ from the default of the function's type, as SQLite 3.54 lists them.
_FLAGS = {
    **{name: INNOCUOUS for name in (
        "changes", "current_date", "current_time", "current_timestamp", "last_insert_rowid",
        "random", "randomblob", "sqlite_compileoption_get", "sqlite_compileoption_used",
        "sqlite_source_id", "sqlite_version", "total_changes", "rowandb_version")},
    "sqlite_log": DIRECT_ONLY, "load_extension": DIRECT_ONLY,
    "subtype": DETERMINISTIC | INNOCUOUS | SUBTYPE,
    **{name: DETERMINISTIC | INNOCUOUS | SUBTYPE
       for base in _JSON_SUBTYPE for name in (base, "jsonb" + base[4:])},
    "match": 0,
    # the percentile extension SQLite builds in registers them without flags
    "median": 0, "percentile": 0, "percentile_cont": 0, "percentile_disc": 0,
}
# Functions SQLite does not build in: match() is FTS3's overload (sqlite3_overload_function).
_NOT_BUILTIN = frozenset(("match",))
# SQLite registers the scalar min() and max() for one argument or more; a call with one
# argument finds the aggregate first. RowanDB's registry says two or more, which means the
# same calls; the list shows SQLite's registration.
_LEAST = {"min": 1, "max": 1}


def deterministic(name: str) -> bool:
    """Whether SQLite flags the function SQLITE_DETERMINISTIC (what an index expression
    or a partial index's WHERE may call)."""
    return bool(_FLAGS.get(name, DETERMINISTIC) & DETERMINISTIC)


def _nargs(name: str, lo: int, hi: int) -> list[int]:
    """SQLite's narg values for a function taking ``lo`` to ``hi`` arguments (hi -1:
    unlimited)."""
    if hi < 0:
        lo = _LEAST.get(name, lo)
        return [-1 if lo == 0 else -(lo + 2)]
    return list(range(lo, hi + 1))


def function_list() -> list[tuple]:
    """Every row of ``PRAGMA function_list``, sorted by name and argument count."""
    rows = []
    for name, (_, lo, hi) in SCALAR_FUNCTIONS.items():
        rows += _rows(name, "s", _nargs(name, lo, hi), _SCALAR)
    for name, (_, lo, hi) in AGGREGATES.items():
        rows += _rows(name, "w", _nargs(name, lo, hi), _WINDOW)
    for name, (lo, hi) in window_only().items():
        rows += _rows(name, "w", _nargs(name, lo, hi), _WINDOW)
    return sorted(rows, key=lambda r: (r[0], r[2], r[4]))


def _rows(name: str, kind: str, nargs: list[int], default: int) -> list[tuple]:
    builtin = 0 if name in _NOT_BUILTIN else 1
    flags = _FLAGS.get(name, default)
    return [(name, builtin, kind, "utf8", n, flags) for n in nargs]


def markdown_table() -> str:
    """The table of functions in docs/SQL.md: one line per function and kind."""
    lines = ["| function | kind | arguments |", "|---|---|---|"]
    seen: dict = {}
    for name, _, kind, _, narg, _ in function_list():
        seen.setdefault((name, kind), []).append(narg)
    kinds = {"s": "scalar", "w": "aggregate / window"}
    for (name, kind), nargs in seen.items():
        kind_text = "window" if name in window_only() else kinds[kind]
        lines.append(f"| `{name}` | {kind_text} | {', '.join(map(_arity_text, nargs))} |")
    return "\n".join(lines) + "\n"


def _arity_text(narg: int) -> str:
    if narg >= 0:
        return str(narg)
    return "any" if narg == -1 else f"{-narg - 2} or more"
