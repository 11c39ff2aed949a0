"""The declared type PRAGMA table_info shows for a view column that is a scalar subquery,
differential against SQLite (apsw).

SQLite's columnType reads a scalar subquery's first column from the top of its Select
list, which for a compound is its last SELECT: `CREATE VIEW v AS SELECT (SELECT NULL
UNION ALL SELECT i FROM t)` shows i's INTEGER (``bind_view.declared_type``); RowanDB read
the first SELECT and showed INT, the type of the affinity (fuzz seed 85700023; 800 of
the 2,304 views here differed on `6dfe4a5`). Every pair of twelve columns and
expressions, under the four compound operators, with and without ORDER BY, and three
SELECTs deep.
"""
from __future__ import annotations

import itertools

import apsw

import rowandb

COLUMNS = ["i", "x", "r", "n", "b", "a", "z", "NULL", "1", "'s'", "i + 1", "CAST(x AS INT)"]
OPERATORS = ["UNION ALL", "UNION", "INTERSECT", "EXCEPT"]


def _forms(c1: str, c2: str, op: str) -> list:
    return [f"(SELECT {c1} FROM t {op} SELECT {c2} FROM t)",
            f"(SELECT {c1} FROM t {op} SELECT {c2} FROM t ORDER BY 1)",
            f"(SELECT {c1} FROM t)",
            f"(SELECT {c1} FROM t {op} SELECT {c2} FROM t {op} SELECT i FROM t)"]


def test_a_scalar_subquerys_view_column_has_its_last_selects_type():
    mine, sqlite = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    schema = "CREATE TABLE t(i INTEGER, x TEXT, r REAL, n NUMERIC, b BLOB, a ANYTHING, z)"
    mine.execute(schema)
    sqlite.execute(schema)
    differ, n = [], 0
    for c1, c2, op in itertools.product(COLUMNS, COLUMNS, OPERATORS):
        for form in _forms(c1, c2, op):
            n += 1
            create = f"CREATE VIEW v{n} AS SELECT {form} AS c, (SELECT 1) AS d"
            mine.execute(create)
            sqlite.execute(create)
            query = f"SELECT name, type FROM pragma_table_xinfo('v{n}')"
            ours = [tuple(row) for row in mine.execute(query).fetchall()]
            theirs = [tuple(row) for row in sqlite.execute(query)]
            if ours != theirs:
                differ.append((form, ours, theirs))
    assert n == 2304
    assert not differ, differ[:5]
