"""Query shapes users write that the core does not (feature ``query_shapes``): LIMIT and
OFFSET as expressions and in the ``LIMIT offset, count`` form; result columns named with
AS (or without it) and ORDER BY by those names; views and FROM subqueries that sort their
rows and keep the first few (ORDER BY ... LIMIT inside a view, read by an outer query).

Every choice is drawn aside (``Gen.side_rng``): with the feature on, a query that takes no
shape from here is the query written without it.

Determinism: a LIMIT keeps a defined set of rows only under an ORDER BY that leaves no
tie between rows that look different. The core's top-level LIMIT comes with an ORDER BY
of every output column (gen_query.py); a view's or subquery's LIMIT here comes with
``typeof(e), e COLLATE BINARY, quote(e)`` for each of its columns' expressions ``e``, the
key ``gen_window.py`` and ``gen_aggregate_kinds.py`` use (written over the expressions,
not the names c0...: an expression in ORDER BY looks a name up in the FROM clause before
the result columns, and the tables' columns are named c0... too).
"""

from __future__ import annotations

from .sqltree import Node, expr, items, node

# LIMIT/OFFSET values: an expression, a text or REAL that is an integer, a scalar
# subquery; and some SQLite refuses ('datatype mismatch').
LIMITS = ["1 + 1", "'2'", "2.0", "abs(-3)", "CAST('1' AS INTEGER)", "(SELECT 2)",
          "-1", "9223372036854775807", "(SELECT count(*) FROM {t})", "length('abc')",
          "0x2", "+1", "~-3"]
BAD_LIMITS = ["NULL", "'x'", "2.5", "'1.5'", "x'01'"]
OFFSETS = ["0", "1", "1 + 1", "'1'", "-1", "(SELECT 1)", "1.0", "9223372036854775807"]


def wanted(g, chance: float) -> bool:
    return g.config.has("query_shapes") and g.side_rng.random() < chance


def limit(g) -> Node:
    """`` LIMIT x [OFFSET y]`` or `` LIMIT y, x`` with expression values."""
    side = g.side_rng
    table = g.schema.tables[0].name
    pool = LIMITS + (BAD_LIMITS if side.random() < 0.1 else [])
    count = side.choice(pool).replace("{t}", table)
    if side.random() < 0.5:
        return node(f" LIMIT {count}", optional=True)
    offset = side.choice(OFFSETS)
    if side.random() < 0.5:
        return node(f" LIMIT {offset}, {count}", optional=True)
    return node(f" LIMIT {count} OFFSET {offset}", optional=True)


def named_columns(g, columns: list) -> tuple[list, list]:
    """(select items named ``oK`` -- with AS or without --, the names)."""
    names = [f"o{i}" for i in range(len(columns))]
    way = g.side_rng.choice([" AS ", " "])
    return [node(c, f"{way}{n}") for c, n in zip(columns, names)], names


def sorted_limit(g, expressions: list) -> Node:
    """`` ORDER BY <a total order of the expressions> LIMIT n [OFFSET m]`` for a view or
    FROM subquery."""
    side = g.side_rng
    terms = []
    for e in expressions:
        way = side.choice(["", " DESC"])
        terms.append(expr("typeof(", e, f"){way}, ", e, f" COLLATE BINARY{way}, quote(", e,
                          ")", literals=()))
    text = f" LIMIT {side.choice([0, 1, 2, 3, 5])}"
    if side.random() < 0.4:
        text += f" OFFSET {side.choice([0, 1, 2])}"
    return node(" ORDER BY ", items(terms), text)
