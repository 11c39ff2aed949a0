"""``getlimit`` / ``setlimit`` (rowandb/planner/types/limit_values.py): SQLite's defaults
(against apsw, SQLite 3.54), and each limit RowanDB checks, lowered on one connection,
against Python's own sqlite3 module doing the same thing."""

import sqlite3 as std

import apsw
import pytest

import rowandb

NAMES = ("LENGTH", "SQL_LENGTH", "COLUMN", "EXPR_DEPTH", "COMPOUND_SELECT", "VDBE_OP",
         "FUNCTION_ARG", "LIKE_PATTERN_LENGTH", "VARIABLE_NUMBER", "TRIGGER_DEPTH",
         "WORKER_THREADS")


def test_the_defaults_are_sqlites():
    """(ATTACHED: apsw is built with 125; SQLite's default, which RowanDB keeps, is 10.)"""
    con, oracle = rowandb.connect(":memory:"), apsw.Connection(":memory:")
    for name in NAMES:
        code = getattr(rowandb, f"SQLITE_LIMIT_{name}")
        assert con.getlimit(code) == oracle.limit(code), name
    assert con.getlimit(rowandb.SQLITE_LIMIT_ATTACHED) == 10


def _outcome(module, category, value, sql, params=()):
    con = module.connect(":memory:")
    old = con.setlimit(category, value)
    try:
        result = con.execute(sql, params).fetchall()
    except (std.Error, rowandb.Error) as error:
        result = (type(error).__name__, str(error))
    # (the defaults of Python's older SQLite differ there: test_the_defaults_are_sqlites)
    older = (std.SQLITE_LIMIT_VARIABLE_NUMBER, std.SQLITE_LIMIT_FUNCTION_ARG)
    return old if category not in older else None, con.getlimit(category), result


@pytest.mark.parametrize("category, value, sql, params", [
    (std.SQLITE_LIMIT_SQL_LENGTH, 20, "SELECT 1 AS a_rather_long_name", ()),
    (std.SQLITE_LIMIT_SQL_LENGTH, 20, "SELECT 1", ()),
    (std.SQLITE_LIMIT_COLUMN, 2, "SELECT 1, 2, 3", ()),
    (std.SQLITE_LIMIT_COLUMN, 2, "SELECT 1, 2", ()),
    (std.SQLITE_LIMIT_COLUMN, 2, "SELECT 1 ORDER BY 1, 1, 1", ()),
    (std.SQLITE_LIMIT_COLUMN, 2, "SELECT 1 GROUP BY 1, 1, 1", ()),
    (std.SQLITE_LIMIT_EXPR_DEPTH, 3, "SELECT 1 + (2 + (3 + 4))", ()),
    (std.SQLITE_LIMIT_EXPR_DEPTH, 3, "SELECT 1 + (2 + 3)", ()),
    (std.SQLITE_LIMIT_COMPOUND_SELECT, 2, "SELECT 1 UNION SELECT 2 UNION SELECT 3", ()),
    (std.SQLITE_LIMIT_COMPOUND_SELECT, 2, "SELECT 1 UNION SELECT 2", ()),
    (std.SQLITE_LIMIT_FUNCTION_ARG, 2, "SELECT max(1, 2, 3)", ()),
    (std.SQLITE_LIMIT_FUNCTION_ARG, 2, "SELECT max(1, 2)", ()),
    (std.SQLITE_LIMIT_VARIABLE_NUMBER, 2, "SELECT ?3", (1, 2, 3)),
    (std.SQLITE_LIMIT_VARIABLE_NUMBER, 2, "SELECT ?, ?, ?", (1, 2, 3)),
    (std.SQLITE_LIMIT_VARIABLE_NUMBER, 2, "SELECT :a, :b, :c", {"a": 1, "b": 2, "c": 3}),
    (std.SQLITE_LIMIT_VARIABLE_NUMBER, 2, "SELECT ?, ?", (1, 2)),
    (std.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 3, "SELECT 'abcd' LIKE 'abcd'", ()),
    (std.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 3, "SELECT 'abcd' GLOB 'abcd'", ()),
    (std.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 3, "SELECT 'abc' LIKE 'abc'", ()),
])
def test_a_lowered_limit_is_checked_as_sqlite_checks_it(category, value, sql, params):
    assert _outcome(rowandb, category, value, sql, params) == \
        _outcome(std, category, value, sql, params)


def test_limits_belong_to_their_connection():
    one, other = rowandb.connect(":memory:"), rowandb.connect(":memory:")
    one.setlimit(rowandb.SQLITE_LIMIT_COLUMN, 1)
    assert other.execute("SELECT 1, 2").fetchall() == [(1, 2)]
    with pytest.raises(rowandb.OperationalError, match="too many columns"):
        one.execute("SELECT 1, 2")


@pytest.mark.parametrize("module", [rowandb, std])
def test_setlimit_returns_the_old_value_ignores_negatives_and_cuts_at_the_hard_bound(module):
    con = module.connect(":memory:")
    code = module.SQLITE_LIMIT_COLUMN
    assert con.setlimit(code, 10) == 2000
    assert con.setlimit(code, -1) == 10 and con.getlimit(code) == 10
    assert con.setlimit(code, 10 ** 9) == 10 and con.getlimit(code) == 2000


@pytest.mark.parametrize("module", [rowandb, std])
@pytest.mark.parametrize("category", [-1, 12, 99])
def test_an_unknown_category_is_programming_error(module, category):
    con = module.connect(":memory:")
    with pytest.raises(module.ProgrammingError, match="'category' is out of bounds"):
        con.getlimit(category)
    with pytest.raises(module.ProgrammingError, match="'category' is out of bounds"):
        con.setlimit(category, 1)


@pytest.mark.parametrize("name", ["LENGTH", "VDBE_OP", "ATTACHED", "TRIGGER_DEPTH",
                                  "WORKER_THREADS"])
def test_a_limit_rowandb_does_not_check_cannot_be_changed(name):
    con = rowandb.connect(":memory:")
    code = getattr(rowandb, f"SQLITE_LIMIT_{name}")
    value = con.getlimit(code)
    assert con.setlimit(code, value) == value          # setting it to itself is fine
    with pytest.raises(rowandb.NotSupportedError, match=f"SQLITE_LIMIT_{name}"):
        con.setlimit(code, 1 if value != 1 else 2)
    assert con.getlimit(code) == value


def test_a_closed_connection_refuses_limits():
    con = rowandb.connect(":memory:")
    con.close()
    with pytest.raises(rowandb.ProgrammingError, match="closed database"):
        con.getlimit(rowandb.SQLITE_LIMIT_COLUMN)
