"""When SQLite knows a view's columns, and when it forgets them, against apsw.

SQLite works a view's columns out the first time a statement reads the view
(build.c sqlite3ViewGetColumnNames) and keeps them until it forgets them; a statement that
reads a view whose columns it knows only looks up the tables of its query where it meets
it, one it does not know it resolves whole there. So the known state shows in which error
a statement names first (bind_view.look_up, test_expand_order.py). Measured with apsw
3.54, SQLite forgets:

| event | views forgotten |
| --- | --- |
| DROP TABLE, DROP VIEW of schema S -- as it is coded, so even when it then fails | S's |
| ALTER TABLE of a table of S (any form) once it changed the table | S's and temp's |
| VACUUM; ROLLBACK or ROLLBACK TO of a transaction that changed a schema | all |
| an ALTER TABLE failing after its change (a row's CHECK, 'error in ... after ...') | all |

and nothing else does (CREATE of any kind, DROP INDEX, DROP TRIGGER, ANALYZE, REINDEX, a
COMMIT, a DDL that fails before its change, a row failing SET NOT NULL or ADD CHECK,
which are tested first). After RENAME TO, RENAME COLUMN and DROP COLUMN, SQLite's test of
the schema (alter.c renameTestSchema) resolves every view and trigger of the schemas it
reloaded, which works out the columns of each view they read: those are known again --
not the tested views themselves, whose texts it parses anew.

Probes: main's view ``mv`` reads ``a INDEXED BY ia``, so after ``DROP INDEX ia`` (which
forgets nothing) ``SELECT 1 FROM mv, nosuch1`` names the index if mv's columns are unknown
and nosuch1 if known; the TEMP view ``tv`` reads main's ``aft``, whose DROP forgets only
main's views. rowandb/sql/schema_reload.py and ddl_run.py hold the rule.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = ["CREATE TABLE a(x, y)", "CREATE INDEX ia ON a(x)", "CREATE TABLE aft(x)",
         "CREATE TABLE t6(y)", "CREATE TEMP TABLE tt(b)",
         "CREATE VIEW mv AS SELECT * FROM a INDEXED BY ia",
         "CREATE TEMP VIEW tv AS SELECT * FROM aft", "SELECT * FROM mv", "SELECT * FROM tv"]

MAIN_PROBE = ["DROP INDEX ia", "SELECT 1 FROM mv, nosuch1"]
TEMP_PROBE = ["DROP TABLE aft", "SELECT 1 FROM tv, nosuch1"]

EVENTS = {
    "drop main view": ["CREATE VIEW z AS SELECT 1", "DROP VIEW z"],
    "drop temp view": ["CREATE TEMP VIEW z AS SELECT 1", "DROP VIEW z"],
    "drop main table": ["DROP TABLE t6"],
    "drop temp table": ["DROP TABLE tt"],
    "drop triggers and indexes": [
        "CREATE TRIGGER tr AFTER INSERT ON t6 BEGIN SELECT 1; END", "DROP TRIGGER tr",
        "CREATE TEMP TRIGGER tr AFTER INSERT ON t6 BEGIN SELECT 1; END", "DROP TRIGGER tr",
        "CREATE INDEX it ON tt(b)", "DROP INDEX it"],
    "rename main table": ["ALTER TABLE t6 RENAME TO t7"],
    "rename temp table": ["ALTER TABLE tt RENAME TO tt7"],
    "rename main column": ["ALTER TABLE t6 RENAME y TO y7"],
    "rename temp column": ["ALTER TABLE tt RENAME b TO b7"],
    "add main column": ["ALTER TABLE t6 ADD COLUMN z"],
    "add temp column": ["ALTER TABLE tt ADD COLUMN z"],
    "drop main column": ["ALTER TABLE t6 ADD COLUMN z", "SELECT * FROM mv", "SELECT * FROM tv",
                         "ALTER TABLE t6 DROP COLUMN z"],
    "drop temp column": ["ALTER TABLE tt ADD COLUMN z", "SELECT * FROM mv", "SELECT * FROM tv",
                         "ALTER TABLE tt DROP COLUMN z"],
    "set not null": ["ALTER TABLE t6 ALTER COLUMN y SET NOT NULL"],
    "add check, drop constraint": [
        "ALTER TABLE t6 ADD CONSTRAINT c1 CHECK (y > 0)", "SELECT * FROM mv", "SELECT * FROM tv",
        "ALTER TABLE t6 DROP CONSTRAINT c1"],
    "add temp check": ["ALTER TABLE tt ADD CHECK (b > 0)"],
    "vacuum": ["VACUUM"],
    "rollback of a create": ["BEGIN", "CREATE TABLE q(a)", "ROLLBACK"],
    "rollback of a temp create": ["BEGIN", "CREATE TEMP TABLE q(a)", "ROLLBACK"],
    "rollback of rows": ["BEGIN", "INSERT INTO t6 VALUES (1)", "ROLLBACK"],
    "rollback to a savepoint after a create": [
        "BEGIN", "CREATE TABLE q(a)", "SAVEPOINT s", "INSERT INTO t6 VALUES (1)",
        "ROLLBACK TO s", "COMMIT"],
    "commit of a create": ["BEGIN", "CREATE TABLE q(a)", "COMMIT"],
    "analyze, reindex": ["INSERT INTO a VALUES (1, 2)", "ANALYZE", "REINDEX"],
    "failing create table as": ["CREATE TABLE zz AS SELECT json('x')"],
    "failing unique index": ["INSERT INTO t6 VALUES (1), (1)", "CREATE UNIQUE INDEX u6 ON t6(y)"],
    "failing drop table (foreign key)": [
        "PRAGMA foreign_keys = ON", "CREATE TABLE p(id PRIMARY KEY)",
        "CREATE TABLE c(r REFERENCES p)", "INSERT INTO p VALUES (1)",
        "INSERT INTO c VALUES (1)", "SELECT * FROM mv", "SELECT * FROM tv", "DROP TABLE p"],
    "failing rename (a broken view before)": [
        "CREATE VIEW bad AS SELECT * FROM nosuchtab", "ALTER TABLE t6 RENAME TO t7"],
    "failing rename (a temp view after)": [
        "CREATE TEMP VIEW t7 AS SELECT 1 AS q", "CREATE TEMP VIEW vv AS SELECT y FROM t6",
        "ALTER TABLE t6 RENAME TO t7"],
    "failing add column (a row's check)": [
        "INSERT INTO t6 VALUES (1)", "ALTER TABLE t6 ADD COLUMN z CHECK (z > 0) DEFAULT 0"],
    "failing add column of a temp table": [
        "INSERT INTO tt VALUES (1)", "ALTER TABLE tt ADD COLUMN z CHECK (z > 0) DEFAULT 0"],
    "failing add column (refused first)": [
        "INSERT INTO t6 VALUES (1)", "ALTER TABLE t6 ADD COLUMN z NOT NULL"],
    "failing set not null": ["INSERT INTO t6 VALUES (NULL)",
                             "ALTER TABLE t6 ALTER COLUMN y SET NOT NULL"],
    "failing add check": ["INSERT INTO t6 VALUES (0)", "ALTER TABLE t6 ADD CHECK (y > 0)"],
    # the views a rename's test reads are known again
    "rename, views reading them": [
        "CREATE TEMP VIEW tw AS SELECT * FROM tv", "CREATE VIEW mw AS SELECT * FROM mv",
        "ALTER TABLE t6 RENAME TO t7"],
    "rename, triggers reading them": [
        "CREATE TRIGGER tr AFTER INSERT ON t6 BEGIN SELECT * FROM mv; END",
        "CREATE TEMP TRIGGER tr2 AFTER INSERT ON t6 WHEN (SELECT x FROM tv) BEGIN "
        "SELECT 1; END", "ALTER TABLE t6 RENAME TO t7"],
    "rename of a temp table, views reading them": [
        "CREATE TEMP VIEW tw AS SELECT * FROM tv", "CREATE VIEW mw AS SELECT * FROM mv",
        "ALTER TABLE tt RENAME TO tt7"],
    "rename column, an INSTEAD OF trigger": [
        "CREATE TEMP TRIGGER tr INSTEAD OF INSERT ON tv BEGIN SELECT 1; END",
        "ALTER TABLE t6 RENAME y TO y7"],
    "drop column, a chain of views": [
        "CREATE TEMP VIEW tw AS SELECT * FROM tv", "CREATE TEMP VIEW tw2 AS SELECT * FROM tw",
        "ALTER TABLE t6 ADD COLUMN z", "ALTER TABLE t6 DROP COLUMN z"],
    "add column, views reading them": [
        "CREATE TEMP VIEW tw AS SELECT * FROM tv", "CREATE VIEW mw AS SELECT * FROM mv",
        "ALTER TABLE t6 ADD COLUMN z"],
    "set not null, views reading them": [
        "CREATE TEMP VIEW tw AS SELECT * FROM tv", "CREATE VIEW mw AS SELECT * FROM mv",
        "ALTER TABLE t6 ALTER COLUMN y SET NOT NULL"],
}


@pytest.mark.parametrize("probe", ["main", "temp"])
@pytest.mark.parametrize("event", EVENTS)
def test_sqlite_forgets_the_columns_of_views_as_it_does(event, probe):
    assert_same(SETUP, EVENTS[event] + (MAIN_PROBE if probe == "main" else TEMP_PROBE))


# Random sequences of the statements above and their neighbours, each ended by a probe.
STEPS = [
    "SELECT * FROM mv", "SELECT * FROM tv", "SELECT * FROM tw", "SELECT * FROM mw",
    "CREATE TEMP VIEW tw AS SELECT * FROM tv", "CREATE VIEW mw AS SELECT * FROM mv",
    "DROP VIEW tw", "DROP VIEW mw", "CREATE TEMP VIEW z AS SELECT 1", "DROP VIEW z",
    "CREATE TEMP TRIGGER tr AFTER INSERT ON t6 BEGIN SELECT * FROM tv; END",
    "CREATE TRIGGER mtr AFTER INSERT ON t6 BEGIN INSERT INTO t6 SELECT x FROM mv; END",
    "DROP TRIGGER tr", "DROP TRIGGER mtr",
    "ALTER TABLE t6 RENAME TO t7", "ALTER TABLE t7 RENAME TO t6",
    "ALTER TABLE t6 RENAME y TO y2", "ALTER TABLE t6 RENAME y2 TO y",
    "ALTER TABLE t6 ADD COLUMN z", "ALTER TABLE t6 DROP COLUMN z",
    "ALTER TABLE tt RENAME TO tt2", "ALTER TABLE tt2 RENAME TO tt", "ALTER TABLE tt ADD COLUMN w",
    "ALTER TABLE t6 ALTER COLUMN y SET NOT NULL", "ALTER TABLE t6 ALTER COLUMN y DROP NOT NULL",
    "ALTER TABLE t6 ADD CHECK (y IS NOT 5)", "INSERT INTO t6 VALUES (NULL)",
    "INSERT INTO t6 VALUES (5)", "ALTER TABLE t6 ADD COLUMN c CHECK (c > 0) DEFAULT 0",
    "CREATE TABLE x(a)", "DROP TABLE x", "CREATE TEMP TABLE y(a)", "DROP TABLE y",
    "CREATE INDEX i6 ON t6(y)", "DROP INDEX i6", "VACUUM", "ANALYZE", "REINDEX",
    "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT s", "ROLLBACK TO s", "RELEASE s",
]
PROBES = [MAIN_PROBE, TEMP_PROBE, ["DROP TABLE aft", "SELECT 1 FROM tw, nosuch1"],
          ["DROP INDEX ia", "SELECT 1 FROM mw, nosuch1"]]


def sequences(seed: int, count: int):
    """``count`` random statement sequences (3 to 8 steps and a probe) from ``seed``."""
    rng = random.Random(seed)
    for _ in range(count):
        yield [rng.choice(STEPS) for _ in range(rng.randint(3, 8))] + rng.choice(PROBES)


@pytest.mark.parametrize("part", range(4))
def test_random_schema_steps_leave_the_views_known_as_in_sqlite(part):
    for statements in sequences(part, 50):
        assert_same(SETUP, statements)


def test_an_insert_through_a_known_view_reads_no_query():
    """An INSERT reads no row of a view, and SQLite reads no query of one whose columns it
    knows: a TEMP view over a dropped table of main still fires its INSTEAD OF INSERT
    triggers, NEW with the view's affinities and collations (fuzz 174200169)."""
    assert_same([], [
        "CREATE TABLE t(a, b)", "CREATE TEMP VIEW v AS SELECT a, b FROM t",
        "CREATE TEMP TABLE log(x, y)",
        "CREATE TEMP TRIGGER tr INSTEAD OF INSERT ON v BEGIN "
        "INSERT INTO log VALUES (new.a, new.b = 'X'); END",
        "CREATE TEMP VIEW w(p, q) AS SELECT a COLLATE NOCASE, b FROM t",
        "CREATE TEMP TRIGGER tw INSTEAD OF INSERT ON w BEGIN "
        "INSERT INTO log VALUES (new.p = 'x', new.q); END",
        "SELECT * FROM v", "SELECT * FROM w", "DROP TABLE t",
        "INSERT INTO v VALUES (1, 2)", "INSERT INTO v(b) VALUES ('x')",
        "INSERT INTO w VALUES ('X', 3)", "INSERT INTO v(nosuch) VALUES (1)",
        "INSERT INTO v VALUES (1)", "INSERT INTO v SELECT 5, 6", "UPDATE v SET a = 1",
        "DELETE FROM v", "INSERT INTO v VALUES (1, 2) RETURNING a", "SELECT * FROM log"])
