"""Which statements meet a broken foreign key, and which error they report, against SQLite.

SQLite looks up each constraint's parent table and parent index while it compiles a
statement (fkey.c, sqlite3FkLocateIndex), so 'foreign key mismatch' and 'no such table'
fail exactly the statements whose compiled code uses the constraint -- with no row to
write -- and, with several broken constraints, report the last error its code generator
met (planner/exec/fkprepare.py). Three layers of tests, all differential:

- every kind of write against parents with and without a usable index, for an immediate,
  deferred, cascading child and under PRAGMA defer_foreign_keys;
- hand-written schemas with several broken constraints and cascades;
- random schemas of up to five tables with broken constraints, actions and statements.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

PARENTS = {
    "rowid alias": ["CREATE TABLE p(id INTEGER PRIMARY KEY, a, b, n)"],
    "no rowid alias": ["CREATE TABLE p(a, b, n)"],
    "other unique": ["CREATE TABLE p(a, b UNIQUE, n)"],
    "unique with collation": ["CREATE TABLE p(id INTEGER PRIMARY KEY, a TEXT, b, n)",
                              "CREATE UNIQUE INDEX pa ON p(a COLLATE NOCASE)"],
    "plain index": ["CREATE TABLE p(a, b, n)", "CREATE INDEX pb ON p(b)"],
}
CHILDREN = {
    "immediate": "CREATE TABLE c(x REFERENCES p(a), y)",
    "deferred": "CREATE TABLE c(x REFERENCES p(a) DEFERRABLE INITIALLY DEFERRED, y)",
    "actions": "CREATE TABLE c(x REFERENCES p(a) ON DELETE CASCADE ON UPDATE SET NULL, y)",
}
WRITES = [
    "INSERT INTO p(a, b, n) VALUES (1, 1, 1)", "INSERT INTO p(a, b, n) VALUES (2, 2, 2), (3, 3, 3)",
    "INSERT INTO p(a, b, n) SELECT 4, 4, 4", "INSERT INTO p DEFAULT VALUES",
    "REPLACE INTO p(a, b, n) VALUES (5, 5, 5)", "REPLACE INTO p(rowid, a, b, n) VALUES (1, 5, 5, 5)",
    "REPLACE INTO p(rowid, a, b, n) VALUES (NULL, 5, 5, 5)",
    "INSERT OR IGNORE INTO p(a, b, n) VALUES (6, 6, 6)",
    "INSERT OR FAIL INTO p(a, b, n) VALUES (6, 6, 6)",
    "INSERT INTO p(a, b, n) VALUES (7, 7, 7) ON CONFLICT DO NOTHING",
    "INSERT INTO p(a, b, n) VALUES (8, 8, 8) ON CONFLICT DO UPDATE SET n = 1",
    "INSERT INTO p(a, b, n) VALUES (8, 8, 8) ON CONFLICT DO UPDATE SET a = 1",
    "INSERT INTO p(a, b, n) VALUES (8, 8, 8) ON CONFLICT DO UPDATE SET rowid = 100",
    "UPDATE p SET n = 1", "UPDATE p SET a = 1 WHERE 0", "UPDATE p SET rowid = 1 WHERE 0",
    "UPDATE OR REPLACE p SET b = 1 WHERE 0", "UPDATE OR REPLACE p SET n = 1 WHERE 0",
    "UPDATE OR REPLACE p SET rowid = 1 WHERE 0", "DELETE FROM p WHERE 0",
    "INSERT INTO c VALUES (NULL, 1)", "UPDATE c SET y = 1", "UPDATE c SET x = NULL WHERE 0",
    "DELETE FROM c WHERE 0", "REPLACE INTO c VALUES (NULL, 1)",
]


@pytest.mark.parametrize("parent", PARENTS)
@pytest.mark.parametrize("child", CHILDREN)
def test_writes_meet_a_mismatched_constraint_as_in_sqlite(parent, child):
    assert_same(PARENTS[parent] + [CHILDREN[child]], WRITES)


@pytest.mark.parametrize("parent", PARENTS)
def test_defer_foreign_keys_checks_every_insert_into_the_parent(parent):
    writes = [w for w in WRITES if w.startswith(("INSERT", "REPLACE"))]
    assert_same(PARENTS[parent] + [CHILDREN["immediate"]],
                ["BEGIN", "PRAGMA defer_foreign_keys = ON"] + writes + ["ROLLBACK"])



# SQLite's message names the parent as the REFERENCES clause wrote it (FKey.zTo: other
# case, quotes removed, a view's name), the child as its table was created.
SPELLED = [
    ["CREATE TABLE Par(a, b)", "CREATE TABLE ch(x REFERENCES pAR(b))"],
    ["CREATE TABLE Par(a, b)", "CREATE TABLE Ch(x REFERENCES \"pAR\")"],
    ["CREATE VIEW vv AS SELECT 1 AS a", "CREATE TABLE ch(x REFERENCES VV(a))"],
    ["CREATE TABLE Par(a UNIQUE, b)", "CREATE TABLE ch(x REFERENCES [pAR](b) ON DELETE CASCADE)",
     "INSERT INTO Par VALUES (1, 2)"],
    ["CREATE TABLE Par(a UNIQUE, b)", "CREATE TABLE ch(x REFERENCES pAR(b))",
     "ALTER TABLE Par RENAME TO PPP"],
]


@pytest.mark.parametrize("schema", SPELLED, ids=range(len(SPELLED)))
def test_mismatch_names_the_parent_as_references_wrote_it(schema):
    assert_same(["PRAGMA foreign_keys = ON"] + schema,
                ["INSERT INTO ch VALUES (1)", "DELETE FROM Par", "UPDATE Par SET b = 1",
                 "PRAGMA foreign_key_check", "PRAGMA foreign_key_check(CH)"])

ORDER = {
    "newest first": [
        "CREATE TABLE p1(a, b)", "CREATE TABLE p2(a, b)",
        "CREATE TABLE c(x REFERENCES p1(a), y REFERENCES p2(a), z)",
        "INSERT INTO c VALUES (NULL, NULL, 1)", "UPDATE c SET x = 1, y = 1", "UPDATE c SET z = 1",
        "DELETE FROM c", "CREATE TABLE c2(x REFERENCES p1(a), y)",
        "CREATE TABLE c3(x REFERENCES p1(a), y)", "DELETE FROM p1",
        "INSERT INTO p1 VALUES (1, 2), (3, 4)", "UPDATE p1 SET a = 5"],
    "own constraints after the referencing ones": [
        "CREATE TABLE p(k PRIMARY KEY)", "CREATE TABLE p1(a, b)",
        "CREATE TABLE t(z REFERENCES p(k), x REFERENCES p1(a), w, v)",
        "CREATE TABLE c1(y REFERENCES t(w))", "CREATE TABLE c0(y REFERENCES t(w))",
        "UPDATE t SET z = 1", "UPDATE t SET w = 2", "UPDATE t SET x = 1, w = 2", "DELETE FROM t",
        "INSERT INTO t SELECT 1, 2, 3, 4"],
    "actions": [
        "CREATE TABLE u(w, v)", "CREATE TABLE d1(y REFERENCES u(w))",
        "CREATE TABLE d0(y REFERENCES u(w) ON DELETE CASCADE)", "DELETE FROM u",
        "CREATE TABLE x(w, v)", "CREATE TABLE e1(y REFERENCES x(w) ON DELETE CASCADE)",
        "CREATE TABLE e0(y REFERENCES x(w))", "DELETE FROM x",
        "CREATE TABLE q(a PRIMARY KEY, r REFERENCES x(v))",
        "CREATE TABLE r(x REFERENCES q ON DELETE CASCADE, w, k REFERENCES u(v))",
        "CREATE TABLE s(m REFERENCES r(w))",
        "CREATE TABLE v(v REFERENCES q ON DELETE CASCADE, f REFERENCES u(v))", "DELETE FROM q",
        "CREATE TABLE t0(id, b, FOREIGN KEY (b) REFERENCES missing(c))",
        "CREATE TABLE t1(a REFERENCES t0(id) ON DELETE RESTRICT)", "DELETE FROM t0",
        "BEGIN", "PRAGMA defer_foreign_keys = ON", "DELETE FROM t0", "ROLLBACK"],
    "cascades compiled but never run": [
        "CREATE TABLE q2(a PRIMARY KEY, r)",
        "CREATE TABLE d2(x REFERENCES q2 ON DELETE CASCADE, w UNIQUE)",
        "CREATE TABLE e2(x REFERENCES d2(w) ON DELETE SET NULL, y REFERENCES missing(a))",
        "DELETE FROM q2", "CREATE TABLE e3(x REFERENCES d2(x))", "DELETE FROM q2",
        "INSERT INTO q2 VALUES (1, 2)", "INSERT INTO d2 VALUES (1, 1)",
        "CREATE TABLE g(a PRIMARY KEY)",
        "CREATE TABLE h(x REFERENCES g ON UPDATE CASCADE, y REFERENCES missing2)",
        "UPDATE g SET a = 1", "DELETE FROM g"],
    "self reference": [
        "CREATE TABLE s(id INTEGER PRIMARY KEY, up REFERENCES s(v), v, w UNIQUE)",
        "UPDATE s SET id = 1", "UPDATE s SET v = 1", "UPDATE s SET w = 1",
        "UPDATE OR REPLACE s SET up = 1", "INSERT INTO s VALUES (1, NULL, 1, 1)"],
    "defer_foreign_keys survives a failed compile": [
        "CREATE TABLE p(a, b)", "CREATE TABLE c(x REFERENCES p(a))",
        "CREATE TABLE n(x REFERENCES missing(a))", "PRAGMA defer_foreign_keys = ON",
        "INSERT INTO c VALUES (1)", "PRAGMA defer_foreign_keys", "INSERT INTO n VALUES (1)",
        "PRAGMA defer_foreign_keys", "INSERT INTO p VALUES (1, 2)", "SELECT count(*) FROM p",
        "PRAGMA defer_foreign_keys"],
    "the write's own error replaces its trigger program's": [
        "CREATE TABLE t1(c0 INTEGER PRIMARY KEY) WITHOUT ROWID",
        "CREATE TABLE t2(c1 INT, FOREIGN KEY (c1) REFERENCES t1(c1))",
        "CREATE TRIGGER b1 BEFORE INSERT ON t1 BEGIN INSERT INTO t0 VALUES (1); END",
        "INSERT INTO t1(c0) VALUES (' 1')", "DROP TRIGGER b1",
        "CREATE TRIGGER a1 AFTER INSERT ON t1 BEGIN INSERT INTO t0 VALUES (1); END",
        "INSERT INTO t1(c0) VALUES (2)", "DROP TRIGGER a1",
        "CREATE TABLE p(a, b)", "CREATE TABLE c(x REFERENCES p(a), y)",
        "CREATE TRIGGER bu BEFORE UPDATE ON p BEGIN INSERT INTO t0 VALUES (1); END",
        "UPDATE p SET a = 1", "UPDATE p SET b = 1", "DELETE FROM p", "DROP TRIGGER bu",
        "CREATE TRIGGER bd BEFORE DELETE ON p BEGIN INSERT INTO t0 VALUES (1); END",
        "DELETE FROM p", "INSERT INTO p VALUES (1, 2)",
        "CREATE TABLE q(a PRIMARY KEY, b)", "CREATE TABLE d(x REFERENCES q(a), y REFERENCES nowhere(z))",
        "CREATE TRIGGER bi BEFORE INSERT ON d BEGIN INSERT INTO t0 VALUES (1); END",
        "INSERT INTO d VALUES (1, 1)", "INSERT INTO q VALUES (1, 1)"],
    # SQLite lists a table's constraints in reverse order of its text, where ADD COLUMN puts
    # the new column's REFERENCES before the FOREIGN KEY clauses; and a parent's in reverse
    # order of their child tables' creation (it reads sqlite_schema back after an ALTER),
    # not in the order the constraints were made (fuzz 82100549)
    "added column before the table's FOREIGN KEY clauses": [
        "CREATE TABLE p1(y)", "CREATE TABLE p2(y)", "CREATE TABLE p3(y)", "CREATE TABLE p4(y)",
        "CREATE TABLE p5(y)", "CREATE TABLE p6(y)",
        "CREATE TABLE c(a REFERENCES p1(x), b REFERENCES p2(x), FOREIGN KEY(a) REFERENCES "
        "p3(x), FOREIGN KEY(b) REFERENCES p4(x))",
        "ALTER TABLE c ADD COLUMN d REFERENCES p5(x)", "PRAGMA foreign_key_list(c)",
        "ALTER TABLE c ADD COLUMN e REFERENCES p6(x)", "PRAGMA foreign_key_list(c)",
        "INSERT INTO c DEFAULT VALUES", "INSERT INTO c(e) VALUES (1)", "UPDATE c SET a = 1",
        "UPDATE c SET e = 1", "UPDATE c SET d = 1, e = 1", "DELETE FROM c",
        "ALTER TABLE c DROP COLUMN a", "PRAGMA foreign_key_list(c)",
        "INSERT INTO c DEFAULT VALUES", "ALTER TABLE c ADD COLUMN f REFERENCES p1(x)",
        "PRAGMA foreign_key_list(c)", "INSERT INTO c DEFAULT VALUES", "DELETE FROM c"],
    "one broken key of each kind, as the fuzzer wrote them": [
        'CREATE TEMP TABLE "$D"("a;B" INT, "Q1" DATE, PRIMARY KEY ([a;B], q1))',
        'CREATE TEMP TABLE "unIOn"(`a;b` INTEGER PRIMARY KEY, FOREIGN KEY ("a;b") '
        'REFERENCES "$D"(`x`))',
        'ALTER TABLE temp.`uniOn` ADD COLUMN C7 REFERENCES "$d"(x) DEFAULT 1',
        "INSERT INTO `uniOn` DEFAULT VALUES", "UPDATE union SET c7 = 2, [a;b] = 3",
        "DELETE FROM `union`"],
    "a parent's children in the order their tables were made": [
        "CREATE TABLE p(x, y, z)", "INSERT INTO p VALUES (1, 1, 1)",
        "CREATE TABLE c1(a REFERENCES p(z))", "CREATE TABLE c2(b REFERENCES p(y))",
        "ALTER TABLE c1 ADD COLUMN d REFERENCES p(x)",
        "DELETE FROM p", "UPDATE p SET x = 2", "UPDATE p SET x = 2, y = 2",
        "UPDATE p SET x = 2, y = 2, z = 2", "INSERT INTO p SELECT * FROM p",
        "CREATE TABLE c3(e REFERENCES p(z) ON DELETE CASCADE)",
        "ALTER TABLE c2 ADD COLUMN f REFERENCES p(x) ON UPDATE SET NULL",
        "DELETE FROM p", "UPDATE p SET x = 2, z = 2", "UPDATE p SET x = 2, y = 2, z = 2",
        "ALTER TABLE c1 RENAME TO c0", "DELETE FROM p", "UPDATE p SET x = 2, y = 2",
        "DROP TABLE c2", "DELETE FROM p", "UPDATE p SET x = 2, y = 2, z = 2"],
}


@pytest.mark.parametrize("name", ORDER)
def test_several_broken_constraints_report_what_sqlite_reports(name):
    assert_same([], ORDER[name])


_ACTIONS = ["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]


def _random_schema(rng: random.Random) -> tuple[list, list]:
    names = [f"t{i}" for i in range(rng.randint(2, 5))]
    ddl = []
    for i, name in enumerate(names):
        cols = ["id INTEGER PRIMARY KEY" if rng.random() < 0.5 else "id", "a",
                "b UNIQUE" if rng.random() < 0.5 else "b", "c"]
        for _ in range(rng.randint(0, 2)):
            column = rng.choice(["id", "a", "b", "c", ""])
            parent = rng.choice(names + ["missing"]) + (f"({column})" if column else "")
            cols.append(f"FOREIGN KEY ({rng.choice('abc')}) REFERENCES {parent} "
                        f"ON DELETE {rng.choice(_ACTIONS)} ON UPDATE {rng.choice(_ACTIONS)}"
                        + rng.choice(["", "", " DEFERRABLE INITIALLY DEFERRED"]))
        ddl.append(f"CREATE TABLE {name}({', '.join(cols)})")
        if rng.random() < 0.3:
            ddl.append(f"CREATE UNIQUE INDEX u{i} ON {name}({rng.choice('ac')}"
                       f"{rng.choice(['', ' COLLATE NOCASE'])})")
    writes = []
    for _ in range(8):
        name = rng.choice(names)
        kind = rng.random()
        if kind < 0.35:
            source = rng.choice(["VALUES (NULL, NULL, NULL, NULL)", "DEFAULT VALUES",
                                 "VALUES (1, NULL, NULL, NULL), (2, NULL, NULL, NULL)",
                                 "SELECT 3, NULL, NULL, NULL"])
            upsert = rng.choice(["", "", " ON CONFLICT DO NOTHING",
                                 " ON CONFLICT DO UPDATE SET a = 1",
                                 " ON CONFLICT DO UPDATE SET id = 5"]) \
                if source.startswith("VALUES (N") else ""
            writes.append(f"{rng.choice(['INSERT', 'REPLACE', 'INSERT OR IGNORE'])} INTO "
                          f"{name} {source}{upsert}")
        elif kind < 0.7:
            writes.append(f"UPDATE{rng.choice(['', ' OR REPLACE'])} {name} SET "
                          f"{rng.choice(['id', 'a', 'b', 'c', 'rowid'])} = NULL WHERE 0")
        else:
            writes.append(f"DELETE FROM {name} WHERE 0")
    return ddl, writes


@pytest.mark.parametrize("seed", range(3))
def test_random_schemas_with_broken_constraints(seed):
    rng = random.Random(seed)
    for _ in range(30):
        ddl, writes = _random_schema(rng)
        assert_same([], ddl + writes)


def test_a_without_rowid_child_is_reported_with_a_null_rowid():
    # fuzz seed 85100251: SQLite's foreign_key_check gives NULL for a WITHOUT ROWID table
    assert_same(["PRAGMA foreign_keys = OFF",
                 "CREATE TABLE p(a INTEGER PRIMARY KEY) WITHOUT ROWID",
                 "CREATE TABLE c(k INTEGER PRIMARY KEY, FOREIGN KEY (k) REFERENCES p(a)) "
                 "WITHOUT ROWID",
                 "INSERT INTO c VALUES (1), (5)"],
                ["PRAGMA foreign_key_check", "PRAGMA foreign_key_check(c)",
                 "SELECT * FROM pragma_foreign_key_check('c')"])
