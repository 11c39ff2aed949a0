"""A moment as SQLite's date and time functions hold it: reading a time value, applying the
modifiers, converting between a Julian day number and calendar fields.

This follows SQLite's src/date.c (https://sqlite.org/lang_datefunc.html documents the
behaviour); the SQL functions built on it are in ``datetimes``. The moment is kept as
date.c keeps it, because its results depend on exactly which representation is current:

- ``jd`` is the Julian day number in milliseconds (JD * 86,400,000, an integer), valid
  from 0 (-4713-11-24 12:00) to 464,269,060,799,999 (9999-12-31 23:59:59.999);
- ``Y M D`` and ``h m s`` are calendar fields, each with its own "valid" flag, computed
  from ``jd`` when needed (and ``jd`` from them), so '2023-02-31' stays the 31st until
  something needs the day number;
- ``raw`` marks a bare number not yet known to be a Julian day or a unix time (the
  ``unixepoch``/``julianday``/``auto`` modifiers decide); ``tz`` a zone offset still to
  apply; ``floor_days`` how far a day-of-month overflow went (for the ``floor`` modifier).

Arithmetic is C's: integer division truncates toward zero (``c_div``/``c_rem``), a double
becomes an integer by truncation (``c_i64``; NaN and out-of-range values become INT64_MIN,
as x86-64 converts them), and text is read as C reads it -- ASCII digits and spaces only,
ASCII-only case folding, the text ending at a NUL.
"""
from __future__ import annotations

import re
import struct
import time

from ...errors import OperationalError
from ..types.realtext import NUM_WHOLE, groups_to_real

DAY_MS = 86_400_000
UNIX_EPOCH_MS = 210_866_760_000_000         # JD of 1970-01-01 00:00 in milliseconds
MAX_JD_MS = 464_269_060_799_999             # 9999-12-31 23:59:59.999
_INT64_MIN = -(1 << 63)
SPACES = " \t\n\v\f\r"
DIGITS = "0123456789"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def c_div(a: int, b: int) -> int:
    """C's integer division (truncates toward zero)."""
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


def c_rem(a: int, b: int) -> int:
    """C's ``%`` (the sign of the dividend)."""
    return a - b * c_div(a, b)


def c_i64(r: float) -> int:
    """C's (sqlite3_int64) cast of a double, as x86-64 performs it."""
    if r != r or not -9.223372036854775808e18 <= r < 9.223372036854775808e18:
        return _INT64_MIN
    return int(r)


def ascii_lower(s: str) -> str:
    return s.translate(_ASCII_LOWER)


def whole_number(s: str):
    """The double of ``s`` if all of it is a number (sqlite3AtoF() > 0), else None."""
    m = NUM_WHOLE.match(s)
    return None if m is None else groups_to_real(*m.groups())


def float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


class Moment:
    """date.c's DateTime: one time value being read and modified."""

    __slots__ = ("jd", "Y", "M", "D", "h", "m", "s", "tz", "valid_jd", "valid_ymd",
                 "valid_hms", "floor_days", "raw", "error", "subsec", "is_utc", "is_local",
                 "impure")

    def __init__(self):
        self.impure = None      # called before reading the clock or the time zone (CHECK)
        self.reset()

    def reset(self) -> None:
        self.jd = self.Y = self.M = self.D = self.h = self.m = self.tz = 0
        self.s = 0.0
        self.valid_jd = self.valid_ymd = self.valid_hms = False
        self.floor_days = 0
        self.raw = self.error = self.subsec = self.is_utc = self.is_local = False

    def copy(self) -> "Moment":
        other = Moment.__new__(Moment)
        other.jd, other.Y, other.M, other.D = self.jd, self.Y, self.M, self.D
        other.h, other.m, other.s, other.tz = self.h, self.m, self.s, self.tz
        other.valid_jd, other.valid_ymd = self.valid_jd, self.valid_ymd
        other.valid_hms, other.floor_days, other.raw = self.valid_hms, self.floor_days, self.raw
        other.error, other.subsec = self.error, self.subsec
        other.is_utc, other.is_local = self.is_utc, self.is_local
        other.impure = self.impure
        return other

    def fail(self) -> None:
        """date.c's datetimeError: everything cleared, the error flag set."""
        self.reset()
        self.error = True

    def clear_fields(self) -> None:
        """Calendar fields and zone no longer current (``jd`` is)."""
        self.valid_ymd = self.valid_hms = False
        self.tz = 0


def valid_jd(jd: int) -> bool:
    return 0 <= jd <= MAX_JD_MS


def compute_jd(p: Moment) -> None:
    """The Julian day from the calendar fields (Meeus, Astronomical Algorithms, p. 61);
    no date means 2000-01-01. Years outside -4713..9999, or a bare number, are an error."""
    if p.valid_jd:
        return
    Y, M, D = (p.Y, p.M, p.D) if p.valid_ymd else (2000, 1, 1)
    if Y < -4713 or Y > 9999 or p.raw:
        p.fail()
        return
    if M <= 2:
        Y -= 1
        M += 12
    A = (Y + 4800) // 100
    B = 38 - A + A // 4
    X1 = 36525 * (Y + 4716) // 100
    X2 = 306001 * (M + 1) // 10000
    p.jd = int((X1 + X2 + D + B - 1524.5) * DAY_MS)
    p.valid_jd = True
    if p.valid_hms:
        p.jd += p.h * 3_600_000 + p.m * 60_000 + c_i64(p.s * 1000 + 0.5)
        if p.tz:
            p.jd -= p.tz * 60_000
            p.valid_ymd = p.valid_hms = False
            p.tz = 0
            p.is_utc, p.is_local = True, False
        elif p.h == 24:                 # 24:00 is 00:00 the next day (SQLite 3.54)
            p.valid_ymd = p.valid_hms = False


def compute_ymd(p: Moment) -> None:
    if p.valid_ymd:
        return
    if not p.valid_jd:
        p.Y, p.M, p.D = 2000, 1, 1
    elif not valid_jd(p.jd):
        p.fail()
        return
    else:
        Z = (p.jd + 43_200_000) // DAY_MS
        alpha = int((Z + 32044.75) / 36524.25) - 52
        A = Z + 1 + alpha - (alpha + 100) // 4 + 25
        B = A + 1524
        C = int((B - 122.1) / 365.25)
        D = 36525 * (C & 32767) // 100
        E = int((B - D) / 30.6001)
        p.D = B - D - int(30.6001 * E)
        p.M = E - 1 if E < 14 else E - 13
        p.Y = C - 4716 if p.M > 2 else C - 4715
    p.valid_ymd = True


def compute_hms(p: Moment) -> None:
    if p.valid_hms:
        return
    compute_jd(p)
    day_ms = c_rem(p.jd + 43_200_000, DAY_MS)
    p.s = c_rem(day_ms, 60_000) / 1000.0
    day_min = c_div(day_ms, 60_000)
    p.m = c_rem(day_min, 60)
    p.h = c_div(day_min, 60)
    p.raw = False
    p.valid_hms = True


def compute_ymd_hms(p: Moment) -> None:
    compute_ymd(p)
    compute_hms(p)


def compute_floor(p: Moment) -> None:
    """How many days past the end of its month the day is (for the ``floor`` modifier)."""
    if p.D <= 28 or (1 << p.M) & 0x15AA:       # 0x15AA: the months of 31 days
        p.floor_days = 0
    elif p.M != 2:
        p.floor_days = 1 if p.D == 31 else 0
    elif p.Y % 4 != 0 or (p.Y % 100 == 0 and p.Y % 400 != 0):
        p.floor_days = p.D - 28
    else:
        p.floor_days = p.D - 29


# ---------------------------------------------------------------------------------------
# Reading a time value
# ---------------------------------------------------------------------------------------

class Fields:
    """A run of fixed-width decimal fields, as date.c's getDigits reads them: each field
    has a width, a minimum, a maximum and the character that must follow it (none for
    the last). ``read`` gives all the values, or None if any is missing, out of range or
    not followed by its separator."""

    __slots__ = ("pattern", "bounds")

    def __init__(self, *spec):
        parts = [f"([0-9]{{{width}}}){re.escape(after)}" for width, _, _, after in spec]
        self.pattern = re.compile("".join(parts), re.ASCII)
        self.bounds = [(low, high) for _, low, high, _ in spec]

    def read(self, z: str, pos: int):
        m = self.pattern.match(z, pos)
        if m is None:
            return None
        values = tuple(map(int, m.groups()))
        for value, (low, high) in zip(values, self.bounds):
            if value < low or value > high:
                return None
        return values


YMD = Fields((4, 0, 14712, "-"), (2, 1, 12, "-"), (2, 1, 31, ""))
HM = Fields((2, 0, 24, ":"), (2, 0, 59, ""))
_SS = Fields((2, 0, 59, ""))
_ZONE = Fields((2, 0, 14, ":"), (2, 0, 59, ""))


def _skip_spaces(z: str, pos: int) -> int:
    n = len(z)
    while pos < n and z[pos] in SPACES:
        pos += 1
    return pos


def parse_zone(z: str, pos: int, p: Moment) -> bool:
    """A trailing ``Z`` or ``(+|-)HH:MM`` (or nothing) -> ``p.tz``; False if malformed."""
    pos = _skip_spaces(z, pos)
    p.tz = 0
    c = z[pos] if pos < len(z) else ""
    if c in ("Z", "z"):
        pos += 1
        p.is_local, p.is_utc = False, True
    elif c in ("+", "-"):
        parts = _ZONE.read(z, pos + 1)
        if parts is None:
            return False
        pos += 6
        p.tz = (-1 if c == "-" else 1) * (parts[1] + parts[0] * 60)
        if p.tz == 0:                               # +00:00 is UTC as Z is (date.c)
            p.is_local, p.is_utc = False, True
    else:
        return c == ""
    return _skip_spaces(z, pos) == len(z)


def parse_hms(z: str, pos: int, p: Moment) -> bool:
    """``HH:MM[:SS[.FFF...]]`` and an optional zone from ``pos`` to the end."""
    hm = HM.read(z, pos)
    if hm is None:
        return False
    pos += 5
    n = len(z)
    fraction = 0.0
    if pos < n and z[pos] == ":":
        ss = _SS.read(z, pos + 1)
        if ss is None:
            return False
        seconds = ss[0]
        pos += 3
        if pos + 1 < n and z[pos] == "." and z[pos + 1] in DIGITS:
            scale = 1.0
            pos += 1
            while pos < n and z[pos] in DIGITS:
                fraction = fraction * 10.0 + (ord(z[pos]) - 48)
                scale *= 10.0
                pos += 1
            fraction /= scale
            if fraction > 0.999:        # kept below a whole second (date.c, forum 766a2c9231)
                fraction = 0.999
    else:
        seconds = 0
    if hm[0] == 24 and (hm[1] or seconds or fraction):
        return False                        # 24:00 is the only time in hour 24 (3.54)
    p.valid_jd = False
    p.raw = False
    p.valid_hms = True
    p.h, p.m = hm
    p.s = seconds + fraction
    return parse_zone(z, pos, p)


def parse_ymd(z: str, p: Moment) -> bool:
    """``[-]YYYY-MM-DD`` then, after any spaces or ``T``s, an optional time."""
    neg = z[:1] == "-"
    pos = 1 if neg else 0
    ymd = YMD.read(z, pos)
    if ymd is None:
        return False
    pos += 10
    n = len(z)
    while pos < n and (z[pos] in SPACES or z[pos] == "T"):
        pos += 1
    if not parse_hms(z, pos, p):
        if pos < n:
            return False
        p.valid_hms = False
    p.valid_jd = False
    p.valid_ymd = True
    p.Y = -ymd[0] if neg else ymd[0]
    p.M, p.D = ymd[1], ymd[2]
    compute_floor(p)
    if p.tz:
        compute_jd(p)
    _midnight_24(p)
    return True


def _midnight_24(p: Moment) -> None:
    """SQLite 3.54 reads a date at ``24:00`` as 00:00 of the next day at once: the
    calendar fields are recomputed from the day number ('floor' then has no overflow left
    to undo). A bare ``24:00`` keeps hour 24 until the day number is computed
    (``compute_jd``). Learnt from SQLite's answers, not from its source."""
    if p.valid_hms and p.h == 24:
        compute_jd(p)
        p.clear_fields()
        p.floor_days = 0


def set_now(p: Moment, now) -> bool:
    """The statement's current moment (``now()`` gives its Julian day in milliseconds)."""
    p.jd = now()
    if p.jd <= 0:
        return False
    p.valid_jd = True
    p.is_utc, p.is_local = True, False
    p.clear_fields()
    return True


def set_number(p: Moment, r: float) -> None:
    """A bare number: a Julian day if it can be one, and kept raw for the modifiers that
    read it as a unix time."""
    p.s = r
    p.raw = True
    if 0.0 <= r < 5373484.5:
        p.jd = c_i64(r * 86400000.0 + 0.5)
        p.valid_jd = True


def parse_time_value(z: str, p: Moment, now) -> bool:
    """A time value in text form; False if it is none SQLite accepts."""
    if parse_ymd(z, p) or parse_hms(z, 0, p):
        return True
    word = ascii_lower(z)
    if word == "now":
        return set_now(p, now)
    r = whole_number(z)
    if r is not None:
        set_number(p, r)
        return True
    if word in ("subsec", "subsecond"):
        p.subsec = True
        return set_now(p, now)
    return False


# ---------------------------------------------------------------------------------------
# Local time
# ---------------------------------------------------------------------------------------

def to_localtime(p: Moment) -> None:
    """Move a UTC moment to the process's local time zone, with the C library's
    localtime(); years outside 1970..2037 are mapped to one with the same leap-year
    pattern and back, as date.c does."""
    compute_jd(p)
    if p.jd < 2108667600 * 100000 or p.jd > 2130141456 * 100000:
        x = p.copy()
        compute_ymd_hms(x)
        year_diff = 2000 + c_rem(x.Y, 4) - x.Y
        x.Y += year_diff
        x.valid_jd = False
        compute_jd(x)
        t = c_div(x.jd, 1000) - UNIX_EPOCH_MS // 1000
    else:
        year_diff = 0
        t = c_div(p.jd, 1000) - UNIX_EPOCH_MS // 1000
    try:
        tm = time.localtime(t)
    except (OverflowError, OSError, ValueError):
        raise OperationalError("local time unavailable") from None
    p.Y = tm.tm_year - year_diff
    p.M, p.D, p.h, p.m = tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min
    p.s = tm.tm_sec + c_rem(p.jd, 1000) * 0.001
    p.valid_ymd = p.valid_hms = True
    p.valid_jd = p.raw = p.error = False
    p.tz = 0


def from_localtime(p: Moment) -> None:
    """The ``utc`` modifier: the UTC moment whose local time is ``p`` (up to four
    guesses, as date.c makes them)."""
    compute_jd(p)
    guess = original = p.jd
    error = 0
    tries = 0
    while True:
        guess -= error
        trial = Moment()
        trial.jd = guess
        trial.valid_jd = True
        to_localtime(trial)
        compute_jd(trial)
        error = trial.jd - original
        if not error or tries >= 3:
            break
        tries += 1
    p.reset()
    p.jd = guess
    p.valid_jd = True
    p.is_utc = True
