"""SQLite's date and time functions: date, time, datetime, julianday, unixepoch, strftime
and timediff (https://sqlite.org/lang_datefunc.html; src/date.c).

Each takes a time value and modifiers (``timevalue`` reads the value, ``datemodifiers``
applies the modifiers) and renders the moment. Any argument that is NULL, or a time value
or modifier SQLite does not accept, makes the result NULL. ``julianday`` is a REAL,
``unixepoch`` an INTEGER (a REAL with ``subsec``), the others TEXT.

``now`` is the statement's clock: every function here takes it as the keyword ``now`` (a
callable giving the Julian day in milliseconds), which the executor binds to the session's
``StatementClock`` (``date.statement_jd``), so 'now' is one moment for a whole statement.
"""
from __future__ import annotations

from .convert import _text
from .date import wall_clock_jd
from .datemodifiers import apply_modifier
from .printf import sql_printf
from .sqltext import c_string
from .timevalue import (
    DAY_MS, UNIX_EPOCH_MS, Moment, compute_hms, compute_jd, compute_ymd, compute_ymd_hms,
    parse_time_value, set_now, set_number, valid_jd,
)


def moment_of(args, now) -> Moment | None:
    """The moment a time value and its modifiers name, or None (the result is NULL)."""
    p = Moment()
    p.impure = getattr(now, "impure", None)
    if not args:
        return p if set_now(p, now) else None
    value = args[0]
    t = type(value)
    if t is int or t is float:
        set_number(p, float(value))
    elif value is None or not parse_time_value(c_string(_text(value)), p, now):
        return None
    for index in range(1, len(args)):
        modifier = args[index]
        if modifier is None or not apply_modifier(c_string(_text(modifier)), p, index):
            return None
    compute_jd(p)
    if p.error or not valid_jd(p.jd):
        return None
    if len(args) == 1 and p.valid_ymd and p.D > 28:
        p.valid_ymd = False                 # a lone '2023-02-31' is read as 2023-03-03
    return p


def _date_text(p: Moment) -> str:
    compute_ymd(p)
    sign = "-" if p.Y < 0 else ""
    return f"{sign}{abs(p.Y) % 10000:04d}-{p.M % 100:02d}-{p.D % 100:02d}"


def _time_text(p: Moment) -> str:
    compute_hms(p)
    if p.subsec:
        ms = int(1000.0 * p.s + 0.5)
        seconds = f"{ms // 1000 % 100:02d}.{ms % 1000:03d}"
    else:
        seconds = f"{int(p.s) % 100:02d}"
    return f"{p.h % 100:02d}:{p.m % 100:02d}:{seconds}"


def f_date(*args, now=wall_clock_jd):
    p = moment_of(args, now)
    return None if p is None else _date_text(p)


def f_time(*args, now=wall_clock_jd):
    p = moment_of(args, now)
    return None if p is None else _time_text(p)


def f_datetime(*args, now=wall_clock_jd):
    p = moment_of(args, now)
    return None if p is None else f"{_date_text(p)} {_time_text(p)}"


def f_julianday(*args, now=wall_clock_jd):
    p = moment_of(args, now)
    return None if p is None else p.jd / 86400000.0


def _unix_seconds(p: Moment):
    if p.subsec:
        return (p.jd - UNIX_EPOCH_MS) / 1000.0
    return p.jd // 1000 - UNIX_EPOCH_MS // 1000


def f_unixepoch(*args, now=wall_clock_jd):
    p = moment_of(args, now)
    return None if p is None else _unix_seconds(p)


# ---------------------------------------------------------------------------------------
# strftime
# ---------------------------------------------------------------------------------------

def _days_after_jan1(p: Moment) -> int:
    jan1 = p.copy()
    jan1.valid_jd = False
    jan1.M = jan1.D = 1
    compute_jd(jan1)
    return (p.jd - jan1.jd + 43_200_000) // DAY_MS


def _days_after_monday(p: Moment) -> int:
    return (p.jd + 43_200_000) // DAY_MS % 7


def _days_after_sunday(p: Moment) -> int:
    return (p.jd + 129_600_000) // DAY_MS % 7


def _iso_thursday(p: Moment) -> Moment:
    """The Thursday of ``p``'s ISO week (its year is the ISO year)."""
    y = p.copy()
    y.jd += (3 - _days_after_monday(p)) * DAY_MS
    y.valid_ymd = False
    compute_ymd(y)
    return y


def _twelve_hour(p: Moment) -> int:
    h = p.h - 12 if p.h > 12 else p.h
    return 12 if h == 0 else h


def _c_rem100(y: int) -> int:
    return y % 100 if y >= 0 else -(-y % 100)


# conversion letter -> the text it gives for a moment (with Y M D h m s all computed)
_CONVERSIONS = {
    "d": lambda p: "%02d" % p.D,
    "e": lambda p: "%2d" % p.D,
    "f": lambda p: sql_printf("%06.3f", [min(p.s, 59.999)]),
    "F": lambda p: "%04d-%02d-%02d" % (p.Y, p.M, p.D),
    "G": lambda p: "%04d" % _iso_thursday(p).Y,
    "g": lambda p: "%02d" % _c_rem100(_iso_thursday(p).Y),
    "H": lambda p: "%02d" % p.h,
    "k": lambda p: "%2d" % p.h,
    "I": lambda p: "%02d" % _twelve_hour(p),
    "l": lambda p: "%2d" % _twelve_hour(p),
    "j": lambda p: "%03d" % (_days_after_jan1(p) + 1),
    "J": lambda p: sql_printf("%.16g", [p.jd / 86400000.0]),
    "m": lambda p: "%02d" % p.M,
    "M": lambda p: "%02d" % p.m,
    "p": lambda p: "PM" if p.h >= 12 else "AM",
    "P": lambda p: "pm" if p.h >= 12 else "am",
    "R": lambda p: "%02d:%02d" % (p.h, p.m),
    "s": lambda p: (sql_printf("%.3f", [_unix_seconds(p)]) if p.subsec
                    else str(_unix_seconds(p))),
    "S": lambda p: "%02d" % int(p.s),
    "T": lambda p: "%02d:%02d:%02d" % (p.h, p.m, int(p.s)),
    "u": lambda p: str(_days_after_sunday(p) or 7),
    "w": lambda p: str(_days_after_sunday(p)),
    "U": lambda p: "%02d" % ((_days_after_jan1(p) - _days_after_sunday(p) + 7) // 7),
    "V": lambda p: "%02d" % (_days_after_jan1(_iso_thursday(p)) // 7 + 1),
    "W": lambda p: "%02d" % ((_days_after_jan1(p) - _days_after_monday(p) + 7) // 7),
    "Y": lambda p: "%04d" % p.Y,
    "%": lambda p: "%",
}


def f_strftime(fmt=None, *args, now=wall_clock_jd):
    """strftime(FORMAT, TIME-VALUE, MODIFIER...): an unknown conversion gives NULL."""
    if fmt is None:
        return None
    p = moment_of(args, now)
    if p is None:
        return None
    compute_ymd_hms(p)
    fmt = c_string(_text(fmt))
    out = []
    start = 0
    while True:
        at = fmt.find("%", start)
        if at < 0:
            out.append(fmt[start:])
            return "".join(out)
        convert = _CONVERSIONS.get(fmt[at + 1:at + 2])
        if convert is None:
            return None
        out.append(fmt[start:at])
        out.append(convert(p))
        start = at + 2


def f_strftime_entry(*args, now=wall_clock_jd):
    """strftime() with no argument at all is NULL."""
    return f_strftime(*args, now=now) if args else None


# ---------------------------------------------------------------------------------------
# timediff
# ---------------------------------------------------------------------------------------

def f_timediff(a, b, now=wall_clock_jd):
    """timediff(A, B): ``±YYYY-MM-DD HH:MM:SS.SSS``, what to add to B to reach A."""
    d1 = moment_of((a,), now)
    if d1 is None:
        return None
    d2 = moment_of((b,), now)
    if d2 is None:
        return None
    compute_ymd_hms(d1)
    compute_ymd_hms(d2)
    later = d1.jd >= d2.jd
    years = d1.Y - d2.Y if later else d2.Y - d1.Y
    if years:
        _set_field(d2, "Y", d1.Y)
    months = d1.M - d2.M if later else d2.M - d1.M
    if months < 0:
        years -= 1
        months += 12
    if months:
        _set_field(d2, "M", d1.M)
    step = -1 if later else 1
    while (d1.jd < d2.jd) if later else (d1.jd > d2.jd):
        months -= 1
        if months < 0:
            months = 11
            years -= 1
        d2.M += step
        if d2.M < 1:
            d2.M, d2.Y = 12, d2.Y - 1
        elif d2.M > 12:
            d2.M, d2.Y = 1, d2.Y + 1
        d2.valid_jd = False
        compute_jd(d2)
    span = Moment()
    span.jd = (d1.jd - d2.jd if later else d2.jd - d1.jd) + 148699540800000
    span.valid_jd = True
    compute_ymd_hms(span)
    seconds = sql_printf("%06.3f", [span.s])
    return "%s%04d-%02d-%02d %02d:%02d:%s" % ("+" if later else "-", years, months,
                                             span.D - 1, span.h, span.m, seconds)


def _set_field(p: Moment, name: str, value: int) -> None:
    setattr(p, name, value)
    p.valid_jd = False
    compute_jd(p)


# registry entries: (implementation, fewest arguments, most (-1: any number))
DATE_TIME_FUNCTIONS = {
    "date": (f_date, 0, -1),
    "time": (f_time, 0, -1),
    "datetime": (f_datetime, 0, -1),
    "julianday": (f_julianday, 0, -1),
    "unixepoch": (f_unixepoch, 0, -1),
    "strftime": (f_strftime_entry, 0, -1),
    "timediff": (f_timediff, 2, 2),
}
