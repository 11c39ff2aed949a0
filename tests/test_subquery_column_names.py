"""The column names of FROM subqueries and common tables, against SQLite (apsw).

SQLite names a FROM subquery's or a common table's columns while it expands the statement,
before it resolves a single name (select.c, sqlite3ExpandSubquery and
sqlite3ColumnsFromExprList): a column reference -- bare, qualified, in parentheses, under
COLLATE -- is named as it is written, not by the declared name it resolves to. A view is
named after its query is resolved, and CREATE TABLE ... AS SELECT too: there a column
reference takes the declared name. So with ``u(x, y)``, ``SELECT * FROM (SELECT X FROM
u)`` is a column ``X`` while ``SELECT X FROM u`` and a view ``AS SELECT X, Y FROM u`` are
``x`` and ``y``. Each query's rows and column names must be SQLite's.

A SELECT that a parse-time fold drops (``0 AND (SELECT ...)``, parse/folds.py) keeps its
keyword in the text: the SELECTs after it are still named from their own texts
(parse/result_texts.py), not from the one before.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = [
    "CREATE TABLE u(x, y)",
    "INSERT INTO u VALUES (1, 2)",
    "CREATE VIEW w AS SELECT X, Y FROM u",
    "CREATE VIEW v2 AS SELECT * FROM (SELECT X FROM u)",
    "CREATE VIEW v3 AS WITH c AS (SELECT Y FROM u) SELECT * FROM c",
    "CREATE TABLE z AS SELECT * FROM (SELECT X FROM u)",
    "CREATE TABLE z2 AS SELECT X, y COLLATE NOCASE FROM u",
]

QUERIES = [
    # a FROM subquery: as written
    "SELECT * FROM (SELECT X FROM u)",
    "SELECT * FROM (SELECT u.X FROM u)",
    "SELECT * FROM (SELECT main.u.X FROM u)",
    "SELECT * FROM (SELECT (X) FROM u)",
    "SELECT * FROM (SELECT X COLLATE NOCASE FROM u)",
    'SELECT * FROM (SELECT "X", [Y] FROM u)',
    "SELECT * FROM (SELECT ROWID, _rowid_ FROM u)",
    "SELECT * FROM (SELECT +X FROM u)",
    "SELECT * FROM (SELECT X, x FROM u)",
    "SELECT * FROM (SELECT *, X FROM u)",
    "SELECT * FROM (SELECT u.* FROM u)",
    "SELECT * FROM (SELECT true, X FROM u)",
    "SELECT * FROM ((SELECT X FROM u))",
    "SELECT s.* FROM (SELECT X FROM u) AS s",
    "SELECT x FROM (SELECT X FROM u)",
    "SELECT * FROM (SELECT X FROM u), (SELECT x FROM u)",
    "SELECT * FROM (SELECT X FROM u) NATURAL JOIN (SELECT x FROM u)",
    "SELECT * FROM (SELECT X FROM u) JOIN (SELECT x FROM u) USING (x)",
    "SELECT * FROM (SELECT * FROM (SELECT X FROM u))",
    "SELECT * FROM (SELECT X FROM w)",
    "SELECT * FROM (SELECT X FROM u) WHERE x = 1 ORDER BY X",
    "SELECT * FROM (SELECT X, count(*) FROM u GROUP BY X)",
    "SELECT * FROM (SELECT DISTINCT X FROM u LIMIT 1)",
    # a compound: its first SELECT names it
    "SELECT * FROM (SELECT Y FROM u UNION ALL SELECT X FROM u)",
    "SELECT * FROM (SELECT X FROM u UNION SELECT 1 ORDER BY 1)",
    # a common table: as written, unless its column list names it
    "WITH c AS (SELECT X FROM u) SELECT * FROM c",
    "WITH c AS (SELECT X FROM u) SELECT x FROM c",
    "WITH c AS (SELECT X FROM u UNION ALL SELECT y FROM u) SELECT * FROM c",
    "WITH RECURSIVE c AS (SELECT X FROM u UNION ALL SELECT X + 1 FROM c WHERE X < 3) "
    "SELECT * FROM c",
    "WITH c(a) AS (SELECT X FROM u) SELECT * FROM c",
    # a view and CREATE TABLE ... AS: resolved first, declared names
    "SELECT * FROM w",
    "SELECT * FROM v2",
    "SELECT * FROM v3",
    "SELECT * FROM (SELECT * FROM v2)",
    "SELECT name FROM pragma_table_info('z')",
    "SELECT name FROM pragma_table_info('z2')",
    "SELECT name FROM pragma_table_info('w')",
    # the top level: declared names
    "SELECT X, u.Y FROM u",
    # after a SELECT a parse-time fold drops: each named from its own text
    "SELECT * FROM (SELECT 1 AS k WHERE 1 OR 0 AND 1 IN (SELECT 2 + 0)), (SELECT 3 + 4)",
    "SELECT (SELECT 3 + 4), k FROM (SELECT 1 AS k WHERE 1 OR 0 AND EXISTS (SELECT 2 + 0))",
    "SELECT * FROM (SELECT 1 AS k WHERE 1 OR 0 AND (SELECT 5) AND (SELECT 6)), "
    "(SELECT X * 2 FROM u)",
    "SELECT * FROM (SELECT 1 WHERE 1 OR (SELECT y FROM u) AND 0), (SELECT Y + 0 FROM u)",
    "SELECT * FROM (SELECT 0 AND (SELECT 1) AS f), (SELECT X || 'a' FROM u)",
    "SELECT * FROM (SELECT 0 AND (SELECT 1 IN (SELECT 2)) AS f), (SELECT X - 1 FROM u), "
    "(SELECT 7 * 7)",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_rows_and_column_names_are_sqlites(sql):
    assert_same(SETUP, [sql], columns=True)
