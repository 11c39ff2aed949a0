"""More common-table shapes (feature ``cte_forms``): a WITH of two or three tables where a
later one reads an earlier one; recursive tables that stop by UNION's deduplication, by a
LIMIT (also after an ORDER BY) in the recursive query, of two columns, or seeded from a
table's rows; and WITH before INSERT and DELETE.

The core (gen_query._with_clause, feature ``cte``) writes one common table per query:
a derived query or a counter. The choice to write one of these instead is drawn aside
(``Gen.side_rng``).

Determinism: a recursive table's rows come in its queue's order, which SQLite defines
(first in, first out; with an ORDER BY in the recursive query, the smallest first), so a
LIMIT there keeps a defined set -- unless the seed is a table's rows, whose order is the
plan's: a table-seeded one has no LIMIT, and stops by its WHERE and UNION. An INSERT
takes its new rowids from the order of its source rows: its source is a counter.
"""

from __future__ import annotations

from .gen_expr import Ref, Scope, gen_expr, gen_predicate
from .sqltree import Node, items, node

# recursive bodies over one column c0 of table {n}: (seed, recursive query)
COUNTERS = [
    "SELECT {k} UNION ALL SELECT c0 + 1 FROM {n} LIMIT {m}",
    "SELECT {k} UNION SELECT (c0 * 3 + 1) % 7 FROM {n}",
    "SELECT {k} UNION ALL SELECT c0 + 2 FROM {n} ORDER BY 1 DESC LIMIT {m}",
    "SELECT {k} UNION ALL SELECT c0 * 2 FROM {n} WHERE c0 < 40 ORDER BY 1 LIMIT {m} "
    "OFFSET 1",
    "VALUES ({k}) UNION ALL SELECT c0 - 1 FROM {n} WHERE c0 > -3",
    "SELECT {k} UNION SELECT c0 + 1 FROM {n} WHERE c0 < 6 UNION SELECT c0 - 1 FROM {n} "
    "WHERE c0 > 0",
]
PAIRS = [   # two columns c0, c1
    "SELECT 0, 1 UNION ALL SELECT c1, c0 + c1 FROM {n} WHERE c0 < {m}",
    "SELECT {k}, 'x' UNION ALL SELECT c0 + 1, c1 || 'y' FROM {n} LIMIT {m}",
    "SELECT 1, 1 UNION SELECT c0 + 1, c1 * (c0 + 1) FROM {n} WHERE c0 < 8",
]


def wanted(g, chance: float) -> bool:
    return g.config.has("cte_forms") and g.side_rng.random() < chance


def _recursive(g, name: str, seeded: bool = True) -> tuple[str, int]:
    """A recursive body for table ``name``: (text, column count); ``seeded``: it may
    start from a table's rows (in the plan's order)."""
    side = g.side_rng
    if seeded and side.random() < 0.2:
        table = side.choice(g.schema.tables)
        column = side.choice(table.columns).name
        return (f"SELECT {column} FROM {table.name} UNION SELECT c0 + 1 FROM {name} "
                f"WHERE c0 < 5"), 1
    pool, count = (PAIRS, 2) if side.random() < 0.3 else (COUNTERS, 1)
    text = side.choice(pool)
    return text.format(n=name, k=side.randint(-2, 3), m=side.choice([0, 1, 3, 6, 12])), count


def with_tables(g, query_maker, derived) -> Node:
    """``WITH [RECURSIVE] w1(...) AS (...), w2(...) AS (... FROM w1 ...) <query>``;
    ``query_maker()`` writes the statement after the WITH, which may read every table;
    ``derived()`` a derived query: (node, column count)."""
    side = g.side_rng
    parts, pushed, recursive = [], 0, False
    try:
        for _ in range(side.choice([1, 2, 2, 3])):
            name = f"w{g.alias()[1:]}"
            hint = side.choice(["", "", " MATERIALIZED", " NOT MATERIALIZED"])
            if side.random() < 0.4:
                recursive = True
                text, count = _recursive(g, name)
                body = node(text)
            else:
                with g.nested():
                    body, count = derived()    # may read the tables before it
            columns = ", ".join(f"c{i}" for i in range(count))
            parts.append(node(f"{name}({columns}) AS{hint} (", body, ")"))
            g.ctes.append((name, count))
            pushed += 1
        statement = query_maker()
    finally:
        del g.ctes[len(g.ctes) - pushed:]
    head = "WITH RECURSIVE " if recursive else "WITH "
    return node(head, items(parts), " ", statement, info=statement.info)


def with_dml(g, table) -> Node:
    """``WITH ... INSERT INTO t(c) SELECT f(c0) FROM w`` (a counter's rows, in order) or
    ``WITH ... DELETE FROM t WHERE +c IN (SELECT c0 FROM w)``."""
    side = g.side_rng
    name = f"w{g.alias()[1:]}"
    text, count = _recursive(g, name, seeded=False)
    head = f"WITH RECURSIVE {name}({', '.join(f'c{i}' for i in range(count))}) AS ({text}) "
    column = side.choice(table.writable)
    # a STRICT table keeps the rows before a failing one (KNOWN_BUGS sqlite_strict_journal)
    one_row = table.strict and g.config.steer("sqlite_strict_journal")
    if side.random() < 0.5 and not one_row:
        scope = Scope([Ref(f"{name}.c{i}") for i in range(count)])
        value = gen_expr(g, scope, 1)
        where = node(" WHERE ", gen_predicate(g, scope, 1)) if side.random() < 0.3 else None
        return node(head, f"INSERT INTO {table.name}({column}) SELECT ", value,
                    f" FROM {name}", where)
    return node(head, f"DELETE FROM {table.name} WHERE +{column} IN (SELECT c0 FROM {name})")
