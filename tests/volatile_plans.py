"""A short differential generator of volatile calls in searched terms (issue 8).

``python -m tests.volatile_plans SEED [COUNT] [--minutes M]`` writes statements over three
small tables -- t(a, b, c) with an index on (a, b), v(id INTEGER PRIMARY KEY, p, q UNIQUE)
with an index on p, u(x INTEGER PRIMARY KEY, y) -- whose WHERE or ON terms compare a
rowid, an index key or a plain column with a counting function registered not
deterministic (``cnt``, 1, 2, 3, ... per call), ``changes()`` or constants, by ``=``,
``IS``, ranges, BETWEEN and IN lists, in queries, joins, LEFT JOINs, correlated
subqueries, ORDER BY, count(*), UPDATE and DELETE; each runs on RowanDB and on SQLite
(apsw) from the same rows, and the rows (sorted; for a write, both tables after it) and
the number of calls must agree. Each disagreement is printed with both outcomes. Branch
volatilein wrote it (its runs are in docs/TESTING.md); branch volatileplan keeps it here.
"""

from __future__ import annotations

import random
import sys
import time

import apsw

import rowandb

SCHEMA = ["CREATE TABLE t(a, b, c)", "CREATE INDEX i ON t(a, b)",
          "CREATE TABLE v(id INTEGER PRIMARY KEY, p, q UNIQUE)", "CREATE INDEX vp ON v(p)",
          "CREATE TABLE u(x INTEGER PRIMARY KEY, y)"]
ROWS = ["INSERT INTO t VALUES (1,1,'a11'),(1,2,'a12'),(2,1,'a21'),(2,2,'a22'),(3,1,'a31'),"
        "(3,2,'a32'),(NULL,1,'n1')",
        "INSERT INTO v VALUES (1,1,1),(2,1,2),(3,2,3),(4,3,4),(5,NULL,5)",
        "INSERT INTO u VALUES (1,10),(2,20),(3,30)"]


def _value(r: random.Random) -> str:
    return r.choice(["cnt(0)", "cnt(0)", "cnt(0)+1", "1", "2", "3", "nullif(cnt(0),2)",
                     "cnt(x)", "changes()"])


def _term(r: random.Random, col: str, outer: bool) -> str:
    v = _value(r)
    if "x" in v and not outer:
        v = "cnt(0)"
    k = r.randrange(7)
    if k == 0:
        return f"{col} = {v}"
    if k == 1:
        first = _value(r) if outer else "cnt(0)"
        return f"{col} IN ({first}, {r.choice(['1', '2', 'cnt(0)'])})".replace(
            "cnt(x)", "cnt(0)" if not outer else "cnt(x)")
    if k == 2:
        return f"{col} > {v}"
    if k == 3:
        return f"{col} < {v}"
    if k == 4:
        return f"{col} IN ({r.choice(['1', '2'])}, {r.choice(['2', '3'])})"
    if k == 5:
        return f"{col} BETWEEN {v} AND {v}+1"
    return f"{col} IS {v}"


def statement(r: random.Random) -> str:
    """One statement of the family."""
    tab = r.choice(["t", "v"])
    cols = ["a", "b", "t.rowid"] if tab == "t" else ["id", "p", "q"]
    outer = r.random() < 0.4
    where = " AND ".join(_term(r, r.choice(cols), outer).replace(
        "cnt(x)", "cnt(x)" if outer else "cnt(0)") for _ in range(r.randint(1, 3)))
    sel = "c" if tab == "t" else "id"
    shape = r.randrange(6)
    if outer:
        if shape < 3:
            return f"SELECT x, {sel} FROM u, {tab} WHERE {where}"
        if shape < 5:
            return f"SELECT x, {sel} FROM u LEFT JOIN {tab} ON {where}"
        return f"SELECT x, (SELECT group_concat({sel}) FROM {tab} WHERE {where}) FROM u"
    if shape == 0:
        return f"DELETE FROM {tab} WHERE {where}"
    if shape == 1:
        return f"UPDATE {tab} SET {'c' if tab == 't' else 'p'} = 'z' WHERE {where}"
    if shape == 2:
        return f"SELECT {sel} FROM {tab} WHERE {where} ORDER BY {r.choice(cols)} " \
            f"{r.choice(['', 'DESC'])}"
    if shape == 3:
        return f"SELECT count(*) FROM {tab} WHERE {where}"
    return f"SELECT {sel} FROM {tab} WHERE {where}"


def outcome(engine: str, sql: str):
    """(rows, calls) of ``sql`` on a fresh database of ``engine`` ("rowandb"/"sqlite")."""
    calls = [0]

    def cnt(_value):
        calls[0] += 1
        return calls[0]
    if engine == "rowandb":
        con = rowandb.connect(":memory:")
        con.create_function("cnt", 1, cnt)
    else:
        con = apsw.Connection(":memory:")
        con.create_scalar_function("cnt", cnt, 1)
    for s in SCHEMA + ROWS:
        con.execute(s)
    if engine == "rowandb":
        con.commit()
    try:
        cursor = con.execute(sql)
        if engine == "rowandb":
            found = cursor.fetchall() if cursor.description else []
        else:
            found = list(cursor)
        rows = sorted(map(repr, map(tuple, found)))
        if sql.startswith(("DELETE", "UPDATE")):
            rows = [tuple(x) for x in con.execute("SELECT * FROM t ORDER BY rowid")] + \
                [tuple(x) for x in con.execute("SELECT * FROM v ORDER BY rowid")]
    except Exception as e:                      # the error class is the outcome
        rows = type(e).__name__
    return rows, calls[0]


def main(argv: list) -> int:
    seed = int(argv[0])
    count, minutes = 10 ** 9, None
    if "--minutes" in argv:
        minutes = float(argv[argv.index("--minutes") + 1])
    elif len(argv) > 1:
        count = int(argv[1])
    r, bad, done, start = random.Random(seed), 0, 0, time.monotonic()
    while done < count and (minutes is None or time.monotonic() - start < minutes * 60):
        sql = statement(r)
        ours, theirs = outcome("rowandb", sql), outcome("sqlite", sql)
        done += 1
        if ours != theirs:
            bad += 1
            print("BAD", sql, "| ours", ours, "| sqlite", theirs)
    print("seed", seed, "statements", done, "bad", bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
