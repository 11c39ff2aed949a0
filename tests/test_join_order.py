"""An all-inner join nests its tables in SQLite 3.54's order without ANALYZE (apsw).

Where a query has no ORDER BY its rows come in the order of the loops, and an expression
that can raise is reached or not depending on which table the outer loop reads, so the
order ``optimizer/join_costs.py`` (with ``join_ways.py``) chooses must be SQLite's:

* rows in order, against SQLite, for joins where the loop order shows in the answer:
  a WITHOUT ROWID table (scanned through its PRIMARY KEY more cheaply than a rowid table,
  so it goes inner), a tie between two WITHOUT ROWID tables (the narrower index inner),
  a range on an index, an automatic index (RowanDB: a hash join), an equality reached
  through another table's column;
* rows in order, against SQLite, for joins reading FROM subqueries whose columns are
  their table's in another order (SQLite flattens them and costs the table);
* fuzz seed 18001779: an empty rowid table before a WITHOUT ROWID table with a term
  that raises on its rows: SQLite's outer loop reads the empty table, nothing raises;
* the agreement harness (``tests/join_order_agreement.py``): random schemas and 2-4 table
  joins, SQLite's SCAN/SEARCH order against RowanDB's, with a floor on the agreements.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from join_order_agreement import assert_same_order, measure, rowandb_order, sqlite_order

SCHEMA = [
    "CREATE TABLE t5(c1 TEXT)",
    "CREATE TABLE w2(c0 INTEGER PRIMARY KEY, c2) WITHOUT ROWID",
    "CREATE TABLE q(c0 INT PRIMARY KEY, c1 TEXT, c2 TEXT, c3 TEXT) WITHOUT ROWID",
    "CREATE TABLE s(c0 VARCHAR(200) PRIMARY KEY, c1 INT) WITHOUT ROWID",
    "CREATE TABLE r(k INT, v TEXT)",
    "CREATE INDEX r_k ON r(k)",
    "CREATE TABLE h(a INT, b TEXT)",
]
ROWS = [
    "INSERT INTO t5 VALUES ('x'), ('9'), ('y')",
    "INSERT INTO w2 VALUES (1, 7), (2, 3), (3, 8)",
    "INSERT INTO q VALUES (1, 'a', 'b', 'c'), (2, 'd', 'e', 'f')",
    "INSERT INTO s VALUES ('k', 1), ('l', 2), ('m', 3)",
    "INSERT INTO r VALUES (1, 'p'), (7, 'q'), (8, 'r'), (3, 's')",
    "INSERT INTO h VALUES (7, 'x'), (8, 'y'), (1, 'z')",
]

QUERIES = [
    "SELECT * FROM t5, w2 WHERE w2.c2 > 5",             # SQLite: t5 outer
    "SELECT * FROM w2, t5 WHERE w2.c2 > 5",
    "SELECT * FROM w2, t5 WHERE t5.c1 > 5",
    "SELECT * FROM w2, t5",
    "SELECT * FROM q, s",                               # s outer: q's index is narrower
    "SELECT * FROM s, q",
    "SELECT * FROM h, r WHERE r.k > 2",                 # r searched by its range
    "SELECT * FROM r, h WHERE h.a = r.k",               # h by an automatic index
    "SELECT * FROM h, w2, r WHERE w2.c0 = h.a AND r.k = w2.c2",
    "SELECT * FROM t5 JOIN w2 ON w2.c2 = 7 JOIN h ON h.a = w2.c2",
    # json_each given its document costs 1.0 and 25 rows to SQLite (jsonEachBestIndex):
    # a scanned table goes outside it, one it searches inside (fuzz seed 40000261)
    "SELECT * FROM json_each('[1, 7]') AS j, h",
    "SELECT * FROM json_each('[1, 7]') AS j, h WHERE h.a = j.value",
    "SELECT * FROM json_each('[1, 7]') AS j, r WHERE r.k = j.value",
    "SELECT * FROM json_each('[1, 7]') AS j, w2 WHERE w2.c0 = j.value",
    "SELECT * FROM json_each('[1, 7]') AS j, h, t5",
    "SELECT * FROM json_tree('[1]') AS j, json_each('[2, 3]') AS k, r WHERE r.k = k.value",
    "SELECT * FROM json_each(w2.c2) AS j, w2",
    "SELECT * FROM json_each('[1, 7]') AS j JOIN h ON h.a > 0 JOIN json_each('[2]') AS k",
]


@pytest.fixture(scope="module")
def engines():
    mine, lite = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for sql in SCHEMA + ROWS:
        mine.execute(sql)
        lite.execute(sql)
    return mine, lite


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_come_in_sqlites_loop_order(engines, sql):
    mine, lite = engines
    assert rowandb_order(mine, sql) == sqlite_order(lite, sql)
    assert mine.execute(sql).fetchall() == [tuple(r) for r in lite.execute(sql)]


# FROM subqueries whose columns are their table's in another order: SQLite flattens them,
# so its solver costs the table's own columns (join_costs._subquery_columns); RowanDB
# went greedily here, and its rows came in another order. Their plans print the
# subquery's co-routine, so the rows alone are compared.
PERMUTED = [
    "SELECT * FROM (SELECT v, k FROM r) AS x, h, t5 WHERE x.k = h.a",
    "SELECT * FROM t5, h, (SELECT v, k FROM r) AS x WHERE x.k = h.a",
    "SELECT * FROM (SELECT c2, c0 FROM w2) AS x, h, r WHERE x.c0 = h.a AND r.k = x.c2",
    "SELECT * FROM (SELECT b, a FROM h) AS v, (SELECT k, v FROM r) AS f2, t5 "
    "WHERE f2.k = v.a",
    "SELECT x.*, h.* FROM h, (SELECT v, k FROM r) AS x WHERE x.v > 'a' ORDER BY x.k",
]


@pytest.mark.parametrize("sql", PERMUTED)
def test_a_permuted_subquery_is_costed_as_its_table(engines, sql):
    mine, lite = engines
    assert mine.execute(sql).fetchall() == [tuple(r) for r in lite.execute(sql)]


def test_fuzz_seed_18001779_empty_outer_table_raises_nothing():
    """SQLite loops over the empty rowid table t2 first, so json_replace never meets a
    row of t0 and the answer is empty; reading t0 first raised 'bad JSON path'."""
    script = ["CREATE TABLE t0(c0 INTEGER PRIMARY KEY, c2 NCHAR(5), c3 CHARINT) WITHOUT ROWID",
              "CREATE TABLE t2(c1 BLOB) STRICT",
              "INSERT INTO t0 VALUES ('9223372036854775807', 'a', 9007199254740992)"]
    sql = ("SELECT NULL FROM t2 AS a74 JOIN t0 AS a75 ON json_replace(0, 0, a75.c2) "
           "INNER JOIN t0 AS a76 ON 1")
    mine, lite = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for statement in script:
        mine.execute(statement)
        lite.execute(statement)
    assert list(lite.execute(sql)) == []
    assert mine.execute(sql).fetchall() == []
    assert rowandb_order(mine, sql) == sqlite_order(lite, sql) == ["a74", "a75", "a76"]


def test_an_enclosing_querys_column_is_known_before_the_loops():
    """A join inside a correlated subquery whose terms read the enclosing row: that
    value is known before the inner loops (it crashed the solver with a KeyError)."""
    script = ["CREATE TEMP TABLE t0(c1 CHARINT)",
              "CREATE TABLE t1(c0 INTEGER, c1 ANY AS (c0 + 1), c2 REAL PRIMARY KEY) STRICT",
              "CREATE TABLE t2(c0 TINYINT)", "INSERT INTO t2 VALUES (1), (0)",
              "INSERT INTO t1(c0, c2) VALUES (1, 2), (0, 3)", "INSERT INTO t0 VALUES (2), (1)"]
    mine, lite = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for statement in script:
        mine.execute(statement)
        lite.execute(statement)
    for sql in ["SELECT a62.c0 FROM t2 AS a62 WHERE 1 NOT IN (SELECT NULL FROM t1 AS a63 "
                "WHERE (NULL, EXISTS (SELECT * FROM t2 AS a64 LEFT JOIN t0 AS a65 ON NULL "
                "WHERE a63.c1 = a65.c1)) IN ((NULL, NULL)))",
                "SELECT (SELECT count(*) FROM t2 x JOIN t0 y ON y.c1 = t1.c1 + x.c0) FROM t1",
                "SELECT (SELECT group_concat(x.c0 || y.c1) FROM t2 x, t0 y "
                "WHERE y.c1 = t1.c0 AND x.c0 < t1.c1) FROM t1"]:
        assert mine.execute(sql).fetchall() == [tuple(r) for r in lite.execute(sql)], sql


def test_join_order_agrees_with_sqlite_on_generated_joins():
    """500 generated joins (seed 1): main before this change agreed on 220; 475 before
    the planner saw propagated constants (branch costorder2)."""
    agreed, compared, differing = measure(500, 1)
    assert compared == 500
    assert agreed >= 497, [case[1:] for case in differing[:5]]


def test_joins_of_six_and_seven_tables_agree_with_sqlite_on_generated_joins():
    """200 generated joins of 6-7 tables (seed 1): SQLite keeps 12 paths at each step
    (18 for a star query), which ``join_costs.solve`` now reproduces; greedy, as main
    before branch costorder3 ordered them, agreed on 13."""
    agreed, compared, differing = measure(200, 1, tables=(6, 7))
    assert compared == 200
    assert agreed >= 193, [case[1:] for case in differing[:5]]


STAR = [
    "CREATE TABLE f(a, b, c, d, e, g)", "CREATE TABLE d1(id INTEGER PRIMARY KEY, x)",
    "CREATE TABLE d2(id INTEGER PRIMARY KEY, x)", "CREATE TABLE d3(id INTEGER PRIMARY KEY, x)",
    "CREATE TABLE d4(id INTEGER PRIMARY KEY, x)", "CREATE TABLE d5(id INTEGER PRIMARY KEY, x)",
    "CREATE TABLE n(k, v)", "CREATE INDEX n_k ON n(k)",
    "INSERT INTO f VALUES (1, 1, 1, 1, 1, 1), (2, 2, 2, 2, 2, 2)",
    "INSERT INTO d1 VALUES (1, 'p'), (2, 'q')", "INSERT INTO d2 VALUES (1, 'p'), (2, 'q')",
    "INSERT INTO d3 VALUES (2, 'q'), (1, 'p')", "INSERT INTO d4 VALUES (1, 'p')",
    "INSERT INTO d5 VALUES (2, 'q')", "INSERT INTO n VALUES (1, 'r'), (2, 's')",
]


@pytest.mark.parametrize("sql", [
    # the fact table f, four or more dimension tables searched by its columns: its cost
    # is lowered (SQLite's star-query heuristic), 18 paths kept
    "SELECT * FROM d1, d2, d3, d4, d5, f WHERE f.a = d1.id AND f.b = d2.id "
    "AND f.c = d3.id AND f.d = d4.id AND f.e = d5.id",
    "SELECT * FROM n, d1, d2, d3, d4, f WHERE f.a = d1.id AND f.b = d2.id "
    "AND f.c = d3.id AND f.d = d4.id AND n.k = f.e",
    # not across a CROSS JOIN or a LEFT JOIN; a second alias of f is no dimension
    "SELECT * FROM d1 CROSS JOIN f, d2, d3, d4, d5 WHERE f.a = d1.id AND f.b = d2.id "
    "AND f.c = d3.id AND f.d = d4.id AND f.e = d5.id",
    "SELECT * FROM d1, f LEFT JOIN d2 ON f.b = d2.id, d3, d4, d5 WHERE f.a = d1.id "
    "AND f.c = d3.id AND f.d = d4.id AND f.e = d5.id",
    "SELECT * FROM d1, d2, d3, f, f AS f2 WHERE f.a = d1.id AND f.b = d2.id "
    "AND f.c = d3.id AND f2.a = f.g",
])
def test_a_star_query_nests_its_tables_in_sqlites_order(sql):
    assert_same_order(STAR, sql, outcome=True)
