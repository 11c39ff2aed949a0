"""The quick path's scalar and EXISTS subqueries (rowandb/sql/quick/subquery.py,
``bind_scalar``, ``bind_exists``): ``(SELECT ...)`` and ``[NOT] EXISTS (SELECT ...)`` in a
one-table query's result columns and WHERE, correlated or not (select3's shapes). Every
statement listed as taken is taken and bound to the full path's query, every field
compared (test_quick_path.plain: slots, the correlated flags, the outer columns'
after-sorter marks, the NOT NULL reductions, EXISTS's columns set aside) with the full
path's Parsed fields; every one listed as declined is declined (an error, an outer
query's aggregate, a rowid or result alias the inner query may mean, a place other than
the result columns and WHERE); and generated statements bind alike and give SQLite's
rows, names or error through a connection."""

from __future__ import annotations

import random

import pytest

from tests.quick_compare import check_same
from tests.test_quick_in_subquery import bind_and_run_generated, declines, schema_session

TAKEN = [
    "SELECT * FROM (SELECT a FROM t)",      # a FROM subquery (quick/view.py, branch viewquick)
    "SELECT a FROM t WHERE a = (SELECT x FROM u)",
    "SELECT a FROM t WHERE EXISTS (SELECT x FROM u)",
    "SELECT a, (SELECT count(*) FROM u WHERE x < a) FROM t",            # correlated
    "SELECT (SELECT count(*) FROM u AS q WHERE q.x < t.a) FROM t",
    "SELECT (SELECT count(*) FROM t AS x WHERE x.a < t.a), a FROM t",   # t in both
    "SELECT (SELECT max(a) FROM t) FROM t",                             # t's own a inside
    "SELECT (SELECT avg(c) FROM t) FROM t WHERE c > (SELECT avg(c) FROM t)",
    "SELECT CASE WHEN c > (SELECT avg(c) FROM t) THEN a * 2 ELSE c * 10 END FROM t",
    "SELECT a FROM t WHERE EXISTS(SELECT 1 FROM u WHERE x = a)",
    "SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE x = a)",
    "SELECT a FROM t WHERE NOT (EXISTS (SELECT 1 FROM u WHERE x = a))",
    "SELECT EXISTS (SELECT * FROM u WHERE y = b) FROM t",
    "SELECT a FROM t WHERE EXISTS (SELECT x, y FROM u ORDER BY x)",     # columns set aside
    "SELECT a FROM t WHERE EXISTS (SELECT DISTINCT y FROM u)",
    "SELECT a FROM t WHERE d > 1 AND (c > 3 OR c < 2) AND EXISTS (SELECT 1 FROM u WHERE x < a)",
    "SELECT a FROM t WHERE 1 OR EXISTS (SELECT 1 FROM u)",              # folded, still bound
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u) OR 0",
    "SELECT (SELECT y FROM u WHERE x = a ORDER BY y LIMIT 1) FROM t",
    "SELECT (SELECT y FROM u ORDER BY 1 DESC LIMIT 1 OFFSET 1) FROM t",
    "SELECT (SELECT y FROM u GROUP BY y HAVING count(*) > 1) FROM t",
    "SELECT (SELECT 1) FROM t", "SELECT (SELECT a + 1) FROM t",         # no FROM inside
    "SELECT (SELECT t.b) FROM t", "SELECT ((SELECT 1)) + 1 AS k FROM t",
    "SELECT b, (SELECT count(*) FROM u WHERE y = b) FROM t GROUP BY b",  # after the sorter
    "SELECT count(*), (SELECT max(x) FROM u) FROM t",
    "SELECT a FROM t WHERE (SELECT count(*) FROM u WHERE x = a) > 1 ORDER BY 1",
    "SELECT (SELECT x FROM u WHERE x = a) AS s FROM t ORDER BY s",      # ORDER BY the alias
    "SELECT (SELECT x FROM u WHERE x = a) FROM t ORDER BY 1 DESC",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE a IS NULL)",   # t's rowid: reduced
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE c IS NOT NULL)",   # NOT NULL c
    "SELECT (SELECT 1 FROM u WHERE a IS NULL) FROM t",                  # not in WHERE: kept
    "SELECT (SELECT 1 FROM u WHERE x IS NULL) FROM t",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x IS NOT NULL AND y IS NULL)",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x IN (SELECT k FROM one))",
    "SELECT (SELECT 1 FROM u WHERE x IN (SELECT k FROM one WHERE k IS NOT NULL)) FROM t",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x = (SELECT max(k) FROM one "
    "WHERE k < a))",                                                     # nested, outermost
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x = (SELECT max(k) FROM one "
    "WHERE k < x))",                                                     # nested, the middle
    "SELECT (SELECT (SELECT count(*) FROM one WHERE k < x) FROM u WHERE x = a) FROM t",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u) AND EXISTS (SELECT 1 FROM u WHERE x = a)",
    "SELECT a FROM t WHERE a IN (SELECT x FROM u WHERE EXISTS (SELECT 1 FROM one "
    "WHERE k = x))",
    "SELECT (SELECT sum(DISTINCT x) FROM u WHERE y < b) FROM t",
    "SELECT (SELECT count(*) FROM u WHERE x > a AND y < b), (SELECT avg(c) FROM t) FROM t",
    "SELECT (SELECT w FROM u WHERE w = b) FROM t",                      # collations
    "SELECT a FROM t WHERE b = (SELECT y FROM u WHERE x = 1)",
    "SELECT a FROM t WHERE (SELECT w FROM u WHERE x = a) = b",
    "SELECT abs((SELECT min(x) FROM u WHERE x > a) - a) FROM t",
    "SELECT a FROM t WHERE (SELECT count(*) FROM u WHERE x = a) BETWEEN 1 AND 2",
    "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u AS t WHERE t.x = a)",    # inner t first
    "SELECT a FROM t AS p WHERE EXISTS (SELECT 1 FROM u WHERE p.a = x)",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM one WHERE k = t.c)",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM one AS z WHERE z.k = t.c AND k > c)",
    "SELECT a FROM t WHERE a IN (1, 2) AND EXISTS (SELECT 1 FROM u WHERE x IN (a, 3))",
    "SELECT a FROM t WHERE a IN ((SELECT x FROM u WHERE x < a), 2)",
    "SELECT a FROM t WHERE +(SELECT x FROM u) > 1", "SELECT +(SELECT x FROM u) FROM t",
    "SELECT - (SELECT x FROM u) FROM t", "SELECT a FROM t WHERE a IS (SELECT x FROM u)",
    "SELECT CASE (SELECT y FROM u WHERE x = a) WHEN 'a' THEN 1 END FROM t",
    "SELECT a FROM t WHERE (SELECT y FROM u WHERE x = a) IS NULL",
    "SELECT a FROM t WHERE NOT (SELECT 1 FROM u WHERE x = a)",
    "SELECT a FROM t WHERE (SELECT x FROM u) NOT BETWEEN a AND 3",
    "SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u) = 1",
    "SELECT (SELECT count(*) FROM u GROUP BY a) FROM t",                # outer names in
    "SELECT (SELECT count(*) FROM u HAVING count(*) > a) FROM t",       # its clauses
    "SELECT (SELECT x FROM u ORDER BY a + x LIMIT 1) FROM t",
]

DECLINED = [
    "SELECT a FROM t WHERE a = (SELECT x, y FROM u)",                   # errors
    "SELECT (SELECT x, y FROM u) FROM t", "SELECT (SELECT nosuch FROM u) FROM t",
    "SELECT (SELECT x FROM nosuch) FROM t", "SELECT (SELECT x FROM u ORDER BY 2) FROM t",
    "SELECT (SELECT x FROM u WHERE count(*) > 1) FROM t",
    "SELECT (SELECT max(a) FROM u) FROM t",                # t's aggregate (bind_aggregate)
    "SELECT (SELECT count(a) FROM u WHERE x = 1) FROM t",
    "SELECT (SELECT max(a + x) FROM u) FROM t",
    "SELECT (SELECT rowid FROM u) FROM t", "SELECT (SELECT t.rowid FROM u) FROM t",
    "SELECT (SELECT x AS c FROM u WHERE c > 1) FROM t",    # the inner alias, not t's c
    "SELECT (SELECT x FROM u LIMIT a) FROM t",             # LIMIT sees no query
    "SELECT a FROM t ORDER BY (SELECT x FROM u WHERE x = a)",       # not taken there
    "SELECT b FROM t GROUP BY (SELECT 1 FROM u WHERE y = b)",
    "SELECT b FROM t GROUP BY b HAVING EXISTS (SELECT 1 FROM u WHERE y = b)",
    "SELECT a FROM t LIMIT (SELECT count(*) FROM u)",
    "SELECT count((SELECT x FROM u)) FROM t",
    "SELECT (SELECT 1)", "SELECT EXISTS (SELECT 1 FROM u)",          # no FROM outside
    "SELECT (SELECT x FROM u UNION SELECT 1) FROM t",
    "SELECT (SELECT x FROM u, one) FROM t", "SELECT (SELECT x FROM u JOIN one) FROM t",
    "SELECT (SELECT * FROM (SELECT x FROM u)) FROM t",
    "SELECT (SELECT x FROM v) FROM t",
    "SELECT (SELECT a FROM tt) FROM t", "SELECT (VALUES (1)) FROM t",
    "SELECT a FROM t WHERE 0 AND EXISTS (SELECT 1 FROM u)",         # folded away whole
    "SELECT (SELECT x FROM u WHERE x = nosuch) FROM t",
    "SELECT a AS q, (SELECT q) FROM t",                     # no alias in the result list
    "SELECT a AS q FROM t WHERE EXISTS (SELECT 1 FROM u WHERE x = q)",   # t's alias
    "SELECT (SELECT x FROM u WHERE x IN (SELECT a FROM one)) FROM t",
    "SELECT (SELECT x FROM u) FROM t, u", "SELECT (SELECT x FROM u) FROM t JOIN u",
    "SELECT a FROM t WHERE a IN ((SELECT max(x) FROM u WHERE x < a))",  # an IN subquery
    "SELECT a FROM t WHERE a IN (((SELECT x FROM u)))",
    "SELECT a IN (SELECT x FROM u), EXISTS (SELECT 1 FROM u) FROM t",   # IN outside WHERE
]


@pytest.fixture(scope="module")
def session():
    yield from schema_session()


@pytest.mark.parametrize("sql,taken", [(sql, True) for sql in TAKEN] +
                         [(sql, False) for sql in DECLINED])
def test_taken_and_bound_alike_or_declined(session, sql, taken):
    if taken:
        assert check_same(session, sql), sql
    else:
        assert declines(session, sql), sql


_INNER_COLUMNS = ["count(*)", "max(x)", "avg(x)", "x", "y", "w", "'A'", "1", "NULL",
                  "min(y)", "sum(DISTINCT x)", "x + a", "b", "t.c"]
_INNER_WHERE = ["", " WHERE x > 1", " WHERE x < a", " WHERE y = b", " WHERE w = b",
                " WHERE q.x = t.a", " WHERE x IS NULL", " WHERE a IS NULL", " WHERE d IS NULL",
                " WHERE c IS NOT NULL AND x > 2", " WHERE x IN (SELECT k FROM one)",
                " WHERE EXISTS (SELECT 1 FROM one WHERE k = x)",
                " WHERE x = (SELECT max(k) FROM one WHERE k <= a)",
                " WHERE x BETWEEN a AND a + 2 OR y IS NULL", " WHERE 0", " WHERE 1 OR x = a"]
_TAILS = ["", "", "", " ORDER BY 1 LIMIT 1", " LIMIT 1 OFFSET 1", " GROUP BY y"]


def _subquery(rng) -> str:
    source = rng.choice(["u", "u AS q"])
    where = rng.choice(_INNER_WHERE)
    if "q." in where and source == "u":
        where = where.replace("q.", "u.")
    return f"SELECT {rng.choice(_INNER_COLUMNS)} FROM {source}{where}{rng.choice(_TAILS)}"


def _operand(rng) -> str:
    sub = _subquery(rng)
    return rng.choice([f"({sub})", f"EXISTS ({sub})", f"NOT EXISTS({sub})",
                       f"({sub}) + 1", f"coalesce(({sub}), -1)", f"abs(({sub}))"])


def _generated(rng) -> str:
    """A one-table SELECT of t with scalar and EXISTS subqueries of u in its result
    columns and WHERE (and a few of the places and shapes the path declines)."""
    items = rng.sample(["a", "b", "c", "d", _operand(rng), _operand(rng),
                        f"CASE WHEN c > ({_subquery(rng)}) THEN a ELSE b END"],
                       rng.randint(1, 3))
    sql = f"SELECT {', '.join(items)} FROM t"
    terms = [_operand(rng) for _ in range(rng.randint(0, 2))]
    terms += rng.sample(["c > 3", "b = 'a'", "d IS NULL", "a < 6", "0", "1"], rng.randint(0, 2))
    rng.shuffle(terms)
    if terms:
        where = terms[0]
        for term in terms[1:]:
            where = f"{where} {rng.choice(['AND', 'OR'])} {term}"
        sql += f" WHERE {where}"
    if rng.random() < 0.2:
        sql += " GROUP BY b" if rng.random() < 0.5 else f" ORDER BY {rng.choice(['1', 'a'])}"
    return sql


def test_generated_statements_bind_alike_and_match_sqlite(session):
    taken = bind_and_run_generated(session, _generated, random.Random(240000300), 500)
    assert taken > 250, taken
