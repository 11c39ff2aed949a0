"""The modifiers of SQLite's date and time functions (https://sqlite.org/lang_datefunc.html
section 3; src/date.c parseModifier), applied to a ``timevalue.Moment``.

``apply_modifier(text, moment, index)`` returns False when the modifier is not one SQLite
knows or cannot apply (the function's result is then NULL). ``index`` is the modifier's
argument position: ``unixepoch``, ``julianday`` and ``auto`` must come right after the time
value. ``localtime``/``utc`` use the process's time zone, as SQLite does.
"""
from __future__ import annotations

import math

from .timevalue import (
    DAY_MS, UNIX_EPOCH_MS, Moment, DIGITS, SPACES, c_div, float32, c_i64, c_rem, ascii_lower,
    compute_floor, compute_jd, compute_ymd, compute_ymd_hms, from_localtime, get_digits,
    parse_hms, to_localtime, whole_number,
)

# '+NNN unit': the unit, the largest |NNN| it accepts and its length in seconds. The limits
# are C floats in date.c (aXformType), so they are compared as single precision values.
_UNITS = {name: (float32(limit), seconds) for name, limit, seconds in (
    ("second", 4.6427e+14, 1.0), ("minute", 7.7379e+12, 60.0),
    ("hour", 1.2897e+11, 3600.0), ("day", 5373485.0, 86400.0),
    ("month", 176546.0, 2592000.0), ("year", 14713.0, 31536000.0))}

_YEAR4 = ((4, 0, 14712, ""),)
_YEAR5 = ((5, 0, 14712, ""),)
_YMD_OFFSET4 = ((4, 0, 14712, "-"), (2, 0, 12, "-"), (2, 0, 31, ""))
_YMD_OFFSET5 = ((5, 0, 14712, "-"), (2, 0, 12, "-"), (2, 0, 31, ""))
_HM = ((2, 0, 24, ":"), (2, 0, 59, ""))


def apply_modifier(z: str, p: Moment, index: int) -> bool:
    first = ascii_lower(z[:1])
    if first in _BY_FIRST:
        return _BY_FIRST[first](z, p, index)
    if first and (first in DIGITS or first in "+-"):
        return _offset(z, p)
    return False


def _auto(z, p, index):
    if ascii_lower(z) != "auto" or index > 1:
        return False
    if not p.raw or p.valid_jd:
        p.raw = False
    elif -210866760000 <= p.s <= 253402300799:      # -4713-11-24 12:00 .. 9999-12-31 23:59:59
        _from_unix_seconds(p)
    return True


def _from_unix_seconds(p: Moment) -> None:
    p.clear_fields()
    p.jd = c_i64(p.s * 1000.0 + UNIX_EPOCH_MS + 0.5)
    p.valid_jd = True
    p.raw = False


def _ceiling(z, p, index):
    if ascii_lower(z) != "ceiling":
        return False
    compute_jd(p)
    p.clear_fields()
    p.floor_days = 0
    return True


def _floor(z, p, index):
    if ascii_lower(z) != "floor":
        return False
    compute_jd(p)
    p.jd -= p.floor_days * DAY_MS
    p.clear_fields()
    return True


def _julianday(z, p, index):
    if ascii_lower(z) != "julianday" or index > 1:
        return False
    if p.valid_jd and p.raw:
        p.raw = False
        return True
    return False


def _localtime(z, p, index):
    if ascii_lower(z) != "localtime":
        return False
    if not p.is_local:
        to_localtime(p)
    p.is_utc, p.is_local = False, True
    return True


def _u_words(z, p, index):
    """``unixepoch`` (a bare number read as seconds since 1970) and ``utc``."""
    word = ascii_lower(z)
    if word == "unixepoch" and p.raw:
        if index > 1:
            return False
        r = p.s * 1000.0 + UNIX_EPOCH_MS
        if not 0.0 <= r < 464269060800000.0:
            return False
        _from_unix_seconds(p)
        return True
    if word != "utc":
        return False
    if not p.is_utc:
        from_localtime(p)
    return True


def _weekday(z, p, index):
    """``weekday N``: forward to the next day that is weekday N (0 = Sunday), or stay;
    ``weekday -N`` (SQLite 3.54, '-0' included): back to the latest such day, or stay."""
    if ascii_lower(z[:8]) != "weekday ":
        return False
    r = whole_number(z[8:])
    if r is None:
        return False
    back = math.copysign(1.0, r) < 0
    n = int(-r if back else r)
    if not 0 <= n < 7 or n != abs(r):
        return False
    compute_ymd_hms(p)
    p.tz = 0
    p.valid_jd = False
    compute_jd(p)
    day = c_rem(c_div(p.jd + 129_600_000, DAY_MS), 7)
    if back:
        p.jd -= ((day + 7 if day < n else day) - n) * DAY_MS
    else:
        p.jd += (n - (day - 7 if day > n else day)) * DAY_MS
    p.clear_fields()
    return True


def _s_words(z, p, index):
    """``start of day|month|year`` and ``subsec``/``subsecond``."""
    if ascii_lower(z[:9]) != "start of ":
        if ascii_lower(z) in ("subsec", "subsecond"):
            p.subsec = True
            return True
        return False
    if not (p.valid_jd or p.valid_ymd or p.valid_hms):
        return False
    compute_ymd(p)
    p.valid_hms = True
    p.h = p.m = 0
    p.s = 0.0
    p.raw = False
    p.tz = 0
    p.valid_jd = False
    unit = ascii_lower(z[9:])
    if unit == "month":
        p.D = 1
    elif unit == "year":
        p.M = p.D = 1
    elif unit != "day":
        return False
    return True


_BY_FIRST = {"a": _auto, "c": _ceiling, "f": _floor, "j": _julianday, "l": _localtime,
             "u": _u_words, "w": _weekday, "s": _s_words}


def _number_end(z: str) -> int:
    """Where the number of an offset modifier ends: at ':', a space, or the '-' after a
    four- or five-digit signed year of ``±YYYY-MM-DD``."""
    n = 1
    while n < len(z):
        c = z[n]
        if c == ":" or c in SPACES:
            break
        if c == "-" and ((n == 5 and get_digits(z, 1, _YEAR4)) or
                         (n == 6 and get_digits(z, 1, _YEAR5))):
            break
        n += 1
    return n


def _offset(z: str, p: Moment) -> bool:
    """``±N unit``, ``±HH:MM[:SS[.FFF]]``, ``±YYYY-MM-DD[ HH:MM[:SS[.FFF]]]``."""
    sign = z[0]
    n = _number_end(z)
    r = whole_number(z[:n])
    if r is None:
        return False
    clock = z
    if z[n:n + 1] == "-":
        if sign not in "+-":
            return False
        if n == 6:
            z = z[1:]
        if not _add_ymd(z, p, sign, _YMD_OFFSET4 if n == 5 else _YMD_OFFSET5, n):
            return False
        if len(z) == 11:
            return True
        if not (z[11] in SPACES and len(get_digits(z, 12, _HM)) == 2):
            return False
        clock, n = z[12:], 2
    if clock[n:n + 1] == ":":
        return _add_clock(clock, p, sign)
    return _add_units(z[n:], p, r)


def _add_ymd(z: str, p: Moment, sign: str, fields, n: int) -> bool:
    parts = get_digits(z, 1 if n == 5 else 0, fields)
    if len(parts) != 3:
        return False
    years, months, days = parts
    if months >= 12 or days >= 31:              # MM is 0..11 and DD 0..30 here
        return False
    compute_ymd_hms(p)
    p.valid_jd = False
    if sign == "-":
        p.Y -= years
        p.M -= months
        days = -days
    else:
        p.Y += years
        p.M += months
    _normalize_month(p)
    compute_floor(p)
    compute_jd(p)
    p.valid_hms = p.valid_ymd = False
    p.jd += days * DAY_MS
    return True


def _normalize_month(p: Moment) -> None:
    carry = c_div(p.M - 1, 12) if p.M > 0 else c_div(p.M - 12, 12)
    p.Y += carry
    p.M -= carry * 12


def _add_clock(z: str, p: Moment, sign: str) -> bool:
    """Add (or subtract) a time of day, read as ``HH:MM[:SS[.FFF]]`` with optional zone."""
    if z[:1] not in DIGITS:
        z = z[1:]
    span = Moment()
    if not parse_hms(z, 0, span):
        return False
    compute_jd(span)
    span.jd -= 43_200_000
    span.jd -= c_div(span.jd, DAY_MS) * DAY_MS
    compute_jd(p)
    p.clear_fields()
    p.jd += -span.jd if sign == "-" else span.jd
    return True


def _add_units(z: str, p: Moment, r: float) -> bool:
    pos = 0
    while pos < len(z) and z[pos] in SPACES:
        pos += 1
    unit = ascii_lower(z[pos:])
    if not 3 <= len(unit) <= 10:
        return False
    if unit[-1] == "s":
        unit = unit[:-1]
    compute_jd(p)
    rounder = -0.5 if r < 0 else 0.5
    p.floor_days = 0
    found = _UNITS.get(unit)
    ok = found is not None and -found[0] < r < found[0]
    if ok:
        if unit in ("month", "year"):
            compute_ymd_hms(p)
            if unit == "month":
                p.M += int(r)
                _normalize_month(p)
            else:
                p.Y += int(r)
            compute_floor(p)
            p.valid_jd = False
            r -= int(r)
        compute_jd(p)
        p.jd += c_i64(r * 1000.0 * found[1] + rounder)
    p.clear_fields()
    return ok
