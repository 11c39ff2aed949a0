"""Text and blob scalar functions: case, length, trim, replace, instr, substr, hex and unhex,
quote, char, unicode, concat, printf/format, like(), unistr() and unistr_quote().

How each one reads TEXT (bytes, SQLite's characters, C strings ending at a NUL) is in
``sqltext.py``; every function that builds a value checks SQLite's length limit first.
"""
from __future__ import annotations

import re

from ...errors import OperationalError
from ..types.patterns import like
from ..types.values import (
    INT64_MAX, check_size, check_text_size, has_surrogate, normalize_text, text_bytes,
    text_from_bytes, to_text,
)
from .convert import _ABSENT, _int, _text
from .printf import sql_printf
from .sqltext import (
    c_string, char_count, char_position, char_slice, char_trim, code_point_text, first_char,
)


_UPPER = {c: c - 32 for c in range(ord("a"), ord("z") + 1)}
_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def f_lower(x):
    if x is None:
        return None
    s = _text(x)
    return s.lower() if s.isascii() else s.translate(_LOWER)


def f_upper(x):
    if x is None:
        return None
    s = _text(x)
    return s.upper() if s.isascii() else s.translate(_UPPER)


def f_length(x):
    t = type(x)
    if t is str:
        return char_count(x)
    if x is None:
        return None
    if t is bytes:
        return len(x)
    return len(to_text(x))


def f_octet_length(x):
    if x is None:
        return None
    if type(x) is bytes:
        return len(x)
    return len(text_bytes(_text(x)))


def _trimmer(method: str):
    left, right = method != "rstrip", method != "lstrip"

    def trim(x, chars=" "):
        if x is None or chars is None:
            return None
        return char_trim(_text(x), _text(chars), left, right)
    trim.__name__ = method
    return trim


def f_replace(x, find, repl):
    if x is None or find is None:
        return None
    s, pattern = _text(x), _text(find)
    if pattern[:1] in ("", "\x00"):     # SQLite tests the pattern's first byte
        return s
    if repl is None:
        return None
    replacement = _text(repl)
    if has_surrogate(pattern):          # SQLite compares bytes: x'c3' is found in 'é'
        data, find_bytes, put = text_bytes(s), text_bytes(pattern), text_bytes(replacement)
        check_size(len(data) + data.count(find_bytes) * (len(put) - len(find_bytes)))
        return text_from_bytes(data.replace(find_bytes, put))
    hits = s.count(pattern)
    if hits:
        check_text_size(len(s) + hits * (len(replacement) - len(pattern)), (s, replacement))
    return normalize_text(s.replace(pattern, replacement))


def f_instr(haystack, needle):
    if haystack is None or needle is None:
        return None
    if type(haystack) is bytes and type(needle) is bytes:
        return haystack.find(needle) + 1
    return char_position(_text(haystack), _text(needle))


def f_substr(x, start, length=_ABSENT):
    """substr(X, Y[, Z]): 1-based; negative Y counts from the end, negative Z leftwards
    (func.c's substrFunc, in 64-bit arithmetic)."""
    if x is None or start is None or length is None:
        return None
    if x == b"":
        return None  # an empty blob reads back as a NULL pointer in SQLite
    blob = type(x) is bytes
    text = x if blob else _text(x)
    p1 = _int(start)
    p2 = INT64_MAX if length is _ABSENT else _int(length)
    size = len(text) if blob else (char_count(text, 0xC0) if p1 < 0 else 0)
    if p1 < 0:
        p1 += size
        if p1 < 0:
            p2 = 0 if p2 < 0 else p2 + p1
            p1 = 0
    elif p1 > 0:
        p1 -= 1
    elif p2 > 0:
        p2 -= 1
    if p2 < 0:
        p2 = p1 if p2 < -p1 else -p2
        p1 -= p2
    if blob:
        return text[p1:p1 + p2]
    return char_slice(text, p1, p2)


def f_hex(x):
    if x is None:
        return ""
    data = x if type(x) is bytes else text_bytes(_text(x))
    check_size(2 * len(data))
    return data.hex().upper()


def f_unhex(x, ignore=_ABSENT):
    if x is None or ignore is None:
        return None
    s = c_string(_text(x))
    skip = "" if ignore is _ABSENT else c_string(_text(ignore))
    out = bytearray()
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c not in _HEX_DIGITS:
            if c in skip:
                i += 1
                continue
            return None
        if i + 1 >= n or s[i + 1] not in _HEX_DIGITS:
            return None
        out.append(int(s[i:i + 2], 16))
        i += 2
    return bytes(out)


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def f_quote(x):
    t = type(x)
    if x is None:
        return "NULL"
    if t is int:
        return str(x)
    if t is float:
        if x in (float("inf"), float("-inf")):
            return "-9.0e+999" if x < 0 else "9.0e+999"      # reads back as the infinity
        return sql_printf("%!0.17g", [x])
    if t is bytes:
        check_size(2 * len(x) + 3)
        return "X'" + x.hex().upper() + "'"
    s = c_string(_text(x))
    quoted = s.replace("'", "''")
    check_text_size(len(quoted) + 2, (quoted,))
    return "'" + quoted + "'"


def f_char(*codes):
    return "".join(code_point_text(_int(v)) for v in codes)


def f_unicode(x):
    if x is None:
        return None
    return first_char(_text(x))


def f_concat(*args):
    pieces = [_text(a) for a in args if a is not None]
    check_text_size(sum(map(len, pieces)), pieces)
    return normalize_text("".join(pieces))


def f_concat_ws(sep, *args):
    if sep is None:
        return None
    separator = _text(sep)
    pieces = [_text(a) for a in args if a is not None]
    check_text_size(sum(map(len, pieces)) + len(separator) * max(len(pieces) - 1, 0),
                    pieces + [separator] * max(len(pieces) - 1, 0))
    return normalize_text(separator.join(pieces))


def f_printf(fmt=None, *args):
    if fmt is None:
        return None
    return normalize_text(sql_printf(c_string(_text(fmt)), list(args)))


def f_like(pattern, text, escape=_ABSENT):
    """like(pattern, text[, escape]): patterns.like decides, so an over-long pattern is an
    error even where the escape is NULL, as in SQLite."""
    if escape is _ABSENT:
        return like(pattern, text)
    return like(pattern, text, escape)


def f_unistr(x):
    """unistr(): backslash escapes \\XXXX, \\uXXXX, \\+XXXXXX, \\UXXXXXXXX and \\\\ become
    the characters they name; any other backslash is an error."""
    if x is None:
        return None
    return normalize_text(_UNISTR_ESCAPE.sub(_unistr_char, _text(x)))


_UNISTR_ESCAPE = re.compile(
    r"\\(\\|u[0-9a-fA-F]{4}|\+[0-9a-fA-F]{6}|U[0-9a-fA-F]{8}|[0-9a-fA-F]{4})?")


def _unistr_char(m) -> str:
    escape = m.group(1)
    if escape is None:
        raise OperationalError("invalid Unicode escape")
    if escape == "\\":
        return escape
    return code_point_text(int(escape.lstrip("u+U"), 16), clamp=False)


def f_unistr_quote(x):
    """unistr_quote(): quote(), but text holding control characters comes out as a
    unistr() call that rebuilds it."""
    if type(x) is not str:
        return f_quote(x)
    return sql_printf("%#Q", [c_string(x)])

