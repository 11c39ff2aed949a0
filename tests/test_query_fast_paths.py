"""The executor's fast paths for GROUP BY, ORDER BY ... LIMIT and column-versus-constant
comparisons against SQLite (apsw).

``exec/fused_aggregate.py`` runs GROUP BY with plain count/sum/total/avg/min/max as one
generated loop; ``exec/topk.py`` selects the first rows of ORDER BY ... LIMIT keeping only
keys and row slots; ``exec/column_constant.py`` compiles ``column op literal`` with the
literal's affinity applied once. Each test runs generated queries on RowanDB and SQLite over data with
NULLs, mixed storage classes (1 and 1.0 and '1', text and blobs), NOCASE and RTRIM
columns and many ties, and compares the rows exactly (order included: tied rows under a
LIMIT come in SQLite's order). ``fast_counts.COUNTS`` proves each query took the path it
is meant to cover; the queries a path must refuse (DISTINCT, FILTER, an aggregate's ORDER
BY, computed result columns) are checked to stay on the general path and still agree.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from rowandb.planner.exec import aggregate, code_cache, fused_aggregate, sort
from rowandb.planner.exec.fast_counts import COUNTS
from rowandb.planner.exec.fused_state import Layout, Region

VALUES = ["NULL", "1", "2", "1.0", "'1'", "'a'", "'A'", "'a '", "'b'", "x'61'", "3", "0",
          "2.5", "-1", "9223372036854775807", "'B '", "-0.0"]
SCHEMA = ["CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT COLLATE NOCASE, "
          "c TEXT COLLATE RTRIM, d REAL, e INTEGER)",
          "CREATE TABLE empty(a, b)"]


@pytest.fixture(scope="module")
def pair():
    rnd = random.Random(2026)
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    script = list(SCHEMA)
    script += [f"INSERT INTO t(a, b, c, d, e) VALUES "
               f"({', '.join(rnd.choice(VALUES) for _ in range(5))})" for _ in range(300)]
    for sql in script:
        rowan.execute(sql)
        sqlite.execute(sql)
    return rowan, sqlite


def _result(con, sql: str):
    try:
        return con.execute(sql).fetchall()
    except rowandb.Error as e:
        return type(e), str(e)


def _same(pair, sql: str, path: str | None):
    """The rows of ``sql`` on both engines (or the error class and message), and that the
    fast path ``path`` ran (or, with None, that neither ran)."""
    rowan, sqlite = pair
    before = dict(COUNTS)
    try:
        got = ("rows", rowan.execute(sql).fetchall())
    except rowandb.Error as e:
        got = ("error", str(e))
    try:
        want = ("rows", list(sqlite.execute(sql)))
    except apsw.Error as e:
        want = ("error", str(e).split(": ", 1)[-1])
    assert got == want, sql
    ran = {k for k in COUNTS if COUNTS[k] != before.get(k, 0)}
    if path is None:
        assert not ran & {"fused_aggregate", "topk"}, sql
    else:
        assert path in ran, sql
    return got


GROUP_TERMS = ["a", "b", "c", "d", "e", "a, b", "b, c", "e % 3", "c COLLATE NOCASE",
               "a COLLATE RTRIM", "length(c)"]
AGGREGATES = ["count(*)", "count(a)", "sum(e)", "sum(d)", "total(a)", "avg(a)", "sum(a)",
              "avg(e)"]
# Beside min()/max() the bare columns come from the row SQLite's hit register picks (ties:
# the first; all NULL: the last), on both paths (exec/aggregate.py, _bare_row).
EXTREMES = ["min(a)", "max(a)", "min(b)", "max(c)", "max(d)", "min(e)"]


@pytest.mark.parametrize("seed", range(8))
def test_fused_group_by_matches_sqlite(pair, seed):
    rnd = random.Random(seed)
    for _ in range(40):
        group = rnd.choice(GROUP_TERMS)
        extreme = rnd.sample(EXTREMES, rnd.randint(0, 1))
        aggs = ", ".join(rnd.sample(AGGREGATES, rnd.randint(1, 3)) + extreme)
        shown = rnd.choice(["", "a, ", "id, c, "]) + group + ", "
        where = rnd.choice(["", " WHERE e > 1", " WHERE a IS NOT NULL", " WHERE id < 0"])
        _same(pair, f"SELECT {shown}{aggs} FROM t{where} GROUP BY {group}",
              "fused_aggregate")


def _equals_the_general_path(rowan, queries, monkeypatch):
    """Each query's answer (or error) on the fused loop and with it turned off."""
    fused = [_result(rowan, q) for q in queries]
    monkeypatch.setattr(aggregate, "FUSE", False)
    before = COUNTS["fused_aggregate"]
    # a trailing space: a text the statement cache has not compiled with the fast path
    assert [_result(rowan, q + " ") for q in queries] == fused
    assert COUNTS["fused_aggregate"] == before


def test_fused_group_by_equals_the_general_path(pair, monkeypatch):
    _equals_the_general_path(pair[0], [
        f"SELECT a, {', '.join(AGGREGATES + EXTREMES)} FROM t GROUP BY {g}"
        for g in GROUP_TERMS], monkeypatch)


@pytest.mark.parametrize("sql", [
    "SELECT a, count(*), sum(b), max(b) FROM empty GROUP BY a",
    "SELECT sum(x), count(*) FROM (SELECT 9223372036854775807 AS x, 1 AS g UNION ALL "
    "SELECT 1, 1) GROUP BY g",                                   # integer overflow
    "SELECT g, sum(x), avg(x) FROM (SELECT 1 AS g, 1e308 AS x UNION ALL SELECT 1, 1e308 "
    "UNION ALL SELECT 1, -1e308) GROUP BY g",
    "SELECT g, max(v), min(v) FROM (SELECT 1 AS g, 1 AS v UNION ALL SELECT 1, 1.0 "
    "UNION ALL SELECT 1, 2.0 UNION ALL SELECT 1, 2 UNION ALL SELECT 1, 0.0 UNION ALL "
    "SELECT 1, 0) GROUP BY g",                                   # the first of equal values
    "SELECT e % 2, min(b), max(b), max(c), min(c) FROM t GROUP BY e % 2",
    "SELECT max(x), y FROM (SELECT 1 AS g, 5 AS x, 'first' AS y UNION ALL SELECT 1, 5, "
    "'second' UNION ALL SELECT 1, 3, 'third') GROUP BY g",     # bare column: first of ties
    "SELECT min(x), y FROM (SELECT 1 AS g, 5 AS x, 'first' AS y UNION ALL SELECT 1, 5, "
    "'second' UNION ALL SELECT 1, 7, 'third') GROUP BY g",
    "SELECT max(id), a, c FROM t GROUP BY b",                    # bare columns beside max
    "SELECT min(id), c, b FROM t GROUP BY e",
    "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 3 ORDER BY 2 DESC, 1 LIMIT 5",
])
def test_fused_group_by_edges(pair, sql):
    _same(pair, sql, "fused_aggregate")


@pytest.mark.parametrize("sql", [
    "SELECT a, count(DISTINCT b) FROM t GROUP BY a",
    "SELECT a, sum(e) FILTER (WHERE e > 1) FROM t GROUP BY a",
    "SELECT a, group_concat(b ORDER BY id DESC) FROM t GROUP BY a",
    "SELECT a, group_concat(b) FROM t GROUP BY a",
    "SELECT count(*), sum(e), max(a) FROM t",
])
def test_other_aggregates_stay_on_the_general_path(pair, sql):
    _same(pair, sql, None)


ORDER_KEYS = ["a", "b", "c", "d", "e", "-id", "b COLLATE BINARY", "c COLLATE NOCASE",
              "a COLLATE RTRIM", "e % 4", "length(b)"]
LIMITS = ["LIMIT 0", "LIMIT 1", "LIMIT 10", "LIMIT 10 OFFSET 5", "LIMIT -1",
          "LIMIT 3 OFFSET 299", "LIMIT 5 OFFSET 400", "LIMIT 300", "LIMIT 301",
          "LIMIT 9223372036854775807 OFFSET 2", "LIMIT 2, 7"]


@pytest.mark.parametrize("seed", range(8))
def test_topk_matches_sqlite_ties_included(pair, seed):
    rnd = random.Random(100 + seed)
    for _ in range(40):
        keys = ", ".join(f"{rnd.choice(ORDER_KEYS)}{rnd.choice(['', ' DESC', ' ASC'])}"
                         f"{rnd.choice(['', '', ' NULLS FIRST', ' NULLS LAST'])}"
                         for _ in range(rnd.choice([1, 1, 1, 2])))
        cols = rnd.choice(["*", "id, a", "c, 7", "b"])
        where = rnd.choice(["", " WHERE e > 1", " WHERE a IS NOT NULL"])
        limit = rnd.choice(LIMITS)
        sql = f"SELECT {cols} FROM t{where} ORDER BY {keys} {limit}"
        _same(pair, sql, None if limit.startswith("LIMIT 0") else "topk")


@pytest.mark.parametrize("sql", [
    "SELECT DISTINCT a FROM t ORDER BY a LIMIT 5",
    "SELECT a + 1, b FROM t ORDER BY b LIMIT 5",
    "SELECT upper(b) FROM t ORDER BY c DESC LIMIT 7 OFFSET 3",
])
def test_topk_refuses_computed_or_distinct_results(pair, sql):
    _same(pair, sql, None)


def test_topk_on_empty_input_and_a_join(pair):
    _same(pair, "SELECT * FROM empty ORDER BY a LIMIT 3", "topk")
    _same(pair, "SELECT t.id, x.id FROM t JOIN t AS x ON x.e = t.e WHERE t.id < 40 "
                "ORDER BY x.c, t.id DESC LIMIT 12", "topk")


def test_topk_equals_the_full_sort(pair, monkeypatch):
    rowan, _ = pair
    queries = [f"SELECT * FROM t ORDER BY {k}{d} {lim}" for k in ORDER_KEYS
               for d in ("", " DESC") for lim in LIMITS]
    fast = [_result(rowan, q) for q in queries]
    monkeypatch.setattr(sort, "TOPK", False)
    before = COUNTS["topk"]
    assert [_result(rowan, q + " ") for q in queries] == fast       # uncached text
    assert COUNTS["topk"] == before


LITERALS = ["1", "1.0", "'1'", "'a'", "'A'", "'a '", "x'61'", "2.5", "-0.0", "'2.5'",
            "9223372036854775807", "' 1'", "NULL"]
OPS = ["=", "<>", "<", "<=", ">", ">=", "==", "!="]


@pytest.mark.parametrize("column", ["a", "b", "c", "d", "e", "id"])
def test_column_against_constant_matches_sqlite(pair, column):
    for literal in LITERALS:
        for op in OPS:
            before = COUNTS["column_constant"]
            for where in (f"{column} {op} {literal}", f"{literal} {op} {column}"):
                _same(pair, f"SELECT id FROM t WHERE {where}", None)
                _same(pair, f"SELECT id, {where} FROM t WHERE id % 7 = 0", None)
            if literal != "NULL" and column != "id":
                assert COUNTS["column_constant"] > before, (column, literal, op)


def test_a_column_constant_comparison_is_made_once_and_shared():
    """``column_constant.KEPT``: a comparison of a column and a literal made of the same
    operator, sides' affinities, column place and constant (its class too) is one
    closure, shared by the statements that write it (its answers are those above);
    anything else is its own, and a float zero is never shared (-0.0 equals it)."""
    from rowandb.planner.exec import expressions
    from rowandb.planner.plan import bound as b

    def made(value, op="lt", collation="BINARY", slot=2, place=1, affinity=None):
        column = b.ColumnRef(slot, place, "a", None)
        e = b.Compare(op, column, b.Literal(value), collation, None, affinity)
        return expressions.ExpressionCompiler(expressions.State(), None).compile(e)
    first = made(5)
    assert made(5) is first and made(5, slot=2, place=1) is first
    others = [made(5.0), made("5"), made(b"5"), made(5, "gt"), made(5, collation="NOCASE"),
              made(5, slot=4), made(5, place=2), made(True), made(0.0), made(-0.0),
              made(5, affinity="TEXT")]
    assert all(other is not first for other in others)
    assert made(0.0) is not made(0.0) and made(1) is not made(True)
    row = [None, 4.5]
    assert [f([None, None, row]) for f in (first, made(5.0), made("5"), made(-0.0))] == \
        [1, 1, 1, 0]


# -- the fused GROUP BY reading its table in place of a walk of an index on its term ------
INDEXES = {
    "plain": ("CREATE INDEX ta ON t(a)", True),
    "nocase": ("CREATE INDEX ta ON t(a COLLATE NOCASE)", False),     # not walked for GROUP BY a
    "desc": ("CREATE INDEX ta ON t(a DESC)", False),
    "two_columns": ("CREATE INDEX ta ON t(a, e)", False),
    "partial": ("CREATE INDEX ta ON t(a) WHERE a IS NOT NULL", False),
}


@pytest.mark.parametrize("name", sorted(INDEXES))
def test_group_by_over_an_index_walk_reads_the_table(pair, name, monkeypatch):
    """``fused_aggregate.table_for_index_walk``: where SQLite walks the index on the GROUP
    BY column (``SCAN t USING INDEX``), RowanDB reads the table in rowid order instead
    when that gives every group the same rows in the same order (a one-column ascending
    index of every row); the groups' order, their first rows (bare columns), the value
    min()/max() keep among equal ones (1 and 1.0), the float sums and the rows beside
    min()/max() match SQLite's and the index walk's."""
    rowan, sqlite = pair
    create, walked = INDEXES[name]
    for con in (rowan, sqlite):
        con.execute(create)
    try:
        for sql in ["SELECT a, count(*), sum(d), total(e), avg(d), max(e), min(a) "
                    "FROM t GROUP BY a",
                    "SELECT a, id, c, d FROM t GROUP BY a",
                    "SELECT a, max(d), sum(d) FROM t GROUP BY a ORDER BY a DESC"]:
            before = COUNTS["fused_table_walk"]
            _same(pair, sql, "fused_aggregate")
            assert (COUNTS["fused_table_walk"] > before) == walked, sql
        beside = ["SELECT max(d), id, a FROM t GROUP BY a", "SELECT min(e), b, c FROM t GROUP BY a"]
        for sql in beside:
            _same(pair, sql, "fused_aggregate")
        table = [_result(rowan, q) for q in beside]
        monkeypatch.setattr(fused_aggregate, "table_for_index_walk", lambda n: n)
        assert [_result(rowan, q + " ") for q in beside] == table
    finally:
        for con in (rowan, sqlite):
            con.execute("DROP INDEX ta")


@pytest.mark.parametrize("term,fast", [
    ("a = 1", True), ("a = 1.0", True), ("1 = a", True), ("a = 9223372036854775807", True),
    ("a = 9.223372036854776e18", True), ("d = 2.5", True), ("d = -0.0", True),
    ("e = '3'", True),                  # INTEGER affinity makes the literal 3
    ("e = 0", True), ("a = 2.5", True),
    ("a = '1'", False), ("b = 1", False),   # text after affinity: the general closure
    ("c = 'a'", False), ("a > 1", False),
])
def test_scan_filtered_by_a_number_matches_sqlite(pair, term, fast):
    """``execute._scan_equal``: a table scan under ``column = number`` tests Python's
    ``==`` inline (stored text, blobs and NULLs never equal a number; integers and reals
    compare exactly on both engines)."""
    before = COUNTS["scan_equal"]
    _same(pair, f"SELECT id, a, d, e FROM t WHERE {term}", None)
    assert (COUNTS["scan_equal"] > before) == fast, term


# -- the fused GROUP BY's direct region: a non-negative INTEGER value is its group's place --
KEYS = ["0", "1", "2", "7", "1023", "1024", "2999", "3000", "5000", "-1", "-7", "1.0", "7.0",
        "2999.0", "3000.0", "-0.0", "0.5", "'7'", "'x'", "NULL", "x'07'", "9223372036854775807",
        "-9223372036854775808", "1e300"]
NUMBERS = ["1", "-3", "2.5", "-0.0", "NULL", "'4'", "'x'", "4503599627370497",
           "-4503599627370497", "9007199254740993", "1e308", "-1e308", "0.1", "7"]


@pytest.fixture(scope="module")
def spread():
    """A table whose GROUP BY values fall in both regions: non-negative integers below
    and above its row count (the direct region's bound for a table scan), integers stored
    as REAL, negatives, text, blobs, NULL, the extremes of INTEGER."""
    rnd = random.Random(77)
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    script = ["CREATE TABLE s(id INTEGER PRIMARY KEY, k, v, w REAL, u INTEGER, x)"]
    script += [f"INSERT INTO s(k, v, w, u, x) VALUES ({rnd.choice(KEYS)}, "
               f"{rnd.choice(NUMBERS)}, {rnd.uniform(-5, 5)}, {rnd.randint(-9, 9)}, "
               f"{rnd.choice(NUMBERS)})" for _ in range(1500)]
    script += [f"INSERT INTO s(k, v, w, u, x) VALUES ({rnd.randint(0, 2999)}, "
               f"{rnd.randint(-5, 5)}, {rnd.uniform(-5, 5)}, {rnd.randint(-9, 9)}, 'b')"
               for _ in range(1500)]
    for sql in script:
        rowan.execute(sql)
        sqlite.execute(sql)
    return rowan, sqlite


SPREAD_QUERIES = [
    "SELECT k, count(*), count(v), sum(u), sum(w), total(v), avg(u), min(v), max(x) "
    "FROM s GROUP BY k",
    "SELECT k, typeof(k), id, x, max(v) FROM s GROUP BY k",       # bare columns beside max
    "SELECT k, id, v, min(w), sum(v) FROM s GROUP BY k",
    "SELECT k, id, count(*) FROM s GROUP BY k",                     # the first row's columns
    "SELECT k, avg(v), total(w), sum(u) FROM s WHERE id % 3 = 0 GROUP BY k",   # not a scan
    "SELECT u, count(*), sum(v), avg(w) FROM s GROUP BY u",       # negatives: both regions
    "SELECT k, count(*), sum(w) FROM s GROUP BY k ORDER BY k DESC",
    "SELECT k, count(*) FROM s GROUP BY k HAVING count(*) > 2 ORDER BY 2, 1 LIMIT 20",
]
# past fused_state._PACK_AT groups in the hashed region: its numbers become an array
HASHED_QUERIES = [
    "SELECT 'g' || (id % 2500) AS t, count(*), sum(w), avg(v), max(v) FROM s GROUP BY t",
    "SELECT k, id % 2500 AS t, count(v), total(w), min(x) FROM s GROUP BY t, k >= 0",
]


@pytest.mark.parametrize("sql", SPREAD_QUERIES)
def test_direct_region_matches_sqlite(spread, sql):
    """``fused_state.Region``: groups kept in flat arrays, a non-negative INTEGER (or a
    REAL equal to one) below the bound found at its own place, every other value in the
    hashed region; 1 and 1.0 and -0.0 and 0 meet in one group whichever comes first, the
    groups come out in SQLite's order, the sums' exact and REAL arithmetic, the bare
    columns and the first rows are SQLite's."""
    before = COUNTS["fused_direct"]
    _same(spread, sql, "fused_aggregate")
    assert COUNTS["fused_direct"] > before, sql


@pytest.mark.parametrize("sql", HASHED_QUERIES)
def test_many_hashed_groups_match_sqlite(spread, sql):
    _same(spread, sql, "fused_aggregate")


def test_direct_region_equals_the_general_path(spread, monkeypatch):
    _equals_the_general_path(spread[0], SPREAD_QUERIES + HASHED_QUERIES, monkeypatch)


@pytest.mark.parametrize("sql", [
    # an exact sum overflowing in one group of the direct region (and one of the hashed)
    "SELECT g, sum(x) FROM (SELECT 5 AS g, 9223372036854775807 AS x UNION ALL "
    "SELECT 5, 1 UNION ALL SELECT 6, 1) GROUP BY g",
    "SELECT g, sum(x) FROM (SELECT 'a' AS g, 9223372036854775807 AS x UNION ALL "
    "SELECT 'a', 1) GROUP BY g",
    # overflow, then a REAL (the error is cleared), total() and avg() never raise
    "SELECT g, sum(x), total(x), avg(x) FROM (SELECT 5 AS g, 9223372036854775807 AS x "
    "UNION ALL SELECT 5, 1 UNION ALL SELECT 5, 0.5 UNION ALL SELECT 5, 2) GROUP BY g",
    "SELECT g, total(x), avg(x) FROM (SELECT 5 AS g, 9223372036854775807 AS x UNION ALL "
    "SELECT 5, 1) GROUP BY g",
    # a large exact part (past 2**52) turned REAL, text that reads as a number
    "SELECT g, sum(x), avg(x) FROM (SELECT 2 AS g, 4503599627370497 AS x UNION ALL "
    "SELECT 2, 0.5 UNION ALL SELECT 2, '3' UNION ALL SELECT 2, '1.5') GROUP BY g",
    "SELECT g, count(x), sum(x), min(x), max(x) FROM (SELECT 1 AS g, NULL AS x UNION ALL "
    "SELECT 1.0, NULL UNION ALL SELECT 0, NULL UNION ALL SELECT -0.0, 3) GROUP BY g",
    "SELECT g, sum(x) FROM (SELECT 3 AS g, 1e308 AS x UNION ALL SELECT 3, 1e308 "
    "UNION ALL SELECT 3, -1e308) GROUP BY g",
])
def test_direct_region_sums_match_sqlite(pair, sql):
    _same(pair, sql, "fused_aggregate")


@pytest.fixture(scope="module")
def far_rowids():
    """A table whose rowids reach both ends of the 64-bit range, with GROUP BY values in
    the direct region (non-negative integers below its row count) and past 2,048 groups
    (``fused_state._PACK_AT``)."""
    rnd = random.Random(91)
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    ids = {-9223372036854775808, 9223372036854775807, -1, 0, 1}
    while len(ids) < 3000:
        ids.add(rnd.randint(-(1 << 63), (1 << 63) - 1))
    script = ["CREATE TABLE r(id INTEGER PRIMARY KEY, k INTEGER, v)"]
    script += [f"INSERT INTO r VALUES ({i}, {rnd.randint(0, 2500)}, "
               f"{rnd.choice(['NULL', '1', '2.5', chr(39) + 'x' + chr(39), '-3'])})"
               for i in sorted(ids, key=lambda _: rnd.random())]
    for sql in script:
        rowan.execute(sql)
        sqlite.execute(sql)
    return rowan, sqlite


@pytest.mark.parametrize("sql", [
    "SELECT k, id, max(v) FROM r GROUP BY k",          # the snapshot's rowid, in place
    "SELECT k, rowid, v, min(v), count(*) FROM r GROUP BY k",
    "SELECT k, id, count(*) FROM r GROUP BY k ORDER BY k DESC",
])
def test_a_snapshots_rowid_is_kept_packed_at_any_value(far_rowids, sql):
    """The bare-column snapshot of a table read in place keeps its rowid packed
    (``Region.si``, an ``array('q')``: no int object per group for the collector to walk)
    -- the rowids at both ends of the 64-bit range come back exactly, as SQLite's."""
    assert type(Region(Layout([], {})).si).__name__ == "array"
    before = COUNTS["fused_direct"]
    _same(far_rowids, sql, "fused_aggregate")
    assert COUNTS["fused_direct"] > before, sql


def test_one_loop_shape_is_compiled_once(pair, monkeypatch):
    """The generated loop's code is kept by its source (``code_cache.compiled``):
    queries of one shape over other tables, columns' values and WHERE terms compile it
    once, and each still answers as SQLite does (the scope, not the code, holds what the
    statement reads)."""
    compiled = []

    def counting(*args, **kwargs):
        compiled.append(args[0])
        return compile(*args, **kwargs)
    monkeypatch.setattr(code_cache, "compile", counting, raising=False)
    monkeypatch.setattr(code_cache, "_CODES", {})
    rowan, sqlite = pair
    for sql in ["CREATE TABLE u(id INTEGER PRIMARY KEY, a, b TEXT COLLATE NOCASE, "
                "c TEXT COLLATE RTRIM, d REAL, e INTEGER)",
                "INSERT INTO u(a, b, c, d, e) SELECT e, c, b, a, d FROM t"]:
        rowan.execute(sql)
        sqlite.execute(sql)
    shapes = ["SELECT a, count(*), sum(e), max(d) FROM {} {} GROUP BY a",
              "SELECT b, min(c), avg(e) FROM {} {} GROUP BY b, e % 3"]
    for shape in shapes:
        for table in ("t", "u"):
            for where in ("", "WHERE e > 1", "WHERE d < 2.5"):
                _same(pair, shape.format(table, where), "fused_aggregate")
    assert len(compiled) == len(set(compiled)) < 12    # (a WHERE reads rows apart)


def test_a_loop_source_kept_by_its_shape_is_the_one_written(pair, monkeypatch):
    """``fused_aggregate._loop_source`` keeps a loop's text by the node's shape: over
    generated GROUP BY queries (each answering as SQLite does) every kept text is the one
    ``_in_place`` writes for that node, and the kept ones served most queries."""
    written = []
    original = fused_aggregate._in_place

    def writing(*args):
        written.append(args)
        return original(*args)
    real = fused_aggregate._loop_source

    def checked(n, extreme, single_binary, walked):
        source = real(n, extreme, single_binary, walked)
        assert source == original(n, extreme, single_binary, walked)
        return source
    monkeypatch.setattr(fused_aggregate, "_SOURCES", {})
    monkeypatch.setattr(fused_aggregate, "_in_place", writing)
    monkeypatch.setattr(fused_aggregate, "_loop_source", checked)
    rnd, queries = random.Random(77), 0
    calls = {g: ", ".join(rnd.sample(AGGREGATES, 2) + rnd.sample(EXTREMES, rnd.randint(0, 1)))
             for g in GROUP_TERMS}
    for shown in ("", "a, ", "id, c, "):
        for group, aggs in calls.items():
            for where in ("", " WHERE e > 1", " WHERE e < 0"):
                _same(pair, f"SELECT {shown}{group}, {aggs} FROM t{where} GROUP BY {group}",
                      "fused_aggregate")
                queries += 1
    assert len(written) < queries // 2
