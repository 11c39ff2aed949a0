"""Bad input through the sqlite3 API: user callbacks (functions, aggregates, window
functions, collations, authorizer, progress handler, trace) that raise, return types SQLite
has not or use their own connection, and every method of a closed connection or cursor.
Each is run on RowanDB and on Python's own sqlite3 module and must give the same answer --
a PEP 249 error with sqlite3's message, never a crash."""

import sqlite3 as std

import pytest

import rowandb


def _outcome(call):
    try:
        return "ok", call()
    except (std.Error, rowandb.Error) as error:
        return type(error).__name__, str(error)


def _same(run):
    """``run(connection)`` answers alike on both, on a table t holding one row."""
    answers = []
    for module in (rowandb, std):
        con = module.connect(":memory:")
        con.execute("CREATE TABLE t(x)")
        con.execute("INSERT INTO t VALUES (1)")
        con.commit()
        answers.append(_outcome(lambda: run(con)))
    assert answers[0] == answers[1]
    return answers[0]


class Count:
    def __init__(self):
        self.n = 0

    def step(self, x):
        self.n += 1

    def finalize(self):
        return self.n


def _boom(*args):
    raise ValueError("boom")


@pytest.mark.parametrize("result", [_boom, lambda: [1], lambda: object(), lambda: {1: 2}])
def test_a_function_that_raises_or_returns_no_sql_value(result):
    def run(con):
        con.create_function("f", 0, result)
        return con.execute("SELECT f()").fetchall()
    assert _same(run) == ("OperationalError", "user-defined function raised exception")


@pytest.mark.parametrize("result, expected", [
    (lambda: 2 ** 70, ("DataError", "string or blob too big")),
    (lambda: True, ("ok", [(1,)])), (lambda: bytearray(b"a"), ("ok", [(b"a",)])),
    (lambda: float("nan"), ("ok", [(None,)]))])
def test_a_function_result_sqlite3_converts(result, expected):
    def run(con):
        con.create_function("f", 0, result)
        return con.execute("SELECT f()").fetchall()
    assert _same(run) == expected


@pytest.mark.parametrize("methods, message", [
    ({"__init__": _boom}, "user-defined aggregate's '__init__' method raised error"),
    ({"step": _boom}, "user-defined aggregate's 'step' method raised error"),
    ({"finalize": _boom}, "user-defined aggregate's 'finalize' method raised error"),
    ({"finalize": lambda self: [1]}, "user-defined aggregate's 'finalize' method raised error"),
    ({"step": None}, "user-defined aggregate's 'step' method not defined"),
])
def test_an_aggregate_whose_method_fails(methods, message):
    cls = type("Bad", (Count,), {k: v for k, v in methods.items() if v is not None})
    if methods.get("step", 1) is None:
        cls = type("NoStep", (), {"finalize": lambda self: 0})

    def run(con):
        con.create_aggregate("a", 1, cls)
        return con.execute("SELECT a(x) FROM t").fetchall()
    assert _same(run) == ("OperationalError", message)


def test_a_window_function_whose_value_raises():
    cls = type("W", (), {"step": lambda s, x: None, "inverse": lambda s, x: None,
                         "value": _boom, "finalize": lambda s: 0})

    def run(con):
        con.create_window_function("w", 1, cls)
        return con.execute("SELECT w(x) OVER () FROM t").fetchall()
    assert _same(run) == ("OperationalError",
                          "user-defined aggregate's 'value' method raised error")


def test_a_collation_that_raises_on_one_row_is_not_called():
    """(One row: nothing to compare. With two, sqlite3 and RowanDB both fail the query.)"""
    def run(con):
        con.create_collation("c", _boom)
        return con.execute("SELECT x FROM t ORDER BY x COLLATE c").fetchall()
    assert _same(run) == ("ok", [(1,)])


def test_a_trace_callback_that_raises_is_ignored():
    def run(con):
        con.set_trace_callback(_boom)
        return con.execute("SELECT x FROM t").fetchall()
    assert _same(run) == ("ok", [(1,)])


def test_a_function_may_query_and_write_its_own_connection():
    def run(con):
        con.create_function("n", 0, lambda: con.execute("SELECT count(*) FROM t").fetchone()[0])
        con.create_function("w", 0, lambda: con.execute("INSERT INTO t VALUES (5)").rowcount)
        return con.execute("SELECT n(), w()").fetchall(), \
            con.execute("SELECT count(*) FROM t").fetchall()
    assert _same(run) == ("ok", ([(1, 1)], [(2,)]))


def test_an_authorizer_that_queries_its_connection():
    """The statement the authorizer runs is prepared while another is: sqlite3 denies."""
    def run(con):
        con.set_authorizer(lambda *a: con.execute("SELECT 0").fetchone()[0])
        return con.execute("SELECT x FROM t").fetchall()
    assert _same(run) == ("DatabaseError", "not authorized")


def test_closing_the_connection_inside_its_own_callback_ends_the_statement():
    """RowanDB only (sqlite3 on Python 3.11 crashes): close() refuses while a statement
    of the connection runs, so the callback raises and the statement fails as usual."""
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t(x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.create_function("f", 0, con.close)
    with pytest.raises(rowandb.OperationalError, match="user-defined function raised"):
        con.execute("SELECT f()")
    con.set_progress_handler(con.close, 1)
    with pytest.raises(rowandb.OperationalError, match="interrupted"):
        con.execute("SELECT x FROM t")
    con.set_progress_handler(None, 1)
    assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    con.close()


CONNECTION_CALLS = [
    ("execute", ("SELECT 1",)), ("executemany", ("INSERT INTO t VALUES (?)", [(1,)])),
    ("executescript", ("SELECT 1",)), ("commit", ()), ("rollback", ()), ("cursor", ()),
    ("create_function", ("f", 0, len)), ("create_aggregate", ("a", 0, Count)),
    ("create_collation", ("c", None)), ("set_authorizer", (None,)),
    ("set_progress_handler", (None, 1)), ("set_trace_callback", (None,)),
    ("iterdump", ()), ("getlimit", (0,)), ("setlimit", (0, 1)), ("interrupt", ()),
    ("__enter__", ()), ("in_transaction", None), ("total_changes", None),
    ("isolation_level", None)]


@pytest.mark.parametrize("name, args", CONNECTION_CALLS)
def test_a_closed_connection_is_programming_error(name, args):
    def run(con):
        con.close()
        found = getattr(con, name)
        return found(*args) if args is not None else found
    assert _same(run) == ("ProgrammingError", "Cannot operate on a closed database.")


CURSOR_CALLS = [("execute", ("SELECT 1",)), ("executemany", ("INSERT INTO t VALUES (?)", [(1,)])),
                ("executescript", ("SELECT 1",)), ("fetchone", ()), ("fetchall", ()),
                ("fetchmany", ()), ("__next__", ())]


@pytest.mark.parametrize("name, args", CURSOR_CALLS)
@pytest.mark.parametrize("closing, message", [
    ("cursor", "Cannot operate on a closed cursor."),
    ("connection", "Cannot operate on a closed database.")])
def test_a_closed_cursor_or_a_cursor_of_a_closed_connection_is_programming_error(
        name, args, closing, message):
    def run(con):
        cursor = con.execute("SELECT 1")
        (cursor if closing == "cursor" else con).close()
        return getattr(cursor, name)(*args)
    assert _same(run) == ("ProgrammingError", message)
