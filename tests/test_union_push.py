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
from union_push import (differences, fixed_statements, join_statements, statements,
                        values_statements)

T = ["CREATE TABLE t(i INTEGER, s TEXT, r REAL, nc TEXT COLLATE NOCASE)",
     "INSERT INTO t VALUES (1, '1', 1.0, 'ABC'), (0, 'abc', 0.5, 'abc'), (2, '2.0', 2.0, NULL)"]


def _none_differ(found: list) -> None:
    assert not found, "\n".join(f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                                 for sql, a, b in found[:10])


@pytest.mark.parametrize("seed", [87000011, 87000012])
def test_generated_terms_agree_with_sqlite(seed):
    every = statements(seed, 600)
    found = differences(random.Random(seed).sample(every, 700))
    _none_differ(found)


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


def test_generated_values_arms_agree_with_sqlite():
    found = differences(values_statements(85000011, 600))
    _none_differ(found)


P = ["CREATE TABLE p(c0, e)"]


def test_a_copy_reaches_each_row_of_a_values_select():
    # fuzz 84900429: a VALUES list's rows are SELECTs of the compound (sqlite3MultiValues)
    assert_same(P, [
        "SELECT * FROM (VALUES (1), (0) UNION ALL SELECT e FROM p) WHERE CAST(0 AS TEXT) > column1",
        "WITH w AS (SELECT 1) SELECT * FROM (VALUES (1), (0) UNION ALL SELECT e FROM p) "
        "WHERE CAST(0 AS TEXT) > column1",
        "SELECT * FROM (VALUES (1), (CAST(0 AS INT)) UNION ALL SELECT e FROM p) "
        "WHERE CAST(0 AS TEXT) >= column1",
        "SELECT * FROM (VALUES (CAST(1 AS TEXT)), ('1'), (2) UNION ALL SELECT e FROM p) "
        "WHERE 1 < column1",
    ])


def test_a_values_co_routine_column_has_its_first_rows_collation():
    assert_same(P, [
        "SELECT * FROM (VALUES (1), ('abc' COLLATE NOCASE) UNION SELECT CAST(1 AS TEXT)) "
        "WHERE column1 >= 1.0",
    ])


def test_a_values_clause_after_the_first_select_takes_copies_only_beside_a_co_routine():
    # rows of single-row SELECTs only are SQLite's VALUES clause (SF_MultiValue), whose
    # rows no copy reaches; with a co-routine among them they are a compound that does
    assert_same(P, [
        "SELECT * FROM (SELECT 'x' AS c UNION ALL VALUES (CAST(0 AS TEXT)), ('1')) WHERE 1 < c",
        "SELECT * FROM (SELECT 'x' AS c UNION ALL VALUES (CAST(0 AS TEXT)), ('1'), ('2')) "
        "WHERE 1 < c",
        "WITH w AS (SELECT 1) SELECT * FROM (SELECT 'ABC' AS c UNION ALL "
        "VALUES (CAST(1 AS TEXT)), (abs(-1))) WHERE 1 < c",
        "SELECT * FROM (VALUES (CAST(0 AS TEXT)), ('1'), ('2')) WHERE 1 < column1",
    ])


def test_a_compound_column_of_literals_is_fixed_only_in_comparisons():
    # constInsert counts a column of no affinity as BLOB: length(a) keeps reading the row
    assert_same(P, [
        "SELECT * FROM (SELECT 1 AS a UNION ALL SELECT 2) WHERE length(a) = 1 AND a = 1.0",
        "SELECT * FROM (VALUES (abs(-1)), ('1'), (CAST(0 AS TEXT)) UNION ALL SELECT e FROM p) "
        "WHERE length(column1) = 1 AND column1 = 1.0",
    ])


def test_generated_joins_agree_with_sqlite():
    found = differences(join_statements(85000021, 400))
    _none_differ(found)


def test_a_compound_sqlite_codes_apart_takes_no_term_on_a_joined_table():
    # not flattened (a SELECT without FROM, or SELECTs of two affinities: restriction 17):
    # pushDownWhereTerms copies only the terms on the compound's own columns
    assert_same(T + P + ["INSERT INTO p VALUES (1, '1'), (2, 2)"], [
        "SELECT * FROM t, (SELECT 1 AS c UNION ALL SELECT e FROM p) AS v "
        "WHERE CAST(t.i AS TEXT) > v.c",
        "SELECT * FROM t, (VALUES (1), ('1') UNION ALL SELECT e FROM p) AS v "
        "WHERE CAST(t.i AS TEXT) > v.column1",
        "SELECT * FROM t, (SELECT CAST(c0 AS TEXT) AS c FROM p UNION ALL SELECT e FROM p) AS v "
        "WHERE t.i > v.c",
    ])


def test_generated_fixed_columns_agree_with_sqlite():
    found = differences(fixed_statements(85100011, 1500))
    _none_differ(found)


def test_a_compound_column_of_a_cast_is_fixed_to_the_constant_as_written():
    # sqlite3SubqueryColumnTypes gives a compound's numeric column whose first SELECT is a
    # CAST the affinity FLEXNUM, which converts no REAL: fixed by c = 1.0, c is 1.0 there
    assert_same(T, [
        "SELECT * FROM (SELECT CAST(t.s AS NUMERIC) AS c FROM t UNION ALL SELECT 5) "
        "WHERE c = 1.0 AND length(c) = 1",
        "SELECT * FROM (SELECT CAST(t.s AS INTEGER) AS c FROM t UNION SELECT 5) "
        "WHERE c = 1.0 AND c || '' = '1.0'",
        "SELECT typeof(c) FROM (SELECT CAST(t.s AS NUMERIC) AS c FROM t UNION ALL SELECT 5) "
        "WHERE c IN (1.0) AND typeof(c) = 'real'",
        # a subquery of one SELECT SQLite flattens hands the column on; a compound it
        # flattens (SELECTs of one affinity, each with FROM) has no column to fix
        "SELECT * FROM (SELECT c FROM (SELECT CAST(t.s AS NUMERIC) AS c FROM t "
        "UNION ALL SELECT 5)) WHERE c = 1.0 AND length(c) = 3",
        "SELECT * FROM (SELECT c FROM (SELECT CAST(t.s AS NUMERIC) AS c FROM t "
        "UNION ALL SELECT CAST(t.i AS NUMERIC) FROM t)) WHERE c = 1.0 AND length(c) = 1",
        "SELECT * FROM (SELECT CAST(t.r AS REAL) AS c FROM t UNION ALL "
        "SELECT CAST(t.r AS REAL) FROM t) WHERE length(c) = 1 AND c = '1'",
    ])


def test_a_between_copied_into_a_compound_stays_one_term():
    # BETWEEN is no comparison to constant propagation: beside a column of no affinity
    # fixed by c = 2.0 its x keeps the column, and the copy compares under each SELECT's
    assert_same(T, [
        "SELECT * FROM (SELECT CAST(t.s AS NUMERIC) AS c FROM t UNION ALL "
        "SELECT CAST(0 AS TEXT)) WHERE c = 2.0 AND c BETWEEN 0 AND '1'",
        "SELECT * FROM (SELECT CAST(t.s AS NUMERIC) AS c FROM t UNION ALL "
        "SELECT CAST(0 AS TEXT)) WHERE c BETWEEN 0 AND '1' AND c = 2.0",
    ])
