"""The scalar-function registry: every built-in scalar function by name.

``SCALAR_FUNCTIONS`` maps a lowercase name to ``(implementation, min_args, max_args)``
(max -1 = unlimited); implementations take the already evaluated argument values
positionally. ``lookup_scalar`` resolves a call and raises SQLite's exact errors. NULL
handling, argument conversion and result types follow SQLite's func.c. changes(),
total_changes() and last_insert_rowid() need connection state and are provided by the
executor; the aggregates are in ``aggregates``.
"""
from __future__ import annotations

from ...errors import OperationalError
from ..types.patterns import glob
from ..types.values import typeof
from .date import SCALAR as DATE_FUNCTIONS
from .core import f_coalesce, f_identity, f_iif, f_likelihood, f_nullif, f_scalar_max, f_scalar_min
from .numeric import f_abs, f_random, f_randomblob, f_round, f_sign, f_zeroblob
from .text import (
    _trimmer, f_char, f_concat, f_concat_ws, f_hex, f_instr, f_length, f_like, f_lower,
    f_octet_length, f_printf, f_quote, f_replace, f_substr, f_unhex, f_unicode, f_upper,
)


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
}
SCALAR_FUNCTIONS.update(DATE_FUNCTIONS)     # current_time/date/timestamp (date.py)


def lookup_scalar(name: str, nargs: int):
    """The implementation of scalar function ``name`` called with ``nargs`` arguments."""
    entry = SCALAR_FUNCTIONS.get(name.lower())
    if entry is None:
        raise OperationalError(f"no such function: {name}")
    fn, lo, hi = entry
    if nargs < lo or (hi >= 0 and nargs > hi):
        raise OperationalError(f"wrong number of arguments to function {name}()")
    return fn


__all__ = ["SCALAR_FUNCTIONS", "lookup_scalar"]
