"""DISTINCT, GROUP BY and compound SELECTs compare values under the columns' collations,
and bare columns beside min()/max() come from the row SQLite picks — each checked against
SQLite (apsw)."""

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


# Several min()/max() calls, FILTER and DISTINCT: SQLite's one "hit" register decides the
# bare columns' row (exec/aggregate.py, _bare_row). Each SELECT below differs from the
# first-row or first-min/max rule RowanDB had before.
HIT_SETUP = [
    "CREATE TABLE h(id, a, b, g, n)",
    "INSERT INTO h VALUES (1, 5, 3, 1, NULL), (2, 1, 9, 1, NULL), (3, 7, 1, 1, NULL),"
    " (4, 2, 4, 2, NULL), (5, 7, 9, 2, NULL), (6, NULL, 0, 2, 3)",
]


@pytest.mark.parametrize("sql", [
    "SELECT id, min(a), max(b) FROM h", "SELECT id, min(a), max(a) FROM h",
    "SELECT id, max(a), min(a) FROM h", "SELECT id, min(a) FROM h HAVING max(a) > 0",
    "SELECT id, max(a) FROM h ORDER BY min(a)", "SELECT min(a) + max(a), id FROM h",
    "SELECT id, min(a), max(a), min(a) FROM h", "SELECT id, max(a), min(a), max(a) FROM h",
    "SELECT id, min(a), max(n) FROM h", "SELECT id, max(n) FROM h GROUP BY g",
    "SELECT id, min(a), max(DISTINCT a) FROM h", "SELECT id, min(a COLLATE NOCASE), max(a) FROM h",
    "SELECT id, min(a), max(a) FROM h GROUP BY g", "SELECT id, min(n), max(b) FROM h GROUP BY g",
    "SELECT id, max(a) FILTER (WHERE id > 2), min(b) FILTER (WHERE id < 5) FROM h",
    "SELECT id, max(a) FILTER (WHERE id > 9), min(b) FILTER (WHERE id > 9) FROM h",
    "SELECT id, sum(a), max(a) FILTER (WHERE id > 9) FROM h",
    "SELECT id, count(*), min(a) FILTER (WHERE id IN (2, 4)) FROM h GROUP BY g",
])
@pytest.mark.parametrize("fuse", [True, False])
def test_bare_columns_beside_several_min_max_filter_and_distinct(sql, fuse, monkeypatch):
    from rowandb.planner.exec import aggregate
    monkeypatch.setattr(aggregate, "FUSE", fuse)
    con, lite = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for setup in HIT_SETUP:
        con.execute(setup)
        lite.execute(setup)
    assert con.execute(sql).fetchall() == list(lite.execute(sql))


def test_bare_columns_of_random_aggregate_queries_match_sqlite(monkeypatch):
    """Random tables (ties, NULLs) and random lists of aggregate calls: each query's rows,
    bare columns included, are SQLite's, on the fused and the general path."""
    import random
    from rowandb.planner.exec import aggregate
    rng = random.Random(2026_12_04)
    calls = ["min(a)", "max(a)", "min(b)", "max(b)", "count(*)", "sum(b)", "max(DISTINCT a)",
             "min(a) FILTER (WHERE b > 2)", "max(b) FILTER (WHERE a IS NULL)",
             "count(a) FILTER (WHERE b < 3)", "min(a COLLATE NOCASE)", "max(c)",
             "min(DISTINCT b) FILTER (WHERE c IS NOT NULL)", "max(a ORDER BY b)",
             "min(c) FILTER (WHERE id > 1)"]
    for round_ in range(int(__import__("os").environ.get("ROWANDB_BARE_ROUNDS", 40))):
        con, lite = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
        rows = [(i, rng.choice([None, 1, 2, 3, 'x', 'X']), rng.choice([None, 1, 2, 3, 4]),
                 rng.randint(1, 3), rng.choice([None, None, 1.5, 'y'])) for i in range(rng.randint(0, 9))]
        for session in (con, lite):
            session.execute("CREATE TABLE r(id, a, b, g, c)")
            for row in rows:
                session.execute("INSERT INTO r VALUES (?, ?, ?, ?, ?)", row)
        for _ in range(15):
            chosen = ", ".join(rng.choice(calls) for _ in range(rng.randint(1, 4)))
            group = rng.choice(["", " GROUP BY g", " GROUP BY g HAVING max(b) > 1",
                                " GROUP BY g ORDER BY min(a)"])
            sql = f"SELECT id, {chosen}, a FROM r{group}"
            for fuse in (True, False):
                monkeypatch.setattr(aggregate, "FUSE", fuse)
                assert con.execute(sql).fetchall() == list(lite.execute(sql)), (sql, rows)
