"""The planner's choices where they show in the answer, against SQLite (apsw).

Where SQL leaves the row order open (no ORDER BY, LIMIT without ORDER BY) the rows come
in the order of the loops the planner chose, so RowanDB must choose SQLite's loops:

* a full scan through a narrower covering index (``optimizer/covering_scan.py``): fixed
  queries whose EXPLAIN QUERY PLAN line is asserted to be SQLite's, then generated tables
  (declared types of every width class, rowid, INTEGER PRIMARY KEY and WITHOUT ROWID
  tables, partial indexes, with and without ANALYZE) whose SCAN line and rows, in order,
  must be SQLite's;
* the statistics ANALYZE writes for a table whose indexes are all partial.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from test_differential import typed_rows

SCHEMA = [
    "CREATE TABLE t(a INT, b TEXT, c REAL)",
    "CREATE INDEX t_b ON t(b)", "CREATE INDEX t_c ON t(c)", "CREATE INDEX t_ab ON t(a, b)",
    "CREATE TABLE wr(a INT, b TEXT, c INT, PRIMARY KEY(a)) WITHOUT ROWID",
    "CREATE INDEX wr_c ON wr(c)",
    "CREATE TABLE v(a INT PRIMARY KEY, b INT) WITHOUT ROWID", "CREATE INDEX v_b ON v(b)",
    "CREATE TABLE y(a INTEGER PRIMARY KEY, b INT)", "CREATE INDEX y_b ON y(b)",
    "CREATE TABLE q(k INT, s INT, w TEXT)", "CREATE INDEX q_s ON q(s) WHERE k + 0 > 0",
    "CREATE TABLE sink(a, c)",
    "CREATE TABLE z(a TEXT COLLATE NOCASE, b, big TEXT)", "CREATE INDEX z_a ON z(a)",
    "CREATE INDEX z_bd ON z(b DESC)",
    "CREATE TABLE gz(a INT, b INT, c TEXT, d)", "CREATE INDEX gz_ba ON gz(b, a DESC)",
    "CREATE INDEX gz_cd ON gz(c DESC)", "CREATE INDEX gz_dn ON gz(d COLLATE NOCASE DESC)",
    "CREATE TABLE g(a, s AS (a * 2) STORED, v AS (a + 1), k PRIMARY KEY, n) WITHOUT ROWID",
    "CREATE UNIQUE INDEX g_ask ON g(a, k, s)", "CREATE INDEX g_n ON g(n)",
    "CREATE TABLE hw(a INT, b TEXT, c BLOB, d REAL)", "CREATE INDEX hw_a ON hw(a)",
    "CREATE INDEX hw_ab ON hw(a, b)",
    "CREATE TABLE uo(a INTEGER PRIMARY KEY, b, c)", "CREATE UNIQUE INDEX uo_b ON uo(b)",
]
ROWS = [
    "INSERT INTO t VALUES (3, 'c', 1.5), (1, 'b', 0.5), (2, 'a', 2.5), (2, 'a', NULL)",
    "INSERT INTO wr VALUES (1, 'x', 5), (2, 'y', 3), (3, 'z', 4), (4, 'w', 3)",
    "INSERT INTO v VALUES (1, 9), (2, 7), (3, 8)",
    "INSERT INTO y VALUES (1, 9), (2, 7), (3, 8)",
    "INSERT INTO q VALUES (1, 9, 'a'), (-1, 7, 'b'), (2, 8, 'c'), (3, 1, 'd')",
    "INSERT INTO z VALUES ('b', 2.5, 'x'), ('B', x'00', 'y'), ('a', NULL, 'z'), "
    "('A', 2, 'w'), (NULL, 'two', 'v'), ('b', 2.0, 'u')",
    "INSERT INTO gz VALUES (1, 2, 'x', 'A'), (NULL, 1, 'y', 'a'), (2, NULL, NULL, 'b'), "
    "(1, NULL, 'x', 'B'), (NULL, NULL, 'z', NULL), (3, 2, 'Y', 'c'), (4, 2, 'q', 'C')",
    "INSERT INTO g(a, k, n) VALUES ('1', 1, 5), (NULL, 2.5, 4), (0, 0, 6)",
    "INSERT INTO hw VALUES (3, 'x', x'01', 1.5), (1, 'y', x'02', 2.5), (2, NULL, NULL, 0.5)",
    "INSERT INTO uo VALUES (1, 1, 'x'), (2, 2, 'y'), (3, NULL, 'z')",
]

# (query, SQLite's SCAN/SEARCH lines)
QUERIES = [
    ("SELECT a, c FROM wr LIMIT 1", ["SCAN wr USING COVERING INDEX wr_c"]),
    ("SELECT c FROM wr", ["SCAN wr USING COVERING INDEX wr_c"]),
    ("SELECT * FROM wr", ["SCAN wr"]),
    ("SELECT * FROM v", ["SCAN v USING COVERING INDEX v_b"]),
    ("SELECT b FROM t", ["SCAN t USING COVERING INDEX t_b"]),
    ("SELECT c, rowid FROM t", ["SCAN t USING COVERING INDEX t_c"]),
    ("SELECT rowid FROM t LIMIT 2", ["SCAN t USING COVERING INDEX t_c"]),
    ("SELECT a FROM t", ["SCAN t USING COVERING INDEX t_ab"]),
    ("SELECT a, b FROM t WHERE a + 0 > 1", ["SCAN t USING COVERING INDEX t_ab"]),
    ("SELECT * FROM t", ["SCAN t"]),
    ("SELECT b FROM y", ["SCAN y"]),
    ("SELECT b FROM t ORDER BY rowid", ["SCAN t"]),
    ("SELECT a FROM t ORDER BY c LIMIT 3", ["SCAN t USING INDEX t_c"]),
    ("SELECT b FROM t ORDER BY b || 'x', rowid", ["SCAN t USING COVERING INDEX t_b"]),
    ("SELECT DISTINCT b FROM t", ["SCAN t USING COVERING INDEX t_b"]),
    ("SELECT w FROM q WHERE k + 0 > 0", ["SCAN q USING INDEX q_s"]),
    ("SELECT w FROM q WHERE k > 0", ["SCAN q"]),
    ("SELECT t.b, wr.c FROM t, wr WHERE t.a + 0 = wr.c + 0",
     ["SCAN t USING COVERING INDEX t_ab", "SCAN wr USING COVERING INDEX wr_c"]),
    ("SELECT b FROM t UNION ALL SELECT c FROM wr",
     ["SCAN t USING COVERING INDEX t_b", "SCAN wr USING COVERING INDEX wr_c"]),
    ("SELECT a FROM z", ["SCAN z USING COVERING INDEX z_a"]),
    ("SELECT b, rowid FROM z", ["SCAN z USING COVERING INDEX z_bd"]),
    ("SELECT b, typeof(b) FROM z LIMIT 4", ["SCAN z USING COVERING INDEX z_bd"]),
    ("SELECT c, typeof(c), rowid FROM t", ["SCAN t USING COVERING INDEX t_c"]),
    ("SELECT a, b, count(*) FROM gz GROUP BY a, b", ["SCAN gz USING COVERING INDEX gz_ba"]),
    ("SELECT c, count(*) FROM gz GROUP BY c", ["SCAN gz USING COVERING INDEX gz_cd"]),
    ("SELECT a, count(*) FROM gz WHERE b = 2 GROUP BY a",
     ["SEARCH gz USING COVERING INDEX gz_ba (b=?)"]),
    ("SELECT d COLLATE NOCASE, count(*) FROM gz GROUP BY d COLLATE NOCASE",
     ["SCAN gz USING COVERING INDEX gz_dn"]),
    ("SELECT c, min(a) FROM gz GROUP BY c", ["SCAN gz USING INDEX gz_cd"]),
    ("SELECT b, a, max(c) FROM gz GROUP BY a, b", ["SCAN gz USING INDEX gz_ba"]),
    ("SELECT d, count(*) FROM gz GROUP BY d", ["SCAN gz USING COVERING INDEX gz_dn"]),
    ("SELECT b, count(*) FROM t GROUP BY b", ["SCAN t USING COVERING INDEX t_b"]),
    ("SELECT a, max(b) FROM t GROUP BY a", ["SCAN t USING COVERING INDEX t_ab"]),
    # a generated column read makes every column read (sqlite3ExprColUsed; fuzz 16000197)
    ("SELECT a FROM g", ["SCAN g USING COVERING INDEX g_ask"]),
    ("SELECT a, s FROM g", ["SCAN g"]), ("SELECT a FROM g WHERE s IS NULL OR a", ["SCAN g"]),
    ("SELECT n, v FROM g", ["SCAN g"]), ("SELECT n FROM g", ["SCAN g USING COVERING INDEX g_n"]),
    # a column named in an operand folded away once resolved (x OR 1) is still read
    ("SELECT c FROM t WHERE b IS NULL OR 1", ["SCAN t"]),
    ("SELECT c FROM t WHERE 1 OR b > 0", ["SCAN t"]),
    ("SELECT c, (b IS NULL OR 1) FROM t", ["SCAN t"]),
    ("SELECT c FROM t WHERE (b AND 0) = 0", ["SCAN t USING COVERING INDEX t_c"]),
    # a column no index holds, met first or last in the walk, keeps the table scan
    # (covering_scan's walk that stops there); the rowid and key columns do not
    ("SELECT c FROM hw WHERE a > 0 OR b > 'a'", ["SCAN hw"]),
    ("SELECT rowid, b FROM hw WHERE d > 0 OR b > 'a'", ["SCAN hw"]),
    ("SELECT b FROM hw WHERE a > 0 OR b > 'a'", ["SCAN hw USING COVERING INDEX hw_ab"]),
    ("SELECT rowid, b FROM hw WHERE a > 0 OR b > 'a'", ["SCAN hw USING COVERING INDEX hw_ab"]),
    ("SELECT _rowid_ FROM hw WHERE b IS NULL OR a > 1", ["SCAN hw USING COVERING INDEX hw_ab"]),
    # a one-row ORDER BY SQLite never codes still reads its columns (one_row_order.py)
    ("SELECT b FROM uo WHERE b = 1 ORDER BY c", ["SEARCH uo USING INDEX uo_b (b=?)"]),
    ("SELECT b FROM uo WHERE b = 1 ORDER BY b, c", ["SEARCH uo USING INDEX uo_b (b=?)"]),
    ("SELECT b FROM uo WHERE b = 1 ORDER BY a", ["SEARCH uo USING COVERING INDEX uo_b (b=?)"]),
    ("SELECT a FROM uo WHERE b = 2 ORDER BY (SELECT c)", ["SEARCH uo USING INDEX uo_b (b=?)"]),
    ("SELECT a FROM uo WHERE b = 2 ORDER BY -b", ["SEARCH uo USING COVERING INDEX uo_b (b=?)"]),
]


def _loops(rows) -> list[str]:
    return [r[3] for r in rows if r[3].startswith(("SCAN", "SEARCH"))]


@pytest.fixture(scope="module")
def engines():
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in SCHEMA + ROWS:
        mine.execute(sql)
        theirs.execute(sql)
    return mine, theirs


@pytest.mark.parametrize("sql, plan", QUERIES, ids=[q for q, _ in QUERIES])
def test_full_scans_read_the_index_sqlite_reads(engines, sql, plan):
    mine, theirs = engines
    assert sorted(_loops(theirs.execute("EXPLAIN QUERY PLAN " + sql))) == sorted(plan), \
        "the expected plan is no longer SQLite's"
    assert sorted(_loops(mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall())) == sorted(plan)
    expected = typed_rows(theirs.execute(sql).fetchall())
    assert typed_rows(mine.execute(sql).fetchall()) == expected


def test_insert_select_limit_takes_sqlites_first_row(engines):
    """The fuzzer's finding: INSERT ... SELECT ... LIMIT 1 without ORDER BY from a WITHOUT
    ROWID table with a covering secondary index copies the index's first row."""
    mine, theirs = engines
    for engine in (mine, theirs):
        engine.execute("DELETE FROM sink")
        engine.execute("INSERT INTO sink SELECT a, c FROM wr LIMIT 1")
    assert mine.execute("SELECT * FROM sink").fetchall() == [(2, 3)]
    assert list(theirs.execute("SELECT * FROM sink")) == [(2, 3)]


@pytest.mark.parametrize("sql", ["DELETE FROM t WHERE a + 1 = 3",
                                 "UPDATE t SET c = 1 WHERE a + 1 = 3"])
def test_writes_scan_the_table(engines, sql):
    """DELETE and UPDATE find their rows with a table scan (SQLite's one-pass writes)."""
    mine, theirs = engines
    assert _loops(theirs.execute("EXPLAIN QUERY PLAN " + sql)) == ["SCAN t"]
    assert [line for line in _loops(mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall())] \
        == ["SCAN t"]


TYPES = ["", "INT", "INTEGER", "TEXT", "REAL", "BLOB", "VARCHAR(10)", "VARCHAR(200)",
         "CHAR(3)", "NUMERIC", "VARCHAR", "DOUBLE", "CLOB", "BLOB(40)", "FLOATING POINT",
         "STRING", "CHARINT", "NCHAR(55)"]


def _generated(seed: int):
    """A table of random column types and indexes, its rows, and queries whose WHERE no
    index can search (so that the choice is between full scans)."""
    rnd = random.Random(seed)
    cols = [f"c{i}" for i in range(rnd.randint(2, 5))]
    types = [rnd.choice(TYPES) for _ in cols]
    without_rowid = rnd.random() < 0.4
    if not without_rowid and rnd.random() < 0.3:
        types[0] = "INTEGER PRIMARY KEY"
    body = ", ".join(f"{c} {t}" for c, t in zip(cols, types))
    if without_rowid:
        body += f", PRIMARY KEY({', '.join(rnd.sample(cols, rnd.randint(1, 2)))})"
    script = [f"CREATE TABLE g({body}){' WITHOUT ROWID' if without_rowid else ''}"]
    for k in range(rnd.randint(1, 3)):
        keys = ", ".join(rnd.sample(cols, rnd.randint(1, min(3, len(cols)))))
        part = " WHERE c1 + 0 > 0" if rnd.random() < 0.25 else ""
        script.append(f"CREATE INDEX g{k} ON g({keys}){part}")
    for i in range(rnd.randint(0, 14)):
        values = [str(rnd.randint(-2, 5)) if rnd.random() < 0.7 else repr(rnd.choice("abxyz"))
                  for _ in cols]
        if types[0] == "INTEGER PRIMARY KEY":
            values[0] = str(i)
        script.append(f"INSERT OR IGNORE INTO g VALUES ({', '.join(values)})")
    if rnd.random() < 0.4:
        script.append("ANALYZE")
    queries = []
    for _ in range(4):
        picked = ", ".join(rnd.sample(cols + ([] if without_rowid else ["rowid"]),
                                      rnd.randint(1, 2)))
        where = rnd.choice(["", " WHERE c0 + 1 > 1", " WHERE c1 + 0 > 0"])
        queries.append(f"SELECT {picked} FROM g{where}{rnd.choice(['', ' LIMIT 3'])}")
    return script, queries


@pytest.mark.parametrize("seed", range(60))
def test_generated_tables_scan_as_sqlite_scans(seed):
    _scan_as_sqlite(*_generated(seed))


def _scan_as_sqlite(script: list, queries: list):
    """Run ``script`` on both engines; each query's SCAN lines and rows must be SQLite's."""
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in script:
        mine.execute(sql)
        theirs.execute(sql)
    for sql in queries:
        plan = _loops(theirs.execute("EXPLAIN QUERY PLAN " + sql))
        assert _loops(mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall()) == plan, \
            (script, sql)
        assert typed_rows(mine.execute(sql).fetchall()) == \
            typed_rows(theirs.execute(sql).fetchall()), (script, sql)


# WITHOUT ROWID tables: (schema, query, SQLite's SCAN line). A UNIQUE constraint's index
# covers only the columns it names (SQLite adds the key columns after noting what it
# holds), a CREATE INDEX index also the key columns; a key column held again under another
# collation widens the entry; a VIRTUAL generated column is read from an index only when
# the index holds every column of the table.
WITHOUT_ROWID = [
    ("CREATE TABLE t(c0 INTEGER PRIMARY KEY, c1 INT, c2 TEXT, UNIQUE (c1)) WITHOUT ROWID",
     [("SELECT c0 FROM t", "SCAN t"), ("SELECT c0, c1 FROM t", "SCAN t"),
      ("SELECT c1 FROM t", "SCAN t USING COVERING INDEX sqlite_autoindex_t_1"),
      ("SELECT c0 FROM t WHERE c1 = 2", "SEARCH t USING INDEX sqlite_autoindex_t_1 (c1=?)")]),
    ("CREATE TABLE t(c0 TEXT, c1 INT, c2 TEXT, c3 TEXT, UNIQUE (c1, c0), PRIMARY KEY (c0))"
     " WITHOUT ROWID",
     [("SELECT c0 FROM t", "SCAN t USING COVERING INDEX sqlite_autoindex_t_1"),
      ("SELECT c0, c1 FROM t LIMIT 2", "SCAN t USING COVERING INDEX sqlite_autoindex_t_1")]),
    ("CREATE TABLE t(c0 INTEGER PRIMARY KEY, c1 INT, c2 TEXT, UNIQUE (c1)) WITHOUT ROWID;"
     "CREATE INDEX t2 ON t(c2)",
     [("SELECT c0 FROM t", "SCAN t USING COVERING INDEX t2"), ("SELECT * FROM t", "SCAN t")]),
    ("CREATE TABLE t(c0 REAL, c1 VARCHAR(200), PRIMARY KEY (c0, c1)) WITHOUT ROWID;"
     "CREATE INDEX t1 ON t(c1 COLLATE NOCASE)",
     [("SELECT c0 FROM t", "SCAN t")]),
    ("CREATE TABLE t(c0 INT PRIMARY KEY, c1 TEXT, c2 TEXT, c3 AS (c1 || 'x') VIRTUAL)"
     " WITHOUT ROWID; CREATE INDEX t3 ON t(c3)",
     [("SELECT c3 FROM t", "SCAN t"), ("SELECT c0 FROM t", "SCAN t USING COVERING INDEX t3")]),
    # an index holding every column, a VIRTUAL one among them, covers (isCovering; fuzz
    # seed 50000113)
    ("CREATE TABLE t(c0 TEXT, c1 TEXT, c2 AS (c1 || c0) VIRTUAL, PRIMARY KEY (c0, c1))"
     " WITHOUT ROWID; CREATE INDEX t2 ON t(c2)",
     [("SELECT c2 FROM t", "SCAN t USING COVERING INDEX t2"),
      ("SELECT c0, c2 FROM t", "SCAN t USING COVERING INDEX t2")]),
]
WITHOUT_ROWID_CASES = [(schema, sql, plan) for schema, cases in WITHOUT_ROWID
                       for sql, plan in cases]


def _both(script: str):
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in script.split(";"):
        mine.execute(sql)
        theirs.execute(sql)
    rows = ", ".join(f"({i}, '{chr(100 - i)}')" for i in range(6))  # c1 against c0's order
    mine.execute(f"INSERT INTO t(c0, c1) VALUES {rows}")
    theirs.execute(f"INSERT INTO t(c0, c1) VALUES {rows}")
    return mine, theirs


@pytest.mark.parametrize("schema, sql, plan", WITHOUT_ROWID_CASES,
                         ids=[f"{i}-{sql}" for i, (_, sql, _) in enumerate(WITHOUT_ROWID_CASES)])
def test_without_rowid_scans_read_the_index_sqlite_reads(schema, sql, plan):
    mine, theirs = _both(schema)
    assert _loops(theirs.execute("EXPLAIN QUERY PLAN " + sql)) == [plan], \
        "the expected plan is no longer SQLite's"
    assert _loops(mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall()) == [plan]
    assert typed_rows(mine.execute(sql).fetchall()) == \
        typed_rows(theirs.execute(sql).fetchall())


def _column_defs(rnd, cols: list) -> list:
    defs = [f"{c} {rnd.choice(TYPES)}" + (" COLLATE NOCASE" if rnd.random() < 0.15 else "")
            for c in cols]
    if rnd.random() < 0.2:
        defs[rnd.randrange(len(cols))] += " UNIQUE"
    return defs


def _key_terms(rnd, keys: list, kinds: list) -> str:
    return ", ".join(key + rnd.choice(kinds) for key in keys)


def _index_term(rnd, key: str) -> str:
    r = rnd.random()
    return (f"{key} DESC" if r < 0.2 else f"{key} COLLATE NOCASE" if r < 0.3
            else f"{key} + 1" if r < 0.4 else key)


def _without_rowid_tables(seed: int):
    """A WITHOUT ROWID table with an INTEGER/TEXT/INT PRIMARY KEY inline or a composite one
    (DESC keys) among UNIQUE constraints (DESC, NOCASE keys, inline UNIQUE), CREATE
    [UNIQUE] INDEXes of plain, DESC, NOCASE and expression keys, some partial; its rows;
    queries whose WHERE no index can search."""
    rnd = random.Random(seed)
    cols = [f"c{i}" for i in range(rnd.randint(2, 5))]
    defs, constraints = _column_defs(rnd, cols), []
    inline = rnd.random() < 0.3
    if inline:
        defs[0] = f"c0 {rnd.choice(['INTEGER', 'TEXT', 'INT'])} PRIMARY KEY"
    for _ in range(rnd.randint(0, 2)):
        keys = rnd.sample(cols, rnd.randint(1, min(3, len(cols))))
        constraints.append(f"UNIQUE ({_key_terms(rnd, keys, ['', '', ' DESC', ' COLLATE NOCASE'])})")
    if not inline:
        pk = _key_terms(rnd, rnd.sample(cols, rnd.randint(1, 2)), ["", "", " DESC"])
        constraints.insert(rnd.randint(0, len(constraints)), f"PRIMARY KEY ({pk})")
    script = [f"CREATE TABLE g({', '.join(defs + constraints)}) WITHOUT ROWID"]
    partial = False
    for k in range(rnd.randint(0, 3)):
        keys = rnd.sample(cols, rnd.randint(1, min(3, len(cols))))
        part = " WHERE c1 + 0 > 0" if rnd.random() < 0.2 else ""
        partial = partial or bool(part)
        script.append(f"CREATE {'UNIQUE ' if rnd.random() < 0.2 else ''}INDEX g{k} ON "
                      f"g({', '.join(_index_term(rnd, key) for key in keys)}){part}")
    for _ in range(rnd.randint(0, 14)):
        values = [str(rnd.randint(-2, 30)) if rnd.random() < 0.7 else repr(rnd.choice("abxyzAB"))
                  for _ in cols]
        script.append(f"INSERT OR IGNORE INTO g VALUES ({', '.join(values)})")
    if rnd.random() < 0.3:
        script.append("ANALYZE")
    queries = []
    for _ in range(5):
        picked = ", ".join(rnd.sample(cols, rnd.randint(1, min(3, len(cols)))))
        where = rnd.choice(["", " WHERE c0 + 2 > 1", " WHERE c1 + 0 > 0", " WHERE c1 || 'z' > 'a'"])
        limit = "" if partial else rnd.choice(["", " LIMIT 3"])
        queries.append(f"SELECT {picked} FROM g{where}{limit}")
    return script, queries


@pytest.mark.parametrize("seed", range(120))
def test_generated_without_rowid_tables_scan_as_sqlite_scans(seed):
    _scan_as_sqlite(*_without_rowid_tables(seed))


def test_analyze_counts_a_table_whose_indexes_are_all_partial():
    """SQLite adds a row for the table itself when no index holds every row, and writes
    ``0 0`` for a partial index without entries (RowanDB raised ZeroDivisionError)."""
    script = ["CREATE TABLE t(a, b)", "CREATE INDEX p ON t(a) WHERE b > 5",
              "CREATE INDEX p2 ON t(b, a) WHERE b < 100", "INSERT INTO t VALUES (1, 2), (3, 4)",
              "CREATE TABLE u(a)", "CREATE INDEX q ON u(a) WHERE a > 0",
              "CREATE INDEX q2 ON u(a)", "INSERT INTO u VALUES (1)", "ANALYZE"]
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in script:
        mine.execute(sql)
        theirs.execute(sql)
    stat = "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx"
    assert mine.execute(stat).fetchall() == list(theirs.execute(stat))
    assert ("t", None, "2") in mine.execute(stat).fetchall()


JOIN_SHAPES = [
    "SELECT * FROM a, b, c WHERE a.x = b.x AND b.y = c.y",
    "SELECT * FROM c, b, a WHERE a.x = b.x AND b.y = c.y",
    "SELECT * FROM a, b, c WHERE a.x = b.x AND a.y = c.y",
    "SELECT * FROM a, b, c WHERE a.id = b.x AND b.id = c.y",
    "SELECT * FROM a JOIN b ON a.x = b.id JOIN c ON c.id = b.y",
    "SELECT a.z, b.z, c.z FROM b, c, a WHERE c.y = b.y AND a.id = c.x",
]


def _join_tables(seed: int):
    """(script, rows per table): three tables of random sizes, indexes on random columns
    and values of random spread, the same in both engines."""
    rnd = random.Random(seed)
    script, data = [], {}
    for name in "abc":
        count = rnd.choice([5, 30, 200, 1000])
        script.append(f"CREATE TABLE {name}(id INTEGER PRIMARY KEY, x INT, y INT, z INT)")
        script += [f"CREATE INDEX {name}_{col} ON {name}({col})" for col in "xyz"
                   if rnd.random() < 0.45]
        spread_x, spread_y = rnd.choice([2, 10, 50, 1000]), rnd.choice([2, 10, 50, 1000])
        data[name] = [(i, rnd.randrange(spread_x), rnd.randrange(spread_y), i % 7)
                      for i in range(1, count + 1)]
    return script, data


def _analyzed_joins(seed: int):
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    script, data = _join_tables(seed)
    for sql in script:
        mine.execute(sql)
        theirs.execute(sql)
    for name, rows in data.items():
        mine.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?)", rows)
        theirs.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?)", rows)
    mine.execute("ANALYZE")
    theirs.execute("ANALYZE")
    return mine, theirs


def _table_order(plan_rows) -> list[str]:
    return [line.split()[1] for line in _loops(plan_rows)]


@pytest.mark.parametrize("seed", range(40))
def test_join_order_after_analyze_is_sqlites(seed):
    """After ANALYZE, 3-way joins nest their tables in SQLite's order (``join_costs``):
    SQLite's automatic indexes are hash joins in RowanDB, so the tables' order is compared,
    and the rows (as multisets: the order of a join's rows is the nest's)."""
    mine, theirs = _analyzed_joins(seed)
    stat = "SELECT * FROM sqlite_stat1 ORDER BY tbl, idx"
    assert mine.execute(stat).fetchall() == list(theirs.execute(stat))
    for sql in JOIN_SHAPES:
        assert _table_order(mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall()) == \
            _table_order(theirs.execute("EXPLAIN QUERY PLAN " + sql)), sql
        assert sorted(typed_rows(mine.execute(sql).fetchall())) == \
            sorted(typed_rows(theirs.execute(sql).fetchall())), sql


IMPLIED_SEED = 36


def test_implied_equalities_let_the_third_table_be_searched():
    """``a.x = b.x AND b.x = c.x`` implies ``a.x = c.x``: with it, SQLite's order scans
    c and searches a by c's column; the rows are those of the query as written."""
    mine, theirs = _analyzed_joins(IMPLIED_SEED)
    sql = "SELECT * FROM a, b, c WHERE a.x = b.x AND b.x = c.x"
    expected = _loops(theirs.execute("EXPLAIN QUERY PLAN " + sql))
    assert expected[:2] == ["SCAN c", "SEARCH a USING INDEX a_x (x=?)"]
    assert _loops(mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall()) == expected
    assert sorted(typed_rows(mine.execute(sql).fetchall())) == \
        sorted(typed_rows(theirs.execute(sql).fetchall()))
