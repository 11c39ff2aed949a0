"""The scalar-function registry: every built-in scalar function by name.

``SCALAR_FUNCTIONS`` maps a lowercase name to ``(implementation, min_args, max_args)``
(max -1 = unlimited); implementations take the already evaluated argument values
positionally. ``lookup_scalar`` resolves a call and raises SQLite's exact errors. NULL
handling, argument conversion and result types follow SQLite's func.c. changes(),
total_changes(), last_insert_rowid() and the version functions need connection or engine
state and are provided by the executor; the aggregates are in ``aggregates``.

Every other name SQLite has built in is known here too, so that a call of it is read as
SQLite reads it: a window function without OVER is SQLite's "misuse of window function",
and the families RowanDB does not implement (the FTS5, FTS3, R*Tree and Geopoly
extensions, load_extension) raise NotSupportedError naming the function (json_each and
json_tree are tables, not functions: called as one, they are "no such function"). The
date and time family is ``datetimes`` (its 'now' is bound by the executor); the JSON
family is the ``json`` package (the executor carries its subtype).
``listing.py`` reads this registry for PRAGMA function_list and the docs' function table.
"""
from __future__ import annotations

from ...errors import NotSupportedError, OperationalError
from ..types.patterns import glob
from ..types.values import typeof
from .aggregates import AGGREGATES
from .compile_options import f_compileoption_get, f_compileoption_used
from .core import (
    f_coalesce, f_match, f_identity, f_iif, f_likelihood,
    f_nullif, f_scalar_max, f_scalar_min, f_source_id, f_sqlite_log, f_subtype,
)
from .date import SCALAR as DATE_FUNCTIONS
from .json import JSON_FUNCTIONS
from .datetimes import DATE_TIME_FUNCTIONS
from .mathfuncs import MATH_FUNCTIONS
from .numeric import f_abs, f_random, f_randomblob, f_round, f_sign, f_zeroblob
from .user import user_defines
from .text import (
    _trimmer, f_char, f_concat, f_concat_ws, f_hex, f_instr, f_length, f_like, f_lower,
    f_octet_length, f_printf, f_quote, f_replace, f_substr, f_unhex, f_unicode, f_unistr,
    f_unistr_quote, f_upper,
)
from ...catalog.ascii_case import ascii_lower


# Functions that compare their arguments under a collating sequence (SQLite's
# SQLITE_FUNC_NEEDCOLL): the collation of the leftmost argument that has one, else BINARY.
# Their implementations take it as the keyword argument ``collation``.
NEEDS_COLLATION = frozenset(("min", "max", "nullif"))

SCALAR_FUNCTIONS: dict[str, tuple] = {
    "abs": (f_abs, 1, 1),
    "char": (f_char, 0, -1),
    "coalesce": (f_coalesce, 2, -1),
    "concat": (f_concat, 1, -1),
    "concat_ws": (f_concat_ws, 2, -1),
    "format": (f_printf, 0, -1),
    "glob": (glob, 2, 2),
    "hex": (f_hex, 1, 1),
    "ifnull": (f_coalesce, 2, 2),
    "iif": (f_iif, 2, -1),
    "if": (f_iif, 2, -1),
    "instr": (f_instr, 2, 2),
    "length": (f_length, 1, 1),
    "like": (f_like, 2, 3),
    "likelihood": (f_likelihood, 2, 2),
    "likely": (f_identity, 1, 1),
    "lower": (f_lower, 1, 1),
    "ltrim": (_trimmer("lstrip"), 1, 2),
    "match": (f_match, 2, 2),
    "max": (f_scalar_max, 2, -1),
    "min": (f_scalar_min, 2, -1),
    "nullif": (f_nullif, 2, 2),
    "octet_length": (f_octet_length, 1, 1),
    "printf": (f_printf, 0, -1),
    "quote": (f_quote, 1, 1),
    "random": (f_random, 0, 0),
    "randomblob": (f_randomblob, 1, 1),
    "replace": (f_replace, 3, 3),
    "round": (f_round, 1, 2),
    "rtrim": (_trimmer("rstrip"), 1, 2),
    "sign": (f_sign, 1, 1),
    "substr": (f_substr, 2, 3),
    "substring": (f_substr, 2, 3),
    "trim": (_trimmer("strip"), 1, 2),
    "typeof": (typeof, 1, 1),
    "unhex": (f_unhex, 1, 2),
    "unicode": (f_unicode, 1, 1),
    "unlikely": (f_identity, 1, 1),
    "upper": (f_upper, 1, 1),
    "zeroblob": (f_zeroblob, 1, 1),
    "unistr": (f_unistr, 1, 1),
    "unistr_quote": (f_unistr_quote, 1, 1),
    "subtype": (f_subtype, 1, 1),
    "sqlite_log": (f_sqlite_log, 2, 2),
    "sqlite_source_id": (f_source_id, 0, 0),
    "sqlite_compileoption_used": (f_compileoption_used, 1, 1),
    "sqlite_compileoption_get": (f_compileoption_get, 1, 1),
    **MATH_FUNCTIONS,
    **DATE_TIME_FUNCTIONS,
    **JSON_FUNCTIONS,
}

# Functions that read the connection or the engine rather than their arguments: the
# executor answers them (expressions.py); here they are only named, with their arity.
CONTEXT_FUNCTIONS = ("changes", "last_insert_rowid", "total_changes", "sqlite_version",
                     "rowandb_version")
for _name in CONTEXT_FUNCTIONS:
    SCALAR_FUNCTIONS[_name] = (None, 0, 0)

_WINDOW = object()      # marks a window function called without OVER
# Window functions with their argument counts: without OVER they are an error.
_WINDOW_ONLY = {"row_number": (0, 0), "rank": (0, 0), "dense_rank": (0, 0),
                "percent_rank": (0, 0), "cume_dist": (0, 0), "ntile": (1, 1), "lag": (1, 3),
                "lead": (1, 3), "first_value": (1, 1), "last_value": (1, 1),
                "nth_value": (2, 2)}
_EXTENSIONS = {
    "FTS5": ("fts5", "bm25", "highlight", "snippet", "fts5_source_id", "fts5_get_locale",
             "fts5_insttoken", "fts5_locale"),
    "FTS3": ("matchinfo", "offsets", "optimize", "fts3_tokenizer"),
    "R*Tree": ("rtreecheck", "rtreedepth", "rtreenode"),
    "Geopoly": ("geopoly_area", "geopoly_bbox", "geopoly_blob", "geopoly_ccw",
                "geopoly_contains_point", "geopoly_debug", "geopoly_group_bbox", "geopoly_json",
                "geopoly_overlap", "geopoly_regular", "geopoly_svg", "geopoly_within",
                "geopoly_xform"),
}
SCALAR_FUNCTIONS.update(DATE_FUNCTIONS)     # current_time/date/timestamp (date.py)


def _unsupported(name: str) -> str | None:
    """Why the SQLite built-in ``name`` cannot run here, or None if it is not one of them."""
    if name == "load_extension":
        return "load_extension() is not supported"
    for extension, names in _EXTENSIONS.items():
        if name in names:
            return f"the {extension} extension is not supported: {name}()"
    return None


def lookup_scalar(name: str, nargs: int, window_ok: bool = False):
    """The implementation of scalar function ``name`` called with ``nargs`` arguments.

    A window function called without OVER is an error once its arguments are found
    valid; ``window_ok`` leaves that check to the caller (it returns None then)."""
    lname = ascii_lower(name)
    entry = SCALAR_FUNCTIONS.get(lname)
    if entry is None and lname in _WINDOW_ONLY:
        entry = (_WINDOW,) + _WINDOW_ONLY[lname]
    if entry is None:
        reason = _unsupported(lname)
        if reason is not None:
            raise NotSupportedError(reason)
        raise OperationalError(f"no such function: {name}")
    fn, lo, hi = entry
    if nargs < lo or (hi >= 0 and nargs > hi):
        raise OperationalError(f"wrong number of arguments to function {name}()")
    if fn is _WINDOW:
        if window_ok:
            return None
        raise OperationalError(f"misuse of window function {lname}()")
    return fn


def is_window_only(name: str) -> bool:
    """True for the functions that exist only as window functions (rank(), lag()...)."""
    return ascii_lower(name) in _WINDOW_ONLY


def window_only() -> dict:
    """The functions that exist only as window functions, with their argument counts."""
    return dict(_WINDOW_ONLY)


def is_builtin(name: str) -> bool:
    """True if ``name`` is a scalar function SQLite has built in (implemented here or not)."""
    lname = ascii_lower(name)
    return lname in SCALAR_FUNCTIONS or lname in _WINDOW_ONLY or _unsupported(lname) is not None


def is_builtin_function(name: str) -> bool:
    """True if ``name`` is any function SQLite has built in, aggregates included."""
    return is_builtin(name) or ascii_lower(name) in AGGREGATES


def is_known_function(name: str) -> bool:
    """A built-in, or a function of the connection running the statement (user.py)."""
    return is_builtin_function(name) or user_defines(name)


__all__ = ["SCALAR_FUNCTIONS", "lookup_scalar", "is_builtin", "is_builtin_function",
           "is_known_function",
           "is_window_only", "window_only"]
