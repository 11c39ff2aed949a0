"""Of two errors SQLite meets as it codes one SELECT, the one it reports
(tests/test_error_order.py runs them).

Every name resolves here; each error is one SQLite's code generator meets: a subquery's
'no query solution' (an INDEXED BY naming a partial index no term implies), a DISTINCT
aggregate of two arguments, a row value or a subquery of two columns where one value
stands. SQLite codes a SELECT in this order (select.c sqlite3Select): the FROM subqueries
it does not flatten (one with DISTINCT, GROUP BY, LIMIT or a compound inside, or an
aggregate beside a join), its LIMIT and OFFSET, then -- an aggregate query without
GROUP BY -- the accumulators' reset, which meets the DISTINCT error, then its loops
(where.c sqlite3WhereBegin: their plans, a flattened subquery's tables among them, then
the WHERE terms level by level) and the result columns; a GROUP BY query's reset comes
after all of that. ``pairs()`` puts an error in each of two places, for every pair of
places and every pair of their errors, the FROM item being a table or one of those
subquery kinds. Since branch errorder4 the places hold more of what SQLite codes apart:
a second result column (the columns are coded in their order, and a subquery of several
columns is reported only while no error was met, expr.c sqlite3SubselectError, where a
row value replaces any earlier error), an aggregate's arguments (coded in its step, only
while no error was met: select.c updateAccumulator) and a join's ON (an inner join's
terms join the WHERE's; a LEFT JOIN's are coded at its own loop). Since branch errorder5
also a constant row inside a larger expression (``max(b, (1, 2))``, ``(1, 2) + b``, coded
apart, last; ``coalesce(b, (1, 2))``, ``abs((1, 2))`` in place), ON and WHERE terms
reading one side of the join (coded at that side's loop, in the order the planner nests
them), and HAVING (which makes the query an aggregate one: ``GROUP BY b`` is added when
the group place holds nothing).
"""

from __future__ import annotations

import error_order_writes           # place_pairs

# the schema of test_error_order.py's CODED: tp is a partial index no term here implies
_TP = "INDEXED BY tp"
PLACES = {
    "column": ("a", ["group_concat(DISTINCT a, b)", f"(SELECT 1 FROM t AS z {_TP})",
                     "(SELECT x, a FROM u)", "(1, 2)", "count((1, 2))",
                     "count((SELECT x, a FROM u))", f"count((SELECT 1 FROM t AS z {_TP}))",
                     "count(*) FILTER (WHERE (a, 2))", "max(b, (1, 2))", "(1, 2) + b",
                     "coalesce(b, (1, 2))", "count(*) FILTER (WHERE b + (1, 2))"]),
    "column2": ("", [f"(SELECT 1 FROM t AS z {_TP})", "(SELECT x, a FROM u)", "(1, 2)",
                     "count((1, 2))", "(SELECT group_concat(DISTINCT x, a) FROM u)",
                     "b OR (1, 2)", "abs((1, 2))"]),
    "from": ("t", [f"t {_TP}", f"(SELECT a, b, c FROM t {_TP}) AS t",
                   f"(SELECT DISTINCT a, b, c FROM t {_TP}) AS t",
                   f"(SELECT a, b, c FROM t {_TP} GROUP BY a) AS t",
                   f"(SELECT a, b, c FROM t {_TP} LIMIT 5) AS t",
                   f"(SELECT a, b, c FROM t {_TP} UNION SELECT 1, 2, 3) AS t",
                   "(SELECT group_concat(DISTINCT a, b) AS a, 1 AS b, 1 AS c FROM t) AS t",
                   "(SELECT DISTINCT a, b, c FROM t WHERE (SELECT x, a FROM u)) AS t"]),
    "join": ("", [f"JOIN t AS j {_TP} ON 1", f"JOIN (SELECT DISTINCT a AS x FROM t {_TP}) AS j ON 1",
                  f"JOIN (SELECT a AS x FROM t {_TP}) AS j ON 1",
                  "JOIN (SELECT group_concat(DISTINCT x, a) AS x FROM u) AS j ON 1",
                  f"JOIN k AS j ON (SELECT 1 FROM t AS z {_TP})",
                  "JOIN k AS j ON (SELECT group_concat(DISTINCT x, a) FROM u)",
                  "JOIN k AS j ON (1, 2)", f"LEFT JOIN k AS j ON (SELECT 1 FROM t AS z {_TP})",
                  f"JOIN k AS j ON j.d0 = (SELECT 1 FROM t AS z {_TP})",
                  f"JOIN k AS j ON (SELECT 1 FROM t AS z {_TP}) AND j.d0",
                  f"JOIN k AS j ON (SELECT 1 FROM t AS z {_TP} WHERE z.b = t.b)",
                  f"LEFT JOIN k AS i ON 1 JOIN k AS j ON (SELECT 1 FROM t AS z {_TP})",
                  f"JOIN k AS j ON (SELECT 1 FROM t AS z {_TP}) OR t.b",
                  f"JOIN k AS j ON (SELECT 1 FROM t AS z {_TP}) OR j.d0",
                  f"JOIN k AS j ON j.d0 = 1 AND ((SELECT 1 FROM t AS z {_TP}) OR t.b)",
                  "JOIN k AS j ON j.d0 + (1, 2)", "LEFT JOIN k AS j ON j.d0 + (1, 2)"]),
    "where": ("", [f"WHERE (SELECT 1 FROM t AS z {_TP})",
                   "WHERE (SELECT group_concat(DISTINCT x, a) FROM u)", "WHERE (1, 2)",
                   f"WHERE b = (SELECT 1 FROM t AS z {_TP})", "WHERE b + (1, 2)",
                   f"WHERE (SELECT 1 FROM t AS z {_TP}) OR t.b"]),
    "group": ("", [f"GROUP BY (SELECT 1 FROM t AS z {_TP})", "GROUP BY (1, 2)",
                   "GROUP BY b + (1, 2)"]),
    # HAVING makes the query an aggregate one: GROUP BY b unless the group place has one
    "having": ("", ["HAVING (1, 2)", f"HAVING (SELECT 1 FROM t AS z {_TP})",
                    "HAVING count(*) + (1, 2)", "HAVING abs((1, 2))",
                    "HAVING (SELECT group_concat(DISTINCT x, a) FROM u)"]),
    "order": ("", [f"ORDER BY (SELECT 1 FROM t AS z {_TP})", "ORDER BY (1, 2)", "ORDER BY b + (1, 2)",
                   "ORDER BY (SELECT group_concat(DISTINCT x, a) FROM u)"]),
    "limit": ("", [f"LIMIT (SELECT 1 FROM t AS z {_TP})",
                   "LIMIT (SELECT group_concat(DISTINCT x, a) FROM u)"]),
}
_ORDER = ("column", "column2", "from", "join", "where", "group", "having", "order", "limit")


def statement(chosen: dict) -> str:
    text = {place: chosen.get(place, PLACES[place][0]) for place in PLACES}
    columns = ", ".join(part for part in (text["column"], text["column2"]) if part)
    parts = [f"SELECT {columns} FROM {text['from']}"]
    if text["having"] and not text["group"]:
        text["group"] = "GROUP BY b"
    parts += [text[place] for place in _ORDER[3:]]
    return " ".join(part for part in parts if part)


def pairs() -> list[str]:
    """Every pair of places, with every pair of errors they can hold."""
    return error_order_writes.place_pairs(PLACES, _ORDER, statement)
