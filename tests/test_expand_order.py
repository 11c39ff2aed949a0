"""The errors SQLite raises while it expands a statement come before every name error.

SQLite expands a whole statement (select.c sqlite3SelectExpand: FROM items, a FROM
subquery whole where it is met, the joins' USING and NATURAL columns, the stars, then
the subqueries of the clauses) before it resolves a single name. So `cannot join using
column`, `ambiguous reference to x in USING()`, `no such table: t` for `t.*` and `no
tables specified` win over `no such column` anywhere in the statement -- also when the
column names a USING checks are those of a FROM subquery, common table or view
(rowandb/sql/bind/from_columns.py). The fuzzer's `alter` feature met this after an ALTER the
generator expected to succeed (seeds 73100068, 73100078, 73400044, 73500041, 73500377,
73500742). Each query is run on RowanDB and on SQLite (apsw); errors must match.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = ["CREATE TABLE a(x, y)", "CREATE TABLE b(x, y)", "CREATE TABLE c(x, z)",
         "CREATE TABLE d(w)", "CREATE TABLE t1(c0, c1)",
         "INSERT INTO a VALUES (1, 2)", "INSERT INTO b VALUES (1, 3)",
         "INSERT INTO c VALUES (1, 4)", "INSERT INTO t1 VALUES (1, 2)",
         "CREATE VIEW v2 AS SELECT y AS q FROM a", "CREATE VIEW v3(x) AS SELECT nosuch FROM a"]

CASES = {
    "a USING column a FROM subquery lacks, before its name errors": [
        # the fuzz cases: NATURAL after a FULL JOIN's ON, the subquery's WHERE unknown
        "SELECT * FROM t1 AS a FULL JOIN t1 AS b ON NULL NATURAL FULL JOIN "
        "(SELECT NULL AS c0 FROM t1 AS c WHERE c.nosuch) AS d",
        "SELECT * FROM t1 AS a JOIN (SELECT nosuch FROM t1) AS d USING (c5)",
        "SELECT * FROM t1 AS a JOIN (SELECT c0 AS c5 FROM t1 WHERE nosuch) AS d USING (c1)",
        "SELECT (SELECT 1 FROM t1 AS a JOIN t1 AS b USING (c5)) FROM t1 AS a "
        "JOIN (SELECT x FROM t1) USING (c7)",
        "SELECT * FROM a JOIN (SELECT nosuchcol AS q FROM a) USING (x)",
        "SELECT * FROM (SELECT nosuchcol FROM a), a JOIN (SELECT 1 AS x) USING (x, y)",
        "SELECT * FROM a JOIN (SELECT x FROM b WHERE nosuch) USING (x, y)",
        "SELECT * FROM a, b FULL JOIN (SELECT y FROM b WHERE nosuch) USING (x)",
        "SELECT a.nosuch FROM a JOIN (SELECT q FROM c WHERE nosuch) USING (q)",
        "SELECT * FROM a JOIN (SELECT 1 FROM b WHERE nosuch) USING (x)",
        "SELECT * FROM a JOIN (SELECT 1, true WHERE nosuch) USING (column1)",
        "SELECT * FROM a JOIN (SELECT NULL WHERE nosuch) USING (x)",
    ],
    "a subquery's columns from its stars": [
        "SELECT * FROM a JOIN (SELECT * FROM b JOIN c USING (x)) USING (w)",
        "SELECT * FROM a JOIN (SELECT b.* FROM b JOIN c USING (x), d WHERE nosuch) USING (z)",
        "SELECT * FROM a JOIN (SELECT b.*, c.* FROM b, c WHERE nosuch) USING (z)",
        "SELECT * FROM a JOIN (SELECT * FROM b NATURAL JOIN c WHERE nosuch) USING (w)",
        "SELECT * FROM a JOIN (SELECT a.* FROM a JOIN b USING (x) WHERE nosuch) USING (y)",
        "SELECT * FROM a JOIN (SELECT x, x FROM b WHERE nosuch) USING (\"x:1\")",
        "SELECT * FROM (SELECT x, x FROM b) AS q JOIN (SELECT x, x FROM b WHERE nosuch) "
        "USING (\"x:1\")",
        "SELECT * FROM (SELECT * FROM a JOIN b USING (x)) AS q "
        "JOIN (SELECT x, y FROM b WHERE nosuch) USING (\"y:1\")",
        "SELECT * FROM a JOIN (SELECT y FROM b WHERE nosuch UNION SELECT x FROM c) USING (x)",
        "SELECT * FROM a JOIN (SELECT x FROM b UNION SELECT x FROM c WHERE nosuch) USING (y)",
    ],
    "ambiguous USING columns beside a RIGHT or FULL JOIN": [
        "SELECT * FROM a FULL JOIN b USING (x) NATURAL FULL JOIN (SELECT y FROM b WHERE nosuch)",
        "SELECT * FROM a FULL JOIN b USING (x) FULL JOIN (SELECT y FROM b WHERE nosuch) USING (y)",
        "SELECT * FROM a FULL JOIN b USING (x) NATURAL FULL JOIN (SELECT x FROM b WHERE nosuch)",
        "SELECT * FROM a NATURAL FULL JOIN b NATURAL FULL JOIN (SELECT x FROM b WHERE nosuch)",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN (SELECT x FROM c WHERE nosuch) USING (x)",
        "SELECT * FROM a LEFT JOIN b ON 1 RIGHT JOIN (SELECT x FROM c WHERE nosuch) USING (x)",
        "SELECT * FROM a JOIN b USING (x) RIGHT JOIN (SELECT x FROM c WHERE nosuch) USING (x)",
        "SELECT * FROM a, b RIGHT JOIN (SELECT y AS x FROM c WHERE nosuch) AS q USING (x)",
        "SELECT * FROM a NATURAL JOIN b NATURAL RIGHT JOIN (SELECT y AS x FROM c WHERE nosuch) AS q",
        # the ambiguity is only noted: a later join's missing column, or a star, wins
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) JOIN d USING (nosuch)",
        "SELECT nosuch.* FROM a FULL JOIN b ON 1 JOIN c USING (x)",
        "SELECT (SELECT 1 FROM nosuchtab) FROM a FULL JOIN b ON 1 JOIN c USING (x)",
    ],
    "after a noted error, the next SELECT's FROM items, then the walk stops": [
        # fuzz 81100150, 81100143 (the latter was KNOWN_BUGS' sqlite_using_error_cte)
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) WHERE (SELECT 1 FROM nosuch1)",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM a WHERE (SELECT 1 FROM nosuch1))",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM a, nosuch2, (SELECT 1 FROM nosuch3))",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM a, (SELECT 1 FROM nosuch3), nosuch2)",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) WHERE (SELECT 1 FROM v2, nosuch2)",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) WHERE x IN nosuch4",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) WHERE x IN a AND (SELECT 1 FROM n1)",
        "SELECT (SELECT 1 FROM a FULL JOIN b ON 1 JOIN c USING (x)), (SELECT 1 FROM nosuch1)",
        "SELECT (SELECT 1 FROM a FULL JOIN b ON 1 JOIN c USING (x)), (SELECT 1 FROM a), "
        "(SELECT 1 FROM nosuch1)",
        "SELECT * FROM (SELECT 1 FROM a FULL JOIN b ON 1 JOIN c USING (x)), a, nosuch5",
        "SELECT * FROM (SELECT 1 FROM a FULL JOIN b ON 1 JOIN c USING (x)) "
        "WHERE (SELECT 1 FROM nosuch7)",
        "WITH w AS (SELECT 1 AS x) SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM a, w)",
        "WITH w AS (SELECT 1 AS x) SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM a WHERE (SELECT 1 FROM w))",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM a UNION SELECT 1 FROM nosuch8)",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM nosuch8 UNION SELECT 1 FROM a)",
        "SELECT nosuch.*, (SELECT 1 FROM nosuch9) FROM a", "SELECT *, (SELECT 1 FROM nosuch9)",
        "SELECT * FROM a FULL JOIN b ON 1 JOIN c USING (x) WHERE (SELECT nosuchcol FROM a)",
        "UPDATE a SET y = 1 FROM a AS p FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE (SELECT 1 FROM nosuch1)",
    ],
    "common tables and views": [
        "WITH w AS (SELECT x FROM a WHERE nosuch) SELECT * FROM a JOIN w USING (y)",
        "WITH w(y) AS (SELECT x FROM a WHERE nosuch) SELECT * FROM a JOIN w USING (x)",
        "WITH w(y) AS (SELECT x FROM a WHERE nosuch) SELECT * FROM a JOIN w USING (y)",
        "WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE nosuch) "
        "SELECT * FROM a JOIN r USING (x)",
        "SELECT * FROM a JOIN v2 USING (x)",
        "SELECT * FROM a JOIN (SELECT * FROM v2 WHERE nosuch) USING (x)",
        "SELECT * FROM a JOIN (SELECT * FROM v2 WHERE nosuch) USING (q)",
        "SELECT * FROM a JOIN v3 USING (y)",
    ],
    "subqueries of other statements, and of every clause": [
        "SELECT * FROM a WHERE x IN (SELECT * FROM b JOIN (SELECT q FROM c WHERE nosuch) USING (q))",
        "UPDATE a SET x = nosuch FROM b JOIN (SELECT 1 FROM c WHERE nosuch) USING (x)",
        "UPDATE a SET x = nosuch FROM b JOIN (SELECT x FROM c WHERE nosuch) USING (y)",
        "DELETE FROM a WHERE x IN (SELECT * FROM b JOIN (SELECT q FROM c WHERE nosuch) USING (q))",
        "INSERT INTO a SELECT * FROM b JOIN (SELECT q FROM c WHERE nosuch) USING (q)",
        "SELECT (SELECT 1 FROM a JOIN (SELECT x FROM b WHERE nosuch) USING (y)) FROM a WHERE n2",
        "SELECT * FROM a WHERE nosuch ORDER BY (SELECT 1 FROM a JOIN (SELECT x FROM b) USING (y))",
        "SELECT * FROM a JOIN b ON (SELECT 1 FROM a JOIN (SELECT x FROM b) USING (y)) WHERE n",
        "INSERT INTO a VALUES (1, 2) RETURNING nosuch, "
        "(SELECT 1 FROM a JOIN (SELECT x FROM b) USING (y))",
        "WITH c AS (SELECT 1 AS k) UPDATE b SET y = 'z' WHERE x = (SELECT k FROM c) RETURNING *",
    ],
    "stars before names": [
        "SELECT (SELECT nosuchcol), nosuch.* FROM a", "SELECT nosuchcol, nosuch.* FROM a",
        "SELECT nosuchcol, *", "SELECT (SELECT nosuchcol), *", "SELECT (SELECT 1 FROM n1), *",
        "SELECT (SELECT 1 FROM nosuchtab), nosuch.* FROM a",
    ],
    "the walk of calls: an aggregate's ORDER BY, then its arguments, then OVER and FILTER": [
        "SELECT sum((SELECT 1 FROM n1) ORDER BY (SELECT 1 FROM n2)) "
        "FILTER (WHERE (SELECT 1 FROM n3)) FROM a",
        "SELECT group_concat((SELECT 1 FROM n1), (SELECT 1 FROM n4) ORDER BY (SELECT 1 FROM n2)) "
        "FROM a",
        "SELECT sum(x) FILTER (WHERE (SELECT 1 FROM n3)) OVER (PARTITION BY (SELECT 1 FROM n5) "
        "ORDER BY (SELECT 1 FROM n2)) FROM a",
        "SELECT sum((SELECT 1 FROM n1)) OVER (PARTITION BY (SELECT 1 FROM n5) "
        "ORDER BY (SELECT 1 FROM n2)) FROM a",
        "SELECT sum(x) OVER (ORDER BY (SELECT 1 FROM n2) ROWS BETWEEN (SELECT 1 FROM n6) "
        "PRECEDING AND (SELECT 1 FROM n7) FOLLOWING) FROM a",
        # fuzz 81000242's statement, less the failed ALTER that misled RowanDB
        "SELECT sum((CASE WHEN (NOT EXISTS (SELECT * FROM t1 AS a58 FULL JOIN t1 AS a59 "
        "USING (d0))) THEN 1 END) ORDER BY c0) FILTER (WHERE (EXISTS (SELECT * FROM v0))) "
        "FROM t1",
    ],
    "after a noted error, a VALUES subquery is the next SELECT: no FROM items, the walk "
    "stops (fuzz 128600033, without the sqlite_using_error_cte steer)": [
        "WITH w(x) AS (SELECT 1) SELECT 1 IN (VALUES (1)) FROM a RIGHT JOIN b ON "
        "(SELECT 1 FROM w) NATURAL RIGHT JOIN c",
        "WITH w(x) AS (SELECT 1) SELECT (1, 2) IN (VALUES (1, 2), (3, 4)) FROM a "
        "RIGHT JOIN b ON 1 NATURAL RIGHT JOIN c WHERE (SELECT 1 FROM w)",
        "WITH w(x) AS (SELECT 1) SELECT (VALUES (1)) FROM a FULL JOIN b ON 1 "
        "JOIN c USING (x) WHERE (SELECT 1 FROM w)",
        "WITH w(x) AS (SELECT 1) SELECT 1 FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE 1 IN (VALUES (1)) AND (SELECT 1 FROM w)",
        "SELECT 1 IN (VALUES (1), ((SELECT 1 FROM nosuch1))) FROM a FULL JOIN b ON 1 "
        "JOIN c USING (x)",
        "WITH w(x) AS (SELECT 1) SELECT (SELECT 1 FROM w) FROM a RIGHT JOIN b ON "
        "1 IN (VALUES (1), (2)) NATURAL RIGHT JOIN c",
        "SELECT 1 IN (VALUES ((SELECT 1 FROM nosuch1))) FROM a",
        # a row before an IN list is read as IN (VALUES ...): that SELECT too, after the
        # row (fuzz 81000526: a missing table in a RIGHT JOIN's ON, then NATURAL LEFT JOIN)
        "SELECT (1, 1) IN ((1, 1), (2, 2)) FROM a RIGHT JOIN b ON "
        "(NOT EXISTS (SELECT * FROM nosuch1)) NATURAL LEFT JOIN c",
        "SELECT 1 FROM a RIGHT JOIN b ON (SELECT 1 FROM nosuch1) NATURAL LEFT JOIN c "
        "WHERE (1, 1) NOT IN ((1, 1))",
        "SELECT 1 FROM a RIGHT JOIN b ON (SELECT 1 FROM nosuch1) NATURAL LEFT JOIN c "
        "WHERE ((1, 1)) IN ((1, 1), (2, 2))",
        "SELECT 1 FROM a FULL JOIN b ON 1 JOIN c USING (x) "
        "WHERE ((SELECT 1 FROM nosuch2), 1) IN ((1, 1), (2, 2)) AND (SELECT 1 FROM nosuch1)",
        # ... not a list after one value, nor an empty list
        "SELECT 1 FROM a RIGHT JOIN b ON (SELECT 1 FROM nosuch1) NATURAL LEFT JOIN c "
        "WHERE 1 IN (1, 2)",
        "SELECT 1 FROM a RIGHT JOIN b ON (SELECT 1 FROM nosuch1) NATURAL LEFT JOIN c "
        "WHERE (1, 1) IN ()",
        # the VALUES is a compound of one SELECT per element, walked last first
        "SELECT 1 FROM a WHERE (1, 2) IN ((1, (SELECT 1 FROM nosuch1)), "
        "(2, (SELECT 1 FROM nosuch2)))",
    ],
    "a table-valued function's FROM item: its name, and a parenthesised join it opens "
    "(fixed-seed case 336 with window_names, schema_steps, introspection)": [
        "SELECT 1 FROM a JOIN (json_each('[1]') AS e JOIN nosuch1 ON NULL) ON NULL "
        "WHERE NULL IN (SELECT NULL FROM nosuch2)",
        "SELECT (SELECT 1 FROM nosuch2) FROM a JOIN (json_each('[1]') AS e FULL JOIN nosuch1)",
        "SELECT 1 FROM (json_each('[1]') AS e JOIN nosuch1 ON (SELECT 1 FROM nosuch2))",
        "SELECT 1 FROM a JOIN (json_tree('[1]') AS e JOIN b JOIN nosuch1) WHERE nosuchcol",
        "SELECT 1 FROM a JOIN (json_each('[1]') AS e JOIN a AS b ON 1), nosuch1",
        "SELECT 1 FROM nosuchfn(1), nosuch1", "SELECT 1 FROM main.nosuchfn(1), nosuch1",
        "SELECT 1 FROM a, pragma_nosuch(1) AS p, nosuch1",
        "SELECT 1 FROM a JOIN (nosuchfn(1) AS e JOIN nosuch1) ON 1",
        "SELECT 1 FROM a(1), nosuch1", "SELECT 1 FROM v2(1) JOIN nosuch1",
        "SELECT 1 FROM temp.a(1), nosuch1", "SELECT 1 FROM json_each(1, 2, 3), nosuch1",
    ],
    "the widths SQLite's parser counts, before any table or name is looked up": [
        "SELECT 1 FROM nosuch1 WHERE (1, 1) IN ((1, 1), (2, 2, 3))",
        "SELECT nosuchcol FROM a WHERE (1, 1) IN (1, 2)",
        "SELECT 1 FROM a WHERE (1, 1) IN ((SELECT 1, 1), (2, 2)) AND nosuchcol",
        "SELECT 1 FROM a RIGHT JOIN b ON 1 NATURAL LEFT JOIN c WHERE (1, 1) IN ((1, 2, 3))",
        "SELECT 1 FROM nosuch1 WHERE 1 IN (VALUES (1), (2, 3))",
        "SELECT 1 FROM nosuch1 UNION VALUES (1), (2, 3)",
        "INSERT INTO nosuch1 VALUES (1), (2, 3)",
        # ... a VALUES list only while its rows are constant (one co-routine), without WITH
        "VALUES (nosuchcol), (1, 2)", "VALUES (1), (nosuchcol), (1, 2)",
        "SELECT 1 FROM nosuch1 WHERE 1 IN (VALUES (random()), (2, 3))",
        "WITH w AS (SELECT 1) SELECT 1 FROM nosuch1 WHERE 1 IN (VALUES (1), (2, 3))",
        # ... and what is not counted: a row before a subquery, a list after one value
        "SELECT 1 FROM nosuch1 WHERE (1, 1) IN ((SELECT 1, 1))",
        "SELECT 1 FROM nosuch1 WHERE (1, 1) IN (VALUES (1, 2))",
        "SELECT 1 FROM nosuch1 WHERE 1 IN ((1, 2), 3)",
        "SELECT (1, 1) IN (((1, 2)), (2, 2)) FROM a",
    ],
    "a compound's VALUES arm of one row of another width": [
        # SQLite's sqlite3SelectWrongNumTermsError: the VALUES message for an arm of one
        # row (SF_Values), the SELECTs' for one of several rows
        "SELECT 1 UNION VALUES (1, 2)", "SELECT 1, 2 UNION ALL VALUES (1)",
        "VALUES (1) UNION VALUES (1, 2)", "VALUES (1), (2) UNION VALUES (1, 2)",
        "SELECT * FROM (SELECT 1 UNION VALUES (1, 2))", "SELECT 1 EXCEPT VALUES (1, 2)",
        "SELECT 1 INTERSECT VALUES (1, 2)", "SELECT x FROM a UNION VALUES (1, 2)",
        "SELECT (SELECT 1 UNION VALUES (1, 2)) = (1, nosuchcol)",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL VALUES (1, 2)) SELECT * FROM c",
        "INSERT INTO a SELECT 1, 2 UNION VALUES (1)",
        "SELECT 1 UNION ALL VALUES (1, 2), (3, 4)", "SELECT 1 UNION VALUES (1, 2), (3, 4)",
        "VALUES (1) UNION ALL VALUES (1, 2), (3, 4)",
        "SELECT 1 UNION SELECT * FROM (VALUES (1, 2))",
        "SELECT 1 UNION VALUES (1, 2) UNION SELECT 3",
    ],
    "a common table called as a function where the expansion meets it": [
        # "'c' is not a function" before the FROM items after it; a call of a common table
        # in its own query is a circular reference but where SQLite takes it for the
        # recursive one (refused when the step is bound, after the statement's tables)
        "WITH c AS (SELECT 1) SELECT * FROM c(1), nosuch1",
        "WITH c AS (SELECT 1) SELECT * FROM c(1) JOIN nosuch1",
        "WITH c AS (SELECT 1) SELECT * FROM C(1) AS x, nosuch1",
        "WITH c AS (SELECT 1) SELECT * FROM nosuch1, c(1)",
        "WITH c AS (SELECT 1) SELECT * FROM a, c(1), nosuch1",
        "WITH c AS (SELECT 1) SELECT * FROM (c(1) JOIN a), nosuch1",
        "WITH c AS (SELECT 1) SELECT * FROM (SELECT * FROM c(1)), nosuch1",
        "WITH c AS (SELECT 1) SELECT (SELECT 1 FROM nosuch1) FROM c(1)",
        "WITH c AS (SELECT 1) SELECT * FROM a WHERE EXISTS (SELECT * FROM c(1)) "
        "AND EXISTS (SELECT 1 FROM nosuch1)",
        "WITH c AS (SELECT 1) SELECT * FROM c(1) UNION SELECT * FROM nosuch1",
        "WITH c AS (SELECT 1), d AS (SELECT * FROM c(1)) SELECT * FROM d, nosuch1",
        "WITH c AS (SELECT 1) SELECT * FROM c(1) INDEXED BY i, nosuch1",
        "WITH c AS (SELECT 1) UPDATE a SET x = 1 FROM c(1), nosuch1",
        "WITH c AS (SELECT 1) INSERT INTO a SELECT * FROM c(1), nosuch1",
        "WITH c AS (SELECT * FROM c(1)) SELECT * FROM c, nosuch1",
        "WITH c AS (SELECT * FROM c(1)) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 FROM c(1) UNION ALL SELECT 2) SELECT * FROM c, nosuch1",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c(1) WHERE x < 3) "
        "SELECT * FROM c, nosuch1",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c(1) WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3 "
        "UNION ALL SELECT 1 FROM c(2)) SELECT * FROM c, nosuch1",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c, c(1)) "
        "SELECT * FROM c, nosuch1",
    ],
}


@pytest.mark.parametrize("name", CASES)
def test_expansion_errors_come_first(name):
    assert_same(SETUP, CASES[name])


# A view whose columns SQLite knows (read once since the schema of its own database last
# changed: here a TEMP view, which a DROP TABLE of main leaves known) is walked where it is
# met and a failure under it only noted: the FROM items after it in its list are still
# looked up, the last error met is the message, and a common table's name no longer
# resolves (fixed-seed case 158 with schema_steps: 'no such table: (p)').
KNOWN_VIEW_SETUP = [
    "CREATE TABLE q1(a)", "CREATE TABLE tb(a)", "CREATE TABLE tc(a)",
    "CREATE TEMP VIEW plan(a) AS SELECT NULL FROM (SELECT a FROM tb ORDER BY 1 LIMIT 2)",
    "CREATE TEMP VIEW plan2 AS SELECT * FROM q1, plan, tc",
    "CREATE TEMP VIEW fresh AS SELECT * FROM tb",
    "SELECT * FROM plan2", "DROP TABLE tb", "DROP TABLE tc"]

KNOWN_VIEW_CASES = [
    "WITH p(a) AS (SELECT 0) SELECT 1 FROM q1, (plan AS x RIGHT JOIN "
    "(SELECT NULL FROM p) AS y ON NULL)",
    "WITH p(a) AS (SELECT 0) SELECT 1 FROM plan, p", "SELECT 1 FROM plan, nosuch1",
    "SELECT 1 FROM q1, plan, plan AS p2, nosuch1", "SELECT 1 FROM plan, plan2",
    "SELECT 1 FROM plan, plan2, nosuch1", "SELECT 1 FROM (plan JOIN q1), nosuch1",
    "SELECT 1 FROM plan, (q1 JOIN nosuch1)", "SELECT 1 FROM plan, (SELECT 1 FROM q1, nosuch1)",
    "SELECT 1 FROM plan, q1 AS x INDEXED BY nosuch1", "SELECT 1 FROM plan, nosuchfn(1), q1",
    "SELECT 1 FROM plan, json_each(1) AS j, nosuch1",
    "DELETE FROM q1 WHERE (SELECT 1 FROM plan, nosuch1)",
    "UPDATE q1 SET a = (SELECT 1 FROM plan JOIN q1 USING (nosuchcol), nosuch1)",
    # ... and where the walk stops: after a FROM subquery, a clause, a view not known
    "SELECT 1 FROM plan, (SELECT 1 FROM q1), nosuch1", "SELECT 1 FROM plan, (VALUES (1)), nosuch1",
    "SELECT 1 FROM plan, q1 WHERE (SELECT 1 FROM nosuch1)", "SELECT 1 FROM plan",
    "SELECT 1 FROM (SELECT 1 FROM plan), nosuch1", "SELECT 1 FROM (plan JOIN q1) AS z, nosuch1",
    "SELECT 1 FROM fresh, nosuch1", "SELECT 1 FROM plan, fresh, nosuch1",
    "SELECT 1 FROM q1 JOIN (SELECT 1 FROM q1 WHERE (SELECT 1 FROM plan)), nosuch1",
]


def test_a_known_view_notes_its_error_and_the_walk_goes_on():
    assert_same(KNOWN_VIEW_SETUP, KNOWN_VIEW_CASES)


def test_a_write_to_a_known_view_without_instead_of_trigger_reads_no_query():
    """SQLite reads no query of a view whose columns it knows before its 'cannot modify'
    (fixed-seed case 197 with schema_steps); of one it does not know, first the query."""
    assert_same(KNOWN_VIEW_SETUP, [
        "UPDATE plan SET a = 1", "UPDATE plan2 SET a = 1 WHERE (SELECT 1 FROM nosuch1)",
        "DELETE FROM plan2", "INSERT INTO plan VALUES (1)", "INSERT INTO plan SELECT 1",
        "UPDATE fresh SET a = 1", "DELETE FROM fresh", "INSERT INTO fresh VALUES (1)"])


def test_a_view_met_inside_its_own_query_fails_before_later_from_items():
    """SQLite's sqlite3ViewGetColumnNames fails a view met again while its columns are
    being worked out at once, before the FROM items after it are looked up (found by
    test_table_list.py's sequences: RowanDB named the missing t8 first)."""
    assert_same([], [
        "CREATE VIEW v6 AS SELECT * FROM v6, t8", "SELECT * FROM v6", "SELECT * FROM t8, v6",
        "CREATE TABLE t0(a)", "ALTER TABLE t0 RENAME TO t1",
        "CREATE VIEW w AS SELECT * FROM (SELECT * FROM w), t8", "SELECT * FROM w",
        "CREATE VIEW x AS SELECT (SELECT 1 FROM x), * FROM t8", "SELECT * FROM x",
        "CREATE VIEW y AS SELECT * FROM t1 JOIN y USING (a), t8", "SELECT * FROM y",
        "CREATE VIEW z1 AS SELECT * FROM z2, t8", "CREATE VIEW z2 AS SELECT * FROM z1",
        "SELECT * FROM z1", "SELECT * FROM z2",
        "CREATE TEMP VIEW y AS WITH y AS (SELECT 1) SELECT * FROM y, t8", "SELECT * FROM temp.y"])
# An UPDATE or DELETE of a view whose columns SQLite knows, with an INSTEAD OF trigger to
# fire, resolves SET's values and columns before it reads the view's query, and its WHERE
# after it: the query's failure is only noted by the expansion of the SELECT that
# materializes the view's rows, and the WHERE's walk goes on into names and calls (whose
# errors replace it) and looks up a subquery's tables without resolving it
WRITE_THROUGH_SETUP = [
    "CREATE TABLE t(a, b)", "CREATE TEMP VIEW v AS SELECT a, b FROM t",
    "CREATE TEMP VIEW vd AS SELECT a, b FROM t",
    "CREATE TEMP TRIGGER tr INSTEAD OF UPDATE OF b ON v BEGIN SELECT 1; END",
    "CREATE TEMP TRIGGER trd INSTEAD OF DELETE ON vd BEGIN SELECT 1; END",
    "SELECT * FROM v", "SELECT * FROM vd", "DROP TABLE t"]
WRITE_THROUGH_CASES = [
    "UPDATE v SET b = 1 WHERE nosuch", "UPDATE v SET b = nosuch", "UPDATE v SET b = 1",
    "UPDATE v SET b = 1 WHERE a = nosuch", "UPDATE v SET b = 1 WHERE nosuch = a",
    "UPDATE v SET b = 1 WHERE a AND nosuch", "UPDATE v SET b = a WHERE nosuch",
    "UPDATE v SET b = a + nosuch", "UPDATE v SET b = 1 WHERE abs(nosuch)",
    "UPDATE v SET b = 1 WHERE nofunc(1)", "UPDATE v SET b = 1 WHERE count(*)",
    "UPDATE v SET b = 1 WHERE max(nosuch, 1)", "UPDATE v SET b = 1 WHERE v.nosuch",
    "UPDATE v SET b = 1 WHERE t.a", "UPDATE v SET b = 1 WHERE v.a = nosuch",
    "UPDATE v SET b = 1 WHERE a IN (SELECT nosuch)", "UPDATE v SET b = 1 WHERE (SELECT nosuch)",
    "UPDATE v SET b = 1 WHERE (SELECT 1 FROM nosuch1)",
    "UPDATE v SET b = 1 WHERE EXISTS (SELECT 1 FROM nosuch1)",
    "UPDATE v SET b = 1 WHERE nosuch IN (SELECT 1 FROM nosuch1)",
    "UPDATE v SET b = 1 WHERE 1 IN nosuch1",
    "UPDATE v SET b = 1 WHERE abs((SELECT 1 FROM nosuch1))",
    "UPDATE v SET b = 1 WHERE abs(nosuch, (SELECT 1 FROM nosuch1))",
    "UPDATE v SET b = 1 WHERE NOT nosuch", "UPDATE v SET b = 1 WHERE nosuch IS NULL",
    "UPDATE v SET b = 1 WHERE a IS nosuch", "UPDATE v SET b = 1 WHERE nosuch LIKE 'a'",
    "UPDATE v AS x SET b = 1 WHERE v.a", "UPDATE v AS x SET b = 1 WHERE x.nosuch",
    "UPDATE v AS x SET b = x.nosuch", "UPDATE v AS x SET b = v.a",
    "UPDATE v SET b = 1, nosuch = 2", "UPDATE v SET nosuch = 1, b = 2",
    "UPDATE v SET b = 1, rowid = 2", "UPDATE v SET (a, b) = (1, nosuch)",
    "UPDATE v SET b = (SELECT nosuch)", "UPDATE OR REPLACE v SET b = 1 WHERE nosuch",
    "WITH c AS (SELECT 1) UPDATE v SET b = 1 WHERE nosuch",
    "UPDATE v SET b = 1 FROM vd WHERE nosuch", "UPDATE v SET a = 1 WHERE nosuch",
    "DELETE FROM vd WHERE nosuch", "DELETE FROM vd WHERE a = nosuch",
    "DELETE FROM vd WHERE abs(nosuch)", "DELETE FROM vd WHERE (SELECT 1 FROM nosuch1)",
    "DELETE FROM vd", "DELETE FROM vd AS x WHERE x.nosuch", "DELETE FROM vd WHERE vd.a",
    "DELETE FROM v WHERE nosuch", "UPDATE vd SET a = 1 WHERE nosuch",
]


def test_a_write_through_a_known_view_resolves_set_before_and_where_after_its_query():
    assert_same(WRITE_THROUGH_SETUP, WRITE_THROUGH_CASES)


# RETURNING is a trigger of its own to SQLite, put before the view's (trigger.c
# sqlite3TriggerList): a view is refused as read-only only when that one is alone, so a
# write with RETURNING to a view with any trigger computes its rows, fires none of
# another event and returns them -- or, over a dropped table, reads the view first
RETURNING_VIEW_SETUP = [
    "CREATE TABLE t(a, b)", "CREATE TABLE log(x)", "INSERT INTO t VALUES (1, 2)",
    "CREATE VIEW v AS SELECT a, b FROM t", "CREATE VIEW w AS SELECT a, b FROM t",
    "CREATE TRIGGER tr INSTEAD OF DELETE ON v BEGIN INSERT INTO log VALUES (old.a); END",
    "CREATE TABLE d(a, b)", "CREATE TEMP VIEW kv AS SELECT a, b FROM d",
    "CREATE TEMP TRIGGER ktr INSTEAD OF UPDATE OF b ON kv BEGIN SELECT 1; END",
    "SELECT * FROM kv", "DROP TABLE d"]
RETURNING_VIEW_CASES = [
    "UPDATE v SET a = 5 RETURNING a, b", "INSERT INTO v VALUES (3, 4) RETURNING a",
    "INSERT INTO v SELECT 3, 4 RETURNING *", "UPDATE v SET a = 1 RETURNING nosuch",
    "UPDATE v SET nosuch = 1 RETURNING a", "INSERT INTO v(nosuch) VALUES (1) RETURNING a",
    "INSERT INTO v VALUES (1) RETURNING a", "UPDATE v SET a = 1 WHERE nosuch RETURNING a",
    "UPDATE v SET a = 1", "INSERT INTO v VALUES (1, 2)", "UPDATE w SET a = 1 RETURNING a",
    "INSERT INTO w VALUES (1, 2) RETURNING a", "DELETE FROM w RETURNING a",
    "DELETE FROM v RETURNING a", "SELECT * FROM t", "SELECT * FROM log",
    "UPDATE kv SET a = 1 RETURNING nosuch", "UPDATE kv SET a = 1 RETURNING a",
    "UPDATE kv SET a = 1 WHERE nosuch RETURNING a", "DELETE FROM kv RETURNING nosuch",
    "UPDATE kv SET a = 1",
]


def test_returning_makes_a_view_with_any_trigger_writable():
    assert_same(RETURNING_VIEW_SETUP, RETURNING_VIEW_CASES)


def test_a_temp_table_s_drop_forgets_the_temp_views_columns():
    """DROP TABLE of a TEMP table resets what SQLite knows of the TEMP views' columns
    (sqlite3ViewResetAll of temp), so a write through such a view reads its query first
    (fixed-seed case 375, which branch errorder8's known-view order had made 'no such
    table: main.ıd' where SQLite says 'no such table: ıd')."""
    assert_same(["CREATE TEMP TABLE d(a, b)", "CREATE TEMP VIEW q AS SELECT a, b FROM d",
                 "CREATE VIEW v1 AS SELECT a FROM d", "CREATE TABLE m(a)",
                 "CREATE TEMP VIEW v2 AS SELECT a FROM m",
                 "CREATE TEMP TRIGGER tr INSTEAD OF UPDATE OF b ON q BEGIN SELECT 1; END",
                 "SELECT * FROM q", "SELECT * FROM v2", "DROP TABLE d"],
                ["UPDATE q SET b = 1 WHERE EXISTS (SELECT * FROM v1)",
                 "UPDATE q SET b = 1 WHERE EXISTS (SELECT * FROM nosuch1)",
                 "UPDATE q SET b = 1 WHERE nosuch", "UPDATE q SET a = 1",
                 "UPDATE q SET b = 1 WHERE EXISTS (SELECT * FROM v1, nosuch1)",
                 "DROP TABLE m", "UPDATE q SET b = 1 WHERE EXISTS (SELECT * FROM v2)"])
