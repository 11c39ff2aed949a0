"""How a function reads its arguments: SQLite's sqlite3_value_text/double/int64 conversions,
shared by every function family."""
from __future__ import annotations

from ..types.values import to_integer, to_real, to_text

_ABSENT = object()          # marks an optional argument that was not passed


def _text(v):
    """sqlite3_value_text(): NULL stays None, everything else its text form."""
    return v if type(v) is str else to_text(v)


def _double(v) -> float:
    """sqlite3_value_double()."""
    t = type(v)
    if t is float:
        return v
    if t is int:
        return float(v)
    if v is None:
        return 0.0
    return to_real(v)


def _int(v) -> int:
    """sqlite3_value_int64()."""
    if type(v) is int:
        return v
    if v is None:
        return 0
    return to_integer(v)


