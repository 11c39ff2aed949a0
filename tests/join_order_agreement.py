"""How often RowanDB nests an all-inner join's tables in SQLite's order, without ANALYZE.

Where a query has no ORDER BY its rows come in the order of the join's loops, and an
expression that can raise is reached (or not) depending on which table the outer loop
reads; so RowanDB must nest the tables as SQLite 3.54 does. This module generates random
schemas (rowid and WITHOUT ROWID tables, with and without an INTEGER PRIMARY KEY,
single- and multi-column, unique and partial indexes, declared types of varied widths)
and random 2-4 table inner joins (equalities between tables, equalities, ranges and
function calls on one table, constants), reads SQLite's loop order from apsw's EXPLAIN
QUERY PLAN (the order of its SCAN and SEARCH lines) and RowanDB's from its own, and
counts the agreements. ``tests/test_join_order.py`` runs it with a fixed seed and holds a
floor on the count; run it by hand to measure a change:

    .venv/bin/python -m tests.join_order_agreement [cases] [seed] [-v] [--ordered] [--left]
        [--tables 6-7]

``--ordered`` gives each query an ORDER BY a loop could deliver (SQLite then weighs the
sort an order saves); ``--left`` makes one of its joins a LEFT JOIN; ``--tables 6-7``
joins 6 to 7 tables instead of 2 to 4 (SQLite's solver then keeps only its 12 or 18
best paths at each step).
"""

from __future__ import annotations

import random
import sys

import apsw

import rowandb

# A term that fails 'integer overflow' on a row whose id is 1: where a join's loop order
# decides whether a statement raises (``assert_same_order(..., outcome=True)``).
RAISES = "abs({}.id - 9223372036854775807 - 2)"

TYPES = ("INTEGER", "INT", "TEXT", "VARCHAR(200)", "CHAR(3)", "BLOB", "REAL", "",
         "NUMERIC", "NVARCHAR(40)")


def schema(rng: random.Random) -> list:
    """CREATE statements of 3-5 tables t0.. with columns c0.. and a few indexes."""
    statements = []
    for t in range(rng.randint(3, 5)):
        ncols = rng.randint(2, 5)
        types = [rng.choice(TYPES) for _ in range(ncols)]
        kind = rng.choice(("rowid", "ipk", "without", "without"))
        cols = [f"c{i} {types[i]}".rstrip() for i in range(ncols)]
        tail = ""
        if kind == "ipk":
            cols[0] = "c0 INTEGER PRIMARY KEY"
        elif kind == "without":
            if rng.random() < 0.5:
                cols[0] = f"c0 {types[0] or 'INT'} PRIMARY KEY"
            else:
                cols.append("PRIMARY KEY(c0, c1)")
            tail = " WITHOUT ROWID"
        statements.append(f"CREATE TABLE t{t}({', '.join(cols)}){tail}")
        for i in range(rng.choice((0, 0, 1, 1, 2, 3))):
            keys = rng.sample(range(ncols), rng.choice((1, 1, 2)) if ncols > 1 else 1)
            unique = "UNIQUE " if rng.random() < 0.25 else ""
            where = f" WHERE c{keys[0]} > 0" if rng.random() < 0.1 else ""
            statements.append(f"CREATE {unique}INDEX t{t}_i{i} ON t{t}("
                              f"{', '.join(f'c{k}' for k in keys)}){where}")
    return statements


def _columns(statements: list) -> dict:
    found = {}
    for s in statements:
        if s.startswith("CREATE TABLE"):
            name = s.split()[2].split("(")[0]
            found[name] = len({part.split()[0] for part in s[s.index("(") + 1:].split(", ")
                               if part.startswith("c") and ")" not in part.split()[0]})
    return found


def query(rng: random.Random, columns: dict, tables: tuple = (2, 4)) -> str:
    """A random inner join of 2-4 (``tables``) of the tables (aliases a0..) with random
    terms."""
    n = rng.randint(*tables)
    picks = [rng.choice(sorted(columns)) for _ in range(n)]
    col = lambda i: f"a{i}.c{rng.randrange(columns[picks[i]])}"     # noqa: E731
    terms = []                          # (text, the last alias it reads)
    for _ in range(rng.randint(0, 5)):
        i, j = rng.randrange(n), rng.randrange(n)
        shape = rng.random()
        if shape < 0.35 and i != j:
            terms.append((f"{col(i)} = {col(j)}", max(i, j)))
        elif shape < 0.5:
            terms.append((f"{col(i)} = {rng.choice(('5', '1', quote(rng)))}", i))
        elif shape < 0.65:
            terms.append((f"{col(i)} {rng.choice(('>', '<', '>=', 'BETWEEN 1 AND'))} 3", i))
        elif shape < 0.8:
            call = rng.choice(("abs", "length", "hex", "typeof"))
            terms.append((f"{call}({col(i)})", i))
        elif shape < 0.9:
            terms.append((rng.choice(("1", "2 > 1")), 0))
        elif i != j:
            terms.append((f"{col(i)} > {col(j)}", max(i, j)))
    parts = [f"{picks[0]} AS a0"]
    ons = [[] for _ in range(n)]
    where = []
    for term, last in terms:
        if rng.random() < 0.5:
            ons[rng.randint(max(last, 1), n - 1)].append(term)
        else:
            where.append(term)
    for i in range(1, n):
        on = f" ON {' AND '.join(ons[i])}" if ons[i] else ""
        parts.append(f"{rng.choice(('JOIN', 'INNER JOIN', ','))  if not on else 'JOIN'} "
                     f"{picks[i]} AS a{i}{on}")
    sql = f"SELECT * FROM {parts[0]}"
    for p in parts[1:]:
        sql += p if p.startswith(",") else " " + p
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql


def order_by(rng: random.Random, statements: list, sql: str) -> str:
    """``sql`` with an ORDER BY a loop could deliver: its first term the rowid of a
    rowid table or the leading column of an index (a WITHOUT ROWID table's PRIMARY KEY
    among them) of a FROM table, ASC or DESC, and maybe a second term on any column."""
    aliases = {}                        # alias -> table
    for part in sql.split(" AS ")[1:]:
        alias = part.split()[0].rstrip(",")
        aliases[alias] = sql.split(" AS " + alias)[0].split()[-1]
    leading: dict = {}                  # table -> the columns a loop can deliver first
    for s in statements:
        words = s.split()
        if s.startswith("CREATE TABLE"):
            name = words[2].split("(")[0]
            body = s[s.index("(") + 1:]
            if "WITHOUT ROWID" in s:
                key = body.split("PRIMARY KEY(")[1].split(",")[0] if "PRIMARY KEY(" in body \
                    else body.split()[0]
                leading[name] = [key]
            else:
                leading[name] = ["rowid"]
        elif " INDEX " in s:
            on = s.split(" ON ")[1]
            leading[on.split("(")[0]].append(on.split("(")[1].split(",")[0].split(")")[0])
    alias = rng.choice(sorted(aliases))
    terms = [f"{alias}.{rng.choice(leading[aliases[alias]])}{rng.choice(('', ' DESC'))}"]
    if rng.random() < 0.4:
        other = rng.choice(sorted(aliases))
        terms.append(f"{other}.c{rng.randrange(2)}{rng.choice(('', ' DESC'))}")
    return sql + " ORDER BY " + ", ".join(terms)


def quote(rng: random.Random) -> str:
    return rng.choice(("'x'", "'abc'", "2.5", "NULL"))


def sqlite_order(connection, sql: str) -> list:
    lines = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)]
    return [line.split()[1] for line in lines if line.split()[0] in ("SCAN", "SEARCH")]


def rowandb_order(connection, sql: str) -> list:
    order = []
    for row in connection.execute("EXPLAIN QUERY PLAN " + sql).fetchall():
        words = row[3].split()
        if words[0] in ("SCAN", "SEARCH"):
            order.append(words[3] if len(words) > 3 and words[2] == "AS" else words[1])
    return order


def assert_same_order(statements: list, sql: str, *, outcome: bool = False) -> None:
    """After ``statements`` on both engines, ``sql``'s loops come in SQLite's order and,
    with ``outcome``, it gives SQLite's rows or error (the order shows in which rows a
    term that raises meets)."""
    lite, mine = engines(statements)
    if outcome:
        assert _outcome(lambda: mine.execute(sql).fetchall()) == \
            _outcome(lambda: lite.execute(sql).fetchall())
    assert rowandb_order(mine, sql) == sqlite_order(lite, sql)


def _outcome(run):
    try:
        return "rows", [tuple(row) for row in run()]
    except (apsw.Error, rowandb.Error) as error:
        return "error", str(error)


def left_join(rng: random.Random, sql: str) -> str:
    """``sql`` with one of its joins after the first item made a LEFT JOIN (one written
    with a comma or without ON gets ``ON 1``)."""
    head, _, where = sql.partition(" WHERE ")
    parts = head.replace(", ", " JOIN ").replace(" INNER JOIN ", " JOIN ").split(" JOIN ")
    if len(parts) < 2:
        return sql
    i = rng.randrange(1, len(parts))
    if " ON " not in parts[i]:
        parts[i] += " ON 1"
    parts[i] = "LEFT JOIN " + parts[i]
    text = parts[0]
    for part in parts[1:]:
        text += " " + (part if part.startswith("LEFT JOIN ") else "JOIN " + part)
    return text + (" WHERE " + where if where else "")


def cases(count: int, seed: int, ordered: bool = False, left: bool = False,
          tables: tuple = (2, 4)):
    """(schema, query) pairs: a new schema every ten queries; ``ordered``: each query
    with an ORDER BY a loop could deliver (``order_by``), ``left``: with one LEFT JOIN
    (``left_join``), each drawn from a generator of its own so the joins are the same as
    without it; ``tables``: the least and most tables a join reads."""
    rng = random.Random(seed)
    orders = random.Random(seed + 1)
    lefts = random.Random(seed + 2)
    made = 0
    while made < count:
        statements = schema(rng)
        columns = _columns(statements)
        for _ in range(min(10, count - made)):
            sql = query(rng, columns, tables)
            sql = left_join(lefts, sql) if left else sql
            yield statements, order_by(orders, statements, sql) if ordered else sql
            made += 1


def measure(count: int = 500, seed: int = 1, verbose: bool = False, ordered: bool = False,
            left: bool = False, tables: tuple = (2, 4)):
    """(agreements, cases compared, the differing (schema, query, sqlite, rowandb))."""
    agreed, compared, differing = 0, 0, []
    current, lite, mine = None, None, None
    for statements, sql in cases(count, seed, ordered, left, tables):
        if statements is not current:
            current = statements
            lite, mine = engines(statements)
        expected = sqlite_order(lite, sql)
        got = rowandb_order(mine, sql)
        compared += 1
        agreed += tally(differing, statements, sql, expected, got, verbose)
    return agreed, compared, differing


def engines(statements: list) -> tuple:
    """(apsw's connection, RowanDB's), both in memory, after ``statements``."""
    lite, mine = apsw.Connection(":memory:"), rowandb.connect(":memory:")
    for s in statements:
        lite.execute(s)
        mine.execute(s)
    return lite, mine


def tally(differing: list, statements: list, sql: str, expected, got, verbose: bool) -> int:
    """1 when SQLite's ``expected`` is RowanDB's ``got``; else 0, the case added to
    ``differing`` (and printed, ``verbose``)."""
    if expected == got:
        return 1
    differing.append((statements, sql, expected, got))
    if verbose:
        print(";\n".join(statements) + ";\n" + sql + ";")
        print("  sqlite:", expected, "\n  rowandb:", got, "\n")
    return 0


if __name__ == "__main__":
    argv = sys.argv[1:]
    span = (2, 4)
    if "--tables" in argv:
        at = argv.index("--tables")
        span = tuple(int(x) for x in argv.pop(at + 1).split("-"))
        argv.pop(at)
    args = [a for a in argv if a not in ("-v", "--ordered", "--left")]
    n = int(args[0]) if args else 500
    s = int(args[1]) if len(args) > 1 else 1
    flags = [a for a in argv if a in ("--ordered", "--left")]
    flags += [f"--tables {span[0]}-{span[-1]}"] if span != (2, 4) else []
    agreed, compared, _ = measure(n, s, "-v" in argv, "--ordered" in flags, "--left" in flags,
                                  (span[0], span[-1]))
    print(f"agreed {agreed} of {compared} (seed {s}{''.join(' ' + f for f in flags)})")
