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
            "INSERT INTO t VALUES (1, 'a'), (NULL, NULL), (3, 'c')"]

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
        "SELECT * FROM (SELECT NULL AS c0 FROM t AS a INDEXED BY i "
        "WHERE (NULL || (NULL < a.c0))) AS s",
    ]),
}


@pytest.mark.parametrize("name", CASES)
def test_flattened_terms_match_sqlite(name):
    setup, queries = CASES[name]
    assert_same(setup, queries)
