"""INSERT ... DEFAULT VALUES with every kind of default, and INDEXED BY / NOT INDEXED,
against SQLite (issue 11, point 2): constants, expressions, NULL, CURRENT_*, the rowid
alias and AUTOINCREMENT, NOT NULL/UNIQUE/CHECK/foreign keys, conflict clauses and upserts,
triggers and RETURNING; INDEXED BY honoured where the index can serve (and the plan
searches it), SQLite's ``no query solution`` where it cannot, ``no such index``, and the
grammar's refusals. Every outcome is compared with SQLite's through tests/oracle.py."""

from __future__ import annotations

import rowandb
from oracle import assert_same

DEFAULT_VALUES = [
    "CREATE TABLE d1(id INTEGER PRIMARY KEY, a DEFAULT 5, b DEFAULT (1+2), c DEFAULT NULL, d, e TEXT DEFAULT 'x', f DEFAULT (abs(-3)), g DEFAULT -1, h REAL DEFAULT 2, i DEFAULT x'00', j DEFAULT TRUE)",
    'INSERT INTO d1 DEFAULT VALUES',
    'INSERT INTO d1 DEFAULT VALUES RETURNING *',
    'SELECT * FROM d1',
    'CREATE TABLE d2(id INTEGER PRIMARY KEY AUTOINCREMENT, t DEFAULT CURRENT_TIMESTAMP, u DEFAULT CURRENT_DATE, v DEFAULT CURRENT_TIME)',
    'INSERT INTO d2 DEFAULT VALUES',
    'INSERT INTO d2 DEFAULT VALUES',
    'SELECT id, length(t), length(u), length(v) FROM d2',
    'SELECT * FROM sqlite_sequence',
    'CREATE TABLE d3(a NOT NULL, b)',
    'INSERT INTO d3 DEFAULT VALUES',
    'CREATE TABLE d4(a UNIQUE DEFAULT 1)',
    'INSERT INTO d4 DEFAULT VALUES',
    'INSERT INTO d4 DEFAULT VALUES',
    'INSERT OR IGNORE INTO d4 DEFAULT VALUES',
    'INSERT OR REPLACE INTO d4 DEFAULT VALUES',
    'INSERT INTO d4 DEFAULT VALUES ON CONFLICT DO NOTHING',
    'SELECT rowid, * FROM d4',
    'CREATE TABLE d5(a CHECK (a > 0) DEFAULT 0)',
    'INSERT INTO d5 DEFAULT VALUES',
    'CREATE TABLE log(x)',
    "CREATE TRIGGER tr AFTER INSERT ON d1 BEGIN INSERT INTO log VALUES (new.id || ':' || new.b); END",
    'INSERT INTO d1 DEFAULT VALUES',
    'SELECT * FROM log',
    "CREATE TABLE d6(a, b PRIMARY KEY DEFAULT 'k')",
    'INSERT INTO d6 DEFAULT VALUES',
    'INSERT INTO d6 DEFAULT VALUES',
    'INSERT INTO d1(a) DEFAULT VALUES',
    "CREATE TABLE d7(a STRICT_X DEFAULT '12')",
    'INSERT INTO d7 DEFAULT VALUES',
    'SELECT a, typeof(a) FROM d7',
    "CREATE TABLE d8(a INTEGER DEFAULT '12', b INT DEFAULT ' 3 ') STRICT",
    "CREATE TABLE d9(a INT DEFAULT '12', b TEXT DEFAULT 3)",
    'INSERT INTO d9 DEFAULT VALUES',
    'SELECT a, typeof(a), b, typeof(b) FROM d9',
    'CREATE TABLE p(id INTEGER PRIMARY KEY)',
    'CREATE TABLE ch(pid DEFAULT 7 REFERENCES p(id))',
    'INSERT INTO ch DEFAULT VALUES',
    'SELECT changes(), last_insert_rowid()',
    'WITH x AS (SELECT 1) INSERT INTO d9 DEFAULT VALUES',
    'REPLACE INTO d4 DEFAULT VALUES',
]

INDEXED = [
    'CREATE TABLE t1(a, b, c)',
    'CREATE INDEX i1 ON t1(a)',
    'CREATE INDEX i2 ON t1(b, c)',
    'INSERT INTO t1 VALUES (1,2,3),(4,5,6),(1,5,9)',
    'SELECT * FROM t1 INDEXED BY i1 WHERE a = 1 ORDER BY c',
    'SELECT * FROM t1 INDEXED BY i1 WHERE b = 1',
    'SELECT * FROM t1 INDEXED BY i1',
    'SELECT * FROM t1 INDEXED BY i1 ORDER BY a',
    'SELECT * FROM t1 INDEXED BY i2 WHERE b = 5 AND c > 0 ORDER BY c',
    'SELECT * FROM t1 INDEXED BY i2 WHERE c = 5',
    'SELECT * FROM t1 INDEXED BY nosuch WHERE a = 1',
    'SELECT * FROM t1 NOT INDEXED WHERE a = 1 ORDER BY c',
    'SELECT * FROM t1 INDEXED BY i1 WHERE a > 0 ORDER BY c',
    'SELECT * FROM t1 INDEXED BY i1 WHERE a IN (1, 4) ORDER BY c',
    'SELECT * FROM t1 INDEXED BY i1 WHERE a IS NULL',
    'SELECT * FROM t1 INDEXED BY i1 WHERE a = 1 OR b = 5',
    'UPDATE t1 INDEXED BY i1 SET c = c + 1 WHERE a = 1',
    'UPDATE t1 INDEXED BY i1 SET c = c + 1 WHERE b = 1',
    'UPDATE t1 INDEXED BY nosuch SET c = 1',
    'DELETE FROM t1 INDEXED BY i2 WHERE c = 6',
    'DELETE FROM t1 NOT INDEXED WHERE c = 6',
    'SELECT * FROM t1 ORDER BY rowid',
    'SELECT * FROM t1 AS x INDEXED BY i1 WHERE x.a = 4',
    'SELECT * FROM t1 INDEXED BY i1, t1 AS y WHERE t1.a = y.a',
    'SELECT * FROM t1 x INDEXED BY i1 JOIN t1 y INDEXED BY i2 ON y.b = x.a WHERE x.a = 1',
    'CREATE VIEW vv AS SELECT * FROM t1',
    'SELECT * FROM vv INDEXED BY i1',
    'WITH cc AS (SELECT * FROM t1) SELECT * FROM cc INDEXED BY i1',
    'SELECT * FROM (SELECT 1) INDEXED BY i1',
    'CREATE TABLE t2(x INTEGER PRIMARY KEY, y UNIQUE)',
    'SELECT * FROM t2 INDEXED BY sqlite_autoindex_t2_1 WHERE y = 1',
    'SELECT * FROM t2 INDEXED BY sqlite_autoindex_t2_1 WHERE x = 1',
    'SELECT * FROM t1 INDEXED BY i1 WHERE a = 1 AND rowid = 2',
    'SELECT * FROM t1 INDEXED BY i1 WHERE rowid = 2',
    'SELECT count(*) FROM t1 INDEXED BY i1',
    'SELECT * FROM t1 INDEXED BY i2 WHERE b = 5 ORDER BY c',
    'SELECT * FROM main.t1 INDEXED BY i1 WHERE a = 1',
    'SELECT * FROM t1 INDEXED BY main.i1 WHERE a = 1',
    'UPDATE t1 INDEXED BY main.i1 SET c = 1 WHERE a = 1',
    'DELETE FROM t1 INDEXED BY main.i1 WHERE a = 1',
    'DELETE FROM t1 INDEXED BY i1 WHERE a = 1 RETURNING *',
]


def test_default_values_match_sqlite():
    assert_same([], DEFAULT_VALUES)


def test_indexed_by_and_not_indexed_match_sqlite():
    assert_same([], INDEXED)


def test_indexed_by_searches_the_named_index_and_not_indexed_scans():
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t1(a, b, c)")
    con.execute("CREATE INDEX i1 ON t1(a)")
    con.execute("CREATE INDEX i2 ON t1(b, c)")

    def plan(sql):
        return [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    assert "SEARCH t1 USING INDEX i2 (b=?)" in plan(
        "SELECT * FROM t1 INDEXED BY i2 WHERE a = 1 AND b = 2")
    assert "SEARCH t1 USING INDEX i1 (a=?)" in plan(
        "SELECT * FROM t1 INDEXED BY i1 WHERE a = 1 AND b = 2")
    assert "SCAN t1" in plan("SELECT * FROM t1 NOT INDEXED WHERE a = 1")


def test_indexed_by_an_index_on_expressions_in_a_right_join_needs_an_on_term():
    """SQLite never scans an index on expressions whole for the right-hand item of a
    RIGHT or FULL JOIN (where.c whereLoopAddBtree): INDEXED BY one there is 'no query
    solution' unless an ON term searches it -- a WHERE term does not (fuzz seeds
    22500010, 22500018 and 22500029 with feature indexed_by)."""
    assert_same([
        "CREATE TABLE t1(c0 INTEGER PRIMARY KEY, c3)", "CREATE TABLE t0(x)",
        "CREATE INDEX ie ON t1(lower(c3))", "CREATE INDEX ic ON t1(c3)",
        "INSERT INTO t1 VALUES (1, 'A'), (2, 'b')", "INSERT INTO t0 VALUES ('a')",
    ], [
        "SELECT * FROM t0 RIGHT JOIN t1 INDEXED BY ie ON NULL",
        "SELECT * FROM t0 FULL JOIN t1 INDEXED BY ie ON NULL",
        "SELECT * FROM t0 RIGHT JOIN t1 INDEXED BY ie ON t1.c3 = 'A'",
        "SELECT * FROM t0 RIGHT JOIN t1 INDEXED BY ie ON 1 WHERE lower(t1.c3) = 'a'",
        "SELECT * FROM t0 RIGHT JOIN t1 INDEXED BY ie ON lower(t1.c3) = t0.x",
        "SELECT * FROM t0 RIGHT JOIN t1 INDEXED BY ie ON lower(t1.c3) = 'b'",
        "SELECT * FROM t0 RIGHT JOIN t1 INDEXED BY ic ON NULL",
        "SELECT * FROM t0 LEFT JOIN t1 INDEXED BY ie ON NULL",
        "SELECT * FROM t1 INDEXED BY ie RIGHT JOIN t0 ON 1",
    ])


def test_indexed_by_in_an_in_subquery_sqlite_answers_from_a_btree():
    """SQLite answers ``x IN (SELECT c FROM t ...)`` -- one table, no WHERE, aggregate,
    LIMIT or compound, a DISTINCT without LIMIT dropped -- from t's rowid or an index on
    c, never planning the subquery (expr.c sqlite3FindInIndex, isCandidateForInOpt), so
    its INDEXED BY a partial index raises nothing; where no b-tree fits, or the IN drives
    the loop over an index of the outer table and the b-tree is not unique over c
    (mustBeUnique), the subquery is planned: 'no query solution' (where.c
    whereLoopAddBtree; fuzz seed 24500062, feature indexed_by). An UPDATE probes the
    index as it changes, DISTINCT or not (in_index.py)."""
    assert_same([
        "CREATE TABLE t0(c1 REAL)",
        "CREATE TABLE t1(c0 INT, PRIMARY KEY (c0)) WITHOUT ROWID",
        "CREATE INDEX i1_0 ON t1(c0 * c0) WHERE c0 = 1 OR c0 < 3",
        "CREATE TABLE t2(c0 INT, c1 TEXT)", "CREATE INDEX i2a ON t2(c0)",
        "CREATE INDEX i2p ON t2(c0) WHERE c0 > 5",
        "CREATE TABLE t3(c0 INT UNIQUE, c1)", "CREATE INDEX i3p ON t3(c1) WHERE c1 > 5",
        "CREATE TABLE t4(a INTEGER PRIMARY KEY, b)", "CREATE INDEX i4p ON t4(b) WHERE b > 5",
        "CREATE TABLE t5(a INT, b INT)", "CREATE INDEX i5 ON t5(a)",
        "INSERT INTO t2 VALUES (7, 'x'), (1, 'y')", "INSERT INTO t5 VALUES (7, 7), (1, 2)",
        "CREATE TABLE u(a, b UNIQUE)", "INSERT INTO u VALUES (1, 5), (2, 0), (3, 7)",
    ], [
        "REPLACE INTO t1(c0) SELECT NULL FROM t0 AS a49 WHERE (NULL IN (SELECT a50.c0 "
        "FROM t1 AS a50 INDEXED BY i1_0)) ORDER BY a49.rowid",
        "SELECT a50.c0 FROM t1 AS a50 INDEXED BY i1_0",
        "SELECT (SELECT a50.c0 FROM t1 AS a50 INDEXED BY i1_0) FROM t0",
        "SELECT * FROM t5 WHERE b IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE b IN (SELECT DISTINCT c0 FROM t2 INDEXED BY i2p ORDER BY c0)",
        "SELECT * FROM t5 WHERE b IN (SELECT DISTINCT c0 FROM t2 INDEXED BY i2p LIMIT 5)",
        "SELECT * FROM t5 WHERE b NOT IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE b IN (SELECT rowid FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE 'x' IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE CAST(b AS TEXT) IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE +a IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE a NOT IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE a IN (SELECT c0 FROM t3 INDEXED BY i3p)",
        "SELECT * FROM t5 WHERE a IN (SELECT a FROM t4 INDEXED BY i4p)",
        "SELECT * FROM t5 WHERE rowid IN (SELECT c0 FROM t3 INDEXED BY i3p)",
        # planned: no b-tree on the column, a WHERE, or a loop needing a unique one
        "SELECT * FROM t5 WHERE b IN (SELECT c1 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE b IN (SELECT c0 FROM t2 INDEXED BY i2p WHERE c0 > 6)",
        "SELECT * FROM t5 WHERE b IN (SELECT c0 COLLATE NOCASE FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE a IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE a IN (SELECT DISTINCT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 WHERE rowid IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "SELECT * FROM t5 JOIN t2 ON t5.a IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "DELETE FROM t5 WHERE a IN (SELECT c0 FROM t2 INDEXED BY i2p)",
        "DELETE FROM t5 WHERE b IN (SELECT c0 FROM t2 INDEXED BY i2p) RETURNING *",
        "UPDATE u SET b = (0 IN (SELECT DISTINCT b FROM u)) + 10 * a",
        "SELECT * FROM u",
    ])


def test_a_term_that_is_true_implies_its_null_propagating_columns_are_not_null():
    """A partial index ``WHERE x IS NOT NULL`` (NOTNULL) is usable by a WHERE or ON term
    that cannot be true (or, under NOT, false) with x NULL: the term x itself, x + 1,
    -x, NOT x, NOT (x = 1), x IS TRUE, x IN (list), NOT (x NOT IN (list)) -- not
    coalesce(x, 1), abs(x), x IS NOT TRUE, NOT (x LIKE ...), x NOT IN (SELECT ...)
    (expr.c exprImpliesNotNull; fuzz seed 40000054: ``JOIN t0 INDEXED BY i ON t0.c3``
    with ``i ... WHERE c3 NOTNULL``)."""
    statements = [f"SELECT * FROM u INDEXED BY ub WHERE {term}" for term in (
        "a", "a + 1", "-a", "NOT a", "NOT NOT a", "NOT (a = 1)", "a IS TRUE",
        "a IS NOT TRUE", "NOT (a IS FALSE)", "a IN (1, 2)", "NOT (a NOT IN (1))",
        "a NOT IN (1)", "a NOT IN ()", "NOT (a IN ())", "coalesce(a, 1)", "abs(a)",
        "NOT (a LIKE 'x')", "a NOT LIKE 'x'", "a IN (SELECT 1)", "a NOT IN (SELECT 1)",
        "NOT (a IS NOT NULL)", "NOT (a ISNULL)", "a IS NOT 5", "a COLLATE NOCASE")]
    assert_same([
        "CREATE TABLE u(a, b)", "CREATE INDEX ub ON u(b) WHERE a IS NOT NULL",
        "INSERT INTO u VALUES (1, 2), (NULL, 3), (0, 1), (2, 0)",
        "CREATE TABLE t0(c0, c1 FLOAT, c2 BLOB, c3 DOUBLE PRECISION AS "
        "(c2 IN (1, 'a', 2.5)) STORED, PRIMARY KEY (c0, c1))",
        "CREATE INDEX i0_0 ON t0(c2 > 0 COLLATE RTRIM, c0) WHERE c3 NOTNULL",
    ], statements + [
        "SELECT NULL FROM t0 AS a23 NATURAL LEFT JOIN t0 AS a24 JOIN t0 AS a25 "
        "INDEXED BY i0_0 ON a25.c3",
    ])


def test_a_partial_index_indexed_by_is_usable_by_any_term_of_the_query():
    """whereUsablePartialIndex (where.c) reads every term of the WHERE clause, the inner
    joins' ON terms among them, whatever else they read: ``u INDEXED BY ub JOIN w ON
    w.x = u.a`` may read ub (WHERE a IS NOT NULL); the right item of an outer join
    counts only its own ON, and an item to the left of a RIGHT or FULL JOIN none
    (JT_LTORJ) -- 'no query solution' (fuzz seeds 40000054, 40000398)."""
    assert_same([
        "CREATE TABLE u(a, b)", "CREATE INDEX ub ON u(b) WHERE a IS NOT NULL",
        "CREATE TABLE w(x)", "INSERT INTO u VALUES (1, 2), (NULL, 3)",
        "INSERT INTO w VALUES (1), (0)",
    ], [
        "SELECT * FROM w JOIN u INDEXED BY ub ON 1 WHERE w.x < u.a",
        "SELECT * FROM w LEFT JOIN u INDEXED BY ub ON 1 WHERE w.x < u.a",
        "SELECT * FROM w LEFT JOIN u INDEXED BY ub ON w.x < u.a",
        "SELECT * FROM u INDEXED BY ub RIGHT JOIN w ON u.a",
        "SELECT * FROM u INDEXED BY ub RIGHT JOIN w ON 1 WHERE u.a",
        "SELECT * FROM u INDEXED BY ub JOIN w ON w.x = u.a",
        "SELECT * FROM u INDEXED BY ub JOIN w ON w.x = u.a RIGHT JOIN w AS z ON 1",
        "SELECT * FROM w JOIN u INDEXED BY ub ON 1 LEFT JOIN w AS z ON z.x = u.a",
        "SELECT * FROM w FULL JOIN u INDEXED BY ub ON u.a",
        "SELECT * FROM u AS v NATURAL LEFT JOIN u AS y JOIN u INDEXED BY ub "
        "ON ((y.b IN (SELECT NULL FROM w)) BETWEEN NULL AND u.a)",
        "SELECT * FROM u INDEXED BY ub JOIN u AS y USING (a, b)",
    ])


def test_a_simple_count_never_plans_its_indexed_by():
    """select.c's isSimpleCount answers ``SELECT count(*) FROM t`` by counting a b-tree,
    without the WHERE planner, so INDEXED BY a partial index no term implies raises
    nothing there -- and still does in every other shape (fuzz10, seed 42001471)."""
    assert_same([
        "CREATE TABLE t0(c3 TEXT)", "CREATE TABLE t1(c0, c1)",
        "CREATE INDEX i ON t1(c0) WHERE c0 < c1", "INSERT INTO t1 VALUES (1, 2), (3, 1), (NULL, 1)",
        "INSERT INTO t0 VALUES ('x')",
    ], [
        "SELECT count(*) FROM t1 INDEXED BY i", "SELECT count() FROM t1 AS x INDEXED BY i",
        "SELECT (SELECT count(*) FROM t1 INDEXED BY i)",
        "UPDATE t0 SET c3 = (SELECT count(*) FROM t1 INDEXED BY i)", "SELECT * FROM t0",
        "SELECT count(*) FROM t1 INDEXED BY i ORDER BY 1 LIMIT 3",
        "SELECT count(*) FROM t1 INDEXED BY i UNION ALL SELECT 5",
        "SELECT count(c0) FROM t1 INDEXED BY i", "SELECT count(*) + 1 FROM t1 INDEXED BY i",
        "SELECT count(*), 1 FROM t1 INDEXED BY i", "SELECT count(*) FROM t1 INDEXED BY i WHERE 1",
        "SELECT count(*) FROM t1 INDEXED BY i GROUP BY c0",
        "SELECT count(DISTINCT 1) FROM t1 INDEXED BY i",
        "SELECT count(*) FILTER (WHERE 1) FROM t1 INDEXED BY i",
        "SELECT count(*) FROM t1 INDEXED BY i HAVING 1", "SELECT count(*) OVER () FROM t1 INDEXED BY i",
        "SELECT count(*) FROM t1 INDEXED BY i, t0", "SELECT max(c0) FROM t1 INDEXED BY i",
    ])
