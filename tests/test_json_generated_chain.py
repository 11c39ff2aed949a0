"""A generated column's JSON subtype on the row a write is making, differential against
SQLite (apsw).

SQLite computes a row's generated columns into the registers of the row in flight, so a
JSON function's result there keeps its subtype for whatever reads that register before
the row is stored: a generated column computed after it (``i AS (json_array(b))`` with
``b AS (json_array(a))`` stores ``[[1]]``, not ``["[1]"]``), a CHECK constraint,
RETURNING and NEW in a trigger (``planner/exec/writer.Generated``, json_marks.py).
Each case is a table of two to four generated columns in a chain -- each VIRTUAL or
STORED, of a declared type or none, its expression a form that keeps the subtype or one
that loses it, over ``a`` or an earlier generated column -- written by INSERTs, UPDATEs
and upserts (reading ``excluded.`` of the generated columns) with RETURNING, logged by
BEFORE and AFTER triggers, then read back plain.
Reading a VIRTUAL column as a JSON function's argument in a later SELECT is left out:
SQLite computes it there again, subtype and all, which RowanDB does not yet
(docs/JSON.md).
"""
from __future__ import annotations

import random

import pytest

from oracle import pair, run

SEED = 85700000
CASES = 160
# {x}: a or an earlier generated column
FORMS = ["json_array({x})", "jsonb_array({x})", "json_object('k', {x})",
         "coalesce(json_array({x}), 0)", "{x}", "+{x}", "json_array({x}) || ''",
         "CASE WHEN a > 1 THEN json_array({x}) ELSE 'x' END", "json({x})",
         "lower({x})", "json_quote({x})", "iif(a, json_array({x}), NULL)"]
TYPES = ["", " TEXT", " INT", " BLOB", " REAL"]
VALUES = ["1", "'[2]'", "json('[3]')", "3", "NULL", "json_array(4, 5)"]


def _table(rng: random.Random) -> tuple[list, list]:
    """The CREATE TABLE and the generated columns' names of one case."""
    columns, names = ["a", "k INTEGER PRIMARY KEY"], []
    for n in range(rng.randint(2, 4)):
        read = rng.choice(["a"] + names)
        form = rng.choice(FORMS).format(x=read)
        if form.startswith("json(") and read == "a":
            form = f"json(json_array({read}))"      # json(1) of a plain number is fine too
        name = f"g{n}"
        kind = rng.choice(["", " VIRTUAL", " STORED"])
        columns.append(f"{name}{rng.choice(TYPES)} AS ({form}){kind}")
        names.append(name)
    if rng.random() < 0.4:
        columns.append(f"CHECK (json_array({rng.choice(names)}) <> '[[3]]')")
    return [f"CREATE TABLE t({', '.join(columns)})"], names


def _script(seed: int) -> list:
    rng = random.Random(seed)
    setup, names = _table(rng)
    read = ", ".join(f"json_array({g})" for g in names)
    cols = ", ".join(names)
    setup += [
        "CREATE TABLE log(w, x)",
        f"CREATE TRIGGER bi BEFORE INSERT ON t BEGIN INSERT INTO log VALUES ('bi', "
        f"json_array({', '.join('NEW.' + g for g in names)})); END",
        f"CREATE TRIGGER au AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('au', "
        f"json_array({', '.join('NEW.' + g for g in names)})); END",
    ]
    writes = [
        f"INSERT INTO t(a, k) VALUES ({rng.choice(VALUES)}, 1) RETURNING {read}",
        f"INSERT INTO t(a, k) VALUES ({rng.choice(VALUES)}, 2), ({rng.choice(VALUES)}, 3)",
        f"INSERT INTO t(a, k) SELECT {rng.choice(VALUES)}, 4 RETURNING {cols}",
        f"UPDATE t SET a = {rng.choice(VALUES)} WHERE k = {rng.randint(1, 4)} "
        f"RETURNING {read}",
        f"INSERT INTO t(a, k) VALUES ({rng.choice(VALUES)}, 1) ON CONFLICT(k) DO UPDATE "
        f"SET a = excluded.a RETURNING {read}",
        f"INSERT OR REPLACE INTO t(a, k) VALUES ({rng.choice(VALUES)}, 2) RETURNING {read}",
        f"INSERT INTO t(a, k) VALUES ({rng.choice(VALUES)}, 3) ON CONFLICT(k) DO UPDATE "
        f"SET a = json_array(excluded.{rng.choice(names)}) "
        f"WHERE json_array(excluded.{rng.choice(names)}) <> '[[2]]' RETURNING {read}",
    ]
    rng.shuffle(writes)
    return setup + writes + [f"SELECT k, a, {cols} FROM t ORDER BY k",
                             "SELECT * FROM log ORDER BY rowid", "PRAGMA integrity_check"]


@pytest.mark.parametrize("part", range(4))
def test_generated_columns_see_the_subtype_of_the_row_in_flight(part):
    for seed in range(SEED + part * CASES // 4, SEED + (part + 1) * CASES // 4):
        script = _script(seed)
        mine, sqlite = pair()
        for sql in script:
            ours, theirs = run(mine, sql), run(sqlite, sql)
            assert ours == theirs, \
                f"seed {seed}: {sql}\n  RowanDB: {ours}\n  SQLite:  {theirs}\n  {script}"
