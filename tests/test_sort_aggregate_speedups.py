"""ORDER BY ... LIMIT (top-N selection) and the aggregate loops must not change results.

A LIMIT under ORDER BY makes the executor keep only the first offset + limit rows
(``heapq`` when every key has one direction, a first-key cut otherwise). Its rows must be
exactly the slice of the full sort, ties included, and agree with SQLite where the order is
total. Aggregates run with and without GROUP BY, over empty input, with DISTINCT and with
bare columns, against SQLite (a DISTINCT aggregate compares under its argument's
collation, as SQLite does).
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb

VALUES = ["NULL", "1", "2", "1.0", "'1'", "'a'", "'A'", "'b '", "x'61'", "3", "0", "2.5",
          "'B'", "-1"]
COLUMNS = ["a", "b", "c", "d", "a + c", "b COLLATE BINARY", "length(b)"]


@pytest.fixture(scope="module")
def pair():
    rnd = random.Random(11)
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    script = ["CREATE TABLE t(a, b TEXT COLLATE NOCASE, c INTEGER, d REAL)",
              "CREATE TABLE e(a, b)"]
    script += [f"INSERT INTO t VALUES ({', '.join(rnd.choice(VALUES) for _ in range(4))})"
               for _ in range(60)]
    for sql in script:
        rowan.execute(sql)
        sqlite.execute(sql)
    return rowan, sqlite


def _order(rnd: random.Random) -> str:
    return ", ".join(f"{rnd.choice(COLUMNS)}{rnd.choice(['', ' DESC', ' ASC'])}"
                     f"{rnd.choice(['', '', ' NULLS FIRST', ' NULLS LAST'])}"
                     for _ in range(rnd.randint(1, 3)))


@pytest.mark.parametrize("seed", range(6))
def test_limit_is_the_slice_of_the_full_sort(pair, seed):
    rowan, _ = pair
    rnd = random.Random(seed)
    for _ in range(40):
        select = f"SELECT {rnd.choice(['', 'DISTINCT '])}b, c, a FROM t ORDER BY {_order(rnd)}"
        full = rowan.execute(select).fetchall()
        limit, offset = rnd.randint(0, 70), rnd.randint(0, 10)
        assert rowan.execute(f"{select} LIMIT {limit} OFFSET {offset}").fetchall() == \
            full[offset:offset + limit], select
        assert rowan.execute(f"{select} LIMIT -1 OFFSET {offset}").fetchall() == full[offset:]


@pytest.mark.parametrize("seed", range(4))
def test_limit_matches_sqlite_when_the_order_is_total(pair, seed):
    rowan, sqlite = pair
    rnd = random.Random(100 + seed)
    for _ in range(30):
        sql = (f"SELECT rowid, a, b FROM t ORDER BY {_order(rnd)}, rowid "
               f"LIMIT {rnd.randint(0, 20)} OFFSET {rnd.randint(0, 5)}")
        assert rowan.execute(sql).fetchall() == [tuple(r) for r in sqlite.execute(sql)], sql


def test_compound_order_by_with_limit(pair):
    rowan, sqlite = pair
    for sql in ["SELECT a, c FROM t UNION SELECT b, c FROM t ORDER BY 2 DESC, 1 LIMIT 7",
                "SELECT c FROM t UNION ALL SELECT c FROM t ORDER BY 1 LIMIT 5 OFFSET 3",
                "SELECT c, d FROM t EXCEPT SELECT 1, 2.5 ORDER BY 1, 2 DESC LIMIT 4"]:
        assert rowan.execute(sql).fetchall() == [tuple(r) for r in sqlite.execute(sql)], sql


AGGREGATES = [
    "SELECT count(*), count(a), sum(c), avg(d), min(b), max(a), total(d) FROM t",
    "SELECT count(*), sum(a), max(b), min(a) FROM e",
    "SELECT count(DISTINCT c), sum(DISTINCT c), group_concat(DISTINCT b) FROM t",
    "SELECT c, count(*), sum(d), max(b) FROM t GROUP BY c ORDER BY c",
    "SELECT c, count(DISTINCT b), min(d) FROM t GROUP BY c ORDER BY 1, 2",
    "SELECT c, count(*) FROM t WHERE d > 1 GROUP BY c HAVING count(*) > 2 ORDER BY 2, 1",
    "SELECT count(*), c FROM t WHERE c = 3",                         # bare column
    "SELECT count(*), a FROM e",                                     # bare column, no rows
    "SELECT a, count(*) FROM e GROUP BY a",
]


@pytest.mark.parametrize("sql", AGGREGATES)
def test_aggregates_match_sqlite(pair, sql):
    rowan, sqlite = pair
    mine = rowan.execute(sql).fetchall()
    theirs = [tuple(r) for r in sqlite.execute(sql)]
    if "ORDER BY" in sql or len(theirs) <= 1:
        assert mine == theirs
    else:
        assert sorted(map(repr, mine)) == sorted(map(repr, theirs))
