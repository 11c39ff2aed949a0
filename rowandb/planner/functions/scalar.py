"""SQLite's core scalar functions, implemented on plain Python values.

``SCALAR_FUNCTIONS`` maps a lowercase name to ``(implementation, min_args, max_args)``
(max -1 = unlimited); implementations take the already evaluated argument values
positionally. ``lookup_scalar`` resolves a call and raises SQLite's exact errors. NULL
handling, argument conversion and result types follow SQLite's func.c; printf() renders
REALs through values.fp_decode so its digits match SQLite's. changes(), total_changes()
and last_insert_rowid() need connection state and are provided by the executor.
"""
from __future__ import annotations

import os
import random as _random
import re

from rowandb.errors import OperationalError
from rowandb.planner.types.values import (
    INT64_MIN, _text_numeric_affinity, _text_to_real, compare, fp_decode, glob,
    like, to_integer, to_real, to_text, truth, typeof,
)

_MAX_BLOB = 1_000_000_000  # SQLite's default SQLITE_MAX_LENGTH
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


# --- numbers ----------------------------------------------------------------------------

def f_abs(x):
    t = type(x)
    if t is int:
        if x == INT64_MIN:
            raise OperationalError("integer overflow")
        return -x if x < 0 else x
    if x is None:
        return None
    r = _double(x)
    return -r if r < 0 else r


def f_round(x, n=0):
    if x is None or n is None:
        return None
    digits = _int(n)
    digits = 30 if digits > 30 else (0 if digits < 0 else digits)
    r = _double(x)
    if not -4503599627370496.0 <= r <= 4503599627370496.0:
        return r  # no fractional part to round (also infinities)
    if digits == 0:
        return float(int(r + (-0.5 if r < 0 else 0.5)))
    # SQLite renders with "%!.*f" and reads the text back.
    return _text_to_real(_format_real("f", _Spec("!", "", str(digits), None), r))


def f_sign(x):
    t = type(x)
    if t is str:
        x = _text_numeric_affinity(x, False)
        t = type(x)
    if t is not int and t is not float:
        return None
    return -1 if x < 0 else (1 if x > 0 else 0)


def f_random():
    return _random.getrandbits(64) - (1 << 63)


def f_randomblob(n):
    size = _int(n)
    return os.urandom(size if size >= 1 else 1)


def f_zeroblob(n):
    size = _int(n)
    if size > _MAX_BLOB:
        raise OperationalError("string or blob too big")
    return bytes(size if size > 0 else 0)


# --- text -------------------------------------------------------------------------------

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


# --- printf -----------------------------------------------------------------------------

_SPEC = re.compile(r"%([-+ #!0,]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?(?:ll|l)?(.?)", re.S)
_RADIX = {"d": (10, True, ""), "i": (10, True, ""), "u": (10, False, ""),
          "x": (16, False, "0x"), "X": (16, False, "0X"), "o": (8, False, "0"),
          "p": (16, False, ""), "r": (10, True, "")}
_UPPER_HEX = frozenset("Xp")


class _Args:
    """Pulls printf arguments in order, treating missing ones as NULL."""

    def __init__(self, values):
        self.values = values
        self.i = 0

    def next(self):
        if self.i >= len(self.values):
            return None
        self.i += 1
        return self.values[self.i - 1]


def sql_printf(fmt: str, values) -> str:
    """SQLite's printf()/format(): render ``values`` through the format string."""
    out: list[str] = []
    args = _Args(values)
    pos = 0
    while True:
        at = fmt.find("%", pos)
        if at < 0:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:at])
        m = _SPEC.match(fmt, at)
        flags, width, precision, conv = m.group(1), m.group(2), m.group(3), m.group(4)
        pos = m.end()
        if conv == "" and at + 1 == len(fmt):
            out.append("%")
            break
        if conv == "%":
            out.append("%")
            continue
        if conv == "n":
            continue
        spec = _Spec(flags, width, precision, args)
        piece = _convert(conv, spec, args)
        if piece is None:
            break
        out.append(spec.pad(piece, conv))
    return "".join(out)


class _Spec:
    __slots__ = ("left", "plus", "alt", "alt2", "zero", "comma", "width", "precision")

    def __init__(self, flags: str, width: str, precision, args: _Args):
        self.left = "-" in flags
        self.plus = ""
        for c in flags:
            if c in "+ ":
                self.plus = c
        self.alt = "#" in flags
        self.alt2 = "!" in flags
        self.zero = "0" in flags
        self.comma = "," in flags
        if width == "*":
            w = _int(args.next())
            if w < 0:
                self.left, w = True, -w
            self.width = w
        else:
            self.width = int(width) if width else 0
        if precision is None:
            self.precision = -1
        elif precision == "*":
            p = _int(args.next())
            self.precision = -p if p < 0 else p
        else:
            self.precision = int(precision) if precision else 0

    def pad(self, piece: str, conv: str) -> str:
        by_chars = self.alt2 or conv == "c" or piece.isascii()
        size = len(piece) if by_chars else len(piece.encode("utf-8"))
        fill = self.width - size
        if fill <= 0:
            return piece
        return piece + " " * fill if self.left else " " * fill + piece


def _convert(conv: str, spec: _Spec, args: _Args):
    if conv in _RADIX:
        return _format_int(conv, spec, _int(args.next()))
    if conv in "feEgG":
        return _format_real(conv, spec, _double(args.next()))
    if conv in "sz":
        return _format_string(spec, args.next())
    if conv in "qQw":
        return _format_quoted(conv, spec, args.next())
    if conv == "c":
        v = args.next()
        text = "" if v is None else _text(v)
        ch = text[0] if text else "\x00"
        return ch * (spec.precision if spec.precision > 1 else 1)
    return None


def _format_int(conv: str, spec: _Spec, v: int) -> str:
    base, signed, alt_prefix = _RADIX[conv]
    prefix = ""
    if signed:
        if v < 0:
            v, prefix = -v, "-"
        else:
            prefix = spec.plus
    else:
        v &= (1 << 64) - 1
    digits = str(v) if base == 10 else format(v, "x" if base == 16 else "o")
    if conv in _UPPER_HEX:
        digits = digits.upper()
    precision = spec.precision
    if spec.zero and precision < spec.width - (1 if prefix else 0):
        precision = spec.width - (1 if prefix else 0)
    if len(digits) < precision:
        digits = "0" * (precision - len(digits)) + digits
    if spec.comma and base == 10:
        digits = _thousands(digits)
    if conv == "r":
        digits += _ordinal_suffix(v)
    if spec.alt and alt_prefix and v != 0:
        digits = alt_prefix + digits
    return prefix + digits


def _thousands(digits: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ",".join(groups)


def _ordinal_suffix(v: int) -> str:
    if v % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(v % 10, "th")


def _format_real(conv: str, spec: _Spec, r: float) -> str:
    precision = 6 if spec.precision < 0 else spec.precision
    kind = conv.lower()
    if kind == "f":
        iround = -precision
    elif kind == "g":
        precision = precision or 1
        iround = precision
    else:
        iround = precision + 1
    if r != r:
        return "null" if spec.zero else "NaN"
    if r in (float("inf"), float("-inf")):
        return "-Inf" if r < 0 else spec.plus + "Inf"
    prefix = "-" if r < 0 else spec.plus
    if r == 0.0:
        z, idp = "0", 1
    else:
        z, idp = fp_decode(-r if r < 0 else r, iround, 26 if spec.alt2 else 16)
    body = _layout_real_digits(kind, conv, spec, z, idp, precision)
    if spec.alt and kind == "f" and prefix == "-" and not body.strip("0.,"):
        prefix = ""         # SQLite: '%#f' drops the sign of a value that rounds to zero
    text = prefix + body
    if spec.zero and not spec.left and len(text) < spec.width:
        text = prefix + "0" * (spec.width - len(text)) + body
    return text


def _layout_real_digits(kind, conv, spec, z, idp, precision) -> str:
    exp = idp - 1
    if kind == "g":
        if precision > 0:
            precision -= 1
        rtz = not spec.alt
        if exp < -4 or exp > precision:
            kind = "e"
        else:
            precision -= exp
            kind = "f"
    else:
        rtz = spec.alt2
    e2 = 0 if kind == "e" else idp - 1
    digits = iter(z)
    out = []
    if e2 < 0:
        out.append("0")
    else:
        for k in range(e2, -1, -1):
            out.append(next(digits, "0"))
            if spec.comma and k % 3 == 0 and k > 1:
                out.append(",")
    point = precision > 0 or spec.alt or spec.alt2
    if point:
        out.append(".")
    e2 += 1
    while e2 < 0 and precision > 0:
        out.append("0")
        precision -= 1
        e2 += 1
    out.extend(next(digits, "0") for _ in range(precision))
    text = "".join(out)
    if rtz and point:
        text = text.rstrip("0")
        if text.endswith("."):
            text = text + "0" if spec.alt2 else text[:-1]
    if kind == "e":
        text += f"{'E' if conv in 'EG' else 'e'}{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return text


def _format_string(spec: _Spec, v) -> str:
    text = "" if v is None else _text(v)
    if spec.precision >= 0:
        text = _clip(text, spec.precision, spec.alt2)
    return text


def _clip(text: str, limit: int, by_chars: bool) -> str:
    if by_chars or text.isascii():
        return text[:limit]
    return text.encode("utf-8")[:limit].decode("utf-8", "replace")


def _format_quoted(conv: str, spec: _Spec, v) -> str:
    if v is None:
        text = "NULL" if conv == "Q" else "(NULL)"
        return _clip(text, spec.precision, True) if spec.precision >= 0 else text
    text = _text(v)
    if spec.precision >= 0:
        text = _clip(text, spec.precision, spec.alt2)
    quote = '"' if conv == "w" else "'"
    escape = spec.alt and conv != "w" and (conv == "q" or _has_control(text))
    if escape:  # '#': backslashes and control characters become unistr() escapes
        text = "".join(_UNISTR_ESCAPES.get(ch, ch) for ch in text.replace("\\", "\\\\"))
    text = text.replace(quote, quote + quote)
    if conv != "Q":
        return text
    return f"unistr('{text}')" if escape else f"'{text}'"


_UNISTR_ESCAPES = {chr(c): f"\\u{c:04x}" for c in range(32)}


def _has_control(text: str) -> bool:
    return any(ch < " " for ch in text)


# --- NULL handling and choice ------------------------------------------------------------

def f_coalesce(*args):
    for a in args:
        if a is not None:
            return a
    return None


def f_iif(*args):
    """iif(c1, v1, c2, v2, ..., [else]): the first value whose condition is true."""
    n = len(args)
    for i in range(0, n - 1, 2):
        if truth(args[i]):
            return args[i + 1]
    return args[-1] if n % 2 == 1 else None


def f_nullif(a, b):
    return None if compare(a, b) == 0 else a


def f_scalar_max(*args):
    best = args[0]
    if best is None:
        return None
    for v in args[1:]:
        if v is None:
            return None
        if compare(best, v) < 0:
            best = v
    return best


def f_scalar_min(*args):
    best = args[0]
    if best is None:
        return None
    for v in args[1:]:
        if v is None:
            return None
        if compare(best, v) >= 0:
            best = v
    return best


def f_likelihood(x, probability):
    if type(probability) is not float or not 0.0 <= probability <= 1.0:
        raise OperationalError(
            "second argument to likelihood() must be a constant between 0.0 and 1.0")
    return x


def f_identity(x):
    return x


def f_like(pattern, text, escape=_ABSENT):
    """like(pattern, text[, escape]); an explicit NULL escape gives NULL."""
    if escape is _ABSENT:
        return like(pattern, text)
    if escape is None:
        return None
    return like(pattern, text, escape)


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


def lookup_scalar(name: str, nargs: int):
    """The implementation of scalar function ``name`` called with ``nargs`` arguments."""
    entry = SCALAR_FUNCTIONS.get(name.lower())
    if entry is None:
        raise OperationalError(f"no such function: {name}")
    fn, lo, hi = entry
    if nargs < lo or (hi >= 0 and nargs > hi):
        raise OperationalError(f"wrong number of arguments to function {name}()")
    return fn


__all__ = ["SCALAR_FUNCTIONS", "lookup_scalar", "sql_printf"]
