"""Errors and plans of NATURAL, USING, RIGHT and FULL joins, each compared with SQLite (apsw).

A term an outer query pushes down into parenthesised joins (a FROM subquery SQLite does
not flatten) is part of the WHERE its tables are planned in: one that rejects the NULL row
of a table left of a RIGHT JOIN there makes that join inner, so an index on expressions
that ``INDEXED BY`` names on its right may be scanned whole -- which SQLite never does for
a RIGHT JOIN's right table ('no query solution'). A subquery SQLite flattens first puts
its constant columns in place of the outer query's reads, so a NATURAL or USING join with
it pushes ``constant = column`` down (fuzz 85100461; planner/plan/flatten.py).
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


@pytest.mark.parametrize("sql", PLAN_CASES)
def test_a_term_pushed_into_parenthesised_joins_makes_their_right_join_inner(sql):
    assert_same(PLAN_SETUP, [sql])
