"""The modifiers of SQLite's date and time functions (https://sqlite.org/lang_datefunc.html
section 3; src/date.c parseModifier), applied to a ``timevalue.Moment``.

``apply_modifier(text, moment, index)`` returns False when the modifier is not one SQLite
knows or cannot apply (the function's result is then NULL). ``index`` is the modifier's
argument position: ``unixepoch``, ``julianday`` and ``auto`` must come right after the time
value. ``localtime``/``utc`` use the process's time zone, as SQLite does.
"""
from __future__ import annotations

import functools
import math

from .timevalue import (
    DAY_MS, UNIX_EPOCH_MS, Moment, DIGITS, SPACES, c_div, float32, c_i64, c_rem, ascii_lower,
    HM, Fields, compute_floor, compute_jd, compute_ymd, compute_ymd_hms, from_localtime,
    parse_hms, to_localtime, whole_number,
)

# '+NNN unit': the unit, the largest |NNN| it accepts and its length in seconds. The limits
# are C floats in date.c (aXformType), so they are compared as single precision values.
_UNITS = {name: (float32(limit), seconds) for name, limit, seconds in (
    ("second", 4.6427e+14, 1.0), ("minute", 7.7379e+12, 60.0),
    ("hour", 1.2897e+11, 3600.0), ("day", 5373485.0, 86400.0),
    ("month", 176546.0, 2592000.0), ("year", 14713.0, 31536000.0))}

_YEAR4 = Fields((4, 0, 14712, ""))
_YEAR5 = Fields((5, 0, 14712, ""))
_YMD_OFFSET4 = Fields((4, 0, 14712, "-"), (2, 0, 12, "-"), (2, 0, 31, ""))
_YMD_OFFSET5 = Fields((5, 0, 14712, "-"), (2, 0, 12, "-"), (2, 0, 31, ""))


def apply_modifier(z: str, p: Moment, index: int) -> bool:
    plan = _plan(z) if len(z) <= 40 else _planned(z)
    return plan(p, index)


def _planned(z: str):
    """What modifier ``z`` does, as a function of (moment, index) returning False if it
    cannot apply. Reading the text is done once per distinct modifier (``_plan``)."""
    first = ascii_lower(z[:1])
    handler = _BY_FIRST.get(first)
    if handler is not None:
        return functools.partial(handler, z)
    if first and (first in DIGITS or first in "+-"):
        return _offset(z)
    return _refuse


_plan = functools.lru_cache(maxsize=1024)(_planned)


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
    if p.impure is not None:
        p.impure()
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
    if p.impure is not None:
        p.impure()
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
        if c == "-" and ((n == 5 and _YEAR4.read(z, 1) is not None) or
                         (n == 6 and _YEAR5.read(z, 1) is not None)):
            break
        n += 1
    return n


def _refuse(p: Moment, index: int) -> bool:
    return False


def _offset(z: str):
    """The plan of ``±N unit``, ``±HH:MM[:SS[.FFF]]`` or ``±YYYY-MM-DD[ HH:MM[:SS[.FFF]]]``:
    everything about the text is decided here, once (a malformed one is refused whatever
    the moment: SQLite's result is NULL then, whatever it did to the moment first)."""
    sign = z[0]
    n = _number_end(z)
    r = whole_number(z[:n])
    if r is None:
        return _refuse
    if z[n:n + 1] == "-":
        if sign not in "+-":
            return _refuse
        if n == 6:
            z = z[1:]
        parts = (_YMD_OFFSET4 if n == 5 else _YMD_OFFSET5).read(z, 1 if n == 5 else 0)
        if parts is None or parts[1] >= 12 or parts[2] >= 31:  # MM is 0..11, DD 0..30
            return _refuse
        span = None
        if len(z) > 11:
            if z[11] not in SPACES or HM.read(z, 12) is None:
                return _refuse
            span = _clock_span(z[12:])
            if span is None:
                return _refuse
        return functools.partial(_add_ymd, sign, parts, span)
    if z[n:n + 1] == ":":
        span = _clock_span(z)
        return _refuse if span is None else functools.partial(_add_clock, sign, span)
    return _units(z[n:], r)


def _clock_span(z: str) -> int | None:
    """``HH:MM[:SS[.FFF]]`` (after an optional sign, with an optional zone) as the
    milliseconds it adds, or None if malformed."""
    if z[:1] not in DIGITS:
        z = z[1:]
    span = Moment()
    if not parse_hms(z, 0, span):
        return None
    compute_jd(span)
    span.jd -= 43_200_000
    return span.jd - c_div(span.jd, DAY_MS) * DAY_MS


def _add_ymd(sign: str, parts, span, p: Moment, index: int) -> bool:
    years, months, days = parts
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
    return True if span is None else _add_clock(sign, span, p, index)


def _normalize_month(p: Moment) -> None:
    carry = c_div(p.M - 1, 12) if p.M > 0 else c_div(p.M - 12, 12)
    p.Y += carry
    p.M -= carry * 12


def _add_clock(sign: str, span: int, p: Moment, index: int) -> bool:
    compute_jd(p)
    p.clear_fields()
    p.jd += -span if sign == "-" else span
    return True


def _units(z: str, r: float):
    pos = 0
    while pos < len(z) and z[pos] in SPACES:
        pos += 1
    unit = ascii_lower(z[pos:])
    if not 3 <= len(unit) <= 10:
        return _refuse
    if unit[-1] == "s":
        unit = unit[:-1]
    found = _UNITS.get(unit)
    if found is None or not -found[0] < r < found[0]:
        return _refuse
    return functools.partial(_add_units, unit, r, found[1])


def _add_units(unit: str, r: float, seconds: float, p: Moment, index: int) -> bool:
    compute_jd(p)
    rounder = -0.5 if r < 0 else 0.5
    p.floor_days = 0
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
    p.jd += c_i64(r * 1000.0 * seconds + rounder)
    p.clear_fields()
    return True
