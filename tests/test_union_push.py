"""WHERE terms over a compound FROM subquery, as SQLite copies them into its SELECTs.

SQLite pushes a WHERE term over a FROM subquery, a view or a common table into each
SELECT of it (select.c pushDownWhereTerms, substExpr), where a column stands for that
SELECT's expression: under the column's collation -- that of the first SELECT's
expression (sqlite3SubqueryColumnTypes) -- but with the expression's own affinity, and
the outer test stays (docs/SQL.md, "Row values and VALUES"). The random test runs a
fixed sample of ``tests/union_push.py``'s statements; the cases below are one per rule.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same
from union_push import differences, statements

T = ["CREATE TABLE t(i INTEGER, s TEXT, r REAL, nc TEXT COLLATE NOCASE)",
     "INSERT INTO t VALUES (1, '1', 1.0, 'ABC'), (0, 'abc', 0.5, 'abc'), (2, '2.0', 2.0, NULL)"]


@pytest.mark.parametrize("seed", [87000011, 87000012])
def test_generated_terms_agree_with_sqlite(seed):
    every = statements(seed, 600)
    found = differences(random.Random(seed).sample(every, 700))
    assert not found, "\n".join(f"{sql}\n  rowandb: {a}\n  sqlite:  {b}" for sql, a, b in found[:10])


def test_a_subquerys_column_has_its_first_selects_collation():
    assert_same(T, [
        "SELECT * FROM (SELECT 1 AS c UNION ALL SELECT 'abc' COLLATE NOCASE) WHERE c = 'ABC'",
        "SELECT c = 'ABC' FROM (SELECT 1 AS c UNION ALL SELECT 'abc' COLLATE NOCASE)",
        "SELECT c = 'ABC' FROM (SELECT 1 AS c UNION ALL SELECT nc FROM t)",
        "SELECT DISTINCT c FROM (SELECT 'a' AS c UNION ALL SELECT 'A' COLLATE NOCASE) ORDER BY 1",
        "SELECT * FROM (SELECT nc AS c FROM t UNION ALL SELECT 'abc') WHERE c = 'ABC'",
    ])


def test_a_copy_reads_the_selects_value_and_affinity():
    assert_same(T, [
        "SELECT * FROM (SELECT r AS c FROM t UNION ALL SELECT 1) WHERE typeof(c) = 'real'",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION ALL SELECT 1) WHERE c IN (0, 1, 2)",
        "SELECT * FROM (SELECT s AS c FROM t UNION ALL SELECT 1) WHERE CASE c WHEN 1 THEN 1 END",
        "SELECT * FROM (SELECT s AS c FROM t UNION ALL SELECT 1) WHERE (c, 1) = (1, 1)",
        "SELECT * FROM (SELECT s AS c FROM t UNION ALL SELECT 1) WHERE c BETWEEN 1 AND 1",
    ])


def test_union_intersect_and_except_take_copies_when_every_column_is_binary():
    assert_same(T, [
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION SELECT 1) WHERE 0 < c",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c INTERSECT SELECT 1) WHERE 0 < c",
        "SELECT * FROM (SELECT CAST(1 AS TEXT) AS c EXCEPT SELECT 1) WHERE 1 = c",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION SELECT nc FROM t) WHERE 0 < c",
    ])


def test_no_copy_into_a_compound_with_a_window_function_or_a_limit():
    assert_same(T, [
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c, 0 AS w UNION ALL "
        "SELECT 1, row_number() OVER () FROM t) WHERE 0 < c",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION ALL SELECT 1 LIMIT 5) WHERE 0 < c",
        "SELECT * FROM (SELECT CAST(0 AS TEXT) AS c UNION ALL SELECT 1 ORDER BY 1) WHERE 0 < c",
        "WITH w AS (SELECT CAST(0 AS TEXT) AS c UNION ALL SELECT 1) SELECT * FROM w WHERE 0 < c",
    ])


def test_an_aggregate_select_takes_the_copy_as_having():
    assert_same(T, [
        "SELECT * FROM (SELECT 1 AS c UNION ALL SELECT CAST(count(*) AS TEXT) FROM t) WHERE c > 5",
        "SELECT * FROM (SELECT 1 AS c UNION ALL SELECT CAST(count(*) AS TEXT) FROM t GROUP BY i) "
        "WHERE c > 5",
    ])


def test_a_term_with_an_uncorrelated_subquery_is_copied_too():
    assert_same(T, [
        "SELECT * FROM (SELECT s AS c FROM t UNION ALL SELECT s || '' FROM t) WHERE c IN (SELECT 1)",
        "SELECT * FROM (SELECT r AS c FROM t UNION ALL SELECT 1) WHERE c = (SELECT '1')",
        "SELECT * FROM (SELECT r AS c FROM t UNION ALL SELECT 1) "
        "WHERE c = (SELECT '1') AND c IN (SELECT '1')",
    ])


def test_a_column_constant_propagation_fixed_stays_fixed_in_the_copy():
    assert_same(T, [
        "SELECT * FROM (SELECT r AS c FROM t UNION ALL SELECT 1.0) WHERE c = 1.0 AND c = (SELECT '1')",
        "SELECT * FROM (SELECT r AS c FROM t UNION ALL SELECT DISTINCT 1.0) "
        "WHERE c = 1.0 AND c = (SELECT '1')",
    ])


def test_a_compound_opening_a_compound_counts_every_select_for_the_collation():
    # ``A UNION ALL B INTERSECT C`` is ``(A UNION ALL B) INTERSECT C``: B's BINARY column
    # comes before C's RTRIM one (multiSelectCollSeq; seed 87000002 of union_push.py)
    assert_same(T + ["CREATE TABLE r(rt TEXT COLLATE RTRIM)", "INSERT INTO r VALUES ('abc '), ('1')"], [
        "SELECT (SELECT CAST(1 AS TEXT)) UNION ALL SELECT s FROM t INTERSECT SELECT rt FROM r",
        "SELECT * FROM (SELECT 1 AS c UNION ALL SELECT s FROM t INTERSECT SELECT rt FROM r LIMIT 9) "
        "WHERE c COLLATE BINARY = 'abc'",
        "SELECT NULL UNION ALL SELECT s FROM t EXCEPT SELECT rt FROM r",
    ])
