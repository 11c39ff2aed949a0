"""count(*) over a filtered table scan counted in the scan's own loop (exec/counted_scan.py)
gives SQLite's answers: WHERE terms true, false and NULL by a number, a real and text
(``'1abc'``, ``0.5``), several count(*) calls, bare columns beside them (the first row
that passes, or NULL when none does), no row at all, a WITHOUT ROWID table, a table
whose older rows predate an ADD COLUMN, a WHERE whose error comes at one row, and the
correlated subqueries of select3 (``(SELECT count(*) FROM t1 AS x WHERE x.b<t1.b)``);
rows, column names' values and errors compared with SQLite (apsw). The shapes that are
not plain count(*) -- count(x), count(DISTINCT x), a FILTER, GROUP BY -- go the general
way and are compared all the same; the shapes taken are counted to prove the path.
"""

from __future__ import annotations

import pytest

from rowandb.planner.exec.fast_counts import COUNTS
from tests.oracle import connections, exact

SETUP = [
    "CREATE TABLE t(a INTEGER, b, c TEXT)",
    "INSERT INTO t VALUES (1, 2, 'x'), (2, NULL, 'y'), (3, '1abc', NULL), (4, 0.5, 'z'), "
    "(5, 0, 'x'), (6, 'abc', 'y'), (7, -3, 'x'), (NULL, 9, 'w')",
    "CREATE TABLE e(a INTEGER, b)",
    "CREATE TABLE w(k TEXT PRIMARY KEY, v INT) WITHOUT ROWID",
    "INSERT INTO w VALUES ('b', 2), ('a', 1), ('d', NULL), ('c', 3)",
    "CREATE TABLE old(a INTEGER)",
    "INSERT INTO old VALUES (1), (2), (3)",
    "ALTER TABLE old ADD COLUMN z DEFAULT 5",
    "INSERT INTO old VALUES (4, 6)",
    "CREATE TABLE big(a INTEGER)",
    "INSERT INTO big VALUES (1), (-9223372036854775808), (2)",
]

TAKEN = [
    "SELECT count(*) FROM t WHERE a > 2",
    "SELECT count(*) FROM t WHERE b",
    "SELECT count(*) FROM t WHERE NOT b",
    "SELECT count(*) FROM t WHERE c",
    "SELECT count(*), count(*) + 1 FROM t WHERE a < 5 AND b IS NOT NULL",
    "SELECT a, c, count(*) FROM t WHERE a > 3",
    "SELECT a, count(*) FROM t WHERE a > 100",
    "SELECT count(*) FROM e WHERE a > 0",
    "SELECT a, count(*) FROM e WHERE b IS NULL",
    "SELECT count(*), k FROM w WHERE v > 1",
    "SELECT count(*) FROM w WHERE v IS NULL",
    "SELECT count(*), z FROM old WHERE z <> 6",
    "SELECT count(*) FROM old WHERE z > 5",
    "SELECT count(*) FROM big WHERE abs(a) > 0",
    "SELECT count(*) FROM t WHERE a > 0 HAVING count(*) > 3",
    "SELECT count(*) FROM t WHERE a > 0 HAVING count(*) > 30",
    "SELECT a, (SELECT count(*) FROM t AS x WHERE x.a < t.a) FROM t ORDER BY 1",
    "SELECT a, (SELECT count(*) FROM t AS x WHERE x.b > t.b AND x.a < t.a) FROM t",
    "SELECT a FROM t WHERE (SELECT count(*) FROM t AS x WHERE x.a <= t.a) > 3",
]

GENERAL = [
    "SELECT count(b) FROM t WHERE a > 1",
    "SELECT count(DISTINCT c) FROM t WHERE a > 1",
    "SELECT count(*) FILTER (WHERE b > 0) FROM t WHERE a > 1",
    "SELECT c, count(*) FROM t WHERE a > 1 GROUP BY c",
    "SELECT count(*), max(a) FROM t WHERE b IS NOT NULL",
    "SELECT count(*) FROM t",
    "SELECT count(*) FROM t AS x, e WHERE x.a > 1",
]


def _outcome(connection, sql):
    try:
        cursor = connection.execute(sql)
        return [tuple(exact(v) for v in row) for row in cursor.fetchall()]
    except Exception as error:      # noqa: BLE001 - the error is the outcome compared
        return "error", str(error).split(":")[0]


@pytest.mark.parametrize("sql", TAKEN)
def test_a_plain_count_is_counted_in_the_scan_as_sqlite_counts(sql):
    mine, theirs = connections(SETUP)
    before = COUNTS["counted_scan"]
    assert _outcome(mine, sql) == _outcome(theirs, sql)
    assert COUNTS["counted_scan"] > before


@pytest.mark.parametrize("sql", GENERAL)
def test_other_counts_go_the_general_way_as_sqlite_counts(sql):
    mine, theirs = connections(SETUP)
    assert _outcome(mine, sql) == _outcome(theirs, sql)


def test_a_count_of_the_connections_own_is_not_taken():
    """A count() of no argument the connection defines is what count(*) calls, in both
    engines: the loop's own count is not taken."""
    mine, theirs = connections(SETUP)
    mine.create_function("count", 0, lambda: 42)
    theirs.create_scalar_function("count", lambda: 42, 0)
    before = COUNTS["counted_scan"]
    sql = "SELECT count(*) FROM t WHERE a > 2"
    assert _outcome(mine, sql) == _outcome(theirs, sql)
    assert COUNTS["counted_scan"] == before
