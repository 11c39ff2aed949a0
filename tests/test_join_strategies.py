"""Join strategies (hash join, replayed and memoized inner sides) and set-based IN lists.

These are speed-ups that must not change a single result. Random joins over values of every
storage class and collation run twice in RowanDB — with the strategies and as plain nested
loops with item-by-item IN lists — and must give the same rows in the same order; curated
queries run on RowanDB and on SQLite (apsw) and must agree. The plan tests show that each
strategy is really chosen, and the counting tests that the inner side really runs once.
"""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from rowandb.planner.exec import execute, expressions, join as join_run
from rowandb.planner import optimizer

VALUES = ["NULL", "1", "2", "1.0", "'1'", "'a'", "'A'", "'b '", "x'61'", "3", "-0.0", "0",
          "2.5", "'2'", "' 3'"]
DECLS = ["INTEGER", "TEXT", "", "REAL", "NUMERIC", "TEXT COLLATE NOCASE", "BLOB"]


def _pair(seed: int):
    """The same random schema and data in RowanDB and SQLite."""
    rnd = random.Random(seed)
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    tables = []
    for t in range(4):
        cols = [f"c{t}{i}" for i in range(3)]
        decls = [rnd.choice(DECLS) for _ in cols]
        statements = [f"CREATE TABLE t{t}(id INTEGER PRIMARY KEY, "
                      + ", ".join(f"{c} {d}" for c, d in zip(cols, decls)) + ")"]
        if rnd.random() < 0.5:
            statements.append(f"CREATE INDEX i{t} ON t{t}({rnd.choice(cols)})")
        for _ in range(rnd.randint(0, 8)):
            statements.append(f"INSERT INTO t{t}({', '.join(cols)}) VALUES "
                              f"({', '.join(rnd.choice(VALUES) for _ in cols)})")
        for sql in statements:
            rowan.execute(sql)
            sqlite.execute(sql)
        tables.append(cols + ["id"])
    return rnd, rowan, sqlite, tables


def _query(rnd: random.Random, tables) -> str:
    chosen = rnd.sample(range(4), rnd.randint(2, 4))

    def col(among):
        t = rnd.choice(among)
        return f"t{t}.{rnd.choice(tables[t])}"

    conds = []
    for _ in range(rnd.randint(1, 4)):
        kind = rnd.random()
        if kind < 0.55:
            a, b = rnd.sample(chosen, 2)
            collate = rnd.choice(["", "", " COLLATE NOCASE", " COLLATE RTRIM"])
            conds.append(f"{col([a])}{collate} = {col([b])}")
        elif kind < 0.7:
            conds.append(f"{col(chosen)} {rnd.choice(['=', '<', '>=', '<>'])} {rnd.choice(VALUES)}")
        elif kind < 0.85:
            conds.append(f"{col(chosen)} IN ({', '.join(rnd.sample(VALUES, 3))})")
        else:
            a, b = rnd.sample(chosen, 2)
            conds.append(f"({col([a])} = {col([b])} OR {col([a])} IS NULL)")
    if rnd.random() < 0.25:
        source = (f"t{chosen[0]} LEFT JOIN t{chosen[1]} ON {conds[0]}"
                  + "".join(f", t{t}" for t in chosen[2:]))
        conds = conds[1:]
    else:
        source = ", ".join(f"t{t}" for t in chosen)
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    return f"SELECT {', '.join(col(chosen) for _ in range(3))} FROM {source}{where}"


def _results(conn, sql: str):
    try:
        return [repr(tuple(r)) for r in conn.execute(sql).fetchall()]
    except rowandb.Error as exc:
        return f"{type(exc).__name__}: {exc}"


def _plain_strategies(monkeypatch) -> None:
    monkeypatch.setattr(join_run, "REPLAY", False)
    monkeypatch.setattr(expressions, "HASHED_IN_LISTS", False)
    monkeypatch.setattr(optimizer, "RULES", tuple(r for r in optimizer.RULES
                                                  if r.__name__ != "hash_join"))


@pytest.mark.parametrize("seed", range(12))
def test_random_joins_match_plain_nested_loops(seed, monkeypatch):
    rnd, rowan, _, tables = _pair(seed)
    queries = [_query(rnd, tables) for _ in range(40)]
    fast = [_results(rowan, sql) for sql in queries]
    _plain_strategies(monkeypatch)
    _, plain, _, _ = _pair(seed)        # the same data; its plans are made without them
    for sql, expected in zip(queries, fast):
        assert _results(plain, sql) == expected, sql


def test_random_joins_exercise_every_strategy(monkeypatch):
    used = {"hash": 0, "replayed": 0}
    hash_join, replayed = join_run.compile_hash_join, join_run._memo

    def counting_hash_join(*args):
        used["hash"] += 1
        return hash_join(*args)

    def counting_replayed(*args):
        used["replayed"] += 1
        return replayed(*args)
    monkeypatch.setattr(execute, "compile_hash_join", counting_hash_join)   # the name it calls
    monkeypatch.setattr(join_run, "_memo", counting_replayed)    # every replayed side's
    rnd, rowan, _, tables = _pair(1)
    for _ in range(40):
        _results(rowan, _query(rnd, tables))
    assert used["hash"] >= 5 and used["replayed"] >= 5


@pytest.fixture
def shop():
    rowan = rowandb.connect(":memory:", isolation_level=None)
    sqlite = apsw.Connection(":memory:")
    script = [
        "CREATE TABLE a(k INTEGER, v TEXT)",
        "CREATE TABLE b(k TEXT COLLATE NOCASE, w REAL)",
        "CREATE TABLE c(x, y INTEGER)",
        "CREATE INDEX c_y ON c(y)",
    ]
    rnd = random.Random(7)
    for i in range(60):
        script.append(f"INSERT INTO a VALUES ({rnd.choice(['NULL', i % 9, repr(str(i % 9))])}, "
                      f"'{rnd.choice('aAbB')}')")
        key = rnd.choice(["NULL", repr(str(i % 7)), "'A'", "'a'"])
        script.append(f"INSERT INTO b VALUES ({key}, {i / 4})")
        script.append(f"INSERT INTO c VALUES ({rnd.choice(['NULL', i % 5, repr(str(i % 5)), 1.0])}"
                      f", {i % 6})")
    for sql in script:
        rowan.execute(sql)
        sqlite.execute(sql)
    return rowan, sqlite


def _plan(conn, sql: str) -> str:
    return "\n".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall())


ORDERED = [
    # hash join on a TEXT/INTEGER comparison: the text side converts to a number
    "SELECT a.rowid, b.rowid FROM a, b WHERE a.k = b.k ORDER BY 1, 2",
    # hash join under NOCASE (b.k's collation) and a residual non-equality
    "SELECT a.v, b.k, b.w FROM a, b WHERE b.k = a.v AND b.w > a.k ORDER BY 1, 2, 3",
    # two hash keys and a local filter on the hashed side
    "SELECT a.rowid, c.rowid FROM a, c WHERE c.x = a.k AND c.y + 0 = a.k AND c.y > 1 ORDER BY 1, 2",
    # no affinity on c.x: 1 and 1.0 and '1' hash apart exactly as they compare
    "SELECT c1.rowid, c2.rowid FROM c AS c1, c AS c2 WHERE c1.x = c2.x ORDER BY 1, 2",
    # an inner side through an index driven by a cross product: memoized lookups
    "SELECT a.rowid, b.rowid, c.rowid FROM a, b, c WHERE c.y = a.k AND b.w < 2 ORDER BY 1, 2, 3",
    # an independent inner side under a LEFT JOIN: replayed, NULL rows where nothing matches
    "SELECT a.rowid, c.rowid FROM a LEFT JOIN c ON c.y = 3 AND a.k = 2 ORDER BY 1, 2",
    # correlated subquery whose inner join reads the outer row
    "SELECT a.rowid, (SELECT count(*) FROM b, c WHERE b.w = c.y AND c.x = a.k) FROM a ORDER BY 1",
    # IN lists: constants, a parameter-free mix with a column, NULL among the items
    "SELECT rowid FROM a WHERE k IN (1, '2', 3.0, NULL) ORDER BY 1",
    "SELECT rowid FROM a WHERE k NOT IN (1, '2', v) ORDER BY 1",
    "SELECT rowid, v IN ('a', 'B') FROM a ORDER BY 1",
    "SELECT rowid FROM b WHERE k IN ('a', 'B', 3) ORDER BY 1",
]


@pytest.mark.parametrize("sql", ORDERED)
def test_strategies_match_sqlite_in_order(shop, sql):
    rowan, sqlite = shop
    assert rowan.execute(sql).fetchall() == [tuple(r) for r in sqlite.execute(sql)]


def test_equality_join_without_index_becomes_a_hash_join(shop):
    rowan, _ = shop
    plan = _plan(rowan, "SELECT a.v, b.w FROM a, b WHERE a.k = b.k")
    assert "HASH JOIN ON b.k=a.k" in plan       # SQLite's order: SCAN b, then a by its k
    assert plan.index("SCAN b") < plan.index("SCAN a")
    assert "NESTED LOOP" not in plan


def test_index_lookup_stays_a_nested_loop(shop):
    rowan, _ = shop
    plan = _plan(rowan, "SELECT a.v, c.x FROM a, c WHERE c.y = a.k")
    assert "HASH JOIN" not in plan
    assert "SEARCH c USING INDEX c_y (y=?)" in plan


def test_right_side_calling_random_is_hashed_and_tested_on_the_rows_found(shop):
    rowan, _ = shop
    # b is the inner loop in SQLite's order (SEARCH a ... SEARCH b USING AUTOMATIC INDEX),
    # which tests random()'s term on the rows the key finds: above the HashJoin here
    sql = "SELECT a.v, b.w FROM a, b WHERE a.rowid > 0 AND b.k = a.v AND b.w > random()"
    plan = _plan(rowan, sql)
    assert "FILTER (b.w > random())\nHASH JOIN ON a.v=b.k" in plan
    assert plan.index("SEARCH a") < plan.index("SCAN b")


def test_left_join_whose_equality_converts_the_column_is_not_hashed(shop):
    rowan, _ = shop
    # a.k = b.k applies INTEGER affinity to the TEXT column b.k: no index can serve it,
    # so SQLite scans b for every row of a, and RowanDB loops
    plan = _plan(rowan, "SELECT a.v, b.w FROM a LEFT JOIN b ON a.k = b.k")
    assert "HASH JOIN" not in plan


# SQLite reaches the right table of a LEFT JOIN through an automatic index when the ON
# has an equality on one of its columns that no real index serves: RowanDB hashes it, and
# like SQLite computes the key for every left row (even with nothing hashed), builds the
# index from the rows passing the ON's terms on that table alone, and tests the other
# terms on the rows the key finds. An ON term that fails (``BAD``) shows which ran.
BAD = "abs(-9223372036854775807 - 1)"
LEFT_SETUP = ["CREATE TABLE t2(c1 INT, c2 INT)",
              "INSERT INTO t2 VALUES (0, 1), (0, 2), (1, 1), (NULL, 5)",
              "CREATE TABLE t3(c1, c2)", "CREATE TABLE t4(c1, c2)",
              "INSERT INTO t4 VALUES (0, 5), (0, 6), (1, 5), (NULL, 5), ('0', 7)",
              "CREATE TABLE t5(c1 TEXT COLLATE NOCASE, c2)",
              "INSERT INTO t5 VALUES ('a', 1), ('A', 2), ('b', 3)",
              "CREATE TABLE one(k INTEGER PRIMARY KEY, v)", "INSERT INTO one VALUES (1, 'a')"]
LEFT_QUERIES = [
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 = t2.c1 + 0",
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 = t2.c1 + 0 AND t4.c2 = t2.c2 + 4",
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 = t2.c1 + 0 AND t4.c2 > 5",
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 = t2.c1 + 0 AND t4.c2 > t2.c2",
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 IS t2.c1 + 0",
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 = 0",
    "SELECT * FROM t2 LEFT JOIN t4 ON t4.c1 = t2.c1 + 0 WHERE t4.c2 IS NULL",
    "SELECT * FROM t2 LEFT JOIN t5 ON t5.c1 = 'A' || ''",
    "SELECT * FROM t2 LEFT JOIN t5 ON t5.c1 = t2.c2",
    "SELECT * FROM one LEFT JOIN t4 ON t4.c1 = one.k - 1 WHERE one.k = 1",
    f"SELECT NULL FROM t2 LEFT JOIN t3 ON t3.c1 == t2.c1 + {BAD}",
    "SELECT NULL FROM t2 LEFT JOIN t3 ON t3.c1 == json_array_insert('*', 1, NULL)",
    f"SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c2 == 7 AND t4.c1 == t2.c1 + {BAD}",
    f"SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c2 == 9 AND {BAD}",
    f"SELECT NULL FROM t2 LEFT JOIN t4 ON {BAD} AND t4.c2 == 9",
    "SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c1 == t2.c1 + 5 AND abs(t4.c2 - 9223372036854775807 - 6)",
    "SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c1 == 9 AND abs(t4.c2 - 9223372036854775807 - 6)",
    f"SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c1 == t2.c1 + 7 AND {BAD}",
    f"SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c1 == t2.c1 + 0 AND t4.c2 = 6 AND {BAD}",
    f"SELECT NULL FROM t2 LEFT JOIN t4 ON t4.c1 == t2.c1 AND {BAD}",
    f"SELECT NULL FROM t2 LEFT JOIN t4 NOT INDEXED ON t4.c1 == t2.c1 + 7 AND {BAD}",
]


def test_left_join_through_an_automatic_index_is_sqlites():
    from oracle import assert_same
    assert_same(LEFT_SETUP, LEFT_QUERIES)
    rowan = rowandb.connect(":memory:")
    for sql in LEFT_SETUP:
        rowan.execute(sql)
    assert "LEFT HASH JOIN" in _plan(rowan, LEFT_QUERIES[0])
    assert "LEFT HASH JOIN" not in _plan(rowan, LEFT_QUERIES[9])     # one left row


def _count_runs(monkeypatch):
    """Record the table name each time a compiled table scan starts."""
    runs = []
    original = execute._table_rows

    def counting(store, table, *reverse):
        runs.append(table.name)
        return original(store, table, *reverse)
    monkeypatch.setattr(execute, "_table_rows", counting)
    return runs


def test_independent_inner_side_runs_once(shop, monkeypatch):
    rowan, sqlite = shop
    runs = _count_runs(monkeypatch)
    sql = "SELECT a.rowid, b.rowid FROM a, b WHERE b.w < 3 ORDER BY 1, 2"
    assert rowan.execute(sql).fetchall() == [tuple(r) for r in sqlite.execute(sql)]
    assert runs.count("b") == 1 and runs.count("a") == 1


def test_hash_join_builds_once(shop, monkeypatch):
    rowan, _ = shop
    runs = _count_runs(monkeypatch)
    rows = rowan.execute("SELECT a.rowid, b.rowid FROM a, b WHERE a.k = b.k").fetchall()
    assert rows and runs.count("b") == 1


def test_random_calls_are_not_replayed(shop, monkeypatch):
    rowan, _ = shop
    runs = _count_runs(monkeypatch)
    sql = "SELECT a.rowid FROM a, b WHERE a.rowid > 0 AND b.k = a.v AND b.w > random()"
    assert _plan(rowan, sql).index("SEARCH a") < _plan(rowan, sql).index("SCAN b")
    runs.clear()
    rowan.execute(sql).fetchall()
    # b is read once, as SQLite fills its automatic index once; random()'s term is not
    # in what is hashed but tested on each pair the key finds (test_volatile_join_key.py
    # counts the calls against SQLite's)
    assert runs.count("b") == 1
    assert "FILTER (b.w > random())\nHASH JOIN" in _plan(rowan, sql)


def test_memoized_lookups_stop_keeping_past_the_limit(shop, monkeypatch):
    rowan, sqlite = shop
    monkeypatch.setattr(join_run, "MEMO_LIMIT", 5)
    sql = "SELECT a.rowid, b.rowid, c.rowid FROM a, b, c WHERE c.y = a.k AND b.w < 2 ORDER BY 1, 2, 3"
    assert rowan.execute(sql).fetchall() == [tuple(r) for r in sqlite.execute(sql)]


def test_memo_tells_apart_values_python_calls_equal(monkeypatch):
    """1, 1.0 and True-like values, 0.0 and -0.0 are equal in Python but convert to
    different text: lookups memoized on them must not be shared."""
    script = ["CREATE TABLE l(x)", "CREATE TABLE r(t TEXT)", "CREATE INDEX r_t ON r(t)",
              "INSERT INTO l VALUES (1), (1.0), ('1'), (0.0), (-0.0), (0), (1), (1.0)",
              "INSERT INTO r VALUES ('1'), ('1.0'), ('0'), ('0.0'), ('-0.0')"]
    sql = "SELECT l.rowid, r.rowid FROM l, r WHERE r.t = l.x + 0"      # TEXT applies to l.x + 0

    def run():
        conn = rowandb.connect(":memory:", isolation_level=None)
        for statement in script:
            conn.execute(statement)
        assert "SEARCH r USING COVERING INDEX r_t" in _plan(conn, sql)
        return conn.execute(sql).fetchall()
    fast = run()
    _plain_strategies(monkeypatch)
    assert fast == run()
    assert len(fast) >= 6
