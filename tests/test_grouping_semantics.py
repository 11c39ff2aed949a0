"""DISTINCT, GROUP BY and compound SELECTs compare values under the columns' collations,
and bare columns beside a single min()/max() come from the row holding it — each checked
against SQLite (apsw)."""

from __future__ import annotations

import apsw
import pytest

import rowandb

SETUP = [
    "CREATE TABLE t(nc TEXT COLLATE NOCASE, r TEXT COLLATE RTRIM, b TEXT)",
    "INSERT INTO t VALUES ('a', 'x ', 'p'), ('A', 'x', 'P'), ('b', 'y', 'p'), (NULL, NULL, NULL)",
    "CREATE TABLE e(n, s, d)",
    "INSERT INTO e VALUES ('ann', 100, 1), ('bob', 80, 1), ('cy', 90, 2), ('dee', 95, 2),"
    " ('eve', NULL, 3)",
]


@pytest.fixture(scope="module")
def engines():
    con = rowandb.connect(":memory:", isolation_level=None)
    lite = apsw.Connection(":memory:")
    for sql in SETUP:
        con.execute(sql)
        lite.execute(sql)
    return con, lite


def _fold(rows):
    """Rows with text case-folded and trailing blanks dropped: which spelling represents a
    group is up to row order in SQLite, how many groups there are is not."""
    return sorted((tuple(v.lower().rstrip() if isinstance(v, str) else v for v in row)
                   for row in rows), key=repr)


@pytest.mark.parametrize("sql", [
    "SELECT DISTINCT nc FROM t",
    "SELECT DISTINCT r FROM t",
    "SELECT DISTINCT b FROM t",
    "SELECT DISTINCT nc FROM t ORDER BY nc",
    "SELECT nc, count(*) FROM t GROUP BY nc",
    "SELECT r, count(*) FROM t GROUP BY r",
    "SELECT b, count(*) FROM t GROUP BY b",
    "SELECT count(DISTINCT nc), count(DISTINCT r), count(DISTINCT b) FROM t",
    "SELECT nc FROM t UNION SELECT b FROM t",
    "SELECT b FROM t UNION SELECT nc FROM t",
    "SELECT nc FROM t INTERSECT SELECT b FROM t",
    "SELECT nc FROM t EXCEPT SELECT 'A'",
])
def test_collation_decides_equality(engines, sql):
    con, lite = engines
    mine, theirs = con.execute(sql).fetchall(), list(lite.execute(sql))
    assert len(mine) == len(theirs)
    assert _fold(mine) == _fold(theirs)


@pytest.mark.parametrize("sql", [
    "SELECT n, max(s) FROM e",
    "SELECT n, min(s) FROM e",
    "SELECT d, n, max(s) FROM e GROUP BY d",
    "SELECT d, n, min(s), count(*) FROM e GROUP BY d",
    "SELECT d, n FROM e GROUP BY d HAVING s = max(s)",
])
def test_bare_columns_follow_the_single_min_or_max(engines, sql):
    con, lite = engines
    assert sorted(con.execute(sql).fetchall(), key=repr) == sorted(lite.execute(sql), key=repr)
