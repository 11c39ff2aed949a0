"""Of two or three errors in one SELECT, RowanDB reports the one SQLite reports.

SQLite prepares a SELECT in a fixed order (select.c sqlite3SelectPrep): it expands the
statement (selectExpander, a compound's SELECTs last one first: each FROM item's table,
a view's whole query, a FROM subquery's own expansion, the INDEXED BY index, then the
joins' USING columns), then resolves names (resolve.c resolveSelectStep: LIMIT, the FROM
subqueries, the result columns, HAVING, WHERE, ORDER BY, GROUP BY, the arms' widths,
a compound's ORDER BY), and only its code generator finds the rest (an aggregate in
WHERE). The generator here puts an error in each of two places of one SELECT, for every
pair of places and every pair of errors they can hold (``pairs``), and three errors in
a seeded sample (``triples``); each statement's error must be SQLite's.
Writes -- UPDATE, DELETE, UPDATE ... FROM, INSERT ... SELECT with an upsert -- with two
errors in every pair of places come from ``error_order_writes.py``; ``CODED`` holds the
errors SQLite meets as it codes a statement, after every name.
``python tests/test_error_order.py`` prints the counts and each difference.
"""

from __future__ import annotations

import random
import sys

import apsw
import pytest

import rowandb
import error_order_writes           # the generator of writes with two errors
import error_order_coded            # the generator of SELECTs with two coded errors
# rows, or the error without its position; a connection's rows, none without a result set
from test_from_clause_errors import _rowandb, outcome

SCHEMA = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE TABLE u(a, x);"
          "CREATE INDEX ti ON t(b); CREATE INDEX ui ON u(x);"
          "CREATE VIEW vbad AS SELECT a, b, c FROM t ORDER BY 5;"
          "CREATE VIEW vcol AS SELECT a, b, nosuchv AS c FROM t;"
          "INSERT INTO t VALUES (1, 2, 3); INSERT INTO u VALUES (1, 4)")

# place -> (the text with no error, the texts with one); a place's text is put in a
# SELECT by ``statement`` (a FROM item named t whatever it is, so that t.a resolves)
PLACES = {
    "column": ("t.a", ["nosuchr", "nofunc(t.a)", "abs(1, 2)", "(SELECT nosuchs FROM u)",
                       "(SELECT 1 FROM nosuchq)", "sum(t.a) OVER nosuchw",
                       "count(DISTINCT t.a, t.b)"]),
    "from": ("t", ["nosucht", "t INDEXED BY nosuchi", "(SELECT a, b, c FROM t ORDER BY 7) AS t",
                   "(SELECT nosuchf AS a, b, c FROM t) AS t", "vbad AS t", "vcol AS t",
                   "(SELECT a, b, c FROM t GROUP BY 8) AS t", "vbad AS t INDEXED BY ti",
                   "(SELECT a, b, c FROM t INDEXED BY nosuchfi) AS t",
                   "(SELECT * FROM t JOIN u USING (nosuchfu)) AS t", "c AS t INDEXED BY ti",
                   "(WITH d AS (SELECT a FROM nosuchd) SELECT a, b, c FROM d) AS t"]),
    "join": ("", ["JOIN nosuchj", "JOIN u INDEXED BY nosuchk", "JOIN u USING (nosuchu)",
                  "JOIN u ON nosuchon", "JOIN (SELECT a FROM u ORDER BY 6) AS u USING (a)",
                  "JOIN u USING (b)", "JOIN vbad AS u ON 1", "JOIN (SELECT nosuchjs AS a) AS u",
                  "NATURAL JOIN vcol AS u", "JOIN c AS u INDEXED BY ui"]),
    "where": ("", ["WHERE nosuchw2", "WHERE count(*)", "WHERE nofunc2(1)", "WHERE abs()",
                   "WHERE t.a IN (SELECT 1 FROM nosuchwt)", "WHERE EXISTS (SELECT nosuchwe)",
                   "WHERE (SELECT count(t.a) FROM u)"]),
    "group": ("", ["GROUP BY nosuchg", "GROUP BY 9", "GROUP BY count(*)", "GROUP BY 0",
                   "GROUP BY 9, nosuchg2"]),
    "having": ("", ["HAVING nosuchh", "HAVING max(1, 2, nosuchh2)"]),
    "order": ("", ["ORDER BY nosucho", "ORDER BY 9", "ORDER BY 0", "ORDER BY 9, nosucho2",
                   "ORDER BY nosucho3, 0", "ORDER BY sum(nosucho4) OVER ()",
                   "ORDER BY count(*)"]),
    "compound": ("", ["UNION SELECT 1, 2", "UNION SELECT a FROM nosuchc",
                      "UNION SELECT nosuchcc FROM t", "UNION SELECT a FROM t INDEXED BY nosuchci",
                      "EXCEPT SELECT a FROM vbad"]),
    "limit": ("", ["LIMIT nosuchl", "LIMIT (SELECT 1 FROM nosuchlt)", "LIMIT 1 OFFSET t.a"]),
    "window": ("", ["WINDOW w AS (ORDER BY nosuchwd)", "WINDOW w AS (PARTITION BY 1), w AS ()"]),
}
_ORDER = ("column", "from", "join", "where", "group", "having", "window", "compound", "order",
          "limit")


def statement(chosen: dict) -> str:
    """The SELECT with ``chosen`` (place -> its text) and every other place's text with
    no error, its clauses in the grammar's order."""
    text = {place: chosen.get(place, PLACES[place][0]) for place in PLACES}
    parts = [f"WITH c AS (SELECT a, b, c FROM t) SELECT {text['column']} FROM {text['from']}",
             text["join"]]
    parts += [text[place] for place in ("where", "group", "having", "window", "compound",
                                        "order", "limit")]
    return " ".join(part for part in parts if part)


def pairs() -> list[str]:
    """Every pair of places, with every pair of errors they can hold."""
    return error_order_writes.place_pairs(PLACES, _ORDER, statement)


def triples(seed: int, count: int) -> list[str]:
    """``count`` SELECTs with errors in three places, drawn with ``seed``."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        places = rng.sample(_ORDER, 3)
        found.append(statement({place: rng.choice(PLACES[place][1]) for place in places}))
    return found


def _engines(schema: str = SCHEMA):
    theirs = apsw.Connection(":memory:")
    theirs.execute(schema)
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(schema)
    return (lambda sql: [tuple(r) for r in theirs.execute(sql)]), _rowandb(mine)


def differences(engines, statements: list[str]) -> list[str]:
    """Each statement whose outcome on RowanDB is not SQLite's, with both."""
    theirs, mine = engines
    both = [(sql, outcome(theirs, sql), outcome(mine, sql)) for sql in statements]
    return [f"{sql}\n   SQLite  {expected}\n   RowanDB {got}"
            for sql, expected, got in both if expected != got]


@pytest.fixture(scope="module")
def engines():
    return _engines()


def test_every_pair_of_errors(engines):
    wrong = differences(engines, pairs())
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("seed", [109000000, 109000001])
def test_three_errors(engines, seed):
    wrong = differences(engines, triples(seed, 300))
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


# After an ALTER whose check of a view's text let an ORDER BY number past the last column
# through (SQLite's rename mode does), the view's columns are still unknown: the next
# statement resolves the view's whole query where it meets it, so its error comes before a
# USING column's (the fixed-seed case with alter: 'cannot join using column  LEAD').
AFTER_ALTER = [
    "CREATE TABLE k(a, b)", "CREATE TABLE m(c)", "CREATE VIEW v1 AS SELECT * FROM k ORDER BY 3",
    "ALTER TABLE k RENAME COLUMN b TO ' lead'", "PRAGMA table_list",
    "SELECT * FROM m JOIN v1 USING (' LEAD')", "SELECT * FROM m LEFT JOIN v1 AS x USING (zz)",
    "ALTER TABLE m RENAME TO m2", "SELECT * FROM m2 JOIN v1 USING (c, zz)",
    "ALTER TABLE k DROP COLUMN a", "SELECT * FROM m2 NATURAL JOIN v1 JOIN k USING (zz)",
    "CREATE VIEW v2 AS SELECT a FROM m2 GROUP BY 2", "ALTER TABLE m2 RENAME COLUMN c TO a",
    "PRAGMA table_list", "SELECT * FROM k JOIN v2 USING (zz)",
]


def test_view_after_alter():
    wrong = differences(_engines(""), AFTER_ALTER)    # no other view: the ALTERs pass
    assert not wrong, "\n".join(wrong)


# An ALTER reads a view's text without the parse-time folds, so an ORDER BY term that
# folds to the number 0 passes there; the next statement's reading folds it (fuzz 77000178).
FOLDED_AFTER_ALTER = [
    "CREATE TABLE k(a, b)", "CREATE TABLE m(c)",
    "CREATE VIEW v(x, y, z) AS SELECT a, b, 1 FROM k ORDER BY 1, ((a IS NOT NULL) AND 0)",
    "ALTER TABLE k RENAME COLUMN b TO b2", "PRAGMA table_list",
    "SELECT 1 FROM m WHERE EXISTS (SELECT * FROM k WHERE nosuch) AND c IN (SELECT x FROM v)",
    "SELECT * FROM m JOIN v USING (zz)", "SELECT * FROM v",
]


def test_view_folded_after_alter():
    wrong = differences(_engines(""), FOLDED_AFTER_ALTER)
    assert not wrong, "\n".join(wrong)


# ... and a view that the text an ALTER checks reads is parsed as SQLite's schema holds
# it, folds and all: v1 reads v0, whose ORDER BY term folds to 0 (fuzz 77000397).
FOLDED_VIEW_READ = [
    "CREATE TABLE k(a, b, CHECK (a IS NOT 3))", "CREATE TABLE e(x)",
    "CREATE VIEW v0(x, y) AS SELECT 1, 2 FROM e ORDER BY 1, (NULL AND 0)",
    "CREATE VIEW v1(p) AS SELECT 1 FROM v0", "ALTER TABLE k DROP COLUMN a",
    "ALTER TABLE k RENAME COLUMN b TO c", "ALTER TABLE k RENAME TO k2",
    "ALTER TABLE e RENAME COLUMN x TO z",
]


def test_view_read_by_an_alter_s_check_is_folded():
    wrong = differences(_engines(""), FOLDED_VIEW_READ)
    assert not wrong, "\n".join(wrong)


# Where SQLite meets an error as it codes the query, not as it resolves names: a GROUP BY
# query's DISTINCT aggregate of two arguments after everything else it codes (fuzz
# 77000356, 77000375: a subquery of GROUP BY whose INDEXED BY no plan can use); an UPDATE
# ... FROM's ON before its SET (its FROM is a subquery of its own: fuzz 77000240); an
# aggregate of the UPDATE's or DELETE's own row in a subquery of its WHERE or SET after
# every name (and refused in an UPDATE ... FROM's WHERE and ON, which RowanDB ran);
# excluded.x naming no FROM item, so a subquery's count(excluded.a) is its own.
CODED_SCHEMA = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE TABLE u(a, x);"
                "CREATE TABLE k(d0, row); CREATE TABLE t0(row, x);"
                "CREATE TABLE m(f, g, h, i, j, UNIQUE (g, h, i, j));"
                "CREATE INDEX tp ON t(c) WHERE c IS NOT NULL; INSERT INTO t VALUES (1, 2, 3);"
                "INSERT INTO u VALUES (1, 4), (2, 5)")
CODED = [
    "SELECT string_agg(DISTINCT NULL, NULL) FROM t GROUP BY EXISTS (SELECT * FROM t INDEXED BY tp)",
    "SELECT group_concat(DISTINCT a, b) FROM t INDEXED BY tp GROUP BY b",
    "SELECT group_concat(DISTINCT a, b), (SELECT 1 FROM t INDEXED BY tp) FROM t GROUP BY b",
    "SELECT group_concat(DISTINCT a, b) FROM t GROUP BY b ORDER BY (SELECT 1 FROM t INDEXED BY tp)",
    "SELECT group_concat(DISTINCT a, b) FROM t INDEXED BY tp",
    "SELECT group_concat(DISTINCT a, b) FROM t GROUP BY b HAVING nosuch",
    # without GROUP BY, its LIMIT and OFFSET are coded before the accumulators' reset
    "SELECT group_concat(DISTINCT a, b) FROM t LIMIT (SELECT 1 FROM t INDEXED BY tp)",
    "SELECT group_concat(DISTINCT a, b) FROM t LIMIT 1 OFFSET (SELECT 1 FROM t INDEXED BY tp)",
    "SELECT group_concat(DISTINCT a, b) FROM t LIMIT (SELECT (1, 2))",
    "SELECT group_concat(DISTINCT a, b) FROM t INDEXED BY tp LIMIT (SELECT 1)",
    "SELECT group_concat(DISTINCT a, b) FROM t WHERE (SELECT 1 FROM t INDEXED BY tp) "
    "LIMIT (SELECT 1)",
    "SELECT (SELECT x, a FROM u) FROM t WHERE (SELECT count(t.a) FROM u)",
    "UPDATE k SET d0 = row FROM t0 AS a JOIN t0 AS b ON (NULL GLOB a.nosuch)",
    "UPDATE k SET d0 = nosuch2 FROM t0 AS a RIGHT JOIN t0 AS b ON abs(a.nosuch)",
    "DELETE FROM t WHERE (SELECT count(t.a) FROM u) AND nosuch",
    "DELETE FROM t WHERE (SELECT count(t.a) + nosuch FROM u)",
    "DELETE FROM t WHERE (SELECT count(t.a) FROM u) RETURNING nosuchr",
    "UPDATE t SET b = (SELECT count(t.a) FROM u) WHERE nosuch",
    "UPDATE t SET b = 1 FROM u WHERE (SELECT count(u.x) FROM u AS z)",
    "UPDATE t SET b = 1 FROM u AS v JOIN u AS w ON (SELECT count(v.x) FROM u AS z)",
    "INSERT INTO t(a) VALUES (1) ON CONFLICT DO UPDATE SET c = (SELECT count(excluded.a) FROM u) "
    "RETURNING *",
    # a constant row in WHERE is coded with the statement's constants, after the rest
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t WHERE (1,2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t WHERE (1,2) OR a",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t WHERE (a,2)",
    "SELECT group_concat(DISTINCT a, b) FROM t WHERE (1,2) GROUP BY b",
    "SELECT count(*) FROM t WHERE (1,2) GROUP BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT 1 FROM t WHERE (1,2) ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT 1 FROM t WHERE (1,2) ORDER BY (1,2)",
    # a VALUES list of one row is coded in the write, its errors noted: RETURNING t.*
    # replaces them; a longer list is a query of its own, whose error stands
    "INSERT INTO t(b) VALUES ((SELECT x, a FROM u)) RETURNING t.*",
    "INSERT INTO t(b) VALUES ((1, 2)) RETURNING t.*",
    "INSERT INTO t(b) VALUES ((SELECT 1 FROM t INDEXED BY tp)) RETURNING t.*",
    "INSERT INTO t(b) VALUES ((SELECT x, a FROM u)), (1) RETURNING t.*",
    "INSERT INTO t(b) VALUES ((SELECT 1 FROM t INDEXED BY tp)), (2) RETURNING t.*",
    # without GROUP BY, the DISTINCT error comes after the FROM subqueries SQLite keeps
    # (DISTINCT, GROUP BY, LIMIT, a compound inside) and after the query holding it as a
    # subquery plans its loops, but before a flattened subquery's loops
    "SELECT group_concat(DISTINCT a, b) FROM (SELECT DISTINCT a, b FROM t INDEXED BY tp)",
    "SELECT group_concat(DISTINCT a, b) FROM (SELECT a, b FROM t INDEXED BY tp GROUP BY a)",
    "SELECT group_concat(DISTINCT a, b) FROM (SELECT a, b FROM t INDEXED BY tp LIMIT 5)",
    "SELECT group_concat(DISTINCT a, b) FROM (SELECT a, b FROM t INDEXED BY tp UNION SELECT 1, 2)",
    "SELECT * FROM (SELECT DISTINCT a FROM t INDEXED BY tp) AS s, "
    "(SELECT group_concat(DISTINCT a, b) FROM t)",
    "SELECT (SELECT group_concat(DISTINCT x, a) FROM u) FROM t INDEXED BY tp",
    "SELECT 1 FROM t INDEXED BY tp WHERE (SELECT group_concat(DISTINCT x, a) FROM u)",
    "SELECT group_concat(DISTINCT a, b) FROM (SELECT a, b FROM t INDEXED BY tp)",
    "SELECT * FROM (SELECT a FROM t INDEXED BY tp) AS x, (SELECT group_concat(DISTINCT a, b) FROM t) AS y",
    # a LIMIT's subquery is coded before the loops of any query
    "SELECT a FROM t INDEXED BY tp LIMIT (SELECT group_concat(DISTINCT x, a) FROM u)",
    "SELECT (1, 2) FROM t LIMIT (SELECT 1 FROM t AS z INDEXED BY tp)",
    # a misplaced row value of the result columns, GROUP BY or ORDER BY replaces a WHERE
    # term's error when no later loop stops SQLite first, and a subquery of two columns
    "SELECT (1,2) FROM t WHERE (SELECT 1 FROM t INDEXED BY tp)",
    "SELECT (a,2) FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM t, u WHERE b = (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM u AS p, u AS q WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM (SELECT * FROM t) WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM (SELECT DISTINCT x FROM u) AS p WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT a FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp) GROUP BY (1, 2)",
    "SELECT (SELECT x, a FROM u) FROM t ORDER BY (1, 2)",
    # the clauses' subqueries as SQLite codes them: result columns before ORDER BY
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t "
    "ORDER BY (SELECT group_concat(DISTINCT x, a) FROM u)",
    # an ORDER BY SQLite never codes: one row found by the short cut or a one-row loop,
    # an aggregate query without GROUP BY, no FROM
    "SELECT a FROM t WHERE rowid = 1 ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT a FROM t WHERE a = 1 ORDER BY (SELECT group_concat(DISTINCT a, b) FROM t)",
    "SELECT a FROM t WHERE a = 1 ORDER BY (SELECT x, a FROM u)",
    "SELECT a FROM t WHERE a = 1 ORDER BY (1,2)",
    "SELECT a FROM t NOT INDEXED WHERE a = 1 ORDER BY b, (1, 2)",
    "SELECT a FROM t NOT INDEXED WHERE a = 1 ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT a FROM t WHERE b = 2 ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count(*) FROM t WHERE b = 2 ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count(*) FROM t GROUP BY b ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT 1 ORDER BY (1, 2)",
    # ... nor under the order-distinct loops a join runs outermost, once a subquery is
    # flattened, or under a UNIQUE index of four keys searched by '=' on each
    "SELECT x FROM u, t WHERE t.a = 1 ORDER BY (1, 2)",
    "SELECT x FROM u JOIN t ON t.a = 1 ORDER BY t.b, (1, 2)",
    "SELECT x FROM u LEFT JOIN t WHERE t.a = 1 ORDER BY (1, 2)",
    "SELECT x FROM t LEFT JOIN u ON u.rowid = t.a WHERE t.a = 1 ORDER BY (1, 2), x",
    "SELECT x FROM u, t WHERE t.a = 1 ORDER BY (1, 2), x",
    "SELECT x FROM u, t WHERE t.a = u.a ORDER BY (1, 2)",
    "SELECT x FROM u CROSS JOIN t WHERE t.a = 1 ORDER BY (1, 2)",
    "SELECT x FROM u, t WHERE t.a = 1 ORDER BY (1, random())",
    "SELECT x FROM u, t WHERE t.a = 1 ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT a FROM (SELECT * FROM t) WHERE a = 1 ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT a FROM (SELECT * FROM t WHERE a = 1) ORDER BY (1, 2)",
    "SELECT a FROM (SELECT * FROM t LIMIT 3) WHERE a = 1 ORDER BY (1, 2)",
    "SELECT f FROM m WHERE g = 1 AND h = 2 AND i = 3 AND j = 4 ORDER BY (1, 2)",
    "SELECT f FROM m WHERE g = 1 AND h = 2 AND i = 3 AND j IS 4 ORDER BY (1, 2)",
    "SELECT f FROM m WHERE g = 1 AND h = 2 AND i = 3 ORDER BY (1, 2)",
    "SELECT f FROM m WHERE g = 1 AND h = 2 AND i = 3 AND j = 4 "
    "ORDER BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT EXISTS (SELECT a FROM t ORDER BY (1, 2))",
    "SELECT EXISTS (SELECT a FROM u WHERE a > 5 ORDER BY (1, 2))",
    # an UPDATE ... FROM's constant WHERE term is coded at its first loop, before the ON
    # of its FROM clause that reads a table (the pair WRITES_OPEN held)
    "UPDATE t SET b = 1 FROM u AS p JOIN u AS q ON (SELECT count(p.x) FROM u AS z) "
    "WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    # an inner join's ON terms join the WHERE's: a constant one (or one read at the first
    # loop) is coded there, before the next loop stops SQLite; a LEFT JOIN's ON, or a term
    # SQLite codes at the inner loop, is not (branch errorder4)
    "SELECT (1,2) FROM t JOIN u ON (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM t, u ON (SELECT 1 FROM t AS z INDEXED BY tp) AND t.b",
    "SELECT (1,2) FROM t JOIN u ON (SELECT a FROM t AS z INDEXED BY tp WHERE z.b = t.b)",
    "SELECT (1,2) FROM t LEFT JOIN u ON 1 JOIN u AS w ON (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (SELECT x, a FROM u) FROM t JOIN u ON (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM t JOIN u ON (SELECT group_concat(DISTINCT x, a) FROM u)",
    "SELECT (1,2) FROM t LEFT JOIN u ON (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM t JOIN u ON 1 LEFT JOIN u AS w ON (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (1,2) FROM t JOIN u ON u.x = (SELECT 1 FROM t AS z INDEXED BY tp)",
    # ... and a constant row of an inner join's ON is coded with the constants, last
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t JOIN k ON (1, 2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t JOIN k ON (1, 2) OR k.d0",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t LEFT JOIN k ON (1, 2)",
    # a row value in an aggregate's arguments, FILTER or ORDER BY is coded in its step,
    # only while no error was met, before the result columns (not a window's)
    "SELECT count((1,2)) FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count((1,2)) FROM t WHERE (SELECT group_concat(DISTINCT x, a) FROM u)",
    "SELECT count((1,2)) FROM t GROUP BY (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count(*) FILTER (WHERE (a,2)) FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT group_concat(b ORDER BY (a,2)) FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT (SELECT x, a FROM u), count((1,2)) FROM t",
    "SELECT (1,2), count(*) FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count((1,2)), (1,2) FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count((1,2)) FROM t HAVING (SELECT 1 FROM t AS z INDEXED BY tp)",
    "SELECT count((SELECT x, a FROM u)), (SELECT 1 FROM t AS z INDEXED BY tp) FROM t",
    "SELECT sum((1,2)) OVER () FROM t WHERE (SELECT 1 FROM t AS z INDEXED BY tp)",
    # the result columns in their order: a subquery of several columns is reported only
    # while no error was met, a row value over any
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), (SELECT x, a FROM u) FROM t",
    "SELECT (SELECT x, a FROM u), (SELECT 1 FROM t AS z INDEXED BY tp) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) + (SELECT x, a FROM u) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t ORDER BY (SELECT x, a FROM u)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t GROUP BY (SELECT x, a FROM u)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), (1,2) FROM t",
    # a constant row SQLite codes as an operand (of an operator, of a function it calls,
    # a WHEN or FILTER condition, an IN list, HAVING) is coded apart, last, unless a call
    # is part of what is coded apart; in place (a coalesce() argument, THEN, a constant
    # call, an outer join's ON) it fails where it is met (branch errorder5)
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), max(b, (1,2)) FROM t",
    "SELECT max(b, (1,2)), (SELECT 1 FROM t AS z INDEXED BY tp) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), (1,2) + b FROM t",
    "SELECT -(1,2), (SELECT 1 FROM t AS z INDEXED BY tp) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), b OR (1,2), (1,2) IS NULL FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), abs(1) + (1,2), b LIKE (1,2) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), coalesce(b, (1,2) + 1) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), iif((1,2), b, 1), b IN (1, (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), CASE WHEN (1,2) THEN 1 END FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), nullif(b, (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), abs(b + (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), count(b + (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), count(*) FILTER (WHERE (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), sum(b) OVER (ORDER BY b + (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t ORDER BY b + (1,2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t GROUP BY b + (1,2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t WHERE (1,2) AND b",
    "SELECT count((SELECT 1 FROM t AS z INDEXED BY tp)) FROM t GROUP BY b HAVING (1,2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t GROUP BY b HAVING b + (1,2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), abs((1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), max((1,2), 3) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), coalesce(b, (1,2)) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), abs((1,2) + 1) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), (1,2) AND b FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), CASE WHEN b THEN (1,2) END FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp), b + (b,2) FROM t",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t WHERE abs((1,2))",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t GROUP BY b HAVING abs((1,2))",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t LEFT JOIN k ON b + (1,2)",
    "SELECT (SELECT 1 FROM t AS z INDEXED BY tp) FROM t ORDER BY (1,2)",
    # a WHERE or inner ON term is coded at the loop of the last table it reads, in the
    # order SQLite's planner nests them (the one a term filters outermost): a later loop
    # stops SQLite before a row value of the result columns (branch errorder5)
    "SELECT (1,2) FROM t JOIN u ON (SELECT 1 FROM t AS z INDEXED BY tp) OR t.b",
    "SELECT (1,2) FROM u JOIN t ON (SELECT 1 FROM t AS z INDEXED BY tp) OR u.x",
    "SELECT (1,2) FROM t, u WHERE (SELECT 1 FROM t AS z INDEXED BY tp) OR u.x",
    "SELECT (1,2) FROM t, u, k WHERE (SELECT 1 FROM t AS z INDEXED BY tp) OR t.b + u.x",
    "SELECT (1,2) FROM t, u WHERE u.x = 1 AND ((SELECT 1 FROM t AS z INDEXED BY tp) OR t.b)",
    "SELECT (1,2) FROM t, u WHERE t.a = u.a AND ((SELECT 1 FROM t AS z INDEXED BY tp) OR u.x)",
    "SELECT (1,2) FROM t, u WHERE t.a = 1 AND ((SELECT 1 FROM t AS z INDEXED BY tp) OR u.x)",
    "SELECT (1,2) FROM t, u WHERE t.a = u.a AND ((SELECT 1 FROM t AS z INDEXED BY tp) OR t.b)",
    "SELECT (1,2) FROM t LEFT JOIN u ON (SELECT 1 FROM t AS z INDEXED BY tp) OR t.b",
    # ... level by level, within a level in the WHERE's order (the inner ONs' after)
    "SELECT a FROM t JOIN k AS j ON (SELECT group_concat(DISTINCT x, a) FROM u) "
    "WHERE (SELECT 1 FROM t AS z INDEXED BY tp) OR j.d0",
    "SELECT a FROM t JOIN k AS j ON (SELECT group_concat(DISTINCT x, a) FROM u) "
    "WHERE (SELECT 1 FROM t AS z INDEXED BY tp) OR t.b",
    "SELECT a FROM t JOIN k AS j ON (SELECT 1 FROM t AS z INDEXED BY tp) OR t.b "
    "WHERE (SELECT group_concat(DISTINCT x, a) FROM u)",
    # a constant term without a subquery (HAVING's, moved to the WHERE) is coded before
    # the loops: a row it codes in place first, before a join's plan too
    "SELECT a FROM t JOIN k AS j ON (SELECT 1 FROM t AS z INDEXED BY tp) WHERE abs((1,2))",
    "SELECT a FROM t, k WHERE (SELECT 1 FROM t AS z INDEXED BY tp) AND coalesce(1, (1,2))",
    "SELECT a FROM t JOIN k AS j ON (SELECT 1 FROM t AS z INDEXED BY tp) "
    "GROUP BY b HAVING abs((1,2))",
    "SELECT 1 FROM t INDEXED BY tp, u WHERE abs((1,2))",
    "SELECT a FROM t JOIN (SELECT a AS x FROM t INDEXED BY tp) AS j ON 1 "
    "GROUP BY b HAVING abs((1, 2))",
    "SELECT 1 FROM t INDEXED BY tp WHERE abs((1,2))",
    "SELECT 1 FROM t INDEXED BY tp, u WHERE (SELECT group_concat(DISTINCT x, a) FROM u)",
    "SELECT 1 FROM t INDEXED BY tp, u WHERE (1,2)",
    # a subquery of two columns IN a list: coded, 'sub-select returns 2 columns' (expr.c
    # sqlite3ExprCheckIN), after every name; IN one constant is ``= +(...)``, row misused
    "SELECT (SELECT 1, 2) IN ((1, 2, 3), (1, 2)) FROM t",
    "SELECT (SELECT a, b) NOT IN (1, b) FROM t",
    "SELECT 1 FROM t WHERE (SELECT 1, 2, 3) IN (a)",
    "SELECT (SELECT 1, 2) IN (1, 2), nosuch FROM t",
    "SELECT (SELECT 1, 2) IN (1, 2) FROM t INDEXED BY tp",
    "SELECT (SELECT 1, 2) IN (1, 2), abs((1, 2)) FROM t",
    "SELECT (SELECT 1, 2) IN ((1, 2)) FROM t",
    "SELECT (SELECT 1, 2) IN (3) FROM t",
    "SELECT (SELECT 1, 2) IN ((SELECT 1, 2)) FROM t",
    # a row value of LIMIT or OFFSET: coded first, after every name; no later plan or
    # coding error replaces it (SQLite plans no subquery once an error is noted)
    "SELECT a FROM t LIMIT (1,2) OFFSET nosuch",
    "SELECT a, nosuch FROM t LIMIT (1,2)",
    "SELECT a FROM t WHERE nosuch LIMIT (1,2)",
    "SELECT (SELECT a FROM t LIMIT (1,2)), nosuch FROM t",
    "SELECT * FROM (SELECT a FROM t LIMIT (1,2)) WHERE nosuch",
    "UPDATE t SET b = (SELECT 1 LIMIT (1,2)) WHERE nosuch",
    "SELECT a FROM t INDEXED BY tp LIMIT (1,2) OFFSET nosuch",
    "SELECT a FROM t INDEXED BY tp LIMIT (1,2)",
    "SELECT a FROM t LIMIT (1,2) OFFSET (SELECT 1 FROM t INDEXED BY tp)",
    "SELECT a FROM t LIMIT (SELECT 1 FROM t INDEXED BY tp) OFFSET (1,2)",
    "SELECT group_concat(DISTINCT a, b) FROM t LIMIT (1,2)",
    "SELECT (1,2) FROM t ORDER BY (1,2) LIMIT (1,2)",
    # a compound's LIMIT is coded after every name of its arms and ORDER BY is resolved
    "SELECT a FROM t UNION SELECT nosuch FROM t LIMIT (1,2)",
    "SELECT nosuch FROM t UNION ALL SELECT a FROM t LIMIT 1 OFFSET (1,2)",
    "SELECT a FROM t UNION SELECT a FROM t ORDER BY nosuch LIMIT (1,2)",
    "SELECT a FROM t UNION SELECT a, b FROM t LIMIT (1,2)",
    "SELECT a FROM t UNION SELECT nosuch FROM t LIMIT nosuchl",
    "SELECT nosuch FROM (SELECT a FROM t UNION SELECT a FROM t LIMIT (1,2))",
    "SELECT (SELECT a FROM t UNION SELECT a FROM t LIMIT (1,2)) FROM t WHERE nosuch",
    "INSERT INTO t(a) SELECT a FROM t UNION SELECT nosuch FROM t LIMIT (1,2)",
    "CREATE TABLE t9 AS SELECT a FROM t UNION SELECT nosuch FROM t LIMIT (1,2)",
    "WITH w AS (SELECT 1) SELECT a FROM t UNION SELECT nosuch FROM t LIMIT (1,2)",
    "SELECT a FROM t INDEXED BY tp UNION SELECT (1,2) LIMIT (1,2)",
    "SELECT (SELECT 1 FROM t INDEXED BY tp) FROM (SELECT a FROM t UNION SELECT a FROM t "
    "LIMIT (1,2))",
    "SELECT a FROM t UNION SELECT a FROM t LIMIT (1,2)",
]


# A USING column the right item lacks stops SQLite's expansion of the FROM clause
# (sqlite3ProcessJoin), before any name of a FROM subquery is resolved, even where an
# item to its left is one whose names are known only once bound (VALUES: fuzz 150000009)
USING_SCHEMA = "CREATE TABLE d(a INTEGER PRIMARY KEY, p TEXT)"
USING_BEFORE_NAMES = [
    "SELECT 1 FROM (SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w LEFT JOIN "
    "(VALUES(1) UNION ALL SELECT 3) AS j ON 1 JOIN d USING (o, a)",
    "SELECT 1 FROM (SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w JOIN "
    "(VALUES(1) UNION ALL SELECT 3) AS j ON 1 JOIN d USING (o, a)",
    "SELECT 1 FROM (SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w, "
    "(VALUES(1) UNION ALL SELECT 3) AS j JOIN d USING (o, a)",
    "SELECT 1 FROM (SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w LEFT JOIN "
    "(VALUES(1), (2)) AS j ON 1 JOIN d USING (o, a)",
    "SELECT 1 FROM (SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w LEFT JOIN "
    "(VALUES(1) UNION ALL SELECT 3) AS j ON 1 JOIN d USING (nosuchu)",
    "SELECT 1 FROM (VALUES(1) UNION ALL SELECT 3) AS j LEFT JOIN "
    "(SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w ON 1 JOIN d USING (o, a)",
    "SELECT 1 FROM (SELECT 1 AS a, 2 AS o FROM d WHERE d.zz) AS w LEFT JOIN "
    "(VALUES(1) UNION ALL SELECT 3) AS j ON 1 JOIN d USING (a)",
    "SELECT 1 FROM (SELECT 1 AS a FROM d WHERE d.zz) AS w JOIN (VALUES(1)) AS v USING (column1)",
    "SELECT 1 FROM (VALUES(1)) AS v JOIN (SELECT 1 AS a FROM d WHERE d.zz) AS w USING (a)",
    "SELECT 1 FROM (VALUES(1), (2)) AS v JOIN (SELECT 1 AS column1 FROM d WHERE d.zz) AS w "
    "USING (column1)",
    "SELECT 1 FROM json_each('[1]') AS e JOIN (SELECT 1 AS a FROM d WHERE d.zz) AS w USING (a)",
    "SELECT 1 FROM (SELECT 1 AS key FROM d WHERE d.zz) AS w JOIN json_each('[1]') AS e USING (o)",
]


# A comparison of rows of two widths is refused at its own node, before its operands'
# names are looked up (resolve.c resolveExprStep)
COMPARED_WIDTHS = [
    "SELECT (SELECT nosuch) > (1,2)", "SELECT nosuch > (1,2)", "SELECT (1,2) = nosuch FROM t",
    "SELECT a FROM t WHERE (SELECT nosuch) > (1,2)", "SELECT a FROM t WHERE a IS (nosuch, 1)",
    "SELECT a FROM t WHERE (1, 2) IS nosuch", "SELECT nosuch BETWEEN (1, 2) AND (3, 4) FROM t",
    "SELECT 1 BETWEEN (1, 2) AND nosuch FROM t", "SELECT (SELECT a, b, c FROM t) = (1, nosuch)",
    "SELECT ((1, 2)) = nosuch", "SELECT +(1, 2) = nosuch", "SELECT (1, 2) = (1, 2, nosuch)",
    "SELECT (1, 2) = (1, nosuch)", "SELECT b FROM t ORDER BY (nosuch, 1) < 1",
]


def test_a_comparison_s_widths_come_before_its_operands():
    wrong = differences(_engines(), COMPARED_WIDTHS)
    assert not wrong, "\n".join(wrong)


# RETURNING t.* is refused as SQLite expands the list to code it, which replaces any error
# a trigger program met, coded before it (an INSERT's BEFORE trigger, an UPDATE's
# triggers) or not, and a DO UPDATE's; the write's own names come first
RETURNING_STAR_SCHEMA = (
    "CREATE TABLE t(a PRIMARY KEY, b); CREATE TABLE log(x); INSERT INTO t VALUES (1, 2);"
    "CREATE TRIGGER tr AFTER UPDATE ON t BEGIN INSERT INTO log VALUES (nosuch); END;"
    "CREATE TRIGGER tr2 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES (nosuchi); END")
RETURNING_STAR = [
    "INSERT INTO t VALUES (1, 3) ON CONFLICT (a) DO UPDATE SET b = 5 RETURNING t.*",
    "INSERT INTO t VALUES (1, 3) ON CONFLICT (a) DO UPDATE SET b = nosuch5 RETURNING t.*",
    "INSERT INTO t VALUES (1, 3) ON CONFLICT (a) DO UPDATE SET b = 5 RETURNING u.*",
    "INSERT INTO t VALUES (1, 3) ON CONFLICT (a) DO UPDATE SET b = 5 RETURNING *",
    "INSERT INTO t VALUES (1, 3) ON CONFLICT (a) DO UPDATE SET b = 5 RETURNING nosuch2",
    "INSERT INTO t VALUES (5, 3) RETURNING t.*", "UPDATE t SET b = 5 RETURNING t.*",
    "UPDATE t SET b = 5 RETURNING nosuch4, t.*", "UPDATE t SET b = nosuch3 RETURNING t.*",
    "UPDATE t SET b = 5 WHERE nosuch3 RETURNING t.*", "DELETE FROM t RETURNING t.*",
]


def test_returning_table_star_replaces_a_trigger_program_s_error():
    wrong = differences(_engines(RETURNING_STAR_SCHEMA), RETURNING_STAR)
    assert not wrong, "\n".join(wrong)


def test_a_using_column_the_right_item_lacks_comes_before_any_name():
    wrong = differences(_engines(USING_SCHEMA), USING_BEFORE_NAMES)
    assert not wrong, "\n".join(wrong)


def test_errors_met_as_the_code_is_made():
    wrong = differences(_engines(CODED_SCHEMA), CODED)
    assert not wrong, "\n".join(wrong)


def test_every_pair_of_errors_in_a_write():
    made = error_order_writes.pairs()
    wrong = error_order_writes.differences(error_order_writes.engines(), made)
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


def test_every_pair_of_coded_errors():
    """Two errors SQLite meets as it codes a SELECT, in every pair of places
    (``error_order_coded.py``: FROM subqueries it keeps or flattens, LIMIT, the DISTINCT
    reset, the loops, the result columns, GROUP BY, HAVING, ORDER BY)."""
    made = error_order_coded.pairs()
    wrong = differences(_engines(CODED_SCHEMA), made)
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


if __name__ == "__main__":                  # python tests/test_error_order.py [SEED N]
    seed, count = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (109000000, 300)
    both = _engines()
    for name, made in (("pairs", pairs()), ("triples", triples(seed, count))):
        wrong = differences(both, made)
        print("\n".join(wrong))
        print(f"{name}: {len(made) - len(wrong)} of {len(made)} agree")
    made = error_order_writes.pairs()
    wrong = error_order_writes.differences(error_order_writes.engines(), made)
    print("\n".join(wrong))
    print(f"write pairs: {len(made) - len(wrong)} of {len(made)} agree")
    made = error_order_coded.pairs()
    wrong = differences(_engines(CODED_SCHEMA), made)
    print("\n".join(wrong))
    print(f"coded pairs: {len(made) - len(wrong)} of {len(made)} agree")


# A subquery's width is checked at the comparison before its operands too: as its result
# list is written (each * one term) where SQLite resolves the comparison unexpanded (an
# UPDATE's, DELETE's, upsert's or one-row INSERT's own expressions, a CHECK), the columns
# * stands for where it expanded the subquery first (any query, RETURNING, UPDATE ...
# FROM, an INSERT's VALUES of several rows); a compound's width is its last SELECT's
STAR_WIDTHS_SCHEMA = (
    "CREATE TABLE t(a, b, c); CREATE TABLE u(a, x); CREATE TABLE w(a);"
    "CREATE TABLE k(a PRIMARY KEY, b); CREATE VIEW v AS SELECT * FROM t;"
    "CREATE VIEW vw AS SELECT a FROM w;"
    "CREATE TRIGGER vtr INSTEAD OF UPDATE ON vw BEGIN SELECT 1; END;"
    "INSERT INTO t VALUES (1, 2, 3); INSERT INTO u VALUES (1, 2); INSERT INTO w VALUES (1)")
_STAR_WIDTH_SHAPES = [
    "SELECT @", "SELECT 1 FROM w WHERE @", "SELECT 1 FROM t ORDER BY @",
    "SELECT 1 FROM t GROUP BY @", "SELECT 1 FROM t GROUP BY 1 HAVING @",
    "SELECT 1 FROM t JOIN w ON @", "SELECT sum(a) OVER (PARTITION BY @) FROM t",
    "VALUES (@)", "CREATE TABLE z AS SELECT @", "INSERT INTO w SELECT @",
    "UPDATE w SET a = 1 WHERE @", "UPDATE w SET a = (@)", "DELETE FROM w WHERE @",
    "WITH c AS (SELECT 1) DELETE FROM w WHERE @", "UPDATE vw SET a = 1 WHERE @",
    "INSERT INTO w VALUES (@)", "INSERT INTO w(a) VALUES (@)",
    "INSERT INTO w VALUES (1), (@)", "INSERT INTO w VALUES (@), (1)",
    "INSERT INTO k VALUES (1, 2), (3, 4) ON CONFLICT (a) DO UPDATE SET b = (@)",
    "INSERT INTO k VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = 1 WHERE @",
    "INSERT INTO k VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = 1 RETURNING @",
    "INSERT INTO w VALUES (1) RETURNING @", "UPDATE w SET a = 1 RETURNING @",
    "DELETE FROM w RETURNING @", "UPDATE w SET a = 1 FROM u WHERE @",
    "UPDATE w SET a = (@) FROM u", "UPDATE w SET a = 1 WHERE EXISTS (SELECT @)",
    "DELETE FROM w WHERE a IN (SELECT 1 WHERE @)",
]
STAR_WIDTHS = [shape.replace("@", comparison) for shape in _STAR_WIDTH_SHAPES
               for comparison in ("(SELECT * FROM u) = (1, nosuch)",
                                  "(SELECT * FROM t) = (1, nosuch)")] + [
    "SELECT (SELECT * FROM t) = (1, 2)", "SELECT (SELECT * FROM t) = nosuch",
    "SELECT (1, nosuch) = (SELECT * FROM t)", "SELECT (SELECT * FROM t) < (1, nosuch)",
    "SELECT (SELECT *, 1 FROM u) = (1, nosuch)", "SELECT (SELECT t.* FROM t) = (1, nosuch)",
    "SELECT (SELECT u.* FROM t, u) = (1, 2, nosuch)", "SELECT (SELECT * FROM t, w) = (1, nosuch)",
    "SELECT (SELECT * FROM t) = (SELECT 1, nosuch)", "SELECT (SELECT * FROM v) = (1, nosuch)",
    "SELECT (SELECT * FROM t) BETWEEN (1, nosuch) AND (1, 2)",
    "SELECT (SELECT * FROM t JOIN u USING (a)) = (1, 2, 3, nosuch)",
    "SELECT (SELECT * FROM t NATURAL JOIN u) = (1, 2, 3, 4, nosuch)",
    "SELECT (SELECT * FROM (SELECT * FROM u)) = (1, 2, nosuch)",
    "WITH c AS (SELECT 1, 2) SELECT (SELECT * FROM c) = (1, 2, nosuch)",
    "WITH c(p, q) AS (SELECT 1, 2) SELECT (SELECT * FROM c) = (1, nosuch)",
    "SELECT (SELECT * FROM json_each('[1]')) = (1, nosuch)",
    "SELECT (SELECT * FROM (VALUES (1, 2))) = (1, 2, nosuch)",
    "SELECT 1 FROM t WHERE (SELECT * FROM u) IS NOT (1, 2, nosuch)",
    "DELETE FROM w WHERE (SELECT * FROM nosucht) = (1, 2)",
    "DELETE FROM w WHERE (SELECT * FROM u) = 1",
    "DELETE FROM w WHERE (SELECT *, 1 FROM w) = (1, nosuch)",
    "SELECT (SELECT 1, 2 UNION SELECT 1) = (1, nosuch)",
    "SELECT (SELECT 1 UNION SELECT 1, 2) = (1, nosuch)",
    "SELECT (SELECT * FROM w UNION SELECT 1) = (1, nosuch)",
    "SELECT (SELECT 1, 2 UNION SELECT * FROM w) = (1, nosuch)",
    "SELECT (SELECT 1, 2 EXCEPT SELECT * FROM u) = (1, nosuch)",
    "DELETE FROM w WHERE (SELECT 1, 2 UNION SELECT * FROM u) = (1, nosuch)",
    "DELETE FROM w WHERE (SELECT * FROM u UNION SELECT 1, 2) = (1, nosuch)",
    "CREATE TABLE z(a CHECK ((SELECT * FROM u) = (1, 2)))",
    "CREATE TABLE z(a CHECK ((SELECT *, 1 FROM u) = (1, 2)))",
    "CREATE TABLE z(a, b AS ((SELECT * FROM u) = (1, 2)))",
    "CREATE INDEX zi ON t(a) WHERE (SELECT * FROM u) = (1, 2)",
]


def test_a_subquery_s_width_with_a_star_is_sqlites_at_the_comparison():
    wrong = differences(_engines(STAR_WIDTHS_SCHEMA), STAR_WIDTHS)
    assert not wrong, f"{len(wrong)} of {len(STAR_WIDTHS)} differ:\n" + "\n".join(wrong)


# A row value and a subquery of two columns misplaced in one UPDATE or DELETE (SQLite
# codes WHERE, then SET, then RETURNING as a program of its own): a row coded in place
# replaces the subquery's error, a constant row coded apart comes only alone, RETURNING's
# error only when the statement has none (trigger.c transferParseError). The compiler of
# the WHERE met them first of its kind (noted_errors._chosen).
def misplaced_in_writes() -> list[str]:
    found = []
    for wide in ("(SELECT 1, 2)", "(SELECT a, b FROM t)"):
        for row in ("(a, b)", "(1, 2)", "(a, 1)"):
            for e in (f"{wide} + {row}", f"{row} + {wide}", f"{wide} = 1 AND {row}",
                      f"{row} AND {wide} = 1", f"abs({wide}) + {row}", f"{wide} + 1 = {row}",
                      f"{row} IS NULL OR {wide}", f"NOT {row} + {wide}"):
                found += [f"DELETE FROM t WHERE {e}", f"UPDATE t SET a = 1 WHERE {e}",
                          f"UPDATE t SET a = {e}", f"SELECT * FROM t WHERE {e}"]
            found += [f"UPDATE t SET a = {wide} WHERE {row}",
                      f"UPDATE t SET a = {row} WHERE {wide}",
                      f"UPDATE t SET a = {wide}, b = {row}", f"UPDATE t SET a = {row}, b = {wide}",
                      f"DELETE FROM t WHERE {wide} RETURNING {row}",
                      f"DELETE FROM t WHERE {row} RETURNING {wide}",
                      f"UPDATE t SET a = {wide} RETURNING {row}",
                      f"UPDATE t SET a = 1 WHERE {row} RETURNING {wide}"]
    return found


def test_misplaced_values_in_writes():
    engines = _engines("CREATE TABLE t(a, b); INSERT INTO t VALUES (1, 2)")
    wrong = differences(engines, misplaced_in_writes())
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)
