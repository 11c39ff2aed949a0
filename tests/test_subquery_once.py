"""Views and FROM subqueries inside correlated subqueries, computed once per statement,
against SQLite (apsw).

A correlated subquery runs again for every outer row; a view or FROM subquery inside it
that reads nothing of the outer row gives the same rows every time, so
``exec/cte_scan.py`` keeps them at the first read and replays them, through a dict keyed
by the equalities with the outer row when there are some (``REPLAYS`` and ``PROBES``
count the reads served so: each test proves the path was taken, or -- for ``random()``, a
correlated view and DML -- that it was not; the keys are tested under affinities and
NOCASE), and ``optimizer/push_into_cte.py`` no longer pushes an
outer-row conjunct into such a query unless it makes an index search. Every query is
compared with SQLite row for row, order included; the queries run twice on one prepared
statement with the data changed in between, so rows kept by one execution are never read
by the next.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from rowandb.planner.exec import cte_scan

SCHEMA = [
    "CREATE TABLE t1(a INTEGER, b TEXT)",
    "CREATE TABLE t2(x, y TEXT COLLATE NOCASE)",
    "CREATE TABLE t3(k INTEGER PRIMARY KEY, x INTEGER)",
    "CREATE INDEX t3x ON t3(x)",
    "CREATE VIEW grouped AS SELECT x, count(*) AS n, max(y) AS m FROM t2 GROUP BY x",
    "CREATE VIEW plain AS SELECT x, y FROM t2 WHERE y <> 'q'",
    "CREATE VIEW firsts AS SELECT x, y FROM t2 ORDER BY y, x LIMIT 7",
    "CREATE VIEW noisy AS SELECT x, random() AS r FROM t2",
    "CREATE VIEW nested AS SELECT g.x, g.n FROM grouped AS g JOIN plain AS p ON p.x = g.x",
]
VALUES = ["NULL", "1", "2", "1.0", "'1'", "'a'", "'A'", "3", "0", "2.5", "-1", "'b'"]

#: (query, path): "replay" when the inner view's rows must be replayed, "probe" when
#: replayed through equality keys with the outer row, None when computed afresh
QUERIES = [
    ("SELECT a, b FROM t1 WHERE EXISTS (SELECT 1 FROM grouped WHERE grouped.x = t1.a "
     "AND grouped.n > 1) ORDER BY a, b", "probe"),
    ("SELECT a, (SELECT n FROM grouped WHERE grouped.x = t1.a) FROM t1 ORDER BY 1, 2", "probe"),
    ("SELECT a, (SELECT count(*) FROM plain WHERE plain.x = t1.a OR plain.y = t1.b) "
     "FROM t1 ORDER BY 1, 2", "replay"),
    ("SELECT a FROM t1 WHERE a IN (SELECT x FROM firsts WHERE firsts.y >= t1.b) ORDER BY a",
     "replay"),
    ("SELECT a, b FROM t1 WHERE NOT EXISTS (SELECT 1 FROM (SELECT DISTINCT x FROM t2) AS d "
     "WHERE d.x = t1.a) ORDER BY a, b", "probe"),
    ("SELECT a, (SELECT group_concat(n, ',') FROM nested WHERE nested.x <= t1.a) FROM t1 "
     "ORDER BY 1, 2", "replay"),
    ("SELECT a, (SELECT count(*) FROM (SELECT x FROM t2 WHERE t2.x = t1.a) AS c) "
     "FROM t1 ORDER BY 1, 2", None),                      # the FROM subquery is correlated
    ("SELECT a, (SELECT count(*) FROM (SELECT x FROM t3) AS s WHERE s.x = t1.a) "
     "FROM t1 ORDER BY 1, 2", None),                      # pushed: an index search on t3(x)
    ("SELECT count(*) FROM t1 WHERE EXISTS (SELECT 1 FROM grouped WHERE grouped.x = t1.a)",
     "probe"),
    # keys under the comparison's affinity and collation: TEXT against no affinity, NOCASE
    ("SELECT a, b FROM t1 WHERE EXISTS (SELECT 1 FROM grouped WHERE grouped.x = t1.b) "
     "ORDER BY a, b", "probe"),
    ("SELECT b, (SELECT group_concat(x, ',') FROM plain WHERE plain.y = substr(t1.b, 1, 1)) "
     "FROM t1 ORDER BY 1, 2", "probe"),
    ("SELECT a, b, (SELECT group_concat(y, '') FROM plain WHERE t1.a = plain.x "
     "AND plain.y = 'B') FROM t1 ORDER BY 1, 2, 3", "probe"),
    ("SELECT a, (SELECT count(*) FROM plain WHERE plain.x = t1.a AND plain.y = t1.b) "
     "FROM t1 ORDER BY 1, 2", "probe"),
    ("SELECT a, (SELECT group_concat(m, ',') FROM grouped WHERE grouped.x = t1.a + 0) "
     "FROM t1 ORDER BY 1, 2", "probe"),
    # the view's side of the equality also reads another table: no keys, replayed
    ("SELECT a, (SELECT count(*) FROM t3 JOIN plain ON plain.x + t3.k = t1.a) FROM t1 "
     "ORDER BY 1, 2", "replay"),
]


def _fill(rowan, sqlite, shift: int) -> None:
    rows1 = [(VALUES[(i * 7 + shift) % len(VALUES)], f"{'ab'[i % 2]}{i % 5}")
             for i in range(40)]
    rows2 = [(VALUES[(i * 5 + shift) % len(VALUES)], "aqQbB"[i % 5]) for i in range(60)]
    rows3 = [(i, VALUES[(i * 3 + shift) % len(VALUES)]) for i in range(30)]
    for conn in (rowan, sqlite):
        cur = conn.cursor()
        for table in ("t1", "t2", "t3"):
            cur.execute(f"DELETE FROM {table}")
        cur.executemany("INSERT INTO t1 VALUES (?, ?)", rows1)
        cur.executemany("INSERT INTO t2 VALUES (?, ?)", rows2)
        cur.executemany("INSERT INTO t3 VALUES (?, ?)", rows3)


@pytest.fixture()
def pair():
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    for statement in SCHEMA:
        rowan.execute(statement)
        sqlite.execute(statement)
    return rowan, sqlite


def _rows(conn, sql: str) -> list:
    return [tuple(r) for r in conn.cursor().execute(sql).fetchall()]


def _counts() -> tuple:
    return cte_scan.REPLAYS[0], cte_scan.PROBES[0]


@pytest.mark.parametrize("query,path", QUERIES)
def test_view_in_correlated_subquery_matches_sqlite(pair, query, path):
    rowan, sqlite = pair
    for shift in (0, 5):                 # the same statement again after the data changed
        _fill(rowan, sqlite, shift)
        before = _counts()
        assert _rows(rowan, query) == _rows(sqlite, query), (query, shift)
        replays, probes = (after - b for after, b in zip(_counts(), before))
        assert (replays > 0, probes > 0) == (path == "replay", path == "probe"), query


def test_volatile_view_runs_again_for_each_outer_row(pair):
    rowan, sqlite = pair
    _fill(rowan, sqlite, 0)
    before = _counts()
    # count(r) reads the volatile column: one nothing reads is NULL, never computed
    query = "SELECT count(*) FROM t1 WHERE (SELECT count(r) FROM noisy WHERE noisy.x = t1.a) >= 0"
    assert _rows(rowan, query) == _rows(sqlite, query) == [(40,)]
    assert _counts() == before
    distinct = "SELECT count(DISTINCT (SELECT max(r) FROM noisy)) FROM t1 WHERE a IS NOT NULL"
    assert _rows(rowan, distinct) == _rows(sqlite, distinct)   # a fresh random() per row


def test_dml_expressions_read_the_rows_written_so_far(pair):
    """An UPDATE's SET reads the table it writes: its view is computed again for each row,
    in RowanDB as in SQLite, never replayed from rows kept before the first write."""
    rowan, sqlite = pair
    _fill(rowan, sqlite, 0)
    update = ("UPDATE t2 SET y = y || (SELECT count(*) FROM grouped WHERE grouped.m > t2.y) "
              "WHERE x IS NOT NULL")
    before = _counts()
    rowan.execute(update)
    sqlite.execute(update)
    assert _counts() == before
    check = "SELECT rowid, x, y FROM t2 ORDER BY rowid"
    assert _rows(rowan, check) == _rows(sqlite, check)


def test_replay_is_faster_than_computing_again(pair):
    """A bound on work, not time: the view is computed once, every other outer row reads
    the kept rows (through the keys), or at most twice without keys (the first read of an
    EXISTS stops at its first row)."""
    rowan, sqlite = pair
    _fill(rowan, sqlite, 0)
    outer = _rows(rowan, "SELECT count(*) FROM t1")[0][0]
    for (query, _), counter, least in ((QUERIES[0], cte_scan.PROBES, outer - 1),
                                       (QUERIES[2], cte_scan.REPLAYS, outer - 2)):
        before = counter[0]
        assert _rows(rowan, query) == _rows(sqlite, query)
        assert counter[0] - before >= least
