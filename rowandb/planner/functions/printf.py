"""SQLite's printf(): its format language, rendering REALs through realtext.fp_decode so the
digits match SQLite's (sqlite.org/printf.html)."""
from __future__ import annotations

import re

from ..types.realtext import fp_decode
from ..types.values import check_size, text_bytes, text_from_bytes
from .sqltext import c_string, char_slice, printed_char, printed_width
from .convert import _double, _int, _text
from ...catalog.ascii_case import ascii_lower, ascii_upper

_SPEC = re.compile(r"%([-+ #!0,]*)(\*|[0-9]*)(?:\.(\*|[0-9]*))?(?:ll|l)?(.?)", re.S)
_RADIX = {"d": (10, True, ""), "i": (10, True, ""), "u": (10, False, ""),
          "x": (16, False, "0x"), "X": (16, False, "0X"), "o": (8, False, "0"),
          "p": (16, False, "0x"), "r": (10, True, "")}
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
    size = 0                                # characters so far: the limit holds the whole
    while True:
        at = fmt.find("%", pos)
        if at < 0:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:at])
        size += at - pos
        m = _SPEC.match(fmt, at)
        flags, width, precision, conv = m.group(1), m.group(2), m.group(3), m.group(4)
        pos = m.end()
        if conv == "" and at + 1 == len(fmt):
            out.append("%")
            break
        spec = _Spec(flags, width, precision, args)     # '*' takes an argument, also for %%
        if conv == "n":                     # (its width and precision taken, then dropped)
            continue
        check_size(size + spec.width)       # before building a piece at least this wide
        piece = "%" if conv == "%" else _convert(conv, spec, args)  # padded to the width
        if piece is None:
            break
        out.append(spec.pad(piece, conv))
        size += len(out[-1])
        check_size(size)
    return "".join(out)


def _int32(v: int) -> int:
    """A 64-bit integer cut to a C int, as ``(int)`` does."""
    v &= 0xFFFFFFFF
    return v - (1 << 32) if v >= 1 << 31 else v


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
        # Widths and precisions are C ints: a '*' argument is cut to 32 bits, digits wrap
        # at 31 bits, and a negative one is turned round (SQLite's printf.c).
        if width == "*":
            w = _int32(_int(args.next()))
            if w < 0:
                self.left, w = True, (-w if w >= -2147483647 else 0)
            self.width = w
        else:
            self.width = int(width) & 0x7FFFFFFF if width else 0
        if precision is None:
            self.precision = -1
        elif precision == "*":
            p = _int32(_int(args.next()))
            self.precision = p if p >= 0 else (-p if p >= -2147483647 else -1)
        else:
            self.precision = int(precision) & 0x7FFFFFFF if precision else 0

    def pad(self, piece: str, conv: str) -> str:
        by_chars = self.alt2 or conv == "c" or piece.isascii()
        size = printed_width(piece) if by_chars else len(text_bytes(piece))
        fill = self.width - size
        if fill <= 0:
            return piece
        return piece + " " * fill if self.left else " " * fill + piece


def _convert(conv: str, spec: _Spec, args: _Args):
    """The piece one conversion makes; None for an unknown one -- also the end of the
    format after flags, width or precision (``'%5'``) -- where SQLite stops formatting."""
    if not conv:
        return None
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
        text = "" if v is None else c_string(_text(v))
        ch = printed_char(text) if text else "\x00"
        check_size(spec.precision)
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
        digits = ascii_upper(digits)
    precision = spec.precision
    check_size(precision)                   # zero-padded to at least this many digits
    if spec.zero and precision < spec.width - (1 if prefix else 0):
        precision = spec.width - (1 if prefix else 0)
    suffix = _ordinal_suffix(v) if conv == "r" else ""  # counted by the precision
    if len(digits) + len(suffix) < precision:
        digits = "0" * (precision - len(digits) - len(suffix)) + digits
    if spec.comma and conv in "diu":        # printf.c's etDECIMAL alone: cThousand
        digits = _thousands(digits)
    digits += suffix
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


# SQLite's SQLITE_FP_PRECISION_LIMIT: a REAL is never written with more digits.
_FP_PRECISION_LIMIT = 100_000_000


def _format_real(conv: str, spec: _Spec, r: float) -> str:
    precision = 6 if spec.precision < 0 else min(spec.precision, _FP_PRECISION_LIMIT)
    kind = ascii_lower(conv)
    if kind == "f":
        iround = -precision
    elif kind == "g":
        precision = precision or 1
        iround = precision
    else:
        iround = precision + 1
    if r != r:
        return "null" if spec.zero else "NaN"
    infinite = r in (float("inf"), float("-inf"))
    if infinite and not spec.zero:
        return "-Inf" if r < 0 else spec.plus + "Inf"
    prefix = "-" if r < 0 else spec.plus
    if infinite:
        z, idp = "9", 1000          # zero-padded, SQLite writes an infinity as 9.0e+999
    elif r == 0.0:
        z, idp = "0", 1
    else:
        z, idp = fp_decode(-r if r < 0 else r, iround, 26 if spec.alt2 else 16)
    body = _layout_real_digits(kind, conv, spec, z, idp, precision)
    if spec.alt and not spec.plus and kind == "f" and prefix == "-" and not body.strip("0.,"):
        prefix = ""         # SQLite: '%#f' drops the sign of a value that rounds to zero,
        #                     but '%+#f' and '% #f' keep it
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
    used = 0                                    # digits of z placed so far
    out = []
    if e2 < 0:
        out.append("0")
    else:
        for k in range(e2, -1, -1):
            out.append(z[used] if used < len(z) else "0")
            used += 1
            if spec.comma and k % 3 == 0 and k > 1:
                out.append(",")
    point = precision > 0 or spec.alt or spec.alt2
    if point:
        out.append(".")
    e2 += 1
    if e2 < 0 and precision > 0:
        zeros = min(-e2, precision)
        out.append("0" * zeros)
        precision -= zeros
    tail = z[used:used + precision]
    out.append(tail + "0" * (precision - len(tail)))
    text = "".join(out)
    if rtz and point:
        text = text.rstrip("0")
        if text.endswith("."):
            text = text + "0" if spec.alt2 else text[:-1]
    if kind == "e":
        text += f"{'E' if conv in 'EG' else 'e'}{'-' if exp < 0 else '+'}{abs(exp):02d}"
    return text


def _format_string(spec: _Spec, v) -> str:
    text = "" if v is None else c_string(_text(v))          # a C string: up to a NUL
    if spec.precision >= 0:
        text = _clip(text, spec.precision, spec.alt2)
    return text


def _clip(text: str, limit: int, by_chars: bool) -> str:
    if text.isascii():
        return text[:limit]
    if by_chars:                    # a lead byte 0xC0+ takes its continuation bytes
        return char_slice(text, 0, limit, 0xC0)
    return text_from_bytes(text_bytes(text)[:limit])      # may cut a character, as SQLite


def _format_quoted(conv: str, spec: _Spec, v) -> str:
    if v is None:
        text = "NULL" if conv == "Q" else "(NULL)"
        return _clip(text, spec.precision, True) if spec.precision >= 0 else text
    text = c_string(_text(v))
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

