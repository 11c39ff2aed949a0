"""``x REGEXP y`` calls the application's ``regexp(y, x)`` (SQLite's expr.c makes the
operator a call of that function): with ``create_function("regexp", 2, f)`` it works, as
SQLAlchemy's SQLite dialect needs for ``regexp_match``; without it, SQLite's error, before
any error in the operands. Each case runs on RowanDB and on Python's sqlite3."""

import re

import pytest

import stdlib_compare


def _regexp(pattern, value):
    return None if value is None else re.search(pattern, value) is not None


@pytest.mark.parametrize("query", [
    "SELECT x FROM t WHERE x REGEXP '^[ab]' ORDER BY x",
    "SELECT x FROM t WHERE x NOT regexp 'b' ORDER BY x",
    "SELECT x REGEXP 'a', typeof(x REGEXP 'a') FROM t ORDER BY x",
    "SELECT 'abc' REGEXP 'b' AND 1, NULL REGEXP 'a'",
    "SELECT nocolumn REGEXP 'a'",
    "SELECT x FROM t WHERE x REGEXP '[' ",
])
@pytest.mark.parametrize("defined", [True, False])
def test_regexp_operator_calls_the_connections_function(query, defined):
    def run(module, con):
        con.execute("CREATE TABLE t(x)")
        con.executemany("INSERT INTO t VALUES (?)", [("a",), ("ba",), ("cc",), (None,)])
        if defined:
            con.create_function("regexp", 2, _regexp, deterministic=True)
        return con.execute(query).fetchall()
    stdlib_compare.same_in_both(run)


def test_regexp_with_the_wrong_number_of_arguments_defined():
    def run(module, con):
        con.create_function("regexp", 3, lambda a, b, c: 1)
        return con.execute("SELECT 'a' regexp 'b'").fetchall()
    stdlib_compare.same_in_both(run)
