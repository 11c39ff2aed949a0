"""Text and blob scalar functions: case, length, trim, replace, instr, substr, hex and unhex,
quote, char, unicode, concat, printf/format and like()."""
from __future__ import annotations

from ..types.patterns import like
from ..types.values import to_text
from .convert import _ABSENT, _MAX_BLOB, _int, _text
from .printf import sql_printf


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
        cut = x.find("\x00")
        return len(x) if cut < 0 else cut
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
    return len(_text(x).encode("utf-8"))


def _trimmer(method: str):
    def trim(x, chars=" "):
        if x is None or chars is None:
            return None
        return getattr(_text(x), method)(_text(chars))
    trim.__name__ = method
    return trim


def f_replace(x, find, repl):
    if x is None or find is None:
        return None
    s, pattern = _text(x), _text(find)
    if pattern == "":
        return s
    if repl is None:
        return None
    return s.replace(pattern, _text(repl))


def f_instr(haystack, needle):
    if haystack is None or needle is None:
        return None
    if type(haystack) is bytes and type(needle) is bytes:
        return haystack.find(needle) + 1
    return _text(haystack).find(_text(needle)) + 1


def f_substr(x, start, length=_ABSENT):
    """substr(X, Y[, Z]): 1-based; negative Y counts from the end, negative Z leftwards."""
    if x is None or start is None or length is None:
        return None
    return _substr(x, _int(start), None if length is _ABSENT else _int(length))


def _substr(x, p1: int, p2):
    if x == b"":
        return None  # an empty blob reads back as a NULL pointer in SQLite
    seq = x if type(x) is bytes else _text(x)
    size = len(seq)
    negative = False
    if p2 is None:
        p2 = _MAX_BLOB
    elif p2 < 0:
        p2, negative = -p2, True
    if p1 < 0:
        p1 += size
        if p1 < 0:
            p2 = max(p2 + p1, 0)
            p1 = 0
    elif p1 > 0:
        p1 -= 1
    elif p2 > 0:
        p2 -= 1
    if negative:
        p1 -= p2
        if p1 < 0:
            p2 += p1
            p1 = 0
    return seq[p1:p1 + p2]


def f_hex(x):
    if x is None:
        return ""
    data = x if type(x) is bytes else _text(x).encode("utf-8")
    return data.hex().upper()


def f_unhex(x, ignore=_ABSENT):
    if x is None or ignore is None:
        return None
    s = _text(x)
    skip = "" if ignore is _ABSENT else _text(ignore)
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
        return sql_printf("%!0.17g", [x])
    if t is bytes:
        return "X'" + x.hex().upper() + "'"
    return "'" + _text(x).replace("'", "''") + "'"


def f_char(*codes):
    out = []
    for v in codes:
        c = _int(v)
        if c < 0 or c > 0x10FFFF or 0xD800 <= c <= 0xDFFF:
            c = 0xFFFD
        out.append(chr(c))
    return "".join(out)


def f_unicode(x):
    if x is None:
        return None
    s = _text(x)
    return ord(s[0]) if s else None


def f_concat(*args):
    return "".join(_text(a) for a in args if a is not None)


def f_concat_ws(sep, *args):
    if sep is None:
        return None
    return _text(sep).join(_text(a) for a in args if a is not None)


def f_printf(fmt=None, *args):
    if fmt is None:
        return None
    return sql_printf(_text(fmt), list(args))


def f_like(pattern, text, escape=_ABSENT):
    """like(pattern, text[, escape]); an explicit NULL escape gives NULL."""
    if escape is _ABSENT:
        return like(pattern, text)
    if escape is None:
        return None
    return like(pattern, text, escape)


