"""Which error an UPDATE or DELETE reports, of those SQLite meets only as it codes the
statement, against SQLite (apsw).

SQLite codes an UPDATE's WHERE before its SET, and keeps the last message set
(sqlite3ErrorMsg): a misplaced row value and RAISE() outside a trigger each replace the
one before, but a subquery's errors are met only while none is -- one of several columns
where one value goes, and a comparison whose ``*`` subquery its resolver counted as one
term and found wide only as it codes it (``(SELECT * FROM w) = 1`` or ``IN (1)``, w of
two columns: bind_rows.coded_as_values; late_rows.replaces). Each generated statement
(seeded: SET values and WHERE terms from the pieces below, joined by AND or OR, at times
under the ``OR 0`` SQLite's parser drops) must give SQLite's outcome, with the table after.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = ["CREATE TABLE k(id INTEGER PRIMARY KEY, v)", "CREATE TABLE w(a, b)",
         "INSERT INTO k VALUES (1, 1), (2, 2)", "INSERT INTO w VALUES (1, 2)"]
PIECES = ["RAISE(ABORT, 'x')", "(1, 2)", "(SELECT 1, 2)", "(SELECT * FROM w) = 1",
          "(SELECT * FROM w) IN (1)", "(SELECT * FROM w) < 1", "(SELECT * FROM w) = v",
          "v = (SELECT * FROM w)", "(SELECT * FROM w) = (1, 2, 3)", "abs((1, 2))",
          "v = 1", "(SELECT * FROM w) NOT IN ('a')", "NULL"]


def _where(rng: random.Random) -> str:
    terms = [rng.choice(PIECES) for _ in range(rng.randint(1, 2))]
    where = f" {rng.choice(['AND', 'OR'])} ".join(terms)
    return f"{where} OR 0" if rng.random() < 0.25 else where


def _statement(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"DELETE FROM k WHERE {_where(rng)}"
    sets = ", ".join(f"{c} = {rng.choice(PIECES)}" for c in rng.sample(["v", "id"], 1))
    return f"UPDATE k SET {sets} WHERE {_where(rng)}"


STATEMENTS = [_statement(random.Random(f"update-coded-{n}")) for n in range(120)]


@pytest.mark.parametrize("sql", STATEMENTS)
def test_writes_report_the_error_sqlite_codes_last(sql):
    assert_same(SETUP, [sql, "SELECT * FROM k"])
