"""A generator of WHERE terms over a compound FROM subquery, run on RowanDB and SQLite.

SQLite copies a WHERE term over a FROM subquery into each SELECT of it
(select.c pushDownWhereTerms): there a column stands for that SELECT's expression, so
the copy compares under that expression's affinity, while the collation stays the
column's (substExpr adds it), and the outer test stays too -- a row passes only if both
pass. Whether it copies at all depends on the subquery (LIMIT, window functions, a
UNION, INTERSECT or EXCEPT whose SELECTs' columns are not all BINARY...).

``statements(seed)`` draws such queries: two or three SELECTs, each column one of
``ARMS`` (typed columns of a table, CASTs, COLLATEs, literals of each type, expressions
and subqueries), joined by UNION ALL mostly, sometimes by another compound operator,
with a DISTINCT, aggregate or windowed SELECT, a LIMIT or an ORDER BY, as a FROM
subquery or a common table (MATERIALIZED or not), under one or two of ``TERMS`` (every kind
of WHERE term: comparisons, IS, BETWEEN, IN, LIKE, GLOB, CASE, functions, arithmetic,
row values, subqueries). ``differences(statements)`` runs them on both engines and gives
those whose outcomes differ. ``python tests/union_push.py [count [seed]]`` (from
``tests/``) prints them and their count.
"""

from __future__ import annotations

import itertools
import random
import re
import sys

from oracle import pair, run

SETUP = [
    "CREATE TABLE t(i INTEGER, s TEXT, r REAL, n NUMERIC, b BLOB, x, "
    "nc TEXT COLLATE NOCASE, rt TEXT COLLATE RTRIM)",
    "INSERT INTO t VALUES (1, '1', 1.0, '1', '1', 1, 'ABC', 'abc '), "
    "(0, 'abc', 0.5, 'x', 1, '0', 'abc', '1'), "
    "(NULL, ' 1', NULL, 2, x'31', 1.0, '1', NULL), "
    "(2, '2.0', 2.0, 2.5, 2.0, 'ABC', NULL, 'ABC')",
    "CREATE INDEX ti ON t(i)", "CREATE INDEX ts ON t(s)", "CREATE INDEX tnc ON t(nc)",
]

#: A SELECT's expression for the column ``c``: one reading ``t`` makes the SELECT read it.
ARMS = (
    "t.i", "t.s", "t.r", "t.n", "t.b", "t.x", "t.nc", "t.rt",
    "CAST(t.i AS TEXT)", "CAST(t.s AS INTEGER)", "CAST(t.x AS REAL)", "CAST(t.s AS NUMERIC)",
    "CAST(1 AS TEXT)", "CAST('1' AS INTEGER)", "CAST(0 AS TEXT)",
    "t.s COLLATE NOCASE", "'abc' COLLATE NOCASE", "t.i COLLATE RTRIM", "t.nc COLLATE BINARY",
    "'ABC' COLLATE RTRIM",
    "1", "0", "'1'", "1.0", "x'31'", "NULL", "'abc'", "' 1'", "'ABC'",
    "t.i + 0", "+t.s", "t.s || ''", "abs(t.r)", "coalesce(t.s, 1)",
    "CASE WHEN t.i THEN t.s ELSE t.i END", "(SELECT CAST(1 AS TEXT))", "likely(t.s)",
)

#: A WHERE term over the column ``c``.
TERMS = (
    "c = 1", "c = '1'", "1 < c", "c > '0'", "c >= 1.0", "c <> 1", "c = 0", "0 < c",
    "c IS 1", "c IS NOT '1'", "c = 'ABC'", "c = 'abc'", "c = 'abc '", "'ABC' = c",
    "c BETWEEN 0 AND '1'", "c NOT BETWEEN 1 AND 2", "1 BETWEEN c AND 2",
    "c IN (1, '1')", "c IN (0, 1, 2, 'abc')", "c NOT IN ('1', 2)", "1 IN (c, 2)",
    "c LIKE '1%'", "c LIKE 'a%'", "c GLOB 'a*'", "c ISNULL", "c NOTNULL",
    "typeof(c) = 'integer'", "typeof(c) = 'real'", "typeof(c) = 'text'",
    "c + 0 = 1", "+c = 1", "c || '' = '1'", "-c < 0", "length(c) = 1",
    "CASE c WHEN 1 THEN 1 END", "CASE c WHEN 'abc' THEN 1 ELSE 0 END",
    "CASE WHEN c = '1' THEN 1 END", "coalesce(c, 0) = 1", "nullif(c, 1) IS NULL",
    "max(c, '1') = c", "min(c, 1) = 1", "c COLLATE NOCASE = 'ABC'", "c = 'ABC' COLLATE NOCASE",
    "c COLLATE BINARY = 'abc'", "NOT (c <> 1)", "c < 'a' OR c > 0", "(c, 1) = (1, 1)",
    "(c, 0) < (1, 1)", "c IN (SELECT 1)", "c = (SELECT '1')", "EXISTS (SELECT 1 WHERE c = 1)",
    "c", "NOT c", "c AND 1", "iif(c = 1, 1, 0)", "c = 1.0", "c > 0.5",
)

#: A VALUES row's expression: constant, so several rows make one co-routine unless a row
#: before them has an affinity or a WITH clause came first (sqlite3MultiValues).
ROWS = ("1", "0", "'1'", "1.0", "x'31'", "NULL", "'abc'", "' 1'", "'ABC'", "2",
        "CAST(1 AS TEXT)", "CAST('1' AS INTEGER)", "CAST(0 AS TEXT)", "CAST('0' AS REAL)",
        "'abc' COLLATE NOCASE", "abs(-1)", "'1' || ''")

SHAPES = ("", "", "", "", "distinct", "aggregate", "limit", "window", "order", "cte",
          "materialized")
OPERATORS = ("UNION ALL",) * 6 + ("UNION", "INTERSECT", "EXCEPT")


def _select(expr: str, shape: str, window: str = "") -> str:
    from_ = " FROM t" if "t." in expr or window else ""
    if shape == "distinct":
        return f"SELECT DISTINCT {expr} AS c{window}{from_}"
    if shape == "aggregate":
        return f"SELECT {expr} AS c{window}{from_} GROUP BY 1"
    return f"SELECT {expr} AS c{window}{from_}"


def query(arms: list, ops: list, terms: list, shape: str = "") -> str:
    """``SELECT * FROM (<arms joined by ops>) WHERE <terms>``; ``shape`` of the last
    SELECT: DISTINCT, grouped, a window function (a second column, ``w``, in every
    SELECT); of the whole: a LIMIT, an ORDER BY, a common table (MATERIALIZED or not)."""
    def window(k):
        if shape != "window":
            return ""
        return ", row_number() OVER () AS w" if k == len(arms) - 1 else ", 0 AS w"
    parts = [_select(arms[0], "", window(0))]
    for k, (op, arm) in enumerate(zip(ops, arms[1:]), 1):
        parts.append(f"{op} {_select(arm, shape if k == len(arms) - 1 else '', window(k))}")
    sub = " ".join(parts) + {"limit": " LIMIT 10", "order": " ORDER BY 1"}.get(shape, "")
    where = " AND ".join(terms)
    if shape in ("cte", "materialized"):
        how = "MATERIALIZED " if shape == "materialized" else ""
        return f"WITH s AS {how}({sub}) SELECT * FROM s WHERE {where}"
    return f"SELECT * FROM ({sub}) WHERE {where}"


def statements(seed: int, count: int | None = None) -> list:
    """Every pair of ``ARMS`` under each term of a few drawn from ``TERMS`` (a UNION ALL of
    two plain SELECTs), then ``count`` drawn queries of two or three SELECTs, any
    operator and shape, one or two terms (all of them once when ``count`` is None)."""
    rnd = random.Random(seed)
    found = []
    for x, y in itertools.permutations(ARMS, 2):
        for term in rnd.sample(TERMS, 3):
            found.append(query([x, y], ["UNION ALL"], [term]))
    for _ in range(len(ARMS) * len(TERMS) if count is None else count):
        width = rnd.choice((2, 2, 3))
        arms = [rnd.choice(ARMS) for _ in range(width)]
        ops = [rnd.choice(OPERATORS) for _ in range(width - 1)]
        terms = rnd.sample(TERMS, rnd.choice((1, 1, 2)))
        found.append(query(arms, ops, terms, rnd.choice(SHAPES)))
    return found


def values_statements(seed: int, count: int) -> list:
    """``count`` drawn queries over a compound with a VALUES list of one to four rows of
    ``ROWS`` as one of its SELECTs (first or not), as a FROM subquery or, so that its
    rows are SELECTs of a UNION ALL rather than a co-routine, under a WITH clause."""
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        rows = ", ".join(f"({rnd.choice(ROWS)})" for _ in range(rnd.choice((1, 2, 2, 3, 4))))
        arms = [f"VALUES {rows}", _select(rnd.choice(ARMS), "")]
        if rnd.random() < 0.3:
            arms.append(_select(rnd.choice(ARMS), ""))
        first = rnd.randrange(len(arms))
        arms.insert(0, arms.pop(first))
        ops = [rnd.choice(OPERATORS) for _ in arms[1:]]
        sub = " ".join([arms[0]] + [f"{op} {arm}" for op, arm in zip(ops, arms[1:])])
        name = "column1" if first == 0 else "c"
        where = " AND ".join(re.sub(r"\bc\b", name, term)
                             for term in rnd.sample(TERMS, rnd.choice((1, 1, 2))))
        with_ = "WITH w AS (SELECT 1) " if rnd.random() < 0.3 else ""
        found.append(f"{with_}SELECT * FROM ({sub}) WHERE {where}")
    return found


#: A WHERE term over the column ``c`` of the compound and the columns of ``t AS o``.
JOIN_TERMS = ("c = o.s", "o.s > c", "CAST(o.i AS TEXT) > c", "c < o.r", "c IN (o.i, o.s)",
              "o.nc = c", "c BETWEEN o.i AND o.s", "c = o.x", "c + o.i > 1", "o.b = c")


def join_statements(seed: int, count: int) -> list:
    """``count`` drawn joins of ``t AS o`` with a compound FROM subquery (two or three of
    ``ARMS`` or a VALUES list of ``ROWS``, joined by UNION ALL) under a term of
    ``JOIN_TERMS`` and maybe one of ``TERMS``: SQLite flattens the compound into the join
    only when its SELECTs all read a table and their columns have one affinity, else it
    copies into them only the terms on the compound's own columns."""
    rnd = random.Random(seed)
    found = []
    for _ in range(count):
        arms = [_select(rnd.choice(ARMS), "") for _ in range(rnd.choice((2, 2, 3)))]
        if rnd.random() < 0.3:
            arms[rnd.randrange(1, len(arms))] = "VALUES " + ", ".join(
                f"({rnd.choice(ROWS)})" for _ in range(rnd.choice((1, 2, 3))))
        terms = [rnd.choice(JOIN_TERMS)] + rnd.sample(TERMS, rnd.choice((0, 0, 1)))
        where = " AND ".join(re.sub(r"\bc\b", "v.c", term) for term in terms)
        found.append(f"SELECT o.i, v.c FROM t AS o, ({' UNION ALL '.join(arms)}) AS v "
                     f"WHERE {where}")
    return found


#: A term fixing the column ``c`` to a constant (SQLite's findConstInWhere).
FIXERS = ("c = 1.0", "c = 1", "c = '1'", "c = 2.0", "c = 0", "c = 0.5", "1.0 = c",
          "c IN (1.0)", "c = '2.0'", "c = x'31'")


def fixed_statements(seed: int, count: int) -> list:
    """``count`` drawn queries under a term of ``FIXERS`` and one or two of ``TERMS``
    over a compound (or one SELECT) whose first SELECT's column is often a CAST: such a
    compound's numeric column has SQLite's affinity FLEXNUM, which a column fixed by
    constant propagation takes (1.0 stays 1.0 there, where a NUMERIC column's is 1),
    sometimes inside a subquery of one SELECT."""
    rnd = random.Random(seed)
    casts = [arm for arm in ARMS if arm.startswith("CAST")]
    found = []
    for _ in range(count):
        width = rnd.choice((1, 2, 2, 3))
        arms = [rnd.choice(casts if rnd.random() < 0.6 else ARMS) for _ in range(width)]
        ops = [rnd.choice(OPERATORS) for _ in range(width - 1)]
        terms = [rnd.choice(FIXERS)] + rnd.sample(TERMS, rnd.choice((1, 1, 2)))
        rnd.shuffle(terms)
        sql = query(arms, ops, terms, rnd.choice(SHAPES))
        if sql.startswith("SELECT * FROM (") and rnd.random() < 0.3:
            # a subquery of one SELECT around it, which SQLite may flatten in turn
            sub, where = sql[len("SELECT * FROM ("):].rsplit(") WHERE ", 1)
            wrap = rnd.choice(("", " LIMIT 9", " WHERE c NOTNULL"))
            sql = f"SELECT * FROM (SELECT c FROM ({sub}){wrap}) WHERE {where}"
        found.append(sql)
    return found


def differences(sqls: list) -> list:
    """[(sql, RowanDB's outcome, SQLite's)] for each statement whose outcomes differ
    (rows compared as sorted lists: no ORDER BY)."""
    mine, theirs = pair(SETUP)
    found = []
    for sql in sqls:
        a, b = run(mine, sql), run(theirs, sql)
        if a[0] == "ok" and b[0] == "ok":
            a, b = ("ok", sorted(a[1])), ("ok", sorted(b[1]))
        if a != b:
            found.append((sql, a, b))
    return found


if __name__ == "__main__":
    every = statements(int(sys.argv[2]) if len(sys.argv) > 2 else 87000001,
                       int(sys.argv[1]) if len(sys.argv) > 1 else None)
    diff = differences(every)
    for sql, a, b in diff[:40]:
        print(sql, "\n   rowandb:", a, "\n   sqlite: ", b)
    print(len(diff), "of", len(every), "differ")
