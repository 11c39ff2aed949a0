"""Which of several bad names in a call SQLite reports: its arguments, ORDER BY, FILTER
and window, against SQLite (apsw).

SQLite resolves a call (resolve.c, resolveExprStep) by noting the call's own error,
walking its arguments, then -- an aggregate without an error of its own -- its ORDER BY
terms and its FILTER, or -- a window call with no error so far -- settling the window
(window.c, sqlite3WindowUpdate: a named window, RANGE's ORDER BY, FILTER on a built-in
window function) and walking its PARTITION BY, ORDER BY and FILTER; after an error only
the FILTER. Each is a walk of its own: an error ends the walk it is in, the next walk
still starts, and once an error waits a node that is neither a name, a call nor a
subquery ends a walk at once, while a name that fails replaces the error (SQLite keeps
the last). A frame bound that is not constant is NULL to SQLite's parser, so its
subqueries' tables are never looked up; DISTINCT and an ORDER BY inside a window call's
arguments are the parser's errors, before any table is. The fuzzer's `alter` feature met
the first in fuzz 81200133 and 81400046 (the FILTER walked first, its subquery's missing
column reported). ``test_generated_calls`` draws such calls, two to eight bad names in
their parts and in the query around them: before the fix about a third of them gave
another error than SQLite's.
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same, outcomes

SETUP = ["CREATE TABLE t0(a, b)", "CREATE TABLE t1(c, d)", "INSERT INTO t0 VALUES (1, 2)",
         "CREATE TABLE t2(c9)", "CREATE TABLE t3(c8)"]

CASES = {
    "fuzz 81200133 / 81400046: the arguments before the FILTER": [
        "SELECT avg((NULL LIKE a104.c9 ESCAPE '\\')) FILTER (WHERE (NULL NOT IN (SELECT a109.c9 "
        "FROM t2 AS a108 FULL JOIN t3 AS a109 ON NULL))) FROM t2",
        "SELECT avg(x.y) FILTER (WHERE z.w) FROM t0",
        "SELECT avg(x.y) FILTER (WHERE z.w + 1) FROM t0",
        "SELECT avg(x.y) FILTER (WHERE NOT z.w) FROM t0",
        "SELECT avg(x.y) FILTER (WHERE (SELECT 1 FROM t0 JOIN t1 ON z.w)) FROM t0",
    ],
    "an aggregate's arguments, ORDER BY, FILTER: a walk each": [
        "SELECT avg(x.y ORDER BY z.w) FROM t0", "SELECT avg(x.y ORDER BY z.w + 1) FROM t0",
        "SELECT avg(x.y + 1 ORDER BY q.q + 1) FILTER (WHERE z.w + 1) FROM t0",
        "SELECT total((SELECT n1 FROM t1 ORDER BY 1) ORDER BY likely(x2.y2), CAST(n3 AS INT)) "
        "FILTER (WHERE likely(x4.y4)) FROM t0",
        "SELECT max(NOT x1.y1 ORDER BY likely(n2), (SELECT x3.y3)) "
        "FILTER (WHERE CAST(n4 AS INT)) FROM t0",
        "SELECT total(n1 ORDER BY a, n3 BETWEEN 1 AND 2), EXISTS (SELECT x30.y30) FROM t0",
        # a call's own error: no ORDER BY or FILTER walked after the arguments
        "SELECT count(*) FROM t0 GROUP BY sum(a ORDER BY x.y)",
        "SELECT sum(sum(a) ORDER BY x.y) FROM t0", "SELECT sum(a, b) FILTER (WHERE x.y) FROM t0",
        "SELECT abs(a) FILTER (WHERE x.y) FROM t0",
        "SELECT coalesce(abs(x.y), abs(a) FILTER (WHERE 1)) FROM t0",
    ],
    "a window's PARTITION BY, ORDER BY, FILTER after its arguments": [
        "SELECT avg(x.y) OVER (PARTITION BY z.w) FROM t0",
        "SELECT avg(x.y) FILTER (WHERE q.q) OVER (ORDER BY z.w) FROM t0",
        "SELECT avg(a) FILTER (WHERE q.q) OVER (PARTITION BY z.w + 1) FROM t0",
        "SELECT avg(a) OVER (PARTITION BY z.w ORDER BY p.p) FROM t0",
        "SELECT avg(a) OVER (PARTITION BY z.w + 1 ORDER BY p.p) FROM t0",
        "SELECT coalesce(abs(x.y), sum(a) OVER (PARTITION BY z.w)) FROM t0",
        "SELECT count(*) FROM t0 HAVING count(abs(n1)) OVER (PARTITION BY n2 LIKE 'a')",
        "SELECT count(*) FROM t0 HAVING ntile(max(x1.y1, 1)) OVER (ORDER BY b)",
        "SELECT abs(x.y) OVER (ORDER BY z.w) FROM t0", "SELECT nosuchf(x.y) OVER () FROM t0",
    ],
    "the window settled: its error noted, the walks go on": [
        "SELECT sum(a) FILTER (WHERE x.y) OVER (RANGE 1 PRECEDING) FROM t0",
        "SELECT sum(a) OVER (PARTITION BY x.y RANGE 1 PRECEDING) FROM t0",
        "SELECT sum(a) OVER (RANGE 1 PRECEDING) FROM t0 WHERE x.y",
        "SELECT sum(a) OVER (w PARTITION BY x.y) FROM t0 WINDOW w AS ()",
        "SELECT sum(a) OVER (w ORDER BY x.y) FROM t0 WHERE z.w WINDOW w AS (ORDER BY a)",
        "SELECT sum(a) OVER (w) FROM t0 WHERE x.y WINDOW w AS (ROWS 1 PRECEDING)",
        "SELECT sum(a) OVER (nosuchw ORDER BY x.y) FROM t0",
        "SELECT sum(a) OVER nosuchw FROM t0 WHERE x.y", "SELECT sum(x.y) OVER nosuchw FROM t0",
        "SELECT row_number() FILTER (WHERE x.y) OVER () FROM t0",
        "SELECT row_number() FILTER (WHERE 1) OVER () FROM t0 WHERE x.y",
    ],
    "frame bounds: not constant, NULL; any expression": [
        "SELECT sum(a) OVER (ROWS BETWEEN (SELECT 1 FROM nosuch) PRECEDING AND CURRENT ROW) "
        "FROM t0",
        "SELECT sum(a) OVER (ORDER BY a ROWS BETWEEN 1 PRECEDING AND (SELECT 1 FROM nosuch) "
        "FOLLOWING) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN (SELECT 1 FROM nosuch) PRECEDING AND CURRENT ROW) "
        "FROM t1",
        "SELECT sum(a) OVER (RANGE (SELECT 1 FROM nosuch) PRECEDING) FROM t0",
        "SELECT sum(a) OVER w FROM t0 WINDOW w AS (GROUPS 1 IN nosuch PRECEDING)",
        "SELECT sum(a) OVER (ROWS BETWEEN 1 AND 1 PRECEDING AND CURRENT ROW) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN 1 = 1 PRECEDING AND 1 IS NOT NULL FOLLOWING) FROM t0",
        "SELECT sum(a) OVER (ROWS 2 BETWEEN 0 AND 1 PRECEDING), sum(a) OVER (ROWS 1 LIKE 1 "
        "PRECEDING) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN x.y IS NULL PRECEDING AND CURRENT ROW) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN 1 AND 2 PRECEDING) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN 1 PRECEDING) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN 1 PRECEDING AND 2) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN 1 PRECEDING AND 2 EXCLUDE TIES) FROM t0",
        "SELECT sum(a) OVER (ROWS 1 PRECEDING AND 2 FOLLOWING) FROM t0",
    ],
    "the parser's errors of a window call, before its tables": [
        "SELECT sum(a ORDER BY (SELECT 1 FROM n)) OVER () FROM t0",
        "SELECT sum(DISTINCT a) OVER (ORDER BY (SELECT 1 FROM n)) FROM t0",
        "SELECT sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING), "
        "sum(DISTINCT a) OVER () FROM t0",
        "SELECT sum(DISTINCT a) OVER (), sum(a) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) "
        "FROM t0",
        "SELECT sum(a) OVER (ORDER BY (SELECT sum(DISTINCT a) OVER ()) ROWS BETWEEN CURRENT ROW "
        "AND 1 PRECEDING) FROM t0",
        "SELECT sum(a) OVER w FROM t0 WINDOW w AS (ORDER BY a), w2 AS (w ORDER BY a), "
        "w3 AS (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING)",
    ],
}


@pytest.mark.parametrize("name", CASES)
def test_call_errors(name):
    assert_same(SETUP, CASES[name])


# -- generated calls ------------------------------------------------------------------------
# A bad name ``{n}`` (``xK.yK`` or ``nosuchK``) under one of these, or a good part.
_WRAPS = ("{n}", "{n} + 1", "NOT {n}", "(SELECT {n})", "(SELECT 1 FROM t1 WHERE {n})",
          "abs({n})", "{n} IS NULL", "{n} IN (SELECT 1)", "EXISTS (SELECT {n})",
          "CASE WHEN {n} THEN 1 END", "{n} COLLATE NOCASE", "coalesce(1, {n})",
          "(SELECT count({n}) FROM t1)", "1 IN (SELECT {n} FROM t1)", "NOT 1 IN (SELECT {n})",
          "-{n}", "{n} LIKE 'a'", "CAST({n} AS INT)", "({n})", "{n} IS 1",
          "1 NOT IN (SELECT {n} FROM t0 AS p FULL JOIN t1 AS q ON NULL)",
          "(SELECT {n} FROM t1 ORDER BY 1)", "{n} = 1", "{n} ISNULL", "likely({n})",
          "{n} BETWEEN 1 AND 2", "(SELECT 1 FROM (SELECT {n}))", "max({n}, 1)")
_GOOD = ("a", "a + 1", "(SELECT 1)", "b")


class _Calls:
    """Calls of aggregates, window functions and scalar functions with bad names drawn
    into their parts, in queries with more of them around."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.k = 0

    def part(self) -> str:
        self.k += 1
        if self.rng.random() < 0.75:
            n = self.rng.choice((f"x{self.k}.y{self.k}", f"nosuch{self.k}"))
            return self.rng.choice(_WRAPS).format(n=n)
        return self.rng.choice(_GOOD)

    def parts(self, most: int) -> str:
        return ", ".join(self.part() for _ in range(self.rng.randint(1, most)))

    def aggregate(self, names) -> str:
        rng = self.rng
        call = f"{rng.choice(names)}({self.part()}"
        if rng.random() < 0.5:
            call += f" ORDER BY {self.parts(2)}"
        call += ")"
        return call + (f" FILTER (WHERE {self.part()})" if rng.random() < 0.6 else "")

    def window(self) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            call = rng.choice(("row_number()", f"ntile({self.part()})", f"lag({self.part()})"))
            call += f" FILTER (WHERE {self.part()})" if rng.random() < 0.1 else ""
        else:
            name = rng.choice(("avg", "sum", "count", "group_concat", "max", "abs", "nosuchf"))
            extra = ", 1, 2" if rng.random() < 0.05 else ""
            call = f"{name}({self.part()}{extra})"
            call += f" FILTER (WHERE {self.part()})" if rng.random() < 0.5 else ""
        over = []
        if rng.random() < 0.6:
            over.append(f"PARTITION BY {self.parts(2)}")
        if rng.random() < 0.7:
            over.append(f"ORDER BY {self.parts(2)}")
        if rng.random() < 0.3:
            kind = rng.choice(("ROWS", "RANGE", "GROUPS"))
            over.append(f"{kind} BETWEEN {self.part()} PRECEDING AND CURRENT ROW")
        return f"{call} OVER ({' '.join(over)})"

    def call(self) -> str:
        rng = self.rng
        kind = rng.random()
        if kind < 0.35:
            call = self.aggregate(("avg", "sum", "count", "group_concat", "max", "total"))
        elif kind < 0.5:
            call = self.aggregate(("abs", "length", "nosuchfunc", "substr", "row_number"))
        else:
            call = self.window()
        return _pick(rng.random(), (
            (0.15, lambda: f"coalesce(abs({self.part()}), {call})"),
            (0.25, lambda: f"coalesce({call}, {self.part()})"),
            (0.32, lambda: f"({self.part()}) + {call}"), (0.4, lambda: f"sum({call})"),
            (1, lambda: call)))

    def query(self) -> str:
        rng = self.rng
        self.k = 0
        call = self.call()
        if rng.random() < 0.1 and "OVER (" in call:
            call = call.replace("OVER (", "OVER (w ", 1)
            return f"SELECT {call} FROM t0 WINDOW w AS (ORDER BY {self.part()})"
        return _pick(rng.random(), (
            (0.55, lambda: f"SELECT {call} FROM t0"),
            (0.65, lambda: f"SELECT 1 FROM t0 ORDER BY {call}"),
            (0.75, lambda: f"SELECT {call}, {self.part()} FROM t0"),
            (0.85, lambda: f"SELECT (SELECT {call} FROM t1) FROM t0"),
            (0.9, lambda: f"SELECT a FROM t0 WHERE {call}"),
            (0.95, lambda: f"SELECT a FROM t0 GROUP BY {call}"),
            (1, lambda: f"SELECT count(*) FROM t0 HAVING {call}")))


def _pick(draw: float, choices) -> str:
    """The text of the first of ``choices`` (upper bound, maker) whose bound ``draw`` is
    under."""
    return next(make for bound, make in choices if draw < bound)()


def test_generated_calls():
    calls = _Calls(20261205)
    queries = [calls.query() for _ in range(400)]
    differ = [(sql, mine, theirs) for sql, mine, theirs in outcomes(SETUP, queries)
              if mine != theirs]
    assert not differ, f"{len(differ)} of {len(queries)} differ, first: {differ[:3]}"
