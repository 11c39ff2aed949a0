"""CASE over values of several widths, and LIMIT/OFFSET operands of any expression.

``CASE x WHEN y``: SQLite resolves the whole CASE first and compares x with each WHEN
only as it codes the CASE (expr.c, TK_CASE). So a name error anywhere in the CASE comes
before a width error, and a single-value x against a WHEN subquery of several columns is
'sub-select returns N columns - expected 1' (the WHEN is coded as a value), where a row x
against a WHEN of another width is 'row value misused'. Each shape stands in the places
a DELETE, UPDATE or SELECT holds an expression, over a table with and without an index.

LIMIT and OFFSET take any expression (parse.y ``limit_opt``): ``LIMIT 1 = 1`` and
``LIMIT (SELECT * FROM w) = (1, nosuch)`` are prepared as SQLite prepares them (sqlglot
read only an additive term there: parse/limit_operands.py).
Of two misplaced values in one CASE, the error SQLite reports (bind_rows._reported), in
the places of a SELECT and an UPDATE's SET (not yet a DELETE's WHERE: docs/SQL.md).
``python tests/test_case_limit_widths.py`` prints the count of differences.
"""

from __future__ import annotations

import apsw
import pytest

import rowandb
from test_from_clause_errors import _rowandb, outcome

SCHEMAS = ["CREATE TABLE t(a, b); CREATE TABLE w(a, b); INSERT INTO t VALUES (1, 2)",
           "CREATE TABLE t(a, b); CREATE TABLE w(a, b); CREATE INDEX ti ON t(a, b);"
           "INSERT INTO t VALUES (1, 2)"]

_VALUES = ["1", "a", "(1, 2)", "(a, b)", "(SELECT 1, 2)", "(SELECT 1)", "(SELECT 1, 2, 3)",
           "(SELECT a, b)", "(SELECT nosuch, 1)"]
_CASES = [f"CASE {x} WHEN {y} THEN 1 END" for x in _VALUES for y in _VALUES] + \
    [f"CASE {x} WHEN 5 THEN 2 WHEN {y} THEN 1 ELSE 0 END" for x in _VALUES for y in _VALUES]
_PLACES = ["DELETE FROM t WHERE {}", "UPDATE t SET a = 1 WHERE {}", "SELECT * FROM t WHERE {}",
           "SELECT {} FROM t", "UPDATE t SET a = {}", "DELETE FROM t WHERE NOT ({})",
           "SELECT abs({}) FROM t", "SELECT {}, nosuchc FROM t",
           "UPDATE t SET a = {} WHERE nosuchw"]
CASE_STATEMENTS = [place.format(case) for case in _CASES for place in _PLACES
                   if "nosuch" not in place or "nosuch" not in case]

# two misplaced values in one CASE: SQLite keeps the last error it sets as it codes the
# CASE (WHEN, THEN, ..., ELSE), but a wide subquery's only when none is set yet and a
# constant row of a WHEN (coded apart) only when nothing else fails
_BAD = ["(1, 2)", "(SELECT 1, 2)", "(SELECT 1, 2, 3)", "(a, b)", "abs((1, 2))"]
_TWO = [shape.format(op=op, x=x, y=y) for op in ("", "1 ", "a ", "(1, 2) ", "(SELECT 1, 2) ")
        for x in _BAD for y in _BAD for shape in (
            "CASE {op}WHEN {x} THEN 1 WHEN {y} THEN 2 END", "CASE {op}WHEN {x} THEN {y} END",
            "CASE {op}WHEN 1 THEN {x} ELSE {y} END", "CASE {op}WHEN {x} THEN 1 ELSE {y} END")]
TWO_ERROR_STATEMENTS = [place.format(case) for case in _TWO for place in (
    "SELECT {} FROM t", "SELECT * FROM t WHERE {}", "UPDATE t SET a = {}", "SELECT {}")]

_LIMITS = ["(SELECT * FROM {s}) = (1, nosuch)", "(SELECT * FROM {s}) = (1, 2)",
           "(SELECT * FROM {s})", "(1, 2)", "(SELECT a FROM {s}) = (1, nosuch)",
           "(SELECT * FROM {s}) IN (SELECT 1)", "(1, nosuch)", "(SELECT * FROM {s}) = 1",
           "1 + (SELECT * FROM {s})", "(SELECT a, b FROM {s}) = (SELECT 1, 2)", "1 = 1",
           "1 IN (1)", "1 OR 0", "2 BETWEEN 1 AND 3", "1 IS 1", "'a' LIKE 'a'", "1 < 2",
           "(1, 2) = (1, 2)", "1 IS NOT NULL", "1 NOTNULL", "2 > 1 AND 1", "1 & 3", "1 << 2",
           "1 GLOB 1", "1 = (1, 2)", "1 NOT IN (2)", "CASE WHEN 1 = 1 THEN 2 END = 2",
           "'a' = 'A' COLLATE nocase", "2 > 1 = 1 LIKE 1", "nosuchl = 1"]
_LIMIT_PLACES = ["SELECT 1 UNION ALL SELECT 2 LIMIT {}", "SELECT 1 LIMIT 1 OFFSET {}",
                 "SELECT 1 LIMIT {}, 1", "SELECT 1 LIMIT 5, {}", "SELECT a FROM t LIMIT {}",
                 "WITH w(a, b) AS (SELECT 1, 2) SELECT 1 LIMIT {}",
                 "DELETE FROM t WHERE a IN (SELECT 1 LIMIT {})",
                 "SELECT (SELECT 1 UNION ALL SELECT 2 LIMIT 1 OFFSET {})",
                 "INSERT INTO t SELECT 3, 4 LIMIT {} ON CONFLICT DO NOTHING",
                 "INSERT INTO t SELECT 3, 4 LIMIT {} RETURNING a"]
LIMIT_STATEMENTS = [place.format(limit.format(s=s)) for limit in _LIMITS
                    for s in (("w", "t") if "{s}" in limit else ("",))
                    for place in _LIMIT_PLACES]


def _engines(schema: str):
    theirs = apsw.Connection(":memory:")
    theirs.execute(schema)
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(schema)
    return (lambda sql: [tuple(r) for r in theirs.execute(sql)]), _rowandb(mine)


def _differences(statements, schema) -> list:
    """The statements, run in turn on one pair of databases, whose outcomes differ (a
    write that runs changes both alike)."""
    found = []
    theirs, mine = _engines(schema)
    for sql in statements:
        if outcome(mine, sql) != outcome(theirs, sql):
            found.append(sql)
    return found


@pytest.mark.parametrize("schema", SCHEMAS, ids=["plain", "indexed"])
def test_case_widths_match_sqlite(schema):
    assert _differences(CASE_STATEMENTS, schema) == []


def test_two_width_errors_in_one_case_match_sqlite():
    assert _differences(TWO_ERROR_STATEMENTS, SCHEMAS[0]) == []


def test_limit_operands_match_sqlite():
    assert _differences(LIMIT_STATEMENTS, SCHEMAS[0]) == []


if __name__ == "__main__":
    for schema in SCHEMAS:
        diffs = _differences(CASE_STATEMENTS, schema)
        print(len(diffs), "of", len(CASE_STATEMENTS), "CASE statements differ")
    diffs = _differences(TWO_ERROR_STATEMENTS, SCHEMAS[0])
    print(len(diffs), "of", len(TWO_ERROR_STATEMENTS), "two-error CASE statements differ")
    diffs = _differences(LIMIT_STATEMENTS, SCHEMAS[0])
    print(len(diffs), "of", len(LIMIT_STATEMENTS), "LIMIT statements differ")
