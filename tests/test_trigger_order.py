"""The order triggers fire in, against SQLite (apsw): a table's own triggers newest first, and
before them a connection's TEMP triggers on a table or view of main in the order of
SQLite's hash table of temp triggers (catalog/trigger_hash.py) -- creation order for up
to four, then the order the table's buckets give -- which SQLite builds afresh when it
reads the temp schema again (sql/schema_reload.py: ALTER TABLE, VACUUM, a ROLLBACK or
ROLLBACK TO of a transaction that changed a schema).

Each test runs one script on both engines, statement by statement, and compares the log
the triggers write, in order."""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from rowandb.catalog.trigger_hash import TriggerHash, name_hash

SETUP = ["CREATE TABLE t(a)", "CREATE TABLE o(a)", "CREATE VIEW v AS SELECT a FROM t",
         "CREATE TEMP TABLE tt(a)", "CREATE TABLE log(n, seq INTEGER PRIMARY KEY)"]
TARGETS = {"t": "AFTER INSERT ON t", "o": "AFTER INSERT ON o", "tt": "AFTER INSERT ON tt",
           "v": "INSTEAD OF INSERT ON v"}
FIRE = ["DELETE FROM log", "INSERT INTO t(a) VALUES (1)", "INSERT INTO o(a) VALUES (1)",
        "INSERT INTO tt(a) VALUES (1)", "INSERT INTO v(a) VALUES (1)",
        "SELECT n FROM log ORDER BY seq"]


def create(name: str, target: str, temp: bool) -> str:
    return (f"CREATE {'TEMP ' if temp else ''}TRIGGER {name} {TARGETS[target]} "
            f"BEGIN INSERT INTO log(n) VALUES ('{name}'); END")


def run_both(script: list[str]) -> list:
    """Run ``script`` then ``FIRE`` on both engines; every statement must succeed or fail
    alike, and the fired log must be the same list; returns that list."""
    ours, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in SETUP + script + FIRE:
        try:
            cursor = ours.execute(sql)
            mine = ("ok", [] if cursor.description is None else [tuple(r) for r in cursor])
        except rowandb.Error as error:
            mine = ("error", str(error))
        try:
            expected = ("ok", [tuple(r) for r in theirs.execute(sql).fetchall()])
        except apsw.Error as error:
            expected = ("error", str(error))
        assert mine == expected, f"{sql}\n{script}"
    return mine[1]


def random_script(rng: random.Random, steps: int) -> list[str]:
    """Temp and main triggers on t, o, tt and v created and dropped, with now and then a
    statement after which SQLite reads its schemas again (or does not)."""
    script, live, k = [], [], 0
    for _ in range(steps):
        roll = rng.random()
        if live and roll < 0.25:
            script.append(f"DROP TRIGGER {live.pop(rng.randrange(len(live)))}")
        elif roll < 0.3:
            script += rng.choice(RELOADS)
        else:
            k += 1
            name = rng.choice(["tr", "X", "q_", "Trig", "ü"]) + str(rng.randrange(1000)) + f"_{k}"
            target = rng.choice(["t", "t", "t", "o", "tt", "v"])
            temp = target == "tt" or rng.random() < 0.7
            script.append(create(name, target, temp))
            live.append(name)
    return script


RELOADS = [
    ["BEGIN", "CREATE TABLE z(a)", "ROLLBACK"],                 # reads the schemas again
    ["SAVEPOINT s", "CREATE TEMP VIEW zv AS SELECT 1", "ROLLBACK TO s", "RELEASE s"],
    ["BEGIN", "CREATE TABLE z(a)", "SAVEPOINT s", "ROLLBACK TO s", "COMMIT", "DROP TABLE z"],
    ["BEGIN", "ANALYZE", "ROLLBACK"],
    ["BEGIN", "DROP TABLE IF EXISTS nosuch", "ROLLBACK"],       # changed nothing: no reload
    ["BEGIN", "INSERT INTO log(n) VALUES ('x')", "ROLLBACK"],
    ["BEGIN", "CREATE TABLE z(a)", "COMMIT", "DROP TABLE z"],   # committed: no reload
    ["BEGIN", "CREATE TABLE z(a, b UNIQUE)", "INSERT INTO z VALUES (1, 1), (2, 1)",
     "ROLLBACK"],                                               # a failed statement: reload
    ["ALTER TABLE o ADD COLUMN b"],                             # ALTER TABLE: a reload
    ["ALTER TABLE tt RENAME COLUMN a TO b", "ALTER TABLE tt RENAME COLUMN b TO a"],
    ["VACUUM"],
]


def test_the_model_of_hash_c():
    # strHash ignores ASCII case; an emptied table drops its buckets
    assert name_hash("Trig") == name_hash("TRIG") == name_hash("trig")
    table = TriggerHash(f"t{i}" for i in range(6))
    for i in range(6):
        table.remove(f"t{i}")
    assert table.walk() == []
    # up to four: each new one at the front; the fifth makes 15 buckets
    assert TriggerHash(["a", "b", "c", "d"]).walk() == ["d", "c", "b", "a"]
    assert sorted(TriggerHash(["a", "b", "c", "d", "e"]).walk()) == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize("count", range(1, 21))
@pytest.mark.parametrize("temp", [True, False])
def test_n_triggers_fire_in_sqlites_order(count, temp):
    names = [f"tr{i}" for i in range(count)]
    assert len(run_both([create(n, "t", temp) for n in names])) == count
    dropped = [f"DROP TRIGGER tr{i}" for i in range(0, count, 3)]
    late = [create(f"late{i}", "t", temp) for i in range(3)]
    assert len(run_both([create(n, "t", temp) for n in names] + dropped + late)) == \
        count - len(dropped) + 3


def test_five_temp_triggers_are_not_in_creation_order():
    """The known difference this file fixes: the fifth TEMP trigger rehashes the table."""
    db = apsw.Connection(":memory:")
    for sql in SETUP + [create(f"tr{i}", "t", True) for i in range(5)] + FIRE[:2]:
        db.execute(sql)
    fired = [n for n, in db.execute("SELECT n FROM log ORDER BY seq")]
    assert fired != [f"tr{i}" for i in range(5)]
    assert run_both([create(f"tr{i}", "t", True) for i in range(5)]) == [(n,) for n in fired]


@pytest.mark.parametrize("reload", RELOADS)
def test_what_reads_the_temp_schema_again(reload):
    """40 temp triggers, 35 dropped: the table keeps its 64 buckets, a fresh one has 15."""
    names = [f"tr{i * 7919 % 1000}" for i in range(40)]
    fired = run_both([create(n, "t", True) for n in names]
                     + [f"DROP TRIGGER {n}" for n in names[:35]] + reload)
    assert sorted(fired) == sorted((n,) for n in names[35:])


@pytest.mark.parametrize("seed", range(40))
def test_random_triggers_fire_in_sqlites_order(seed):
    rng = random.Random(82000000 + seed)
    run_both(random_script(rng, rng.choice([10, 30, 60, 150])))


@pytest.mark.parametrize("count", [3, 5, 9])
def test_broken_update_triggers_fail_in_the_order_of_sqlites_list(count):
    """An UPDATE codes all its triggers before running (sqlite3TriggerColmask), in the
    order of the table's list, whatever their timing: of several broken programs the first
    in that list -- here the TEMP ones in hash order -- names the error."""
    script = [f"CREATE TEMP TRIGGER tr{i} {'BEFORE' if i % 2 else 'AFTER'} UPDATE ON t "
              f"BEGIN SELECT old.nosuch{i}; END" for i in range(count)]
    script += ["CREATE TRIGGER own AFTER UPDATE ON t BEGIN SELECT old.nosuch_own; END"]
    for i in range(count):
        script += ["UPDATE t SET a = 1", f"DROP TRIGGER tr{(i * 2) % count}"]
    run_both(script)


def _timed(name: str, when: str, event: str, temp: bool) -> str:
    return (f"CREATE {'TEMP ' if temp else ''}TRIGGER {name} {when} {event} ON main.t "
            f"BEGIN INSERT INTO log(n) VALUES ('{name}'); END")


@pytest.mark.parametrize("seed", range(12))
def test_before_and_after_triggers_of_both_schemas_fire_in_sqlites_order(seed):
    """BEFORE and AFTER triggers on INSERT, UPDATE and DELETE of a table of main, TEMP and
    main ones mixed, created and dropped: each statement fires its BEFORE triggers then its
    AFTER ones, each list TEMP first in the temp hash table's order, then main's newest
    first -- and PRAGMA schema_version, which a TEMP trigger leaves alone (it lives in
    temp's schema), agrees after every step."""
    rng = random.Random(104000000 + seed)
    script, live = [], []
    for k in range(rng.choice([6, 12, 24])):
        if live and rng.random() < 0.2:
            script.append(f"DROP TRIGGER {live.pop(rng.randrange(len(live)))}")
        else:
            name = f"{rng.choice(['b', 'A', 'z'])}{k}"
            script.append(_timed(name, rng.choice(["BEFORE", "AFTER"]),
                                 rng.choice(["INSERT", "UPDATE", "DELETE"]), rng.random() < 0.5))
            live.append(name)
        script.append("PRAGMA schema_version")
    fire = ["INSERT INTO t(a) VALUES (1)", "UPDATE t SET a = 2", "DELETE FROM t"]
    ours, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in SETUP + script + fire + ["SELECT n FROM log ORDER BY seq", "PRAGMA schema_version"]:
        cursor = ours.execute(sql)
        mine = [] if cursor.description is None else [tuple(r) for r in cursor]
        assert mine == [tuple(r) for r in theirs.execute(sql).fetchall()], f"{sql}\n{script}"
