"""The terms SQLite counts when it costs a full scan of an index decide a join's order.

A table read through the whole of an index not holding its row costs, to SQLite, the
index's entries plus the lookups of the rows, lowered by one for each term of the WHERE
clause, from its first, that the index entry alone can test (20 for an equality), until
the first it cannot (where.c, whereLoopAddBtree, "Full scan via index";
``join_ways._index_scan``). Between two such tables the cheaper is read last, and a tie
keeps the first found, so the terms' count and order show in the order of the join's
rows. SQLite lists the WHERE's conjuncts and then each ON's, as written -- a JOIN
without ON has no term, ``WHERE 1`` and ``ON TRUE AND 1`` have one and two, nothing is
folded (``optimizer/written_terms.py``, ``bind/from_columns.written_on``) -- and then
the copies exprAnalyze adds: a comparison (=, IS, <, <=, >, >=) of two columns, of one
table or two, is listed again commuted; an = or IS is an equality only of a column
(whereexpr.c). Each query is compared with SQLite (apsw), rows as lists; on 73f3ac0b 11
of these 29 differ.

A BETWEEN is one term to SQLite, whose rows-out a table's ways lower by one
(whereLoopOutputAdjust), also where it reads a FROM subquery SQLite flattens: the
halves, paired by the column they share, stayed paired once read as the table's columns
(``join_costs._as_tables``; generator seed 175300000): ``BETWEEN_QUERIES``, 2 of 5 differ
on 73f3ac0b.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = (
    # w's index entry is the narrower of the two, 212 to r's 213 (LogEst), before lookups
    "CREATE TABLE w(a BLOB PRIMARY KEY, b, c NVARCHAR(40), d REAL) WITHOUT ROWID",
    "CREATE INDEX wab ON w(a, b)",
    "INSERT INTO w VALUES (2, 'x', 'p', 1.5), (1, 'y', 'q', 2.5), (3, NULL, 'r', 0)",
    "CREATE TABLE r(a CHAR(3), b NUMERIC, c INT, d REAL)",
    "CREATE UNIQUE INDEX rba ON r(b, a)",
    "INSERT INTO r VALUES ('k', 2, 1, 1), ('j', 1, 2, 2), ('m', 3, 3, 3)",
    "CREATE TABLE s(a NVARCHAR(40) PRIMARY KEY, b TEXT, c INTEGER, d TEXT) WITHOUT ROWID",
    "CREATE UNIQUE INDEX sa ON s(a)",
    "INSERT INTO s VALUES ('b', 'x', 1, 'p'), ('a', 'y', 2, 'q'), ('c', 'z', 0, 'r')",
    "CREATE TABLE z(a INT, b INT)",
    "INSERT INTO z VALUES (1, 0), (2, 1), (0, 5)",
)

QUERIES = (
    # a JOIN without ON has no term: w, the cheaper, read last
    "SELECT * FROM w INDEXED BY wab JOIN r INDEXED BY rba",
    "SELECT * FROM w INDEXED BY wab INNER JOIN r INDEXED BY rba",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba JOIN z",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba LEFT JOIN z",
    # a written ON is a term however constant, one per conjunct
    "SELECT * FROM w INDEXED BY wab JOIN r INDEXED BY rba ON true",
    "SELECT * FROM w INDEXED BY wab JOIN r INDEXED BY rba ON 1",
    "SELECT * FROM w INDEXED BY wab JOIN r INDEXED BY rba ON TRUE AND 1",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba JOIN z ON z.a > 0",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba JOIN z ON 1",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba LEFT JOIN z ON 1",
    # and so is a constant of the WHERE, which RowanDB tests once before the loops
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE 1",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE 2 > 1",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE 1 = 1 AND 1",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a = 1 + 1",
    # a comparison of two columns and its commuted copy: two terms
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a > z.b",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a <= z.b",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.b = z.a",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.b IS z.a",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a > z.b COLLATE NOCASE",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a <> z.b",
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a + 1 > z.b",
    # an = of no column is no equality
    "SELECT * FROM w INDEXED BY wab, r INDEXED BY rba, z WHERE z.a + 0 = 2",
    # three aliases of one table, two read INDEXED BY (generator seed 175300000)
    "SELECT * FROM s AS x INDEXED BY sa, s AS y INDEXED BY sa JOIN s AS v ON y.c > v.a",
    "SELECT * FROM s AS x INDEXED BY sa, s AS y INDEXED BY sa JOIN s AS v ON y.c = v.a",
    "SELECT * FROM s AS x INDEXED BY sa, s AS y INDEXED BY sa JOIN s AS v ON y.c <= v.a",
    "SELECT * FROM s AS x INDEXED BY sa, s AS y INDEXED BY sa JOIN s AS v ON y.c IS v.a",
    "SELECT * FROM s AS x INDEXED BY sa, s AS y INDEXED BY sa JOIN s AS v ON y.c > v.c",
    "SELECT * FROM s AS x INDEXED BY sa, s AS y INDEXED BY sa, s AS v WHERE y.c > y.b",
)


@pytest.mark.parametrize("sql", QUERIES)
def test_join_order_by_the_terms_an_index_scan_weighs(sql):
    assert_same(SETUP, [sql])


BETWEEN_SETUP = (
    "CREATE TABLE t(a INT, b TEXT)",
    "INSERT INTO t VALUES (1, 'p'), (2, 'q'), (5, 'r'), (3, 's')",
    "CREATE TABLE u(x INT, y TEXT)",
    "INSERT INTO u VALUES (1, 'k'), (2, 'l'), (0, 'm')",
)

BETWEEN_QUERIES = (
    # u and f both lose one term's rows: a tie, u first as written
    "SELECT * FROM u, (SELECT b, a FROM t) AS f WHERE u.x > 0 AND f.a BETWEEN 1 AND 3",
    "SELECT * FROM u JOIN (SELECT b, a FROM t) AS f ON f.a BETWEEN 1 AND 3 WHERE u.x > 0",
    "SELECT * FROM u, (SELECT b, a FROM t) AS f WHERE u.x > 0 AND f.a NOT BETWEEN 1 AND 3",
    "SELECT * FROM u, t AS f WHERE u.x > 0 AND f.a BETWEEN 1 AND 3",
    # written as two comparisons they are two terms
    "SELECT * FROM u, (SELECT b, a FROM t) AS f WHERE u.x > 0 AND f.a >= 1 AND f.a <= 3",
)


@pytest.mark.parametrize("sql", BETWEEN_QUERIES)
def test_a_between_of_a_flattened_subquery_is_one_term(sql):
    assert_same(BETWEEN_SETUP, [sql])
