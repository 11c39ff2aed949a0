"""Rendering result values the way SQLite's sqllogictest runner prints them, plus sorting
and hashing of rendered results.

SQLite's runner asks for each column by the type letter of the query record:
``I`` -> ``sqlite3_column_int64`` printed with ``%lld``, ``R`` -> ``sqlite3_column_double``
printed with SQLite's ``printf("%.3f")`` (at most 16 significant digits), ``T`` ->
``sqlite3_column_text``. NULL prints as ``NULL`` in every column, an empty text as
``(empty)``, and every byte outside printable ASCII as ``@``. Engines hand us Python
values (None, int, float, str, bytes), so the conversions SQLite applies inside those
``sqlite3_column_*`` calls are emulated here.
"""

from __future__ import annotations

import hashlib
import math
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Iterable, Sequence

from ..planner.types.realtext import fp_decode

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
_SPACE = " \t\n\v\f\r"
_DIGITS = "0123456789"


# --- value conversions (what sqlite3_column_int64 / _double / _text do) -----------------

def _as_text(value: str | bytes) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    return value


def text_to_int64(text: str) -> int:
    """Leading integer prefix of ``text`` (after whitespace and a sign), clamped to 64 bits;
    0 when there is no digit. Like SQLite's ``sqlite3Atoi64`` used by ``column_int64``."""
    i, n = 0, len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    negative = False
    if i < n and text[i] in "+-":
        negative = text[i] == "-"
        i += 1
    start = i
    while i < n and text[i] in _DIGITS:
        i += 1
    if i == start:
        return 0
    number = int(text[start:i])
    number = -number if negative else number
    return max(INT64_MIN, min(INT64_MAX, number))


def real_to_int64(value: float) -> int:
    """Truncation toward zero, saturating at the 64-bit limits; NaN is 0."""
    if math.isnan(value):
        return 0
    if value <= INT64_MIN:
        return INT64_MIN
    if value >= INT64_MAX:
        return INT64_MAX
    return int(value)


def to_int64(value: Any) -> int:
    """``sqlite3_column_int64`` of a non-NULL value."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return max(INT64_MIN, min(INT64_MAX, value))
    if isinstance(value, float):
        return real_to_int64(value)
    return text_to_int64(_as_text(value))


def text_to_real(text: str) -> float:
    """Longest numeric prefix of ``text`` as a real, 0.0 when there is none.
    Like SQLite's ``sqlite3AtoF`` used by ``column_double``."""
    i, n = 0, len(text)
    while i < n and text[i] in _SPACE:
        i += 1
    start = i
    if i < n and text[i] in "+-":
        i += 1
    digits_at = i
    while i < n and text[i] in _DIGITS:
        i += 1
    seen_digits = i > digits_at
    if i < n and text[i] == ".":
        j = i + 1
        while j < n and text[j] in _DIGITS:
            j += 1
        if seen_digits or j > i + 1:
            seen_digits, i = True, j
    if not seen_digits:
        return 0.0
    if i < n and text[i] in "eE":
        j = i + 1
        if j < n and text[j] in "+-":
            j += 1
        if j < n and text[j] in _DIGITS:
            while j < n and text[j] in _DIGITS:
                j += 1
            i = j
    return float(text[start:i])


def to_real(value: Any) -> float:
    """``sqlite3_column_double`` of a non-NULL value."""
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:  # an int beyond the double range (not a SQLite value)
            return math.copysign(math.inf, value)
    return text_to_real(_as_text(value))


# --- printf emulation ----------------------------------------------------------------

def _round_significant(exact: Decimal, digits: int, rounding: str) -> Decimal:
    place = exact.adjusted() - digits + 1
    return exact.quantize(Decimal(1).scaleb(place), rounding=rounding)


def format_real(value: float, decimals: int = 3) -> str:
    """SQLite's ``printf("%.<decimals>f")``: its own decimal digits of the double
    (``fp_decode``, sqlite3FpDecode), rounded half up at the coarser of the requested
    decimal place and the 16th significant digit, so huge values print as
    ``-9223372036854776000.000``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    fraction = "." + "0" * decimals if decimals else ""
    if value == 0:
        return "0" + fraction
    digits, point = fp_decode(abs(value), -decimals, 16)
    digits += "0" * max(0, point + decimals - len(digits))
    whole = digits[:point] if point > 0 else "0"
    tail = digits[point:] if point >= 0 else "0" * -point + digits
    text = whole + ("." + tail[:decimals] if decimals else "")
    return ("-" if value < 0 else "") + text


def real_to_text(value: float) -> str:
    """A REAL as text the way the SQLite that wrote the corpus printed it (``%!.15g``):
    15 significant digits rounded half up, trailing zeros dropped but a ``.0`` kept,
    exponent form (``1.0e+20``) below 1e-4 and from 1e15 on."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0.0"
    sign = "-" if value < 0 else ""
    with localcontext() as ctx:
        ctx.prec = 1000
        rounded = _round_significant(Decimal(abs(value)), 15, ROUND_HALF_UP)
    exponent = rounded.adjusted()
    mantissa_digits = "".join(map(str, rounded.as_tuple().digits)).rstrip("0") or "0"
    if exponent < -4 or exponent >= 15:
        head, tail = mantissa_digits[0], mantissa_digits[1:] or "0"
        return f"{sign}{head}.{tail}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return sign + (text if "." in text else text + ".0")


def to_text_bytes(value: Any) -> bytes:
    """``sqlite3_column_text`` of a non-NULL value as bytes (C string: stops at a NUL)."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        raw = str(value).encode()
    elif isinstance(value, float):
        raw = real_to_text(value).encode()
    elif isinstance(value, str):
        raw = value.encode("utf-8", errors="surrogateescape")
    else:
        raw = bytes(value)
    return raw.split(b"\0", 1)[0]


# --- rendering -------------------------------------------------------------------------

def sanitize(raw: bytes) -> str:
    """Every byte outside printable ASCII (0x20..0x7e) becomes ``@``, as SQLite's runner
    does byte by byte (so one non-ASCII UTF-8 character may become several ``@``)."""
    return "".join(chr(b) if 0x20 <= b <= 0x7E else "@" for b in raw)


def render_int(value: Any) -> str:
    """An ``I`` column value: ``sqlite3_column_int64`` printed with ``%lld``."""
    if type(value) is int and INT64_MIN <= value <= INT64_MAX:  # the common case, fast
        return str(value)
    return "NULL" if value is None else str(to_int64(value))


def render_real(value: Any) -> str:
    """An ``R`` column value: ``sqlite3_column_double`` printed with ``%.3f``."""
    return "NULL" if value is None else format_real(to_real(value))


def render_text(value: Any) -> str:
    """A ``T`` column value: ``sqlite3_column_text``, ``(empty)`` and ``@`` applied."""
    if type(value) is str and value.isascii() and value.isprintable():  # fast path
        return value or "(empty)"
    if value is None:
        return "NULL"
    raw = to_text_bytes(value)
    return sanitize(raw) if raw else "(empty)"


RENDERERS = {"I": render_int, "R": render_real, "T": render_text}


def render_value(value: Any, type_char: str) -> str:
    """One result value as SQLite's runner prints it for a column of type ``type_char``."""
    try:
        renderer = RENDERERS[type_char]
    except KeyError:
        raise ValueError(f"unknown column type {type_char!r} (expected I, R or T)") from None
    return renderer(value)


def render_rows(rows: Sequence[Sequence[Any]], types: str) -> list[tuple[str, ...]]:
    """Rows rendered column by column; the caller has checked every row has len(types)
    values. Works a column at a time because result sets can hold millions of values."""
    if not rows:
        return []
    columns = [render_column(column, type_char) for type_char, column in zip(types, zip(*rows))]
    return list(zip(*columns))


def render_column(column: Sequence[Any], type_char: str) -> list[str]:
    """One column's values rendered; whole-column fast paths for plain ints and text."""
    kinds = set(map(type, column))
    if type_char == "I" and kinds == {int} and INT64_MIN <= min(column) and max(column) <= INT64_MAX:
        return list(map(str, column))
    if type_char == "T" and kinds == {str} and "" not in column:
        joined = "".join(column)
        if joined.isascii() and joined.isprintable():
            return list(column)
    return list(map(RENDERERS[type_char], column))


# --- sorting and hashing ---------------------------------------------------------------

def arrange(rows: list[tuple[str, ...]], sort_mode: str) -> list[str]:
    """Rendered rows -> the flat list of values in the order the sort mode asks for.
    Sorting compares rendered text (strcmp order: "10" < "9")."""
    if sort_mode == "nosort":
        return [value for row in rows for value in row]
    if sort_mode == "rowsort":
        return [value for row in sorted(rows) for value in row]
    if sort_mode == "valuesort":
        return sorted(value for row in rows for value in row)
    raise ValueError(f"unknown sort mode {sort_mode!r}")


def sorted_rows(rows: list[tuple[str, ...]], sort_mode: str) -> list[tuple[str, ...]]:
    """Rendered rows in sort-mode order (row layout; meaningless for valuesort)."""
    return sorted(rows) if sort_mode == "rowsort" else list(rows)


def md5_of_values(values: Iterable[str]) -> str:
    """MD5 (hex) of every value followed by a newline."""
    values = list(values)
    if not values:
        return hashlib.md5(b"").hexdigest()
    text = "\n".join(values) + "\n"
    return hashlib.md5(text.encode("utf-8", errors="surrogateescape")).hexdigest()


def hash_line(values: Sequence[str]) -> str:
    """``N values hashing to H``, the form results take above the hash threshold."""
    return f"{len(values)} values hashing to {md5_of_values(values)}"


def displayed_result(values: Sequence[str], threshold: int) -> list[str]:
    """What a runner prints for these values: the hash line when there are more values
    than ``threshold`` (0 means never hash), otherwise the values one per line."""
    if threshold > 0 and len(values) > threshold:
        return [hash_line(values)]
    return list(values)
