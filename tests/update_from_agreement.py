"""How often RowanDB's UPDATE ... FROM with a RIGHT or FULL JOIN gives SQLite's outcome.

SQLite does not flatten the FROM clause of an UPDATE ... FROM that holds a RIGHT or FULL
JOIN: it computes it as a subquery and joins the target to its rows
(``rowandb/planner/plan/nested_from.py``), and which of the two loops runs outside
decides which terms meet which rows -- so whether a term that raises (``json(w.m)`` on a
malformed document) is reached, and which matching row sets a value. This module
generates small random schemas (a target t, two tables u and w, declared types of varied
affinity, maybe an index, a few rows with malformed JSON among them) and random
statements ``UPDATE t SET ... FROM u {RIGHT|FULL} JOIN w ON ... WHERE ...`` with up to
four WHERE terms (equalities and ranges between the target and the FROM clause,
equalities with constants, terms and scalar subqueries that raise), runs each on
RowanDB and on SQLite (apsw) from the same state, and counts the statements whose
outcome -- the error, or the target's rows after it -- is the same.
``tests/test_update_from.py`` runs it with a fixed seed and holds a floor on the count;
run it by hand to measure a change:

    .venv/bin/python -m tests.update_from_agreement [cases] [seed] [-v]
"""

from __future__ import annotations

import random
import sys

import apsw

import rowandb

try:
    from join_order_agreement import engines, tally
except ImportError:                     # run as ``python -m tests.update_from_agreement``
    from tests.join_order_agreement import engines, tally

TYPES = ("INTEGER", "TEXT", "", "REAL", "NUMERIC", "BLOB")
VALUES = ("1", "2", "3", "NULL", "'{'", "'[1]'", "'1'", "2.5", "'x'")


def schema(rng: random.Random) -> list:
    """CREATE and INSERT statements of the target t(a, b, c) and u(x, y), w(k, m)."""
    target = "a INTEGER PRIMARY KEY" if rng.random() < 0.5 else f"a {rng.choice(TYPES)}"
    statements = [f"CREATE TABLE t({target}, b {rng.choice(TYPES)}, c {rng.choice(TYPES)})",
                  f"CREATE TABLE u(x {rng.choice(TYPES)}, y {rng.choice(TYPES)})",
                  f"CREATE TABLE w(k {rng.choice(TYPES)}, m {rng.choice(TYPES)})"]
    for table, column in (("t", "b"), ("u", "x"), ("w", "k"), ("u", "y")):
        if rng.random() < 0.25:
            statements.append(f"CREATE INDEX {table}_{column} ON {table}({column})")
    for table in ("t", "u", "w"):
        for row in range(rng.randint(0, 4)):
            first = str(row + 1) if table == "t" else rng.choice(VALUES)
            statements.append(f"INSERT INTO {table} VALUES ({first}, "
                              f"{rng.choice(VALUES)}, {rng.choice(VALUES)})"
                              if table == "t" else
                              f"INSERT INTO {table} VALUES ({first}, {rng.choice(VALUES)})")
    return statements


_FROM_COLUMNS = ("u.x", "u.y", "w.k", "w.m")


def statement(rng: random.Random) -> str:
    """A random UPDATE t ... FROM u RIGHT or FULL JOIN w ON ... WHERE ..."""
    join = rng.choice(("RIGHT JOIN", "FULL JOIN", "RIGHT JOIN", "LEFT JOIN"))
    on = rng.choice(("u.x = w.k", "u.y = w.m", "u.x = w.k AND json(w.m)", "1",
                     "u.x > w.k"))
    terms = []
    for _ in range(rng.randint(1, 4)):
        shape = rng.random()
        column = rng.choice(_FROM_COLUMNS)
        if shape < 0.3:
            terms.append(f"{column} = t.{rng.choice('abc')}")
        elif shape < 0.45:
            terms.append(f"{column} {rng.choice(('>', '<', '>='))} t.a")
        elif shape < 0.6:
            terms.append(f"{column} = {rng.choice(('1', '2', quote(rng)))}")
        elif shape < 0.75:
            terms.append(f"json({rng.choice(_FROM_COLUMNS + ('t.b', 't.c'))})")
        elif shape < 0.85:
            terms.append(f"(SELECT json({column}))")
        else:
            terms.append(f"t.{rng.choice('bc')} IS NOT NULL")
    value = rng.choice(("1", "coalesce(u.y, w.m)", "t.b || 'z'", "w.k"))
    return f"UPDATE t SET b = {value} FROM u {join} w ON {on} WHERE {' AND '.join(terms)}"


def quote(rng: random.Random) -> str:
    return rng.choice(("'x'", "'1'", "NULL", "2.5"))


def outcome(connection, sql: str, fetch) -> tuple:
    """("error", message) or ("rows", the target's rows after ``sql``)."""
    try:
        connection.execute(sql)
    except (apsw.Error, rowandb.Error) as error:
        return "error", str(error)
    return "rows", fetch(connection, "SELECT * FROM t ORDER BY rowid")


def _apsw_rows(connection, sql):
    return [tuple(row) for row in connection.execute(sql)]


def _rowandb_rows(connection, sql):
    return [tuple(row) for row in connection.execute(sql).fetchall()]


def measure(count: int = 1200, seed: int = 1, verbose: bool = False):
    """(agreements, cases compared, the differing (schema, statement, sqlite, rowandb));
    a new schema every ten statements, each statement from the schema's first state."""
    rng = random.Random(seed)
    agreed, compared, differing = 0, 0, []
    while compared < count:
        statements = schema(rng)
        for _ in range(min(10, count - compared)):
            sql = statement(rng)
            lite, mine = engines(statements)
            expected = outcome(lite, sql, _apsw_rows)
            got = outcome(mine, sql, _rowandb_rows)
            compared += 1
            agreed += tally(differing, statements, sql, expected, got, verbose)
    return agreed, compared, differing


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    n = int(args[0]) if args else 1200
    s = int(args[1]) if len(args) > 1 else 1
    agreed, compared, _ = measure(n, s, "-v" in sys.argv)
    print(f"agreed {agreed} of {compared} (seed {s})")
