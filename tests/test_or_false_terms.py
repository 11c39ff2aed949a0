"""TRUE and FALSE as SQLite resolves them, and ``x OR FALSE`` as its WHERE analysis reads
it, against SQLite (apsw).

SQLite's parser keeps TRUE and FALSE as names; resolution makes them a column when one of
that name is in reach, else the constants 1 and 0 flagged true or false (resolve.c,
sqlite3ExprIdToTrueFalse). Once flagged, they simplify the ANDs and ORs around them as an
integer literal does (expr.c, sqlite3ExprSimplifiedAndOr): ``x AND FALSE`` is 0 and
``x OR TRUE`` 1 with x never run, and a WHERE term ``x OR FALSE`` (``FALSE OR x``) is x
to the partial indexes it implies and to the search it allows. A TRUE that names a column
decides nothing (``json_extract(0, 0) OR true`` runs the call). Each query must give
SQLite's rows or error, and the SCAN/SEARCH lines of its EXPLAIN QUERY PLAN.
"""

from __future__ import annotations

import pytest

from oracle import assert_same
from test_is_searches import assert_same_plan

SETUP = [
    "CREATE TABLE t(c, d)", "CREATE INDEX tp ON t(d) WHERE c", "CREATE INDEX tc ON t(c)",
    "INSERT INTO t VALUES (1, 2), (0, 3), (NULL, 4)", "CREATE TABLE f(false, true)",
    "INSERT INTO f VALUES (0, 1)", "CREATE TABLE g(false, true)",
    "INSERT INTO g VALUES (5, 6)",
]

PLANNED = [
    "SELECT * FROM t INDEXED BY tp WHERE c OR FALSE",
    "SELECT * FROM t INDEXED BY tp WHERE FALSE OR c",
    "SELECT * FROM t INDEXED BY tp WHERE c OR (FALSE)",
    "SELECT * FROM t INDEXED BY tp WHERE c OR (FALSE AND d)",
    "SELECT * FROM t INDEXED BY tp WHERE (c OR FALSE) OR FALSE",
    "SELECT c FROM t WHERE c = 1 OR false", "SELECT c FROM t WHERE 0 OR c = 1",
    "SELECT c FROM t WHERE (c = 1 OR 0) AND d", "SELECT c FROM t WHERE c > 0 OR false",
    "SELECT c FROM t WHERE rowid = 1 OR false", "SELECT c FROM t WHERE rowid > 1 OR false",
    "SELECT c FROM t WHERE (json_extract(d, 0) AND false) OR c",
]

QUERIES = PLANNED + [
    "SELECT * FROM f, t INDEXED BY tp WHERE c OR false",
    "SELECT * FROM t INDEXED BY tp WHERE c OR false = 1",
    "SELECT json_extract(0, 0) AND false", "SELECT json_extract(0, 0) OR true",
    "SELECT CASE WHEN json_extract(0, 0) AND false THEN 1 END",
    "SELECT c FROM t WHERE (json_extract(0, 0) AND false) OR c",
    "SELECT c FROM t WHERE json_extract(d, 0) AND false",
    "SELECT c FROM t WHERE rowid = 1 COLLATE nosuch OR false",
    # TRUE and FALSE naming columns
    "SELECT * FROM f WHERE json_extract(0, 0) OR true",
    "SELECT true OR json_extract(0, 0) FROM f", "SELECT true, false, true + 1 FROM g",
    "SELECT * FROM g WHERE true = 6", "SELECT 1 FROM g WHERE 5 IS false",
    "SELECT 1 FROM g WHERE 5 IS NOT false", "SELECT 1 FROM g WHERE 0 IS false",
    "SELECT true FROM g GROUP BY true", "SELECT (SELECT true) FROM g",
    "SELECT x.true, true FROM g AS x", "SELECT true FROM f, g",
    "SELECT * FROM t INDEXED BY tp, g WHERE c OR false",
]


def test_true_and_false_give_sqlites_answers():
    assert_same(SETUP, QUERIES)


@pytest.mark.parametrize("sql", PLANNED)
def test_or_false_terms_plan_as_sqlite(sql):
    assert_same_plan(SETUP, sql)
