"""Aggregate functions (rowandb.planner.functions.aggregates) checked against SQLite through apsw.

Every test feeds the same rows to our accumulator and to SQLite (a table scanned in rowid
order) and compares value and storage class, including SQLite's integer-overflow error.
"""
import math

import apsw
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowandb.errors import OperationalError
from rowandb.planner.functions import aggregates as A
from rowandb.planner.types.values import INT64_MAX, INT64_MIN

PROPS = settings(max_examples=300, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])
OVERFLOW = object()


def sqlite_aggregate(sql_call: str, rows):
    """Run ``SELECT <sql_call> FROM t`` over the rows (each a tuple for columns x, y)."""
    con = apsw.Connection(":memory:")
    con.execute("CREATE TABLE t(x, y)")
    con.executemany("INSERT INTO t VALUES (?, ?)", rows)
    try:
        return con.execute(f"SELECT {sql_call} FROM t").fetchall()[0][0]
    except (apsw.SQLError, apsw.TooBigError) as exc:
        if "integer overflow" not in str(exc):
            raise
        return OVERFLOW


def ours(name: str, rows, nargs: int = 1, **kwargs):
    acc = A.lookup_aggregate(name, nargs)(**kwargs)
    for row in rows:
        acc.step(*row[:nargs])
    try:
        return acc.finalize()
    except OperationalError as exc:
        assert str(exc) == "integer overflow"
        return OVERFLOW


def assert_same(mine, theirs, context=""):
    ok = mine is theirs or (type(mine) is type(theirs) and mine == theirs)
    if type(mine) is float and type(theirs) is float and math.isnan(mine):
        ok = math.isnan(theirs)
    assert ok, f"{context}: rowandb={mine!r} sqlite={theirs!r}"


CALLS = [("count", "count(x)", 1), ("count", "count(*)", 0), ("sum", "sum(x)", 1),
         ("total", "total(x)", 1), ("avg", "avg(x)", 1), ("min", "min(x)", 1),
         ("max", "max(x)", 1), ("group_concat", "group_concat(x)", 1),
         ("group_concat", "group_concat(x, y)", 2), ("string_agg", "string_agg(x, y)", 2)]


def check_all(rows):
    for name, sql, nargs in CALLS:
        assert_same(ours(name, rows, nargs), sqlite_aggregate(sql, rows), f"{sql} over {rows!r}")


@pytest.mark.parametrize("xs", [
    [], [None], [None, None], [1, 2, 3], [1, 2.5], [INT64_MAX, 1], [INT64_MAX, 1, -5],
    [INT64_MAX, 1, 1.0], [1.5, INT64_MAX, INT64_MAX], [INT64_MIN, -1, 1.0], [0.1, 0.2, 0.3],
    [1e308, 1e308], [1e308, 1e308, -1e308], ["12abc", 1], ["12", 3], ["1.0"], [" 12 ", 1],
    [b"12"], ["abc"], [1, "a", b"\x00", None, 2.5], ["", ""], [""], [1, 1.0], [1.0, 1],
    [INT64_MAX, INT64_MAX], [2 ** 60, 3, 2 ** 60, 1.5], [-(2 ** 55) - 7, 0.5, 2 ** 53 + 1],
    ["9223372036854775808", 1], [float("inf"), 1], [float("inf"), float("-inf")],
])
def test_aggregates_match_sqlite(xs):
    check_all([(x, "-") for x in xs])


def test_sum_overflow_raises_integer_overflow():
    acc = A.Sum()
    acc.step(INT64_MAX)
    acc.step(1)
    with pytest.raises(OperationalError, match="integer overflow"):
        acc.finalize()
    total = A.Total()
    total.step(INT64_MAX)
    total.step(1)
    assert total.finalize() == float(INT64_MAX) + 1.0


def test_group_concat_separator_comes_from_each_row():
    rows = [(1, "a"), (2, "b"), (None, "c"), (3, None), (4.5, 7)]
    assert_same(ours("group_concat", rows, 2), sqlite_aggregate("group_concat(x, y)", rows))
    assert ours("group_concat", rows, 2) == "1b23" + "74.5"


def test_min_max_with_collation_keep_first_of_ties():
    rows = [("b", None), ("A", None), ("a", None), ("B", None)]
    for name in ("min", "max"):
        for coll in ("NOCASE", "BINARY", "RTRIM"):
            assert_same(ours(name, rows, collation=coll),
                        sqlite_aggregate(f"{name}(x COLLATE {coll})", rows), f"{name} {coll}")


def test_count_star_counts_null_rows():
    acc = A.lookup_aggregate("count", 0)()
    for _ in range(3):
        acc.step()
    assert acc.finalize() == sqlite_aggregate("count(*)", [(None, None)] * 3) == 3


@pytest.mark.parametrize("call,nargs", [("sum", 2), ("count", 2), ("avg", 0), ("string_agg", 1),
                                        ("group_concat", 3), ("total", 0)])
def test_wrong_argument_counts_use_sqlite_message(call, nargs):
    args = ", ".join(["x"] * nargs)
    with pytest.raises(apsw.SQLError) as sqlite_err:
        sqlite_aggregate(f"{call}({args})", [(1, 1)])
    with pytest.raises(OperationalError) as ours_err:
        A.lookup_aggregate(call, nargs)
    assert str(ours_err.value) == str(sqlite_err.value)


def test_unknown_aggregate():
    with pytest.raises(OperationalError, match="no such function: nosuch"):
        A.lookup_aggregate("nosuch", 1)
    assert A.is_aggregate("MAX", 1) and not A.is_aggregate("max", 2)


AGG_VALUES = st.one_of(
    st.none(),
    st.integers(INT64_MIN, INT64_MAX),
    st.integers(-100, 100),
    st.sampled_from([INT64_MAX, INT64_MIN, 2 ** 52, -(2 ** 52), 2 ** 53 + 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e3, 1e3),
    st.sampled_from(["12", "1.5", "abc", " 7 ", "1e3", "-0", "12abc", "", "x"]),
    st.binary(max_size=3).filter(lambda b: b.decode("utf-8", "ignore") == b.decode("utf-8", "replace")),
)


@PROPS
@given(st.lists(st.tuples(AGG_VALUES, st.sampled_from([None, ",", "", "--", 1]).map(
    lambda s: s)), max_size=10))
def test_aggregates_property(rows):
    check_all(rows)


@PROPS
@given(st.lists(st.one_of(st.integers(-2 ** 62, 2 ** 62), st.floats(-1e20, 1e20)), max_size=20))
def test_numeric_sums_property(xs):
    rows = [(x, None) for x in xs]
    for name, sql in (("sum", "sum(x)"), ("total", "total(x)"), ("avg", "avg(x)")):
        assert_same(ours(name, rows), sqlite_aggregate(sql, rows), f"{sql} over {xs!r}")
