"""SQLite's size limits (rowandb/sql/parse/limits.py), differential against SQLite through apsw.

Statements chained or nested around and far beyond SQLite's limits -- expression height
1000 (also summed along nested subqueries), 500 compound terms, 2000 ORDER BY / GROUP BY
terms and result columns, 1000 function arguments, the parser's stack -- must give
SQLite's answer: the same rows just below a limit, the same error just above it and far
above it, quickly, and never a Python exception such as RecursionError.
"""

from __future__ import annotations

import time

import apsw
import pytest

import rowandb


def _chain(op, term, n):
    return op.join([term] * n)


def _nest(opening, middle, closing, n):
    return opening * n + middle + closing * n


CASES = {
    "+ chain": lambda n: "SELECT " + _chain("+", "1", n),
    "|| chain": lambda n: "SELECT " + _chain("||", "'a'", n),
    "AND chain": lambda n: "SELECT 1 FROM t WHERE " + _chain(" AND ", "a=1", n),
    "OR chain": lambda n: "SELECT 1 FROM t WHERE " + _chain(" OR ", "a=1", n),
    "BETWEENs": lambda n: "SELECT 1 FROM t WHERE " + _chain(" AND ", "a BETWEEN 0 AND 2", n),
    "NOTs": lambda n: "SELECT " + "NOT " * n + "1",
    "minus signs": lambda n: "SELECT " + "- " * n + "1",
    "parentheses": lambda n: "SELECT " + _nest("(", "1", ")", n),
    "nested calls": lambda n: "SELECT " + _nest("abs(", "1", ")", n),
    "nested CASE": lambda n: "SELECT " + _nest("CASE WHEN 1 THEN ", "1", " END", n),
    "nested CASE operand": lambda n: "SELECT " + _nest("CASE 1 WHEN ", "1", " THEN 1 END", n),
    "nested (1+": lambda n: "SELECT " + _nest("(1+", "1", ")", n),
    "scalar subqueries": lambda n: "SELECT " + _nest("(SELECT ", "1", ")", n),
    "EXISTS subqueries": lambda n: "SELECT " + _nest("EXISTS (SELECT 1 FROM t WHERE ", "1", ")", n),
    "FROM subqueries": lambda n: "SELECT * FROM " + _nest("(SELECT * FROM ", "t", ")", n),
    "UNION ALL arms": lambda n: _chain(" UNION ALL ", "SELECT 1", n),
    "ORDER BY terms": lambda n: "SELECT a FROM t ORDER BY " + _chain(",", "a", n),
    "GROUP BY terms": lambda n: "SELECT a FROM t GROUP BY " + _chain(",", "a", n),
    "result columns": lambda n: "SELECT " + _chain(",", "1", n),
    "coalesce arguments": lambda n: "SELECT coalesce(" + _chain(",", "1", n) + ")",
}
# For each: sizes around the limit, and far beyond it.
SIZES = {
    "+ chain": (1000, 1001, 100_000), "|| chain": (1000, 1001, 50_000),
    "AND chain": (999, 1000, 100_000), "OR chain": (999, 1000, 100_000),
    "BETWEENs": (600, 999, 1000), "NOTs": (999, 1000, 5000, 100_000),
    "minus signs": (999, 1000, 100_000), "parentheses": (2493, 2494, 100_000),
    "nested calls": (831, 832, 100_000), "nested CASE": (498, 499, 100_000),
    "nested CASE operand": (830, 831), "nested (1+": (831, 832, 50_000),
    "scalar subqueries": (43, 44, 1000, 50_000), "EXISTS subqueries": (43, 44),
    "FROM subqueries": (415, 416, 20_000), "UNION ALL arms": (500, 501, 100_000),
    "ORDER BY terms": (2000, 2001, 100_000), "GROUP BY terms": (2000, 2001),
    "result columns": (2000, 2001, 100_000), "coalesce arguments": (1000, 1001, 100_000),
}
PARAMS = [(name, n) for name in CASES for n in SIZES[name]]


def _sqlite(sql):
    db = apsw.Connection(":memory:")
    db.execute("CREATE TABLE t(a); INSERT INTO t VALUES (1)")
    try:
        return ("ok", db.execute(sql).fetchall())
    except apsw.Error as error:
        return ("error", str(error))


def _rowandb(sql):
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t(a)")
    con.execute("INSERT INTO t VALUES (1)")
    try:
        return ("ok", con.execute(sql).fetchall())
    except rowandb.OperationalError as error:
        return ("error", str(error).split(" (line ")[0])


@pytest.mark.parametrize("name,n", PARAMS)
def test_limits_match_sqlite(name, n):
    sql = CASES[name](n)
    started = time.process_time()   # CPU time: other processes on the machine don't count
    mine = _rowandb(sql)
    elapsed = time.process_time() - started
    assert mine == _sqlite(sql), f"{name} x{n}"
    assert elapsed < 15, f"{name} x{n} took {elapsed:.1f}s of CPU"  # no runaway work


def test_the_cases_cross_each_limit():
    """Guards the table: each construct must work at its first size and fail at its
    second, in SQLite, or the boundary it claims is not one."""
    for name, sizes in SIZES.items():
        assert _sqlite(CASES[name](sizes[0]))[0] == "ok", name
        assert _sqlite(CASES[name](sizes[1]))[0] == "error" or name == "BETWEENs", name
