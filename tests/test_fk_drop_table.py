"""DROP TABLE and foreign keys, against SQLite (apsw): the parent, the child, broken keys.

With foreign keys on, SQLite's DROP TABLE first runs an implicit ``DELETE FROM`` on the table
(fkey.c, sqlite3FkDropTable), compiled with triggers disabled: a constraint whose parent key
is mismatched (not UNIQUE, no such column) is then skipped without an error, actions still
run, an immediate violation left behind fails the DROP, a deferred one the COMMIT. A child
whose own parent table is missing takes back one violation per row with a complete key,
whether or not it was counted -- so dropping it can fail. Every case here runs on a fresh
pair of connections and each statement must give SQLite's rows or error.
"""

from __future__ import annotations

import itertools

import pytest

from oracle import assert_same

PARENTS = {"primary key": "CREATE TABLE p(a PRIMARY KEY, n)",
           "not unique": "CREATE TABLE p(a, n)",
           "unique": "CREATE TABLE p(a UNIQUE, n)"}
REFERENCES = {"column": "p(a)", "no such column": "p(zz)", "primary key": "p"}
MODES = {"immediate": "", "deferred": " DEFERRABLE INITIALLY DEFERRED",
         "cascade": " ON DELETE CASCADE", "set null": " ON DELETE SET NULL",
         "restrict": " ON DELETE RESTRICT"}
DATA = {"empty": [],
        "child": ["INSERT INTO p VALUES (1, 1)", "INSERT INTO c VALUES (1)"],
        "null child": ["INSERT INTO p VALUES (1, 1)", "INSERT INTO c VALUES (NULL)"]}
AROUND = {"autocommit": (["PRAGMA foreign_keys=ON"], []),
          "keys off": (["PRAGMA foreign_keys=OFF"], []),
          "transaction": (["PRAGMA foreign_keys=ON", "BEGIN"], ["COMMIT"]),
          "defer_foreign_keys": (["PRAGMA foreign_keys=ON", "BEGIN",
                                  "PRAGMA defer_foreign_keys=ON"], ["COMMIT"]),
          "outstanding": (["PRAGMA foreign_keys=ON", "BEGIN", "INSERT INTO c VALUES (7)"],
                          ["COMMIT"])}
AFTER = ["SELECT name FROM sqlite_schema ORDER BY name", "SELECT * FROM c",
         "PRAGMA foreign_keys=ON", "PRAGMA foreign_key_check"]


def _matrix():
    for parent, ref, mode, data, around in itertools.product(PARENTS, REFERENCES, MODES, DATA,
                                                             AROUND):
        if around == "outstanding" and mode != "deferred":
            continue                    # an immediate orphan fails its own INSERT
        yield parent, ref, mode, data, around


@pytest.mark.parametrize("target", ["p", "c"])
@pytest.mark.parametrize("parent, ref, mode, data, around", list(_matrix()))
def test_drop_parent_or_child(parent, ref, mode, data, around, target):
    setup = ["PRAGMA foreign_keys=OFF", PARENTS[parent],
             f"CREATE TABLE c(x REFERENCES {REFERENCES[ref]}{MODES[mode]})"] + DATA[data]
    before, after = AROUND[around]
    assert_same(setup, before + [f"DROP TABLE {target}"] + after + AFTER)


@pytest.mark.parametrize("mode", ["", " DEFERRABLE INITIALLY DEFERRED"])
@pytest.mark.parametrize("ref", ["nosuch(a)", "nosuch", "v(a)"])
@pytest.mark.parametrize("around", [[], ["BEGIN"], ["BEGIN", "PRAGMA defer_foreign_keys=ON"]])
@pytest.mark.parametrize("rows", ["(1)", "(NULL)", "(1), (2)"])
def test_drop_a_referenced_child_of_a_missing_parent(mode, ref, around, rows):
    """A table referenced by another, whose own parent is missing: each row with a
    complete key takes back a violation never counted, and the DROP (or COMMIT) fails.
    A view as parent is a mismatch instead, skipped."""
    setup = ["PRAGMA foreign_keys=OFF", "CREATE VIEW v AS SELECT 1 AS a",
             f"CREATE TABLE c(x REFERENCES {ref}{mode})", "CREATE TABLE d(y REFERENCES c(x))",
             f"INSERT INTO c VALUES {rows}", "PRAGMA foreign_keys=ON"]
    assert_same(setup, around + ["DROP TABLE c"] + (["COMMIT"] if around else []) +
                ["SELECT name FROM sqlite_schema ORDER BY name"])


CASES = {
    "a cascade into a table whose child is mismatched still fails": (
        ["CREATE TABLE p(a PRIMARY KEY)",
         "CREATE TABLE c(x PRIMARY KEY REFERENCES p ON DELETE CASCADE, y)",
         "CREATE TABLE d(z REFERENCES c(y))", "INSERT INTO p VALUES (1)",
         "INSERT INTO c VALUES (1, 1)"],
        ["DROP TABLE p", "SELECT * FROM c", "DROP TABLE d", "DROP TABLE p", "SELECT * FROM c"]),
    "a SET NULL into a table whose child is mismatched still fails": (
        ["CREATE TABLE p(a PRIMARY KEY)",
         "CREATE TABLE c(x PRIMARY KEY REFERENCES p ON DELETE SET NULL)",
         "CREATE TABLE d(z REFERENCES c(zz))", "INSERT INTO p VALUES (1)",
         "INSERT INTO c VALUES (1)"],
        ["DROP TABLE p", "SELECT * FROM c"]),
    "ROLLBACK TO before a child's DROP brings its violations back": (
        ["CREATE TABLE p(a PRIMARY KEY)",
         "CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED)"],
        ["BEGIN", "INSERT INTO c VALUES (5)", "SAVEPOINT s", "DROP TABLE c", "ROLLBACK TO s",
         "COMMIT", "SELECT * FROM c", "ROLLBACK"]),
    "a child dropped and created again keeps none of the old violations": (
        ["CREATE TABLE p(a PRIMARY KEY)",
         "CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED)"],
        ["BEGIN", "INSERT INTO c VALUES (5)", "DROP TABLE c",
         "CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED)",
         "INSERT INTO c VALUES (6)", "DELETE FROM c", "COMMIT", "SELECT * FROM c"]),
    "the mismatch is only skipped by the DROP": (
        ["PRAGMA foreign_keys=OFF", "CREATE TABLE p(id INTEGER PRIMARY KEY, v)",
         "CREATE TABLE c(pv REFERENCES p(v))", "INSERT INTO p VALUES (1, 1)",
         "PRAGMA foreign_keys=ON"],
        ["DELETE FROM p", "SELECT * FROM p", "DROP TABLE p", "SELECT name FROM sqlite_schema"]),
}


@pytest.mark.parametrize("name", CASES)
def test_drop_table_cases(name):
    setup, queries = CASES[name]
    assert_same(setup, queries)
