"""A VALUES list of several rows as an IN's, a comparison's or a compound's subquery.

SQLite keeps a compound by its last SELECT, and a VALUES list of several rows is one (a
co-routine or SELECTs of a UNION ALL, ``sql/parse/values_arms.py``): ``x IN (VALUES ...)``
takes its affinity and collation from the last arm (docs/SQL.md, "Row values and
VALUES"). The random test runs ``tests/values_lists.py``'s statements; the cases below
are one per rule.
"""

from __future__ import annotations

import pytest

from oracle import assert_same
from values_lists import SETUP, differences, statements


@pytest.mark.parametrize("seed", [87000021, 87000022])
def test_generated_values_lists_agree_with_sqlite(seed):
    found = differences(statements(seed, 600))
    assert not found, "\n".join(f"{sql}\n  rowandb: {a}\n  sqlite:  {b}" for sql, a, b in found[:10])


def test_in_takes_the_affinity_of_the_last_arm():
    assert_same(SETUP, [
        "SELECT (SELECT '1' UNION ALL SELECT CAST(2 AS INT)) IN "
        "((VALUES (CAST(1 AS TEXT)), (CAST(1 AS REAL))))",
        "SELECT '1' IN (VALUES (CAST(1 AS NUMERIC)), (CAST(1 AS NUMERIC)))",
        "SELECT 1 IN (VALUES (CAST(1 AS TEXT)), (CAST(1 AS TEXT)))",
        "WITH q AS (SELECT 1) SELECT 1 NOT IN (VALUES ('1'), (CAST(1 AS TEXT)))",
        "SELECT * FROM t WHERE '1.0' IN (VALUES ((SELECT r FROM t)), (CAST(1 AS REAL)))",
        "SELECT (s, 1) IN (VALUES (CAST(1 AS REAL), 1), (CAST(1 AS TEXT), 1)) FROM t",
    ])


def test_a_coroutine_arm_has_its_first_rows_collation_not_an_explicit_one():
    assert_same(SETUP, [
        "SELECT 'ABC' IN (VALUES ('abc' COLLATE NOCASE), (1.0))",
        "SELECT nc IN (VALUES ('ABC ' COLLATE RTRIM), (1)) FROM t",
        "SELECT * FROM (VALUES (1), ('ABC'), ('abc' COLLATE NOCASE) UNION SELECT nc FROM t) "
        "ORDER BY 1",
    ])
