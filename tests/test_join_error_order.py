"""Errors and plans of NATURAL, USING, RIGHT and FULL joins, each compared with SQLite (apsw).

A term an outer query pushes down into parenthesised joins (a FROM subquery SQLite does
not flatten) is part of the WHERE its tables are planned in: one that rejects the NULL row
of a table left of a RIGHT JOIN there makes that join inner, so an index on expressions
that ``INDEXED BY`` names on its right may be scanned whole -- which SQLite never does for
a RIGHT JOIN's right table ('no query solution'). A subquery SQLite flattens first puts
its constant columns in place of the outer query's reads, so a NATURAL or USING join with
it pushes ``constant = column`` down (fuzz 85100461; planner/plan/flatten.py).

The USING and NATURAL checks SQLite makes while it expands a statement, before any
clause's subquery is walked, read the columns of parenthesised joins (their own joins
checked where they are met) and of table-valued functions too, so an ambiguous USING
column is noted before a view in an EXISTS reads a missing table (fuzz 176200171) and a
common table's name there is no longer found (85100612); a NATURAL join after a noted
error ends the expansion (sql/bind/nested_columns.py, tables.py, from_columns.py). The
generated statements of ``join_error_sweep`` mix all of these.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

PLAN_SETUP = ["CREATE TABLE t(a, b)", "CREATE TABLE e(k)", "CREATE TABLE u(c, p)",
              "CREATE INDEX uf ON u(c DESC, coalesce(c, 0))", "CREATE INDEX ui ON u(c)",
              "CREATE INDEX up ON u(c) WHERE c > 0",
              "CREATE VIEW v0(a) AS SELECT NULL FROM u", "INSERT INTO e VALUES (1)",
              "INSERT INTO u VALUES (1, 2)"]

PLAN_CASES = [
    # a WHERE or ON term of the outer query, pushed down, makes the RIGHT JOIN inner
    "SELECT 1 FROM (SELECT 1) JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) WHERE t.a = 1",
    "SELECT 1 FROM (SELECT 1) JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) WHERE a = NULL",
    "SELECT 1 FROM (SELECT 1) JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) ON a = 1",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) ON a = 1",
    "SELECT 1 FROM e JOIN (t FULL JOIN u INDEXED BY uf ON NULL) ON a = 1",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) ON p = 1",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) ON a IS NULL",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY ui ON NULL) ON a = 1",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY up ON NULL) ON a = 1",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY up ON NULL) ON c > 0",
    # ... after a flattened subquery's constant column stands in the term
    "SELECT 1 FROM (SELECT NULL AS a FROM e) AS x JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) "
    "USING (a)",
    "SELECT 1 FROM (SELECT 1 AS a FROM e) AS x NATURAL JOIN "
    "(v0 RIGHT JOIN u INDEXED BY uf ON NULL)",
    "SELECT 1 FROM (SELECT 1 AS a FROM e) AS x, (t RIGHT JOIN u INDEXED BY uf ON NULL) "
    "WHERE x.a = t.a",
    "SELECT 1 FROM (SELECT 1 AS a FROM e) AS x LEFT JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) "
    "USING (a)",
    "SELECT 1 FROM (SELECT NULL AS a FROM (SELECT NULL AS a FROM e)) AS x NATURAL JOIN "
    "(v0 RIGHT JOIN u INDEXED BY uf ON NULL)",
    # ... through subqueries flattened in their turn (the fuzz case's shape)
    "SELECT 1 FROM (SELECT x.c AS a FROM (SELECT NULL AS c FROM e) AS x) AS y NATURAL JOIN "
    "(v0 RIGHT JOIN u INDEXED BY uf ON NULL)",
    "SELECT 1 FROM (SELECT (NULL <> x.c) AS a FROM (SELECT NULL AS c FROM e) AS x) AS y "
    "NATURAL JOIN (v0 RIGHT JOIN u INDEXED BY uf ON NULL)",
    "SELECT 1 FROM (SELECT x.c + x.k AS a FROM (SELECT 1 AS c, k FROM e) AS x) AS y "
    "NATURAL JOIN (v0 RIGHT JOIN u INDEXED BY uf ON NULL)",
    # ... but not a column of a table, nor of a subquery SQLite does not flatten
    "SELECT 1 FROM (SELECT k AS a FROM e) AS x JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) "
    "USING (a)",
    "SELECT 1 FROM (SELECT 1 AS a) AS x JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) USING (a)",
    "SELECT 1 FROM (SELECT DISTINCT 1 AS a FROM e) AS x JOIN "
    "(t RIGHT JOIN u INDEXED BY uf ON NULL) USING (a)",
    "SELECT 1 FROM e JOIN (t RIGHT JOIN u INDEXED BY uf ON NULL) ON e.k = t.a",
    "SELECT 1 FROM (SELECT 1 AS a FROM e) AS x RIGHT JOIN "
    "(t RIGHT JOIN u INDEXED BY uf ON NULL) USING (a)",
]


def test_a_term_pushed_into_parenthesised_joins_makes_their_right_join_inner():
    assert_same(PLAN_SETUP, PLAN_CASES)


# -- the errors SQLite meets while it expands the statement ---------------------------------
ERROR_SETUP = ["CREATE TABLE t(a, b)", "CREATE TABLE u(a, c)", "CREATE TEMP TABLE tt(a)",
               "CREATE TABLE w(a PRIMARY KEY, b) WITHOUT ROWID",
               "CREATE VIEW v(a) AS SELECT (SELECT 1 FROM tt) FROM t",
               "CREATE VIEW vn(a) AS SELECT nosuchcol FROM t",
               "INSERT INTO t VALUES (1, 2)", "INSERT INTO u VALUES (1, 3)",
               "INSERT INTO w VALUES (1, 4)"]

ERROR_CASES = {
    "parenthesised joins' columns, read by the NATURAL or USING join that brings them in": [
        # fuzz 176200171: the ambiguity, noted before a view of main reads TEMP tt
        "SELECT 1 FROM t AS x FULL JOIN u ON 1 NATURAL FULL JOIN (t CROSS JOIN u AS u2) "
        "WHERE EXISTS (SELECT 1 FROM v)",
        "SELECT 1 FROM t AS x RIGHT JOIN u ON 1 JOIN (t JOIN u AS u2 ON 1) USING (a) "
        "WHERE EXISTS (SELECT 1 FROM v)",
        "SELECT 1 FROM t AS x RIGHT JOIN u ON 1 NATURAL JOIN (w, w AS w2) AS q "
        "WHERE (SELECT 1 FROM nosuch)",
        "SELECT 1 FROM t AS x RIGHT JOIN u ON 1 NATURAL JOIN (w JOIN t AS t2 USING (b)) "
        "WHERE (SELECT 1 FROM nosuch)",
        # a:1, the rowid's names: a NATURAL join reads them all
        "SELECT * FROM (SELECT 7 AS \"a:1\") AS x NATURAL JOIN (t JOIN u ON 1)",
        "SELECT * FROM (SELECT 7 AS \"a:2\") AS x NATURAL JOIN (t JOIN u USING (a))",
        "SELECT * FROM (SELECT 1 AS _rowid_) AS x NATURAL JOIN (t JOIN u ON 1)",
        "SELECT * FROM (SELECT 7 AS \"_rowid_:1\") AS x NATURAL JOIN (t JOIN u ON 1)",
        "SELECT * FROM (SELECT 7 AS rowid) AS x NATURAL JOIN (w JOIN t ON 1)",
        "SELECT * FROM (SELECT 7 AS _rowid_) AS x NATURAL JOIN ((t JOIN u) AS q JOIN w)",
        "SELECT * FROM (SELECT 7 AS _rowid_) AS x NATURAL JOIN ((t JOIN u) JOIN w)",
        "SELECT * FROM (SELECT 7 AS _rowid_) AS x NATURAL JOIN (w JOIN (t JOIN u))",
        # inside them: their own joins' errors, where they are met
        "SELECT 1 FROM t, (t AS t2 FULL JOIN u ON 1 JOIN tt USING (nosuchu)) JOIN nosuch",
        "SELECT 1 FROM t, (t AS t2 FULL JOIN u ON 1 NATURAL JOIN tt) JOIN nosuch",
        "SELECT 1 FROM ((t, u) AS p1, tt NATURAL RIGHT JOIN u AS u2) JOIN (vn JOIN u AS u3)",
    ],
    "a table-valued function's columns: NATURAL does not see its hidden ones, USING does": [
        "SELECT * FROM (SELECT 1 AS json) NATURAL JOIN json_each('[1]')",
        "SELECT * FROM (SELECT 1 AS json) JOIN json_each('[1]') USING (json)",
        "SELECT * FROM json_each('[1]') NATURAL JOIN (SELECT 1 AS json)",
        "SELECT * FROM (SELECT 7 AS json) AS x NATURAL JOIN (t JOIN json_each(1))",
        # fuzz 85100612: the ambiguity noted, a common table's name no longer looked for
        "WITH RECURSIVE e(a) AS NOT MATERIALIZED (SELECT 2 UNION ALL SELECT a + 3 FROM e "
        "WHERE a < 12) SELECT NULL FROM t AS x FULL JOIN u ON NULL NATURAL FULL JOIN "
        "(tt FULL JOIN json_tree('1e999') AS j ON 0) WHERE NULL NOT IN (SELECT NULL FROM e)",
        "WITH e(a) AS (SELECT 1) SELECT 1 FROM t FULL JOIN u ON NULL NATURAL JOIN "
        "(tt JOIN json_each('[1]')) WHERE (SELECT 1 FROM e)",
    ],
    "the ON clauses of the parenthesised joins that open the FROM clause, before its WHERE": [
        "SELECT 1 FROM (t AS t1 JOIN (SELECT a FROM u WHERE nosuchcol) AS s ON "
        "(SELECT 1 FROM nosuch4))",
        "SELECT 1 FROM (t AS t1 JOIN u ON (SELECT 1 FROM nosuch4)) WHERE nosuchcol",
        "SELECT 1 FROM t JOIN ((u JOIN tt ON (SELECT 1 FROM nosuch4)) AS p JOIN vn) "
        "WHERE nosuchcol",
        "SELECT 1 FROM t CROSS JOIN ((u JOIN tt ON (SELECT 1 FROM nosuch4)) NATURAL FULL JOIN "
        "t AS t2) AS p WHERE (SELECT 1 FROM v)",
    ],
    "a NATURAL join after a noted error ends the expansion": [
        "SELECT 1 FROM u, t JOIN u AS s1 USING (a) NATURAL RIGHT JOIN w WHERE "
        "(SELECT 1 FROM nosuch)",
        "SELECT 1 FROM t FULL JOIN u ON 1 JOIN tt USING (a) NATURAL JOIN (SELECT 1 AS q) "
        "WHERE (SELECT 1 FROM nosuch)",
        "SELECT 1 FROM t FULL JOIN u ON 1 JOIN tt USING (a) NATURAL JOIN (SELECT 1 AS q) "
        "JOIN w USING (nosuchu)",
        "SELECT 1 FROM t FULL JOIN u ON 1 JOIN tt USING (a) JOIN w USING (nosuchu)",
        "SELECT 1 FROM t FULL JOIN u ON 1 JOIN tt USING (a) JOIN w USING (b) "
        "WHERE (SELECT 1 FROM nosuch)",
    ],
}


@pytest.mark.parametrize(("group", "rows"), ERROR_CASES.items(), ids=list(ERROR_CASES))
def test_the_errors_of_expanding_joins_come_in_sqlites_order(group, rows):
    """Each ``group`` of rows checks one rule (its name)."""
    assert_same(ERROR_SETUP, rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_join_statements_fail_as_sqlite_does(seed):
    """300 statements of ``join_error_sweep`` per seed: FROM clauses of tables, views,
    common tables, subqueries, parenthesised joins and json_each joined every way, with
    errors planted in two places."""
    from join_error_sweep import SETUP, statements
    assert_same(SETUP, statements(300, seed))


DEPTH = 6


def test_constants_of_nested_flattened_subqueries_are_worked_out_once_per_query(monkeypatch):
    """A term pushed down past flattened subqueries nested DEPTH deep, each column computed
    from all the columns below: each query's inner constants are worked out once
    (flatten._flat_constant's memo), not once per column per level, which grew as 5 to
    the DEPTH (a review of the merge found 20 s of planning at depth 8)."""
    import rowandb
    from rowandb.planner.plan import flatten

    calls = [0]
    real = flatten._flat_constant

    def counted(*args):
        calls[0] += 1
        return real(*args)
    monkeypatch.setattr(flatten, "_flat_constant", counted)
    query = "SELECT a AS c1, a AS c2, a AS c3, a AS c4, a AS c5 FROM t"
    for _ in range(DEPTH):
        query = (f"SELECT c1+c2 AS c1, c2+c3 AS c2, c3+c4 AS c3, c4+c5 AS c4, c5+c1 AS c5 "
                 f"FROM ({query})")
    statement = (f"SELECT * FROM ({query}) AS x JOIN (SELECT DISTINCT a, e FROM u INDEXED BY"
                 " up WHERE a > 0) AS y ON x.c1 = y.a AND x.c2 = y.a")
    setup = ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)", "CREATE TABLE u(a, e)",
             "CREATE INDEX up ON u(a) WHERE a > 0", "INSERT INTO u VALUES (5, 'x')"]
    assert_same(setup, [statement])
    calls[0] = 0
    connection = rowandb.connect(":memory:")
    for sql in setup:
        connection.execute(sql)
    assert connection.execute(statement).fetchall() == []
    assert 0 < calls[0] <= (DEPTH + 1) * 5 * 3, calls[0]
