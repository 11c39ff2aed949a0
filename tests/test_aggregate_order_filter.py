"""Aggregates with ORDER BY inside their arguments and FILTER (WHERE ...) against SQLite
(apsw): table-driven edge cases and a differential property test.

The cases pin down SQLite 3.54's rules (expr.c analyzeAggregate, select.c
updateAccumulator, resolve.c): ties keep their arrival order; DISTINCT drops repeated
values as they arrive, before the sort, except when the one ORDER BY term is the one
argument (then the last of equal values stays); min() and max() ignore their ORDER BY;
the ORDER BY of a call without arguments is dropped by the parser; FILTER runs before
DISTINCT; the bare columns beside min()/max() come from the row that won among the rows
the FILTER let through; and the errors of a non-aggregate call with ORDER BY or FILTER,
of a window call with ORDER BY, of nested aggregates in either clause. The property test
draws random rows (ties, NULLs, mixed types, text that differs only in case) and random
calls of group_concat, string_agg, sum, count, min, max, avg and total with random
DISTINCT, ORDER BY and FILTER, with and without GROUP BY/HAVING, in subqueries.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from oracle import assert_same
from test_differential import props
from test_windows import _setup     # the table w(id, p, o, v) of random rows

SETUP = [
    "CREATE TABLE t(a, b, c)",
    "INSERT INTO t VALUES (1,'x',3),(2,'Y',1),(3,'y',2),(NULL,'x',NULL),(2,NULL,5),(5,'X',1)",
    "CREATE TABLE u(a, c, d)",
    "INSERT INTO u VALUES (1,5,'p'),(2,5,'q'),(3,1,'r'),(4,1,'s'),(5,3,'t')",
    "CREATE TABLE n(x TEXT COLLATE NOCASE, y)",
    "INSERT INTO n VALUES ('a',2),('A',1),('b',0),('a',0),('B',3)",
]

ORDER_CASES = [
    "SELECT group_concat(a, ',' ORDER BY b) FROM t",
    "SELECT group_concat(a, ',' ORDER BY b DESC) FROM t",
    "SELECT group_concat(a ORDER BY b COLLATE NOCASE) FROM t",
    "SELECT group_concat(a ORDER BY b NULLS LAST), group_concat(a ORDER BY b DESC NULLS FIRST) FROM t",
    "SELECT group_concat(a ORDER BY 1), group_concat(a ORDER BY -a) FROM t",
    "SELECT string_agg(a, '-' ORDER BY c, b DESC) FROM t",
    "SELECT group_concat(a, b ORDER BY c) FROM t",
    "SELECT group_concat(DISTINCT a ORDER BY a), group_concat(DISTINCT a ORDER BY a DESC) FROM t",
    "SELECT group_concat(DISTINCT a ORDER BY b) FROM t",
    "SELECT group_concat(DISTINCT b ORDER BY b COLLATE NOCASE) FROM t",
    "SELECT group_concat(DISTINCT b COLLATE NOCASE ORDER BY b) FROM t",
    "SELECT group_concat(DISTINCT c ORDER BY a DESC), group_concat(DISTINCT c ORDER BY c) FROM u",
    "SELECT group_concat(DISTINCT x ORDER BY x) FROM (SELECT 1 x, 2 y UNION ALL SELECT 1.0, 1)",
    "SELECT group_concat(DISTINCT x ORDER BY y) FROM (SELECT 1 x, 2 y UNION ALL SELECT 1.0, 1)",
    "SELECT group_concat(DISTINCT x ORDER BY x COLLATE BINARY) FROM (SELECT 1 x UNION ALL SELECT 1.0)",
    "SELECT group_concat(DISTINCT x ORDER BY x), group_concat(x ORDER BY x DESC) FROM n",
    "SELECT group_concat(DISTINCT x ORDER BY x COLLATE BINARY), count(DISTINCT x ORDER BY y) FROM n",
    "SELECT max(x ORDER BY y), typeof(max(x ORDER BY y)) FROM (SELECT 1 x, 2 y UNION ALL SELECT 1.0, 1)",
    "SELECT min(x ORDER BY y DESC), max(x COLLATE NOCASE ORDER BY y) FROM (SELECT 'a' x, 2 y UNION ALL SELECT 'A', 1)",
    "SELECT a, b, max(c ORDER BY b) FROM t",
    "SELECT a, max(c ORDER BY a DESC), a FROM u",
    "SELECT a, min(c ORDER BY a DESC) FROM u",
    "SELECT sum(c ORDER BY a DESC), total(c ORDER BY d), avg(c ORDER BY c), count(c ORDER BY a) FROM u",
    "SELECT percentile(a, 50 ORDER BY b), median(a ORDER BY b) FROM t",
    "SELECT count(ORDER BY a), count(ORDER BY nosuch) FROM t",
    "SELECT a, group_concat(c ORDER BY c) FROM t GROUP BY a",
    "SELECT DISTINCT group_concat(a ORDER BY b) FROM t GROUP BY c",
    "SELECT b, group_concat(a ORDER BY c DESC) FROM t GROUP BY b HAVING group_concat(a ORDER BY c) > '1'",
    "SELECT group_concat(a ORDER BY a) FROM t WHERE 0",
    "SELECT (SELECT group_concat(x.a ORDER BY t.c) FROM t x) FROM t",
    "SELECT (SELECT group_concat(t.a ORDER BY x.c) FROM t x) FROM t",
    "SELECT sum(a ORDER BY (SELECT max(c) FROM t)) FROM t",
    "SELECT group_concat(a ORDER BY (SELECT count(*) FROM u WHERE u.c = t.c), a) FROM t",
    "SELECT * FROM (SELECT b, group_concat(a, ';' ORDER BY c) g FROM t GROUP BY b) ORDER BY g",
    "SELECT group_concat(a ORDER BY b) OVER (ORDER BY c) FROM t",
    "SELECT count(a ORDER BY b) OVER () FROM t",
    "SELECT lag(a ORDER BY a) OVER () FROM t",
    "SELECT count(z ORDER BY b) OVER () FROM t",
    "SELECT rank(ORDER BY a) OVER () FROM t",
    "SELECT abs(a ORDER BY b) FROM t",
    "SELECT ABS(a, b ORDER BY 1) FROM t",
    "SELECT coalesce(a, b ORDER BY b), 1 FROM t",
    "SELECT coalesce(z ORDER BY a) FROM t",
    "SELECT max(a, b ORDER BY c) FROM t",
    "SELECT random(ORDER BY nosuch) IS NOT NULL, abs(ORDER BY x)",
    "SELECT foo(a ORDER BY b) FROM t",
    "SELECT count(* ORDER BY a) FROM t",
    "SELECT sum(a ORDER BY x) FROM t",
    "SELECT group_concat(z, w ORDER BY x, v) FROM t",
    "SELECT sum(a ORDER BY sum(a)) FROM t",
    "SELECT group_concat(count(*) ORDER BY a) FROM t",
    "SELECT sum(a ORDER BY row_number() OVER ()) FROM t",
    "SELECT group_concat(a ORDER BY a FILTER) FROM t",
]

FILTER_CASES = [
    "SELECT count(*) FILTER (WHERE a > 1), count(*) FILTER (WHERE b > 'a'), count(*) FROM t",
    "SELECT count(DISTINCT a) FILTER (WHERE a > 1), sum(a) FILTER (WHERE a) FROM t",
    "SELECT total(a) FILTER (WHERE a IS NOT NULL AND a < 3), avg(c) FILTER (WHERE 0) FROM t",
    "SELECT sum(a ORDER BY b) FILTER (WHERE a > 1), avg(a ORDER BY b) FILTER (WHERE b > 'X') FROM t",
    "SELECT group_concat(a ORDER BY c) FILTER (WHERE 0), count(*) FILTER (WHERE NULL) FROM t",
    "SELECT group_concat(DISTINCT a ORDER BY a) FILTER (WHERE b IS NOT NULL) FROM t",
    "SELECT group_concat(DISTINCT c ORDER BY a) FILTER (WHERE a > 1) FROM u",
    "SELECT a, b, max(c) FILTER (WHERE a < 3) FROM t",
    "SELECT a, b, min(c) FILTER (WHERE a > 1) FROM t",
    "SELECT a, b, max(c) FILTER (WHERE a > 100) FROM t",
    "SELECT a, count(*) FILTER (WHERE a > 2) FROM t",
    "SELECT a, max(c) FILTER (WHERE a > 1) FROM u",
    "SELECT a, min(c) FILTER (WHERE a > 3), max(c) FROM u",
    "SELECT b, count(*) FILTER (WHERE a < 3) FROM t GROUP BY b",
    "SELECT b, group_concat(a ORDER BY c DESC) FILTER (WHERE a < 3) FROM t GROUP BY b "
    "HAVING count(*) FILTER (WHERE a IS NULL) = 0",
    "SELECT b, sum(a ORDER BY c) FILTER (WHERE c > 1) FROM t GROUP BY 1 ORDER BY 2",
    "SELECT sum(a) FILTER (WHERE a > 1) OVER (), sum(a) FILTER (WHERE a > 1) FROM t",
    "SELECT c, (SELECT count(*) FILTER (WHERE u.a > t.c) FROM u) FROM t",
    "SELECT count(*) FILTER (WHERE a IN (SELECT c FROM u)) FROM t",
    "SELECT x, count(*) FILTER (WHERE x = 'A') FROM n GROUP BY x",
    "SELECT abs(a) FILTER (WHERE a > 1) FROM t",
    "SELECT ABS(a) FILTER (WHERE x) FROM t",
    "SELECT strftime(a) FILTER (WHERE 1) FROM t",
    "SELECT abs(x) FILTER (WHERE a) FROM t",
    "SELECT abs(a, b) FILTER (WHERE 1) FROM t",
    "SELECT abs(a) FILTER (WHERE a > 1) OVER () FROM t",
    "SELECT row_number() FILTER (WHERE 1) OVER () FROM t",
    "SELECT Foo(a) FILTER (WHERE 1) FROM t",
    "SELECT sum(a) FILTER (WHERE x) FROM t",
    "SELECT sum(z ORDER BY x) FILTER (WHERE y) FROM t",
    "SELECT count(*) FILTER (WHERE y), x FROM t",
    "SELECT count(*) FILTER (WHERE count(*) > 1) FROM t",
    "SELECT group_concat(a) FILTER (WHERE count(*)) FROM t",
    "SELECT sum(a) FILTER (WHERE sum(a) OVER () > 1) FROM t",
    "SELECT sum(a) FILTER (WHERE a) FROM t GROUP BY sum(a) FILTER (WHERE 1)",
    "SELECT sum(a) FROM t WHERE sum(a) FILTER (WHERE 1) > 1",
    "SELECT CAST(a AS INT) FILTER (WHERE 1) FROM t",
    "SELECT a FILTER (WHERE 1) FROM t",
]

# An aggregate whose parts name only an outer query's columns belongs to that query.
OUTER_CASES = [
    "SELECT (SELECT count(t.a) FROM t x) FROM t",
    "SELECT (SELECT count(t.a) FILTER (WHERE x.a > 1) FROM t x) FROM t",
    "SELECT b, (SELECT group_concat(t.a ORDER BY t.c) FROM t x WHERE x.a = 1) FROM t GROUP BY b",
    "SELECT b, (SELECT sum(t.a + x.a) FROM t x) FROM t GROUP BY b",
    "SELECT a FROM t GROUP BY a HAVING (SELECT count(t.c) FROM t x) > 0",
    "SELECT (SELECT (SELECT count(t.a) FROM t y) FROM t x) FROM t",
    "SELECT (SELECT count(t.a) + count(x.a) FROM t x) FROM t",
    "SELECT count(*), (SELECT sum(t.a) FROM t x) FROM t",
    "SELECT (SELECT count(t.a ORDER BY x.a) FROM t x), (SELECT group_concat(t.a ORDER BY t.c DESC) FROM t x) FROM t",
    "SELECT a, EXISTS (SELECT count(t.a) FROM t x WHERE 0) FROM t",
    "SELECT (SELECT 1 FROM t x ORDER BY count(t.a)) FROM t",
    "SELECT max(a), (SELECT t.b FROM t x) FROM t",
]

NAME_CASES = [
    "SELECT a FROM t ORDER BY SUM(a)", "SELECT count(DISTINCT *) FROM t",
    "SELECT Count(*) FROM t WHERE Max(a) > 1",
    "SELECT Foo(1)", "SELECT ABS(1, 2)", "SELECT GROUP_CONCAT(1, 2, 3)", "SELECT SUM(SUM(a)) FROM t",
    "SELECT RANK()", "SELECT ABS(a) OVER () FROM t", "SELECT Row_Number(1) OVER () FROM t",
    "SELECT 1 WHERE Rank() OVER () > 1", "SELECT 1 regexp 2", "SELECT 1 NOT Regexp 2",
    "SELECT 1 REGEXP 2", "SELECT Percentile(a) FROM t", "SELECT lOwEr('A', 2)",
]


def test_order_by_in_aggregates_matches_sqlite():
    assert_same(SETUP, ORDER_CASES)


def test_filter_on_aggregates_matches_sqlite():
    assert_same(SETUP, FILTER_CASES)


def test_filter_and_order_by_see_the_statement_s_parameters():
    assert_same(SETUP, ["SELECT count(*) FILTER (WHERE ?1 > a), group_concat(a ORDER BY a % ?1) FROM t"], (2,))


def test_an_aggregate_of_outer_columns_belongs_to_the_outer_query():
    assert_same(SETUP, OUTER_CASES)


def test_function_errors_name_the_function_as_written():
    assert_same(SETUP, NAME_CASES)


def test_order_by_keeps_working_after_the_group_is_reused():
    """A cached statement runs its ORDER BY buffers afresh on each execution."""
    assert_same(SETUP, ["SELECT group_concat(a ORDER BY c DESC) FROM t"] * 2 +
                ["INSERT INTO t VALUES (9, 'z', 0)", "SELECT group_concat(a ORDER BY c DESC) FROM t"])


# -- random calls over random rows ---------------------------------------------------------
VALUES = st.one_of(st.none(), st.integers(-2, 4), st.sampled_from([1.0, 2.5, -0.5]),
                   st.sampled_from(["k", "K", "m", "1"]))
ROWS = st.lists(st.tuples(st.sampled_from([None, 1, 2, "p"]), VALUES, VALUES), max_size=12)

CALLS = ["group_concat({d}{v}{o})", "group_concat({d}{v}, '-'{o})", "string_agg({v}, o{o})",
         "sum({d}{v}{o})", "count({d}{v}{o})", "count(*)", "min({d}{v}{o})", "max({d}{v}{o})",
         "avg({d}{v}{o})", "total({d}{v}{o})"]
ARGS = ["v", "o", "v COLLATE NOCASE", "p", "v + 0"]
TERMS = ["o", "o DESC", "v", "v DESC NULLS FIRST", "o NULLS LAST", "v COLLATE NOCASE",
         "p DESC", "id % 3", "o COLLATE NOCASE DESC"]
FILTERS = ["o > 1", "v IS NOT NULL", "p = 1", "id % 2", "v < o", "typeof(v) = 'text'", "v", "o || 'x'"]


@st.composite
def calls(draw) -> str:
    template = draw(st.sampled_from(CALLS))
    arg = draw(st.sampled_from(ARGS))
    distinct = "DISTINCT " if draw(st.integers(0, 3)) == 0 and "'-'" not in template \
        and "string_agg" not in template else ""
    terms = draw(st.lists(st.sampled_from(TERMS + [arg]), max_size=2))
    order = " ORDER BY " + ", ".join(terms) if terms and template != "count(*)" else ""
    call = template.replace("{d}", distinct).replace("{v}", arg).replace("{o}", order)
    if draw(st.booleans()):
        call += f" FILTER (WHERE {draw(st.sampled_from(FILTERS))})"
    return call


@props(300)
@given(rows=ROWS, data=st.data())
def test_random_aggregate_calls_match_sqlite(rows, data):
    first, second = data.draw(calls()), data.draw(calls())
    assert_same(_setup(rows), [
        f"SELECT {first}, {second} FROM w",
        f"SELECT p, {first}, {second} FROM w GROUP BY p ORDER BY p",
        f"SELECT p, {first} FROM w GROUP BY p HAVING {second} IS NOT NULL ORDER BY p",
        f"SELECT id, (SELECT {first} FROM w x WHERE x.p IS NOT w.p) FROM w ORDER BY id",
    ])


# -- every aggregate the registry has ------------------------------------------------------
def _every_aggregate_calls(name: str, lo: int, hi: int) -> list:
    """Calls of aggregate ``name`` with ORDER BY and FILTER over the table w: its first
    argument a value, the others small constants (a separator, a percentile)."""
    extra = {"percentile": "50", "percentile_cont": "0.5", "percentile_disc": "0.5",
             "json_group_object": "v"}
    calls = []
    for n in range(max(lo, 1), hi + 1):
        args = ["o" if name == "json_group_object" else "v"] + [extra.get(name, "'-'")] * (n - 1)
        for clause in ("ORDER BY p DESC, id", "ORDER BY v, id DESC", "ORDER BY o NULLS LAST, id"):
            calls.append(f"{name}({', '.join(args)} {clause})")
            calls.append(f"{name}({', '.join(args)} {clause}) FILTER (WHERE id % 3)")
    return calls


def test_every_aggregate_takes_order_by_and_filter():
    """Generic: an aggregate added to the registry (json_group_array...) is covered here."""
    from rowandb.planner.functions.aggregates import AGGREGATES
    rows = [(1, 2.5, "b"), (2, 1, "a"), (None, 1, "c"), ("p", None, 3), (2, "k", -1), (1, 0.5, "b")]
    queries = [f"SELECT {call} FROM w" for name, (_, lo, hi) in sorted(AGGREGATES.items())
               for call in _every_aggregate_calls(name, lo, hi)]
    queries += [f"SELECT p, {call} FROM w GROUP BY p ORDER BY p"
                for call in _every_aggregate_calls("group_concat", 1, 2)]
    assert len(queries) > 50
    assert_same(_setup(rows), queries)
