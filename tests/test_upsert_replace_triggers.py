"""An UPSERT whose row collides with a constraint its ON CONFLICT clauses do not name, that
constraint's own clause REPLACE (or the statement's OR REPLACE): the colliding row is
deleted as by any REPLACE, so with `PRAGMA recursive_triggers` on its DELETE triggers
fire (insert.c, sqlite3GenerateConstraintChecks: the REPLACE's OP_Delete is coded with
the triggers when recursive ones may fire) -- the upsert path deleted it without them
(fixed-seed fuzz case 141: an AFTER DELETE trigger's INSERT went missing, and with it
sqlite_sequence's new value). Generated statements against SQLite (apsw): the table,
its log and sqlite_sequence after each."""

from __future__ import annotations

import random

import pytest

from test_differential import assert_same_outcome, both, fresh_pair, run_both

STATE = ["SELECT rowid, * FROM t ORDER BY rowid", "SELECT * FROM log ORDER BY rowid",
         "SELECT * FROM sqlite_sequence", "SELECT changes(), total_changes()"]


def _schema(rng: random.Random) -> list[str]:
    key = rng.choice(["r INTEGER PRIMARY KEY ON CONFLICT REPLACE",
                      "r INTEGER PRIMARY KEY ON CONFLICT REPLACE AUTOINCREMENT",
                      "r INTEGER PRIMARY KEY", "r INTEGER PRIMARY KEY AUTOINCREMENT"])
    unique = rng.choice(["UNIQUE (a, b)", "UNIQUE (a, b) ON CONFLICT REPLACE"])
    other = rng.choice(["c UNIQUE ON CONFLICT REPLACE", "c UNIQUE", "c"])
    when = rng.choice(["BEFORE", "AFTER"])
    body = rng.choice(["INSERT INTO log VALUES ('del', old.r, old.b)",
                       "INSERT INTO t(b) VALUES (old.b)",
                       "INSERT INTO log VALUES ('del', old.r, old.b); "
                       "INSERT INTO t(a, b) VALUES (old.a, 'again')"])
    return [f"CREATE TABLE t({key}, a, b, {other}, {unique})", "CREATE TABLE log(k, r, b)",
            f"CREATE TRIGGER td {when} DELETE ON t BEGIN {body}; END",
            "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES "
            "('upd', new.r, new.b); END",
            "INSERT INTO t(r, a, b, c) VALUES (1, 1, 'p', 10), (4, 2, 'q', 20), "
            "(7, 3, 'r', 30)",
            rng.choice(["PRAGMA recursive_triggers = ON", "PRAGMA recursive_triggers = OFF"])]


def _upsert(rng: random.Random) -> str:
    r = rng.choice(["1", "4", "'4'", "9", "NULL"])
    a, b = rng.choice([("1", "'p'"), ("2", "'q'"), ("5", "'s'"), ("3", "'x'")])
    c = rng.choice(["10", "20", "30", "40"])
    conflict = rng.choice(["", "", "OR REPLACE ", "OR IGNORE "])
    targets = rng.choice(["(a, b)", "(c)", "(r)", ""])
    if targets == "(c)":
        targets = "(a, b)"          # (c) is unique only in some schemas
    action = rng.choice(["DO NOTHING", "DO UPDATE SET b = excluded.b || '+'",
                         "DO UPDATE SET c = excluded.c + 1 WHERE b <> 'q'"])
    second = rng.choice(["", " ON CONFLICT DO NOTHING", " ON CONFLICT DO UPDATE SET a = 0"])
    if not targets:
        second = ""                 # a clause without a target must come last
    return (f"INSERT {conflict}INTO t(r, a, b, c) VALUES ({r}, {a}, {b}, {c}) "
            f"ON CONFLICT {targets} {action}{second}").replace("  ", " ")


@pytest.mark.parametrize("seed", range(40))
def test_upserts_replacing_rows_fire_delete_triggers_as_sqlite(seed):
    rng = random.Random(85500500 + seed)
    sessions = fresh_pair()
    for sql in _schema(rng):
        run_both(sessions, sql)
    for _ in range(4):
        sql = _upsert(rng)
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs)
        for query in STATE:
            mine, theirs = both(query, sessions)
            assert_same_outcome(f"{query} -- after {sql}", mine, theirs)


def test_the_fuzz_case():
    """Fixed-seed case 141 as the fuzzer reduced it."""
    sessions = fresh_pair()
    for sql in ["CREATE TABLE e(r INTEGER PRIMARY KEY ON CONFLICT REPLACE AUTOINCREMENT, i, "
                "a, b, UNIQUE (a, b))",
                "CREATE TRIGGER tr0 AFTER DELETE ON e BEGIN INSERT INTO e(b) VALUES (old.b); END",
                "INSERT INTO e(r, i, a, b) VALUES (1099511627776, 'A', ' 1', 1), (4, 10, 2, '-0')",
                "PRAGMA recursive_triggers = ON",
                "INSERT INTO e(r, a, b) VALUES ('4', 1, 2.5) ON CONFLICT (a, b) DO UPDATE "
                "SET i = 'x'"]:
        run_both(sessions, sql)
    for query in ["SELECT * FROM sqlite_sequence", "SELECT rowid, * FROM e"]:
        mine, theirs = both(query, sessions)
        assert_same_outcome(query, mine, theirs)
