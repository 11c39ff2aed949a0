"""INSERTs of literal VALUES run as their template with the literals as parameters
(rowandb/sql/literal_insert.py): which texts the session takes that way, and, end to
end against SQLite, each statement's outcome (rows, error class and message), the
counters after it and every table's rows at the end -- over affinities, STRICT, NOT
NULL, CHECK, UNIQUE, DEFAULT, generated columns, WITHOUT ROWID, AUTOINCREMENT, foreign
keys, triggers, a view's INSTEAD OF trigger, conflict clauses, the errors a template's
compile meets (which the full path must raise), schema changes between two runs of one
text, executemany, and a user function's INSERT under a trigger of the statement that
runs the same template."""

from __future__ import annotations

import random

import pytest

from compat_corpus import require_corpus
from oracle import pair, run
from tests.quick_compare import records

SETUP = (
    "PRAGMA foreign_keys=ON",
    "CREATE TABLE t1(pk INTEGER PRIMARY KEY, i INTEGER, f FLOAT, s TEXT, n NUMERIC, b BLOB, x)",
    "CREATE TABLE t2(a INTEGER NOT NULL, b TEXT DEFAULT 'd', c REAL CHECK (c > 0), UNIQUE(a))",
    "CREATE TABLE t3(a INTEGER, b INTEGER, g AS (a + b), h AS (a * 2) STORED)",
    "CREATE TABLE t4(k TEXT PRIMARY KEY, v) WITHOUT ROWID",
    "CREATE TABLE t5(a INTEGER, b TEXT, c ANY) STRICT",
    "CREATE TABLE p(id INTEGER PRIMARY KEY)",
    "CREATE TABLE c(id INTEGER PRIMARY KEY, pid REFERENCES p(id))",
    "CREATE TABLE ai(id INTEGER PRIMARY KEY AUTOINCREMENT, v)",
    "CREATE TABLE log(m)",
    "CREATE TRIGGER tr AFTER INSERT ON t2 BEGIN INSERT INTO log VALUES(new.a || ':' || new.b); END",
    "CREATE VIEW v AS SELECT a, b FROM t2",
    "CREATE TRIGGER vt INSTEAD OF INSERT ON v BEGIN INSERT INTO log VALUES('v' || new.a); END",
    "CREATE VIEW w AS SELECT 1 AS a",
)
TABLES = ("t1", "t2", "t3", "t4", "t5", "p", "c", "ai", "log")

# (statement, whether the session runs it as a template's run: not where the reader
# declines it, nor where its template's compile fails -- then the full path's error)
STATEMENTS = (
    ("INSERT INTO t1 VALUES(0,68,70.19,'lahbq',70,46.96,'nzgys')", True),
    ("INSERT INTO t1 VALUES(1,'12','3.5','x','1e3','7',-0.0)", True),
    ("INSERT INTO t1 VALUES(2,-5,-0.0,'it''s',-0.5,NULL,-9223372036854775808)", False),
    ("INSERT INTO t1 VALUES(3,-922337203685477580,1e10,'',000012,'0012',1.)", True),
    ("INSERT INTO t1 VALUES(4,123456789012345678,12.5e-3,'a''''b',NULL,-7,'')", True),
    ("insert into t1(pk, s) values (5, 'five'), (6, 'six') , (7,NULL)", True),
    ("INSERT INTO t1(s, pk) VALUES('late', 8)", True),
    ("INSERT INTO t1 VALUES(0,1,2,3,4,5,6)", True),                 # UNIQUE: pk
    ("INSERT OR IGNORE INTO t1 VALUES(0,1,2,3,4,5,6)", True),
    ("INSERT OR REPLACE INTO t1 VALUES(0,1,2,3,4,5,6)", True),
    ("INSERT INTO t1 VALUES('abc',1,2,3,4,5,6)", True),             # datatype mismatch
    ("INSERT INTO t1 VALUES(9,1,2)", False),                         # a count that differs
    ("INSERT INTO t1(pk, nope) VALUES(9, 1)", False),                # no such column
    ("INSERT INTO t1(pk, s) VALUES(9, 1), (10)", False),             # rows of two counts
    ("INSERT INTO nope VALUES(1)", False),                           # no such table
    ("INSERT INTO w VALUES(1)", False),                              # a view, no trigger
    ("INSERT INTO v VALUES(5, 'through v')", True),
    ("INSERT INTO t2 VALUES(1, 'one', 1.5)", True),
    ("INSERT INTO t2(a, c) VALUES(2, 2)", True),
    ("INSERT INTO t2 VALUES(NULL, 'x', 1)", True),                  # NOT NULL
    ("INSERT INTO t2 VALUES(3, 'x', -1)", True),                    # CHECK
    ("INSERT INTO t2 VALUES(1, 'again', 3)", True),                 # UNIQUE
    ("INSERT OR FAIL INTO t2 VALUES(4, 'a', 1), (1, 'b', 1), (5, 'c', 1)", True),
    ("INSERT OR ROLLBACK INTO t2 VALUES(6, 'a', 1)", True),
    ("INSERT OR ABORT INTO t2 VALUES(7, 'a', 1), (7, 'b', 1)", True),
    ("INSERT INTO t3 VALUES(1, 2)", True),
    ("INSERT INTO t3(a, b) VALUES(3, 4), (NULL, 5)", True),
    ("INSERT INTO t3 VALUES(1, 2, 3, 4)", False),                    # generated columns
    ("INSERT INTO t3(a, g) VALUES(1, 2)", False),
    ("INSERT INTO t4 VALUES('k1', 1), ('k2', 2.5)", True),
    ("INSERT INTO t4 VALUES('k1', 3)", True),
    ("INSERT INTO t4 VALUES(NULL, 3)", True),
    ("INSERT INTO t5 VALUES(1, 'a', 2.5)", True),
    ("INSERT INTO t5 VALUES('1', 'a', NULL)", True),
    ("INSERT INTO t5 VALUES('x', 'a', 1)", True),                   # cannot store TEXT
    ("INSERT INTO t5 VALUES(1, 2, 3)", True),
    ("INSERT INTO t5 VALUES(1.5, 'b', 1)", True),
    ("INSERT INTO p VALUES(1), (2)", True),
    ("INSERT INTO c VALUES(1, 1)", True),
    ("INSERT INTO c VALUES(2, 3)", True),                           # FOREIGN KEY
    ("INSERT INTO c VALUES(3, NULL), (4, 2)", True),
    ("INSERT INTO ai VALUES(NULL, 'a')", True),
    ("INSERT INTO ai(v) VALUES('b'), ('c')", True),
    ("INSERT INTO ai VALUES(10, 'd')", True),
    # declined: the full path reads them
    ("INSERT INTO t1 VALUES(20, 1 + 1, 2, 3, 4, 5, 6)", False),
    ("INSERT INTO t1 VALUES(21, +1, 2, 3, 4, 5, 6)", False),
    ("INSERT INTO t1 VALUES(22, 0x10, 2, 3, 4, x'00ff', 6)", False),
    ("INSERT INTO t1 VALUES(23, 12345678901234567890, 2, 3, 4, 5, 6)", False),
    ("INSERT INTO t1 VALUES(24, 1, 2, \"t\", 4, 5, 6)", False),
    ("INSERT INTO main.t1 VALUES(25, 1, 2, 3, 4, 5, 6)", False),
    ("INSERT INTO \"t1\" VALUES(26, 1, 2, 3, 4, 5, 6)", False),
    ("INSERT INTO t1 VALUES(27, 1, 2, 3, 4, 5, 6) RETURNING pk", False),
    ("INSERT INTO t2 VALUES(30, 'u', 1) ON CONFLICT DO NOTHING", False),
    ("INSERT INTO t2 DEFAULT VALUES", False),
    ("INSERT INTO t1 SELECT 28, 1, 2, 3, 4, 5, 6", False),
    ("REPLACE INTO t1 VALUES(29, 1, 2, 3, 4, 5, 6)", False),
    ("INSERT INTO t1 VALUES(31, abs(-1), 2, 3, 4, 5, 6)", False),
    ("INSERT INTO t1 VALUES(32, 1, 2, 3, 4, 5, 6", False),
    ("INSERT INTO t1 VALUES(33, 1, 2, 3, 4, 5, 6),", False),
    ("INSERT INTO t1 VALUES(34, 1, 2, 3, 4, 5, 6) (35)", False),
    ("INSERT INTO t1 VALUES(36, - 'a', 2, 3, 4, 5, 6)", False),
)
COUNTERS = "SELECT changes(), total_changes(), last_insert_rowid()"


def _taken(session, sql: str) -> bool:
    """Whether the session's cache entry of ``sql`` runs a template with literals."""
    return session.cache[sql].literals is not None


def _differences(steps) -> list[str]:
    """Each step whose outcome, or the counters after it, differ from SQLite's; then
    each table whose rows differ."""
    mine, theirs = pair(SETUP)
    found = []
    for sql in steps:
        for step in (sql, COUNTERS):
            got, expected = run(mine, step), run(theirs, step)
            if got != expected:
                found.append(f"{step} (after {sql})\n  rowandb: {got}\n  sqlite:  {expected}")
    for table in TABLES:
        step = f"SELECT * FROM {table} ORDER BY 1, 2"
        got, expected = run(mine, step), run(theirs, step)
        if got != expected:
            found.append(f"{step}\n  rowandb: {got}\n  sqlite:  {expected}")
    return found


def test_statements_as_sqlite_runs_them():
    differences = _differences([sql for sql, _ in STATEMENTS])
    assert not differences, "\n".join(differences)


def test_which_texts_are_taken():
    """A text is a template's run where the reader takes it and its template compiles;
    otherwise the full path's own, with the full path's error."""
    mine, _ = pair(SETUP)
    wrong = []
    for sql, taken in STATEMENTS:
        run(mine, sql)
        if sql in mine.cache and _taken(mine, sql) != taken:
            wrong.append(f"{sql}: taken {_taken(mine, sql)}, expected {taken}")
    assert not wrong, "\n".join(wrong)


def _literal(rng: random.Random) -> str:
    return rng.choice([
        lambda: str(rng.randint(-10**6, 10**6)),
        lambda: str(rng.randint(0, 10**18 - 1)),
        lambda: f"{rng.uniform(-1000, 1000):.{rng.randint(0, 6)}f}",
        lambda: f"{rng.randint(0, 99)}.{rng.randint(0, 99)}e{rng.randint(-20, 20)}",
        lambda: "'" + rng.choice(["", "a", "it''s", "12", " 3.5", "-0", "1e2", "x y"]) + "'",
        lambda: "NULL",
        lambda: rng.choice(["-0.0", "-0", "0.0", "00", "-00012"]),
    ])()


def test_generated_rows_as_sqlite_writes_them():
    """Two hundred INSERTs of one to three rows of random literals into every column
    kind of t1, t5 and t4 (errors included: STRICT's, the rowid's, the keys')."""
    rng = random.Random(2812)
    steps = []
    for k in range(200):
        table, width = rng.choice([("t1", 7), ("t5", 3), ("t4", 2)])
        rows = ", ".join("(" + ", ".join(
            [str(k + 100) if table == "t1" and rng.random() < 0.8 else _literal(rng)]
            + [_literal(rng) for _ in range(width - 1)]) + ")"
            for _ in range(rng.randint(1, 3)))
        steps.append(f"INSERT INTO {table} VALUES {rows}")
    differences = _differences(steps)
    assert not differences, "\n".join(differences[:20])


def test_one_executable_per_shape_and_schema_version():
    """Two texts of one shape share their template's executable; a schema change
    compiles it again, with the new table's affinities."""
    mine, theirs = pair(("CREATE TABLE s(a INTEGER, b TEXT)",))
    steps = ["INSERT INTO s VALUES(1, 2)", "INSERT INTO s VALUES(3, 4)"]
    for sql in steps:
        run(mine, sql)
    assert mine.cache[steps[0]].executable is mine.cache[steps[1]].executable
    steps += ["DROP TABLE s", "CREATE TABLE s(a TEXT, b INTEGER)", "INSERT INTO s VALUES(5, '6')",
              "INSERT INTO s VALUES(3, 4)", "ALTER TABLE s ADD COLUMN c",
              "INSERT INTO s VALUES(3, 4)", "INSERT INTO s VALUES(7, 8, 9)",
              "SELECT a, typeof(a), b, typeof(b), c FROM s ORDER BY rowid"]
    mine, theirs = pair(("CREATE TABLE s(a INTEGER, b TEXT)",))
    assert [run(mine, sql) for sql in steps] == [run(theirs, sql) for sql in steps]


def test_executemany_and_a_function_under_a_trigger():
    """executemany of a literal text in a transaction runs the text's own statement; a
    user function that runs an INSERT of the same template under a trigger of the
    INSERT running it (whose executable is running) gets its own too."""
    import apsw
    import rowandb
    mine = rowandb.connect(":memory:", autocommit=True)
    theirs = apsw.Connection(":memory:")
    for connection in (mine, theirs):
        connection.execute("CREATE TABLE t(a, b)")
        connection.execute("CREATE TABLE n(x)")
    mine.create_function("f", 0, lambda: mine.execute(
        "INSERT INTO t VALUES(2, 'inner'), (3, 'inner2')") and 0)
    theirs.create_scalar_function("f", lambda: theirs.execute(
        "INSERT INTO t VALUES(2, 'inner'), (3, 'inner2')") and 0, 0)
    steps = ["CREATE TRIGGER tr AFTER INSERT ON t WHEN new.a = 1 BEGIN SELECT f(); END",
             "INSERT INTO t VALUES(0, 'warm'), (-1, 'warm2')",
             "INSERT INTO t VALUES(1, 'outer'), (4, 'outer2')",
             COUNTERS, "SELECT * FROM t ORDER BY rowid"]
    cursors = [mine.execute(sql) for sql in steps]
    got = [list(map(tuple, c.fetchall())) if c.description else [] for c in cursors]
    assert got == [list(theirs.execute(sql)) for sql in steps]
    mine.execute("BEGIN")
    mine.executemany("INSERT INTO n VALUES(7)", [(), (), ()])
    mine.execute("COMMIT")
    assert mine.execute("SELECT count(*), sum(x) FROM n").fetchall() == [(3, 21)]


@pytest.mark.parametrize("inner", ["INSERT INTO t VALUES(1, 2), (3, 4)",
                                   "INSERT INTO t SELECT 1, 2 UNION ALL SELECT 3, 4"])
def test_a_statement_run_again_inside_its_own_run(inner):
    """A user function under a trigger runs the very text whose run fired the trigger: the
    inner run gets an executable of its own (``literal_insert.for_run``), where it took
    the cached one the outer run was using, and an AttributeError escaped when the outer
    run went on (on ``153e1af`` too, for both texts)."""
    import apsw
    import rowandb
    mine = rowandb.connect(":memory:", autocommit=True)
    theirs = apsw.Connection(":memory:")
    for connection, define in ((mine, lambda f: mine.create_function("f", 1, f)),
                               (theirs, lambda f: theirs.create_scalar_function("f", f, 1))):
        calls = []

        def f(x, connection=connection, calls=calls):
            calls.append(x)
            if len(calls) == 1:
                connection.execute(inner)
            return x
        define(f)
        connection.execute("CREATE TABLE t(a, b)")
        connection.execute("CREATE TABLE log(m)")
        # on: the inner statement fires tr inside tr's run on both engines (off, RowanDB
        # takes it for tr firing itself: a difference left open, SQL.md)
        connection.execute("PRAGMA recursive_triggers = ON")
        connection.execute("CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                           "INSERT INTO log VALUES(f(new.a) || '/' || new.b); END")
    steps = [inner, COUNTERS, "SELECT * FROM t ORDER BY rowid",
             "SELECT * FROM log ORDER BY rowid", inner, "SELECT count(*) FROM t"]
    cursors = [mine.execute(sql) for sql in steps]
    got = [list(map(tuple, c.fetchall())) if c.description else [] for c in cursors]
    assert got == [list(theirs.execute(sql)) for sql in steps]


def test_index_delete_inserts_are_taken():
    """Every INSERT ... VALUES of the corpus's index/delete is a template's run."""
    path = require_corpus() / "index" / "delete" / "10_slt_good_1.test"
    mine, _ = pair()
    missed = taken = 0
    for kind, sql in records(path):
        if kind != "statement":
            continue
        run(mine, sql)
        if sql.upper().startswith("INSERT") and " SELECT " not in sql.upper():
            taken += _taken(mine, sql)
            missed += not _taken(mine, sql)
    assert (taken, missed) == (1200, 0)
