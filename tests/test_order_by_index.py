"""ORDER BY read from an index or the rowid (``optimizer/order_by_index.py``), against SQLite.

Each query below is one SQLite answers without sorting, or by sorting only the last terms
of its ORDER BY. The tests check, through apsw:

* the plan names the same loop as SQLite's (the SCAN/SEARCH lines, ``COVERING`` included)
  and the same temporary b-tree, or none;
* the rows are SQLite's, in SQLite's order, ties included: with the same loop read in the
  same direction the order of tied rows is defined (rowid ascending forwards, descending
  backwards), and under LIMIT/OFFSET so is the choice of rows. Hypothesis draws the table
  contents, with many ties, NULLs and text differing only in case.
"""

from __future__ import annotations

import re

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rowandb
from test_differential import typed_rows
from oracle import connections

SCHEMA = [
    "CREATE TABLE t(a INT, b TEXT, c, d INT)",
    "CREATE INDEX t_a ON t(a)",
    "CREATE INDEX t_bd ON t(b DESC, d)",
    "CREATE INDEX t_nc ON t(c COLLATE NOCASE)",
    "CREATE INDEX t_e ON t(d * 2)",
    "CREATE TABLE p(id INTEGER PRIMARY KEY, v INT, w TEXT)",
    "CREATE INDEX p_v ON p(v)",
    "CREATE TABLE w(x INT, y TEXT, z INT, PRIMARY KEY (x, y DESC)) WITHOUT ROWID",
    "CREATE INDEX w_z ON w(z)",
    "CREATE TABLE q(k INT, s INT)",
    "CREATE INDEX q_half ON q(k) WHERE k > 0",
]

# (query, SQLite's plan lines: the loops, then the temporary b-tree if any)
QUERIES = [
    ("SELECT rowid, * FROM t ORDER BY a", ["SCAN t USING INDEX t_a"]),
    ("SELECT rowid, * FROM t ORDER BY a DESC", ["SCAN t USING INDEX t_a"]),
    ("SELECT rowid, a FROM t ORDER BY a DESC LIMIT 3", ["SCAN t USING COVERING INDEX t_a"]),
    ("SELECT rowid, * FROM t ORDER BY a LIMIT 2 OFFSET 3", ["SCAN t USING INDEX t_a"]),
    ("SELECT rowid, * FROM t ORDER BY b DESC, d", ["SCAN t USING INDEX t_bd"]),
    ("SELECT rowid, * FROM t ORDER BY b, d DESC LIMIT 4", ["SCAN t USING INDEX t_bd"]),
    ("SELECT rowid, * FROM t ORDER BY b DESC", ["SCAN t USING INDEX t_bd"]),
    ("SELECT rowid, * FROM t ORDER BY b DESC, d DESC",
     ["SCAN t USING INDEX t_bd", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT rowid, * FROM t WHERE b = 'x' ORDER BY d", ["SEARCH t USING INDEX t_bd (b=?)"]),
    ("SELECT rowid, * FROM t WHERE b = 'x' ORDER BY b, d DESC",
     ["SEARCH t USING INDEX t_bd (b=?)"]),
    ("SELECT rowid, * FROM t WHERE a > 1 ORDER BY a DESC LIMIT 3",
     ["SEARCH t USING INDEX t_a (a>?)"]),
    ("SELECT rowid, * FROM t ORDER BY a, b",
     ["SCAN t USING INDEX t_a", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT rowid, * FROM t ORDER BY a, b, c",
     ["SCAN t USING INDEX t_a", "USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY"]),
    ("SELECT rowid, * FROM t ORDER BY a, rowid DESC",
     ["SCAN t USING INDEX t_a", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT rowid, * FROM t ORDER BY a DESC, rowid DESC", ["SCAN t USING INDEX t_a"]),
    ("SELECT rowid, c FROM t ORDER BY c COLLATE NOCASE", ["SCAN t USING COVERING INDEX t_nc"]),
    ("SELECT rowid, d FROM t ORDER BY d * 2 DESC LIMIT 4", ["SCAN t USING INDEX t_e"]),
    ("SELECT rowid, * FROM t ORDER BY rowid DESC", ["SCAN t"]),
    ("SELECT rowid, * FROM t WHERE rowid > 2 ORDER BY rowid DESC LIMIT 2",
     ["SEARCH t USING INTEGER PRIMARY KEY (rowid>?)"]),
    ("SELECT DISTINCT a FROM t ORDER BY a DESC", ["SCAN t USING COVERING INDEX t_a"]),
    ("SELECT * FROM p ORDER BY id DESC LIMIT 3", ["SCAN p"]),
    ("SELECT * FROM p ORDER BY v, id", ["SCAN p USING INDEX p_v"]),
    ("SELECT id, v FROM p ORDER BY v DESC, id DESC LIMIT 4", ["SCAN p USING COVERING INDEX p_v"]),
    ("SELECT * FROM p WHERE v = 2 ORDER BY id DESC", ["SEARCH p USING INDEX p_v (v=?)"]),
    ("SELECT * FROM w ORDER BY x, y DESC", ["SCAN w"]),
    ("SELECT * FROM w ORDER BY x DESC, y LIMIT 3", ["SCAN w"]),
    ("SELECT * FROM w ORDER BY x, y", ["SCAN w", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT * FROM w ORDER BY z DESC", ["SCAN w USING COVERING INDEX w_z"]),
    ("SELECT * FROM w WHERE x = 1 ORDER BY y LIMIT 2",
     ["SEARCH w USING PRIMARY KEY (x=?)"]),
    ("SELECT rowid, * FROM q WHERE k > 0 ORDER BY k", ["SEARCH q USING INDEX q_half (k>?)"]),
    ("SELECT rowid, * FROM q ORDER BY k", ["SCAN q", "USE TEMP B-TREE FOR ORDER BY"]),
    ("SELECT p.id, t.rowid FROM p LEFT JOIN t ON t.a = p.id ORDER BY p.id DESC LIMIT 5",
     ["SCAN p", "SEARCH t USING COVERING INDEX t_a (a=?) LEFT-JOIN"]),
    ("SELECT p.id, t.rowid FROM p LEFT JOIN t ON t.a = p.id ORDER BY p.id, t.rowid",
     ["SCAN p", "SEARCH t USING COVERING INDEX t_a (a=?) LEFT-JOIN"]),
    ("SELECT p.id, t.rowid FROM p JOIN t ON t.a = p.id ORDER BY p.id, t.rowid DESC",
     ["SCAN p", "SEARCH t USING COVERING INDEX t_a (a=?)"]),
    ("SELECT p.id, t.rowid FROM p LEFT JOIN t ON t.a = p.id ORDER BY p.v, t.rowid",
     ["SCAN p USING COVERING INDEX p_v", "SEARCH t USING COVERING INDEX t_a (a=?) LEFT-JOIN",
      "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT p.*, w.* FROM p JOIN w ON w.x = p.id ORDER BY p.id DESC, w.y DESC",
     ["SCAN p", "SEARCH w USING PRIMARY KEY (x=?)"]),
    ("SELECT p.*, w.* FROM p JOIN w ON w.x = p.id ORDER BY p.id, w.y",
     ["SCAN p", "SEARCH w USING PRIMARY KEY (x=?)"]),
    # NULLS LAST ascending / NULLS FIRST descending on the first free key: its NULL
    # entries read after (before) the others (SQLite's WHERE_BIGNULL_SORT)
    ("SELECT rowid, * FROM t ORDER BY a NULLS LAST", ["SCAN t USING INDEX t_a"]),
    ("SELECT rowid, * FROM t ORDER BY a DESC NULLS FIRST LIMIT 3", ["SCAN t USING INDEX t_a"]),
    ("SELECT rowid, b, d FROM t ORDER BY b NULLS FIRST, d",
     ["SCAN t USING COVERING INDEX t_bd", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT rowid, b, d FROM t ORDER BY b ASC NULLS LAST, d DESC",
     ["SCAN t USING COVERING INDEX t_bd"]),
    ("SELECT rowid, * FROM t WHERE b = 'x' ORDER BY d NULLS LAST",
     ["SEARCH t USING INDEX t_bd (b=?)"]),
    ("SELECT id, v FROM p ORDER BY v DESC NULLS FIRST, id DESC LIMIT 4",
     ["SCAN p USING COVERING INDEX p_v"]),
    ("SELECT rowid, * FROM t ORDER BY a, b NULLS LAST",
     ["SCAN t USING INDEX t_a", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
    ("SELECT * FROM w ORDER BY z NULLS LAST", ["SCAN w USING COVERING INDEX w_z"]),
    ("SELECT p.id, t.rowid FROM p LEFT JOIN t ON t.a = p.id ORDER BY p.id, t.b",
     ["SCAN p", "SEARCH t USING INDEX t_a (a=?) LEFT-JOIN",
      "USE TEMP B-TREE FOR LAST TERM OF ORDER BY"]),
]


def _loops(lines: list[str]) -> list[str]:
    """The plan lines both engines print alike: loops and temporary b-trees (SQLite's
    LEFT-JOIN marker left out; RowanDB's temp b-tree line is its Sort)."""
    kept = [re.sub(r" LEFT-JOIN$", "", line) for line in lines
            if re.match(r"(SCAN|SEARCH|USE TEMP)", line)]
    return sorted(kept)


@pytest.fixture(scope="module")
def engines():
    return connections(SCHEMA)


@pytest.mark.parametrize("sql, plan", QUERIES, ids=[q for q, _ in QUERIES])
def test_plan_is_sqlites(engines, sql, plan):
    mine, theirs = engines
    sqlite_plan = [r[3] for r in theirs.execute("EXPLAIN QUERY PLAN " + sql)]
    assert _loops(sqlite_plan) == _loops(plan), "the expected plan is no longer SQLite's"
    rowan_plan = [r[3] for r in mine.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    if "USE TEMP B-TREE FOR ORDER BY" in plan:        # a full sort: RowanDB's ORDER BY node
        rowan_plan = [("USE TEMP B-TREE FOR ORDER BY" if line.startswith("ORDER BY ") else line)
                      for line in rowan_plan]
    assert _loops(rowan_plan) == _loops(plan)


ROW = st.tuples(st.one_of(st.none(), st.integers(0, 3)),
                st.one_of(st.none(), st.sampled_from(["x", "X", "y", "a", "x "])),
                st.one_of(st.none(), st.integers(0, 2), st.sampled_from(["q", "Q", "r"])),
                st.one_of(st.none(), st.integers(0, 3)))


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(ROW, max_size=14))
def test_rows_and_their_order_are_sqlites(rows):
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    script = list(SCHEMA)
    for i, (a, b, c, d) in enumerate(rows):
        values = ", ".join(_literal(v) for v in (a, b, c, d))
        script.append(f"INSERT INTO t VALUES ({values})")
        script.append(f"INSERT INTO p(v, w) VALUES ({_literal(a)}, {_literal(b)})")
        script.append(f"INSERT OR IGNORE INTO w VALUES ({_literal(a or 0)}, "
                      f"{_literal(b or 'n')}, {_literal(d)})")
        script.append(f"INSERT INTO q VALUES ({_literal(d if i % 3 else -1)}, {i})")
    for sql in script:
        mine.execute(sql)
        theirs.execute(sql)
    for sql, _ in QUERIES:
        expected = typed_rows(theirs.execute(sql).fetchall())
        assert typed_rows(mine.execute(sql).fetchall()) == expected, sql


def _literal(v) -> str:
    if v is None:
        return "NULL"
    return f"'{v}'" if isinstance(v, str) else str(v)


def test_limit_stops_the_index_scan_early(engines):
    """ORDER BY ... LIMIT over an index reads rows until it has enough: the select list
    is computed for 3 rows, not for the 2000 a sort would have to read first."""
    mine, _ = engines
    mine.execute("CREATE TABLE big(k INT, v)")
    mine.execute("CREATE INDEX big_k ON big(k)")
    mine.executemany("INSERT INTO big VALUES (?, ?)", [(i % 97, i) for i in range(2000)])
    seen = []
    mine.create_function("seen", 1, lambda v: seen.append(v) or v)
    rows = mine.execute("SELECT k, seen(v) FROM big ORDER BY k DESC LIMIT 3").fetchall()
    assert [tuple(r) for r in rows] == [(96, 1939), (96, 1842), (96, 1745)]
    assert seen == [1939, 1842, 1745]
    seen.clear()
    mine.execute("SELECT k, seen(v) FROM big NOT INDEXED ORDER BY k DESC LIMIT 3").fetchall()
    assert len(seen) == 2000                # the control: a sort computes every row


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 99)), max_size=80, unique=True),
       st.one_of(st.none(), st.integers(-1, 7)), st.one_of(st.none(), st.integers(-1, 7)),
       st.booleans(), st.booleans(), st.booleans())
def test_walk_hands_out_what_range_returns(entries, low, high, low_inc, high_inc, reverse):
    """``IndexFile.walk``, which an ORDER BY's index scan reads in growing chunks, gives
    exactly ``range``'s entries in the same order, for any bounds and either direction."""
    from rowandb.storage.memory import IndexFile
    index = IndexFile(1, "i")
    index.entries.update(entries)
    bounds = ((low,) if low is not None else None, (high,) if high is not None else None,
              low_inc, high_inc)
    assert list(index.walk(*bounds, reverse=reverse)) == index.range(*bounds, reverse=reverse)


def test_walk_sees_no_entry_twice_when_the_index_changes():
    from rowandb.storage.memory import IndexFile
    index = IndexFile(1, "i")
    index.entries.update((k, k) for k in range(100))
    seen = []
    for entry in index.walk(None, None):
        seen.append(entry)
        if entry[0] == 10:              # a writer moves entries behind and ahead of the reader
            index.entries.remove((5, 5))
            index.entries.add((-1, 200))
            index.entries.remove((50, 50))
            index.entries.add((70, 300))
    assert len(seen) == len(set(seen))
    assert (50, 50) not in seen and (70, 300) in seen and (-1, 200) not in seen
