"""The order of a write's checks and foreign-key actions, against SQLite (apsw).

SQLite runs a row's foreign-key actions as trigger programs right after the row is
written (fkey.c, update.c, delete.c): newest constraint first, each an UPDATE or DELETE of
the child rows OR ABORT -- so a child row meets its own NOT NULL, CHECK and UNIQUE -- and
each child row's own actions before the next child row. REPLACE deletes a conflicting row
(and runs its actions) before it looks at the next constraint, and checks them all again
afterwards (insert.c). When two of these fail, which one is reported -- and what is left
behind -- shows the order; each scenario below makes two of them fail. A failure inside an
action is an ABORT whatever the statement's conflict clause.

Every statement runs on both engines (``oracle.assert_same``): same rows, same error class
and message.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

PARENT = ["CREATE TABLE p(a INT PRIMARY KEY)",
          "CREATE TABLE c(x INT CHECK (x < 10) REFERENCES p(a) ON UPDATE CASCADE)",
          "INSERT INTO p VALUES (1), (2)", "INSERT INTO c VALUES (1)"]

SCENARIOS = {
    # the fuzzer's reduction: row 1's cascade breaks the child's CHECK before row 2 breaks
    # the parent's PRIMARY KEY (cascade_order)
    "a row's actions run before the next row": (PARENT, [
        "UPDATE p SET a = 50", "UPDATE p SET a = a + 100", "SELECT * FROM c",
        "UPDATE p SET a = 3 - a", "SELECT * FROM p", "SELECT * FROM c",
    ]),
    "an action failing is ABORT whatever the conflict clause": (PARENT + [
        "INSERT INTO p VALUES (0)"], [
        "UPDATE OR FAIL p SET a = 7 - a", "SELECT * FROM p", "SELECT * FROM c",
        "UPDATE OR IGNORE p SET a = a + 20", "UPDATE OR REPLACE p SET a = 30",
        "SELECT * FROM p", "BEGIN", "INSERT INTO p VALUES (3)",
        "UPDATE OR ROLLBACK p SET a = a + 20", "SELECT * FROM p", "COMMIT", "SELECT * FROM p",
        "INSERT OR REPLACE INTO p VALUES (1)", "REPLACE INTO c VALUES (2)", "SELECT * FROM c",
    ]),
    "newest constraint first": ([
        "CREATE TABLE p(a INT PRIMARY KEY)",
        "CREATE TABLE c1(x INT CHECK (x < 10) REFERENCES p(a) ON UPDATE CASCADE "
        "ON DELETE SET DEFAULT DEFAULT 99)",
        "CREATE TABLE c2(y INT REFERENCES p(a) ON UPDATE RESTRICT ON DELETE RESTRICT)",
        "CREATE TABLE q(a INT PRIMARY KEY)",
        "CREATE TABLE d2(y INT REFERENCES q(a) ON UPDATE RESTRICT ON DELETE RESTRICT)",
        "CREATE TABLE d1(x INT CHECK (x < 10) REFERENCES q(a) ON UPDATE CASCADE "
        "ON DELETE SET DEFAULT DEFAULT 99)",
        "CREATE TABLE d3(z INT NOT NULL REFERENCES q(a) ON UPDATE SET NULL ON DELETE SET NULL)",
        "CREATE TABLE m(u INT CHECK (u < 5), v INT NOT NULL, "
        "FOREIGN KEY (u) REFERENCES q(a) ON UPDATE CASCADE, "
        "FOREIGN KEY (v) REFERENCES q(a) ON UPDATE SET NULL)",
        "INSERT INTO p VALUES (1), (2)", "INSERT INTO c1 VALUES (1)", "INSERT INTO c2 VALUES (1)",
        "INSERT INTO q VALUES (1), (2)", "INSERT INTO d1 VALUES (1)", "INSERT INTO d2 VALUES (1)",
        "INSERT INTO d3 VALUES (1)", "INSERT INTO m VALUES (2, 2)",
        "CREATE TABLE mp(a PRIMARY KEY, b, c)", "CREATE TABLE mc1(x REFERENCES mp(b))",
        "CREATE TABLE mc2(y REFERENCES mp(c))", "INSERT INTO mp VALUES (1, 1, 1)"], [
        "DELETE FROM mp", "UPDATE mp SET b = 2, c = 2",
        "UPDATE p SET a = 50 WHERE a = 1", "DELETE FROM p WHERE a = 1",
        "UPDATE q SET a = 50 WHERE a = 1", "DELETE FROM q WHERE a = 1", "DELETE FROM d3",
        "UPDATE q SET a = 50 WHERE a = 1", "DELETE FROM q WHERE a = 1", "DELETE FROM d1",
        "DELETE FROM q WHERE a = 1", "UPDATE q SET a = 7 WHERE a = 2",
        "PRAGMA defer_foreign_keys = ON", "UPDATE p SET a = 5 WHERE a = 1", "SELECT * FROM c1",
    ]),
    "a child row's own actions run before the next child row": ([
        "CREATE TABLE r(a INT PRIMARY KEY)",
        "CREATE TABLE e(x INT REFERENCES r(a) ON UPDATE CASCADE ON DELETE CASCADE, "
        "k INT, CHECK (x + k < 10), UNIQUE (x, k))", "CREATE UNIQUE INDEX e_k ON e(k)",
        "CREATE TABLE g(gx INT, gk INT, CHECK (gx < 2), "
        "FOREIGN KEY (gx, gk) REFERENCES e(x, k) ON UPDATE CASCADE)",
        "CREATE TABLE h(hx INT NOT NULL REFERENCES e(k) ON DELETE SET NULL)",
        "CREATE TABLE j(jk INT REFERENCES e(k) ON DELETE RESTRICT)",
        "INSERT INTO r VALUES (1), (3)", "INSERT INTO e VALUES (1, 1), (1, 8), (3, 3)",
        "INSERT INTO g VALUES (1, 1)", "INSERT INTO h VALUES (1)", "INSERT INTO j VALUES (8)"], [
        "UPDATE r SET a = 2 WHERE a = 1", "DELETE FROM r WHERE a = 1", "DELETE FROM h",
        "DELETE FROM r WHERE a = 1", "DELETE FROM j", "UPDATE r SET a = 0 WHERE a = 1",
        "SELECT * FROM e", "SELECT * FROM g", "DELETE FROM r", "DELETE FROM g",
        "DELETE FROM r", "SELECT * FROM e",
    ]),
    "an action's child row meets its rowid and UNIQUE": ([
        "CREATE TABLE p(a INTEGER PRIMARY KEY, u REAL UNIQUE)",
        "CREATE TABLE c(x INTEGER PRIMARY KEY NOT NULL REFERENCES p(u) ON UPDATE SET NULL)",
        "INSERT INTO p VALUES (1, 2)", "INSERT INTO c VALUES (2)",
        "CREATE TABLE p2(a INTEGER PRIMARY KEY, u UNIQUE)",
        "CREATE TABLE c2(x INTEGER PRIMARY KEY REFERENCES p2(u) ON UPDATE CASCADE, v)",
        "INSERT INTO p2 VALUES (1, 5), (2, 6)", "INSERT INTO c2 VALUES (5, 'a'), (6, 'b')",
        "CREATE TABLE s(a INT PRIMARY KEY)",
        "CREATE TABLE f(x INT UNIQUE REFERENCES s(a) ON UPDATE CASCADE, "
        "y INT REFERENCES s(a) ON UPDATE CASCADE)",
        "INSERT INTO s VALUES (1), (2)", "INSERT INTO f VALUES (1, 2), (NULL, 1)"], [
        "UPDATE p SET u = 3",                       # SET NULL of a rowid (fk_set_null_rowid)
        "UPDATE p2 SET u = 6 WHERE a = 1", "UPDATE p2 SET u = 'x' WHERE a = 1",
        "UPDATE p2 SET u = 7.0 WHERE a = 1", "SELECT * FROM c2",
        "UPDATE p2 SET u = 7.5 WHERE a = 2", "UPDATE s SET a = 2 WHERE a = 1",
        "UPDATE s SET a = a + 10", "SELECT * FROM f",
    ]),
    "replace deletes one conflicting row at a time, then checks again": ([
        "CREATE TABLE t(id INTEGER PRIMARY KEY, u UNIQUE REFERENCES t(id) ON DELETE SET NULL)",
        "INSERT INTO t VALUES (1, NULL), (2, 1), (3, NULL)",
        "CREATE TABLE w(id INTEGER PRIMARY KEY, u UNIQUE, "
        "v UNIQUE DEFAULT 9 REFERENCES w(id) ON DELETE SET DEFAULT)",
        "INSERT INTO w VALUES (9, 0, NULL), (1, 1, NULL), (2, 2, 1), (3, 3, NULL)"], [
        "REPLACE INTO t VALUES (1, 1)", "SELECT * FROM t",
        "UPDATE OR REPLACE t SET id = 1, u = 1 WHERE id = 3", "SELECT * FROM t",
        "INSERT OR REPLACE INTO w VALUES (5, 1, 9)", "SELECT * FROM w",
        "UPDATE OR REPLACE w SET u = 1, v = 9 WHERE id = 3", "SELECT * FROM w",
        "INSERT INTO w VALUES (6, 1, 9) ON CONFLICT (id) DO NOTHING", "SELECT * FROM w",
        "INSERT OR REPLACE INTO w VALUES (7, 1, 7) ON CONFLICT (v) DO NOTHING",
        "SELECT * FROM w",
    ]),
    "an upsert's update runs the actions of the key it changes": ([
        "CREATE TABLE p(a INT PRIMARY KEY, n INT UNIQUE)",
        "CREATE TABLE c(x INT CHECK (x < 10) REFERENCES p(a) ON UPDATE CASCADE)",
        "INSERT INTO p VALUES (1, 1), (2, 2)", "INSERT INTO c VALUES (1), (2)"], [
        "INSERT INTO p VALUES (3, 1) ON CONFLICT (n) DO UPDATE SET a = 5",
        "SELECT * FROM c",
        "INSERT INTO p VALUES (3, 1), (4, 2) ON CONFLICT (n) DO UPDATE SET a = excluded.a * 4",
        "SELECT * FROM p", "SELECT * FROM c",
    ]),
    # an UPDATE checks only what it can break: a STRICT table's datatypes come before the
    # rowid only when a CHECK reading an assigned column is evaluated
    "an update checks what its columns can break": ([
        "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b INTEGER CHECK (b > 0), "
        "c INTEGER NOT NULL, d INTEGER UNIQUE) STRICT",
        "INSERT INTO t VALUES (1, 1, 1, 1, 1), (2, 2, 2, 2, 2)"], [
        "UPDATE t SET id = 2, a = 'x' WHERE id = 1", "UPDATE t SET id = 2, b = 'x' WHERE id = 1",
        "UPDATE t SET id = 2, a = 'x', b = 5 WHERE id = 1",
        "UPDATE t SET d = 2, a = 'x' WHERE id = 1", "UPDATE t SET d = 2, b = 'x' WHERE id = 1",
        "UPDATE t SET b = -1, a = 'x' WHERE id = 1", "UPDATE t SET c = NULL, a = 'x'",
        "UPDATE OR IGNORE t SET id = 2, a = 'x' WHERE id = 1", "SELECT * FROM t",
        "UPDATE OR REPLACE t SET id = 2, a = 'x' WHERE id = 1",
        "UPDATE OR REPLACE t SET id = 2, d = 3, a = 3 WHERE id = 1", "SELECT * FROM t",
    ]),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_write_order_matches_sqlite(name):
    setup, statements = SCENARIOS[name]
    assert_same(setup, statements)
