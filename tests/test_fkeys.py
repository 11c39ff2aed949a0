"""Foreign-key machinery details that the sqllogictest suite cannot express: the cascade
depth limit at its exact boundary (checked against SQLite), the access paths EXPLAIN
QUERY PLAN reports for foreign-key checks, and PRAGMA foreign_keys' transaction rule."""

from __future__ import annotations

import apsw
import pytest

import rowandb


def _chain(execute, n: int) -> None:
    execute("CREATE TABLE t(id INTEGER PRIMARY KEY, parent REFERENCES t(id) ON DELETE CASCADE)")
    execute("INSERT INTO t VALUES (1, NULL)")
    for i in range(2, n + 1):
        execute("INSERT INTO t VALUES (?, ?)", (i, i - 1))


@pytest.mark.parametrize("n", [999, 1000, 1001])
def test_cascade_depth_limit_matches_sqlite(n):
    con = rowandb.connect(":memory:", isolation_level=None)
    _chain(con.execute, n)
    lite = apsw.Connection(":memory:")
    lite.execute("PRAGMA foreign_keys=ON")
    _chain(lite.execute, n)
    try:
        lite.execute("DELETE FROM t WHERE id = 1")
        sqlite_ok = True
    except apsw.SQLError:
        sqlite_ok = False
    if sqlite_ok:
        con.execute("DELETE FROM t WHERE id = 1")
    else:
        with pytest.raises(rowandb.OperationalError, match="too many levels of trigger recursion"):
            con.execute("DELETE FROM t WHERE id = 1")
    expected = lite.execute("SELECT count(*) FROM t").fetchall()[0][0]
    assert con.execute("SELECT count(*) FROM t").fetchone()[0] == expected


def _plan(con, sql: str) -> list[str]:
    return [row[3] for row in con.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]


def test_explain_shows_child_index_or_scan_for_parent_side_checks():
    con = rowandb.connect(":memory:", isolation_level=None)
    con.executescript("""
        CREATE TABLE p(id INTEGER PRIMARY KEY, code TEXT UNIQUE);
        CREATE TABLE indexed(pid INTEGER REFERENCES p(id) ON DELETE CASCADE);
        CREATE INDEX indexed_pid ON indexed(pid);
        CREATE TABLE unindexed(pid INTEGER REFERENCES p(id));
        CREATE TABLE by_code(pcode TEXT REFERENCES p(code));
    """)
    lines = _plan(con, "DELETE FROM p WHERE id = 1")
    assert "FOREIGN KEY indexed(pid) ON DELETE CASCADE: SEARCH indexed USING INDEX indexed_pid (pid=?)" in lines
    assert "FOREIGN KEY unindexed(pid) ON DELETE NO ACTION: SCAN unindexed" in lines
    assert "FOREIGN KEY by_code(pcode): SEARCH p USING INDEX sqlite_autoindex_p_1 (code=?)" \
        in _plan(con, "INSERT INTO by_code VALUES ('x')")
    assert "FOREIGN KEY indexed(pid): SEARCH p USING INTEGER PRIMARY KEY (rowid=?)" \
        in _plan(con, "UPDATE indexed SET pid = 2")


_REPLACE_SCHEMA = """
    CREATE TABLE p(id INTEGER PRIMARY KEY, u UNIQUE ON CONFLICT REPLACE, v UNIQUE, w);
    CREATE TABLE ch(x REFERENCES p(id) ON DELETE CASCADE);
    INSERT INTO p VALUES (1, 10, 100, 0), (2, 11, 101, 0);
    INSERT INTO ch VALUES (1);
"""


@pytest.mark.parametrize("sql", [
    "INSERT INTO p VALUES (3, 10, 200, 0)",                         # u's own REPLACE
    "INSERT INTO p VALUES (3, 10, 200, 0) ON CONFLICT (u) DO NOTHING",
    "INSERT INTO p VALUES (3, 10, 200, 0) ON CONFLICT DO NOTHING",
    "INSERT INTO p VALUES (3, 10, 200, 0) ON CONFLICT (v) DO NOTHING",
    "INSERT OR REPLACE INTO p VALUES (1, 20, 200, 0)",
    "INSERT OR REPLACE INTO p VALUES (3, 10, 200, 0) ON CONFLICT (id) DO NOTHING",
    "INSERT OR ABORT INTO p VALUES (3, 10, 300, 0)",
    "REPLACE INTO p VALUES (3, 20, 100, 0)",
    "UPDATE p SET w = 1",
    "UPDATE p SET u = 10 WHERE id = 2",
    "UPDATE p SET v = 100 WHERE id = 2",
    "UPDATE OR REPLACE p SET w = 1",
    "UPDATE OR REPLACE p SET v = 100 WHERE id = 2",
])
def test_explain_shows_replace_deletions_where_sqlite_codes_them(sql):
    """EXPLAIN QUERY PLAN lists the foreign-key lines of REPLACE's deletions exactly when
    SQLite codes them -- the statement's OR REPLACE or a constraint's ON CONFLICT REPLACE,
    minus the constraints an upsert takes -- each statement written so that, run in
    SQLite, a coded deletion happens and cascades to the child."""
    con = rowandb.connect(":memory:", isolation_level=None)
    con.executescript(_REPLACE_SCHEMA)
    shown = any("ON DELETE CASCADE" in line for line in _plan(con, sql))
    lite = apsw.Connection(":memory:")
    lite.execute("PRAGMA foreign_keys = ON")
    lite.execute(_REPLACE_SCHEMA)
    try:
        lite.execute(sql)
    except apsw.ConstraintError:
        pass                                        # ABORT: no deletion
    cascaded = lite.execute("SELECT count(*) FROM ch").fetchall() == [(0,)]
    assert shown == cascaded


def test_child_index_with_other_affinity_is_not_used():
    # The parent's INTEGER affinity converts a child's text '1' to 1 before comparing, so an
    # index on an untyped child column cannot answer the check (SQLite decides the same).
    con = rowandb.connect(":memory:", isolation_level=None)
    con.executescript("""
        CREATE TABLE p(id INTEGER PRIMARY KEY);
        CREATE TABLE c(pid REFERENCES p(id));
        CREATE INDEX c_pid ON c(pid);
        INSERT INTO p VALUES (1);
        INSERT INTO c VALUES ('1');
    """)
    assert "FOREIGN KEY c(pid) ON DELETE NO ACTION: SCAN c" in _plan(con, "DELETE FROM p")
    with pytest.raises(rowandb.IntegrityError, match="FOREIGN KEY constraint failed"):
        con.execute("DELETE FROM p")


def test_pragma_foreign_keys_is_ignored_inside_a_transaction():
    con = rowandb.connect(":memory:", isolation_level=None)
    con.execute("CREATE TABLE p(id INTEGER PRIMARY KEY)")
    con.execute("CREATE TABLE c(pid REFERENCES p(id))")
    con.execute("BEGIN")
    con.execute("PRAGMA foreign_keys = OFF")
    assert con.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(rowandb.IntegrityError):
        con.execute("INSERT INTO c VALUES (5)")
    con.execute("COMMIT")
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("INSERT INTO c VALUES (5)")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == [("c", 1, "p", 0)]
