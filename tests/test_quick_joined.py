"""The quick path's FROM list of several plain tables (rowandb/sql/quick/joined.py):
``FROM t1 [[AS] a], t2 ... [CROSS JOIN t3 ...]`` bound by the quick path against the
full path (sqlglot, RowanDB's parse passes, the binder), compared as data
(test_quick_path.plain): the joins of the random/* corpus scripts, and generated
statements over three tables with aliases, qualified and bare names, aggregates,
GROUP BY, HAVING, DISTINCT, ORDER BY and LIMIT; the statements it takes run end to end
against SQLite; and what must decline (an ambiguous name, two items of one name, a
subquery beside the join, ON, USING and the other joins). On the base every join
declined: the tests that count taken statements fail there."""

from __future__ import annotations

import random

import pytest

from compat_corpus import require_corpus
from rowandb.sql.session import open_session
from tests.quick_compare import assert_declined, check_same, compare_generated, quick_takes, \
    records

SCRIPTS = [("random/groupby/slt_good_0.test", 2), ("random/aggregates/slt_good_0.test", 1),
           ("random/select/slt_good_0.test", 3)]


def _joins(sql: str) -> bool:
    """Whether a corpus query's FROM list has several items."""
    head = sql.upper().split(" WHERE ")[0].split(" GROUP BY ")[0]
    return " FROM " in head and ("," in head.split(" FROM ", 1)[1] or " JOIN " in head)


@pytest.mark.parametrize("script,every", SCRIPTS)
def test_the_corpus_joins_bind_alike(script, every):
    session = open_session(":memory:")
    taken = joins = 0
    for kind, sql in records(require_corpus() / script):
        if kind == "statement":
            if sql.upper().startswith("CREATE"):
                session.execute(sql)
            continue
        if not _joins(sql):
            continue
        joins += 1
        if joins % every == 0:
            taken += check_same(session, sql)
    session.close()
    assert joins > 50 and taken > joins / every * 0.5, (taken, joins)


SCHEMA = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT COLLATE NOCASE, c REAL NOT NULL, d)",
          "CREATE TABLE u(x INT, y TEXT, d NUMERIC)",
          "CREATE TABLE w(p, q TEXT NOT NULL COLLATE RTRIM)"]
ROWS = ["INSERT INTO t VALUES (1, 'a', 1.5, NULL), (2, 'B', 2.0, 1), (3, 'b', 3.5, 'x'), "
        "(4, 'c', 0.5, 2.5)",
        "INSERT INTO u VALUES (1, 'a', 1), (2, 'A', NULL), (NULL, 'z', '3'), (2, 'b ', 2)",
        "INSERT INTO w VALUES (NULL, 'q '), (1, 'q'), ('1', 'r')"]
# (name, alias or None, its columns)
TABLES = [("t", ["a", "b", "c", "d"]), ("u", ["x", "y", "d"]), ("w", ["p", "q"])]


def _from(rng) -> tuple[str, list]:
    """A FROM list of two or three tables (a table twice under two aliases at times)
    and the names its items answer to, each with its columns."""
    picked = [rng.choice(TABLES) for _ in range(rng.randint(2, 3))]
    parts, named = [], []
    for k, (name, columns) in enumerate(picked):
        alias = rng.choice([None, f"cor{k}", f"cor{k}"])
        written = name + ("" if alias is None else rng.choice([" AS ", " "]) + alias)
        if k:
            written = rng.choice([", ", ", ", " CROSS JOIN ", " cross join "]) + written
        parts.append(written)
        named.append((alias or name, columns))
    return "FROM " + "".join(parts), named


def _leaf(rng, named) -> str:
    qualifier, columns = rng.choice(named)
    column = rng.choice(columns)
    return rng.choice([f"{qualifier}.{column}", f"{qualifier}.{column}", column,
                       str(rng.randint(-3, 9)), "NULL", "'b'"])


def _expression(rng, named, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.3:
        return _leaf(rng, named)
    x = lambda: _expression(rng, named, depth - 1)     # noqa: E731
    return rng.choice([
        lambda: f"{rng.choice(['-', '+', 'NOT '])} {x()}",
        lambda: f"({x()})",
        lambda: f"{x()} {rng.choice(['+', '-', '*', '/', '||'])} {x()}",
        lambda: f"{x()} {rng.choice(['=', '<>', '<', '>=', 'IS'])} {x()}",
        lambda: f"{x()} {rng.choice(['AND', 'OR'])} {x()}",
        lambda: f"{x()} {rng.choice(['IS NULL', 'IS NOT NULL'])}",
        lambda: f"{x()} {rng.choice(['', 'NOT '])}BETWEEN {x()} AND {x()}",
        lambda: f"{x()} {rng.choice(['', 'NOT '])}IN ({x()}, {x()})",
        lambda: f"CASE WHEN {x()} THEN {x()} ELSE {x()} END",
        lambda: f"CAST({x()} AS {rng.choice(['INTEGER', 'TEXT', 'REAL', 'SIGNED'])})",
    ])()


def _aggregate(rng, named) -> str:
    name = rng.choice(["count", "sum", "min", "MAX", "avg", "total"])
    if name == "count" and rng.random() < 0.3:
        return "COUNT ( * )"
    return f"{name}({rng.choice(['', 'DISTINCT ', 'ALL '])}{_expression(rng, named, 1)})"


def _statement(rng) -> str:
    source, named = _from(rng)
    items = []
    for _ in range(rng.randint(1, 3)):
        item = rng.choice([_expression(rng, named, rng.randint(0, 2)), _leaf(rng, named),
                           _aggregate(rng, named), "*", f"{rng.choice(named)[0]}.*"])
        if "*" not in item[-1:] and rng.random() < 0.3:
            item += rng.choice([" AS col0", " AS k", " z"])
        items.append(item)
    sql = f"SELECT {rng.choice(['', 'DISTINCT ', 'ALL '])}{', '.join(items)} {source}"
    if rng.random() < 0.5:
        sql += f" WHERE {_expression(rng, named, rng.randint(1, 2))}"
    if rng.random() < 0.5:
        sql += " GROUP BY " + ", ".join(rng.choice([_leaf(rng, named), "1", "k"])
                                        for _ in range(rng.randint(1, 2)))
        if rng.random() < 0.5:
            sql += f" HAVING {rng.choice([_expression(rng, named, 1), _aggregate(rng, named)])}"
    if rng.random() < 0.3:
        sql += " ORDER BY " + rng.choice(["1", "1 DESC", _leaf(rng, named), "k"])
    if rng.random() < 0.15:
        sql += rng.choice([" LIMIT 2", " LIMIT 1 OFFSET 1"])
    return sql


def test_generated_joins_bind_alike():
    session = open_session(":memory:")
    for sql in SCHEMA:
        session.execute(sql)
    rng = random.Random(260000101)
    taken = sum(check_same(session, _statement(rng)) for _ in range(1500))
    session.close()
    assert taken > 300, taken


def test_generated_joins_match_sqlite():
    """End to end against SQLite (apsw): rows as a multiset (no ORDER BY puts a join's
    rows in one order for both; with LIMIT, their number), their types, the names, or
    the error, for the statements the path takes."""
    import apsw
    import rowandb
    ours, theirs = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for sql in SCHEMA + ROWS:
        ours.execute(sql)
        theirs.execute(sql)
    rng = random.Random(260000102)
    compared = compare_generated(ours, theirs, (_statement(rng) for _ in range(700)))
    assert compared > 150, compared


DECLINES = [
    "SELECT d FROM t, u", "SELECT a FROM t, t", "SELECT t.a FROM t, u AS t",
    "SELECT a FROM t AS q, u AS q", "SELECT t.a FROM t AS q, u", "SELECT z.* FROM t, u",
    "SELECT a FROM t, u WHERE a IN (SELECT x FROM u)", "SELECT (SELECT 1) FROM t, u",
    "SELECT a FROM t, u WHERE EXISTS (SELECT 1)", "SELECT a FROM t CROSS JOIN u ON a = x",
    "SELECT a FROM t CROSS JOIN u USING (d)", "SELECT a FROM t JOIN u", "SELECT a FROM t, (u)",
    "SELECT a FROM t LEFT JOIN u", "SELECT a FROM t NATURAL CROSS JOIN u",
    "SELECT a FROM t INNER JOIN u ON 1", "SELECT a FROM t, u INDEXED BY tb",
    "SELECT a FROM t, main.u", "SELECT rowid FROM t, u", "SELECT u.rowid FROM t, u",
    "SELECT a FROM t CROSS u", "SELECT a FROM t, u,", "SELECT a FROM t, nosuch",
    "SELECT a FROM t, u UNION SELECT 1 FROM t", "SELECT a FROM t, u AS cross",
    "SELECT 1 FROM t, u HAVING d > 1",
]


def test_declines():
    session = open_session(":memory:")
    for sql in SCHEMA + ["CREATE INDEX tb ON t(b)"]:
        session.execute(sql)
    assert_declined(session, DECLINES)
    for sql in ["SELECT a, x FROM t, u", "SELECT t.d, u.d FROM t, u",
                "SELECT * FROM t CROSS JOIN u, w", "SELECT u.*, q FROM t, u CROSS JOIN w",
                "SELECT x AS k FROM t, u GROUP BY k", "SELECT count(*) FROM t AS a, t AS b",
                "SELECT x AS a FROM t, u GROUP BY a"]:
        assert quick_takes(session, sql), sql
        assert check_same(session, sql), sql
    session.close()
