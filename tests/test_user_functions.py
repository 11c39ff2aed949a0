"""The connection's own SQL functions, aggregates and collations (``create_function``,
``create_aggregate``, ``create_collation``; rowandb/planner/functions/user.py and
rowandb/sql/dbapi/connection_callbacks.py), each compared with Python's sqlite3 module running
the same calls, as documented for Python 3.11-3.13; and the sqlite3 methods RowanDB
refuses by name.
"""

import pytest

import rowandb
import stdlib_compare
from stdlib_compare import outcome
from rowandb import NotSupportedError, OperationalError, ProgrammingError


def same_in_both(run):
    """``run(connection)`` gives the same answer on RowanDB and on sqlite3."""
    return stdlib_compare.same_in_both(lambda module, con: run(con))


def with_table(con):
    con.execute("CREATE TABLE t(x)")
    con.executemany("INSERT INTO t VALUES (?)", [("a",), ("c",), ("B",), ("b",), (None,)])
    return con


# -- create_function ---------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT twice(3), twice('ab'), twice(1.5)",
    "SELECT TWICE(x) FROM t ORDER BY 1",
    "SELECT x FROM t WHERE twice(x) = 'aa'",
    "SELECT twice(1, 2)", "SELECT twice()",
    "SELECT echo(), echo(1, 2, 3)",
    "SELECT typeof(same(1)), typeof(same(1.5)), typeof(same('x')), typeof(same(x'00')),"
    " typeof(same(NULL))",
    "SELECT same(1), same(1.5), same('é'), same(x'00ff'), same(NULL)",
    "SELECT count(*) FROM t GROUP BY twice(x) ORDER BY 1",
    "SELECT twice(x) OVER () FROM t",
    "SELECT nothere(1)",
])
def test_create_function_calls_python_from_sql(query):
    def run(con):
        with_table(con)
        con.create_function("twice", 1, lambda v: None if v is None else v * 2)
        con.create_function("echo", -1, lambda *args: len(args))
        con.create_function("same", 1, lambda v: v)
        return con.execute(query).fetchall()
    same_in_both(run)


@pytest.mark.parametrize("result", [
    lambda: 1 / 0, lambda: [1], lambda: object(), lambda: 2 ** 63, lambda: -2 ** 63 - 1,
    lambda: 2 ** 63 - 1, lambda: True, lambda: bytearray(b"ab"), lambda: memoryview(b"cd"),
    lambda: float("nan"), lambda: "\udcff",
])
def test_a_function_raising_or_returning_a_bad_type_is_sqlite3s_error(result):
    def run(con):
        con.create_function("f", 0, result)
        return con.execute("SELECT f()").fetchall()
    if result.__code__.co_consts[-1:] == ("\udcff",):
        # A lone surrogate: sqlite3 lets UnicodeEncodeError escape (docs/DBAPI.md).
        assert outcome(lambda: run(rowandb.connect(":memory:"))) == [("\udcff",)]
        return
    same_in_both(run)


def test_a_failing_function_leaves_the_database_unchanged():
    def run(con):
        with_table(con)
        con.create_function("fails_on_c", 1, lambda v: 1 / 0 if v == "c" else v)
        first = outcome(lambda: con.execute("UPDATE t SET x = fails_on_c(x)"))
        return first, con.execute("SELECT x FROM t ORDER BY rowid").fetchall()
    same_in_both(run)


def test_redefining_a_function_recompiles_cached_statements():
    def run(con):
        con.create_function("f", 1, lambda v: v + 1)
        first = con.execute("SELECT f(1)").fetchone()
        con.create_function("f", 1, lambda v: v + 100)
        return first, con.execute("SELECT f(1)").fetchone()
    assert same_in_both(run) == ((2,), (101,))


def test_redefining_a_function_recompiles_trigger_programs_and_defaults():
    def run(con):
        con.isolation_level = None
        con.executescript("CREATE TABLE t(x); CREATE TABLE log(y);"
                          "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                          "INSERT INTO log VALUES (f(new.x)); END;")
        con.create_function("f", 1, lambda v: v + 1)
        con.execute("INSERT INTO t VALUES (1)")
        con.create_function("f", 1, lambda v: v + 100)
        con.execute("INSERT INTO t VALUES (1)")
        con.execute("CREATE TABLE u(x DEFAULT (f(0)), y)")
        con.execute("INSERT INTO u(y) VALUES (1)")
        con.create_function("f", 1, lambda v: v - 1)
        con.execute("INSERT INTO u(y) VALUES (2)")
        return con.execute("SELECT * FROM log").fetchall(), \
            con.execute("SELECT * FROM u").fetchall()
    assert same_in_both(run) == ([(2,), (101,)], [(100, 1), (-1, 2)])


def test_none_removes_a_function():
    # As sqlite3's documentation says; CPython 3.11 instead calls None (docs/DBAPI.md).
    con = rowandb.connect(":memory:")
    con.create_function("f", 1, lambda v: v + 1)
    assert con.execute("SELECT f(1)").fetchone() == (2,)
    con.create_function("f", 1, None)
    with pytest.raises(OperationalError, match="no such function: f"):
        con.execute("SELECT f(1)")


def test_functions_are_per_connection():
    one, two = rowandb.connect(":memory:"), rowandb.connect(":memory:")
    one.create_function("f", 0, lambda: 1)
    assert one.execute("SELECT f()").fetchone() == (1,)
    with pytest.raises(OperationalError, match="no such function: f"):
        two.execute("SELECT f()")


def test_an_arity_is_its_own_function():
    def run(con):
        con.create_function("f", 1, lambda a: "one")
        con.create_function("f", 2, lambda a, b: "two")
        con.create_function("f", -1, lambda *a: "any")
        return con.execute("SELECT f(1), f(1, 2), f(), f(1, 2, 3)").fetchall()
    assert same_in_both(run) == [("one", "two", "any", "any")]


def test_a_function_may_override_a_built_in():
    def run(con):
        con.create_function("upper", 1, lambda v: "mine")
        con.create_function("reverse", 1, lambda v: v[::-1])
        return con.execute("SELECT upper('a'), reverse('abc'), lower('A')").fetchall()
    assert same_in_both(run) == [("mine", "cba", "a")]


def test_a_non_deterministic_function_runs_for_every_row():
    def run(con):
        with_table(con)
        calls = []
        con.create_function("tick", 0, lambda: calls.append(1) or len(calls))
        rows = con.execute("SELECT x FROM t WHERE tick() % 2 = 1 ORDER BY rowid").fetchall()
        return rows, len(calls)
    assert same_in_both(run)[1] == 5


def test_deterministic_is_accepted_and_the_function_runs():
    def run(con):
        con.create_function("f", 1, lambda v: v, deterministic=True)
        return con.execute("SELECT f(7)").fetchall()
    assert same_in_both(run) == [(7,)]


@pytest.mark.parametrize("deterministic", [False, True])
@pytest.mark.parametrize("ddl", [
    "CREATE TABLE g(a, b AS (dbl(a)))", "CREATE TABLE g(a, b AS (vary(a, 1)) STORED)",
    "CREATE INDEX i ON t(dbl(x))", "CREATE INDEX i ON t(vary(x, x, x))",
    "CREATE INDEX i ON t(x) WHERE dbl(x) > 0", "CREATE TABLE c(a CHECK (dbl(a) < 10))",
    "CREATE TABLE d(a DEFAULT (dbl(2)))", "CREATE INDEX i ON t(upper(x))",
])
def test_only_a_deterministic_function_may_be_indexed_or_generate_a_column(deterministic, ddl):
    """sqlite3's create_function declares a function non-deterministic unless told
    otherwise, and SQLite then refuses it where it refuses random(): index expressions,
    partial indexes' WHERE, generated columns (CHECKs and DEFAULTs may call it)."""
    def run(con):
        with_table(con)
        con.create_function("dbl", 1, lambda v: v * 2, deterministic=deterministic)
        con.create_function("vary", -1, lambda *v: len(v), deterministic=deterministic)
        con.execute(ddl)
        return con.execute("SELECT name FROM sqlite_schema ORDER BY name").fetchall()
    same_in_both(run)


@pytest.mark.parametrize("narg", [-2, 1001])
def test_an_argument_count_sqlite_refuses_is_an_error(narg):
    with pytest.raises(OperationalError, match="Error creating function"):
        rowandb.connect(":memory:").create_function("f", narg, len)


def test_a_function_name_sqlite_refuses_is_an_error():
    def run(con):
        return con.create_function("f" * 256, 1, len)
    same_in_both(run)


def test_a_function_may_query_its_own_connection():
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t(x)")
    con.execute("INSERT INTO t VALUES (41)")
    con.create_function("peek", 0, lambda: con.execute("SELECT x FROM t").fetchone()[0] + 1)
    assert con.execute("SELECT peek()").fetchone() == (42,)


# -- create_aggregate --------------------------------------------------------------------

class Count:
    def __init__(self):
        self.n = 0

    def step(self, *values):
        self.n += 1

    def finalize(self):
        return self.n


class Concat:
    def __init__(self):
        self.parts = []

    def step(self, value, separator):
        self.parts.append(f"{value}{separator}")

    def finalize(self):
        return "".join(self.parts)


class FailsIn:
    def __init__(self, where=None):
        if where is None:
            raise ValueError("init")
        self.where = where

    def step(self, value):
        if self.where == "step":
            raise ValueError("step")

    def finalize(self):
        if self.where == "finalize":
            raise ValueError("finalize")
        return [] if self.where == "type" else 0


@pytest.mark.parametrize("query", [
    "SELECT cnt(x), cnt(*), cnt() FROM t",
    "SELECT cnt(DISTINCT x) FROM t",
    "SELECT cnt(x) FILTER (WHERE x > 'a') FROM t",
    "SELECT lower(x), cnt(x) FROM t GROUP BY lower(x) ORDER BY 1",
    "SELECT cat(x, '-') FROM (SELECT x FROM t ORDER BY x)",
    "SELECT cat(x) FROM t",
    "SELECT cnt(x) FROM t WHERE 0",
    "SELECT cnt(x) OVER () FROM t",
    "SELECT cnt(cnt(x)) FROM t",
    "SELECT x FROM t WHERE cnt(x) > 1",
])
def test_create_aggregate_steps_and_finalizes_per_group(query):
    def run(con):
        with_table(con)
        con.create_aggregate("cnt", -1, Count)
        con.create_aggregate("cat", 2, Concat)
        return con.execute(query).fetchall()
    same_in_both(run)


@pytest.mark.parametrize("where", [None, "step", "finalize", "type"])
def test_an_aggregate_that_raises_names_its_method(where):
    def run(con):
        with_table(con)
        con.create_aggregate("bad", 1, lambda: FailsIn(where) if where else FailsIn())
        return con.execute("SELECT bad(x) FROM t").fetchall()
    same_in_both(run)


def test_none_removes_an_aggregate():
    con = rowandb.connect(":memory:")
    con.create_aggregate("cnt", 1, Count)
    assert con.execute("SELECT cnt(1)").fetchall() == [(1,)]
    con.create_aggregate("cnt", 1, None)
    with pytest.raises(OperationalError, match="no such function: cnt"):
        con.execute("SELECT cnt(1)")


# -- create_window_function --------------------------------------------------------------

class WindowSum:
    def __init__(self):
        self.total = 0

    def step(self, value):
        self.total += value

    def inverse(self, value):
        self.total -= value

    def value(self):
        return self.total

    def finalize(self):
        return self.total


class FailingValue(WindowSum):
    def value(self):
        raise ValueError("value")


class FailingInverse(WindowSum):
    def inverse(self, value):
        raise ValueError("inverse")


@pytest.mark.parametrize("query", [
    "SELECT x, w(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM n",
    "SELECT x, w(x) OVER (ORDER BY x ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING) FROM n",
    "SELECT x, w(x) OVER () FROM n",
    "SELECT x, w(x) OVER (ORDER BY x) FROM n",
    "SELECT w(x) FROM n", "SELECT w(x) FROM n WHERE 0",
    "SELECT x, bad_value(x) OVER (ORDER BY x) FROM n",
    "SELECT x, bad_inverse(x) OVER (ORDER BY x ROWS 1 PRECEDING) FROM n",
    "SELECT bad_value(x) FROM n",
])
def test_create_window_function_runs_over_frames_and_as_an_aggregate(query):
    # (A FILTER clause on such a call crashes CPython 3.11's sqlite3: not compared.)
    def run(con):
        con.execute("CREATE TABLE n(x)")
        con.executemany("INSERT INTO n VALUES (?)", [(1,), (2,), (3,), (4,)])
        con.create_window_function("w", 1, WindowSum)
        con.create_window_function("bad_value", 1, FailingValue)
        con.create_window_function("bad_inverse", 1, FailingInverse)
        return con.execute(query).fetchall()
    same_in_both(run)


# -- create_collation --------------------------------------------------------------------

def reverse_order(a, b):
    return (a < b) - (a > b)


def folded(a, b):
    a, b = a.lower(), b.lower()
    return (a > b) - (a < b)


@pytest.mark.parametrize("query", [
    "SELECT x FROM t ORDER BY x COLLATE rev",
    "SELECT x FROM t WHERE x = 'A' COLLATE fold",
    "SELECT x FROM t WHERE x > 'b' COLLATE rev ORDER BY x",
    "SELECT DISTINCT x COLLATE fold FROM t ORDER BY 1",
    "SELECT x COLLATE fold, count(*) FROM t GROUP BY 1 ORDER BY 1",
    "SELECT max(x COLLATE rev), min(x COLLATE rev) FROM t",
    "SELECT x FROM t ORDER BY x COLLATE nothere",
    "SELECT y FROM u ORDER BY y",
    "SELECT y FROM u WHERE y = 'C'",
])
def test_create_collation_orders_and_compares_text(query):
    def run(con):
        with_table(con)
        con.create_collation("rev", reverse_order)
        con.create_collation("FOLD", folded)
        con.execute("CREATE TABLE u(y TEXT COLLATE fold)")
        con.execute("INSERT INTO u SELECT x FROM t")
        return con.execute(query).fetchall()
    same_in_both(run)


def test_none_removes_a_collation():
    def run(con):
        con.create_collation("rev", reverse_order)
        con.create_collation("rev", None)
        return con.execute("SELECT 'a' < 'b' COLLATE rev").fetchall()
    assert same_in_both(run) == ("OperationalError", "no such collation sequence: rev")


def test_a_collation_that_raises_or_returns_no_int_compares_equal():
    def run(con):
        with_table(con)
        con.create_collation("boom", lambda a, b: 1 / 0)
        con.create_collation("text", lambda a, b: "no")
        return con.execute("SELECT x FROM t WHERE x = 'zzz' COLLATE boom AND "
                           "x = 'q' COLLATE text ORDER BY rowid").fetchall()
    same_in_both(run)


def test_a_collation_must_be_callable():
    with pytest.raises(ProgrammingError, match="must be callable"):
        rowandb.connect(":memory:").create_collation("c", 5)


def test_redefining_a_built_in_collation_is_refused():
    with pytest.raises(NotSupportedError, match="NOCASE"):
        rowandb.connect(":memory:").create_collation("NOCASE", reverse_order)


# -- what RowanDB refuses ------------------------------------------------------------------

@pytest.mark.parametrize("method, args", [
    ("serialize", ()), ("deserialize", (b"",)),
])
def test_sqlite3_methods_rowandb_lacks_are_refused_by_name(method, args):
    con = rowandb.connect(":memory:")
    with pytest.raises(NotSupportedError):
        getattr(con, method)(*args)


def test_no_extension_loading_methods_as_sqlite3_without_extensions():
    """Python's sqlite3 built with SQLITE_OMIT_LOAD_EXTENSION (PRAGMA compile_options
    lists it for RowanDB) has no enable_load_extension/load_extension: programs test
    for them with hasattr."""
    con = rowandb.connect(":memory:")
    assert not hasattr(con, "enable_load_extension") and not hasattr(con, "load_extension")

