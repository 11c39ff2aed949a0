"""Outer joins of views, table functions and subqueries with tables read INDEXED BY or NOT
INDEXED, against SQLite (apsw): which of them SQLite plans, and which are 'no query
solution' (branch fuzzjoins, fuzz cases 85300464 and 178200114 and the shapes around them).

Two rules decide it, both generated over every join kind RowanDB has:

* A parenthesised join ``v JOIN (x RIGHT JOIN w INDEXED BY e ON ...) ON v.c = x.c``: SQLite
  flattens the view v and pushes the ON term down into the parenthesised join
  (pushDownWhereTerms); where v's column is constant -- a literal, or an expression whose
  only reads are uncorrelated subqueries, which the push-down allows -- the term reads x
  alone, makes the RIGHT (FULL) JOIN inner (LEFT), and an index on expressions e may then
  be scanned whole; otherwise it may not (where.c whereLoopAddBtree: no full scan of an
  index on expressions for a RIGHT JOIN's right table).
* An EXISTS subquery keeps the columns its result list read of a FROM subquery SQLite
  does not flatten (the right side of a RIGHT or FULL JOIN, one with a LIMIT: an EXISTS has
  an implied LIMIT 1), so a view's column holding a subquery that reads a partial index
  INDEXED BY, which no WHERE implies, is planned and fails there, and not where SQLite
  flattens the view or the column is unread.
"""

from __future__ import annotations

import itertools

import pytest

from oracle import outcomes

SETUP = [
    "CREATE TABLE t(c REAL, k INTEGER)",
    "CREATE TABLE w(a INTEGER PRIMARY KEY, d INTEGER, e TEXT)",
    "CREATE INDEX wp ON w(d)",
    "CREATE INDEX wq ON w(d) WHERE d > 0",
    "CREATE INDEX we ON w(abs(d), a)",
    "CREATE TABLE s(c0 INTEGER PRIMARY KEY, b)",
    "CREATE INDEX r ON s(b) WHERE b < b",
    "CREATE VIEW v_lit(a, c) AS SELECT 4, 1 FROM json_each('[1,2]')",
    "CREATE VIEW v_sub(a, c) AS SELECT 4, (SELECT 1 FROM t ORDER BY c LIMIT 1) "
    "FROM json_each('[1,2]')",
    "CREATE VIEW v_tab(a, c) AS SELECT k, c FROM t",
    "CREATE VIEW v_err(c, b) AS SELECT NULL, (NULL IN (SELECT NULL FROM s AS q INDEXED BY r)) "
    "FROM s",
    "INSERT INTO t VALUES (1, 1), (2, 2), (NULL, 3)",
    "INSERT INTO w VALUES (1, 1, 'x'), (2, -2, 'y'), (3, NULL, 'z')",
    "INSERT INTO s VALUES (1, 1), (2, NULL)",
]

VIEWS = ["v_lit", "v_sub", "v_tab", "(SELECT 1 AS c FROM json_each('[1]'))",
         "(SELECT (SELECT 2 FROM s LIMIT 1) AS c FROM t)"]
LEFTS = ["t AS x", "(SELECT c FROM t) AS x",
         "(SELECT value AS c FROM json_each('[1,2,null]')) AS x"]
KINDS = ["", "LEFT", "RIGHT", "FULL"]
READS = ["", "NOT INDEXED", "INDEXED BY wp", "INDEXED BY wq", "INDEXED BY we"]
ONS = ["1", "w.d = x.c", "abs(w.d) = x.c", "w.d > 0"]


def _same_rows(queries):
    """Each query's outcome is SQLite's, rows compared as a multiset (the order of a
    join's rows is not what this file is about)."""
    def key(outcome):
        return (outcome[0], sorted(map(repr, outcome[1]))) if outcome[0] == "ok" else outcome
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes(SETUP, queries) if key(a) != key(b)]
    assert not differences, f"{len(differences)} of {len(queries)} differ:\n" + \
        "\n".join(differences)


@pytest.mark.parametrize("view", VIEWS)
def test_a_view_column_pushed_into_parenthesised_outer_joins(view):
    """``view AS i JOIN (x KIND JOIN w READ ON on) ON i.c = x.c``, and the same with the
    term in the WHERE (fuzz 85300464: a constant view column over json_each)."""
    queries = []
    for left, kind, read, on in itertools.product(LEFTS, KINDS, READS, ONS):
        joined = f"({left} {kind} JOIN w {read} ON {on})"
        queries.append(f"SELECT * FROM {view} AS i JOIN {joined} ON i.c = x.c")
        queries.append(f"SELECT i.c, w.a FROM {view} AS i, {joined} WHERE x.c = i.c")
    _same_rows(queries)


EXISTS_COLUMNS = ["*", "p.b", "p.c", "1", "count(*)"]
EXISTS_ITEMS = ["v_err AS p", "(SELECT * FROM v_err LIMIT 3) AS p",
                "(SELECT c, b FROM v_err) AS p", "(SELECT DISTINCT * FROM v_err) AS p"]
EXISTS_JOINS = ["{P}", "t {K} JOIN {P} ON {ON}", "{P} {K} JOIN t ON {ON}",
                "t {K} JOIN (t AS u CROSS JOIN {P}) ON {ON}",
                "t {K} JOIN json_each('[1]') AS j ON 1 {K} JOIN {P} ON {ON}"]


@pytest.mark.parametrize("item", EXISTS_ITEMS)
def test_exists_reads_the_columns_it_names_of_an_unflattened_subquery(item):
    """``[NOT] EXISTS (SELECT cols FROM ... KIND JOIN p ...)`` with p a view whose column
    plans a subquery INDEXED BY a partial index nothing implies (fuzz 178200114), in every
    join kind and place, and the same query as a FROM subquery FULL JOINed outside."""
    queries = []
    for columns, shape, kind, on in itertools.product(
            EXISTS_COLUMNS, EXISTS_JOINS, KINDS, ["NULL", "t.c = p.c"]):
        if shape == "{P}" and (kind or on != "NULL"):
            continue
        joins = shape.format(P=item, K=kind, ON=on)
        queries.append(f"SELECT k FROM t WHERE NOT EXISTS (SELECT {columns} FROM {joins})")
    queries += [f"SELECT * FROM (SELECT 1 AS c FROM t WHERE EXISTS (SELECT {columns} "
                f"FROM t {kind} JOIN {item} ON NULL)) AS o FULL JOIN t USING (c)"
                for columns in EXISTS_COLUMNS for kind in KINDS]
    _same_rows(queries)


def test_exists_with_a_limit_of_its_own():
    """SQLite makes an EXISTS's LIMIT X ``X <> 0``, so its FROM subquery with a LIMIT is
    not flattened either; one made a join of the outer query keeps its own rules."""
    queries = [f"SELECT k FROM t WHERE EXISTS (SELECT {columns} FROM "
               f"(SELECT * FROM v_err LIMIT 3) AS p{limit})"
               for columns in EXISTS_COLUMNS for limit in ("", " LIMIT 0", " LIMIT 5",
                                                           " LIMIT 1 OFFSET 1")]
    queries += [f"SELECT k FROM t WHERE EXISTS (SELECT {columns} FROM "
                f"(SELECT * FROM w LIMIT 2) AS p WHERE p.d = t.k)"
                for columns in EXISTS_COLUMNS]
    _same_rows(queries)


def test_a_subquery_flattened_under_a_limit():
    """A FROM subquery flattened into a query with a LIMIT (its own, a scalar's or an
    EXISTS's LIMIT 1) brings its own FROM subquery with a LIMIT, which is then not
    flattened (select.c restriction 13): its columns are those the outer query reads --
    an EXISTS's result list as written -- and the rows are those its LIMIT keeps."""
    inner = ["(SELECT (SELECT 1 FROM s INDEXED BY r) AS y, c AS x FROM t LIMIT 5)",
             "(SELECT k AS y, c AS x FROM t ORDER BY k DESC LIMIT 2)",
             "(SELECT d AS y, e AS x FROM w LIMIT 2)"]
    middle = ["(SELECT y, x FROM {P})", "(SELECT * FROM (SELECT y, x FROM {P}))",
              "(SELECT y, x FROM {P} ORDER BY x)"]
    outer = ["SELECT EXISTS (SELECT {C} FROM {M})", "SELECT (SELECT {C} FROM {M})",
             "SELECT {C} FROM {M} LIMIT 1", "SELECT {C} FROM {M} ORDER BY x LIMIT 1",
             "SELECT k FROM t WHERE EXISTS (SELECT {C} FROM {M} WHERE y = t.k)"]
    _same_rows([o.format(C=c, M=m.format(P=p)) for o, m, p, c in itertools.product(
        outer, middle, inner, ["*", "x", "y"]) if c != "*" or not o.startswith("SELECT (")])
