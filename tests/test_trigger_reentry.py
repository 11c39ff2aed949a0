"""A trigger program that runs inside itself, checked against SQLite (apsw).

SQLite codes a trigger's program once per statement and runs it at every level of a
recursion (trigger.c codeRowTrigger); RowanDB compiles it once too and a level inside a
running one saves and restores what the outer level set (planner/exec/trigger_frames.py).
Each script here runs statement by statement on both engines: the same rows or error,
``changes()`` and ``last_insert_rowid()`` where they are read, and the same database after
each statement -- recursions whose outer levels go on after an inner one (more rows, more
statements, subqueries computed once per level), errors and RAISE at deep levels, and a
function of the statement that changes the schema while the recursion runs.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from test_fk_state_machine import run_rowandb, run_sqlite

ON = "PRAGMA recursive_triggers = ON"


def _lockstep(script, functions=None):
    """Run ``script`` on both engines; ``functions``: name -> f(run, x) where ``run``
    executes SQL on the engine's own connection (for a function that runs DDL)."""
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    theirs.execute("PRAGMA foreign_keys = ON")
    for name, f in (functions or {}).items():
        mine.create_function(name, 1, lambda x, f=f: f(mine.execute, x))
        theirs.create_scalar_function(name, lambda x, f=f: f(theirs.execute, x), 1)
    for sql in script:
        got, expected = run_rowandb(mine, sql), run_sqlite(theirs, sql)
        if got[0] == "error":
            got = got[:2] + (got[2].split(" (line ")[0],)
        assert got == expected, sql
    return mine, theirs


SCRIPTS = {
    # an outer level goes on with its next row and its next statement after an inner one
    "insert_rows_after_inner": [
        ON, "CREATE TABLE t(id INTEGER PRIMARY KEY, x, depth)", "CREATE TABLE log(a, b, c, d)",
        "CREATE TRIGGER tr AFTER INSERT ON t WHEN new.depth < 4 BEGIN "
        "INSERT INTO t(x, depth) SELECT new.x * 10 + k, new.depth + 1 FROM "
        "(SELECT 1 AS k UNION ALL SELECT 2); "
        "INSERT INTO log VALUES (new.id, changes(), last_insert_rowid(), "
        "(SELECT count(*) FROM t)); END",
        "INSERT INTO t(x, depth) VALUES (1, 1), (2, 1)",
        "SELECT changes(), total_changes(), last_insert_rowid()",
        "SELECT * FROM t ORDER BY id", "SELECT * FROM log"],
    "update_chain": [
        ON, "CREATE TABLE t(id INTEGER PRIMARY KEY, n)", "CREATE TABLE log(id, n, c)",
        "INSERT INTO t VALUES (1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0)",
        "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN "
        "UPDATE t SET n = n + new.n + 1 WHERE id IN (new.id + 1, new.id + 2) AND n < 50; "
        "INSERT INTO log VALUES (new.id, new.n, changes()); END",
        "UPDATE t SET n = 1 WHERE id <= 2",
        "SELECT changes()", "SELECT * FROM t", "SELECT * FROM log"],
    "delete_chain": [
        ON, "CREATE TABLE t(id INTEGER PRIMARY KEY, v)", "CREATE TABLE log(id, c, m)",
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
        "INSERT INTO t SELECT i, i * 3 FROM n",
        "CREATE TRIGGER td BEFORE DELETE ON t BEGIN "
        "DELETE FROM t WHERE id IN (old.id * 2, old.id * 2 + 1); "
        "INSERT INTO log VALUES (old.id, changes(), (SELECT max(id) FROM t)); END",
        "DELETE FROM t WHERE id = 1", "SELECT changes()",
        "SELECT * FROM t", "SELECT * FROM log"],
    "mutual_recursion": [
        ON, "CREATE TABLE a(x)", "CREATE TABLE b(x)",
        "CREATE TRIGGER ta AFTER INSERT ON a WHEN new.x < 30 BEGIN "
        "INSERT INTO b VALUES (new.x + 1), (new.x + 2); END",
        "CREATE TRIGGER tb AFTER INSERT ON b WHEN new.x % 3 <> 0 BEGIN "
        "INSERT INTO a VALUES (new.x + 1); END",
        "INSERT INTO a VALUES (1)", "SELECT changes(), total_changes()",
        "SELECT x, count(*) FROM a GROUP BY x", "SELECT x, count(*) FROM b GROUP BY x"],
    "limit_undoes_the_statement": [
        ON, "CREATE TABLE t(x INTEGER CHECK (x > 0))", "CREATE TABLE other(y)",
        "INSERT INTO other VALUES ('kept')",
        "CREATE TRIGGER tr BEFORE INSERT ON t BEGIN INSERT INTO other VALUES (new.x); "
        "INSERT INTO t VALUES (new.x + 1); END",
        "BEGIN", "INSERT INTO other VALUES ('in the transaction')",
        "INSERT INTO t VALUES (1)", "SELECT count(*) FROM t", "SELECT * FROM other",
        "COMMIT", "SELECT * FROM other", "INSERT INTO t VALUES (1)"],
    "raise_deep": [
        ON, "CREATE TABLE t(x)", "CREATE TABLE log(x)",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
        "SELECT RAISE(ABORT, 'deep') WHERE new.x = 700; "
        "INSERT INTO t VALUES (new.x + 1); INSERT INTO log VALUES (new.x); END",
        "INSERT INTO t VALUES (1)", "SELECT count(*) FROM t", "SELECT count(*) FROM log",
        "BEGIN", "INSERT INTO log VALUES ('before')", "INSERT OR FAIL INTO t VALUES (1)",
        "SELECT count(*) FROM t", "SELECT count(*), min(x) FROM log", "ROLLBACK",
        "BEGIN", "INSERT INTO log VALUES ('before')", "INSERT OR ROLLBACK INTO t VALUES (1)",
        "SELECT count(*) FROM log"],
    "raise_ignore_deep": [
        ON, "CREATE TABLE t(x)", "CREATE TABLE log(x, c)",
        "CREATE TRIGGER tb BEFORE INSERT ON t BEGIN "
        "SELECT RAISE(IGNORE) WHERE new.x % 7 = 0; END",
        "CREATE TRIGGER ta AFTER INSERT ON t WHEN new.x < 16 BEGIN "
        "INSERT INTO t VALUES (new.x + 1), (new.x + 3); "
        "INSERT INTO log VALUES (new.x, changes()); END",
        "INSERT INTO t VALUES (1)", "SELECT changes(), total_changes()",
        "SELECT x, count(*) FROM t GROUP BY x", "SELECT x, c, count(*) FROM log GROUP BY x, c"],
    "conflict_clause_of_the_statement": [
        ON, "CREATE TABLE t(x UNIQUE, y)",
        "CREATE TRIGGER tr AFTER INSERT ON t WHEN new.x < 20 BEGIN "
        "INSERT INTO t VALUES (new.x + 1, 'a'), (new.x, 'dup'), (new.x + 2, 'b'); END",
        "INSERT OR IGNORE INTO t VALUES (1, 'top')", "SELECT changes()",
        "SELECT * FROM t ORDER BY x", "DELETE FROM t",
        "INSERT OR REPLACE INTO t VALUES (1, 'top')", "SELECT * FROM t ORDER BY x",
        "DELETE FROM t", "INSERT INTO t VALUES (1, 'top')", "SELECT count(*) FROM t"],
    "upsert_and_autoincrement": [
        ON, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, k UNIQUE, n)",
        "CREATE TABLE log(id, k, n)",
        "CREATE TRIGGER tr AFTER INSERT ON t WHEN new.k < 12 BEGIN "
        "INSERT INTO t(k, n) VALUES (new.k + 1, 1), (new.k / 2, 1) "
        "ON CONFLICT(k) DO UPDATE SET n = n + 1; "
        "INSERT INTO log VALUES (new.id, new.k, last_insert_rowid()); END",
        "CREATE TRIGGER tu AFTER UPDATE ON t WHEN new.n < 4 BEGIN "
        "INSERT INTO t(k, n) VALUES (new.k + 100, 0); END",
        "INSERT INTO t(k, n) VALUES (1, 0)", "SELECT last_insert_rowid(), changes()",
        "SELECT * FROM t ORDER BY id", "SELECT * FROM log", "SELECT * FROM sqlite_sequence"],
    "returning_and_foreign_keys": [
        ON, "CREATE TABLE p(id INTEGER PRIMARY KEY, up REFERENCES p ON DELETE CASCADE)",
        "CREATE TABLE log(id)",
        "CREATE TRIGGER tp AFTER INSERT ON p WHEN new.id < 50 BEGIN "
        "INSERT INTO p VALUES (new.id + 1, new.id); END",
        "CREATE TRIGGER tl AFTER DELETE ON p BEGIN INSERT INTO log VALUES (old.id); END",
        "INSERT INTO p VALUES (1, NULL) RETURNING id, up", "SELECT count(*) FROM p",
        "DELETE FROM p WHERE id = 10", "SELECT count(*), max(id) FROM p",
        "SELECT count(*), min(id), max(id) FROM log"],
    "instead_of_on_a_view": [
        ON, "CREATE TABLE t(x)", "CREATE VIEW v AS SELECT x FROM t",
        "CREATE TRIGGER vi INSTEAD OF INSERT ON v WHEN new.x < 30 BEGIN "
        "INSERT INTO t VALUES (new.x); INSERT INTO v VALUES (new.x + 1), (new.x + 2); END",
        "INSERT INTO v VALUES (20)", "SELECT x, count(*) FROM t GROUP BY x",
        "SELECT changes(), total_changes()"],
    "before_update_round": [
        ON, "CREATE TABLE t(id INTEGER PRIMARY KEY, n)",
        "INSERT INTO t VALUES (1, 0), (2, 0), (3, 0), (4, 0)",
        "CREATE TRIGGER bu BEFORE UPDATE ON t WHEN new.n < 6 BEGIN "
        "UPDATE t SET n = n + 1 WHERE id = (old.id % 4) + 1; END",
        "UPDATE t SET n = n + 1", "SELECT * FROM t"],
    "insert_select_with_a_subquery": [
        ON, "CREATE TABLE t(x)", "CREATE TABLE u(y)", "INSERT INTO u VALUES (1), (2), (3)",
        "CREATE TRIGGER ti AFTER INSERT ON t WHEN new.x < 40 BEGIN "
        "INSERT INTO t SELECT new.x + y * 10 FROM u "
        "WHERE y <= (SELECT count(*) FROM t) % 3 + 1; END",
        "INSERT INTO t VALUES (1)", "SELECT x, count(*) FROM t GROUP BY x"],
    "returning_of_the_statement": [
        ON, "CREATE TABLE t(id INTEGER PRIMARY KEY, x)",
        "CREATE TRIGGER ti AFTER INSERT ON t WHEN new.x < 5 BEGIN "
        "INSERT INTO t(x) VALUES (new.x + 1); END",
        "INSERT INTO t(x) VALUES (1), (3) RETURNING id, x, last_insert_rowid()",
        "SELECT * FROM t"],
    "recursive_off_fires_once": [
        "CREATE TABLE t(x)",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO t VALUES (new.x + 1); END",
        "INSERT INTO t VALUES (1)", "SELECT * FROM t", ON, "INSERT INTO t VALUES (990)",
        "SELECT count(*) FROM t", "INSERT INTO t VALUES (1)", "SELECT count(*) FROM t"],
}


@pytest.mark.parametrize("name", SCRIPTS)
def test_recursion_is_sqlites(name):
    _lockstep(SCRIPTS[name])


def _ddl_at_2(sql):
    """A function that runs ``sql`` on its connection when called with 2."""
    def f(run, x):
        if x == 2:
            run(sql)
        return x
    return {"f": f}


DDL_BODY = [ON, "CREATE TABLE t(x INTEGER)", "CREATE TABLE log(x)",
            "CREATE TRIGGER tr AFTER INSERT ON t WHEN new.x < 5 BEGIN "
            "INSERT INTO log VALUES (f(new.x)); INSERT INTO t VALUES (new.x + 1); END",
            "INSERT INTO t VALUES (1)", "SELECT * FROM t", "SELECT * FROM log",
            "SELECT name FROM sqlite_schema", "INSERT INTO t VALUES (10)", "SELECT * FROM log"]


@pytest.mark.parametrize("ddl", [
    "DROP TRIGGER tr", "ALTER TABLE log ADD COLUMN y DEFAULT 'new'",
    "CREATE TRIGGER tr2 AFTER INSERT ON log BEGIN INSERT INTO t VALUES (100); END",
    "CREATE TABLE z(a)"])
def test_a_running_program_runs_on_when_a_function_changes_the_schema(ddl):
    """SQLite keeps running the programs it coded for the statement, whatever the schema
    becomes meanwhile: every level of the recursion runs the program the first one ran
    (a program compiled anew for the changed schema would stop at the dropped trigger,
    or fail binding its INSERT to the wider table)."""
    _lockstep(DDL_BODY, _ddl_at_2(ddl))


def test_a_recursion_compiles_its_program_once(monkeypatch):
    """One program per trigger and statement, however deep the recursion (it was one per
    level: 1000 compilations on the way to 'triggers nested too deep')."""
    from rowandb.sql import session as session_module
    compiled = []
    original = session_module.Session._trigger_program

    def counting(self, trigger, *args, **kwargs):
        compiled.append(trigger.name)
        return original(self, trigger, *args, **kwargs)
    monkeypatch.setattr(session_module.Session, "_trigger_program", counting)
    con = rowandb.connect(":memory:", isolation_level=None)
    for sql in [ON, "CREATE TABLE t(x)", "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                "INSERT INTO t VALUES (new.x + 1); END"]:
        con.execute(sql)
    with pytest.raises(rowandb.OperationalError, match="^triggers nested too deep$"):
        con.execute("INSERT INTO t VALUES (1)")
    assert compiled == ["tr"]
    assert con.execute("SELECT count(*) FROM t").fetchone() == (0,)


@pytest.mark.parametrize("body", ["INSERT INTO t VALUES (new.x + 1)",
                                  "INSERT OR IGNORE INTO t VALUES (new.x + 1)",
                                  "UPDATE t SET x = x WHERE 0; INSERT INTO t VALUES (new.x)"])
@pytest.mark.parametrize("temp", ["", "TEMP "])
def test_inside_a_transaction_sqlite_keeps_a_recursion_stopped_too_deep(body, temp):
    """Differs on purpose (docs/TESTING.md): inside BEGIN, SQLite keeps the 1,001 rows a
    recursion wrote before 'triggers nested too deep' stopped it -- the statement may not
    abort by any constraint, so SQLite opened no statement journal to undo it with -- and
    COMMIT then keeps them; in autocommit mode the failed statement's transaction is
    undone, nothing kept. RowanDB undoes the failed statement in both, as an error does
    (lead fuzz 85500103, with the fuzzer's steer ``sqlite_trigger_depth_journal``)."""
    schema = [ON, f"CREATE {temp}TABLE t(x)",
              f"CREATE TRIGGER tr AFTER INSERT ON t BEGIN {body}; END"]

    def rows_kept(con, begin: bool) -> int:
        for sql in schema + (["BEGIN"] if begin else []):
            con.execute(sql)
        with pytest.raises((apsw.SQLError, rowandb.OperationalError),
                           match="^triggers nested too deep$"):
            con.execute("INSERT INTO t VALUES (1)")
        if begin:
            con.execute("COMMIT")
        return list(con.execute("SELECT count(*) FROM t"))[0][0]

    assert rows_kept(apsw.Connection(":memory:"), begin=True) == 1001
    assert rows_kept(apsw.Connection(":memory:"), begin=False) == 0
    for begin in (True, False):
        assert rows_kept(rowandb.connect(":memory:", isolation_level=None), begin) == 0
