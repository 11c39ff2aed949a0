"""A FROM subquery's LIMIT under a query with window functions, against SQLite (apsw).

sqlite3WindowRewrite moves a window query's FROM, WHERE, GROUP BY and HAVING into a
query of their own, ordered by the innermost window's PARTITION BY and ORDER BY, and
flattens a FROM subquery with a LIMIT into it: the LIMIT then keeps the first rows of
that sort, not the first rows of the subquery's scan
(``SELECT count(*) OVER (ORDER BY b) FROM (SELECT b FROM t LIMIT 3)`` counts the three
least b). RowanDB took the LIMIT above the query's own ORDER BY when there was one, so
the windows saw every row (fuzz 180300136, a percent_rank() over json_tree's rows), and
kept it in the subquery when there was none (``plan/lifted_limit.py``). Each window
shape is read over each subquery shape, under each outer clause; the rows (as a
multiset: a window query's order is the engine's) must be SQLite's. The values are
chosen so that no two rows tie in any window's sort: which of two tied rows a LIMIT
keeps is the sort's choice.
"""

from __future__ import annotations

import itertools

import pytest

from oracle import outcomes

SETUP = [
    "CREATE TABLE t(a, b)",
    "INSERT INTO t VALUES (1, 5), (2, 4), (3, 3), (4, 2), (5, 1), (6, NULL)",
]
WINDOWS = [
    "count(*) OVER ()",
    "count(*) OVER (ORDER BY b)",
    "sum(a) OVER (ORDER BY a DESC)",
    "row_number() OVER (PARTITION BY a % 2 ORDER BY b)",
    "count(*) OVER (ORDER BY b), count(*) OVER ()",
    "count(*) OVER (), count(*) OVER (ORDER BY b)",
    "sum(a) OVER (ORDER BY a), max(b) OVER (ORDER BY b DESC)",
    "percent_rank() OVER (ORDER BY b + 1)",
    "group_concat(a) OVER (ORDER BY b COLLATE NOCASE ROWS 1 PRECEDING)",
    "count(*) OVER w FROM_WINDOW",
]
SUBQUERIES = [
    "SELECT a, b FROM t LIMIT 3",
    "SELECT a, b FROM t LIMIT 0",
    "SELECT a, b FROM t LIMIT -1",
    "SELECT a, b FROM t LIMIT 2 OFFSET 1",
    "SELECT a, b FROM t WHERE a > 1 LIMIT 3",
    "SELECT * FROM (SELECT a, b FROM t LIMIT 3)",
    "SELECT a, b FROM t UNION ALL SELECT b + 10, a + 10 FROM t LIMIT 4",
    "SELECT a, b FROM t UNION SELECT b + 10, a + 10 FROM t LIMIT 4",
]
OUTERS = ["", " ORDER BY a", " ORDER BY 2 DESC", " LIMIT 2", " WHERE a > 2", " GROUP BY a"]


def _query(window: str, sub: str, outer: str) -> str:
    """The query; a WINDOW clause goes after WHERE and GROUP BY, before ORDER BY and
    LIMIT."""
    calls = window.removesuffix(" FROM_WINDOW")
    named = " WINDOW w AS (PARTITION BY b IS NULL ORDER BY a DESC)" if calls != window else ""
    before = outer.startswith((" WHERE", " GROUP BY"))
    return f"SELECT a, {calls} FROM ({sub})" + \
        (outer + named if before else named + outer)


def _queries() -> list:
    return [_query(w, s, o) for w in WINDOWS for s in SUBQUERIES for o in OUTERS] + \
        [f"SELECT (SELECT {w} FROM ({s}) LIMIT 1)" for w in WINDOWS[1:4] for s in SUBQUERIES]


def _multiset(outcome):
    return (outcome[0], sorted(outcome[1], key=repr)) if outcome[0] == "ok" else outcome


def test_a_subquerys_limit_keeps_the_first_rows_of_the_innermost_windows_sort():
    """Every query's rows as SQLite's (504 queries; a scalar subquery's first row is
    written with its own LIMIT 1, where SQLite's sort decides which row it is)."""
    found = outcomes(SETUP, _queries())
    wrong = [(sql, mine, theirs) for sql, mine, theirs in found
             if _multiset(mine) != _multiset(theirs)]
    assert not wrong, f"{len(wrong)} of {len(found)} differ, first: {wrong[:3]}"


@pytest.mark.parametrize("sql", [
    "SELECT a, count(*) OVER (ORDER BY b) FROM (SELECT a, b FROM t LIMIT 'x')",
    "SELECT a, count(*) OVER (ORDER BY b) FROM (SELECT a, b FROM t LIMIT (SELECT 2))",
    "SELECT a, count(*) OVER (ORDER BY b) FROM (SELECT a, b FROM t LIMIT 2.0)",
])
def test_the_lifted_limits_value_is_read_as_sqlite_reads_it(sql):
    """A text LIMIT is 'datatype mismatch', a subquery's or a real's value is counted."""
    [(_, mine, theirs)] = outcomes(SETUP, [sql])
    assert _multiset(mine) == _multiset(theirs)


def test_the_plan_shows_the_limit_on_the_window_step():
    """EXPLAIN labels the Window step that keeps the first rows with its LIMIT."""
    from oracle import pair
    mine, _ = pair(SETUP)
    result = mine.execute(
        "EXPLAIN SELECT count(*) OVER (ORDER BY b) FROM (SELECT b FROM t LIMIT 3)")
    labels = [row[3] for row in result.rows]
    assert any(label.startswith("WINDOW") and label.endswith("LIMIT 3") for label in labels)
    assert not any(label == "LIMIT 3" for label in labels)


def _term_orders() -> list:
    """Every order of one to three ORDER BY terms over a column and two or three windows
    of other definitions, in two orders of writing."""
    queries = []
    for windows in [("a", "b"), ("b", "a"), ("a", "b", "c"), ("c", "a", "b")]:
        chosen = ", ".join(f"count(*) OVER (ORDER BY {w})" for w in windows)
        for k in (1, 2, 3):
            for terms in itertools.permutations(range(1, len(windows) + 2), k):
                queries.append(f"SELECT a, {chosen} FROM (SELECT * FROM t LIMIT 3) "
                               f"ORDER BY {', '.join(map(str, terms))}")
    return queries


def test_the_limit_goes_under_the_first_window_an_order_by_term_reads_else_the_last():
    """SQLite's LIMIT goes under the first window written when an ORDER BY term reads its
    value, else under the last written (the review of the twenty-seventh round: `ORDER BY
    3` of three windows keeps the three least c, not b)."""
    setup = ["CREATE TABLE t(a, b, c)",
             "INSERT INTO t VALUES (1, 5, 9), (2, 4, 7), (3, 3, 8), (4, 2, 6), (5, 1, 10), "
             "(6, 6, 0)"]
    wrong = [sql for sql, mine, theirs in outcomes(setup, _term_orders())
             if _multiset(mine) != _multiset(theirs)]
    assert not wrong, wrong

