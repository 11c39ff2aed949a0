"""REINDEX: every form resolved and refused as SQLite resolves it, the rebuilt indexes answer
as before, the rebuild is one undoable and durable transaction, and it repairs a damaged
index file that PRAGMA integrity_check reports."""

from __future__ import annotations

import os

import pytest

import rowandb
from oracle import assert_same
from test_storage_crash import check_crash_images
from test_storage_support import CHECKPOINT, close

SCHEMA = [
    "CREATE TABLE t(a, b)",
    "CREATE INDEX i ON t(a COLLATE NOCASE)",
    "CREATE INDEX j ON t(b)",
    "CREATE TABLE u(x UNIQUE)",
    "CREATE TABLE \"binary\"(y)",
    "CREATE INDEX k ON \"binary\"(y COLLATE RTRIM)",
    "INSERT INTO t VALUES (1, 'a'), (2, 'B'), (3, 'c'), ('A', 4)",
    "INSERT INTO u VALUES (1), (2)",
    "INSERT INTO \"binary\" VALUES ('p '), ('q')",
    "CREATE VIEW v AS SELECT a FROM t",
]

# Each statement, then queries that read through the indexes and the schema cookie, which
# REINDEX leaves as it is.
AFTER = ["SELECT * FROM t WHERE a = 'a'", "SELECT * FROM t INDEXED BY j WHERE b = 'B'",
         "SELECT * FROM u WHERE x = 2", "SELECT * FROM \"binary\" WHERE y = 'p'",
         "PRAGMA schema_version", "PRAGMA integrity_check"]

FORMS = ["REINDEX", "REINDEX nocase", "REINDEX NOCASE", "REINDEX rtrim", "REINDEX \"binary\"",
         "REINDEX binary", "REINDEX t", "REINDEX main.t", "REINDEX i", "REINDEX main.i",
         "REINDEX sqlite_autoindex_u_1", "REINDEX sqlite_schema", "REINDEX u;",
         "REINDEX v", "REINDEX main.v"]

ERRORS = ["REINDEX main.nocase", "REINDEX nosuch", "REINDEX temp.t", "REINDEX aux.t",
          "REINDEX t.i", "REINDEX main.", "REINDEX 1", "REINDEX i j", "REINDEX (t)",
          "REINDEX main.t.i", "REINDEX t,"]


@pytest.mark.parametrize("statement", FORMS)
def test_every_form_rebuilds_and_changes_no_answer(statement):
    assert_same(SCHEMA, [statement] + AFTER)


@pytest.mark.parametrize("statement", ERRORS)
def test_what_sqlite_cannot_resolve_fails_as_there(statement):
    assert_same(SCHEMA, [statement] + AFTER)


def test_a_rolled_back_reindex_leaves_the_old_files():
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in SCHEMA:
        conn.execute(sql)
    before = conn.execute("SELECT name, rootpage FROM sqlite_schema").fetchall()
    found = conn.execute("SELECT * FROM t WHERE a = 'a' COLLATE NOCASE").fetchall()
    conn.execute("BEGIN")
    conn.execute("REINDEX")
    rebuilt = conn.execute("SELECT name, rootpage FROM sqlite_schema").fetchall()
    conn.execute("ROLLBACK")
    assert rebuilt != before            # every index got a new file ...
    assert conn.execute("SELECT name, rootpage FROM sqlite_schema").fetchall() == before
    assert found == [("A", 4)]
    assert conn.execute("SELECT * FROM t WHERE a = 'a' COLLATE NOCASE").fetchall() == found
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_the_dictionary_s_own_indexes_are_refused_by_name():
    conn = rowandb.connect(":memory:")
    with pytest.raises(rowandb.NotSupportedError, match="REINDEX of the data dictionary"):
        conn.execute("REINDEX SYS_TABLES")


def _index_file(path: str, file_id: int) -> str:
    return next(n for n in os.listdir(path) if n.startswith(f"idx-{file_id}-"))


def test_reindex_repairs_a_damaged_index_file_durably(tmp_path):
    path = str(tmp_path / "db")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)")
    conn.execute("CREATE INDEX tb ON t(b)")
    conn.executemany("INSERT INTO t(b) VALUES (?)", [("x",), ("y",), ("z",)])
    file_id = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'tb'").fetchone()[0]
    close(conn)                                  # checkpointed: the data files exist
    name = _index_file(path, file_id)
    target = os.path.join(path, name)
    data = bytearray(open(target, "rb").read())
    data[-3] ^= 0x01
    open(target, "wb").write(bytes(data))

    conn = rowandb.connect(path, isolation_level=None)
    problems = conn.execute("PRAGMA integrity_check").fetchall()
    assert problems == [(f"index tb: file {name}: block 0 checksum mismatch",)]
    conn.execute("REINDEX tb")
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)

    conn = rowandb.connect(path, isolation_level=None)      # the repair survived reopening
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT a FROM t INDEXED BY tb WHERE b = 'y'").fetchall() == [(2,)]
    close(conn)


CRASH_WORKLOAD = [
    ["CREATE TABLE t(a, b)", "CREATE INDEX ta ON t(a)", "INSERT INTO t VALUES (1, 'x'), (2, 'y')"],
    [CHECKPOINT],
    ["REINDEX ta", "INSERT INTO t VALUES (3, 'z')"],
    ["REINDEX"],
    [CHECKPOINT],
    ["INSERT INTO t VALUES (4, 'w')", "REINDEX t"],
]


@pytest.mark.parametrize("power_loss", [False, True])
def test_a_crash_at_every_io_operation_recovers_a_whole_reindex(tmp_path, power_loss):
    """Stopped before every disk operation, each image reopens to a prefix of the
    transactions holding every COMMIT that returned, with indexes that check out."""
    assert check_crash_images(tmp_path, power_loss, CRASH_WORKLOAD)


# REINDEX <collation> after a connection's collation changed order (create_collation
# again): which indexes it rebuilds shows in the answers read through them. SQLite 3.54's
# collationMatch reads every column of an index's entries, not just its key: a rowid
# table's trailing rowid and a WITHOUT ROWID table's PRIMARY KEY entries' other columns
# compare as BINARY, so REINDEX BINARY rebuilds those too (RowanDB skipped them).
_REORDERED = {
    "rowid_table": ["CREATE TABLE w(a TEXT COLLATE c1, b TEXT)", "CREATE INDEX wi ON w(a)"],
    "without_rowid_key": ["CREATE TABLE w(a TEXT PRIMARY KEY COLLATE c1, b TEXT) WITHOUT ROWID"],
    "without_rowid_index": ["CREATE TABLE w(a TEXT PRIMARY KEY, b TEXT COLLATE c1) WITHOUT ROWID",
                            "CREATE INDEX wi ON w(b)"],
    "expression": ["CREATE TABLE w(a TEXT, b TEXT)", "CREATE INDEX wi ON w((a || '') COLLATE c1)"],
}
_READS = ["SELECT a FROM w WHERE a > 'x'", "SELECT a FROM w ORDER BY a",
          "SELECT b FROM w WHERE b > 'q'", "SELECT a FROM w WHERE (a || '') > 'x' COLLATE c1"]


def _reordered_answers(conn, fetch, schema: list, statement: str) -> list:
    def forward(x, y):
        return (x > y) - (x < y)
    conn.create_collation("c1", forward)
    for sql in schema + ["INSERT INTO w VALUES ('x', 'p'), ('y', 'q'), ('z', 'r'), ('w', 's')"]:
        fetch(sql)
    conn.create_collation("c1", lambda x, y: forward(y, x))
    fetch(statement)
    return [fetch(sql) for sql in _READS]


def _rows(cursor) -> list:
    return cursor.fetchall() if cursor.description else []


@pytest.mark.parametrize("statement", ["REINDEX BINARY", "REINDEX c1", "REINDEX NOCASE"])
@pytest.mark.parametrize("name", _REORDERED)
def test_reindex_by_collation_rebuilds_what_sqlite_rebuilds(name, statement):
    import apsw
    lite = apsw.Connection(":memory:")
    theirs = _reordered_answers(lite, lambda sql: [tuple(r) for r in lite.execute(sql)],
                                _REORDERED[name], statement)
    conn = rowandb.connect(":memory:", isolation_level=None)
    ours = _reordered_answers(conn, lambda sql: _rows(conn.execute(sql)), _REORDERED[name],
                              statement)
    assert ours == theirs
