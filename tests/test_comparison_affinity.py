"""Comparisons whose operands mix affinities, against SQLite (apsw).

SQLite's comparison opcodes apply the comparison's affinity to both operands at run time
(vdbe.c OP_Lt...), TEXT only beside a text value; ``x IN (SELECT ...)`` and a hashed IN
list convert x only when the IN's affinity is not x's own (expr.c sqlite3ExprCodeIN);
a compound or VALUES scalar subquery has its last SELECT's affinity, with or without
ORDER BY (docs/SQL.md, "Row values and VALUES"). The random test draws thousands of
such comparisons (tests/comparison_affinity.py); the cases below are the differences it
found, one per rule.
"""

from __future__ import annotations

import pytest

from comparison_affinity import differences
from oracle import assert_same

U = ["CREATE TABLE u(i INTEGER, r REAL, n NUMERIC, s TEXT, b BLOB, x)",
     "INSERT INTO u VALUES (1, 1.0, '1.0', '1', x'31', '1')"]


@pytest.mark.parametrize("seed", [72000001, 72000002])
def test_random_comparisons_agree_with_sqlite(seed):
    found = differences(seed, 1500)
    assert not found, "\n".join(f"{sql}\n  rowandb: {a}\n  sqlite:  {b}" for sql, a, b in found[:10])


def test_text_affinity_converts_a_number_only_beside_text():
    assert_same(U, [
        "SELECT 1 < (SELECT 1.0 UNION ALL SELECT CAST(1 AS TEXT))",
        "SELECT (SELECT 1.0 UNION ALL SELECT CAST(1 AS TEXT)) > 1, "
        "(SELECT 1.0 UNION ALL SELECT CAST(1 AS TEXT)) = 1",
        "SELECT (SELECT 1.0 UNION ALL SELECT CAST(1 AS TEXT)) = '1.0', "
        "(SELECT 1.0 UNION ALL SELECT CAST(1 AS TEXT)) < 'a'",
        "SELECT (SELECT r FROM u UNION ALL SELECT s FROM u) IS 1, "
        "(SELECT r FROM u UNION ALL SELECT s FROM u) IS NOT '1.0'",
        "SELECT (SELECT r FROM u UNION SELECT s FROM u ORDER BY 1) BETWEEN 1 AND 1",
        "SELECT (SELECT x'31' UNION ALL SELECT s FROM u) = 1, 1 = (SELECT 2 UNION ALL SELECT s FROM u)",
        "SELECT i FROM u WHERE (SELECT 1 UNION ALL SELECT s FROM u) = i",
    ])


def test_case_when_compares_a_compound_as_its_equality_does():
    assert_same(U, [
        "SELECT CASE '1.5' WHEN (SELECT '1.5' UNION SELECT CAST(1.0 AS INTEGER)) THEN 2 ELSE 0 END",
        "SELECT CASE '01' WHEN (SELECT '1.0' UNION SELECT i FROM u) THEN 2 ELSE 0 END",
        "SELECT CASE (SELECT s FROM u UNION ALL SELECT r FROM u) WHEN '1' THEN 1 ELSE 0 END",
        "SELECT CASE (SELECT 1.0 UNION ALL SELECT s FROM u) WHEN 1 THEN 1 WHEN '1.0' THEN 2 END",
        "SELECT CASE (SELECT n FROM u EXCEPT SELECT s FROM u) WHEN 1.0 THEN 1 ELSE 0 END",
    ])


def test_in_list_converts_a_compound_operand_only_item_by_item():
    assert_same(U, [
        # two items: x = item under x's affinity, x converted too
        "SELECT (SELECT CAST(-1 AS TEXT) UNION ALL SELECT r FROM u) IN (-1, 2)",
        # more constant items: an ephemeral index under x's affinity, x as it is
        "SELECT (SELECT CAST(-1 AS TEXT) UNION ALL SELECT r FROM u) IN (-1, 2, 3)",
        "SELECT (SELECT s FROM u UNION ALL SELECT r FROM u) NOT IN ('1.5', '1.0')",
        "SELECT (SELECT 1.0 UNION ALL SELECT s FROM u) IN ('1.0', 5), "
        "(SELECT 1.0 UNION ALL SELECT s FROM u) IN ('1.0', 5, 6)",
        "SELECT (SELECT 1.0 UNION ALL SELECT s FROM u) IN (1, (SELECT 7))",
    ])


def test_in_subquery_leaves_an_operand_of_the_ins_own_affinity():
    assert_same(U, [
        "SELECT (SELECT CAST(-1 AS TEXT) UNION ALL SELECT r FROM u) IN (SELECT -1)",
        "SELECT (SELECT '1' UNION ALL SELECT CAST(5 AS INTEGER)) IN (SELECT 1)",
        "SELECT (SELECT '1' UNION ALL SELECT CAST(5 AS INTEGER)) IN (SELECT i FROM u)",
        "SELECT (SELECT '1' UNION ALL SELECT CAST(5 AS REAL)) IN (SELECT i FROM u)",
        "SELECT (SELECT 1 UNION ALL SELECT CAST(2 AS TEXT)) IN (SELECT '1')",
        "SELECT '1' IN (SELECT i FROM u), 1 IN (SELECT s FROM u), '1.0' IN (SELECT r FROM u)",
    ])


def test_values_scalar_subquery_has_its_last_selects_affinity():
    assert_same(U, [
        "SELECT (VALUES (CAST(1 AS REAL)), (CAST(1 AS REAL))) IS '1'",
        "SELECT (VALUES (CAST(1 AS REAL)), (2)) = '1', (VALUES (1), (CAST(2 AS REAL))) = '1'",
        "SELECT (VALUES (CAST(1 AS REAL)), (CAST(2 AS TEXT))) = '1'",
        "SELECT (VALUES (CAST(1 AS REAL)), (CAST(1 AS REAL))) <> (VALUES ('1'), ('a'))",
        "SELECT x FROM u WHERE (VALUES (CAST(1 AS REAL)), (CAST(1 AS REAL))) IS +x",
    ])


def test_index_search_converts_a_compound_value_to_the_columns_affinity():
    """A searched index gets the comparison's affinity applied to the value it looks for
    unless the value already has it -- a compound's value may not (its text under an
    INTEGER last SELECT)."""
    assert_same(U + ["CREATE TABLE t(i INTEGER, r REAL)", "CREATE INDEX ti ON t(i)",
                     "CREATE INDEX tr ON t(r)", "INSERT INTO t VALUES (1, 1.0), (2, 2.5)"], [
        "SELECT rowid FROM t WHERE i > (SELECT '1' UNION ALL SELECT CAST(1 AS INTEGER))",
        "SELECT rowid FROM t WHERE i = (SELECT '2' UNION ALL SELECT CAST(1 AS INTEGER))",
        "SELECT rowid FROM t WHERE i > (VALUES (CAST(1 AS TEXT)), (CAST(1 AS REAL)))",
        "SELECT rowid FROM t WHERE r >= (SELECT ' 1' UNION ALL SELECT b FROM u EXCEPT "
        "SELECT CAST('1.0' AS INT))",
        "SELECT rowid FROM t WHERE r IN ((SELECT '2.5' UNION ALL SELECT r FROM u), 7)",
    ])


def test_row_of_a_compound_has_its_last_selects_affinities():
    """A compound's term in a row comparison (SQLite's TK_SELECT_COLUMN) has its last
    SELECT's affinity and takes the comparison's itself; ``x IN (SELECT ...)`` of rows
    converts the operand row always (OP_Affinity over a vector)."""
    assert_same(U, [
        "SELECT (1, 2) = (SELECT '1', 2 UNION ALL SELECT CAST(1 AS INTEGER), 2)",
        "SELECT (SELECT 1.0, 2 UNION ALL SELECT CAST(1 AS TEXT), 2) = ('1.0', 2)",
        "SELECT (1, 2) < (SELECT 1.0, 2 UNION ALL SELECT CAST(1 AS TEXT), 2)",
        "SELECT (SELECT '1', 2 UNION ALL SELECT CAST(1 AS INTEGER), 2) IN (SELECT 1, 2)",
        "SELECT (SELECT '1', 2 UNION ALL SELECT CAST(1 AS INTEGER), 2) IN (VALUES (1, 2), (3, 4))",
        "SELECT (SELECT r, 2 FROM u UNION ALL SELECT s, 2 FROM u) IS (1, 2)",
        "SELECT (1, '2') = (VALUES (CAST(1 AS REAL), CAST(2 AS INT)), (1, 2))",
        "SELECT (VALUES (CAST(1 AS REAL), CAST(2 AS INT)), (CAST(1 AS TEXT), 2)) = (1, '2')",
    ])


@pytest.mark.parametrize("op", ["UNION ALL", "UNION", "INTERSECT", "EXCEPT"])
def test_compound_with_order_by_has_its_last_selects_affinity(op):
    """Measured: ORDER BY (a merge in SQLite) changes no compound's affinity; as a scalar
    or IN subquery it is the last SELECT's, in FROM each SELECT's counts."""
    q = f"SELECT CAST(1 AS REAL) {op} SELECT CAST(1 AS TEXT) ORDER BY 1"
    r = f"SELECT CAST(1 AS TEXT) {op} SELECT CAST('1' AS INTEGER) ORDER BY 1 DESC"
    assert_same(U, [
        f"SELECT ({q}) = '1', ({q}) = 1, ({q}) < 1.0, 1 < ({q})",
        f"SELECT ({r}) = '1', ({r}) = 1, ({r}) < 1.0, 1 < ({r})",
        f"SELECT '1' IN ({q}), 1 IN ({q}), 1.0 IN ({r}), '1' IN ({r})",
        f"SELECT v = '1', v = 1, v < 1.0 FROM (SELECT 0 AS v WHERE 0 UNION ALL {q})",
        f"WITH s(v) AS ({r}) SELECT v = '1', v = 1, v < 1.0 FROM s",
    ])


def test_values_list_after_any_with_clause_in_the_text_is_a_union_all():
    """SQLite's parser notes a WITH clause when it reads a common table's name and keeps
    it for the rest of the statement: a VALUES row read after one, even in an earlier,
    separate subquery, is a SELECT of a UNION ALL (column affinity REAL: 0 reads as
    0.0); one read before is a co-routine's (no affinity)."""
    values = "(SELECT x = '0' FROM (SELECT column1 AS x FROM (VALUES (0), (CAST(1 AS INT)))))"
    cte = "(WITH c AS (SELECT 1) SELECT * FROM c)"
    assert_same([], [
        f"SELECT (SELECT 1 FROM {cte}), {values}",
        f"SELECT {values}, (SELECT 1 FROM {cte})",
        f"SELECT 1 FROM {cte} WHERE {values}",
        f"SELECT {values} WHERE 1 IN {cte}",
        f"SELECT {cte} UNION ALL SELECT {values}",
        f"SELECT {values} UNION ALL SELECT {cte}",
        f"SELECT {values} LIMIT {cte}",
        f"SELECT CASE {cte} WHEN 1 THEN {values} END, CASE {values} WHEN 1 THEN {cte} END",
        f"SELECT {values} FROM (SELECT 1) JOIN {cte} ON {values}",
        "SELECT x = '0', y FROM (SELECT column1 AS x, column2 AS y FROM (VALUES (0, 1), "
        f"(1, {cte}), (0, 7), (0, 8), (CAST(0 AS INT), 9)))",
    ])
