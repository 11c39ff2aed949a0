"""Generated columns (rowandb/sql/bind/generated.py), differentially against SQLite (apsw).

The sqllogictest scripts in compat/gencols/ cover the statements one by one; here the same
scenarios run as sequences on both engines with values compared with their storage
classes, plus what a script cannot show: a database closed and reopened, the dictionary's
records, a failing statement leaving nothing behind, EXPLAIN QUERY PLAN of an index on a
generated column.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from rowandb.errors import IntegrityError, OperationalError
from test_differential import assert_same_outcome, both, fresh_pair

SCENARIOS = {
    "kinds_and_affinity": """
        CREATE TABLE g(a INT, b AS (a*2), c TEXT AS (a || 'x') STORED, d INTEGER AS (b+1),
                       e REAL AS (a), f AS (a) STORED, h NUMERIC AS (a || ''))
        INSERT INTO g(a) VALUES(1), ('7'), (NULL), (2.5), ('x'), (x'00')
        SELECT *, typeof(b), typeof(c), typeof(d), typeof(e), typeof(f), typeof(h) FROM g
        UPDATE g SET a = a + 1 WHERE typeof(a) = 'integer'
        SELECT * FROM g ORDER BY rowid
        SELECT d, count(*) FROM g GROUP BY d ORDER BY d
        PRAGMA table_info(g)
        PRAGMA table_xinfo(g)
        SELECT * FROM pragma_table_xinfo('g') WHERE hidden > 0
    """,
    "order_of_computation": """
        CREATE TABLE o(a, b AS (c + d), c, d AS (c * 10) STORED, e AS (b || ':' || d), f AS (e))
        INSERT INTO o(a, c) VALUES(1, 2), (3, NULL)
        INSERT INTO o VALUES(5, 6)
        UPDATE o SET c = c * 3
        SELECT * FROM o ORDER BY rowid
    """,
    "constraints": """
        CREATE TABLE n(a, b AS (a + 1) NOT NULL, c NOT NULL, d AS (a) CHECK (d > 0),
                       e CHECK (e > 0), u AS (a % 5) UNIQUE)
        INSERT INTO n(a, c, e) VALUES(NULL, NULL, 1)
        INSERT INTO n(a, c, e) VALUES(NULL, 1, 1)
        INSERT INTO n(a, c, e) VALUES(-1, 1, 0)
        INSERT INTO n(a, c, e) VALUES(1, 1, 1), (2, 1, 1), (3, 1, 1)
        INSERT INTO n(a, c, e) VALUES(6, 1, 1)
        INSERT OR REPLACE INTO n(a, c, e) VALUES(6, 2, 2)
        INSERT OR IGNORE INTO n(a, c, e) VALUES(NULL, 1, 1), (7, 1, 1), (-1, 1, 1)
        UPDATE n SET a = a + 1
        UPDATE OR REPLACE n SET a = 9 WHERE a = 4
        UPDATE OR IGNORE n SET a = NULL
        INSERT INTO n(a, c, e) VALUES(12, 1, 1) ON CONFLICT(u) DO UPDATE SET a = excluded.u + 20
        INSERT INTO n(a, c, e) VALUES(13, 1, 1) ON CONFLICT DO NOTHING RETURNING *
        UPDATE n SET c = c + 1 RETURNING a, b, u
        SELECT rowid, * FROM n ORDER BY rowid
    """,
    "a CHECK of one name after the clause": """
        CREATE TABLE k(a, c AS (a) CHECK (a), d INT AS (a) STORED CHECK (d), e CHECK (e),
                       f GENERATED ALWAYS AS (a + 1) VIRTUAL CHECK ((f)) CHECK (a))
        INSERT INTO k(a, e) VALUES(1, 1)
        INSERT INTO k(a, e) VALUES(0, 1)
        INSERT INTO k(a, e) VALUES(-1, 1)
        INSERT INTO k(a, e) VALUES(2, 0)
        SELECT * FROM k
        SELECT sql FROM sqlite_schema WHERE name = 'k'
    """,
    "indexes": """
        CREATE TABLE ix(a TEXT, b INT AS (length(a)), c TEXT COLLATE nocase AS (upper(a)) STORED)
        CREATE INDEX ix_b ON ix(b)
        CREATE UNIQUE INDEX ix_c ON ix(c)
        INSERT INTO ix(a) VALUES('one'), ('three'), ('four')
        INSERT INTO ix(a) VALUES('ONE')
        SELECT a FROM ix WHERE b = 4
        SELECT a FROM ix WHERE c = 'Three'
        UPDATE ix SET a = 'seven' WHERE a = 'one'
        SELECT a, b FROM ix WHERE b >= 5 ORDER BY b, a
        DELETE FROM ix WHERE b = 4
        SELECT a FROM ix ORDER BY c
        PRAGMA integrity_check
    """,
    "triggers_and_views": """
        CREATE TABLE t(a, b AS (a * 2), c AS (b * 2) STORED)
        CREATE TABLE log(x)
        CREATE TRIGGER tb BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('bi ' || quote(NEW.b)); END
        CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('au ' || OLD.c || ' ' || NEW.c); END
        CREATE TRIGGER tuo AFTER UPDATE OF b ON t BEGIN INSERT INTO log VALUES('uof'); END
        CREATE VIEW tv AS SELECT c, b FROM t
        INSERT INTO t VALUES(1)
        UPDATE t SET a = 5
        SELECT * FROM log
        SELECT * FROM tv
        INSERT INTO t SELECT c FROM tv
        SELECT * FROM t ORDER BY rowid
    """,
    "foreign_keys": """
        CREATE TABLE p(id INTEGER PRIMARY KEY, k AS (id * 10) UNIQUE)
        INSERT INTO p VALUES(1), (2)
        CREATE TABLE ch(x, y AS (x + 1) REFERENCES p(id))
        CREATE TABLE ck(z REFERENCES p(k) ON UPDATE CASCADE ON DELETE CASCADE)
        INSERT INTO ch(x) VALUES(0)
        INSERT INTO ch(x) VALUES(5)
        UPDATE ch SET x = 9
        INSERT INTO ck VALUES(20)
        UPDATE p SET id = 3 WHERE id = 2
        SELECT * FROM ck
        DELETE FROM p WHERE id = 3
        SELECT count(*) FROM ck
        CREATE TABLE cn(x, y AS (x) REFERENCES p(id) ON DELETE SET NULL)
        DELETE FROM p WHERE id = 1
    """,
    "fk_action_set_list": """
        PRAGMA foreign_keys = ON
        CREATE TABLE p(a, b, c, UNIQUE (a, b, c), UNIQUE (c, b, a))
        CREATE TABLE ch(x, g1 AS (x), g2 AS (x), g3 AS (x),
            FOREIGN KEY (g1, g2, g3) REFERENCES p(a, b, c) ON UPDATE SET NULL ON DELETE SET NULL)
        UPDATE p SET a = 1
        DELETE FROM p
        CREATE UNIQUE INDEX p_bac ON p(b, a, c)
        UPDATE p SET a = 1
        DELETE FROM p
        CREATE TABLE q(c0 INTEGER PRIMARY KEY, c1 ANY, UNIQUE (c1, c0)) STRICT
        CREATE TABLE cq(c0, c1 AS (c0 IN (1, 'a')) VIRTUAL, c4 AS (typeof(c1)),
            FOREIGN KEY (c1, c4) REFERENCES q(c0, c1) ON UPDATE SET NULL)
        UPDATE q SET c1 = NULL
        CREATE TABLE w(a, b, PRIMARY KEY (b, a)) WITHOUT ROWID
        CREATE TABLE cw(x, g1 AS (x), g2 AS (x), FOREIGN KEY (g1, g2) REFERENCES w(a, b) ON DELETE SET NULL)
        DELETE FROM w
    """,
    "alter_add_column": """
        CREATE TABLE g(a INT, b AS (a * 2))
        INSERT INTO g VALUES(1), (NULL)
        ALTER TABLE g ADD COLUMN e AS (a) STORED
        ALTER TABLE g ADD COLUMN e AS (a) NOT NULL
        ALTER TABLE g ADD COLUMN e AS (a) CHECK (e > 5)
        ALTER TABLE g ADD COLUMN e TEXT AS (coalesce(a, 'none'))
        CREATE INDEX g_e ON g(e)
        SELECT *, typeof(e) FROM g ORDER BY rowid
        SELECT a FROM g WHERE e = 'none'
        UPDATE g SET a = 4 WHERE a IS NULL
        SELECT * FROM g ORDER BY rowid
        PRAGMA table_xinfo(g)
        SELECT sql FROM sqlite_schema
    """,
    "escape_and_raise_kinds": """
        CREATE TABLE g5(a, e, b AS (a LIKE 'x\\%' ESCAPE e))
        INSERT INTO g5(a, e) VALUES ('x%', '\\'), ('xy', '\\'), ('x%', NULL), ('x%', 'ab')
        SELECT a, e, b FROM g5
        CREATE TABLE g6(a, b AS (a LIKE 'x%' ESCAPE ('\\' || '')) STORED)
        INSERT INTO g6(a) VALUES ('x%'), ('xa')
        SELECT * FROM g6
        CREATE TABLE g7(a, b AS ('a' LIKE 'b' ESCAPE (1, 2)))
        CREATE TABLE g8(a, b DEFAULT ('x%' LIKE 'x\\%' ESCAPE ('\\')))
        INSERT INTO g8(a) VALUES (1)
        SELECT * FROM g8
        CREATE TABLE g9(a, b AS (RAISE(ROLLBACK, 'x')) STORED)
        CREATE TABLE g12(a, b AS (a LIKE 'b' ESCAPE RAISE(ROLLBACK, 'q')))
        CREATE TABLE s(a)
        ALTER TABLE s ADD COLUMN c AS (RAISE(ROLLBACK, 'y'))
        INSERT INTO s(a) VALUES ('x')
        CREATE TABLE s2(a)
        ALTER TABLE s2 ADD COLUMN d AS ('a' LIKE 'b' ESCAPE (1, 2))
        INSERT INTO s2(a) VALUES ('x')
        ALTER TABLE s2 ADD COLUMN f AS (a LIKE 'x' ESCAPE ('\\'))
        SELECT * FROM s2
    """,
    "strict": """
        CREATE TABLE s(a ANY, b INT AS (a), c TEXT AS (a) STORED) STRICT
        INSERT INTO s VALUES(5)
        INSERT INTO s VALUES('7')
        INSERT INTO s VALUES('x')
        SELECT a, typeof(a), b, typeof(b), c, typeof(c) FROM s
    """,
}


def _statements(text: str) -> list[str]:
    """One statement a line; a line indented deeper than the first continues the last."""
    lines = [line for line in text.splitlines() if line.strip()]
    indent = len(lines[0]) - len(lines[0].lstrip())
    out = []
    for line in lines:
        if len(line) - len(line.lstrip()) > indent:
            out[-1] += " " + line.strip()
        else:
            out.append(line.strip())
    return out


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenarios_match_sqlite(name):
    sessions = fresh_pair()
    for sql in _statements(SCENARIOS[name]):
        mine, theirs = both(sql, sessions)
        assert_same_outcome(sql, mine, theirs)


def _schema_text(conn):
    return conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()


DURABLE = ["CREATE TABLE g(a INT, b AS (a*2), c TEXT GENERATED ALWAYS AS (a || 'x') STORED, "
           "d INTEGER AS (b+1) VIRTUAL)",
           "CREATE INDEX g_d ON g(d)",
           "INSERT INTO g(a) VALUES(1), (2)",
           "ALTER TABLE g ADD COLUMN e AS (c || d)"]


def test_generated_columns_survive_close_and_reopen(tmp_path):
    """The definitions come back from the dictionary rows, sqlite_schema byte for byte as
    SQLite keeps it, and later writes still compute the columns."""
    path = str(tmp_path / "g.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    oracle = apsw.Connection(":memory:")
    for sql in DURABLE:
        conn.execute(sql)
        oracle.execute(sql)
    conn.close()
    conn = rowandb.connect(path, isolation_level=None)
    assert [tuple(r) for r in _schema_text(conn)] == [tuple(r) for r in _schema_text(oracle)]
    for sql in ("UPDATE g SET a = a + 10 WHERE a = 1", "INSERT INTO g(a) VALUES(3)"):
        conn.execute(sql)
        oracle.execute(sql)
    query = "SELECT *, typeof(e) FROM g ORDER BY rowid"
    assert [tuple(r) for r in conn.execute(query)] == oracle.execute(query).fetchall()
    assert conn.execute("SELECT a FROM g WHERE d = 7").fetchall() == [(3,)]
    assert [tuple(r) for r in conn.execute("PRAGMA table_xinfo(g)")] == \
        oracle.execute("PRAGMA table_xinfo(g)").fetchall()
    conn.close()


def test_dictionary_records_kind_and_expression():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE g(a, b AS (a * 2), c INT GENERATED ALWAYS AS ( a+1 ) STORED)")
    rows = conn.execute("SELECT name, generated, generated_sql FROM SYS_COLUMNS").fetchall()
    assert [tuple(r) for r in rows] == [("a", 0, None), ("b", 2, "a * 2"), ("c", 3, "a+1")]


@pytest.mark.parametrize("sql,error", [
    ("ALTER TABLE g ADD COLUMN e AS (a) NOT NULL", "NOT NULL constraint failed"),
    ("ALTER TABLE g ADD COLUMN e AS (a) CHECK (e > 1)", "CHECK constraint failed"),
    ("INSERT INTO g(a) VALUES(5), (NULL)", "NOT NULL constraint failed: g.b"),
    ("UPDATE g SET a = NULL WHERE a = 2", "NOT NULL constraint failed: g.b"),
])
def test_a_failing_statement_leaves_rows_and_schema_as_they_were(sql, error):
    conn = rowandb.connect(":memory:", isolation_level=None)
    conn.execute("CREATE TABLE g(a, b AS (a * 2) NOT NULL, c AS (a) STORED UNIQUE)")
    conn.execute("INSERT INTO g(a) VALUES(1), (2)")
    conn.execute("CREATE TABLE h(a)")
    conn.execute("INSERT INTO h VALUES(NULL), (1)")
    before = (_schema_text(conn), conn.execute("SELECT * FROM g").fetchall(),
              conn.execute("SELECT * FROM h").fetchall())
    target = sql.replace("TABLE g", "TABLE h")
    with pytest.raises((OperationalError, IntegrityError), match=error):
        conn.execute(target)
    after = (_schema_text(conn), conn.execute("SELECT * FROM g").fetchall(),
             conn.execute("SELECT * FROM h").fetchall())
    assert after == before
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_an_index_on_a_virtual_column_is_searched():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE ix(a TEXT, b INT AS (length(a)))")
    conn.execute("CREATE INDEX ix_b ON ix(b)")
    plan = " ".join(str(r[-1]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT a FROM ix WHERE b = 4"))
    assert "USING INDEX ix_b (b=?)" in plan


def test_executemany_computes_generated_columns():
    """Rows of parameters take the row-by-row path (bulk.py declines generated columns)."""
    conn = rowandb.connect(":memory:")
    oracle = apsw.Connection(":memory:")
    for c in (conn, oracle):
        c.execute("CREATE TABLE g(a, b AS (a * 2), c AS (b + 1) STORED)")
    rows = [(i,) for i in range(50)] + [("x",), (None,), (2.5,)]
    conn.executemany("INSERT INTO g(a) VALUES(?)", rows)
    oracle.executemany("INSERT INTO g(a) VALUES(?)", rows)
    query = "SELECT a, b, c, typeof(c) FROM g ORDER BY rowid"
    assert [tuple(r) for r in conn.execute(query)] == oracle.execute(query).fetchall()
