"""A row value misplaced in a CHECK is an error of the statements that code the CHECK.

SQLite accepts ``CREATE TABLE t(a CHECK ((a, 1)))`` -- resolving the CHECK finds no
error -- and each statement that codes the CHECK fails with 'row value misused': every
INSERT (also of no rows, OR IGNORE, REPLACE, UPSERT, through a trigger), an UPDATE of a
column the CHECK reads (not of another), ALTER TABLE ADD COLUMN of a column with a CHECK
of its own, and PRAGMA integrity_check / quick_check; ALTER TABLE ADD CHECK tests the rows
against the new CHECK alone. A width that does not match in a
comparison (``CHECK ((a, 1) = (1, 2, 3))``) is still refused at CREATE TABLE, and a
name error in a later CHECK or generated column comes before the row. Each script runs
statement by statement on RowanDB and on SQLite (apsw); each statement's outcome (its
rows, or its error's DB-API class and message) and the schema after must agree.
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb

SCRIPTS = [
    ["CREATE TABLE t(a CHECK ((a, 1)), b)", "INSERT INTO t VALUES (1, 2)",
     "UPDATE t SET b = 2", "UPDATE t SET a = 2", "DELETE FROM t",
     "INSERT OR IGNORE INTO t VALUES (1, 2)", "SELECT * FROM t", "PRAGMA integrity_check",
     "PRAGMA quick_check", "PRAGMA integrity_check(t)", "PRAGMA main.quick_check"],
    ["CREATE TABLE t(a, b, CHECK (abs((1, 2))))", "UPDATE t SET b = 2", "UPDATE t SET a = 2",
     "INSERT INTO t SELECT 1, 2 WHERE 0", "REPLACE INTO t VALUES (1, 2)",
     "INSERT INTO t VALUES (1, 2) ON CONFLICT DO NOTHING",
     "INSERT INTO t VALUES (1, 2) RETURNING nosuch", "INSERT INTO nosuch SELECT * FROM t",
     "ALTER TABLE t RENAME TO u", "SELECT * FROM u", "ALTER TABLE u ADD COLUMN c",
     "ALTER TABLE u ADD COLUMN d CHECK (d IS NULL)", "ALTER TABLE u RENAME COLUMN a TO z",
     "ALTER TABLE u DROP COLUMN b", "SELECT sql FROM sqlite_schema",
     "CREATE TRIGGER tr AFTER DELETE ON u BEGIN INSERT INTO u VALUES (1, 2); END",
     "DELETE FROM u", "CREATE VIEW v AS SELECT * FROM u",
     "CREATE TRIGGER tv INSTEAD OF INSERT ON v BEGIN INSERT INTO u VALUES (1, 2); END",
     "INSERT INTO v VALUES (1, 2)", "VACUUM", "PRAGMA integrity_check"],
    ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)",
     "ALTER TABLE t ADD COLUMN c CHECK ((c, 1))", "ALTER TABLE t ADD COLUMN d",
     "ALTER TABLE t ADD COLUMN e CHECK (e IS NULL)", "PRAGMA integrity_check",
     "SELECT sql FROM sqlite_schema"],
    ["CREATE TEMP TABLE t(a CHECK (coalesce((a, 1), 2)))", "INSERT INTO t VALUES (1)",
     "PRAGMA integrity_check(t)", "PRAGMA main.integrity_check", "PRAGMA quick_check"],
    ["CREATE TABLE t1(a CHECK (a IN ((1, 2))))", "CREATE TABLE t2(a CHECK (+(a, 1)))",
     "CREATE TABLE t3(a CHECK ((a, 1) IS NULL))",
     "CREATE TABLE t4(a CHECK ((a, 1) COLLATE nocase))",
     "CREATE TABLE t5(a CHECK (a = 1 AND (1, 2)))", "CREATE TABLE t6(a CHECK ((1, 2) = 1))",
     "CREATE TABLE t7(a CHECK ((a, 1)) CHECK (nosuch))",
     "CREATE TABLE t8(a CHECK ((a, 1)) CHECK ((a, 1) = (1, 2, 3)))",
     "CREATE TABLE t9(a CHECK ((a, 1)), b AS ((a, 1)))",
     "CREATE TABLE t10(a CHECK ((a, 1)), b AS (nosuch))",
     "CREATE TABLE t11(a CHECK (a BETWEEN (1, 2) AND 3))",
     "CREATE TABLE t12(a CHECK ((a, 1)), b DEFAULT ((1, 2)))",
     "CREATE TABLE t13(a CHECK ((1, 2) + RAISE(IGNORE)))",
     "CREATE TABLE t14(a CHECK (CASE a WHEN (1, 2) THEN 1 END))",
     "CREATE TABLE t15(a CHECK ((a, 1) < (2, 3)), b CHECK ((b, 2)))",
     "INSERT INTO t1 VALUES (2)", "INSERT INTO t5 VALUES (2)", "INSERT INTO t13 VALUES (2)",
     "INSERT INTO t14 VALUES (2)", "INSERT INTO t15 VALUES (1, 2)", "UPDATE t15 SET a = 3",
     "UPDATE t15 SET b = 3", "SELECT name FROM sqlite_schema ORDER BY name",
     "PRAGMA quick_check(t2)"],
    ["CREATE TABLE t(a, b)", "ALTER TABLE t ADD CHECK ((a, 1))", "INSERT INTO t VALUES (1, 2)",
     "ALTER TABLE t ADD CONSTRAINT c2 CHECK (abs((a, 1)))", "ALTER TABLE t ADD CHECK (a < 0)",
     "CREATE TABLE u(a CHECK ((a, 1)))", "ALTER TABLE u ALTER COLUMN a SET NOT NULL",
     "ALTER TABLE u ADD CHECK (a > 0)", "ALTER TABLE u ALTER COLUMN a DROP NOT NULL",
     "SELECT sql FROM sqlite_schema"],
]

# A foreign-key action that updates a child column such a CHECK reads (ON UPDATE CASCADE,
# SET NULL, SET DEFAULT): the parent's write codes the action's UPDATE of the child, and
# so its CHECKs that read a column it sets, whether or not a child row exists
# (planner/exec/fkprepare.py); a CHECK of another column, or ON DELETE CASCADE, is not coded.
_ACTIONS = ["ON UPDATE CASCADE", "ON UPDATE SET NULL", "ON UPDATE SET DEFAULT",
            "ON DELETE SET NULL", "ON DELETE SET DEFAULT", "ON DELETE CASCADE"]
_CHILD_CHECKS = ["CHECK ((y, 1))", "CHECK ((z, 1))", "CHECK (y > 0 AND abs((1, 2)))"]
SCRIPTS += [
    ["PRAGMA foreign_keys = ON", "CREATE TABLE p(x PRIMARY KEY, n)",
     f"CREATE TABLE c(y DEFAULT 1 REFERENCES p {action}, z, {check})",
     "INSERT INTO p VALUES (1, 1)", "UPDATE p SET x = 2", "UPDATE p SET n = 2",
     "DELETE FROM p WHERE x = 5", "REPLACE INTO p VALUES (1, 9)",
     "INSERT INTO p VALUES (1, 3) ON CONFLICT (x) DO UPDATE SET x = 4", "SELECT * FROM p"]
    for action in _ACTIONS for check in _CHILD_CHECKS]

_POSITION = re.compile(r" \(line \d+, column \d+\)$")
_CLASSES = {"SQLError": "OperationalError", "ConstraintError": "IntegrityError"}


def _outcome(run, sql: str):
    try:
        return "rows", run(sql)
    except apsw.Error as error:
        return _CLASSES.get(type(error).__name__, type(error).__name__), str(error)
    except rowandb.Error as error:
        kind = type(error).__name__
        return ("IntegrityError" if kind == "ConflictError" else kind,
                _POSITION.sub("", str(error)))


def _runs(script):
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)

    def run_mine(sql):
        cursor = mine.execute(sql)
        return [tuple(r) for r in cursor.fetchall()] if cursor.description else []
    return [(sql, _outcome(lambda s: [tuple(r) for r in theirs.execute(s)], sql),
             _outcome(run_mine, sql)) for sql in script]


@pytest.mark.parametrize("script", SCRIPTS, ids=[s[0][:40] for s in SCRIPTS])
def test_check_row_values_match_sqlite(script):
    assert [(sql, mine) for sql, _, mine in _runs(script)] == \
        [(sql, theirs) for sql, theirs, _ in _runs(script)]


if __name__ == "__main__":
    failing = [(sql, theirs, mine) for script in SCRIPTS for sql, theirs, mine in _runs(script)
               if theirs != mine]
    for row in failing:
        print(*row, sep="\n  ")
    print(len(failing), "of", sum(map(len, SCRIPTS)), "statements differ")
