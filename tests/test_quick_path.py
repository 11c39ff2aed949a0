"""The quick path (rowandb/sql/quick/) against the full path: for every statement it
takes, the bound query it builds must be the one sqlglot, RowanDB's parse passes and the
binder build -- every field of every node, compared as data (``quick_compare.plain``).
The statements: every SELECT of the corpus scripts the subset runs (random/expr/slt_good_0.test,
select1-5.test: these have FROM clauses, so the path takes none of them), a few thousand
expressions of the fuzzer's generator (tests/fuzz/gen_expr.py), and the edge cases below.
A statement the path declines is not compared; one it takes that the full path refuses
is a failure. Then the session's own behaviour with it: the same rows, names and
description, EXPLAIN, the cache, a connection function that shadows a built-in."""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.sql.quick import quick_prepare
from rowandb.sql.session import open_session
from tests.quick_compare import bound_alike, typed

SCRIPTS = ["random/expr/slt_good_0.test"] + [f"select{n}.test" for n in range(1, 6)]

EDGES = [
    "SELECT 1", "SELECT 1 AS x", 'SELECT 1 "x y"', "SELECT 1 x, 2 y", "SELECT DISTINCT 1",
    "SELECT ALL 1", "SELECT - 0", "SELECT - 0.0", "SELECT -9223372036854775807",
    "SELECT 1.5, .5, 1e3, 1.e2, 00, 007", "SELECT 'a''b', 'x' || 'y'", "SELECT NULL",
    "SELECT + 1, + (1), + + 1, + - 1, - + 1, - (+ 1), + CAST(1 AS TEXT), +'a', +NULL",
    "SELECT ~ 5, 1 & 3, 1 | 2, 1 << 2, 8 >> 1, 7 % 3, 7 / 2, 2 * 3 + 4",
    "SELECT 1 = 1, 1 == 2, 1 <> 2, 1 != 2, 1 < 2, 1 <= 2, 1 > 2, 1 >= 2",
    "SELECT 1 = 2 < 3, 1 < 2 = 0, NOT 1 = 2, NOT NOT 0",
    "SELECT 1 AND 0, 0 AND 1, 1 AND 2, 1 OR 0, 0 OR 0, 2 OR 3, NULL OR 1, NULL AND 0",
    "SELECT (1 AND 0) OR 1, 1 OR (0 AND 1), (0 OR 0) AND 1, 0 AND abs(1), abs(1) AND 0",
    "SELECT count(*) OR 1, count(*) AND 0, 1 OR count(*), 1 > 2 OR 3, NOT 0 OR 5",
    "SELECT 1 > 2 AND 3 < 4 OR 5 = 5 AND 0, 00 AND 7, (((0))) AND 3, - 0 AND 1",
    "SELECT 1 IS NULL, 1 IS NOT NULL, 1 ISNULL, 1 NOTNULL, 1 NOT NULL, NULL IS NULL",
    "SELECT NOT 1 IS NULL, NOT 1 IS NOT NULL, (1) IS NULL, - 1 IS NULL, 'a' IS NULL",
    "SELECT 1 + 1 IS NULL, NOT 1 + 1 IS NULL, NOT 1 + 1 IS NOT NULL, 1 + 1 NOTNULL",
    "SELECT 1 IS 2, 1 IS NOT 2, NOT 1 IS 2, NULL IS 1, 1 IS NULL IS NULL",
    "SELECT 1 IN (1, 2), 1 NOT IN (1, 2), NOT 1 IN (1, 2), 1 IN (2), 1 NOT IN (2)",
    "SELECT 1 IN (count(*)), 1 IN (count(*), 2), NOT 1 NOT IN (1, 2), (1 IN (1)) + 1",
    "SELECT 2 BETWEEN 1 AND 3, 2 NOT BETWEEN 1 AND 3, NOT 2 BETWEEN 1 AND 3",
    "SELECT 2 BETWEEN 1 AND 3 AND 0, 2 BETWEEN 1 + 1 AND 3 * 2 = 1",
    "SELECT CASE WHEN 1 THEN 2 END, CASE 1 WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END",
    "SELECT CASE WHEN 0 THEN 1 ELSE NULL END, CASE NULL WHEN NULL THEN 1 END",
    "SELECT CAST(1 AS INTEGER), CAST('1' AS REAL), CAST(1 AS TEXT), CAST(1 AS SIGNED)",
    "SELECT CAST(1.5 AS int), cast(NULL as numeric), CAST(1 AS BLOB), CAST(2 AS VARCHAR)",
    "SELECT abs(-1), ABS(1), nullif(1, 1), NULLIF(1, 2), coalesce(NULL, 1), COALESCE(1, 2, 3)",
    "SELECT count(*), COUNT(1), count(DISTINCT 1), sum(1), SUM(DISTINCT 2), avg(1.5)",
    "SELECT min(1), MAX('a'), min(DISTINCT 3), max(ALL 4), count(ALL 5), total(1)",
    "SELECT - count(*) + sum(2) * max(3), nullif(count(*), 0), abs(min(-1))",
    "SELECT DISTINCT count(*), 1 + sum(1), CASE count(*) WHEN 1 THEN max(2) END",
    "SELECT 1 /* c */ + 2, 1--c\n, 3", "SELECT\n1\n+\n2 AS a",
    "SELECT (1, 2)", "SELECT 1 COLLATE NOCASE", "SELECT a", "SELECT ?", "SELECT :a + 1",
    "SELECT 1 FROM t", "SELECT 1 WHERE 1", "SELECT 1 ORDER BY 1", "SELECT 1 LIMIT 1",
    "SELECT 1 UNION SELECT 2", "SELECT (SELECT 1)", "SELECT 1 IN ()", "SELECT 1 IN (SELECT 1)",
    "SELECT count()", "SELECT sum(*)", "SELECT sum(1, 2)", "SELECT count(count(*))",
    "SELECT abs()", "SELECT abs(1, 2)", "SELECT nullif(1)", "SELECT coalesce(1)",
    "SELECT 0x10", "SELECT 1_000", "SELECT 99999999999999999999", "SELECT 1e999",
    "SELECT 12abc", "SELECT 'unterminated", "SELECT 1 AS", "SELECT 1 AS from",
    "SELECT 1 +", "SELECT (1", "SELECT 1)", "SELECT CAST(1 AS)", "SELECT CASE END",
    "SELECT 1 IS DISTINCT FROM 2", "SELECT 1 IS TRUE", "SELECT TRUE", "SELECT 1 LIKE 1",
    "SELECT 2 BETWEEN 1 = 1 AND 3", "SELECT 1 x y", "SELECT 1,", "SELECT ,1", "SELECT",
    "SELECT 1 ISNULL + 1", "SELECT 1 IN (1) + 1", "SELECT -9223372036854775808",
    "SELECT - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - 1",
    "SELECT " + " + ".join(["1"] * 1001), "SELECT " + " || ".join(["'a'"] * 1001),
    "SELECT X'00'", "SELECT 1 -> 2", "SELECT max(1, 2)", "SELECT sum(DISTINCT 1, 2)",
]


@pytest.fixture(scope="module")
def session():
    s = open_session(":memory:")
    yield s
    s.close()


def _check_same(session, sql: str) -> bool:
    """Whether the quick path took ``sql`` (asserting then that both paths agree)."""
    with session.functions.current(), session.limits.in_force():
        quick = quick_prepare(sql)      # (no catalog: statements that read no table)
    if quick is None:
        return False
    bound_alike(session, sql, *quick)
    return True


def _corpus_selects(script: str) -> list[str]:
    path = require_corpus() / script
    return re.findall(r"^(SELECT[^\n]*(?:\n(?!----|\n)[^\n]*)*)", path.read_text(),
                      re.MULTILINE)


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_corpus_selects_bind_alike(session, script):
    selects = _corpus_selects(script)
    taken = sum(_check_same(session, sql) for sql in selects)
    if script.startswith("random/expr"):
        assert taken > len(selects) * 0.8, (taken, len(selects))


def test_generated_expressions_bind_alike(session):
    from tests.fuzz.case import Gen
    from tests.fuzz.features import Config
    from tests.fuzz.gen_expr import Scope, gen_aggregate, gen_expr
    taken = 0
    for seed in range(4000):
        g = Gen(seed, Config())
        g.subquery_budget = 0               # no schema: no subquery reads a table
        scope = Scope(refs=[], aggregates=True)
        parts = [gen_expr(g, scope, depth=3).render() for _ in range(1 + seed % 3)]
        if seed % 4 == 0:
            parts.append(gen_aggregate(g, scope).render())
        sql = "SELECT " + ", ".join(parts)
        try:
            taken += _check_same(session, sql)
        except rowandb.DatabaseError:
            pytest.fail(f"the quick path took {sql!r}, which the full path refuses")
    assert taken > 400, taken


def _whitelisted(rng, depth: int) -> str:
    """A random expression of the forms the quick path takes, spelled every way the
    grammar allows, with the literals its folds look at (0, 1, 00, NULL, strings)."""
    leaves = ["0", "1", "00", "2", "17", "2147483648", "0.0", "1.5", "0.5", "1e2", "1.", "2E-3", "NULL",
              "'a'", "''", "'1'", "- 0", "-1", "9223372036854775807"]
    if depth <= 0 or rng.random() < 0.2:
        return rng.choice(leaves)
    x = lambda: _whitelisted(rng, depth - 1)        # noqa: E731
    forms = [
        lambda: f"{rng.choice(['-', '+', '~', 'NOT ', '- -', '+ +', '+ -'])} {x()}",
        lambda: f"({x()})",
        lambda: f"{x()} {rng.choice(['+', '-', '*', '/', '%', '||', '&', '|', '<<', '>>'])} {x()}",
        lambda: f"{x()} {rng.choice(['=', '==', '<>', '!=', '<', '<=', '>', '>=', 'IS', 'IS NOT'])} {x()}",
        lambda: f"{x()} {rng.choice(['AND', 'OR'])} {x()}",
        lambda: f"{x()} {rng.choice(['IS NULL', 'IS NOT NULL', 'ISNULL', 'NOTNULL', 'NOT NULL'])}",
        lambda: f"{x()} {rng.choice(['', 'NOT '])}BETWEEN {x()} AND {x()}",
        lambda: f"{x()} {rng.choice(['', 'NOT '])}IN ({', '.join(x() for _ in range(rng.randint(1, 3)))})",
        lambda: f"CASE {rng.choice(['', x()])} WHEN {x()} THEN {x()} "
                f"{rng.choice(['', 'WHEN 1 THEN ' + x() + ' '])}{rng.choice(['', 'ELSE ' + x() + ' '])}END",
        lambda: f"CAST({x()} AS {rng.choice(['INTEGER', 'text', 'REAL', 'NUMERIC', 'BLOB', 'SIGNED'])})",
        lambda: f"{rng.choice(['abs', 'ABS'])}({x()})",
        lambda: f"{rng.choice(['nullif', 'NULLIF'])}({x()}, {x()})",
        lambda: f"COALESCE({', '.join(x() for _ in range(rng.randint(2, 4)))})",
    ]
    return rng.choice(forms)()


def _aggregate(rng) -> str:
    name = rng.choice(["count", "COUNT", "sum", "min", "MAX", "avg"])
    if name.lower() == "count" and rng.random() < 0.3:
        return f"{name}(*)"
    return f"{name}({rng.choice(['', 'ALL ', 'DISTINCT '])}{_whitelisted(rng, 2)})"


def test_whitelisted_expressions_bind_alike(session):
    import random
    rng = random.Random(129000000)
    taken = 0
    for _ in range(4000):
        parts = []
        for _ in range(rng.randint(1, 3)):
            part = _whitelisted(rng, rng.randint(1, 4))
            if rng.random() < 0.3:
                part = f"{part} {rng.choice(['+', 'AND', 'OR', '='])} {_aggregate(rng)}"
            if rng.random() < 0.3:
                part += rng.choice([" AS c", " c2", ' AS "q"'])
            parts.append(part)
        sql = f"SELECT {rng.choice(['', 'ALL ', 'DISTINCT '])}" + ", ".join(parts)
        try:
            taken += _check_same(session, sql)
        except rowandb.DatabaseError as error:
            pytest.fail(f"the quick path took {sql!r}, which the full path refuses: {error}")
    assert taken > 1500, taken


@pytest.mark.parametrize("sql", EDGES)
def test_edge_cases_bind_alike_or_decline(session, sql):
    try:
        _check_same(session, sql)
    except rowandb.DatabaseError as error:
        pytest.fail(f"the quick path took {sql!r}, which the full path refuses: {error}")


def test_declines():
    for sql in ["SELECT a", "SELECT 1 FROM t", "SELECT count(count(*))", "SELECT sum(*)",
                "SELECT 1 IN ()", "SELECT (SELECT 1)", "SELECT 0x10", "SELECT 1 AS from",
                "SELECT 99999999999999999999", "SELECT ?", "EXPLAIN SELECT 1",
                "SELECT " + " + ".join(["1"] * 1001)]:
        assert quick_prepare(sql) is None, sql
    assert quick_prepare("SELECT 1 + 2 AS x") is not None


def _rows_and_names(connect, sql):
    cur = connect.cursor()
    cur.execute(sql)
    names = [d[0] for d in cur.description]     # (apsw's: before the rows are read)
    return list(cur), names


def test_results_match_sqlite():
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for sql in EDGES + _corpus_selects(SCRIPTS[0])[:300:7]:
        if quick_prepare(sql) is None or "--" in sql or "/*" in sql:
            continue        # (a comment after an item: its name differs on both paths)
        expected = _rows_and_names(theirs, sql)
        got = _rows_and_names(ours, sql)
        assert [tuple(r) for r in got[0]] == [tuple(r) for r in expected[0]], sql
        assert got[1] == expected[1], sql


def test_the_session_takes_it_and_keeps_explain_and_the_cache():
    conn = rowandb.connect(":memory:")
    session = conn._session
    taken, quick = [], session._quick
    session._quick = lambda statement, version: taken.append(quick(statement, version)) \
        or taken[-1]
    cur = conn.execute("SELECT 1 + 2 AS x, - count(*)")
    assert len(taken) == 1 and taken[0] is not None     # the quick path made it
    assert cur.fetchall() == [(3, -1)]
    assert [d[0] for d in cur.description] == ["x", "- count(*)"]
    prepared = session.cache["SELECT 1 + 2 AS x, - count(*)"]
    assert prepared.trees_dropped and prepared.parsed.tree is None
    assert conn.execute("SELECT 1 + 2 AS x, - count(*)").fetchall() == [(3, -1)]
    for sql in ["EXPLAIN QUERY PLAN SELECT 1 + 2", "EXPLAIN SELECT 1 + 2"]:
        plan = conn.execute(sql).fetchall()
        full = rowandb.connect(":memory:")      # the full path's own
        full_session = full._session
        full_session._quick = lambda statement, version: None
        assert plan == full.execute(sql).fetchall()
    conn.execute("CREATE TABLE t(a)")           # a new schema version: prepared again
    assert conn.execute("SELECT 1 + 2 AS x, - count(*)").fetchall() == [(3, -1)]
    assert taken[-1] is not None


def test_a_connection_function_shadowing_a_builtin_is_called():
    conn = rowandb.connect(":memory:")
    assert conn.execute("SELECT abs(-2)").fetchall() == [(2,)]
    conn.create_function("abs", 1, lambda x: 42)
    assert conn.execute("SELECT abs(-3)").fetchall() == [(42,)]


def _outcome(run, sql):
    try:
        rows, names = run(sql)
    except (apsw.Error, rowandb.Error) as error:
        return "error", str(error)
    return typed(rows), names


def test_generated_statements_the_path_takes_match_sqlite():
    """Whitelisted statements end to end through a connection, against SQLite: rows,
    their types, column names, or the error."""
    import random
    rng = random.Random(129000001)
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    compared = 0
    for _ in range(800):
        parts = [_whitelisted(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 2))]
        if rng.random() < 0.3:
            parts.append(_aggregate(rng))
        sql = "SELECT " + ", ".join(parts)
        if quick_prepare(sql) is None:
            continue
        compared += 1
        assert _outcome(lambda s: _rows_and_names(ours, s), sql) == \
            _outcome(lambda s: _rows_and_names(theirs, s), sql), sql
    assert compared > 300, compared
