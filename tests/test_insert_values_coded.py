"""Which error an INSERT of one row of VALUES reports, of those SQLite meets only as it
codes the values, against SQLite (apsw).

SQLite codes such a row value by value in the table's column order, the rowid's (an
INTEGER PRIMARY KEY's, rowid's) last, and reports the last error it sets: a misplaced row
value and RAISE() outside a trigger each replace the one before, a subquery of several
columns is met only while none was (sql/bind/insert_columns.py, ``coded_last``). Each
generated INSERT (seeded: tables, a view with an INSTEAD OF trigger, column lists in any
order, values that fail or not) must give SQLite's outcome.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = ["CREATE TABLE w(a, v, x)", "CREATE TABLE k(id INTEGER PRIMARY KEY, v, x)",
         "CREATE TABLE r(a, v, x PRIMARY KEY) WITHOUT ROWID",
         "CREATE TABLE g(a, v AS (a + 1), x)", "CREATE VIEW vw(a, v, x) AS SELECT 1, 2, 3",
         "CREATE TRIGGER tvw INSTEAD OF INSERT ON vw BEGIN "
         "INSERT INTO w VALUES (new.a, new.v, new.x); END"]
COLUMNS = {"w": ["a", "v", "x", "rowid"], "k": ["id", "v", "x", "oid"],
           "r": ["a", "v", "x"], "g": ["a", "x", "_rowid_"], "vw": ["a", "v", "x"]}
VALUES = ["1", "(1, 2)", "RAISE(ABORT, 'x')", "(SELECT 1, 2)", "(SELECT 1, 2, 3)",
          "abs((1, 2))", "RAISE(IGNORE)", "NULL"]


def _statement(rng: random.Random) -> str:
    table = rng.choice(sorted(COLUMNS))
    names = rng.sample(COLUMNS[table], rng.randint(2, len(COLUMNS[table])))
    values = ", ".join(rng.choice(VALUES) for _ in names)
    if rng.random() < 0.2 and table != "g":
        return f"INSERT INTO {table} VALUES ({values})"
    return f"INSERT INTO {table}({', '.join(names)}) VALUES ({values})"


STATEMENTS = [_statement(random.Random(f"coded-{n}")) for n in range(100)]


@pytest.mark.parametrize("sql", STATEMENTS)
def test_insert_values_report_the_error_sqlite_codes_last(sql):
    assert_same(SETUP, [sql, "SELECT * FROM w", "SELECT * FROM k", "SELECT * FROM r"])
