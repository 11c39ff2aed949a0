"""CREATE TABLE ... AS SELECT against SQLite: the CREATE text SQLite writes into
sqlite_schema byte for byte (declared types INT/REAL/NUM/TEXT/none from the query's column
affinities, quoting, one line or one column per line), column names (``:1`` suffixes for
duplicates), PRAGMA table_info, the rows copied with their storage classes, IF NOT EXISTS
(the query not even resolved), every refusal; then what SQLite cannot show: a failing
CTAS leaves no table and no file, rolls back with its transaction, survives close/reopen,
and a crash at every I/O operation recovers a committed prefix.
"""

from __future__ import annotations

import pytest

import rowandb
from oracle import assert_same, pair, run
from test_storage_crash import crash_images
from test_storage_support import CHECKPOINT, WORKLOAD, close, oracle_states, reopen_and_check

SETUP = [
    "CREATE TABLE s(a INT, b TEXT, c REAL, d NUMERIC, e BLOB, f, g VARCHAR(10), "
    "h INTEGER PRIMARY KEY, i DATETIME COLLATE nocase NOT NULL DEFAULT 3)",
    "INSERT INTO s VALUES (1, 'x', 1.5, 2, x'00', 'f', 'g', 10, 'i'), "
    "(2, '2', 2, '3.5', 'e', 2.0, 7, 11, 'j')",
    "CREATE INDEX ix ON s(a)", "CREATE VIEW v AS SELECT 1",
]

CASES = [
    ("c1", "CREATE TABLE c1 AS SELECT * FROM s"),
    ("c2", "CREATE TABLE c2 AS SELECT a+1, b||'', 1, 'x', 1.5, x'00', NULL, CAST(a AS TEXT), "
           "CAST(a AS REAL), CAST(a AS VARCHAR), CAST(a AS NUMERIC), CAST(b AS INT), "
           "a AS \"weird name\", a, a, h AS a, rowid, count(*) FROM s"),
    ('c 3', "CREATE TABLE \"c 3\" AS SELECT 1 AS \"a\"\"b\", 2 AS [x y], 3 AS 'q', 4 AS \"select\""),
    ("c4", "CREATE TABLE c4 AS VALUES (1, 'a'), (2, 'b')"),
    ("c5", "CREATE TABLE c5 AS SELECT 1 UNION SELECT 'a'"),
    ("c6", "CREATE TABLE c6 AS WITH w(p) AS (SELECT 2) SELECT p FROM w"),
    ("c9", "CREATE TABLE c9 AS SELECT a, a, a AS \"a:1\", b AS A FROM s"),
    ("c10", "CREATE TABLE c10 AS SELECT x.a, y.a FROM s x, s y"),
    ("c11", "CREATE TABLE c11 AS SELECT (SELECT a FROM s), max(a), a COLLATE nocase, -a, +a, "
            "(a) FROM s"),
    ("c12", "CREATE TABLE c12 AS SELECT * FROM (SELECT a, b FROM s)"),
    ("c13", "CREATE TABLE c13 AS SELECT * FROM s WHERE 0"),
    ("c14", "CREATE TABLE c14 AS SELECT 1 AS \"\", 2 AS \" \""),
    ('ab"c', "CREATE TABLE \"ab\"\"c\" AS SELECT 1 AS [ü], 2 AS _x, 3 AS \"1a\", 4 AS \"a b\", "
             "5 AS key, 6 AS rowid, 7 AS \"ABORT\""),
    ("y", "CREATE TABLE y AS SELECT true, false, 1 AS true"),
    ("z", "CREATE TABLE z AS SELECT a, a, a, a, a FROM s"),
    ("m", "CREATE TABLE main.m AS SELECT 1"),
    ("w2", "CREATE TABLE w2 AS SELECT 1 AS abcdefghijklmnopqrstuvwxyzabcdefghijklm"),
    ("w3", "CREATE TABLE w3 AS SELECT 1 AS abcdefghijklmnopqrstuvwxyzabcdefghijkl"),
    ("w4", "CREATE TABLE w4 AS SELECT a FROM s ORDER BY a LIMIT 0"),
    ("w5", "CREATE TABLE w5 AS SELECT count(*) AS n, group_concat(i) AS g FROM s"),
    ("h", "CREATE TABLE h AS SELECT CAST(1 AS REAL) AS r UNION ALL SELECT 2 UNION ALL SELECT '3.0'"),
    ("h2", "CREATE TABLE h2 AS SELECT 2 UNION ALL SELECT CAST(1 AS REAL)"),
    ("h3", "CREATE TABLE h3 AS SELECT a FROM s UNION SELECT b FROM s"),
    ("h4", "CREATE TABLE h4 AS VALUES (1), ('a')"),
    ("h5", "CREATE TABLE h5 AS SELECT CAST(a AS REAL) AS r FROM s UNION ALL SELECT 'x'"),
    ("i", "CREATE TABLE i AS SELECT * FROM s WHERE a IN (SELECT a FROM s) ORDER BY b DESC"),
    ("j", "CREATE TABLE j AS SELECT s.*, 5 FROM s"),
    ("k", "CREATE TABLE k AS SELECT i FROM s"),
    # a compound's numeric column that is a CAST in its first SELECT: SQLite's FLEXNUM,
    # declared NUM, its own rows keeping REAL values REAL and integers integers
    ("n1", "CREATE TABLE n1 AS SELECT CAST('1.0' AS NUMERIC) AS a UNION ALL SELECT 2.0"),
    ("n2", "CREATE TABLE n2 AS SELECT CAST(1 AS REAL) AS a UNION ALL SELECT 2"),
    ("n3", "CREATE TABLE n3 AS SELECT CAST(a AS INT) p, CAST(c AS REAL) q, CAST(d AS NUMERIC) r "
           "FROM s UNION ALL SELECT c, a, b FROM s"),
    ("n4", "CREATE TABLE n4 AS VALUES (CAST(1 AS INT)), (2), (3.0)"),
    ("n5", "CREATE TABLE n5 AS SELECT * FROM (SELECT CAST(1 AS REAL) AS a UNION ALL SELECT 2)"),
    ("n6", "CREATE TABLE n6 AS WITH w AS (SELECT CAST(a AS INT) x FROM s UNION ALL SELECT c "
           "FROM s) SELECT x FROM w"),
    ("n7", "CREATE TABLE n7 AS SELECT CAST(1 AS REAL) AS a UNION SELECT 2 UNION SELECT 2.5"),
]


@pytest.mark.parametrize("name,sql", CASES, ids=[n for n, _ in CASES])
def test_create_table_as_matches_sqlite(name, sql):
    quoted = '"' + name.replace('"', '""') + '"'
    assert_same(SETUP, [sql, f"SELECT sql FROM sqlite_schema WHERE name = '{name.replace(chr(39), chr(39) * 2)}'",
                        f"PRAGMA table_info({quoted})",
                        f"SELECT rowid, * FROM {quoted} ORDER BY rowid",
                        f"SELECT * FROM {quoted} WHERE {quoted}.rowid = 1"])


def test_collation_is_not_kept():
    """The new column is read back from the CREATE text: i's NOCASE is gone."""
    assert_same(SETUP, ["CREATE TABLE k AS SELECT i FROM s", "SELECT * FROM k WHERE i = 'I'"])


def test_flexnum_columns_are_numeric_once_created():
    """The rows a later statement writes into a FLEXNUM column get NUMERIC affinity: SQLite
    has read the table back from its CREATE text, where the column is NUM."""
    assert_same(SETUP, [
        "CREATE TABLE n AS SELECT CAST(1 AS REAL) AS a UNION ALL SELECT 2",
        "CREATE VIEW nv AS SELECT CAST(a AS INT) p FROM s UNION ALL SELECT c FROM s",
        "CREATE TABLE nw AS SELECT * FROM nv", "SELECT sql FROM sqlite_schema WHERE name = 'nw'",
        "INSERT INTO n VALUES ('5.0'), (6.0), ('7.5'), ('x'), (8)",
        "INSERT INTO nw VALUES ('5.0'), (6.0)", "SELECT a, typeof(a) FROM n",
        "SELECT p, typeof(p) FROM nw"])


REFUSALS = [
    "CREATE TABLE IF NOT EXISTS s AS SELECT * FROM nosuch",
    "CREATE TABLE IF NOT EXISTS v AS SELECT * FROM nosuch",
    "CREATE TABLE s AS SELECT 1", "CREATE TABLE v AS SELECT 1", "CREATE TABLE ix AS SELECT 1",
    "CREATE TABLE sqlite_x AS SELECT 1", "CREATE TABLE sqlite_sequence AS SELECT 1",
    "CREATE TABLE c8 AS SELECT * FROM nosuch", "CREATE TABLE x(a) AS SELECT 1",
    "CREATE TABLE f AS SELECT abs(a - 9223372036854775807 - 3) FROM s",
    "CREATE TABLE f AS SELECT (1, 2)", "CREATE TABLE f AS SELECT * FROM f",
    "CREATE TABLE other.f AS SELECT 1",
    "SELECT name FROM sqlite_schema ORDER BY name",
]


def test_refusals_match_sqlite():
    assert_same(SETUP, REFUSALS)


def test_parameters_fill_the_rows():
    mine, theirs = pair(SETUP)
    for sql, params in [("CREATE TABLE p AS SELECT ?1 AS x, ?2 AS y", (1, "two")),
                        ("SELECT sql FROM sqlite_schema WHERE name = 'p'", ()),
                        ("SELECT typeof(x), y FROM p", ())]:
        assert run(mine, sql, params) == run(theirs, sql, params), sql


def test_failed_copy_leaves_no_table_and_rolls_back_with_its_transaction():
    con = rowandb.connect(":memory:", isolation_level=None)
    for sql in SETUP:
        con.execute(sql)
    files = con.execute("SELECT count(*) FROM sqlite_schema").fetchall()
    with pytest.raises(rowandb.OperationalError, match="integer overflow"):
        con.execute("CREATE TABLE f AS SELECT abs(a - 9223372036854775807 - 2) FROM s")
    assert con.execute("SELECT count(*) FROM sqlite_schema").fetchall() == files
    con.execute("BEGIN")
    con.execute("CREATE TABLE g AS SELECT a, b FROM s")
    assert con.execute("SELECT count(*) FROM g").fetchall() == [(2,)]
    con.execute("ROLLBACK")
    with pytest.raises(rowandb.OperationalError, match="no such table: g"):
        con.execute("SELECT * FROM g")
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_created_table_survives_close_and_reopen(tmp_path):
    path = str(tmp_path / "db")
    con = rowandb.connect(path, isolation_level=None)
    con.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE)")
    con.execute("INSERT INTO t VALUES (1, 'x'), (2, 'Y')")
    con.execute("CREATE TABLE u AS SELECT b, a * 1.5 AS r FROM t")
    close(con)
    con = rowandb.connect(path, isolation_level=None)
    assert con.execute("SELECT sql FROM sqlite_schema WHERE name = 'u'").fetchall() == \
        [("CREATE TABLE u(b TEXT,r)",)]
    assert con.execute("SELECT rowid, b, r FROM u").fetchall() == [(1, "x", 1.5), (2, "Y", 3.0)]
    assert con.execute("SELECT count(*) FROM u WHERE b = 'y'").fetchall() == [(0,)]
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(con)


CTAS_WORKLOAD = WORKLOAD[:3] + [
    ["CREATE TABLE pc AS SELECT id, upper(name) AS n FROM p WHERE id > 2"],
    [CHECKPOINT],
    ["CREATE TABLE pd AS SELECT n, count(*) AS k FROM pc GROUP BY n",
     "INSERT INTO pc SELECT * FROM pc"],
    ["DROP TABLE pc", "CREATE TABLE pc AS VALUES (1, 'a'), (2, 'b')"],
]


def test_a_crash_at_every_io_operation_recovers_a_committed_prefix(tmp_path):
    states = oracle_states(CTAS_WORKLOAD)
    images = crash_images(tmp_path, power_loss=False, workload=CTAS_WORKLOAD)
    reached = set()
    for image, returned in images[::3] + images[-1:]:
        reached.add(reopen_and_check(image, states, returned))
    assert len(reached) > len(CTAS_WORKLOAD) // 2
