"""The quick path's second room (rowandb/sql/quick/query.py, table.py): one-table SELECTs
bound by the quick path against the full path (sqlglot, RowanDB's parse passes, the
binder), compared as data (test_quick_path.plain). The statements: the one-table
SELECTs of the corpus scripts below, with each script's CREATE statements run first
so that names resolve (select1-5 whole; of the larger random/* and index/* scripts
every fifth or eighth query, to keep the run short); the SELECTs of generated fuzz cases (their
schema, rows and DML steps run in order, so a schema that changed is seen) and
one-table SELECTs the fuzzer's expression generator writes over their tables; random
one-table statements of the forms the path takes; and edge cases that must decline.
A statement the path declines is not compared; one it takes that the full path refuses
is a failure. Then the session with it: rows and names as SQLite gives them, a temp
table shadowing a main one, a schema change, an authorizer."""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.sql.quick import quick_prepare
from rowandb.sql.session import open_session
from tests.quick_compare import assert_declined, check_same, compare_generated, quick_takes, \
    records, recorded, session_with

# (script, every how many-th query is compared)
SCRIPTS = [(f"select{n}.test", 1) for n in range(1, 6)] + [
    ("random/aggregates/slt_good_0.test", 5), ("random/groupby/slt_good_0.test", 5),
    ("random/select/slt_good_0.test", 5), ("index/in/10_slt_good_3.test", 8),
    ("index/orderby/10_slt_good_1.test", 8)]


@pytest.mark.parametrize("script,every", SCRIPTS)
def test_the_corpus_one_table_selects_bind_alike(script, every):
    path = require_corpus() / script
    session = open_session(":memory:")
    taken = queries = 0
    for kind, sql in records(path):
        if kind == "statement":
            if sql.upper().startswith("CREATE"):   # the names; rows do not bind
                session.execute(sql)
            continue
        queries += 1
        if queries % every == 0:
            taken += check_same(session, sql)
    session.close()
    if not script.startswith(("select4", "select5")):  # compounds and joins
        assert taken > queries / every * 0.4, (taken, queries)


def _fuzz_selects(g, table_refs) -> list[str]:
    """One-table SELECTs of the fuzzer's expressions over ``table_refs`` (name, refs)."""
    from tests.fuzz.gen_expr import Scope, gen_aggregate, gen_expr, gen_predicate
    out = []
    for name, refs in table_refs:
        for _ in range(30):
            g.new_statement()
            g.subquery_budget = 0
            scope = Scope(refs, aggregates=True)
            items = [gen_expr(g, scope, g.rng.choice([0, 0, 1, 2])).render()
                     for _ in range(g.rng.randint(1, 3))]
            if g.rng.random() < 0.3:
                items.append(gen_aggregate(g, scope).render())
            sql = f"SELECT {', '.join(items)} FROM {name}"
            if g.rng.random() < 0.7:
                sql += f" WHERE {gen_predicate(g, Scope(refs), g.rng.choice([0, 1, 2])).render()}"
            if g.rng.random() < 0.3:
                sql += f" GROUP BY {g.rng.choice(refs).text}"
            if g.rng.random() < 0.4:
                sql += f" ORDER BY {g.rng.randint(1, len(items))}" + \
                    g.rng.choice(["", " DESC", " ASC"])
            if g.rng.random() < 0.2:
                sql += f" LIMIT {g.rng.randint(0, 3)}"
            out.append(sql)
    return out


def test_fuzz_cases_one_table_selects_bind_alike():
    """The fuzzer's cases without its respelled names (feature ``names``: quoted and
    keyword names, which the path declines) and its JSON readers (``json_values``: table
    functions read through subqueries, which it declines too)."""
    from tests.fuzz.case import gen_case, Gen
    from tests.fuzz.features import make_config
    from tests.fuzz.gen_expr import Ref
    config = make_config(disable=("names", "json_values"))
    taken = compared = 0
    for seed in range(140000000, 140000024):
        case = gen_case(seed, config)
        session = open_session(":memory:")
        g = Gen(seed, config)
        for step in case.steps:
            sql = step.sql()
            if step.check == "query" and sql.upper().startswith("SELECT"):
                compared += 1
                taken += check_same(session, sql)
                continue
            try:
                session.execute(sql)
            except rowandb.Error:
                pass
        tables = [(t.name, [Ref(c.name, c) for c in t.columns])
                  for t in case_tables(seed, config)]
        for sql in _fuzz_selects(g, tables):
            compared += 1
            taken += check_same(session, sql)
        session.close()
    assert compared > 1700 and taken > 200, (compared, taken)


def case_tables(seed: int, config):
    from tests.fuzz.case import Gen
    from tests.fuzz.gen_schema import gen_schema
    return gen_schema(Gen(seed, config)).tables


SCHEMA = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c REAL NOT NULL, "
          "d, e NUMERIC, f VARCHAR(10) COLLATE RTRIM)",
          "CREATE TABLE u(x INT, y TEXT)", "CREATE INDEX tb ON t(b)"]
LEAVES = ["a", "b", "c", "d", "e", "f", "t.a", "t.d", "0", "1", "2", "00", "1.5", "'x'", "''",
          "NULL", "- 1", "+ a", "+ t.c", "(b)", "- c"]


def _expression(rng, depth: int) -> str:
    """An expression of the forms the quick path takes, over t's columns."""
    if depth <= 0 or rng.random() < 0.25:
        return rng.choice(LEAVES)
    x = lambda: _expression(rng, depth - 1)     # noqa: E731
    return rng.choice([
        lambda: f"{rng.choice(['-', '+', '~', 'NOT '])} {x()}",
        lambda: f"({x()})",
        lambda: f"{x()} {rng.choice(['+', '-', '*', '/', '%', '||', '&'])} {x()}",
        lambda: f"{x()} {rng.choice(['=', '<>', '<', '>=', 'IS', 'IS NOT'])} {x()}",
        lambda: f"{x()} {rng.choice(['AND', 'OR'])} {x()}",
        lambda: f"{x()} {rng.choice(['IS NULL', 'IS NOT NULL', 'NOTNULL', 'ISNULL'])}",
        lambda: f"{x()} {rng.choice(['', 'NOT '])}BETWEEN {x()} AND {x()}",
        lambda: f"{x()} {rng.choice(['', 'NOT '])}IN ({', '.join(x() for _ in range(rng.randint(1, 3)))})",
        lambda: f"CASE {rng.choice(['', x()])} WHEN {x()} THEN {x()} ELSE {x()} END",
        lambda: f"CAST({x()} AS {rng.choice(['INTEGER', 'TEXT', 'REAL'])})",
        lambda: f"coalesce({x()}, {x()})", lambda: f"nullif({x()}, {x()})",
    ])()


def _aggregate(rng) -> str:
    name = rng.choice(["count", "sum", "min", "MAX", "avg"])
    if name == "count" and rng.random() < 0.3:
        return "count(*)"
    return f"{name}({rng.choice(['', 'DISTINCT '])}{_expression(rng, 1)})"


def _statement(rng) -> str:
    items = []
    for _ in range(rng.randint(1, 3)):
        item = rng.choice([_expression(rng, rng.randint(0, 3)), rng.choice(LEAVES),
                           _aggregate(rng), "*", "t.*"])
        if item not in ("*", "t.*") and rng.random() < 0.3:
            item += rng.choice([" AS a", " AS k", " z", " AS b"])
        items.append(item)
    sql = f"SELECT {rng.choice(['', 'DISTINCT ', 'ALL '])}{', '.join(items)} FROM t"
    sql += rng.choice(["", "", " AS t", " t"])
    if rng.random() < 0.6:
        sql += f" WHERE {_expression(rng, rng.randint(1, 3))}"
    if rng.random() < 0.3:
        sql += f" GROUP BY {', '.join(rng.choice(LEAVES[:8] + ['1', 'k', 'b']) for _ in range(rng.randint(1, 2)))}"
        if rng.random() < 0.5:
            sql += f" HAVING {rng.choice([_expression(rng, 2), _aggregate(rng) + ' > 1'])}"
    if rng.random() < 0.4:
        terms = [rng.choice(LEAVES[:8] + ["1", "2", "k", "z", _expression(rng, 1),
                                          _aggregate(rng)]) for _ in range(rng.randint(1, 2))]
        sql += " ORDER BY " + ", ".join(t + rng.choice(["", " ASC", " DESC"]) for t in terms)
    if rng.random() < 0.2:
        sql += rng.choice([" LIMIT 2", " LIMIT 1 OFFSET 1", " LIMIT 1, 2", " LIMIT 1 + 1"])
    return sql


@pytest.fixture(scope="module")
def schema_session():
    yield from session_with(SCHEMA)


def test_generated_one_table_statements_bind_alike(schema_session):
    rng = random.Random(140000100)
    taken = sum(check_same(schema_session, _statement(rng)) for _ in range(2000))
    assert taken > 700, taken


def filled_pair(more=()):
    """A RowanDB and an SQLite connection with t and u of SCHEMA, eight rows of t, then
    the statements ``more``."""
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    fourth = ["NULL", "1", "'x'", "2.5"]
    rows = ", ".join(f"({i}, '{'aAb '[i % 4]}', {i * 1.5}, {fourth[i % 4]}, "
                     f"{i % 3}, 'f{i % 2} ')" for i in range(1, 9))
    # (without the index: a grouped query's bare columns come from the row SQLite reads
    # last in the group, and the two read by index in other orders -- on either path)
    for sql in SCHEMA[:2] + [f"INSERT INTO t VALUES {rows}"] + list(more):
        ours.execute(sql)
        theirs.execute(sql)
    return ours, theirs


def test_generated_one_table_statements_match_sqlite():
    """End to end through a connection against SQLite: rows (as a multiset: ORDER BY
    terms tie; with LIMIT, their number: which rows a tie lets through is not set),
    their types, names or the error, for the statements the path takes."""
    rng = random.Random(140000101)
    ours, theirs = filled_pair()
    compared = compare_generated(ours, theirs, (_statement(rng) for _ in range(600)))
    assert compared > 200, compared


STAR_THEN_ALIAS = ["SELECT t.*, -a AS b FROM t ORDER BY b", "SELECT *, -a AS b FROM t ORDER BY b DESC",
                   "SELECT -a AS b, t.* FROM t ORDER BY b", "SELECT t.*, -a AS a FROM t ORDER BY a",
                   "SELECT t.*, -max(a) AS b FROM t GROUP BY a ORDER BY b",
                   "SELECT t.*, -a AS b FROM t GROUP BY b ORDER BY b"]


@pytest.mark.parametrize("sql", STAR_THEN_ALIAS)
def test_order_by_finds_a_star_s_column_before_a_later_alias(sql):
    """ORDER BY b is the first result column named b, one a star expands to included
    (SQLite's resolveAsName): the quick path takes these and returns SQLite's rows in
    SQLite's order (a table whose b, a and -a orders all differ)."""
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for setup in ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)",
                  "INSERT INTO t VALUES (1, 'x'), (2, 'z'), (3, 'y')"]:
        ours.execute(setup)
        theirs.execute(setup)
    assert quick_takes(ours._session, sql)
    assert ours.execute(sql).fetchall() == [tuple(r) for r in theirs.execute(sql)]


DECLINES = [
    "SELECT * FROM v", "SELECT * FROM nosuch", "SELECT nosuch FROM t", "SELECT u.x FROM t",
    "SELECT rowid FROM t", "SELECT t.a FROM t AS q", "SELECT q.* FROM t",
    "SELECT a FROM t, t", "SELECT a FROM t JOIN u", "SELECT a FROM main.t",
    "SELECT a FROM t INDEXED BY tb", "SELECT a FROM t NOT INDEXED", "SELECT a FROM (t)",
    "SELECT a FROM t WHERE count(*) > 1", "SELECT a FROM t GROUP BY count(*)",
    "SELECT a FROM t HAVING a > 1", "SELECT a FROM t ORDER BY 2", "SELECT a FROM t ORDER BY 0",
    "SELECT a FROM t ORDER BY -1", "SELECT a FROM t GROUP BY 2", "SELECT a FROM t ORDER BY count(*)",
    "SELECT a AS k FROM t WHERE k > 1", "SELECT a FROM t LIMIT a", "SELECT a FROM t LIMIT count(*)",
    'SELECT "a" FROM t', "SELECT [a] FROM t", "SELECT a FROM t ORDER BY a NULLS FIRST",
    "SELECT a FROM t ORDER BY a COLLATE nocase", "SELECT a FROM t WHERE a IN (SELECT 1, 2)",
    "SELECT a FROM t UNION SELECT 1", "SELECT a FROM tt",
    "SELECT count(*) AS k FROM t GROUP BY k", "SELECT a FROM t WINDOW w AS ()",
    "SELECT key FROM t", "SELECT a FROM t AS order", "SELECT date FROM t", "SELECT * FROM t,",
]


def test_declines():
    conn = rowandb.connect(":memory:")
    for sql in SCHEMA + ["CREATE VIEW v AS SELECT 1", "CREATE TEMP TABLE tt(a)",
                         "CREATE TABLE g(a, b AS (a + 1))", "CREATE TABLE w(a PRIMARY KEY) "
                         "WITHOUT ROWID"]:
        conn.execute(sql)
    session = conn._session
    catalog = assert_declined(session, DECLINES)
    with session.functions.current(), session.limits.in_force():
        for sql in ["SELECT a FROM t", "SELECT b FROM g", "SELECT * FROM w"]:
            assert quick_prepare(sql, catalog) is not None, sql
        assert quick_prepare("SELECT a FROM t", None) is None        # no catalog: no names
        conn.execute("CREATE TEMP TABLE t(z)")      # a temp table shadows main's
        assert quick_prepare("SELECT z FROM t", catalog) is None


def test_the_session_sees_schema_changes_and_temp_tables():
    conn = rowandb.connect(":memory:")
    taken = recorded(conn._session)
    conn.execute("CREATE TABLE t(a, b)")
    conn.execute("INSERT INTO t VALUES (1, 2)")
    assert conn.execute("SELECT a + b AS s, * FROM t").fetchall() == [(3, 1, 2)]
    assert taken[-1] is not None
    conn.execute("ALTER TABLE t ADD COLUMN c DEFAULT 7")    # a new version: bound again
    assert conn.execute("SELECT a + b AS s, * FROM t").fetchall() == [(3, 1, 2, 7)]
    assert taken[-1] is not None
    conn.execute("CREATE TEMP TABLE t(x)")                  # shadows main.t: full path
    conn.execute("INSERT INTO t VALUES (9)")
    assert conn.execute("SELECT * FROM t").fetchall() == [(9,)]
    assert taken[-1] is None
    with pytest.raises(rowandb.OperationalError, match="no such column: a"):
        conn.execute("SELECT a FROM t")


def test_an_authorizer_takes_the_full_path():
    conn = rowandb.connect(":memory:")
    conn.execute("CREATE TABLE t(a, b)")
    conn.execute("INSERT INTO t VALUES (1, 2)")
    conn.set_authorizer(lambda action, *args: 2 if args[:2] == ("t", "b") else 0)
    assert conn.execute("SELECT a, b FROM t").fetchall() == [(1, None)]
