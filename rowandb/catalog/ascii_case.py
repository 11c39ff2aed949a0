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


class SpelledCollation(str):
    """A collation's name in capitals -- what comparisons and lookups use -- that keeps
    the spelling a column or index declared it with, so the error of a collation removed
    since names it as SQLite does (``no such collation sequence: mine``)."""

    def __new__(cls, upper: str, written: str):
        self = super().__new__(cls, upper)
        self.written = written
        return self

    def __reduce__(self):
        return SpelledCollation, (str(self), self.written)


def declared_collation(written: str) -> str:
    """The capitals a declared collation name is compared by, remembering the spelling
    when it differs (``SpelledCollation``; the built-in ones are never missing)."""
    upper = ascii_upper(written)
    if upper == written or upper in ("BINARY", "NOCASE", "RTRIM"):
        return upper
    return SpelledCollation(upper, written)


def collation_spelling(name: str) -> str:
    """How a missing collation is named in SQLite's error: as its declaration wrote it."""
    return getattr(name, "written", name)
