"""Case folding as SQLite does it: ASCII letters only.

SQLite compares names (tables, columns, indexes, views, triggers, aliases, common tables),
keywords, type names, collation, function and pragma names without regard to case, but its
folding table (sqlite3UpperToLower, sqlite3StrICmp) maps A-Z to a-z and leaves every other
character alone: "É" and "é" name two columns, "ſELECT" is a name and not the keyword SELECT,
and "NOCAſE" is no collation. Python's ``str.lower``/``str.upper`` fold Unicode (and
"ſ".upper() is "S", "K".lower() is "k"), so every such comparison in RowanDB goes through
these two functions instead.
"""

from __future__ import annotations

_TO_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
_TO_UPPER = {c + 32: c for c in range(ord("A"), ord("Z") + 1)}


def ascii_lower(text: str) -> str:
    """``text`` with A-Z made a-z and nothing else changed (the key of a name)."""
    return text.lower() if text.isascii() else text.translate(_TO_LOWER)


def ascii_upper(text: str) -> str:
    """``text`` with a-z made A-Z and nothing else changed."""
    return text.upper() if text.isascii() else text.translate(_TO_UPPER)
