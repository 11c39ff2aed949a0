"""Rows in SQLite's order: random joins without ORDER BY, their rows compared as lists.

A query with no ORDER BY gives its rows in the order of its join's loops, so RowanDB must
pick SQLite 3.54's join order wherever the order shows. ``join_order_agreement.py``
compares the loop orders EXPLAIN QUERY PLAN prints; this generator compares what users
see: the rows themselves, in order, over tables holding rows, for joins of 3-4 FROM items
where an item may be a table, a table read ``INDEXED BY`` one of its indexes or ``NOT
INDEXED``, a FROM subquery of its table's columns in any order (SQLite flattens it into
one loop), or a view of them (``CREATE VIEW`` over a table, its columns in another order).
The schema (rowid and WITHOUT ROWID tables, plain, unique and partial indexes) and the
joins' terms are ``join_order_agreement``'s; an error (INDEXED BY a partial index that
does not serve: 'no query solution') must be SQLite's too. Run it by hand for a while:

    .venv/bin/python -m tests.join_rows_order --minutes 10 --seed 173000000 [-v]

It prints each difference (schema, rows, query, both answers) and the count of cases;
``tests/test_join_rows_order.py`` runs a fixed number of cases and wants every one to
agree. ``--tables 9-10`` joins that many FROM items instead of 3-4 (SQLite's solver
costs joins of any length; RowanDB's costs joins of up to ten items and orders longer
ones greedily), each table then holding 1-2 rows so the rows stay few (``--tables 11-14``
too); ``--ordered`` gives
each query an ORDER BY a loop could deliver (``join_order_agreement.order_by``), whose
ties show the order the loops read the rows in; ``--inside`` lets a FROM subquery hold a
WHERE of its own or read its table INDEXED BY or NOT INDEXED, all of which SQLite
flattens into the join (branch orderedflat). Each draws from a generator of its own,
so without them the cases are the ones earlier rounds ran.
"""

from __future__ import annotations

import argparse
import random
import re
import time

import apsw

import rowandb
try:                                    # pytest puts tests/ on the path
    from join_order_agreement import order_by, query, schema
except ImportError:                     # python -m tests.join_rows_order
    from tests.join_order_agreement import order_by, query, schema

_ITEM = re.compile(r"\b(t\d+) AS (a\d+)")
_VALUES = ("1", "2", "3", "0", "-1", "NULL", "'x'", "'abc'", "2.5", "'3'", "x'01'")


def _columns(statements: list) -> dict:
    """table -> its number of columns (c0, c1, ...)."""
    return {s.split()[2].split("(")[0]: 1 + max(int(c) for c in re.findall(r"\bc(\d+)\b", s))
            for s in statements if s.startswith("CREATE TABLE")}


def rows(rng: random.Random, statements: list, counts=(0, 1, 3, 4, 5, 6)) -> list:
    """INSERT OR IGNORE statements filling each table with 0-6 rows (one of ``counts``) of
    small values."""
    found = []
    for name, count in _columns(statements).items():
        for _ in range(rng.choice(counts)):
            values = ", ".join(rng.choice(_VALUES) for _ in range(count))
            found.append(f"INSERT OR IGNORE INTO {name} VALUES ({values})")
    return found


def views(rng: random.Random, statements: list) -> list:
    """A view ``vN`` over some tables tN: the table's columns, by their names, in another
    order (the view's columns keep the names, so a query reads it as the table)."""
    found = []
    for name, count in _columns(statements).items():
        if rng.random() < 0.5:
            order = rng.sample(range(count), count)
            found.append(f"CREATE VIEW v{name[1:]} AS SELECT "
                         f"{', '.join(f'c{c}' for c in order)} FROM {name}")
    return found


def _indexes(statements: list) -> dict:
    """table -> the names of its indexes."""
    found: dict = {}
    for s in statements:
        if " INDEX " in s:
            words = s.split()
            name = words[words.index("INDEX") + 1]
            found.setdefault(s.split(" ON ")[1].split("(")[0], []).append(name)
    return found


def reshape(rng: random.Random, sql: str, statements: list, counts: dict,
            inside: random.Random | None = None) -> str:
    """``sql`` with some FROM items read another way: INDEXED BY one of the table's
    indexes, NOT INDEXED, a FROM subquery of its columns in a drawn order, or its view.
    ``inside`` (a generator of its own): the subquery may also hold a WHERE, or read its
    table INDEXED BY or NOT INDEXED (``_inside``)."""
    indexes = _indexes(statements)
    made = {s.split()[2] for s in statements if s.startswith("CREATE VIEW")}

    def item(match):
        table, alias = match.group(1), match.group(2)
        shape = rng.random()
        hint = _hint(rng, shape, indexes.get(table), 0.25, 0.35)
        if hint:
            return f"{table} AS {alias}{hint}"
        if shape < 0.6:
            order = rng.sample(range(counts[table]), counts[table])
            source = table if inside is None else _inside(inside, table, counts, indexes)
            return f"(SELECT {', '.join(f'c{c}' for c in order)} FROM {source}) AS {alias}"
        if shape < 0.8 and f"v{table[1:]}" in made:
            return f"v{table[1:]} AS {alias}"
        return match.group(0)
    return _ITEM.sub(item, sql)


def _hint(rng: random.Random, shape: float, names, indexed: float, not_indexed: float):
    """' INDEXED BY' one of the table's index ``names`` when ``shape`` is under
    ``indexed`` (and it has one), ' NOT INDEXED' under ``not_indexed``, else ''."""
    if shape < indexed and names:
        return f" INDEXED BY {rng.choice(names)}"
    return " NOT INDEXED" if shape < not_indexed else ""


def _inside(rng: random.Random, table: str, counts: dict, indexes: dict) -> str:
    """What a FROM subquery reads of ``table``: the table, INDEXED BY one of its
    indexes, NOT INDEXED, or with a WHERE of one or two terms on its columns (SQLite
    flattens each, its WHERE and its hint then the join's)."""
    shape = rng.random()
    hint = _hint(rng, shape, indexes.get(table), 0.2, 0.3)
    if hint:
        return table + hint
    if shape < 0.75:
        terms = [f"c{rng.randrange(counts[table])} "
                 f"{rng.choice(('> 1', '< 3', '= 2', 'IS NOT NULL', '>= 0', '= 1'))}"
                 for _ in range(rng.choice((1, 1, 2)))]
        return f"{table} WHERE {' AND '.join(terms)}"
    return table


def cases(count: int, seed: int, tables: tuple = (3, 4), ordered: bool = False,
          inside: bool = False):
    """(setup, query) pairs, a new schema with rows and views every ten queries; joins of
    ``tables`` (least, most) FROM items -- past four, of tables of 1-2 rows each, drawn
    apart -- and, ``ordered``, with an ORDER BY a loop could deliver (drawn apart);
    ``inside``, with FROM subqueries holding a WHERE or an index hint (drawn apart)."""
    rng = random.Random(seed)
    big, orders = random.Random(seed + 3), random.Random(seed + 1)
    within = random.Random(seed + 5) if inside else None
    made = 0
    while made < count:
        statements = schema(rng)
        counts = _columns(statements)
        setup = statements + views(rng, statements)
        setup += rows(rng, statements) if tables[1] <= 4 else rows(big, statements, (1, 2))
        for _ in range(min(10, count - made)):
            sql = query(rng, counts, tables)
            if ordered:
                sql = order_by(orders, statements, sql)
            yield setup, reshape(rng, sql, statements, counts, within)
            made += 1


def outcome(connection, sql: str):
    try:
        return "rows", [tuple(row) for row in connection.execute(sql)]
    except (apsw.Error, rowandb.Error) as error:
        return "error", str(error).split(" (line ")[0]


def engines(setup: list) -> tuple:
    lite, mine = apsw.Connection(":memory:"), rowandb.connect(":memory:",
                                                             isolation_level=None)
    for s in setup:
        try:
            lite.execute(s)
        except apsw.Error:          # a row an INTEGER PRIMARY KEY refuses: left out
            continue
        mine.execute(s)
    return lite, mine


def run(count: int | None, seed: int, minutes: float | None = None,
        verbose: bool = False, tables: tuple = (3, 4), ordered: bool = False,
        inside: bool = False) -> tuple:
    """(cases compared, the differing (setup, query, sqlite's, RowanDB's)), for ``count``
    cases or as many as ``minutes`` allow (``tables``, ``ordered``, ``inside``:
    ``cases``)."""
    deadline = time.monotonic() + minutes * 60 if minutes else None
    compared, differing = 0, []
    current, lite, mine = None, None, None
    for setup, sql in cases(count if count is not None else 1 << 40, seed, tables, ordered,
                            inside):
        if deadline is not None and time.monotonic() > deadline:
            break
        if setup is not current:
            current = setup
            lite, mine = engines(setup)
        expected, got = outcome(lite, sql), outcome(mine, sql)
        compared += 1
        if expected != got:
            differing.append((setup, sql, expected, got))
            if verbose:
                print(";\n".join(setup) + ";\n" + sql + ";")
                print("  sqlite: ", _outline(expected), "\n  rowandb:", _outline(got), "\n",
                      flush=True)
    return compared, differing


def _outline(outcome) -> str:
    """An outcome in one short line: an error, or the count of rows and the first three."""
    if outcome[0] != "rows":
        return repr(outcome)
    return f"{len(outcome[1])} rows, first {outcome[1][:3]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int)
    parser.add_argument("--minutes", type=float)
    parser.add_argument("--seed", type=int, default=173000000)
    parser.add_argument("-v", action="store_true")
    parser.add_argument("--tables", default="3-4", help="least-most FROM items, 3-4")
    parser.add_argument("--ordered", action="store_true")
    parser.add_argument("--inside", action="store_true",
                        help="FROM subqueries with a WHERE or an index hint")
    args = parser.parse_args()
    tables = tuple(int(n) for n in args.tables.split("-"))
    compared, differing = run(args.cases if args.minutes is None else None, args.seed,
                              args.minutes, args.v, tables, args.ordered, args.inside)
    print(f"{compared} cases (seed {args.seed}), {len(differing)} differing")


if __name__ == "__main__":
    main()
