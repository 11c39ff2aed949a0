"""The date and time functions: table-driven edge cases against SQLite (apsw), and 'now'.

Each case runs on RowanDB and on SQLite and must give the same values with the same
storage classes, or the same error (tests/oracle.py ``assert_same``). The random cases are
in test_datetime_differential.py. 'now' is checked here against the statement clock: one
moment for a whole statement, shared with CURRENT_*, read again by the next statement.
"""

from __future__ import annotations

import datetime

import apsw
import pytest

import rowandb
from oracle import assert_same

pytestmark = pytest.mark.usefixtures("zone_with_daylight_saving")     # conftest.py

FORMS = [
    "date('2024-03-05')", "date('2024-03-05 12:34')", "date('2024-03-05T12:34:56')",
    "datetime('2024-03-05T12:34:56.789')", "datetime('2024-03-05 12:34:56.789Z')",
    "datetime('2024-03-05 12:34:56.789z')", "datetime('2024-03-05 12:34 +05:30')",
    "datetime('2024-03-05 12:34-14:00')", "datetime('2024-03-05 12:34 +15:00')",
    "datetime('2024-03-05 12:34 +05:60')", "datetime('2024-03-05 12:34 +5:30')",
    "datetime('2024-03-05 12:34 +00:00')", "datetime('2024-03-05 12:34 -00:00', 'utc')",
    "time('12:34')", "time('12:34:56')", "time('12:34:56.5')", "time('12:34:56.123456789')",
    "time('1:00')", "time('12:60')", "time('25:00')", "time('24:00')", "time('24:00:01')",
    "datetime('24:00')", "datetime('2024-12-31 24:00')", "datetime('2024-02-30 24:00', 'floor')",
    "datetime('2024-03-05TT  12:00')", "date(' 2024-03-05')", "date('2024-03-05 ')",
    "date('2024-3-5')", "date('24-03-05')", "date('2024-13-01')", "date('2024-00-10')",
    "date('2024-01-00')", "date('2024-01-32')", "date('2023-02-29')", "date('2023-02-31')",
    "date('2024-04-31')", "date('0000-01-01')", "date('-0001-06-15')", "date('-4713-11-24')",
    "date('-4713-11-23')", "date('-4714-01-01')", "date('9999-12-31')", "date('10000-01-01')",
    "date('2024-03-05' || char(0) || 'junk')", "date(x'323032342d30332d3035')",
    "date(x'ff')", "date(NULL)", "date('')", "date('now ')", "date('NOW') IS NOT NULL",
    "date(2460000.5)", "date(2460000)", "date('2460000.5')", "date(' 2460000.5 ')",
    "date('2460000.5x')", "date(0)", "date(-0.5)", "date(5373484.49999)",
    "date(5373484.5)", "date(1e300)", "date(-1e300)", "date('1e6')", "date('0x10')",
    "julianday('2000-01-01')", "julianday('2000-01-01 12:00')", "julianday(2451545)",
    "typeof(julianday('2000-01-01'))", "unixepoch('1970-01-01')", "unixepoch('1969-12-31')",
    "unixepoch('2038-01-19 03:14:08')", "typeof(unixepoch('2000-01-01'))",
    "unixepoch('2000-01-01 00:00:00.123', 'subsec')",
    "typeof(unixepoch('2000-01-01', 'subsec'))", "unixepoch('9999-12-31 23:59:59.999')",
    "datetime('2000-01-01 00:00:00.9999', 'subsec')", "time('23:59:59.9999', 'subsec')",
    "datetime('subsec') IS NOT NULL", "length(datetime('subsecond'))",
]

MODIFIERS = [
    "date('2001-01-31', '+1 month')", "date('2001-01-31', '+1 month', 'floor')",
    "date('2001-01-31', '+1 month', 'ceiling')", "date('2000-02-29', '+1 year')",
    "date('2000-02-29', '+1 year', 'floor')", "date('2001-03-31', '-1 month')",
    "date('2001-03-31', '-1 month', 'floor')", "date('2024-01-31', '+13 months', 'floor')",
    "date('2024-01-15', '+1.5 months')", "date('2024-01-15', '-1.5 years')",
    "datetime('2024-01-15', '+1.25 days')", "datetime('2024-01-15', '-90 minutes')",
    "datetime('2024-01-15', '+3600 seconds')", "datetime('2024-01-15', '+0.001 seconds', 'subsec')",
    "datetime('2024-01-15', '+2 HOURS')", "datetime('2024-01-15', '+2 Hour')",
    "date('2024-01-15', '1 day')", "date('2024-01-15', '+1day')", "date('2024-01-15', '+ 1 day')",
    "date('2024-01-15', '+1  days')", "date('2024-01-15', '+1 dayss')", "date('2024-01-15', '+1 week')",
    "date('2024-01-15', '+1 days ')", "date('2024-01-15', '+5373485 days')",
    "date('2024-01-15', '+176546 months')", "date('2024-01-15', '+14713 years')",
    "date('2024-01-15', '-8000 years')", "date('0001-01-01', '-1 year')",
    "date('0001-01-01', '-2 years')", "datetime('2024-01-15', '+12:30')",
    "datetime('2024-01-15', '-12:30:15.5', 'subsec')", "datetime('2024-01-15', '+24:00')",
    "datetime('2024-01-15', '+25:00')", "datetime('2024-01-15', '12:30')",
    "datetime('2024-01-15', '+0001-02-03')", "datetime('2024-01-15', '-0001-02-03')",
    "datetime('2024-01-15', '+0001-02-03 04:05:06')", "datetime('2024-01-15', '+00001-00-00')",
    "datetime('2024-01-15', '+0001-12-00')", "datetime('2024-01-15', '+0001-00-31')",
    "datetime('2024-01-15', '0001-00-00')", "datetime('2024-01-15', '+0001-00-00x')",
    "date('2024-03-15', 'start of month')", "date('2024-03-15', 'start of year')",
    "datetime('2024-03-15 12:34', 'start of day')", "date('2024-03-15', 'start of week')",
    "date('2024-03-15', 'START OF MONTH')", "date('2024-03-15', 'start of  month')",
    "date('2024-03-15', 'weekday 0')", "date('2024-03-15', 'weekday 5')",
    "date('2024-03-15', 'weekday 6')", "date('2024-03-15', 'weekday 7')",
    "date('2024-03-15', 'weekday -1')", "date('2024-03-15', 'weekday -0')",
    "date('2024-03-15', 'weekday 1.0')", "date('2024-03-15', 'weekday 1.5')",
    "date('2024-03-15', 'weekday  2')", "date('2024-03-15', 'weekday')",
    "datetime(1700000000, 'unixepoch')", "datetime(1700000000.5, 'unixepoch', 'subsec')",
    "datetime('1700000000', 'unixepoch')", "datetime(1700000000, '+1 day', 'unixepoch')",
    "datetime(1e20, 'unixepoch')", "datetime(-210866760000, 'unixepoch')",
    "datetime(-210866760001, 'unixepoch')", "datetime('2024-01-01', 'unixepoch')",
    "datetime(1700000000, 'auto')", "datetime(2460000.5, 'auto')", "datetime(-1, 'auto')",
    "datetime(253402300799, 'auto')", "datetime(253402300800, 'auto')",
    "datetime(5373484.4, 'auto')", "datetime('2024-01-01', 'auto')",
    "datetime(2460000.5, '+1 day', 'auto')", "datetime(2460000.5, 'julianday')",
    "datetime('2460000.5', 'julianday')", "datetime(1700000000, 'julianday')",
    "datetime('2024-01-01', 'julianday')", "datetime(2460000.5, '+1 day', 'julianday')",
    "datetime(1700000000)", "datetime(1700000000, 'start of day')",
    "datetime(1700000000, '+1 day')", "datetime('2024-01-01', 'nonsense')",
    "datetime('2024-01-01', '')", "datetime('2024-01-01', NULL)", "datetime('2024-01-01', 5)",
    "datetime('2024-01-01', 'subsec', '+1.5 seconds')", "datetime('2024-01-01', 'SUBSEC')",
    "datetime('9999-12-31 23:59:59', '+1 second')", "datetime('0000-01-01', '-1 day')",
    "date('2023-02-31', 'start of day')", "date('2023-02-31', 'subsec')",
    "date('2023-02-31', '+0 days')", "strftime('%d', '2023-02-31', 'subsec')",
]

# 24:00 (SQLite 3.54): the next day's midnight once the day number is computed
MIDNIGHT_24 = [
    "unixepoch('24:00', '+1 month')", "datetime('24:00', '+1 month')",
    "datetime('24:00 +05:30', '+1 month')", "datetime('24:00', 'start of month')",
    "datetime('24:00', 'floor')", "datetime('24:00', '+1 year', 'floor')",
    "datetime('24:00', '+0001-00-00')", "datetime('24:00', '-0001-00-00 01:00')",
    "datetime('24:00 +05:30', 'weekday 0')", "timediff('24:00', '23:00')",
    "strftime('%H %d', '24:00')", "datetime('24:00', 'subsec')",
    "date('2023-02-31 24:00', 'floor')", "date('2023-02-28 24:00', 'start of month')",
    "datetime('2023-02-31 12:00+01:00', 'floor')", "time('24:00:00.001')",
]

LOCAL = [
    "datetime('2024-07-01 12:00', 'localtime')", "datetime('2024-01-01 12:00', 'localtime')",
    "datetime('2024-07-01 12:00', 'utc')", "datetime('2024-07-01 12:00Z', 'utc')",
    "datetime('2024-07-01 12:00', 'localtime', 'localtime')",
    "datetime('2024-07-01 12:00', 'localtime', 'utc')", "datetime('2024-03-10 02:30', 'utc')",
    "datetime('2024-11-03 01:30', 'utc')", "datetime('1900-07-01 12:00', 'localtime')",
    "datetime('2100-07-01 12:00', 'localtime')", "datetime('-0100-07-01 12:00', 'localtime')",
    "datetime('1969-12-31 23:59:59.5', 'localtime', 'subsec')",
    "datetime('2024-07-01 12:00', 'utc', 'subsec')", "datetime(1700000000, 'unixepoch', 'localtime')",
    "datetime('2024-07-01 12:00 +02:00', 'localtime')", "date('2024-07-01', 'localtime', 'start of day', 'utc')",
]

STRFTIME = [
    "strftime('%d %e %f %F %G %g %H %I %j %J %k %l %m %M %p %P %R %s %S %T %u %U %V %w %W %Y %%', "
    "'2024-12-30 13:05:07.123')",
    "strftime('%G %g %V %U %W %j %u %w', '2021-01-03')", "strftime('%G %g %V', '2020-12-31')",
    "strftime('%G %g %V %U %W', '2027-01-01')", "strftime('%V', '2026-12-31')",
    "strftime('%I %l %p %P', '2024-01-01 00:30')", "strftime('%I %l %p %P', '2024-01-01 12:30')",
    "strftime('%I %l %k %H', '2024-01-01 09:05')", "strftime('%Y %F %G %g', '-0044-03-15')",
    "strftime('%Y %F', '0099-03-15')", "strftime('%J', '2024-01-01 12:00:00.001')",
    "strftime('%s', '1960-01-01')", "strftime('%s', '2024-01-01 00:00:00.5', 'subsec')",
    "strftime('%f', '2024-01-01 00:00:01.9995')", "strftime('%f', '2024-01-01 00:00:59.9999')",
    "strftime('%S %T', '2024-01-01 00:00:59.9999')", "strftime('%q', '2024-01-01')",
    "strftime('%', '2024-01-01')", "strftime('abc%', '2024-01-01')", "strftime('', '2024-01-01')",
    "strftime('no conversions', '2024-01-01')", "strftime('%Y' || char(0) || '%m', '2024-05-01')",
    "strftime(NULL, '2024-01-01')", "strftime('%Y', NULL)", "strftime('%Y', 'bad')",
    "strftime(2024, '2024-01-01')", "strftime(x'2559', '2024-01-01')", "strftime()",
    "strftime('%Y é %m', '2024-05-01')", "strftime('%j', '2024-12-31')", "strftime('%j', '2023-12-31')",
]

TIMEDIFF = [
    "timediff('2024-03-01', '2023-01-31 12:00')", "timediff('2023-01-31 12:00', '2024-03-01')",
    "timediff('2024-03-31', '2024-02-29')", "timediff('2024-02-29', '2024-03-31')",
    "timediff('2024-01-01', '2024-01-01')", "timediff('2024-01-01 00:00:00.5', '2024-01-01')",
    "timediff('0000-01-01', '9999-12-31 23:59:59.999')", "timediff(2460000.5, 2450000.5)",
    "timediff('2024-01-01', NULL)", "timediff(NULL, '2024-01-01')", "timediff('x', '2024-01-01')",
    "timediff('2024-01-01')", "timediff('2024-01-01', '2024-01-01', '2024-01-01')",
    "datetime('2023-01-31 12:00', timediff('2024-03-01', '2023-01-31 12:00'))",
]

ARGUMENTS = [
    "date()", "time() IS NOT NULL", "datetime() IS NOT NULL", "typeof(julianday())",
    "typeof(unixepoch())", "typeof(strftime('%s'))", "date(1, 2, 3, 4, 5, 6, 7, 8)",
    "typeof(date('2024-01-01'))", "typeof(time('12:00'))", "typeof(datetime('2024-01-01'))",
    "typeof(strftime('%Y', '2024-01-01'))", "typeof(timediff('2024-01-01', '2023-01-01'))",
    "DATE('2024-01-01')", "StrFTime('%Y', '2024-01-01')",
]


@pytest.mark.parametrize("group", ["FORMS", "MODIFIERS", "MIDNIGHT_24", "LOCAL", "STRFTIME",
                                   "TIMEDIFF", "ARGUMENTS"])
def test_edge_cases_match_sqlite(group):
    cases = globals()[group]
    assert_same((), [f"SELECT {case}" for case in cases])


def test_results_from_a_table_match_sqlite():
    setup = ["CREATE TABLE t(v, m)",
             "INSERT INTO t VALUES ('2024-01-31', '+1 month'), (2460000.5, 'start of year'),"
             " (1700000000, 'unixepoch'), (NULL, '+1 day'), ('12:00', NULL), (x'3132', 'utc')"]
    assert_same(setup, ["SELECT date(v, m), julianday(v), strftime('%F %T', v, m) FROM t",
                        "SELECT count(*) FROM t WHERE date(v, m) > '2024-01-01'",
                        "SELECT v FROM t ORDER BY julianday(v, m), rowid"])


# ---------------------------------------------------------------------------------------
# 'now': the statement's clock
# ---------------------------------------------------------------------------------------

class FixedClock:
    def __init__(self, *moments):
        self.moments = list(moments)
        self.readings = 0

    def __call__(self):
        self.readings += 1
        return self.moments.pop(0)


def test_now_is_the_statements_moment_to_the_millisecond():
    conn = rowandb.connect(":memory:")
    moment = datetime.datetime(2024, 2, 29, 23, 59, 58, 987654, tzinfo=datetime.timezone.utc)
    conn._session.clock.source = FixedClock(moment)
    row = conn.execute(
        "SELECT date('now'), time('now'), datetime('now', 'subsec'), julianday('now'), "
        "unixepoch('now'), unixepoch('now', 'subsec'), strftime('%f'), date(), "
        "datetime('subsec'), current_timestamp, date('now', '+1 day')").fetchone()
    sqlite = apsw.Connection(":memory:").execute(
        "SELECT julianday('2024-02-29 23:59:58.987'), unixepoch('2024-02-29 23:59:58.987', "
        "'subsec')").fetchone()
    assert row == ("2024-02-29", "23:59:58", "2024-02-29 23:59:58.987", sqlite[0],
                   1709251198, sqlite[1], "58.987", "2024-02-29", "2024-02-29 23:59:58.987",
                   "2024-02-29 23:59:58", "2024-03-01")


def test_now_is_read_once_per_statement_and_again_by_the_next():
    conn = rowandb.connect(":memory:")
    first = datetime.datetime(2024, 1, 1, 12, 0, tzinfo=datetime.timezone.utc)
    clock = conn._session.clock.source = FixedClock(first, first + datetime.timedelta(days=1))
    rows = conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                        "WHERE i < 500) SELECT DISTINCT date('now'), julianday('now'), "
                        "current_date FROM n").fetchall()
    assert rows == [("2024-01-01", 2460311.0, "2024-01-01")]
    again = "SELECT date('now') WHERE date('now') > '2000'"     # a cached plan reads it anew
    assert conn.execute(again).fetchone() == ("2024-01-02",)
    assert clock.readings == 2


def test_a_statement_without_now_does_not_read_the_clock():
    conn = rowandb.connect(":memory:")
    clock = conn._session.clock.source = FixedClock()
    assert conn.execute("SELECT date('2024-01-01', '+1 day')").fetchone() == ("2024-01-02",)
    assert clock.readings == 0


def test_now_is_close_to_sqlites_now():
    mine = rowandb.connect(":memory:").execute(
        "SELECT julianday('now'), unixepoch(), typeof(unixepoch('now', 'subsec'))").fetchone()
    theirs = apsw.Connection(":memory:").execute(
        "SELECT julianday('now'), unixepoch(), typeof(unixepoch('now', 'subsec'))").fetchone()
    assert abs(mine[0] - theirs[0]) * 86400 < 5
    assert abs(mine[1] - theirs[1]) < 5
    assert (type(mine[0]), type(mine[1]), mine[2]) == (float, int, theirs[2])


def test_now_in_a_default_and_in_an_insert_is_one_moment():
    conn = rowandb.connect(":memory:", isolation_level=None)
    moment = datetime.datetime(2030, 6, 1, 8, 0, tzinfo=datetime.timezone.utc)
    conn.execute("CREATE TABLE e(a, at DEFAULT CURRENT_TIMESTAMP)")
    conn._session.clock.source = FixedClock(moment)
    conn.execute("INSERT INTO e(a) VALUES (datetime('now', '+1 hour')), (strftime('%s'))")
    seconds = apsw.Connection(":memory:").execute(
        "SELECT strftime('%s', '2030-06-01 08:00')").fetchone()[0]
    assert conn.execute("SELECT a, at FROM e").fetchall() == [
        ("2030-06-01 09:00:00", "2030-06-01 08:00:00"), (seconds, "2030-06-01 08:00:00")]


def test_localtime_follows_the_process_time_zone():
    """New York is UTC-4 in July and UTC-5 in January (the fixture's zone)."""
    conn = rowandb.connect(":memory:")
    assert conn.execute("SELECT datetime('2024-07-01 12:00', 'localtime'), "
                        "datetime('2024-01-01 12:00', 'localtime'), "
                        "datetime('2024-07-01 08:00', 'utc')").fetchone() == (
        "2024-07-01 08:00:00", "2024-01-01 07:00:00", "2024-07-01 12:00:00")
