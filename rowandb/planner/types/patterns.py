"""LIKE and GLOB: SQLite's pattern matching (sqlite.org/lang_expr.html#like).

LIKE is ASCII case-insensitive with ``%`` and ``_`` and an optional ESCAPE character; GLOB
is case-sensitive with ``*``, ``?`` and ``[...]`` classes. Patterns are translated into
Python regular expressions, cached per pattern.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...errors import OperationalError
from .values import to_text

_MAX_PATTERN_BYTES = 50000
# SQLite as shipped with apsw (the project's oracle) is built with
# SQLITE_LIKE_DOESNT_MATCH_BLOBS: a BLOB operand makes LIKE and GLOB false, even with NULL.
LIKE_DOESNT_MATCH_BLOBS = True


def _pattern_text(v) -> str:
    return v if type(v) is str else to_text(v)


def like(pattern, text, escape=None):
    """SQLite's like(pattern, text[, escape]): ASCII case-insensitive, % and _."""
    if LIKE_DOESNT_MATCH_BLOBS and (type(pattern) is bytes or type(text) is bytes):
        return 0
    if pattern is None or text is None:
        return None
    if escape is not None:
        escape = _pattern_text(escape)
        if len(escape) != 1:
            raise OperationalError("ESCAPE expression must be a single character")
    pattern = _pattern_text(pattern)
    if len(pattern) > _MAX_PATTERN_BYTES and len(pattern.encode()) > _MAX_PATTERN_BYTES:
        raise OperationalError("LIKE or GLOB pattern too complex")
    return 1 if _like_regex(pattern, escape)(_pattern_text(text)) else 0


def like_with_escape(pattern, text, escape):
    """like() whose escape argument was given explicitly (NULL escape -> NULL)."""
    if escape is None:
        return None
    return like(pattern, text, escape)


def glob(pattern, text):
    """SQLite's glob(pattern, text): case-sensitive *, ?, [...] and [^...]."""
    if LIKE_DOESNT_MATCH_BLOBS and (type(pattern) is bytes or type(text) is bytes):
        return 0
    if pattern is None or text is None:
        return None
    pattern = _pattern_text(pattern)
    if len(pattern) > _MAX_PATTERN_BYTES and len(pattern.encode()) > _MAX_PATTERN_BYTES:
        raise OperationalError("LIKE or GLOB pattern too complex")
    return 1 if _glob_regex(pattern)(_pattern_text(text)) else 0


@lru_cache(maxsize=512)
def _like_regex(pattern: str, escape: str | None):
    parts = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == escape:
            if i >= n:
                return _never
            c = pattern[i]
            i += 1
            parts.append(_like_literal(c))
        elif c == "%":
            if not parts or parts[-1] != ".*":
                parts.append(".*")
        elif c == "_":
            parts.append(".")
        else:
            parts.append(_like_literal(c))
    return re.compile("".join(parts), re.DOTALL).fullmatch


def _like_literal(c: str) -> str:
    if "a" <= c <= "z" or "A" <= c <= "Z":
        return f"[{c.lower()}{c.upper()}]"
    return re.escape(c)


def _never(_text):
    return None


@lru_cache(maxsize=512)
def _glob_regex(pattern: str):
    parts = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        i += 1
        if c == "*":
            if not parts or parts[-1] != ".*":
                parts.append(".*")
        elif c == "?":
            parts.append(".")
        elif c == "[":
            cls, i = _glob_class(pattern, i)
            if cls is None:
                return _never
            parts.append(cls)
        else:
            parts.append(re.escape(c))
    return re.compile("".join(parts), re.DOTALL).fullmatch


def _glob_class(pattern: str, i: int):
    """Translate a [...] class starting after '['; returns (regex, next index)."""
    n = len(pattern)
    invert = i < n and pattern[i] == "^"
    if invert:
        i += 1
    items: list[str] = []
    if i < n and pattern[i] == "]":
        items.append(re.escape("]"))
        i += 1
    prior = None
    while i < n and pattern[i] != "]":
        c = pattern[i]
        i += 1
        if c == "-" and prior is not None and i < n and pattern[i] != "]":
            hi = pattern[i]
            i += 1
            if prior <= hi:
                items.append(f"{_cls_escape(prior)}-{_cls_escape(hi)}")
            prior = None
        else:
            items.append(_cls_escape(c))
            prior = c
    if i >= n:
        return None, i
    body = "".join(items)
    if not body:
        return ("." if invert else "(?!)"), i + 1
    return f"[{'^' if invert else ''}{body}]", i + 1


def _cls_escape(c: str) -> str:
    return "\\" + c if c in "\\]^-[" else c


