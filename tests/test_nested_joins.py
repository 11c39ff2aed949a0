"""Parenthesised joins with an outer join inside or around them (sql/bind/nested_from.py)
against SQLite: rows, column names and errors of ``a LEFT JOIN (b JOIN c ...) ...`` --
qualified and plain names, USING and NATURAL inside and outside, rowids, ``*`` and
``t.*``, subqueries, views and writes that read such a join, and an alias after one.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = [
    "CREATE TABLE a(x, y)", "CREATE TABLE b(x, z)", "CREATE TABLE c(x, w)", "CREATE TABLE d(v)",
    "CREATE TABLE ip(id INTEGER PRIMARY KEY, x)", "CREATE TABLE wr(x PRIMARY KEY, z) WITHOUT ROWID",
    "INSERT INTO a VALUES (1, 2), (2, 3), (3, NULL)",
    "INSERT INTO b VALUES (1, 5), (3, 6), (4, 1)", "INSERT INTO c VALUES (1, 7), (3, 8), (5, 9)",
    "INSERT INTO d VALUES (9)", "INSERT INTO ip VALUES (3, 1), (4, 3)",
    "INSERT INTO wr VALUES (1, 0)", "CREATE VIEW v0 AS SELECT 1 AS q",
]

ROWS = [
    "SELECT * FROM a LEFT JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
    "SELECT * FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
    "SELECT * FROM a LEFT JOIN (b, c) ON a.x = b.x",
    "SELECT * FROM a LEFT JOIN (b CROSS JOIN c) ON a.x = b.x AND a.x = c.x",
    "SELECT * FROM a JOIN (b LEFT JOIN c ON c.x = b.x + 1) ON a.x = b.x",
    "SELECT * FROM a LEFT JOIN (b LEFT JOIN c ON c.x = b.x) ON a.x = b.x WHERE c.w IS NULL",
    "SELECT * FROM a LEFT JOIN (b RIGHT JOIN c ON b.x = c.x) ON a.x = c.x",
    "SELECT * FROM a FULL JOIN (b LEFT JOIN c USING (x)) ON a.x = b.x",
    "SELECT * FROM a RIGHT JOIN (b LEFT JOIN c USING (x)) ON a.x = b.x",
    "SELECT * FROM (b JOIN c USING (x)) RIGHT JOIN a USING (x)",
    "SELECT * FROM a LEFT JOIN (b AS q JOIN c ON q.x = c.x) ON a.x = q.x",
    "SELECT * FROM a LEFT JOIN (b JOIN (SELECT 1 AS x) ON 1) ON 1",
    "SELECT * FROM a LEFT JOIN (b JOIN c ON 1 LEFT JOIN a AS a2 ON 1) ON 1 LIMIT 5",
    "SELECT * FROM a LEFT JOIN (b JOIN c ON 1) ON 1 LEFT JOIN (c AS c2 JOIN b AS b2 ON 1) "
    "ON c2.x = b.x",
    "SELECT * FROM a LEFT JOIN (b JOIN json_each('[1,2]') AS j ON j.value = b.x) ON a.x = b.x",
    "SELECT count(*), sum(w) FROM a LEFT JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
    "SELECT b.x, count(*) FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x GROUP BY b.x",
    "SELECT (SELECT w FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x WHERE a.y = o.y) "
    "FROM a AS o",
    "SELECT a.x, (SELECT count(*) FROM b WHERE b.x = c.x) FROM a LEFT JOIN (b JOIN c ON "
    "b.x = c.x) ON a.x = b.x",
]

NAMES = [
    "SELECT a.*, b.*, c.* FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
    "SELECT c.*, b.* FROM d LEFT JOIN (b JOIN c USING (x)) ON 1",
    "SELECT b.x, c.x, b.x FROM d LEFT JOIN (b JOIN c USING (x)) ON 1",
    "SELECT b.x, c.x FROM a LEFT JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
    "SELECT x, z FROM d LEFT JOIN (b JOIN c USING (x)) ON 1",
    "SELECT * FROM d LEFT JOIN (b JOIN c ON 1) ON 1",
    "SELECT * FROM d LEFT JOIN (b NATURAL JOIN c) ON 1",
    "SELECT * FROM d LEFT JOIN (b AS c JOIN c AS b ON 1) ON b.x = 1",
    "SELECT * FROM a LEFT JOIN (b JOIN c USING (x)) USING (x)",
    "SELECT x, y, z, w FROM a LEFT JOIN (b JOIN c USING (x)) USING (x)",
    "SELECT * FROM a NATURAL LEFT JOIN (b JOIN c USING (x))",
    "SELECT * FROM a LEFT JOIN (b FULL JOIN c USING (x)) USING (x)",
    "SELECT * FROM d LEFT JOIN (b FULL JOIN c USING (x)) ON 1",
    "SELECT * FROM a LEFT JOIN (b JOIN c USING (x) JOIN a AS a3 USING (x)) ON 1",
    "SELECT c.x, a3.x, b.x FROM d LEFT JOIN (b JOIN c USING (x) JOIN a AS a3 USING (x)) ON 1",
    "SELECT b.rowid, c.rowid FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
    "SELECT b._rowid_, c.oid FROM a LEFT JOIN (b JOIN c ON 1) ON 1 ORDER BY 1, 2",
    "SELECT ip.rowid, ip.id, ip.x FROM a LEFT JOIN (ip JOIN c USING (x)) ON a.x = ip.id",
    "SELECT * FROM a LEFT JOIN (b JOIN wr USING (x)) ON 1",
]

ERRORS = [
    "SELECT x FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
    "SELECT x FROM d LEFT JOIN (b JOIN c ON 1) ON 1",
    "SELECT rowid FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
    "SELECT _rowid_ FROM d LEFT JOIN (b JOIN c ON 1) ON 1",
    "SELECT wr.rowid FROM a LEFT JOIN (b JOIN wr USING (x)) ON 1",
    "SELECT * FROM a LEFT JOIN (b JOIN c ON c.x = a.x) ON a.x = b.x",
    "SELECT * FROM a LEFT JOIN (b JOIN c ON a.y = 1) ON 1",
    "SELECT nosuch FROM a LEFT JOIN (b JOIN c ON 1) ON 1",
    "SELECT q.x FROM a LEFT JOIN (b JOIN c ON 1) ON 1",
    "SELECT q.* FROM a LEFT JOIN (b JOIN c ON 1) ON 1",
    "SELECT * FROM a LEFT JOIN (b JOIN c ON b.nosuch) ON 1",
    "SELECT * FROM a LEFT JOIN (b JOIN c ON 1) ON b.nosuch",
    "SELECT * FROM a LEFT JOIN (b JOIN nosuch ON 1) ON 1",
    "SELECT * FROM a LEFT JOIN (b NATURAL JOIN c ON 1) ON 1",
    "SELECT a.x, b.x FROM a LEFT JOIN (b JOIN c USING (nosuch)) ON 1",
    "SELECT * FROM d LEFT JOIN (b JOIN c USING (x)) USING (x)",
    "SELECT * FROM d LEFT JOIN (b JOIN c USING (x) JOIN a AS a3 ON 1) ON 1",
    "SELECT * FROM a LEFT JOIN (b AS t JOIN c AS t ON 1) ON 1",
    "SELECT * FROM a LEFT JOIN (b JOIN b ON 1) ON 1",
    # every table is looked up before any column, those joined after a subquery or
    # VALUES list opening the parentheses too (fuzz 145020001)
    "SELECT * FROM a LEFT JOIN ((SELECT 1 AS x) AS s JOIN nosuch ON 1) ON nosuchcol",
    "SELECT * FROM a LEFT JOIN ((VALUES (1)) AS v JOIN nosuch ON 1) ON nosuchcol",
    "SELECT * FROM a LEFT JOIN ((VALUES ((SELECT 1 FROM nosuch2))) AS v JOIN nosuch ON 1) "
    "ON nosuchcol",
    "SELECT * FROM a LEFT JOIN ((SELECT 1 AS x) AS s JOIN (SELECT * FROM nosuch) ON 1) "
    "ON nosuchcol",
    # ... and those of parenthesised joins in a compound's later SELECT, before the
    # earlier SELECT's (fuzz 145020008; main looked none up there)
    "SELECT 1 FROM nosuch0 EXCEPT SELECT 1 FROM a WHERE NOT EXISTS (SELECT 1 FROM a AS a15 "
    "JOIN (nosuch1 AS w LEFT JOIN nosuch2 ON 1) ON 1)",
    "SELECT 1 FROM nosuch0 EXCEPT SELECT 1 FROM a JOIN (b JOIN nosuch3 ON 1) ON 1",
    "SELECT 1 FROM nosuch0 EXCEPT SELECT 1 FROM a JOIN (nosuch4) ON 1",
    # a view opening the parentheses (fuzz 145030017)
    "SELECT 1 FROM nosuch0 UNION SELECT 1 FROM a NATURAL RIGHT JOIN (v0 AS i RIGHT JOIN "
    "nosuch6 ON 1)",
    "SELECT 1 FROM nosuch0 UNION SELECT 1 FROM (v0 JOIN nosuch8 ON 1)",
]

# inner joins in parentheses after the first item are a nested FROM item too (main read
# them in place: `a JOIN (b JOIN c USING (x)) USING (x)` gave three rows per a.x); as the
# first item they are the FROM list itself, outer joins and all
INNER = [
    "SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
    "SELECT * FROM a, (b JOIN c ON b.x = c.x)",
    "SELECT b.x, c.x FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x",
    "SELECT x FROM a JOIN (b JOIN c USING (x)) USING (x)",
    "SELECT * FROM a JOIN (b JOIN c USING (x)) USING (x)",
    "SELECT * FROM a NATURAL JOIN (b NATURAL JOIN c)",
    "SELECT b.rowid FROM a JOIN (b JOIN c ON 1) ON 1 LIMIT 1",
    "SELECT * FROM (b LEFT JOIN c ON b.x = c.x) JOIN a ON a.x = b.x",
    "SELECT * FROM (b LEFT JOIN c USING (x)) LEFT JOIN a USING (x)",
    "SELECT * FROM (b RIGHT JOIN c ON b.x = c.x) JOIN a ON a.x = c.x",
    "SELECT * FROM (b FULL JOIN c USING (x)) LEFT JOIN a USING (x)",
    "SELECT x FROM (b FULL JOIN c USING (x))",
    "SELECT * FROM ((b LEFT JOIN c ON b.x = c.x)) JOIN a ON 1 LIMIT 2",
    "SELECT * FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x ORDER BY x",
    # a subquery or VALUES list opening the parentheses (sqlglot's Subquery.joins)
    "SELECT * FROM a LEFT JOIN ((SELECT 1 AS x) AS s JOIN b ON s.x = b.x) ON 1",
    "SELECT * FROM a LEFT JOIN ((SELECT 1 AS x) AS s LEFT JOIN b ON s.x = b.x) ON a.x = s.x",
    "SELECT s.x, b.* FROM a LEFT JOIN ((SELECT 1 AS x) AS s JOIN b USING (x)) ON 1",
    "SELECT * FROM a LEFT JOIN ((VALUES (1), (2)) AS v JOIN b ON v.column1 = b.x) "
    "ON a.x = v.column1",
    "SELECT * FROM a LEFT JOIN ((SELECT 1 AS x) JOIN b ON 1) ON 1",
    "SELECT * FROM ((SELECT 1 AS x) AS s JOIN b ON s.x = b.x) LEFT JOIN a ON 1",
    "SELECT * FROM ((SELECT 1 AS x) AS s LEFT JOIN b USING (x))",
    "SELECT * FROM a RIGHT JOIN ((VALUES (1, 2)) AS v RIGHT JOIN b ON b.x = v.column1) ON 1",
    "SELECT * FROM a LEFT JOIN ((b JOIN c ON 1) JOIN a AS a2 ON 1) ON 1 LIMIT 4",
]

# an alias after parenthesised joins (refused on 08c7ded): a nested FROM item wherever it
# stands; the alias names its columns by their distinct names, only where the parts'
# names found none; `q.*` is no table; `*` looks each column up again, bare when the FROM
# has one item (ambiguous with two x and no USING), `q.name` when it has more
ALIASED = [
    "SELECT * FROM (a JOIN b USING (x)) AS q",
    "SELECT q.x FROM (a JOIN b USING (x)) AS q JOIN c ON q.z = c.x",
    "SELECT q.* FROM (a JOIN b USING (x)) AS q",
    "SELECT a.* FROM (a JOIN b USING (x)) AS q",
    "SELECT b.* FROM (a JOIN b ON a.x = b.x) AS q",
    "SELECT a.x, b.x, q.x, x FROM (a JOIN b USING (x)) AS q",
    "SELECT * FROM (a JOIN b ON a.x = b.x) AS q",
    "SELECT * FROM (a, b) AS q",
    "SELECT q.y, q.z, q.rowid FROM (a JOIN b ON a.x = b.x) AS q",
    "SELECT q._rowid_, q.\"_rowid_:1\", q.\"x:1\" FROM (a JOIN b USING (x)) AS q",
    "SELECT * FROM (a JOIN b USING (x)) q",
    "SELECT * FROM d, (a LEFT JOIN b USING (x)) AS q",
    "SELECT a.* FROM d, (a JOIN b USING (x)) AS q",
    "SELECT q.* FROM d, (a JOIN b USING (x)) AS q",
    "SELECT * FROM ((a JOIN b USING (x))) AS q",
    "SELECT * FROM (a JOIN b USING (x)) AS q JOIN c USING (x)",
    "SELECT * FROM (a JOIN b ON a.x = b.x) AS q, (a JOIN b USING (x)) AS r",
    "SELECT * FROM d, (a LEFT JOIN b USING (x)) AS a",
    "SELECT a.y, q.z FROM (a JOIN b USING (x)) AS a",
    "SELECT p.y FROM (a AS p JOIN b USING (x)) AS q",
    "SELECT * FROM (a LEFT JOIN b USING (x)) AS q RIGHT JOIN c USING (x)",
    "SELECT count(*) FROM (a JOIN b USING (x)) AS q GROUP BY q.y",
    "SELECT * FROM c WHERE EXISTS (SELECT 1 FROM (a JOIN b USING (x)) AS q WHERE q.z = c.w)",
    "SELECT * FROM c LEFT JOIN (a JOIN b USING (x)) AS q ON q.x = c.x ORDER BY q.y",
    "SELECT * FROM ((a JOIN b USING (x)) AS p)",
    "SELECT p.z, p.y FROM ((a JOIN b USING (x)) AS p)",
    "SELECT r.z, p.z FROM ((a JOIN b USING (x)) AS p) AS r",
    "SELECT * FROM (a JOIN b USING (x)) AS q NATURAL JOIN c",
    "SELECT q.x, q.w FROM (a JOIN b USING (x)) AS q JOIN c AS q ON 1",
    "SELECT * FROM (a JOIN b USING (x)) AS q INDEXED BY i",
    # a part's name met in another FROM item too is ambiguous (main chose one)
    "SELECT a.y FROM (a JOIN b USING (x)) AS q JOIN a ON 1",
    "SELECT a.y FROM d JOIN (a JOIN b USING (x)) JOIN a ON 1",
    "SELECT a.y FROM d JOIN a JOIN (a JOIN b USING (x)) ON 1",
    # and so is a schema-qualified name `*` writes for a plain item (main.b.x)
    "SELECT * FROM d LEFT JOIN (a JOIN b) ON 1 FULL JOIN b ON 1",
    "SELECT * FROM d LEFT JOIN (a JOIN b) AS q ON 1 JOIN ((b)) ON 1",
    "SELECT b.* FROM d LEFT JOIN (a JOIN b) AS q ON 1 JOIN ((b)) ON 1",
    "SELECT main.b.x FROM d LEFT JOIN (a JOIN b) AS q ON 1 JOIN b ON 1",
    "SELECT * FROM b, (a JOIN b)",
    "SELECT * FROM b JOIN (a JOIN b USING (x)) USING (x)",
    "SELECT * FROM b AS q, (a JOIN b) AS q",
]

# a RIGHT or FULL JOIN's USING name is the nested item's own entry: two parts holding it
# (not joined by a USING inside) are SQLite's 'ambiguous column name' -- an INNER or
# LEFT JOIN keeps the left table's (fuzz 145020031); and a RIGHT JOIN's USING name is
# the right table's, whatever two parts of a nested item to its left hold
USING_SIDES = [
    "SELECT * FROM a RIGHT JOIN (b JOIN a AS a2 ON 1) USING (x)",
    "SELECT x FROM a RIGHT JOIN (b JOIN a AS a2 ON 1) USING (x)",
    "SELECT 1 FROM a RIGHT JOIN (b JOIN a AS a2 ON 1) USING (x) WHERE X",
    "SELECT 1 FROM a RIGHT JOIN (b JOIN c ON 1) USING (x) ORDER BY x",
    "SELECT * FROM a FULL JOIN (b JOIN c ON 1) USING (x)",
    "SELECT * FROM a NATURAL RIGHT JOIN (b JOIN c ON 1)",
    "SELECT * FROM a RIGHT JOIN (b LEFT JOIN c ON 1) USING (x)",
    "SELECT * FROM d JOIN a ON 1 RIGHT JOIN (b JOIN c ON 1) USING (x)",
    "SELECT x, a.x, b.x, c.x FROM a RIGHT JOIN (b JOIN c USING (x)) USING (x)",
    "SELECT x FROM a RIGHT JOIN (b RIGHT JOIN c USING (x)) USING (x)",
    "SELECT x FROM a RIGHT JOIN (b JOIN d ON 1) USING (x)",
    "SELECT x FROM a FULL JOIN (d JOIN b ON 1) USING (x)",
    "SELECT * FROM a JOIN (b JOIN c ON 1) USING (x)",
    "SELECT x FROM a LEFT JOIN (b JOIN c ON 1) USING (x)",
    "SELECT x FROM d, (b JOIN c ON 1) RIGHT JOIN a USING (x)",
    "SELECT * FROM d, (b JOIN c ON 1) RIGHT JOIN a USING (x)",
    "SELECT x FROM d, (b JOIN c ON 1) FULL JOIN a USING (x)",
    "SELECT x FROM (b JOIN c ON 1) RIGHT JOIN a USING (x)",
    "SELECT x FROM d, (b JOIN c ON 1) JOIN a USING (x)",
    # UPDATE ... FROM of a RIGHT JOIN: the target's column and the FROM's stay two
    # (fuzz 154000006)
    "UPDATE a SET y = x FROM b NATURAL RIGHT JOIN c WHERE 0",
    "UPDATE a SET y = x FROM d, b RIGHT JOIN c USING (x) WHERE 0",
    # an UPDATE ... FROM meets the USING name's ambiguity before its SET values and WHERE
    # (a SELECT its result columns first): make test's fixed-seed case 46
    "UPDATE d SET v = z FROM a RIGHT JOIN (b JOIN b AS b2 ON 1) USING (x)",
    "UPDATE d SET v = 1 FROM a NATURAL FULL JOIN (c JOIN c AS c2 ON 1) WHERE w",
    "UPDATE d SET v = z FROM a RIGHT JOIN (b JOIN b AS b2 ON 1) ON 1",
    "SELECT z FROM a RIGHT JOIN (b JOIN b AS b2 ON 1) USING (x)",
]

# parenthesised joins inside parenthesised joins that are one FROM item: the inner
# item's entries pass through with their parts' names (its parts' rowids do not)
DEEPER = [
    "SELECT * FROM d JOIN (a JOIN (b JOIN c USING (x)) USING (x)) AS q ON 1",
    "SELECT * FROM d, (a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x) AS q",
    "SELECT * FROM (a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x) AS q",
    "SELECT c.w, b.z, a.y, x FROM d, (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q",
    "SELECT a.rowid FROM d, (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q",
    "SELECT b.rowid FROM d, (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q",
    "SELECT rowid FROM d, (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q",
    "SELECT q._rowid_, q.\"_rowid_:1\" FROM (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q, d",
    "SELECT q.x, q.\"x:1\", q.\"x:2\" FROM d, (a LEFT JOIN (b JOIN c ON b.x = c.x) ON 1) AS q",
    "SELECT b.*, c.*, q.z FROM d, (a LEFT JOIN (b JOIN c ON b.x = c.x) ON 1) AS q",
    "SELECT b.* FROM (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q, d",
    "SELECT main.b.z FROM (a LEFT JOIN (b JOIN c USING (x)) USING (x)) AS q, d",
    "SELECT * FROM d LEFT JOIN (a JOIN (b LEFT JOIN c USING (x)) USING (x)) ON d.v = a.y",
    "SELECT * FROM d LEFT JOIN (a JOIN (b JOIN c USING (x)) ON a.x = b.x) ON 1",
    "SELECT x FROM d LEFT JOIN (a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x) ON 1",
    "SELECT * FROM d JOIN (a JOIN (b JOIN (c JOIN a AS e USING (x)) USING (x)) USING (x)) "
    "AS q ON 1",
    "SELECT * FROM d JOIN (a JOIN (b JOIN c USING (x)) AS r USING (x)) AS q ON 1",
    "SELECT r.* FROM d JOIN (a JOIN (b JOIN c USING (x)) AS r USING (x)) AS q ON 1",
    "SELECT * FROM d JOIN (a JOIN (b RIGHT JOIN c USING (x)) USING (x)) AS q ON 1",
    "SELECT * FROM d JOIN (a FULL JOIN (b JOIN c USING (x)) USING (x)) AS q ON 1",
    "SELECT x FROM d JOIN (a FULL JOIN (b JOIN c USING (x)) USING (x)) AS q ON 1",
    "SELECT * FROM (a, (b JOIN c USING (x)) AS r) AS q WHERE a.x = r.x",
    "UPDATE d SET v = w FROM (a JOIN (b JOIN c USING (x)) USING (x)) AS q WHERE a.y = 2",
    "SELECT * FROM d",
]

WRITES = [
    "CREATE VIEW v AS SELECT b.x, c.w FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
    "SELECT * FROM v",
    "UPDATE a SET y = (SELECT count(*) FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x)",
    "DELETE FROM a WHERE x IN (SELECT b.x FROM d LEFT JOIN (b JOIN c ON b.x = c.x) ON 1)",
    "SELECT * FROM a",
]


def test_rename_fails_on_names_read_through_a_nested_join_as_sqlite_s_does():
    """SQLite's rename mode leaves a nested FROM's entries unnamed (selectExpand sets no
    zEName under IN_RENAME_OBJECT), so a view naming a column through one, qualified or
    not, fails every RENAME and DROP COLUMN; one reading it by ``*`` does not (fuzz
    145020025)."""
    assert_same(SETUP + [
        "CREATE VIEW v1 AS SELECT b.x, c.w FROM a LEFT JOIN (b JOIN c USING (x)) ON a.x = b.x",
        "CREATE VIEW v2 AS SELECT z FROM a LEFT JOIN (b JOIN c USING (x)) ON 1",
        "CREATE VIEW v3 AS SELECT * FROM a LEFT JOIN (b JOIN c USING (x)) ON 1"], [
        "ALTER TABLE a RENAME TO aa", "ALTER TABLE b RENAME COLUMN z TO zz",
        "ALTER TABLE c DROP COLUMN w", "DROP VIEW v1", "ALTER TABLE a RENAME TO aa",
        "DROP VIEW v2", "ALTER TABLE a RENAME TO aa", "SELECT * FROM v3"], columns=True)


@pytest.mark.parametrize("queries", [ROWS, NAMES, ERRORS, INNER, ALIASED, USING_SIDES,
                                     DEEPER, WRITES],
                         ids=["rows", "names", "errors", "inner", "aliased", "using_sides",
                              "deeper", "writes"])
def test_parenthesised_outer_joins_match_sqlite(queries):
    assert_same(SETUP, queries, columns=True)


def test_a_nested_items_on_subqueries_are_looked_up_before_the_items_after_it():
    """SQLite expands parenthesised joins after the first FROM item whole where it meets
    them, the subqueries of their ON clauses too, before the FROM items after them; an
    ON clause of the outer query comes after every FROM item (fuzz 154000010). Views of
    main reading a TEMP table fail 'no such table: main.xy' as written in each."""
    assert_same(["CREATE TABLE t(a)", "CREATE TEMP TABLE xy(a)",
                 "CREATE VIEW v1 AS SELECT a FROM xy", "CREATE VIEW v2 AS SELECT a FROM XY"], [
        "SELECT 1 FROM t JOIN (t AS t2 LEFT JOIN t AS t3 ON (SELECT 1 FROM v1)) ON 1, "
        "(v2 RIGHT JOIN t AS t4 ON 1)",
        "SELECT 1 FROM t JOIN (t AS t2 LEFT JOIN t AS t3 ON (SELECT 1 FROM v1)) ON 1 JOIN v2 ON 1",
        "SELECT 1 FROM t JOIN (t AS t2 LEFT JOIN t AS t3 ON 1) ON (SELECT 1 FROM v1) "
        "JOIN (v2 RIGHT JOIN t AS t4 ON 1) ON 1",
        "SELECT 1 FROM t LEFT JOIN t AS t3 ON (SELECT 1 FROM v1) JOIN v2 ON 1",
        "SELECT 1 FROM t JOIN (t AS t2 LEFT JOIN v2 ON 1) ON (SELECT 1 FROM v1)",
        "SELECT 1 FROM t JOIN ((t AS t2 LEFT JOIN t AS t3 ON (SELECT 1 FROM v1))) ON 1 "
        "JOIN (t AS t5 JOIN v2 ON 1) ON 1",
        "SELECT 1 FROM (t AS t2 LEFT JOIN t AS t3 ON (SELECT 1 FROM v1)), v2"])
