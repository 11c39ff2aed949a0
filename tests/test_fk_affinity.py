"""Foreign keys between columns of different affinities, against SQLite (apsw).

SQLite compares a child key with its parent in three ways (src/fkey.c), and RowanDB must
decide as each one does:

- looking for a child's parent (INSERT or UPDATE of the child): the child value takes the
  parent column's affinity, numeric affinities only converting text; a rowid parent takes
  the value as a rowid would (OP_MustBeInt);
- counting the children of a parent key that goes away: ``parent = child`` with both
  columns' affinities;
- an action (CASCADE, SET NULL, SET DEFAULT) or RESTRICT looking for its children: a
  trigger's ``old.parent = child``, where ``old.parent`` has no affinity (INTEGER for a
  rowid parent), so only the child column's affinity converts. A child the count sees but
  the action misses stays behind, and the statement fails.

PRAGMA foreign_key_check looks a rowid parent up as ``WHERE rowid = x`` does
(OP_SeekRowid), which takes text reading as an integral REAL that OP_MustBeInt refuses.

An UPDATE that sets a child key column checks the new row's parent whatever the value
(setting an orphan's key to itself fails), and an action writing into a child's INTEGER
PRIMARY KEY makes the value a rowid first ('datatype mismatch' for NULL or text).

Where a child matches one parent key by one comparison and another by the other, SQLite's
violation *counter* and RowanDB's recorded violations part ways on purpose
(docs/FOREIGN_KEYS.md, compat/foreign_keys/quirks.test): the scripted scenarios have one
parent row, and the random ones defer their constraint and never commit.
"""

from __future__ import annotations

import itertools
import random

import pytest

from oracle import assert_same

PARENTS = {"rowid": "INTEGER PRIMARY KEY", "integer": "INTEGER UNIQUE", "real": "REAL UNIQUE",
           "numeric": "NUMERIC PRIMARY KEY", "text": "TEXT UNIQUE", "blob": "BLOB PRIMARY KEY"}
CHILDREN = {"integer": "INTEGER", "real": "REAL", "numeric": "NUMERIC", "text": "TEXT",
            "blob": "BLOB", "none": "", "rowid": "INTEGER PRIMARY KEY"}
ACTIONS = ["CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION"]
# the parent's zero written the ways a child may hold it
CHILD_VALUES = ["0", "'0'", "0.0", "'0.0'", "' 0'", "x'30'", "'-0'"]


def _scenario(parent: str, child: str, action: str, default: str) -> tuple[list, list]:
    setup = [f"CREATE TABLE p(k {PARENTS[parent]}, v)",
             f"CREATE TABLE c(x {CHILDREN[child]} DEFAULT {default} REFERENCES p(k) "
             f"ON UPDATE {action} ON DELETE {action}, y)",
             "INSERT INTO p VALUES (0, 'zero')"]
    queries = [f"INSERT INTO c(x, y) VALUES ({v}, {i})" for i, v in enumerate(CHILD_VALUES)]
    look = ["SELECT x, typeof(x), y FROM c ORDER BY y", "PRAGMA foreign_key_check(c)"]
    queries += look[:1] + ["UPDATE p SET k = 7"] + look + ["DELETE FROM p"] + look
    return setup, queries


@pytest.mark.parametrize("parent,child", list(itertools.product(PARENTS, CHILDREN)))
def test_actions_and_checks_across_affinities(parent, child):
    for action in ACTIONS:
        for default in (["7", "'x'"] if action == "SET DEFAULT" else ["NULL"]):
            assert_same(*_scenario(parent, child, action, default))


@pytest.mark.parametrize("sql", [
    # the finding fk_affinity: the REAL parent 0.0 does not reach the TEXT child '0'
    ["CREATE TABLE p(a REAL PRIMARY KEY)",
     "CREATE TABLE c(x CLOB REFERENCES p(a) ON UPDATE SET DEFAULT)",
     "INSERT INTO p VALUES (0)", "INSERT INTO c VALUES (0)",
     "UPDATE p SET a = NULL", "SELECT x, typeof(x) FROM c"],
    # a TEXT '1' child of an INTEGER parent; 2**63-1 against a REAL parent
    ["CREATE TABLE p(a INTEGER UNIQUE, r REAL UNIQUE)",
     "CREATE TABLE c(x TEXT REFERENCES p(a) ON DELETE CASCADE, "
     "z REFERENCES p(r) ON UPDATE CASCADE)",
     "INSERT INTO p VALUES (1, 9223372036854775807)", "INSERT INTO c VALUES ('1', NULL)",
     "INSERT INTO c VALUES (NULL, 9223372036854775807)", "INSERT INTO c VALUES ('01', NULL)",
     "INSERT INTO c VALUES (NULL, 9223372036854775806)", "UPDATE p SET r = 5",
     "SELECT x, z, typeof(z) FROM c", "DELETE FROM p", "SELECT x, z FROM c"],
    # the finding fk_set_null_rowid: a rowid cannot become NULL
    ["CREATE TABLE p(a INTEGER PRIMARY KEY, u REAL UNIQUE)",
     "CREATE TABLE c(x INTEGER PRIMARY KEY NOT NULL REFERENCES p(u) ON UPDATE SET NULL)",
     "INSERT INTO p VALUES (1, 2)", "INSERT INTO c VALUES (2)", "UPDATE p SET u = 3",
     "SELECT x FROM c"],
    # actions writing a child's rowid: text, a REAL, the default
    ["CREATE TABLE p(a TEXT UNIQUE, b REAL UNIQUE)",
     "CREATE TABLE c(x INTEGER PRIMARY KEY DEFAULT '12' REFERENCES p(a) ON UPDATE CASCADE "
     "ON DELETE SET DEFAULT, y)",
     "CREATE TABLE d(x INTEGER PRIMARY KEY REFERENCES p(b) ON UPDATE CASCADE, y)",
     "INSERT INTO p VALUES ('5', 5), ('12', 6)", "INSERT INTO c VALUES (5, 1)",
     "INSERT INTO d VALUES (5, 1)", "UPDATE p SET a = ' 8 ' WHERE b = 5",
     "UPDATE p SET a = '9' WHERE b = 5", "SELECT x, typeof(x) FROM c",
     "UPDATE p SET b = -9223372036854775808.0 WHERE a = '9'", "UPDATE p SET b = 2.5",
     "SELECT x, typeof(x) FROM d", "DELETE FROM p WHERE a = '9'", "SELECT x, y FROM c"],
    # an UPDATE setting a child key checks the parent whatever the value
    ["CREATE TABLE p(a INTEGER PRIMARY KEY)", "CREATE TABLE c(x REFERENCES p, y)",
     "CREATE TABLE s(id INTEGER PRIMARY KEY, up REFERENCES s, v)",
     "PRAGMA foreign_keys = OFF", "INSERT INTO c VALUES (5, 1)", "INSERT INTO s VALUES (1, 9, 0)",
     "PRAGMA foreign_keys = ON", "UPDATE c SET y = 2", "UPDATE c SET x = x", "UPDATE c SET x = 5",
     "UPDATE s SET v = 1", "UPDATE s SET id = id", "UPDATE s SET up = up",
     "INSERT INTO c VALUES (NULL, 1) ON CONFLICT DO NOTHING", "SELECT * FROM c"],
    # PRAGMA foreign_key_check seeks a rowid parent as WHERE rowid = x does (OP_SeekRowid),
    # taking text that reads as an integral REAL, which a write's check refuses
    ["CREATE TABLE p(a INTEGER PRIMARY KEY)", "CREATE TABLE c(x TEXT REFERENCES p, y)",
     "INSERT INTO p VALUES (-9223372036854775808), (5), (0)", "PRAGMA foreign_keys = OFF",
     *[f"INSERT INTO c VALUES ({v}, {i})" for i, v in enumerate([
         "'-9223372036854775809'", "'-9223372036854775808.0'", "'-9.2233720368547758e18'",
         "'9223372036854775807.0'", "' 5 '", "'5.0'", "'1e-400'", "'5.5'", "x'35'", "''"])],
     "PRAGMA foreign_keys = ON", "PRAGMA foreign_key_check", "INSERT INTO c SELECT x, y FROM c",
     "SELECT p.a, c.y FROM c JOIN p ON p.a = c.x ORDER BY c.y"],
], ids=["finding", "issue-8-examples", "set-null-rowid", "rowid-child", "same-value",
        "check-seeks-rowid"])
def test_foreign_key_scripts(sql):
    assert_same([], sql)


# -- random parents whose keys collide across affinities ----------------------------------
# Several parent rows may equal one child by different comparisons here, where SQLite's
# counter and RowanDB's recorded violations part ways at COMMIT; so the constraint is
# deferred and the transaction rolled back: every statement, the rows it leaves and
# PRAGMA foreign_key_check must still be SQLite's.
_KEYS = ["0", "0.0", "'0'", "'0.0'", "1", "1.0", "'1'", "' 1'", "'1e0'", "x'30'", "NULL", "'a'",
         "'A'", "-9223372036854775808", "-9.223372036854776e18", "'-9223372036854775809'",
         "2.5", "'2.5'"]
_PARENT_KEYS = ["INTEGER PRIMARY KEY", "{t} PRIMARY KEY", "{t} UNIQUE", "{t} COLLATE NOCASE UNIQUE",
                "{t} COLLATE RTRIM UNIQUE"]


def _colliding(rng) -> list:
    pick = rng.choice
    child = "INTEGER PRIMARY KEY" if rng.random() < 0.2 else \
        f"{pick(list(CHILDREN.values())[:-1])} DEFAULT {pick(_KEYS)}"
    sql = [f"CREATE TABLE p(a {pick(_PARENT_KEYS).format(t=pick(list(CHILDREN.values())[:-1]))}, n)",
           f"CREATE TABLE c(x {child} REFERENCES p(a) ON DELETE {pick(ACTIONS)} "
           f"ON UPDATE {pick(ACTIONS)} DEFERRABLE INITIALLY DEFERRED, y)"]
    if rng.random() < 0.4:
        sql.append(f"CREATE INDEX ci ON c(x{pick(['', ' COLLATE NOCASE'])})")
    sql += ["BEGIN"] + [f"INSERT INTO p(a, n) VALUES ({pick(_KEYS)}, {i})" for i in range(4)]
    sql += [f"INSERT INTO c(x, y) VALUES ({pick(_KEYS)}, {i})" for i in range(4)]
    for _ in range(6):
        sql.append(pick([f"UPDATE p SET a = {pick(_KEYS)} WHERE a = {pick(_KEYS)}",
                         f"DELETE FROM p WHERE a = {pick(_KEYS)}",
                         f"UPDATE c SET x = {pick(_KEYS)} WHERE y = {rng.randint(0, 3)}",
                         f"REPLACE INTO p(a, n) VALUES ({pick(_KEYS)}, 9)",
                         f"UPDATE OR REPLACE p SET a = {pick(_KEYS)}"]))
        sql += ["SELECT a, typeof(a), n FROM p ORDER BY n, rowid",
                "SELECT x, typeof(x), y FROM c ORDER BY y, rowid", "PRAGMA foreign_key_check"]
    return sql + ["ROLLBACK"]


@pytest.mark.parametrize("seed", range(4))
def test_random_parents_whose_keys_collide(seed):
    rng = random.Random(seed)
    for _ in range(25):
        assert_same([], _colliding(rng))
