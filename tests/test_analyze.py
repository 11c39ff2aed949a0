"""ANALYZE and sqlite_stat1 against SQLite: every form and refusal, the statistics of
random data in SQLite's format, the table readable, writable and droppable as SQLite's,
ANALYZE undone by ROLLBACK and kept across reopening, and the planner choosing between
indexes by the statistics as SQLite does (EXPLAIN QUERY PLAN's SEARCH line)."""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from oracle import assert_same, outcomes
from test_storage_support import close

SETUP = [
    "CREATE TABLE t(a, b, c)", "CREATE INDEX tab ON t(a, b)", "CREATE UNIQUE INDEX tc ON t(c)",
    "CREATE TABLE e(x)", "CREATE INDEX ex ON e(x)", "CREATE TABLE n(z)",
    "CREATE TABLE ip(id INTEGER PRIMARY KEY, v)", "CREATE TABLE pk(a, b, PRIMARY KEY(a, b))",
    "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 100) "
    "INSERT INTO t SELECT i % 3, i % 10, i FROM g",
    "INSERT INTO n VALUES (1), (2)", "INSERT INTO ip VALUES (1, 1), (2, 2), (3, 3)",
    "INSERT INTO pk VALUES (0, 1), (1, 2), (0, 3), (1, 4), (0, 5)",
    "CREATE VIEW v AS SELECT 1",
    "CREATE TABLE wr(k TEXT PRIMARY KEY, v UNIQUE) WITHOUT ROWID",
    "INSERT INTO wr VALUES ('a', 1), ('b', 2), ('B', NULL), ('c', NULL)",
]
STAT = "SELECT * FROM sqlite_stat1 ORDER BY tbl, idx"
# Each form after a full ANALYZE, then sqlite_stat1 as it is left (SQLite's row order too).
FORMS = ["ANALYZE", "ANALYZE main", "ANALYZE \"main\"", "ANALYZE tab", "ANALYZE main.tab",
         "ANALYZE t", "ANALYZE main.t", "ANALYZE 't'", "ANALYZE T", "ANALYZE TC", "ANALYZE e",
         "ANALYZE ex", "ANALYZE n", "ANALYZE ip", "ANALYZE pk", "ANALYZE sqlite_autoindex_pk_1",
         "ANALYZE v", "ANALYZE sqlite_stat1", "ANALYZE sqlite_schema", "ANALYZE;",
         # a WITHOUT ROWID table's PRIMARY KEY is named by the table: its own name's rows
         # are deleted and one more row named by the table written, as in SQLite
         "ANALYZE wr", "ANALYZE sqlite_autoindex_wr_1", "ANALYZE sqlite_autoindex_wr_2"]
ERRORS = ["ANALYZE nosuch", "ANALYZE main.nosuch", "ANALYZE t.x", "ANALYZE nocase",
          "ANALYZE temp.t", "ANALYZE main.main", "ANALYZE 1", "ANALYZE t u", "ANALYZE main.",
          "ANALYZE a.b.c", "ANALYZE (t)", "ANALYZE t,"]


WHOLE = ("ANALYZE", "ANALYZE main", "ANALYZE \"main\"", "ANALYZE;")


@pytest.mark.parametrize("statement", FORMS)
def test_every_form_fills_sqlite_stat1_as_sqlite(statement):
    """The rows of one table or index are replaced in place as in SQLite (rowid order
    too); a whole ANALYZE visits tables in creation order, SQLite in its hash order."""
    unordered = [] if statement in WHOLE else ["SELECT * FROM sqlite_stat1"]
    assert_same(SETUP, ["ANALYZE", "CREATE TABLE keep(tbl, idx, stat)",
                        "INSERT INTO keep SELECT * FROM sqlite_stat1 ORDER BY tbl, idx",
                        "DELETE FROM sqlite_stat1",
                        "INSERT INTO sqlite_stat1 SELECT * FROM keep WHERE tbl <> 'pk'",
                        "INSERT INTO sqlite_stat1 VALUES ('t', 'tab', '1 1 1'), (1, 2, 3)",
                        statement] + unordered + [STAT,
                        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                        "WHERE name = 'sqlite_stat1'"])


@pytest.mark.parametrize("statement", ERRORS)
def test_every_refusal_is_sqlite_s(statement):
    assert_same(SETUP, [statement, "SELECT * FROM sqlite_stat1"])


def test_sqlite_stat1_is_an_ordinary_table_as_in_sqlite():
    assert_same(SETUP, [
        "SELECT * FROM sqlite_stat1", "BEGIN", "ANALYZE", STAT, "ROLLBACK",
        "SELECT * FROM sqlite_stat1", "SAVEPOINT s", "ANALYZE", "ROLLBACK TO s", "RELEASE s",
        "SELECT * FROM sqlite_stat1", "ANALYZE", "DROP TABLE sqlite_stat1",
        "SELECT * FROM sqlite_stat1", "ANALYZE n", "SELECT * FROM sqlite_stat1",
        "UPDATE sqlite_stat1 SET stat = '7' WHERE tbl = 'n'", "SELECT * FROM sqlite_stat1",
        "CREATE TABLE sqlite_stat1(a)", "CREATE INDEX s ON sqlite_stat1(tbl)",
        "ALTER TABLE sqlite_stat1 RENAME TO x", "ALTER TABLE sqlite_stat1 ADD COLUMN d",
        "PRAGMA table_info(sqlite_stat1)", "PRAGMA query_only = 1", "ANALYZE",
        "PRAGMA query_only = 0", "SELECT * FROM sqlite_stat1"])


def _random_setup(seed: int) -> list[str]:
    rng = random.Random(seed)
    values = [None, 0, 1, 1.0, 2, "a", "A", "a ", "b", b"\x00", -5, 2.5]
    rows = []
    for i in range(rng.randrange(0, 60)):
        row = [rng.choice(values[:rng.randrange(2, len(values))]) for _ in range(3)]
        rows.append("(" + ", ".join("NULL" if v is None else f"x'{v.hex()}'"
                                    if isinstance(v, bytes) else repr(v) for v in row) + ")")
    setup = ["CREATE TABLE r(p, q COLLATE NOCASE, s)", "CREATE INDEX rp ON r(p)",
             "CREATE INDEX rqs ON r(q, s COLLATE RTRIM)", "CREATE INDEX rsp ON r(s DESC, p, q)",
             "CREATE TABLE plain(x)", "INSERT INTO plain SELECT p FROM r"]
    if rows:
        setup.insert(4, "INSERT INTO r VALUES " + ", ".join(rows))
    return setup


@pytest.mark.parametrize("seed", range(40))
def test_statistics_of_random_data_are_sqlite_s(seed):
    """Row counts and rows per distinct key prefix, with NULLs, numbers equal across
    storage classes and values equal under NOCASE and RTRIM, are SQLite's figures."""
    assert_same(_random_setup(seed), ["ANALYZE", STAT, "ANALYZE rqs", STAT])


PLAN_SETUP = [
    "CREATE TABLE t(a, flag, grp, k)", "CREATE INDEX tg ON t(grp)", "CREATE INDEX tf ON t(flag)",
    "CREATE INDEX tk ON t(k, flag)",
    "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 1000) "
    "INSERT INTO t SELECT i, i % 2, i % 250, i % 3 FROM g",
]
PLAN_QUERIES = ["SELECT * FROM t WHERE flag = 1 AND grp = 7",
                "SELECT * FROM t WHERE grp = 7 AND flag = 1",
                "SELECT * FROM t WHERE k = 1 AND grp = 7",
                "SELECT * FROM t WHERE k = 1 AND flag = 0 AND grp = 7",
                "SELECT * FROM t WHERE k = 2 AND flag = 0",
                "SELECT * FROM t WHERE flag = 1 AND grp > 7",
                "SELECT a FROM t WHERE flag = 0 AND k = 1 AND grp = 200"]


def _search_line(rows) -> str:
    return next(r[3] for r in rows if r[3].startswith(("SEARCH", "SCAN")))


def test_with_statistics_the_selective_index_is_chosen_as_sqlite_chooses():
    """After ANALYZE, an equality on a column of two values no longer wins over one on a
    column of 250 (RowanDB's choice without statistics, kept by its rank, differs)."""
    mine = rowandb.connect(":memory:", isolation_level=None)
    theirs = apsw.Connection(":memory:")
    for sql in PLAN_SETUP + ["ANALYZE"]:
        mine.execute(sql)
        theirs.execute(sql)
    assert_plans_as_sqlite(mine, theirs)


def assert_plans_as_sqlite(mine, theirs) -> None:
    """Each of PLAN_QUERIES searches as SQLite searches and answers as SQLite answers; the
    selective index ``tg`` is chosen (also for a TEMP table, test_temp_alter.py)."""
    for query in PLAN_QUERIES:
        plan = f"EXPLAIN QUERY PLAN {query}"
        assert _search_line(mine.execute(plan).fetchall()) == \
            _search_line(list(theirs.execute(plan))), query
        assert sorted(mine.execute(query).fetchall()) == sorted(theirs.execute(query))
    assert "tg" in _search_line(mine.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM t WHERE flag = 1 AND grp = 7").fetchall())


def test_a_without_rowid_primary_key_s_row_is_read_by_the_table_s_name():
    """sqlite_stat1 names a WITHOUT ROWID table's PRIMARY KEY by the table (SQLite's loader
    looks such a row up as the key): a row saying the key's first column is selective
    makes the planner search by the key rather than by ``wd``. (SQLite searches ``wd (d=?
    AND a=?)`` either way: its secondary indexes end with the key's columns, which RowanDB's
    searches do not use -- docs/SQL.md, WITHOUT ROWID.)"""
    db = rowandb.connect(":memory:", isolation_level=None)
    for sql in ["CREATE TABLE w(a, b, d, PRIMARY KEY(a, b)) WITHOUT ROWID",
                "CREATE INDEX wd ON w(d)", "INSERT INTO w VALUES (1, 1, 1), (0, 2, 2)",
                "ANALYZE", "UPDATE sqlite_stat1 SET stat = '200 10' WHERE idx = 'wd'"]:
        db.execute(sql)
    plan = "EXPLAIN QUERY PLAN SELECT * FROM w WHERE a = 1 AND d = 1"
    searches = []
    for stat in ("200 100 1", "200 1 1"):
        db.execute("UPDATE sqlite_stat1 SET stat = ? WHERE idx = 'w'", (stat,))
        db.execute("ANALYZE sqlite_schema")
        searches.append(_search_line(db.execute(plan).fetchall()))
    assert searches == ["SEARCH w USING COVERING INDEX wd (d=?)", "SEARCH w USING PRIMARY KEY (a=?)"]


def test_statistics_are_read_back_after_reopening(tmp_path):
    """Without figures the newest of two equally long matches wins (tf, created last: the
    first in SQLite's index list, as SQLite 3.54 chooses); ANALYZE's figures choose tg,
    also after the database is closed and opened again."""
    path = str(tmp_path / "db.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    for sql in ["CREATE TABLE t(a, flag, grp)", "CREATE INDEX tg ON t(grp)",
                "CREATE INDEX tf ON t(flag)"]:
        conn.execute(sql)
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)", [(i, i % 2, i % 250) for i in range(1000)])
    plan = "EXPLAIN QUERY PLAN SELECT * FROM t WHERE flag = 1 AND grp = 7"
    assert _search_line(conn.execute(plan).fetchall()) == "SEARCH t USING INDEX tf (flag=?)"
    conn.execute("ANALYZE")
    assert _search_line(conn.execute(plan).fetchall()) == "SEARCH t USING INDEX tg (grp=?)"
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert conn.execute(STAT).fetchall() == [("t", "tf", "1000 500"), ("t", "tg", "1000 4")]
    assert _search_line(conn.execute(plan).fetchall()) == "SEARCH t USING INDEX tg (grp=?)"
    conn.execute("DROP TABLE sqlite_stat1")
    close(conn)
    conn = rowandb.connect(path, isolation_level=None)         # figures gone with the table
    assert _search_line(conn.execute(plan).fetchall()) == "SEARCH t USING INDEX tf (flag=?)"
    close(conn)


def test_a_failed_analyze_changes_nothing():
    conn = rowandb.connect(":memory:", isolation_level=None)
    for sql in PLAN_SETUP:
        conn.execute(sql)
    with pytest.raises(rowandb.OperationalError):
        conn.execute("ANALYZE nosuch")
    assert conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'"
                        ).fetchall() == [(0,)]
    differences = [d for d in outcomes(PLAN_SETUP, ["ANALYZE nosuch", "PRAGMA schema_version"])
                   if d[1] != d[2]]
    assert not differences


JOIN_SETUP = [
    "CREATE TABLE big(id INTEGER PRIMARY KEY, k, v)", "CREATE INDEX bk ON big(k)",
    "CREATE TABLE small(k, w)",
    "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 2000) "
    "INSERT INTO big SELECT i, i % 500, i FROM g",
    "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 10) "
    "INSERT INTO small SELECT i, i FROM g",
]


def _join_steps(script: list) -> list:
    """The SCAN/SEARCH lines of the join of big and small after ``script``, which must be
    SQLite's, as must the join's rows."""
    mine = rowandb.connect(":memory:", isolation_level=None)
    theirs = apsw.Connection(":memory:")
    for sql in JOIN_SETUP + script:
        mine.execute(sql)
        theirs.execute(sql)
    query = "SELECT * FROM big, small WHERE big.k = small.k"
    steps = [r[3] for r in mine.execute(f"EXPLAIN QUERY PLAN {query}").fetchall()
             if r[3].startswith(("SCAN", "SEARCH"))]
    assert steps == [r[3] for r in theirs.execute(f"EXPLAIN QUERY PLAN {query}")
                     if r[3].startswith(("SCAN", "SEARCH"))]
    assert sorted(mine.execute(query).fetchall()) == sorted(theirs.execute(query))
    return steps


def test_with_statistics_the_smaller_table_goes_outside_as_sqlite_puts_it():
    """Written big first, neither reachable from a constant: with ANALYZE's row counts the
    small table is scanned and big searched through its index, as SQLite plans it."""
    assert _join_steps(["ANALYZE"]) == ["SCAN small", "SEARCH big USING INDEX bk (k=?)"]


@pytest.mark.parametrize("row", ["('big', 'nosuch', '3')", "('big', 'big', '3')",
                                 "('big', NULL, '3 x')", "('BIG', 'nosuch', '3')",
                                 "('big', 7, '3')"])
def test_a_row_naming_no_index_counts_the_table_s_rows_as_sqlite_s(row):
    """SQLite's loader takes a row whose idx is no index of the table as the table's row
    count, and the last such or whole index's row in the table's order wins: written after
    ANALYZE's own rows, a count of 3 puts ``big`` outside. (A row naming another table's
    index, ``('big', 'small', ...)``, is such a row too.)"""
    assert _join_steps(["ANALYZE", f"INSERT INTO sqlite_stat1 VALUES {row}",
                        "ANALYZE sqlite_schema"]) == ["SCAN big", "SCAN small"]


def test_a_partial_index_of_an_empty_table_gets_its_row_as_in_sqlite():
    """SQLite writes a partial index's sqlite_stat1 row ('0 0...') also when the index is
    empty, in an empty table too; any other index of an empty table, and the table's own
    row, none (fuzz feature maintenance, fixed-seed cases 15, 27 and 28)."""
    assert_same(["CREATE TABLE p(a, b)", "CREATE INDEX pa ON p(a) WHERE a > 0",
                 "CREATE INDEX pb ON p(b)", "CREATE INDEX pab ON p(a, b + 1) WHERE b",
                 "CREATE TABLE q(a)", "CREATE UNIQUE INDEX qa ON q(a COLLATE RTRIM) "
                 "WHERE a > 0", "CREATE TEMP TABLE tt(k INTEGER PRIMARY KEY, v)",
                 "CREATE UNIQUE INDEX tv ON tt(v, k DESC) WHERE v IS NOT NULL"],
                ["ANALYZE", STAT, "ANALYZE tv", "SELECT * FROM temp.sqlite_stat1",
                 "INSERT INTO q VALUES (-1)", "ANALYZE q", STAT, "ANALYZE pb", STAT])


def test_a_join_of_a_table_whose_only_statistics_row_is_its_own_is_planned():
    """sqlite_stat1 holding only the table's own row (no index) once let a TypeError out
    of the join order's row estimate when the table was NOT INDEXED (fuzz feature
    maintenance, fixed-seed case 54); the rows and their loop order are SQLite's."""
    assert_same(["CREATE TABLE t(a, b)", "CREATE TABLE u(a, b)",
                 "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)", "INSERT INTO u VALUES (1, 1)",
                 "ANALYZE"],
                ["SELECT * FROM t AS s NOT INDEXED, t AS w ORDER BY 1, 2, 3, 4",
                 "SELECT EXISTS (SELECT * FROM t AS s NOT INDEXED, u)",
                 "SELECT * FROM t NOT INDEXED, u WHERE t.a = u.a",
                 "SELECT * FROM u NOT INDEXED, t NOT INDEXED WHERE t.a = u.a"])
    mine = rowandb.connect(":memory:", isolation_level=None)
    theirs = apsw.Connection(":memory:")
    query = "EXPLAIN QUERY PLAN SELECT * FROM t NOT INDEXED, u NOT INDEXED WHERE t.a = u.a + 0"
    for sql in ["CREATE TABLE t(a, b)", "CREATE TABLE u(a, b)",
                "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)", "INSERT INTO u VALUES (1, 1)",
                "ANALYZE"]:
        mine.execute(sql)
        theirs.execute(sql)
    assert [r[3] for r in mine.execute(query).fetchall() if r[3].startswith("SCAN")] == \
        [r[3] for r in theirs.execute(query)] == ["SCAN u", "SCAN t"]


def test_a_one_column_unique_index_in_descending_order_counts_its_nulls_distinct():
    """SQLite's ANALYZE reads such an index's non-NULL keys first and, once it has met
    one, compares no more rows: the NULLs after it count as values of their own ('3 1'),
    where in ascending order they come first and are equal ('3 2'; fuzz seed 116000066)."""
    assert_same(["CREATE TABLE t(a INTEGER PRIMARY KEY, b NUMERIC, c)",
                 "CREATE UNIQUE INDEX d ON t(b DESC)", "CREATE UNIQUE INDEX u ON t(b)",
                 "CREATE UNIQUE INDEX w ON t(b DESC, c)", "CREATE INDEX n ON t(b DESC)",
                 "CREATE UNIQUE INDEX e ON t(c DESC) WHERE c IS NULL",
                 "INSERT INTO t VALUES (10, 9.223372036854775e+18, NULL), (0, NULL, NULL), "
                 "(5, NULL, NULL)"],
                ["ANALYZE", STAT])
