"""last_insert_rowid() and changes() after an INSERT that fails, against SQLite (apsw).

SQLite sets last_insert_rowid() as it writes each row, and a failed statement does not
undo that value. Whether a row whose immediate foreign key fails is written at all depends
on how SQLite compiled the statement (fkey.c fkLookupParent): a top-level INSERT of one
row that is not a "multi-write" halts on the violation before writing the row, so
last_insert_rowid() keeps its old value; any other -- several rows or a SELECT, a trigger
on the table (RETURNING is one), a REPLACE that may delete a row (the table has a rowid
given or a UNIQUE index, and foreign keys), a DO UPDATE that sets a key, a body of a
trigger, a deferred constraint or PRAGMA defer_foreign_keys -- counts the violation, writes
the row and fails afterwards (at the statement's end, or at COMMIT), so the value is the
row's. Before this file RowanDB kept the old value for every one-row INSERT (a failing
one-row REPLACE of the trigger state machine found it)."""

from __future__ import annotations

import apsw
import pytest

import rowandb

PARENT = ["CREATE TABLE p(id INTEGER PRIMARY KEY)", "INSERT INTO p VALUES (1)"]
CHILD = "CREATE TABLE c(id {id}, pid REFERENCES p{deferred}, u {unique}, " \
        "nn NOT NULL DEFAULT 0, ck CHECK (ck IS NOT 5))"
SCHEMAS = {
    "rowid alias": [CHILD.format(id="INTEGER PRIMARY KEY", deferred="", unique="UNIQUE")],
    "no key": [CHILD.format(id="INT", deferred="", unique="")],
    "unique only": [CHILD.format(id="INT", deferred="", unique="UNIQUE")],
    "deferred": [CHILD.format(id="INTEGER PRIMARY KEY",
                              deferred=" DEFERRABLE INITIALLY DEFERRED", unique="UNIQUE")],
    "after trigger": [CHILD.format(id="INTEGER PRIMARY KEY", deferred="", unique="UNIQUE"),
                      "CREATE TABLE lg(x)",
                      "CREATE TRIGGER tr AFTER INSERT ON c BEGIN INSERT INTO lg VALUES (new.id); END"],
    "before trigger": [CHILD.format(id="INTEGER PRIMARY KEY", deferred="", unique="UNIQUE"),
                       "CREATE TABLE lg(x)",
                       "CREATE TRIGGER tr BEFORE INSERT ON c BEGIN INSERT INTO lg VALUES (1); END"],
}
CONFLICTS = ["", "OR IGNORE ", "OR FAIL ", "OR ROLLBACK ", "OR REPLACE "]
ROWS = ["(3, 99, NULL, 0, 0)", "(NULL, 99, NULL, 0, 0)", "(3, 1, NULL, 0, 0), (4, 99, NULL, 0, 0)",
        "(3, 1, NULL, 0, 0), (4, 1, NULL, NULL, 5)"]
SHAPES = ["INSERT {c}INTO c SELECT 3, 99, NULL, 0, 0",
          "INSERT {c}INTO c(pid) VALUES (99)", "INSERT {c}INTO c DEFAULT VALUES",
          "INSERT {c}INTO c VALUES (2, 99, NULL, 0, 0) ON CONFLICT DO UPDATE SET pid = 99",
          "INSERT {c}INTO c VALUES (2, 99, NULL, 0, 0) ON CONFLICT DO UPDATE SET nn = 9",
          "INSERT {c}INTO c VALUES (3, 99, NULL, 0, 0) ON CONFLICT DO NOTHING"]


def outcome(db, statements: list[str]) -> tuple:
    """Whether each statement failed, then last_insert_rowid() and changes()."""
    failed = []
    for sql in statements:
        try:
            cursor = db.execute(sql)
            if isinstance(db, apsw.Connection) or cursor.description is not None:
                cursor.fetchall()
            failed.append(False)
        except (apsw.Error, rowandb.Error):
            failed.append(True)
    return failed, list(db.execute("SELECT last_insert_rowid(), changes()"))[0]


def statements() -> list[str]:
    inserts = [f"INSERT {c}INTO c VALUES {rows}" for c in CONFLICTS for rows in ROWS]
    inserts += [f"INSERT {c}INTO c VALUES {rows} RETURNING id" for c in ("", "OR REPLACE ")
                for rows in ROWS]
    return inserts + [shape.format(c=c) for shape in SHAPES for c in ("", "OR REPLACE ")]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_last_insert_rowid_after_a_failed_insert_is_sqlites(schema):
    setup = ["PRAGMA foreign_keys = 1"] + PARENT + SCHEMAS[schema] + [
        "INSERT INTO c(id, pid) VALUES (2, 1)", "UPDATE c SET u = 'u' WHERE id = 2"]
    for sql in statements():
        for before in ([], ["PRAGMA defer_foreign_keys = 1"], ["BEGIN"]):
            script = setup + before + [sql]
            expected = outcome(apsw.Connection(":memory:"), script)
            assert outcome(rowandb.connect(":memory:", isolation_level=None), script) == \
                expected, script[-2:]


def test_a_failing_insert_in_a_trigger_body_sets_it_as_sqlite_does():
    """A trigger body's INSERT counts its violations (pToplevel): its row is written."""
    setup = ["PRAGMA foreign_keys = 1"] + PARENT + SCHEMAS["rowid alias"] + [
        "CREATE TABLE src(x)",
        "CREATE TRIGGER tr AFTER INSERT ON src BEGIN INSERT INTO c VALUES (3, new.x, NULL, 0, 0); END",
        "INSERT INTO c(id, pid) VALUES (2, 1)"]
    for sql in ["INSERT INTO src VALUES (99)", "INSERT INTO src VALUES (1)",
                "INSERT OR REPLACE INTO src VALUES (99)"]:
        script = setup + [sql]
        assert outcome(rowandb.connect(":memory:", isolation_level=None), script) == \
            outcome(apsw.Connection(":memory:"), script)


def test_the_one_row_replace_the_state_machine_found():
    script = ["PRAGMA foreign_keys = 1", "CREATE TABLE a(id INTEGER PRIMARY KEY)",
              "CREATE TABLE b(id INTEGER PRIMARY KEY, aid REFERENCES a, v)",
              "INSERT INTO a VALUES (1)", "INSERT INTO b VALUES (7, 1, 0)",
              "REPLACE INTO b VALUES (1, 0, NULL)"]
    expected = outcome(apsw.Connection(":memory:"), script)
    assert expected == ([False] * 5 + [True], (1, 0))
    assert outcome(rowandb.connect(":memory:", isolation_level=None), script) == expected
