"""Common table expressions (WITH), differential against SQLite through apsw.

Scenario groups pin down sqlite.org/lang_with.html: where a WITH clause may stand (SELECT,
VALUES, INSERT, REPLACE, UPDATE, DELETE, subqueries, an INSERT's query), how names are
scoped and shadow tables, the columns' names, affinities and collations, MATERIALIZED and
NOT MATERIALIZED, recursive tables run with SQLite's queue (UNION and UNION ALL, several
setup and recursive SELECTs, ORDER BY as the queue's order, LIMIT and OFFSET stopping the
recursion) and every error SQLite gives for misuse. Each statement runs on a fresh pair of
engines with the same tables and must give the same rows (storage class and bytes) or the
same error class and message (``oracle.assert_same``). A hypothesis test draws recursive
queries with random steps, operators, orders and limits. The tests at the end check what
SQLite cannot show: the planner's choice between inlining and materializing, streaming
(an endless recursion read with LIMIT ends; depth costs no Python stack) and that a DML
statement whose common table fails changes nothing.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oracle import assert_same, pair, run
from test_differential import props

SETUP = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL)",
    "INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', 2.5), (3, 'three', NULL), (4, 'four', 4)",
    "CREATE TABLE u(x INTEGER, y TEXT COLLATE NOCASE)",
    "CREATE INDEX u_x ON u(x)",
    "INSERT INTO u VALUES (1, 'A'), (2, 'b'), (2, 'B'), (4, 'c'), (NULL, 'd')",
    "CREATE TABLE edge(src INTEGER, dst INTEGER)",
    "INSERT INTO edge VALUES (1, 2), (2, 3), (3, 1), (2, 4), (4, 5), (6, 7)",
]
R3 = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3)"

SCENARIOS = {
    "names, scoping and shadowing": [
        "WITH c AS (SELECT 1) SELECT * FROM c",
        "WITH c AS (SELECT 1) SELECT 1",
        "WITH c(n, name) AS (SELECT a, b FROM t) SELECT n, name FROM c ORDER BY n",
        "WITH c AS (SELECT a, b FROM t) SELECT c.b FROM c WHERE c.a = 2",
        "WITH t AS (SELECT 5 AS z) SELECT * FROM t",
        "WITH t AS (SELECT 5 AS z) SELECT * FROM main.t ORDER BY a",
        "WITH c AS (SELECT 1 AS a) SELECT * FROM main.c",
        "WITH c AS (SELECT 1 AS x) SELECT (WITH c AS (SELECT 2 AS x) SELECT x FROM c) "
        "+ (SELECT x FROM c)",
        "WITH c AS (SELECT 1 AS x) SELECT * FROM (WITH d AS (SELECT x + 1 AS y FROM c) "
        "SELECT * FROM d)",
        "WITH a AS (SELECT * FROM b), b AS (SELECT 7 AS v) SELECT * FROM a",
        "WITH \"x y\" AS (SELECT 1 AS \"a b\") SELECT \"a b\" FROM \"x y\"",
        "WITH [x] AS (SELECT 1 AS [a]) SELECT a FROM x",
        "WITH C AS (SELECT 1 AS v) SELECT * FROM c",
        "WITH c AS (SELECT 1) SELECT * FROM t AS c ORDER BY a",
        "WITH c AS (SELECT 9 AS a) SELECT c.a, t.a FROM t, c ORDER BY t.a",
        "WITH c AS (SELECT 9 AS a) SELECT a FROM t, c",
        "WITH c AS (SELECT a FROM t) SELECT * FROM c WHERE a = (SELECT max(a) FROM c)",
        "SELECT * FROM t WHERE a IN (WITH c AS (SELECT 2) SELECT * FROM c)",
        "SELECT (WITH c(x) AS (VALUES (t.a)) SELECT x * 10 FROM c) FROM t ORDER BY a",
        "SELECT * FROM (WITH c AS (SELECT 1 AS x) SELECT x FROM c) AS s, "
        "(WITH c AS (SELECT 2 AS x) SELECT x FROM c) AS r",
        "SELECT 1 WHERE EXISTS (WITH c AS (SELECT 1) SELECT * FROM c)",
        "WITH c AS (SELECT 1 AS x) SELECT x FROM c UNION ALL SELECT x + 1 FROM c "
        "ORDER BY 1 DESC LIMIT 1",
        "WITH c AS (SELECT 1) VALUES (1), (2)",
        "WITH c AS (SELECT 3) VALUES ((SELECT * FROM c))",
        "WITH c AS (SELECT 1 AS a) SELECT * FROM c NOT INDEXED",
        "WITH c AS (SELECT * FROM nosuch) SELECT 1",
    ],
    "column names, affinities and collations": [
        "WITH c AS (SELECT 1 AS a, 2 AS a, 3 AS \"a:1\") SELECT * FROM c",
        "WITH c AS (SELECT true, false) SELECT * FROM c",
        "WITH c(a, a) AS (SELECT 1, 2) SELECT * FROM c",
        "WITH c AS (VALUES (1, 'a'), (2, 'b')) SELECT column1, column2 FROM c",
        "WITH c AS (SELECT a + 1, upper(b) FROM t) SELECT * FROM c ORDER BY 1",
        "WITH c(x) AS (SELECT y FROM u) SELECT x FROM c WHERE x = 'a'",
        "WITH c AS (SELECT y FROM u) SELECT y FROM c ORDER BY y, rowid",
        "WITH c AS (SELECT '1' AS s FROM t) SELECT s = 1 FROM c",
        "WITH c AS (SELECT CAST(a AS TEXT) AS s FROM t) SELECT s = 1, typeof(s) FROM c",
        "WITH c AS (SELECT c AS r FROM t) SELECT r = '1.5', typeof(r) FROM c",
        "WITH c AS (SELECT a FROM t UNION ALL SELECT 'x') SELECT a, typeof(a), a = '1' FROM c",
        "WITH c AS (SELECT b FROM t UNION ALL SELECT 5) SELECT b = 5 FROM c",
        "WITH c AS (SELECT a, b FROM t ORDER BY a DESC LIMIT 2) SELECT * FROM c WHERE a > 2",
        "WITH c AS (SELECT b, count(*) AS n FROM t GROUP BY b) SELECT * FROM c WHERE n > 0 "
        "ORDER BY b",
        "WITH c AS (SELECT DISTINCT x FROM u) SELECT * FROM c WHERE x > 1 ORDER BY x",
    ],
    "materialized, inlined, referenced several times": [
        "WITH c AS MATERIALIZED (SELECT a, b FROM t) SELECT * FROM c WHERE a = 2",
        "WITH c AS NOT MATERIALIZED (SELECT a, b FROM t) SELECT x.a, y.b FROM c x, c y "
        "WHERE x.a = y.a ORDER BY 1",
        "WITH c AS (SELECT a FROM t GROUP BY a) SELECT x.a, y.a FROM c x JOIN c y "
        "ON x.a + 1 = y.a ORDER BY 1",
        "WITH c AS (SELECT random() AS r) SELECT x.r = y.r FROM c x, c y",
        "WITH c AS MATERIALIZED (SELECT x FROM u WHERE x > 1) SELECT count(*) FROM c, c AS d",
        "WITH c AS (SELECT a FROM t) SELECT count(*) FROM c LEFT JOIN c AS d ON d.a = c.a + 1",
    ],
    "recursive tables": [
        f"{R3} SELECT * FROM c",
        "WITH c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) SELECT * FROM c",
        "WITH RECURSIVE c AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM c WHERE n < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (VALUES (1), (5) UNION ALL SELECT x + 1 FROM c WHERE x % 5 < 2) "
        "SELECT * FROM c",
        f"{R3} SELECT * FROM c a, c b",
        f"{R3} SELECT * FROM c a JOIN c b ON a.n = b.n + 1",
        f"{R3} SELECT * FROM c NATURAL JOIN c AS d",
        f"{R3}, d AS (SELECT * FROM c) SELECT * FROM d, c",
        f"{R3} SELECT (SELECT group_concat(n) FROM c)",
        f"{R3} SELECT * FROM t WHERE a IN c",
        f"SELECT * FROM ({R3} SELECT * FROM c)",
        f"{R3} SELECT * FROM c WHERE n = 2",
        f"{R3} SELECT n FROM c ORDER BY n DESC",
        "WITH RECURSIVE a(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM a WHERE x < 3), "
        "b(y) AS (SELECT x FROM a UNION ALL SELECT y * 10 FROM b WHERE y < 100) SELECT * FROM b",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3 "
        "UNION ALL SELECT x + 10 FROM c WHERE x < 3) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LEFT JOIN t ON a = x "
        "WHERE x < 5) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM t JOIN c ON a = x "
        "WHERE x < 5) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT DISTINCT x + 1 FROM c WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT (x + 1) % 4 FROM c) SELECT * FROM c",
        "WITH RECURSIVE c(y) AS (SELECT 'a' UNION SELECT 'A' FROM c) SELECT * FROM c",
        "WITH RECURSIVE c(y) AS (SELECT y FROM u WHERE x = 1 UNION SELECT 'a' FROM c) "
        "SELECT * FROM c",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT dst FROM edge, r WHERE src = n) "
        "SELECT n FROM r",
        "WITH RECURSIVE r(n, d) AS (SELECT 1, 0 UNION ALL SELECT dst, d + 1 FROM edge JOIN r "
        "ON src = n WHERE d < 4) SELECT * FROM r",
        "WITH RECURSIVE c(x) AS (SELECT '1' UNION ALL SELECT x + 1 FROM c WHERE x < 3) "
        "SELECT x, typeof(x) FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) "
        "SELECT count(*), sum(x) FROM c",
    ],
    "queue order, LIMIT and OFFSET": [
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5 "
        "ORDER BY 1 DESC) SELECT * FROM c",
        "WITH RECURSIVE c(n, s) AS (SELECT 1, 'a' UNION ALL SELECT n + 1, s || 'b' FROM c "
        "WHERE n < 4 ORDER BY 2 DESC) SELECT * FROM c",
        "WITH RECURSIVE c(n, p) AS (SELECT 1, '' UNION ALL SELECT n * 2, p || 'L' FROM c "
        "WHERE n < 8 UNION ALL SELECT n * 2 + 1, p || 'R' FROM c WHERE n < 8 ORDER BY 2) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(n, p) AS (SELECT 1, '' UNION ALL SELECT n * 2, p || 'L' FROM c "
        "WHERE n < 8 UNION ALL SELECT n * 2 + 1, p || 'R' FROM c WHERE n < 8 "
        "ORDER BY length(p) DESC) SELECT * FROM c",
        "WITH RECURSIVE c(x, y) AS (SELECT 1, NULL UNION ALL SELECT x + 1, CASE WHEN x % 2 "
        "THEN x END FROM c WHERE x < 6 ORDER BY 2 NULLS LAST, 1) SELECT * FROM c",
        "WITH RECURSIVE c(y) AS (SELECT 'b' UNION ALL SELECT 'A' FROM c WHERE y = 'b' "
        "UNION ALL SELECT 'a' FROM c WHERE y = 'b' ORDER BY 1 COLLATE NOCASE) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 5) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 3 OFFSET 4) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 2, 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3 "
        "LIMIT (SELECT 2)) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 0) "
        "SELECT count(*) FROM c",
        "WITH RECURSIVE c(n) AS (SELECT abs(-9223372036854775807 - 1) UNION ALL "
        "SELECT n FROM c LIMIT 0) SELECT count(*) FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
        "SELECT n FROM c LIMIT 4",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
        "SELECT n FROM c WHERE n % 7 = 0 LIMIT 2",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
        "SELECT EXISTS (SELECT 1 FROM c WHERE n = 50)",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
        "SELECT (SELECT n FROM c WHERE n > 10 LIMIT 1)",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n * 2 FROM c) "
        "SELECT n FROM c LIMIT 70",
    ],
    "DML": [
        "WITH c AS (SELECT 2 AS k) DELETE FROM u WHERE x IN (SELECT k FROM c)",
        "SELECT * FROM u ORDER BY rowid",
        "WITH c AS (SELECT 1 AS k) UPDATE u SET y = 'z' WHERE x = (SELECT k FROM c) RETURNING *",
        "WITH c(a, b) AS (VALUES (10, 'ten')) INSERT INTO t(a, b) SELECT a, b FROM c "
        "RETURNING a, b",
        "INSERT INTO t(a, b) WITH c(a, b) AS (VALUES (11, 'eleven')) SELECT a, b FROM c",
        "REPLACE INTO t(a, b) WITH c(a, b) AS (VALUES (11, 'ELEVEN')) SELECT a, b FROM c",
        "WITH c AS (SELECT 1) INSERT INTO t(a, b) VALUES (12, 'twelve')",
        "WITH c AS (SELECT 13 AS v) INSERT INTO t(a, b) VALUES ((SELECT v FROM c), 'x')",
        "WITH c AS (SELECT 14 AS v) INSERT INTO t(a, b) VALUES "
        "((WITH d AS (SELECT v FROM c) SELECT v FROM d), 'x')",
        "WITH c AS (SELECT 1) UPDATE OR IGNORE t SET a = 1 WHERE a = 2",
        "WITH c AS (SELECT 1) REPLACE INTO t(a, b) VALUES (12, 'TWELVE')",
        "WITH t AS (SELECT 1) UPDATE t SET b = 'q' WHERE a = 1",
        "WITH t AS (SELECT 1) DELETE FROM t WHERE a = 14",
        "WITH t AS (SELECT 1 AS v) INSERT INTO t(a, b) SELECT 15, v FROM t",
        f"{R3} INSERT INTO t(a, b) SELECT n + 20, 'r' || n FROM c",
        f"{R3} UPDATE t SET c = -a WHERE a IN c",
        f"{R3} DELETE FROM t WHERE a - 20 IN (SELECT n FROM c WHERE n > 1)",
        "SELECT a, b, c FROM t ORDER BY a",
        "WITH c AS (SELECT 1) INSERT INTO t(a) VALUES (100) ON CONFLICT DO NOTHING",
        "INSERT INTO t(a, b) WITH src(k, v) AS (SELECT 3, 'x') SELECT k, v FROM src "
        "WHERE true ON CONFLICT DO NOTHING",
        "INSERT INTO t(a, b) WITH src(k, v) AS (SELECT 3, 'x') SELECT k, v FROM src "
        "ON CONFLICT DO NOTHING",
        "WITH src(k, v) AS (VALUES (22, 'x')) INSERT INTO t(a, b) SELECT k, v FROM src "
        "UNION ALL SELECT 1, 'dup'",
        "SELECT a, b, c FROM t ORDER BY a",
    ],
    "errors of names and shapes": [
        "WITH c AS (SELECT 1), c AS (SELECT 2) SELECT * FROM c",
        "WITH c AS (SELECT 1), C AS (SELECT 2) SELECT 1",
        "WITH c(x, y) AS (SELECT 1) SELECT * FROM c",
        "WITH c(x) AS (SELECT 1, 2) SELECT * FROM c",
        "WITH c(x) AS (SELECT * FROM t) SELECT * FROM c",
        "WITH c(x) AS (SELECT nosuch, 2) SELECT * FROM c",
        "WITH c(x) AS (VALUES (1, 2)) SELECT * FROM c",
        "WITH c AS (SELECT * FROM c) SELECT * FROM c",
        "WITH t AS (SELECT * FROM t) SELECT * FROM t",
        "WITH c AS (SELECT * FROM d), d AS (SELECT * FROM c) SELECT * FROM c",
        "WITH c AS (SELECT * FROM nosuch) SELECT * FROM c",
        "WITH c AS (SELECT 1 AS a) SELECT * FROM c INDEXED BY i",
        "WITH c AS (SELECT 1 AS a) SELECT c()",
        "WITH c AS (SELECT 1 AS a) SELECT * FROM c(1)",
        "WITH c(a COLLATE nocase) AS (SELECT 1) SELECT * FROM c",
        "WITH c(a DESC) AS (SELECT 1) SELECT * FROM c",
        "WITH c() AS (SELECT 1) SELECT * FROM c",
        "WITH c AS (SELECT 1) CREATE TABLE z(a)",
        "WITH c AS (SELECT 1) WITH d AS (SELECT 2) SELECT 1",
        "SELECT 1 UNION ALL WITH c AS (SELECT 1) SELECT * FROM c",
        "WITH c AS (SELECT 1)",
        "WITH c AS (SELECT 1),",
        "WITH c AS",
        "WITH c AS (SELECT 1 AS x) SELECT y FROM c",
        "WITH c AS (SELECT 1 AS x) SELECT c.x FROM c AS d",
        "WITH c AS MATERIALIZED SELECT 1 SELECT 1",
        "WITH c AS NOT (SELECT 1) SELECT 1",
    ],
    "errors of recursion": [
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c, c AS d WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
        "WHERE x < (SELECT max(x) FROM c)) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
        "WHERE x IN (SELECT x FROM c)) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT (SELECT x FROM c) FROM t) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM (SELECT x FROM c) "
        "WHERE x < 3) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT max(x) + 1 FROM c WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3 "
        "GROUP BY x) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT x FROM c UNION ALL SELECT 1) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT x + 1 FROM c WHERE x < 3 "
        "UNION ALL SELECT x + 10 FROM c WHERE x < 3) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 INTERSECT SELECT x + 1 FROM c WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 EXCEPT SELECT x + 1 FROM c WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 ORDER BY 1 UNION ALL SELECT x + 1 FROM c "
        "WHERE x < 5) SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1, 2 FROM c WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(x) AS (SELECT 1, 2 UNION ALL SELECT x + 1 FROM c WHERE x < 3) "
        "SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10 "
        "ORDER BY n % 3) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10 "
        "ORDER BY nosuch) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 10 "
        "ORDER BY 2) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3 "
        "LIMIT 'x') SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3 "
        "LIMIT 1.5) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3 "
        "LIMIT n) SELECT * FROM c",
        "WITH RECURSIVE c(n) AS (SELECT -9223372036854775806 UNION ALL SELECT -abs(n - 1) "
        "FROM c) SELECT * FROM c",
    ],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_cte_scenarios_match_sqlite(name):
    assert_same(SETUP, SCENARIOS[name])


def test_parameters_keep_their_slots_across_with_clauses():
    sql = ("WITH c(x) AS (SELECT ?1), d(y) AS (SELECT :b) "
           "SELECT x, y, ?, (WITH e AS (SELECT ?5) SELECT * FROM e) FROM c, d")
    assert_same(SETUP, [sql], params=(1, "two", 3.0, b"4", None))


# -- random recursive queries ---------------------------------------------------------------
@st.composite
def recursive_queries(draw):
    """A recursive table over (n, s) with one or more setup rows and one or two steps under
    UNION or UNION ALL (where every step grows n, so the recursion ends; s is bounded too), maybe ordered and
    limited; read whole, or by a query that stops early."""
    setup = draw(st.sampled_from(["SELECT 1, 'a'", "VALUES (1, 'a'), (2, 'b')",
                                  "SELECT x, y FROM u WHERE x IS NOT NULL"]))
    operator = draw(st.sampled_from(["UNION", "UNION ALL"]))
    grow = ["n + 1", "n * 2", "n + 3"]          # n >= 1: each step ends below its bound
    if operator == "UNION":                     # cycles end once every row has been seen
        grow += ["(n * 7) % 11", "n"]
    grow = st.sampled_from(grow)
    text = st.sampled_from(["s || 'x'", "upper(s)", "substr(s, 2)", "s", "s || n"])
    steps = [f"SELECT {draw(grow)}, {draw(text)} FROM r WHERE n < {draw(st.integers(2, 9))}"
             f" AND length(s) < {draw(st.integers(2, 6))}"      # s || n may grow forever
             for _ in range(draw(st.integers(1, 2)))]
    tail = draw(st.sampled_from(["", " ORDER BY 1", " ORDER BY 2 DESC", " ORDER BY 2, 1 DESC",
                                 " ORDER BY 2 COLLATE NOCASE"]))
    tail += draw(st.sampled_from(["", " LIMIT 7", " LIMIT 5 OFFSET 2", " LIMIT -1 OFFSET 3"]))
    body = f" {operator} ".join([setup] + steps)
    reader = draw(st.sampled_from(["SELECT * FROM r", "SELECT * FROM r LIMIT 6",
                                   "SELECT count(*), group_concat(s) FROM r",
                                   "SELECT n, s FROM r WHERE n % 2 = 0"]))
    return f"WITH RECURSIVE r(n, s) AS ({body}{tail}) {reader}"


@given(sql=recursive_queries())
@props(40)
def test_random_recursive_queries_match_sqlite(sql):
    assert_same(SETUP[2:5], [sql])


# -- what SQLite cannot show -----------------------------------------------------------------
def plan_lines(session, sql: str) -> list[str]:
    return [row[-1] for row in session.execute(f"EXPLAIN QUERY PLAN {sql}").rows]


@pytest.mark.parametrize("sql, kind", [
    ("WITH c AS (SELECT a FROM t) SELECT * FROM c", "CO-ROUTINE c"),
    ("WITH c AS (SELECT a FROM t) SELECT * FROM c x, c y", "CO-ROUTINE c"),
    ("WITH c AS (SELECT a FROM t GROUP BY a) SELECT * FROM c x, c y", "MATERIALIZE c"),
    ("WITH c AS (SELECT DISTINCT a FROM t) SELECT * FROM c x, c y", "MATERIALIZE c"),
    ("WITH c AS MATERIALIZED (SELECT a FROM t) SELECT * FROM c", "MATERIALIZE c"),
    (f"{R3} SELECT * FROM c", "CO-ROUTINE c"),
])
def test_the_planner_inlines_or_materializes_as_sqlite(sql, kind):
    """SQLite's EXPLAIN QUERY PLAN names the same choice (for a table it flattens into the
    reading query it shows neither; RowanDB streams such a table as a co-routine)."""
    rowan, sqlite = pair(SETUP)
    lines = plan_lines(rowan, sql)
    assert kind in lines, lines
    other = "MATERIALIZE c" if kind == "CO-ROUTINE c" else "CO-ROUTINE c"
    assert other not in lines and other not in plan_lines(sqlite, sql)


def test_a_predicate_on_an_inlined_table_searches_the_index_under_it():
    rowan, _ = pair(SETUP)
    lines = plan_lines(rowan, "WITH c AS (SELECT x, y FROM u) SELECT y FROM c WHERE x = 2")
    assert any("SEARCH u USING INDEX u_x (x=?)" in line for line in lines), lines


def test_recursive_plan_shows_setup_and_steps():
    rowan, sqlite = pair(SETUP)
    sql = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3) "
           "SELECT * FROM c")
    for session in (rowan, sqlite):
        lines = plan_lines(session, sql)
        assert lines.count("SETUP") == 1 and lines.count("RECURSIVE STEP") == 1, lines


def test_an_endless_recursion_read_with_a_limit_ends_and_depth_costs_no_stack():
    rowan, _ = pair()
    endless = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) "
    assert run(rowan, endless + "SELECT n FROM c LIMIT 3") == \
        ("ok", [(("integer", 1),), (("integer", 2),), (("integer", 3),)])
    deep = ("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) "
            "SELECT max(n) FROM c")
    assert run(rowan, deep) == ("ok", [(("integer", 200000),)])


def test_a_failing_common_table_leaves_the_database_unchanged():
    rowan, sqlite = pair(SETUP)
    statements = [
        "WITH RECURSIVE c(n) AS (SELECT -9223372036854775806 UNION ALL SELECT -abs(n - 1) "
        "FROM c) INSERT INTO t(a, b) SELECT n % 1000 + 1000, 'x' FROM c",
        "WITH c(x) AS (SELECT 1, 2) DELETE FROM t WHERE a IN c",
        "WITH c AS (SELECT * FROM c) UPDATE t SET b = 'gone' WHERE a IN (SELECT * FROM c)",
    ]
    for sql in statements:
        mine, theirs = run(rowan, sql), run(sqlite, sql)
        assert mine == theirs and mine[0] == "error", (sql, mine, theirs)
    check = "SELECT * FROM t ORDER BY a"
    assert run(rowan, check) == run(sqlite, check)
