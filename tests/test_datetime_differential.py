"""Differential property tests of the date and time functions against SQLite (apsw).

Hypothesis draws time values in every form SQLite reads (ISO-8601 dates and times with
``T`` or spaces, fractional seconds, ``Z`` and ``±HH:MM`` zones, bare times, Julian day
and unix numbers as INTEGER, REAL, numeric TEXT and BLOB, out-of-range fields and
near-misses), chains of modifiers (every modifier SQLite has, with random numbers, units,
case and spacing, plus malformed ones) and strftime formats (every conversion, unknown
ones, a trailing ``%``). Each example calls date, time, datetime, julianday, unixepoch,
strftime and timediff through bound parameters on both engines; the results must be the
same values with the same storage classes (a REAL by its bits).

'now' is left to tests/test_datetime.py (the two engines read their clocks at different
moments). The process's time zone is set to one with daylight saving time for the run,
so ``localtime``/``utc`` are exercised; both engines use the C library's localtime().
"""

from __future__ import annotations

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rowandb
from test_differential import EXPLORE, typed


pytestmark = pytest.mark.usefixtures("zone_with_daylight_saving")     # conftest.py


def props(examples: int):
    return settings(max_examples=examples * (10 if EXPLORE else 1), deadline=None,
                    derandomize=not EXPLORE, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def engines():
    return rowandb.connect(":memory:"), apsw.Connection(":memory:")


def _outcome(run):
    try:
        return ("ok", [typed(v) for v in run()])
    except (rowandb.Error, apsw.Error) as error:
        return ("error", str(error))


def assert_same_calls(engines, calls):
    """Each (function, arguments) call gives the same result on both engines."""
    mine, sqlite = engines
    for name, args in calls:
        sql = f"SELECT {name}({', '.join('?' * len(args))})"
        ours = _outcome(lambda: mine.execute(sql, args).fetchone())
        theirs = _outcome(lambda: sqlite.execute(sql, args).fetchone())
        assert ours == theirs, f"{name}{tuple(args)!r}: rowandb {ours}, sqlite {theirs}"


# ---------------------------------------------------------------------------------------
# time values
# ---------------------------------------------------------------------------------------

def _digits(width, low, high):
    return st.integers(low, high).map(lambda v: str(v).zfill(width))


_SEP = st.sampled_from([" ", "T", "  ", "TT", "T ", "\t", "", "t", "x"])
_ZONE = st.one_of(
    st.just(""), st.sampled_from(["Z", "z", " Z", "Z ", "+00:00", "-00:00", " +05:30"]),
    st.builds(lambda s, h, m, sp: f"{sp}{s}{h}:{m}", st.sampled_from("+-"),
              _digits(2, 0, 16), _digits(2, 0, 61), st.sampled_from(["", " "])))
_FRACTION = st.one_of(st.just(""), st.builds(lambda d: "." + d, st.text("0123456789",
                                                                     min_size=0, max_size=7)))
_CLOCK = st.one_of(
    st.builds(lambda h, m: f"{h}:{m}", _digits(2, 0, 25), _digits(2, 0, 60)),
    st.builds(lambda h, m, s, f: f"{h}:{m}:{s}{f}", _digits(2, 0, 25), _digits(2, 0, 60),
              _digits(2, 0, 60), _FRACTION),
    st.sampled_from(["24:00", "24:00:00", "24:00:00.000", "24:00:01", "23:59:59.9999",
                     "00:00", "1:00", "12:0", "12:00:5"]))
_YEAR = st.one_of(_digits(4, 0, 9999), st.sampled_from(["-4713", "-4714", "-0001", "0000",
                                                        "9999", "10000", "999"]))
_DATE = st.builds(lambda y, m, d: f"{y}-{m}-{d}", _YEAR, _digits(2, 0, 13), _digits(2, 0, 32))
_ISO = st.one_of(
    _DATE,
    st.builds(lambda d, sep, c, z: f"{d}{sep}{c}{z}", _DATE, _SEP, _CLOCK, _ZONE),
    st.builds(lambda c, z: f"{c}{z}", _CLOCK, _ZONE))
_NUMBER = st.one_of(
    st.integers(-1, 5373485), st.integers(-210866760001, 253402300800),
    st.integers(-(1 << 63), (1 << 63) - 1),
    st.floats(-1e12, 1e12, allow_nan=False), st.floats(allow_nan=False),
    st.sampled_from([0, 0.0, -0.0, 5373484.5, 5373484.4999999, 2460000.5, 1e20, -1e20]))
_NUMBER_TEXT = st.one_of(
    _NUMBER.map(str), st.sampled_from(["2460000.5 ", " 12", "1e6", "1.", ".5", "+7", "-7",
                                       "0x10", "1e", "12abc", ""]))
_GARBLED = st.builds(lambda s, at, junk: s[:at] + junk + s[at:], _ISO, st.integers(0, 20),
                     st.sampled_from(["x", " ", "\x00", "-", ":", "é", "T", "0"]))
TIME_VALUE = st.one_of(
    _ISO, _ISO, _ISO, _NUMBER, _NUMBER_TEXT, _GARBLED, st.none(),
    _ISO.map(str.encode), st.sampled_from(["NOW ", "nowx", "subsecx", "", " "]))


# ---------------------------------------------------------------------------------------
# modifiers
# ---------------------------------------------------------------------------------------

def _cased(words):
    return st.builds(lambda w, up: w.upper() if up == 1 else (w.title() if up == 2 else w),
                     st.sampled_from(words), st.integers(0, 4))


_UNIT = st.builds(lambda u, plural: u + plural, _cased(
    ["second", "minute", "hour", "day", "month", "year", "week", "sec"]),
    st.sampled_from(["", "s", "S", "ss", " "]))
_AMOUNT = st.one_of(
    st.integers(-20000, 20000).map(str), st.integers(-(10 ** 15), 10 ** 15).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: repr(round(f, 4))),
    st.sampled_from(["1.5", "-0.5", "+0", "1e3", "14712", "176546", "5373485", ".5", "1."]))
_SIGN = st.sampled_from(["+", "-", ""])
MODIFIER = st.one_of(
    st.builds(lambda s, a, sp, u: f"{s}{a.lstrip('+-') if s else a}{sp}{u}", _SIGN, _AMOUNT,
              st.sampled_from([" ", "  ", "", "\t"]), _UNIT),
    st.builds(lambda s, c: s + c, _SIGN, _CLOCK),
    st.builds(lambda s, y, m, d, rest: f"{s}{y}-{m}-{d}{rest}", st.sampled_from("+-"),
              st.one_of(_digits(4, 0, 9999), _digits(5, 0, 15000)), _digits(2, 0, 12),
              _digits(2, 0, 31), st.one_of(st.just(""), _CLOCK.map(lambda c: " " + c),
                                           st.just("x"))),
    _cased(["start of month", "start of year", "start of day", "start of week",
            "localtime", "utc", "subsec", "subsecond", "ceiling", "floor", "unixepoch",
            "julianday", "auto", "now", "start of  day", ""]),
    st.builds(lambda n: f"weekday {n}", st.sampled_from(
        ["0", "1", "2", "3", "4", "5", "6", "7", "-1", "1.0", "1.5", " 3", "3 ", "x",
         "-0", "-3", "-6", "-7", "+2", " -2", "-0.0", "- 1"])),
    st.sampled_from([None, 5, 1.5]))
MODIFIERS = st.lists(MODIFIER, max_size=4)

_CONVERSION = st.sampled_from(list("deFfGgHIjJklmMpPRsSTuUVwWY%") + ["q", "", "E"])
FORMAT = st.one_of(
    st.lists(st.one_of(_CONVERSION.map(lambda c: "%" + c),
                       st.sampled_from(["-", " ", "x", "é", "T"])), max_size=8).map("".join),
    st.none(), st.just(7))

_TIME_FUNCTIONS = ("date", "time", "datetime", "julianday", "unixepoch")


@st.composite
def calls(draw):
    value = draw(TIME_VALUE)
    modifiers = draw(MODIFIERS)
    result = [(name, [value, *modifiers]) for name in _TIME_FUNCTIONS]
    result.append(("strftime", [draw(FORMAT), value, *modifiers]))
    result.append(("timediff", [value, draw(TIME_VALUE)]))
    return result


@props(2500)
@given(calls())
def test_random_time_values_and_modifier_chains(engines, batch):
    assert_same_calls(engines, batch)


_VALID_ISO = st.one_of(
    st.builds(lambda y, m, d: f"{y}-{m}-{d}", _digits(4, 0, 9999), _digits(2, 1, 12),
              _digits(2, 1, 31)),
    st.builds(lambda y, m, d, h, mi, s: f"{y}-{m}-{d} {h}:{mi}:{s}", _digits(4, 0, 9999),
              _digits(2, 1, 12), _digits(2, 1, 31), _digits(2, 0, 23), _digits(2, 0, 59),
              _digits(2, 0, 59)),
    st.floats(0, 5373484.4).map(lambda f: round(f, 5)))


@props(1200)
@given(_VALID_ISO, st.lists(_CONVERSION.filter(lambda c: c not in ("q", "", "E")),
                            min_size=1, max_size=6), MODIFIERS)
def test_every_strftime_conversion_on_valid_dates(engines, value, conversions, modifiers):
    fmt = " ".join("%" + c for c in conversions)
    assert_same_calls(engines, [("strftime", [fmt, value, *modifiers])])


@props(800)
@given(_VALID_ISO, _VALID_ISO)
def test_timediff_of_valid_moments(engines, a, b):
    """timediff(A, B) as SQLite gives it, and B moved by it (SQLite documents that this
    is A again, as far as the calendar allows)."""
    assert_same_calls(engines, [("timediff", [a, b])])
    difference = engines[1].execute("SELECT timediff(?, ?)", (a, b)).fetchone()[0]
    assert_same_calls(engines, [("datetime", [b, difference])])


_EDGE_VALUES = st.sampled_from([
    "24:00", "24:00:00", "24:00 +05:30", "2023-02-28 24:00", "2023-02-31 24:00",
    "2024-02-29", "2023-02-31", "2024-01-31 23:59:59.999", "0000-01-01", "9999-12-31",
    "-4713-11-24 12:00", 0, 5373484.4999, 1700000000, "12:00Z", "12:00 -14:00"])


@props(600)
@given(_EDGE_VALUES, MODIFIERS, FORMAT)
def test_edge_values_under_modifier_chains(engines, value, modifiers, fmt):
    """The values at the rules' edges (24:00, day-of-month overflow, the range limits)
    under random modifier chains."""
    calls = [(name, [value, *modifiers]) for name in _TIME_FUNCTIONS]
    assert_same_calls(engines, calls + [("strftime", [fmt, value, *modifiers])])
