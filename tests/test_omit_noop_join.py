"""A LEFT JOIN that cannot change the answer is left out, as SQLite leaves it out.

SQLite drops the loop of a LEFT JOIN whose right table nothing but its own ON reads when
each left row keeps exactly one row either way -- the ON fixes the table's rowid, or every
key of a one-key or all-NOT NULL UNIQUE index by ``=`` -- or the query is DISTINCT (where.c,
whereOmitNoopJoin). The dropped ON never runs: an expression in it that fails (``BAD``)
fails nowhere. Each query here runs against apsw with data on both sides, so a join kept
where SQLite drops it raises where SQLite answers, and one dropped where SQLite keeps it
answers where SQLite raises (planner/plan/noop_join.py).
"""

from __future__ import annotations

import rowandb
from oracle import assert_same

BAD = "abs(-9223372036854775807 - 1)"
SETUP = [
    "CREATE TABLE t2(c1 INT, c2 INT)",
    "INSERT INTO t2 VALUES (0, 1), (0, 2), (1, 1)",
    "CREATE TABLE t1(c1 UNIQUE, c2)", "INSERT INTO t1 VALUES (0, 0)",
    "CREATE TABLE p(c1 PRIMARY KEY, c2)", "INSERT INTO p VALUES (0, 'x')",
    "CREATE TABLE t3(c1, c2)", "INSERT INTO t3 VALUES (0, 5), (0, 6)",
    "CREATE TABLE w(k INTEGER PRIMARY KEY, v)", "INSERT INTO w VALUES (1, 1)",
    "CREATE TABLE ii(c1 INT UNIQUE)", "INSERT INTO ii VALUES (1)",
    "CREATE TABLE u3(a INT, b INT, UNIQUE(a, b))", "INSERT INTO u3 VALUES (0, 1)",
    "CREATE TABLE u4(a INT NOT NULL, b INT NOT NULL, UNIQUE(a, b))",
    "INSERT INTO u4 VALUES (0, 1)",
    "CREATE TABLE wr(a INT, b INT, PRIMARY KEY(a, b)) WITHOUT ROWID",
    "INSERT INTO wr VALUES (0, 1)",
]

QUERIES = [
    # dropped: one row at most, nothing else reads the table
    f"SELECT t2.c1 FROM t2 LEFT JOIN p ON p.c1 = {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN w ON w.k = t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN w ON w.rowid = t2.c2 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN ii ON ii.c1 = t2.c2 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN ii ON ii.c1 = t2.c2 || '' AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN u4 ON u4.a = t2.c1 AND u4.b = t2.c2 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN wr ON wr.a = t2.c1 AND wr.b = t2.c2 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 AND t1.c1 = 0 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD} ORDER BY t2.c2",
    f"SELECT t2.c1 FROM t2 LEFT JOIN p ON p.c1 = {BAD} LIMIT 2",
    f"SELECT t2.c1 FROM t2 LEFT JOIN p ON p.c1 = {BAD} UNION ALL SELECT 5",
    f"SELECT t2.c1 FROM t2 LEFT JOIN p ON p.c1 = {BAD} LEFT JOIN w ON w.k = t2.c2",
    # dropped: DISTINCT, unless its ORDER BY is its result list (then a GROUP BY)
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t3 ON t3.c1 = t2.c1 AND {BAD}",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t3 ON {BAD}",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t3 ON {BAD} ORDER BY t2.c2",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t1 ON {BAD} ORDER BY t2.c1 NULLS LAST",
    f"SELECT DISTINCT t2.c1, t2.c2 FROM t2 LEFT JOIN t1 ON {BAD} ORDER BY 1",
    f"SELECT DISTINCT t2.c1, t2.c2 FROM t2 LEFT JOIN t1 ON {BAD} ORDER BY 2, 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t3 ON {BAD} ORDER BY t2.c1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t1 ON {BAD} ORDER BY t2.c1 DESC",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t1 ON {BAD} ORDER BY 1",
    f"SELECT DISTINCT t2.c1, t2.c2 FROM t2 LEFT JOIN t1 ON {BAD} ORDER BY 1, 2",
    # kept: more than one row may match
    f"SELECT t2.c1 FROM t2 LEFT JOIN t3 ON t3.c1 = t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN u3 ON u3.a = t2.c1 AND u3.b = t2.c2 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN u4 ON u4.a = t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN wr ON wr.a = t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 IS t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 > t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON +t1.c1 = 0 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 NOT INDEXED ON t1.c1 = t2.c1 + 0 AND {BAD}",
    # kept: the comparison converts the column (no index), or the collation differs
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 COLLATE NOCASE AND {BAD}",
    # kept: something else reads the table
    f"SELECT t2.c1, t1.c2 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD}",
    f"SELECT * FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD} ORDER BY t1.c2",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD} WHERE t1.c2 IS NULL",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD} "
    "LEFT JOIN t3 ON t3.c2 = t1.c2",
    f"SELECT (SELECT t1.c2) FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 + 0 AND {BAD} "
    "WHERE EXISTS (SELECT 1 WHERE t1.c2)",
    # kept: an aggregate, a view or subquery on the right
    f"SELECT count(*) FROM t2 LEFT JOIN p ON p.c1 = {BAD}",
    f"SELECT t2.c1 FROM t2 LEFT JOIN p ON p.c1 = {BAD} GROUP BY t2.c1",
    f"SELECT t2.c1 FROM t2 LEFT JOIN (SELECT * FROM p) AS s ON s.c1 = t2.c1 AND {BAD}",
]


def test_left_joins_sqlite_drops_are_dropped_and_only_those():
    assert_same(SETUP, QUERIES)


# a subquery, view, common table or table-valued function on the right of a LEFT JOIN
# under DISTINCT is dropped as a table is: its query never runs, so neither does an
# expression failing in it; a common table read twice is filled all the same (its ON
# never runs)
SUBQUERIES = [
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT {BAD} AS a FROM t3 LIMIT 1) AS s ON 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT {BAD} AS a FROM t3 LIMIT 1) AS s ON s.a",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT {BAD} + c1 AS a FROM t3) AS s ON s.a",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT max({BAD}) AS a FROM t3) AS s ON s.a",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD}) AS s ON 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD} LIMIT 5) AS s ON 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD} UNION SELECT 1) "
    "AS s ON 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1, row_number() OVER () FROM t3 "
    f"WHERE {BAD}) AS s ON 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT t3.c1 FROM t3, t1 WHERE {BAD}) AS s ON 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3) AS s ON {BAD}",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3) AS s ON {BAD} "
    "LEFT JOIN t1 ON t1.c1 = s.c1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN t1 ON t1.c1 = t2.c1 LEFT JOIN (SELECT c1 FROM t3) "
    f"AS s ON {BAD} AND s.c1 = t1.c1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN v ON {BAD} JOIN t3 ON 1",
    "SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN v ON v.a",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD}) AS s ON 1 "
    "WHERE t2.c1 IN (SELECT c1 FROM t3)",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD}) AS s ON 1 LIMIT 1",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD}) AS s ON 1 "
    "ORDER BY 1 NULLS LAST",
    f"WITH c AS (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON 1",
    f"WITH c AS MATERIALIZED (SELECT c1 FROM t3 WHERE {BAD}) "
    "SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON 1",
    f"WITH c AS (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON 1 "
    "UNION ALL SELECT 1 FROM t2 WHERE 0 AND (SELECT 1 FROM c)",
    "SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN json_each('x') ON 1",
    # kept: read elsewhere, not DISTINCT, an aggregate; a common table read twice is
    # dropped but filled
    f"SELECT DISTINCT t2.c1, s.c1 IS NULL FROM t2 LEFT JOIN (SELECT c1 FROM t3) AS s ON {BAD}",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3) AS s ON {BAD} ORDER BY s.c1",
    f"SELECT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3 WHERE {BAD}) AS s ON 1",
    f"SELECT count(DISTINCT t2.c1) FROM t2 LEFT JOIN (SELECT c1 FROM t3) AS s ON {BAD}",
    f"SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN (SELECT c1 FROM t3) AS s ON {BAD} GROUP BY 1",
    f"WITH c AS (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON 1 "
    "LEFT JOIN c AS c2 ON 1",
    f"WITH c AS (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON 1 "
    "WHERE EXISTS (SELECT * FROM c)",
    # a common table read twice: the join is dropped, its ON never runs, but SQLite fills
    # the table before the loops, even over an empty left table or under a WHERE 0
    f"WITH c AS (SELECT c1 FROM t3) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON {BAD} "
    "LEFT JOIN c AS c2 ON 1",
    f"WITH c AS (SELECT c1 FROM t3) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON {BAD} "
    f"LEFT JOIN c AS c2 ON {BAD}",
    f"WITH c AS (SELECT c1 FROM t3) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON c.c1 = {BAD} "
    "WHERE EXISTS (SELECT * FROM c)",
    f"WITH c AS (SELECT c1 FROM t3) SELECT DISTINCT t2.c1 FROM t2 LEFT JOIN c ON {BAD}, c AS c3",
    f"WITH c AS (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT e.c1 FROM t2 AS e LEFT JOIN c "
    "ON 1 LEFT JOIN c AS c2 ON 1 WHERE 0",
    f"WITH c AS (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT e.c1 FROM (SELECT * FROM t2 "
    "WHERE 0) AS e LEFT JOIN c ON 1 LEFT JOIN c AS c2 ON 1",
    f"WITH c AS NOT MATERIALIZED (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT t2.c1 FROM t2 "
    "LEFT JOIN c ON 1 LEFT JOIN c AS c2 ON 1",
    f"WITH c AS MATERIALIZED (SELECT c1 FROM t3 WHERE {BAD}) SELECT DISTINCT t2.c1 FROM t2 "
    "LEFT JOIN c ON 1",
]


def test_subqueries_under_distinct_are_dropped_as_tables_are():
    assert_same(SETUP + [f"CREATE VIEW v AS SELECT c1, {BAD} AS a FROM t3"], SUBQUERIES)


def test_the_dropped_table_is_not_read():
    con = rowandb.connect(":memory:")
    for statement in SETUP:
        con.execute(statement)
    plan = [row[3] for row in con.execute(
        "EXPLAIN QUERY PLAN SELECT t2.c1 FROM t2 LEFT JOIN w ON w.k = t2.c1").fetchall()]
    assert not any("w" in step.split() for step in plan), plan
    plan = [row[3] for row in con.execute(
        "EXPLAIN QUERY PLAN SELECT t2.c1, w.v FROM t2 LEFT JOIN w ON w.k = t2.c1").fetchall()]
    assert any("w" in step.split() for step in plan), plan
