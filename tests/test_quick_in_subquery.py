"""The quick path's IN subqueries (rowandb/sql/quick/subquery.py): ``x [NOT] IN (SELECT
...)`` in a one-table query's WHERE. Every statement listed as taken is taken and bound
to the full path's query (test_quick_path.plain: every field, the slots, the subquery's
collation and affinity, its folds) with the full path's Parsed fields; every one listed
as declined is declined (correlated, several columns, outside WHERE, a compound, a
name of no table); the corpus's IN-subquery queries of index/between bind
alike; and generated statements give SQLite's rows, names or error through a
connection."""

from __future__ import annotations

import random

import apsw
import pytest

import rowandb
from compat_corpus import require_corpus
from rowandb.sql.quick import quick_prepare
from rowandb.sql.session import open_session
from rowandb.sql.temp_views import SessionCatalog
from tests.quick_compare import check_same, records, result, session_with

SCHEMA = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c REAL NOT NULL, d, "
          "e NUMERIC)",
          "CREATE TABLE u(x INT NOT NULL, y TEXT, z BLOB, w TEXT COLLATE RTRIM)",
          "CREATE TABLE one(k REAL)", "CREATE INDEX ux ON u(x)"]
ROWS = ["INSERT INTO t VALUES " + ", ".join(
            f"({i}, '{'aAb '[i % 4]}', {i * 1.5}, {['NULL', '1', repr('2'), '2.5'][i % 4]}, "
            f"{i % 3})" for i in range(1, 9)),
        "INSERT INTO u VALUES " + ", ".join(
            f"({i % 5}, '{'Ab a'[i % 4]}', {['NULL', '3', repr('1'), 'x' + repr('01')][i % 4]}, "
            f"'{'ab '[i % 3]} ')" for i in range(1, 11)),
        "INSERT INTO one VALUES (1.0), (2.0), (NULL)"]

TAKEN = [
    "SELECT a FROM t WHERE a IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE a NOT IN (SELECT x FROM u WHERE x > 1)",
    "SELECT a FROM t WHERE NOT a IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE NOT a NOT IN (SELECT x FROM u)",
    "SELECT b FROM t WHERE b IN (SELECT y FROM u)",                 # NOCASE on the left
    "SELECT a FROM t WHERE d IN (SELECT b FROM t)",                 # ... on the right
    "SELECT a FROM t WHERE d IN (SELECT w FROM u)",                 # RTRIM on the right
    "SELECT a FROM t WHERE b IN (SELECT w FROM u)",                 # both: the left's
    "SELECT a FROM t WHERE d IN (SELECT y FROM u)",                 # no affinity on the left
    "SELECT a FROM t WHERE e IN (SELECT y FROM u)",
    "SELECT a FROM t WHERE '1' IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE c IN (SELECT z FROM u)",
    "SELECT a FROM t WHERE a + 1 IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT a FROM t WHERE a > 2)",     # the outer table's name
    "SELECT a FROM t AS p WHERE a IN (SELECT p.x FROM u AS p)",     # ... an alias, inner
    "SELECT a FROM t WHERE a IN (SELECT t.x FROM u AS t)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u ORDER BY x LIMIT 2)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u ORDER BY 1 DESC LIMIT 1 OFFSET 1)",
    "SELECT a FROM t WHERE a IN (SELECT x AS q FROM u ORDER BY q LIMIT 2, 1)",
    "SELECT a FROM t WHERE a IN (SELECT DISTINCT x FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT ALL x FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT max(x) FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT count(*) FROM u GROUP BY y)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u GROUP BY x HAVING count(*) > 1)",
    "SELECT a FROM t WHERE a IN (SELECT 1)", "SELECT a FROM t WHERE a IN (SELECT 1 + 1 AS k)",
    "SELECT a FROM t WHERE b IN (SELECT 'A')", "SELECT a FROM t WHERE a IN (SELECT * FROM one)",
    "SELECT a FROM t WHERE a IN (SELECT one.* FROM one)",
    "SELECT a FROM t WHERE a IN (SELECT y FROM u WHERE x IS NOT NULL)",     # NOT NULL: folded
    "SELECT a FROM t WHERE a IN (SELECT y FROM u WHERE x IS NULL OR y IS NULL)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IS NULL AND 1)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE 0 AND y)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE y > 'a' OR 1)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) OR b IN (SELECT y FROM u WHERE x < 3)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) AND c > 2 AND d NOT IN (SELECT k FROM one)",
    "SELECT a FROM t WHERE 1 OR a IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE (a IN (SELECT x FROM u)) OR 0",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) = 1",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) + 1",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) IS NULL",
    "SELECT a FROM t WHERE a BETWEEN 1 AND 5 AND a IN (SELECT x FROM u WHERE x BETWEEN 1 AND 3)",
    "SELECT a FROM t WHERE CASE WHEN a IN (SELECT x FROM u) THEN 1 END",
    "SELECT a FROM t WHERE coalesce(a IN (SELECT x FROM u), 0)",
    "SELECT a FROM t WHERE a IN(SELECT x FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (1, 2))",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (2))",
    "SELECT a, count(*) FROM t WHERE a IN (SELECT x FROM u) GROUP BY b ORDER BY 2 DESC LIMIT 3",
    "SELECT DISTINCT b FROM t WHERE c NOT IN (SELECT x * 1.5 FROM u) ORDER BY b",
    "SELECT * FROM t WHERE a IN (SELECT x FROM u WHERE x = 1 OR x = 2 OR y = 'A')",
    "SELECT a FROM t WHERE a IN (SELECT sum(DISTINCT x) FROM u WHERE x > 0)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (SELECT a FROM t))",   # nested
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (SELECT k FROM one WHERE k IS "
    "NOT NULL) OR y IN (SELECT b FROM t)) AND b NOT IN (SELECT y FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x NOT IN (SELECT a FROM t WHERE a IN "
    "(SELECT k FROM one)))",
]

DECLINED = [
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE y = b)",     # correlated
    "SELECT a FROM t WHERE a IN (SELECT t.a FROM u)",
    "SELECT a FROM t AS p WHERE a IN (SELECT p.a FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x = a)",
    "SELECT a FROM t WHERE a IN (SELECT max(a) FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x, y FROM u)",              # errors
    "SELECT a FROM t WHERE a IN (SELECT * FROM u)", "SELECT a FROM t WHERE a IN (SELECT 1, 2)",
    "SELECT a FROM t WHERE a IN (SELECT nosuch FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM nosuch)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u ORDER BY 2)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u HAVING x > 1)",
    "SELECT a FROM t WHERE a IN (SELECT *)",
    "SELECT a IN (SELECT x FROM u) FROM t",                          # outside WHERE
    "SELECT a FROM t ORDER BY a IN (SELECT x FROM u)",
    "SELECT a FROM t GROUP BY a HAVING a IN (SELECT x FROM u)",
    "SELECT a FROM t LIMIT 1 IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (SELECT y FROM one))",  # u's y
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (SELECT a FROM one))",  # t's a
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE x IN (SELECT u.x FROM one))",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u UNION SELECT 1)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u, one)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u JOIN one)",
    "SELECT a FROM t WHERE (a, b) IN (SELECT x, y FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM v)",
    "SELECT a FROM t WHERE a IN (SELECT a FROM tt)",
    "SELECT a FROM t WHERE a IN (VALUES (1))", "SELECT a FROM t WHERE a IN (WITH q AS "
    "(SELECT 1) SELECT * FROM q)", "SELECT a FROM t WHERE count(*) IN (SELECT x FROM u)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE count(*) > 1)",
    "SELECT a FROM t WHERE 0 AND a IN (SELECT x FROM u)",          # folded away whole
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) AND 0 OR a IN (SELECT y FROM u)",
]


@pytest.fixture(scope="module")
def session():
    yield from schema_session()


def schema_session():
    """A session of SCHEMA, a view v and a temp table tt (a fixture's body)."""
    yield from session_with(SCHEMA + ["CREATE VIEW v AS SELECT 1 AS x",
                                      "CREATE TEMP TABLE tt(a)"])


@pytest.mark.parametrize("sql", TAKEN)
def test_taken_and_bound_alike(session, sql):
    assert check_same(session, sql), sql


@pytest.mark.parametrize("sql", DECLINED)
def test_declined(session, sql):
    assert declines(session, sql), sql


def declines(session, sql: str) -> bool:
    """Whether the quick path declines ``sql`` in ``session``."""
    with session.functions.current(), session.limits.in_force():
        return quick_prepare(sql, SessionCatalog(session.db.dictionary, session.temp)) is None


def test_the_corpus_in_subqueries_bind_alike():
    """index/between's queries with an IN subquery (every fifth): most are taken."""
    session = open_session(":memory:")
    taken = queries = 0
    for kind, sql in records(require_corpus() / "index/between/10_slt_good_1.test"):
        if kind == "statement":
            if sql.upper().startswith("CREATE"):
                session.execute(sql)
            continue
        if "IN (SELECT" not in sql:
            continue
        queries += 1
        if queries % 5 == 0:
            taken += check_same(session, sql)
    session.close()
    assert taken > queries / 5 * 0.8, (taken, queries)


_OPERANDS = ["a", "b", "c", "d", "e", "a + 1", "- c", "'1'", "1", "NULL", "b || ''"]
_COLUMNS = ["x", "y", "z", "w", "x * 1.5", "'A'", "1", "NULL", "max(x)", "count(*)",
            "DISTINCT y"]
_INNER_WHERE = ["", " WHERE x > 1", " WHERE x IS NULL", " WHERE y IS NOT NULL",
                " WHERE x IN (1, 3)", " WHERE y = 'a' OR z IS NULL", " WHERE 0",
                " WHERE x BETWEEN 1 AND 3 AND y > 'A'", " WHERE x IN (SELECT k FROM one)",
                " WHERE y NOT IN (SELECT b FROM t WHERE a > 2) OR x < 2"]


def _generated(rng) -> str:
    """A one-table SELECT with one or two IN subqueries of the shapes the path takes (and
    a few it declines), in WHERE with other terms."""
    def subquery():
        column = rng.choice(_COLUMNS)
        tail = rng.choice(["", "", " ORDER BY 1 LIMIT 2", " LIMIT 1 OFFSET 1"])
        if column.startswith(("max", "count")):
            tail = rng.choice(["", " GROUP BY y"])
        return f"SELECT {column} FROM {rng.choice(['u', 'u AS q'])}" \
            f"{rng.choice(_INNER_WHERE)}{tail}"
    terms = [f"{rng.choice(_OPERANDS)} {rng.choice(['', 'NOT '])}IN ({subquery()})"
             for _ in range(rng.randint(1, 2))]
    terms += rng.sample(["c > 3", "b = 'a'", "d IS NULL", "a < 6", "0", "1"], rng.randint(0, 2))
    rng.shuffle(terms)
    where = terms[0]
    for term in terms[1:]:
        where = f"{where} {rng.choice(['AND', 'OR'])} {term}"
    items = rng.choice(["a", "*", "b, count(*)", "count(*)"])
    return f"SELECT {items} FROM t WHERE {where}" + (" GROUP BY b" if "b," in items else "")


def test_generated_statements_bind_alike_and_match_sqlite(session):
    taken = bind_and_run_generated(session, _generated, random.Random(200000120), 400)
    assert taken > 250, taken


def bind_and_run_generated(session, generated, rng, count: int) -> int:
    """``count`` statements of ``generated(rng)``: each the quick path takes in
    ``session`` (of SCHEMA) bound alike, and taken by a connection of SCHEMA and ROWS
    too; each run there and by SQLite, the rows compared as a multiset with their names,
    or the error. How many the path took."""
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for sql in SCHEMA + ROWS:
        ours.execute(sql)
        theirs.execute(sql)
    quick = ours._session
    taken = 0
    for _ in range(count):
        sql = generated(rng)
        if check_same(session, sql):
            taken += 1
            with quick.functions.current(), quick.limits.in_force():
                assert quick_prepare(sql, SessionCatalog(quick.db.dictionary, quick.temp))
        got, expected = result(ours, sql), result(theirs, sql)
        if got[0] != "error":
            got, expected = [(sorted(r[0]), r[1]) for r in (got, expected)]
        assert got == expected, sql
    return taken
