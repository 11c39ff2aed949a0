"""Row values (sqlite.org/rowvalue.html) against SQLite: comparisons with SQLite's NULL
logic and which terms they compute, BETWEEN, IN with a subquery, a list or VALUES, ``=
(SELECT x, y)``, CASE over rows, ``UPDATE ... SET (a, b) = (...)``, every ``row value
misused`` / ``sub-select returns N columns`` refusal, and VALUES where SQLite allows or
refuses it. Every outcome -- rows with their storage classes, or the error's class and
message -- is compared with SQLite's through tests/oracle.py; random comparisons and IN
tests over columns of every affinity and collation are drawn from a seeded generator.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same, pair, run

SETUP = [
    "CREATE TABLE t(a INT, b TEXT, c, d TEXT COLLATE NOCASE, e REAL)",
    "INSERT INTO t VALUES (1, 'x', 1, 'A', 1.0), (2, 'y', NULL, 'b', 2.5), "
    "(NULL, 'z', 3, NULL, NULL), (3, NULL, '3', 'a', 3.0), (1, '1', x'31', 'X', 1)",
    "CREATE TABLE u(x, y, z TEXT COLLATE NOCASE)",
    "INSERT INTO u VALUES (1, 'x', 'a'), (2, '2', 'B'), (3, NULL, NULL), ('1', 'x', 'A')",
]

COMPARISONS = [
    "SELECT (1,2) = (1,2), (1,2) <> (1,2), (1,2) == (1,2), (1,2) != (1,3)",
    "SELECT (1,2) < (1,3), (1,2) <= (1,2), (2,1) > (1,3), (1,2) >= (1,3)",
    "SELECT (1,NULL) = (1,2), (1,NULL) = (2,2), (1,NULL) < (2,0), (1,NULL) < (1,0)",
    "SELECT (NULL,1) <> (1,2), (NULL,1) <> (1,1), (1,NULL) <> (2,NULL)",
    "SELECT (1,2) IS (1,2), (NULL,1) IS (NULL,1), (NULL,1) IS NOT (NULL,2)",
    "SELECT (1,2) IS NOT DISTINCT FROM (1,2), (1,2,3) < (1,2,4), (2,NULL,1) > (1,2,3)",
    "SELECT (1,2) BETWEEN (0,0) AND (3,3), (1,NULL) BETWEEN (0,0) AND (3,3)",
    "SELECT (1,2) NOT BETWEEN (0,0) AND (3,3), (1,2) BETWEEN (SELECT 0,0) AND (3,3)",
    "SELECT ((1,2)) = (1,2), (1,'1') = (1,1), ('a','b') = ('A' COLLATE nocase,'b')",
    "SELECT ('a','b') = ('A','b' COLLATE nocase), ('a','B' COLLATE nocase) = ('A','b')",
    # which terms run: = stops at a pair that differs, < also at a NULL pair
    "SELECT (1, abs(-9223372036854775808)) = (2, 0)",
    "SELECT (NULL, abs(-9223372036854775808)) = (2, 0)",
    "SELECT (1, abs(-9223372036854775808)) <> (2, 0)",
    "SELECT (1,1) <> (NULL, abs(-9223372036854775808))",
    "SELECT (NULL, abs(-9223372036854775808)) < (2, 0)",
    "SELECT (NULL, abs(-9223372036854775808)) IS (2, 0)",
    "SELECT (1, abs(-9223372036854775808)) < (1, 0)",
    # subqueries: the first row, NULLs for none; their affinity but not their collation
    "SELECT (1,2) = (SELECT 1,2), (1,2) = (SELECT 1,2 WHERE 0), (SELECT 1,2) = (1,2)",
    "SELECT (SELECT 1,2) < (SELECT 1,3), (1,2) IS (SELECT NULL, NULL WHERE 0)",
    "SELECT (1,2) = (SELECT 1,2 UNION SELECT 3,4), (3,4) = (SELECT 1,2 UNION SELECT 3,4)",
    "SELECT (1,'a') = (SELECT 1, d FROM t WHERE a = 1 AND c = 1)",
    "SELECT (1,'1') = (SELECT 1, a FROM t WHERE b = 'x')",
    "SELECT (1,'a') = (SELECT 1, 'A' COLLATE nocase), (1,'a' COLLATE nocase) = (SELECT 1,'A')",
    "SELECT a, (a,b) = (1,'x'), (a,b) > (1,'x'), (d,a) = ('a',3), (c,a) = ('3',3) FROM t",
    "SELECT a FROM t WHERE (a,b) = (1,'x')",
    "SELECT a, b FROM t WHERE (a,b) > (1,'x') ORDER BY 1, 2",
    "SELECT a, b FROM t WHERE (a,b) IS (NULL,'z')",
    "SELECT a, b FROM t WHERE (a,b) = (SELECT x, y FROM u)",
    "SELECT a, b FROM t WHERE (b,a) = ('1', '1') OR (a,b) = (2,'y') ORDER BY a",
    "SELECT CASE (1,2) WHEN (1,3) THEN 'a' WHEN (1,2) THEN 'b' END",
    "SELECT a, CASE (a,b) WHEN (1,'x') THEN 'one' WHEN (2,'y') THEN 'two' ELSE 'other' END FROM t",
    "SELECT (1,2) = (1,2) AND 1, NOT (1,2) = (1,2), (1,2) = (1,2) = 1",
]

INS = [
    "SELECT a, b, (a,b) IN (SELECT x, y FROM u), (a,b) NOT IN (SELECT x, y FROM u) FROM t",
    "SELECT a, b, (a,b) IN ((1,'x'),(2,'y')), (a,b) IN (VALUES (1,'x'),('2','y')) FROM t",
    "SELECT a, (c,a) IN (SELECT x, '1' FROM u), (a,c) IN (SELECT '1', y FROM u) FROM t",
    "SELECT d, (d,1) IN (SELECT z, 1 FROM u), (1,d) IN (SELECT 1, 'a') FROM t",
    "SELECT (1, NULL) IN ((1,2)), (1, NULL) IN (SELECT 2,3), (1, NULL) IN (SELECT 1,3)",
    "SELECT (1, 2) IN (SELECT 1,NULL), (1, 2) IN (SELECT 2,NULL), (1,2) IN ()",
    "SELECT (1, 2) IN (SELECT 1,2 WHERE 0), (NULL, 2) IN (SELECT 1,2 WHERE 0)",
    "SELECT (NULL, 2) NOT IN (SELECT 1,2 WHERE 0), (1, 2) NOT IN (SELECT 1,NULL)",
    "SELECT (SELECT 1,2) IN (SELECT 1,2), (1,2) IN (SELECT 1,2 UNION SELECT 3,4)",
    "SELECT (1,'a') IN (SELECT 1, 'A' COLLATE nocase UNION SELECT 1, 'A')",
    "SELECT (1,'a') IN (SELECT 1, 'A' UNION SELECT 1, 'A' COLLATE nocase)",
    "SELECT (SELECT d, a FROM t WHERE a = 3) IN (SELECT 'A', '3')",
    "SELECT a, (a, b) IN (SELECT x, y FROM u WHERE u.x = t.a) FROM t",
    "SELECT a FROM t WHERE (a,b) IN (SELECT x, y FROM u)",
    "SELECT a FROM t WHERE (a,b) NOT IN (SELECT x, y FROM u) ORDER BY a",
    "SELECT a FROM t WHERE a IN (VALUES (1),('2')) ORDER BY a",
    "SELECT a, a IN (VALUES (1) UNION SELECT 2), a IN (SELECT * FROM (VALUES (1),(2))) FROM t",
    "SELECT 1 IN ((1),(2))",
    # a list of rows that read columns: a correlated VALUES query, its affinity and
    # collation those of its last row (SQLite's parser chains the rows last first)
    "SELECT a, b, (a,b) IN ((1,b),(a,'y')), (a,b) NOT IN ((c,b),(2,d)) FROM t",
    "SELECT a, (c,1) IN ((b,1),(a,1)), (c,1) IN ((a,1),(b,1)), (b,1) IN ((c,1),(e,1)) FROM t",
    "SELECT a, (b,1) IN ((d,1),('X',1)), (b,1) IN (('X',1),(d,1)), (d,1) IN ((b,1)) FROM t",
    "SELECT a, x FROM t, u WHERE (a,x) IN ((x,a),(y,c)) ORDER BY a, x",
    "SELECT a, x FROM t LEFT JOIN u ON (a,y) IN ((x,b),(c,z)) ORDER BY a, x",
    "SELECT (SELECT (a,b) IN ((x,y)) FROM u WHERE x = a) FROM t",
    "SELECT a FROM t GROUP BY a HAVING (a,1) IN ((max(c),1),(min(e),1))",
    "SELECT (a,b) IN ((1,a),(1,max(a))) FROM t",
]

ERRORS = [
    "SELECT (1,2)", "SELECT (1,2) = (1,2,3)", "SELECT (1,2) = 1", "SELECT 1 = (SELECT 1,2)",
    "SELECT (SELECT 1,2)", "SELECT a FROM t WHERE a IN (SELECT x,y FROM u)",
    "SELECT (1,2) IN (SELECT 1)", "SELECT (1,2) + 1", "SELECT (1,(2,3)) = (1,(2,3))",
    "SELECT (1,2) = (SELECT 1)", "SELECT (1,2) < (SELECT 1,2,3)", "SELECT max((1,2))",
    "SELECT (1,2) IS NULL", "SELECT (1,2) COLLATE nocase", "SELECT (1,2) = (1,2) COLLATE nocase",
    "SELECT (1,2) IN (1,2)", "SELECT (1,2) IN ((1,2),(3))", "SELECT (1,2) IN ((1,2),(3,4,5))",
    "SELECT 1 IN ((1,2))", "SELECT (SELECT 1,2) IN ((1,2))", "SELECT (SELECT 1) = (1,2)",
    "SELECT ((SELECT 1,2),3) = ((1,2),3)", "SELECT CASE (1,2) WHEN 1 THEN 'a' END",
    "SELECT CASE 1 WHEN (1,2) THEN 'a' END", "SELECT (1,2) = +(1,2)", "SELECT -(1,2) = (1,2)",
    "SELECT x FROM u ORDER BY (x,y)", "SELECT count(*) FROM u GROUP BY (x,y)",
    "SELECT (x,y) FROM u", "SELECT * FROM u WHERE (x,y)", "SELECT * FROM u WHERE (x,y) AND 1",
    "SELECT 1 = (1,2) = (1,2)", "SELECT (1,2) BETWEEN 0 AND (3,3)",
    "SELECT 1 BETWEEN (0,0) AND (3,3)", "SELECT sum((x, y)) FROM u",
    "SELECT a IN (VALUES (1,2)) FROM t",
    # a row IN a list is a subquery where SQLite refuses one, constant rows or not
    "CREATE TABLE k1(p, q, CHECK ((p,q) IN ((1,2))))", "CREATE TABLE k2(p, q CHECK ((p,q) IN ((1,p))))",
    "CREATE TABLE k3(p, q DEFAULT ((1,2) IN ((1,2))))", "CREATE INDEX k4 ON t((a,1) IN ((b,1)))",
    "CREATE INDEX k5 ON t(a) WHERE (a,1) IN ((2,1))", "CREATE INDEX k6 ON t(a IN u)",
    "ALTER TABLE u ADD COLUMN k7 DEFAULT ((1,2) IN ((1,2)))",
    "ALTER TABLE u ADD COLUMN k8 CHECK ((k8,1) IN ((1,2)))",
    "CREATE TABLE k9(p, q, CHECK (p IN u))", "CREATE TABLE k10(p, q, CHECK ((p,q) IN ()))",
]

VALUES = [
    "SELECT * FROM (VALUES (1,'a'),(2,'b'))", "SELECT column1, column2 FROM (VALUES (1,'a'))",
    "SELECT typeof(column1), typeof(column2) FROM (VALUES ('1', 1.0), (2, x'00'))",
    "WITH c(p,q) AS (VALUES (1,2),(3,4)) SELECT * FROM c",
    "WITH c AS (VALUES (1,2),(3,4)) SELECT * FROM c",
    "VALUES (1,2) UNION SELECT 3,4", "VALUES (1) UNION SELECT 2 ORDER BY 1 DESC",
    "VALUES (1),(3) UNION ALL SELECT 1 LIMIT 1",
    "VALUES (1,2),(0,1) ORDER BY 1", "VALUES (1,2),(0,1) LIMIT 1",
    "VALUES (1) UNION VALUES (2) ORDER BY 1 DESC", "SELECT 2 UNION VALUES (1),(3) ORDER BY 1",
    "SELECT 1 UNION VALUES (2) LIMIT 1", "SELECT 1 UNION ALL VALUES (1),(3) LIMIT 1",
    "SELECT * FROM (VALUES (1),(3) ORDER BY 1)", "WITH c AS (VALUES (1) LIMIT 1) SELECT * FROM c",
    "SELECT 1 IN (VALUES (1) ORDER BY 1)", "SELECT 1 IN (VALUES (1) LIMIT 1)",
    "VALUES (1), (2, 3)",
]


@pytest.mark.parametrize("queries", [COMPARISONS, INS, ERRORS, VALUES],
                         ids=["comparisons", "in", "errors", "values"])
def test_row_values_match_sqlite(queries):
    assert_same(SETUP, queries)


UPDATES = [
    "UPDATE u SET (x, y) = (y, x) WHERE z = 'a' RETURNING *",
    "UPDATE u SET (x, y) = (SELECT a, b FROM t WHERE t.a = u.x) RETURNING *",
    "UPDATE u SET (y, x) = (SELECT 10, 20), z = 'q' RETURNING *",
    "UPDATE u SET (x, x) = (SELECT 100, 200) RETURNING *",
    "UPDATE u SET (x, y) = (SELECT a, b FROM t ORDER BY a DESC) RETURNING *",
    "UPDATE u SET (x, y) = (SELECT 1, 2 WHERE 0) RETURNING *",
    "UPDATE u SET (x, y) = (SELECT 1, 2 UNION SELECT 3, 4) RETURNING *",
    "UPDATE u SET (x, y) = ((SELECT 9), 8), (z) = (7) RETURNING *",
    "UPDATE u SET (x, y) = (VALUES (1, 2)) RETURNING *",
    "UPDATE u SET (x, y) = (SELECT 1)", "UPDATE u SET (x, y) = (SELECT 1, 2, 3)",
    "UPDATE u SET (x, y) = (1, 2, 3)", "UPDATE u SET (x, y) = 1", "UPDATE u SET x = (1, 2)",
    "UPDATE u SET x = (SELECT 1, 2)",
    "INSERT INTO u VALUES (1, 'x', 'a') ON CONFLICT DO UPDATE SET (x, y) = (SELECT 5, 6)",
    "SELECT * FROM u ORDER BY rowid",
]


def test_update_set_row_values_match_sqlite():
    assert_same(SETUP, UPDATES)


def test_correlated_row_subquery_gives_one_row_to_every_column():
    """SET (a, b) = (SELECT ...) takes both values from the same row of one run."""
    assert_same(SETUP + ["CREATE TABLE v(p, q)", "INSERT INTO v VALUES (1, 1), (2, 2), (3, 3)"],
                ["UPDATE v SET (p, q) = (SELECT x, x FROM u WHERE u.x >= v.p "
                 "ORDER BY x DESC LIMIT 1) RETURNING p = q", "SELECT * FROM v"])


def test_failed_row_value_statement_changes_nothing():
    mine, theirs = pair(SETUP)
    for sql in ["UPDATE u SET (x, y) = (SELECT 1, abs(-9223372036854775808))",
                "UPDATE u SET (x, y) = (SELECT 1)", "SELECT * FROM u ORDER BY rowid"]:
        assert run(mine, sql) == run(theirs, sql), sql


OPERANDS = ["a", "b", "c", "d", "e", "a+0", "b||''", "d COLLATE BINARY", "CAST(c AS TEXT)",
            "1", "'1'", "NULL", "'a'", "'A'", "1.0", "x'31'", "?1"]
CONSTANTS = ["1", "'1'", "NULL", "'a'", "'A'", "1.0", "x'31'", "?1", "2", "'x'"]
PARAMS = [1, "1", None, 2.5, "a", b"1"]
OPS = ["=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT"]


def _row(rnd, n):
    return "(" + ", ".join(rnd.choice(OPERANDS) for _ in range(n)) + ")"


def _random_query(rnd) -> str:
    n = rnd.randint(2, 3)
    kind = rnd.random()
    if kind < 0.5:
        term = f"{_row(rnd, n)} {rnd.choice(OPS)} {_row(rnd, n)}"
    elif kind < 0.6:
        term = f"{_row(rnd, n)} {rnd.choice(['', 'NOT '])}BETWEEN {_row(rnd, n)} AND {_row(rnd, n)}"
    elif kind < 0.8:
        cols = ", ".join(rnd.choice(["x", "y", "z", "x+0", "'1'", "1", "NULL", "z COLLATE BINARY"])
                         for _ in range(n))
        where = rnd.choice(["", " WHERE x = t.a", " WHERE 0", " WHERE y IS NOT NULL"])
        term = f"{_row(rnd, n)} {rnd.choice(['', 'NOT '])}IN (SELECT {cols} FROM u{where})"
    else:
        items = ", ".join("(" + ", ".join(rnd.choice(CONSTANTS) for _ in range(n)) + ")"
                          for _ in range(rnd.randint(1, 3)))
        term = f"{_row(rnd, n)} {rnd.choice(['', 'NOT '])}IN ({items})"
    if rnd.random() < 0.3:
        return f"SELECT rowid FROM t WHERE {term} ORDER BY rowid"
    return f"SELECT rowid, {term} FROM t ORDER BY rowid"


@pytest.mark.parametrize("seed", range(4))
def test_random_row_values_match_sqlite(seed):
    rnd = random.Random(seed)
    mine, theirs = pair(SETUP)
    differences = []
    for _ in range(150):
        sql = _random_query(rnd)
        params = (rnd.choice(PARAMS),) if "?1" in sql else ()
        a, b = run(mine, sql, params), run(theirs, sql, params)
        if a != b:
            differences.append(f"{sql} {params}\n  rowandb: {a}\n  sqlite:  {b}")
    assert not differences, "\n".join(differences[:5])


def test_row_equality_in_where_searches_an_index():
    """``WHERE (a, b) = (?, ?)`` is split into ``a = ? AND b = ?`` (SQLite's whereexpr.c
    does the same), so the planner searches the two-column index."""
    import rowandb
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t(a INT, b TEXT, c)")
    con.execute("CREATE INDEX ta ON t(a, b)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?)", [(i, str(i % 7), i) for i in range(50)])
    plan = " ".join(str(r) for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT c FROM t WHERE (a, b) = (?, ?)", (3, "3")).fetchall())
    assert "USING INDEX ta (a=? AND b=?)" in plan
    assert con.execute("SELECT c FROM t WHERE (a, b) = (?, ?)", (3, "3")).fetchall() == [(3,)]
    assert con.execute("SELECT c FROM t WHERE (b, a) IS (?, ?)", ("3", 10)).fetchall() == [(10,)]


def test_row_order_in_where_searches_a_range_of_the_index():
    """``WHERE (a, b) > (?, ?)`` keeps the row comparison and adds ``a >= ?``, which the
    planner searches (SQLite searches such a range too); the answers stay SQLite's."""
    setup = ["CREATE TABLE r(a INT, b TEXT, c)", "CREATE INDEX ra ON r(a, b)"] + [
        f"INSERT INTO r VALUES ({i % 10}, '{i}', {i})" for i in range(60)] + [
        "INSERT INTO r VALUES (NULL, '1', 100), (5, NULL, 101)"]
    queries = [f"SELECT c FROM r WHERE {w} ORDER BY c" for w in (
        "(a, b) > (5, '3')", "(a, b) >= (5, '35')", "(a, b) < (2, '2')", "(a, b) <= (2, '22')",
        "(5, '3') < (a, b)", "(a, b) > (5, NULL)", "(a, b, c) > (5, '45', 0)",
        "(a, b) > ('5', 3)")]
    assert_same(setup, queries)
    import rowandb
    con = rowandb.connect(":memory:")
    for sql in setup:
        con.execute(sql)
    plan = [r[3] for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT c FROM r WHERE (a, b) > (?, ?)", (5, "3")).fetchall()]
    # (SQLite writes the row's range, ``((a,b)>(?,?))``: RowanDB searches a's range)
    assert "SEARCH r USING INDEX ra (a>?)" in plan


# SQLite splits an = or IS of rows in a WHERE or ON clause (not both sides subqueries)
# into one term per pair, added at the end of the clause, the last such term's pieces
# first (whereexpr.c, exprAnalyze): a NULL or false piece ends the row's test, so the
# later pieces -- and whatever they would raise -- never run. HAVING splits only what
# SQLite moves to WHERE (no aggregate, no subquery, GROUP BY columns only).
SPLIT_SETUP = SETUP + ["CREATE TABLE e(p, q)", "CREATE TABLE j(s TEXT)",
                       "INSERT INTO j VALUES ('1e2')"]
SPLITS = [
    "SELECT 1 FROM j WHERE (NULL, NULL, json_array_length(0, 1)) = (SELECT p, q, p FROM e)",
    "SELECT 1 FROM j WHERE (NULL, json_array_length(s, 1)) = (SELECT 1, 2)",
    "SELECT 1 FROM j WHERE (SELECT NULL, 2) = (NULL, json_array_length(s, 1))",
    "SELECT 1 FROM j WHERE (SELECT NULL, 2) = (SELECT NULL, json_array_length(s, 1))",
    "SELECT 1 FROM j WHERE (NULL, json_array_length(s, 1)) IS (SELECT 1, 2)",
    "SELECT 1 FROM j WHERE (s, json_array_length(s, 1)) != ('1e2', 2)",
    "SELECT 1 FROM j WHERE (s, json_array_length(s, 1)) = ('1e2', 1) AND json(s || 'x')",
    "SELECT 1 FROM j WHERE (s, json_array_length(s, 1)) = ('1e2', 1) "
    "AND (s, json(s || 'x')) = ('1e2', 1)",
    "SELECT 1 FROM j WHERE (s, json_array_length(s, 1)) = (SELECT '1e2', 1) AND json(s || 'x')",
    "SELECT 1 FROM j WHERE +((NULL, json_array_length(s, 1)) = (1, 2))",
    "SELECT 1 FROM j JOIN u ON (SELECT NULL, 2) = (NULL, json_array_length(j.s, 1))",
    "SELECT 1 FROM j LEFT JOIN u ON (SELECT NULL, 2) = (NULL, json_array_length(j.s, 1))",
    "SELECT 1 FROM j JOIN u ON (j.s, json_array_length(j.s, 1)) = ('1e2', 1) WHERE json(s || 'x')",
    "SELECT count(*) FROM j GROUP BY s HAVING (s, NULL, json_array_length(s, 1)) = ('1e2', 1, 2)",
    "SELECT count(*) FROM j GROUP BY s HAVING (s, NULL, json_array_length(s, 1)) "
    "= (SELECT '1e2', 1, 2)",
    "SELECT count(*) FROM j HAVING (count(*), NULL, json_array_length(max(s), 1)) = (1, 1, 2)",
    "DELETE FROM j WHERE (NULL, json_array_length(s, 1)) = (SELECT NULL, 2)",
    "UPDATE j SET s = 5 WHERE (s, json_array_length(s, 1)) = (SELECT '1e2', 2) AND json(s || 'x')",
    "SELECT a, b FROM t WHERE (a, b) = (SELECT x, y FROM u WHERE x = t.a) ORDER BY a",
    "SELECT a FROM t WHERE (b, a) IS (SELECT y, x FROM u ORDER BY x LIMIT 1)",
    "SELECT a FROM t WHERE (a, e) = (SELECT 2, 2.5 WHERE 0)",
    "SELECT * FROM j",
]


def test_row_equality_splits_into_terms_where_sqlite_splits_it():
    assert_same(SPLIT_SETUP, SPLITS)
