"""Which terms reach the tables of a FROM subquery, view or common table: SQLite's
flattener (select.c flattenSubquery) and its exprImpliesNotNull, compared with SQLite.

SQLite flattens a FROM subquery into the query that reads it where its restrictions
allow, so the outer query's WHERE and ON terms stand beside the subquery's own: they can
make a partial index ``INDEXED BY`` names usable (or leave SQLite's 'no query solution'),
and an outer join's ON terms keep their outer-join mark. Each case is differential
(``oracle.assert_same``): the query's rows or error on RowanDB and on SQLite (apsw).
"""

from __future__ import annotations

import pytest

from oracle import assert_same

NOT_NULL = ["CREATE TABLE t(c0, c1 TEXT)",
            "CREATE INDEX i ON t(c0) WHERE c0 NOTNULL",
            "CREATE INDEX j ON t(c1) WHERE c1 IS NOT NULL",
            "INSERT INTO t VALUES (1, 'a'), (NULL, NULL), (3, 'c')"]

PARTIAL = ["CREATE TABLE t0(c0, c1)", "CREATE INDEX i ON t0(c0) WHERE c1 IS NOT NULL",
           "CREATE INDEX e ON t0(c0 > 0)", "CREATE TABLE u(x)",
           "CREATE VIEW v AS SELECT c1 AS c FROM t0 INDEXED BY i",
           "INSERT INTO u VALUES (1), (NULL)", "INSERT INTO t0 VALUES (1, 1), (2, NULL)"]

CONSTANTS = ["CREATE TABLE t0(a)", "CREATE TABLE t1(b)", "INSERT INTO t0 VALUES (1)"]

CASES = {
    # expr.c exprImpliesNotNull walks into comparisons, arithmetic and concatenation
    # (42000725: ``NULL || (NULL < c0)``), and only into those
    "a term implies x NOT NULL as exprImpliesNotNull says": (NOT_NULL, [
        "SELECT c0 FROM t INDEXED BY i WHERE NULL || (NULL < c0)",
        "SELECT c0 FROM t INDEXED BY i WHERE (c0 = 1) = 1",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 > 1 = 1",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 + 1 IS NOT NULL",
        "SELECT c0 FROM t INDEXED BY i WHERE NOT (c0 IN (SELECT 1))",
        "SELECT c0 FROM t INDEXED BY i WHERE (c0 IN (SELECT 1)) = 1",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 IS NOT TRUE",
        "SELECT c0 FROM t INDEXED BY i WHERE (c0 IS TRUE) = 1",
        "SELECT c0 FROM t INDEXED BY i WHERE 2 * c0",
        "SELECT c0 FROM t INDEXED BY i WHERE NOT (c0 BETWEEN 1 AND 2)",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 IS 1",
        "SELECT c0 FROM t INDEXED BY i WHERE abs(c0)",
        # a LIKE or GLOB implies it through the range terms of SQLite's LIKE optimization
        # only: a literal prefix before the first wildcard, not numeric unless x is TEXT
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE '%a'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE 'a%'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE '_a'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE '1%'",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 LIKE '1%'",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 LIKE '-%'",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 LIKE '9%'",
        "SELECT c0 FROM t INDEXED BY i WHERE c0 LIKE 'e%'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 GLOB '*a'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 GLOB '[a]*'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE '\\%' ESCAPE '\\'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE '\\%a' ESCAPE '\\'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE 'a%' ESCAPE '%'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 LIKE x'61'",
        "SELECT c1 FROM t INDEXED BY j WHERE upper(c1) LIKE 'a%'",
        "SELECT c1 FROM t INDEXED BY j WHERE c1 NOT LIKE 'a%'",
        "SELECT * FROM (SELECT NULL AS c0 FROM t AS a INDEXED BY i "
        "WHERE (NULL || (NULL < a.c0))) AS s",
    ]),
    # 40000672: the ON of a LEFT JOIN reaches the subquery flattened into its right side
    "outer terms make a flattened subquery's partial index usable": (PARTIAL, [
        "SELECT * FROM u LEFT JOIN (SELECT c1 AS c FROM t0 INDEXED BY i) ON x = c",
        "SELECT * FROM u JOIN (SELECT c1 AS c FROM t0 INDEXED BY i) ON x = c",
        "SELECT * FROM u, (SELECT c1 AS c FROM t0 INDEXED BY i) WHERE x = c",
        "SELECT * FROM u LEFT JOIN (SELECT c1 AS c FROM t0 INDEXED BY i) WHERE x = c",
        "SELECT * FROM u LEFT JOIN (SELECT c1 AS c FROM t0 INDEXED BY i) ON 1 WHERE c > 0",
        "SELECT * FROM u LEFT JOIN (SELECT c1 AS c FROM t0 INDEXED BY i) ON 1 "
        "WHERE c IS NULL OR c > 0",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i) WHERE c > 0",
        "SELECT * FROM (SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i)) WHERE c > 0",
        "SELECT * FROM v WHERE c > 0", "SELECT * FROM (SELECT * FROM v) WHERE c > 0",
        "WITH w AS (SELECT c1 AS c FROM t0 INDEXED BY i) SELECT * FROM w WHERE c > 0",
        "WITH w AS (SELECT c1 AS c FROM t0 INDEXED BY i) "
        "SELECT * FROM w AS p, w AS q WHERE p.c > 0 AND q.c > 0",
        "WITH w AS (SELECT c1 AS c FROM t0 INDEXED BY i) "
        "SELECT * FROM w AS p, w AS q WHERE p.c > 0",
        "WITH w AS MATERIALIZED (SELECT c1 AS c FROM t0 INDEXED BY i) "
        "SELECT * FROM w WHERE c > 0",
        "SELECT * FROM u WHERE x IN (SELECT c FROM (SELECT c1 AS c FROM t0 INDEXED BY i) "
        "WHERE c > 0)",
        # 42000469, 43000357: inside a subquery of an ON or WHERE
        "SELECT * FROM u WHERE EXISTS (SELECT 1 FROM (SELECT c1 AS c FROM t0 INDEXED BY i) "
        "WHERE c = u.x)",
    ]),
    # not flattened: SQLite pushes down the terms that read the subquery alone
    "pushed-down terms make an unflattened subquery's partial index usable": (PARTIAL, [
        "SELECT * FROM (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) WHERE c > 0",
        "SELECT * FROM u, (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) WHERE c > x",
        "SELECT * FROM u LEFT JOIN (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) ON 1 = c",
        "SELECT * FROM u LEFT JOIN (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) ON x = c",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i LIMIT 5) WHERE c > 0",
        "SELECT * FROM (SELECT c1 AS c, count(*) FROM t0 INDEXED BY i GROUP BY c1) "
        "WHERE c > 0",
        "SELECT * FROM (SELECT c1 AS c, count(*) AS n FROM t0 INDEXED BY i GROUP BY c1) "
        "WHERE n > 0",
        "SELECT * FROM (SELECT c1 AS c, count(*) AS n FROM t0 INDEXED BY i) WHERE c > 0",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i UNION ALL SELECT 1 FROM u) "
        "WHERE c = 1",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i UNION SELECT 1 FROM u) "
        "WHERE c = 1",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i UNION SELECT 'a' COLLATE NOCASE "
        "FROM u) WHERE c = 1",
        "SELECT * FROM u LEFT JOIN (SELECT c1 AS c FROM t0 INDEXED BY i UNION ALL SELECT 1) "
        "ON x = c",
        "SELECT * FROM u, (SELECT c1 AS c FROM t0 INDEXED BY i UNION ALL SELECT 1) "
        "WHERE x = c",
        "SELECT * FROM (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) WHERE c IN (SELECT c)",
        "SELECT * FROM (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) WHERE c > random()",
        "SELECT * FROM (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i) "
        "WHERE c IN (SELECT x FROM u)",
    ]),
    # SQLite does not flatten the right side of a RIGHT or FULL JOIN; one flattened left
    # of a RIGHT JOIN (JT_LTORJ) may use no partial index, even by its own WHERE
    "right joins and flattening": (PARTIAL, [
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i) RIGHT JOIN u ON x = c",
        "SELECT * FROM u FULL JOIN (SELECT c1 AS c FROM t0 INDEXED BY i) ON x = c",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i WHERE c1 > 0) RIGHT JOIN u "
        "ON x = c",
        "SELECT * FROM (SELECT c1 AS c FROM t0 INDEXED BY i WHERE c1 > 0) AS s, u "
        "RIGHT JOIN u AS u2 ON 1",
        "SELECT * FROM u, (SELECT c1 AS c FROM t0 INDEXED BY i WHERE c1 > 0) AS s "
        "RIGHT JOIN u AS u2 ON 1",
        "SELECT * FROM (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i WHERE c1 > 0) "
        "RIGHT JOIN u ON x = c",
    ]),
    # flattened into a simple count(*) (also each SELECT of a counted UNION ALL:
    # countOfViewOptimization), the subquery's table is counted, its INDEXED BY unplanned
    "count(*) of a view of an INDEXED BY": (PARTIAL, [
        "SELECT count(*) FROM v", "SELECT count(*) FROM (SELECT * FROM v)",
        "SELECT count(*) FROM v WHERE 1", "SELECT count(*), 1 FROM v",
        "SELECT count(*) FROM (SELECT c1 AS c FROM t0 INDEXED BY i WHERE c0 > 0)",
        "SELECT count(*) FROM (SELECT DISTINCT c1 AS c FROM t0 INDEXED BY i)",
        "SELECT count(*) FROM (SELECT * FROM v WHERE 1)",
        "SELECT count(*) FROM (SELECT * FROM v LIMIT 1)",
        "SELECT count(*) FROM (SELECT * FROM v ORDER BY 1)",
        "WITH w AS (SELECT * FROM t0 INDEXED BY i) SELECT count(*) FROM w",
        "WITH w AS MATERIALIZED (SELECT * FROM t0 INDEXED BY i) SELECT count(*) FROM w",
        "SELECT count(*) FROM (SELECT * FROM v UNION ALL SELECT 1 FROM t0)",
        "SELECT count(*) FROM (SELECT * FROM v UNION ALL SELECT 1 FROM t0 WHERE 1)",
        "SELECT count(*) FROM (SELECT 1 UNION ALL SELECT * FROM v)",
        "SELECT count(*) FROM (SELECT 1 UNION SELECT * FROM v)",
        "SELECT count(*) FROM (SELECT * FROM v UNION ALL SELECT * FROM v LIMIT 5)",
        "SELECT count(*) FROM v UNION ALL SELECT count(*) FROM v",
    ]),
    # 40000636: flattened into an outer join's right side, the subquery's WHERE is
    # EP_OuterON there, so ``EXISTS (...) OR 1`` is not folded and its subquery is planned
    "a WHERE flattened into an outer join is not folded": (PARTIAL, [
        "SELECT 1 FROM u LEFT JOIN (SELECT NULL AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1) ON NULL",
        "SELECT 1 FROM u FULL JOIN (SELECT NULL AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1) ON NULL",
        "SELECT 1 FROM u JOIN (SELECT NULL AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1) ON NULL",
        "SELECT 1 FROM u LEFT JOIN (SELECT c1 AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1) ON 1 WHERE c > 0",
        "SELECT 1 FROM u LEFT JOIN (SELECT DISTINCT NULL AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1) ON 1",
        "SELECT 1 FROM (SELECT NULL AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1) RIGHT JOIN u ON 1",
        "SELECT 1 FROM (SELECT NULL AS c FROM t0 WHERE EXISTS "
        "(SELECT 1 FROM t0 AS b INDEXED BY i) OR 1)",
        "SELECT 1 FROM u LEFT JOIN (SELECT NULL AS c FROM t0 WHERE (SELECT c0 FROM t0 "
        "AS b INDEXED BY i) AND 0) ON 1",
    ]),
    # 42000931: SQLite plans a LEFT JOIN's loop before it omits the join as a no-op
    "an omitted LEFT JOIN's INDEXED BY is planned first": (PARTIAL, [
        "SELECT DISTINCT NULL FROM u LEFT JOIN t0 INDEXED BY i ON NULL",
        "SELECT DISTINCT NULL FROM u LEFT JOIN t0 INDEXED BY i ON NULL, "
        "(SELECT NULL FROM u AS u2)",
        "SELECT DISTINCT NULL FROM u LEFT JOIN t0 INDEXED BY i ON t0.c1 > 1",
        "SELECT DISTINCT NULL FROM u LEFT JOIN t0 INDEXED BY i ON u.x > 1",
        "SELECT DISTINCT u.x FROM u LEFT JOIN t0 NOT INDEXED ON NULL",
    ]),
    # 43000506: a comparison with a virtual table's column proves nothing about NULL
    # rows (impliesNotNullRow), so the outer join stays and so does its plan's error
    "a virtual table's column comparison keeps an outer join": (PARTIAL, [
        "SELECT 1 FROM json_each('[1]') AS j RIGHT JOIN u ON NULL WHERE NULL != j.value",
        "SELECT 1 FROM json_each('[1]') AS j RIGHT JOIN t0 INDEXED BY e ON NULL "
        "WHERE NULL != j.key",
        "SELECT 1 FROM json_each('[1]') AS j RIGHT JOIN t0 INDEXED BY e ON NULL "
        "WHERE NULL != j.key + 0",
        "SELECT u.x, j.value FROM u LEFT JOIN json_each('[1,2]') AS j ON j.value > 5 "
        "WHERE like(NULL, NULL, coalesce(j.value, 'ab')) = j.value",
        "SELECT u.x, j.value FROM u LEFT JOIN json_each('[1,2]') AS j ON j.value > 5 "
        "WHERE like(NULL, NULL, coalesce(j.value, 'ab')) = j.value + 0",
    ]),
    # the subquery_errors steer's case: a flattened constant column makes a WHERE term of
    # no table, tested before the loops (or, holding a subquery, in the outermost one)
    "a flattened constant column is a constant there": (CONSTANTS, [
        "SELECT 1 FROM t0, (SELECT '12abc' AS c0 FROM t1) AS a "
        "WHERE like(NULL, NULL, a.c0) = (SELECT count(*) FROM t0)",
        "SELECT 1 FROM t0, (SELECT '12abc' AS c0 FROM t1) AS a WHERE like(NULL, NULL, a.c0) = 1",
        "SELECT 1 FROM t1, (SELECT '12abc' AS c0 FROM t0) AS a "
        "WHERE like(NULL, NULL, a.c0) = (SELECT count(*) FROM t0)",
        "SELECT 1 FROM t0, (SELECT DISTINCT '12abc' AS c0 FROM t1) AS a "
        "WHERE like(NULL, NULL, a.c0) = (SELECT count(*) FROM t0)",
        "SELECT 1 FROM t0 LEFT JOIN (SELECT '12abc' AS c0 FROM t1) AS a "
        "WHERE like(NULL, NULL, a.c0) = (SELECT count(*) FROM t0)",
        "SELECT a.c0 FROM t0, (SELECT '1' AS c0 FROM t0) AS a WHERE a.c0 = 1",
        "SELECT a.c0 FROM t0, (SELECT CAST('1' AS INTEGER) AS c0 FROM t0) AS a "
        "WHERE a.c0 = '1'",
        "SELECT a.c0 FROM t0, (SELECT 'A' COLLATE NOCASE AS c0 FROM t0) AS a WHERE a.c0 = 'a'",
        "SELECT a.c0 FROM t0, (SELECT 1.0 AS c0 FROM t0) AS a WHERE a.c0 = '1.0'",
        "SELECT a.c0 FROM t0, (SELECT NULL AS c0 FROM t0) AS a WHERE a.c0 IS NULL",
        # fuzz 51000182, 51000199: left of a RIGHT or FULL JOIN the row may be all NULLs
        "SELECT count(*) FROM (SELECT 0 AS c0 FROM t1) AS a RIGHT JOIN t0 ON a.c0 = t0.a "
        "WHERE a.c0 IS NULL",
        "SELECT a.c0 FROM (SELECT 0 AS c0 FROM t1) AS a FULL JOIN t0 ON NULL WHERE a.c0 IS NULL",
        "SELECT a.c0 FROM (SELECT 0 AS c0 FROM t1) AS a FULL JOIN t0 ON NULL WHERE NOT a.c0",
        "SELECT a.c0 FROM t0 LEFT JOIN (SELECT 0 AS c0 FROM t1) AS a WHERE a.c0 IS NULL",
    ]),
}


@pytest.mark.parametrize("name", CASES)
def test_flattened_terms_match_sqlite(name):
    setup, queries = CASES[name]
    assert_same(setup, queries)
