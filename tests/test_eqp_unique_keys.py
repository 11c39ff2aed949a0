"""EXPLAIN QUERY PLAN and rows in order where SQLite's one-row short cut and its walk of a
WITHOUT ROWID table's b-tree decide the plan, on generated cases against SQLite (apsw).

Short cut (``optimizer/short_cut.py``): a query of one table whose WHERE holds every key
of a UNIQUE index equal to a value is searched by the first such index in SQLite's list
of the table's indexes (newest first, ON CONFLICT REPLACE ones last; where.c,
whereShortCut), not by the one with the most keys. Each case makes a table with UNIQUE
constraints and indexes in a random order (some NOT NULL keys, some REPLACE, a partial
one, one of four keys) and asks a SELECT, an UPDATE and a DELETE with random equalities
(``=`` and ``IS``) and another term or two.

Key order (``optimizer/order_by_index.py``): a WITHOUT ROWID table's PRIMARY KEY b-tree
holds the table's other columns after the key (BINARY), and a secondary index the key
columns it lacks, so SQLite's wherePathSatisfiesOrderBy matches ORDER BY terms against
those too; its rows stay told apart for the loops inside only while each column walked
past after the equalities is NOT NULL, and a UNIQUE index's keys tell rows apart once
walked (its rowid or rest after them need not match). Each case makes a WITHOUT ROWID
table (a key of one or two columns, the rest NOT NULL or not, an index or two, a UNIQUE
one) beside a rowid table, and orders one table or a join of both by random terms.

The same walk makes a rowid table's UNIQUE index tell its rows apart once its keys are
walked with none that may be NULL and no ``IS`` among the equalities (``WHERE d = 1 ORDER
BY e, c`` over a UNIQUE index on (d, e) NOT NULL needs no sorter).

Ranges (``optimizer/index_range_choice.py``): of a range on a WITHOUT ROWID table's
PRIMARY KEY and one on an index, SQLite searches the one its costs make cheaper (a
narrower index), and the rows come in that b-tree's order.

On 667f4f6: 199 of the short cut's 480 statements fail (29 of 40 cases), 16 of the 160
ordered ones (12 cases), 4 of the 6 UNIQUE walks, 82 of the 160 ranges (30 cases).

Compared: the SCAN, SEARCH and USE TEMP B-TREE lines, sorted (RowanDB's full sort, its
``ORDER BY`` node, read as SQLite's line), and the rows in order -- for an UPDATE or
DELETE the table after it.
"""

from __future__ import annotations

import random
import re

import pytest

from oracle import connections
from test_differential import typed_rows

SEED = 179200100
CASES = 40


def _plan(connection, sql: str) -> list:
    lines = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
    return sorted("USE TEMP B-TREE FOR ORDER BY" if line.startswith("ORDER BY ") else line
                  for line in lines if re.match(r"(SCAN|SEARCH|USE TEMP|ORDER BY )", line))


def _outcome(connection, sql: str, table: str):
    try:
        plan = _plan(connection, sql)
        if sql.startswith("SELECT"):
            rows = connection.execute(sql).fetchall()
        else:
            connection.execute(sql)
            rows = connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
        return plan, typed_rows(rows)
    except Exception as error:      # noqa: BLE001 - the error is the outcome compared
        return "error", str(error)      # (apsw's classes are not PEP 249's: the message)


def _same(setup: list, statements: list, table: str) -> list:
    """The statements whose plan or rows differ from SQLite's, each on fresh tables."""
    wrong = []
    for sql in statements:
        mine, theirs = connections(setup)
        if _outcome(mine, sql, table) != _outcome(theirs.cursor(), sql, table):
            wrong.append(sql)
    return wrong


# -- the short cut -------------------------------------------------------------------------

def _unique_case(rng: random.Random):
    names = ["c0", "c1", "c2", "c3"]
    notnull = {n: rng.random() < 0.5 for n in names}
    constraints, indexes, key_sets = [], [], []
    for _ in range(rng.randint(2, 4)):
        keys = rng.sample(names, rng.randint(1, 3 if rng.random() < 0.9 else 4))
        replace = " ON CONFLICT REPLACE" if rng.random() < 0.2 else ""
        where = " WHERE c0 > 0" if rng.random() < 0.15 else ""
        if rng.random() < 0.5:
            constraints.append(f"UNIQUE ({', '.join(keys)}){replace}")
        else:
            indexes.append(f"CREATE UNIQUE INDEX u{len(indexes)} ON t({', '.join(keys)}){where}")
        if len(keys) < 4 and not (where and indexes and indexes[-1].endswith(where)):
            key_sets.append(keys)       # one the short cut may take
    without = rng.random() < 0.3
    columns = [n + (" NOT NULL" if notnull[n] else "") for n in names]
    if without:
        columns.append("PRIMARY KEY (c3)")
        notnull["c3"] = True            # a WITHOUT ROWID table's key is NOT NULL
        constraints = [c for c in constraints if "REPLACE" not in c]
    table = f"CREATE TABLE t({', '.join(columns + constraints)})" + \
        (" WITHOUT ROWID" if without else "")
    rows = ", ".join(f"({i % 4}, {i % 3 + 1}, {i}, {10 + i})" for i in range(8))
    setup = [table] + indexes + [f"INSERT OR IGNORE INTO t VALUES {rows}"]
    statements = []
    for _ in range(3 if key_sets else 0):   # every key of one the short cut may take
        chosen = rng.choice(key_sets)           # (IS only on a NOT NULL one), and others
        keyed = set(chosen) | set(rng.sample(names, rng.randint(0, 2)))
        terms = [f"{n} {rng.choice(['=', '=', 'IS'] if notnull[n] or n not in chosen else '=')}"
                 f" {rng.randint(0, 3)}" for n in rng.sample(sorted(keyed), len(keyed))]
        if rng.random() < 0.3:
            terms.append(f"{rng.choice(names)} > {rng.randint(0, 2)}")
        where = " AND ".join(terms)
        statements += [f"SELECT * FROM t WHERE {where}",
                       f"SELECT c0, c1 FROM t WHERE {where} ORDER BY c2",
                       f"UPDATE t SET c2 = c2 + 100 WHERE {where}",
                       f"DELETE FROM t WHERE {where}"]
    return setup, statements


SHORT_CUT = [_unique_case(random.Random(SEED + i)) for i in range(CASES)]


@pytest.mark.parametrize("case", range(CASES))
def test_the_short_cuts_unique_index_as_sqlite(case):
    setup, statements = SHORT_CUT[case]
    assert _same(setup, statements, "t") == []


ROWID_FIRST = [
    (["CREATE TABLE t(a, c INT NOT NULL)", "CREATE UNIQUE INDEX i2 ON t(c)",
      "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)"], "rowid"),
    (["CREATE TABLE t(a INTEGER PRIMARY KEY, c INT NOT NULL UNIQUE)",
      "INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)"], "a"),
]


@pytest.mark.parametrize("setup, rowid", ROWID_FIRST)
def test_the_short_cut_takes_a_rowid_equality_first(setup, rowid):
    """whereShortCut tries ``rowid = v`` (or IS) before any UNIQUE index: the rowid's
    value is computed though no row has ``c = 5`` (its overflow is the error), and the
    plan searches the rowid (the review of the twenty-sixth round)."""
    overflow = "abs(-9223372036854775807 - 1)"
    statements = [f"SELECT * FROM t WHERE c = {c} AND {rowid} {op} {v}"
                  for c in (2, 5) for op in ("=", "IS") for v in (2, overflow)]
    statements += [f"SELECT * FROM t WHERE {rowid} = {overflow} AND c = 5",
                   f"DELETE FROM t WHERE c = 5 AND {rowid} = {overflow}",
                   f"UPDATE t SET c = c + 10 WHERE c = 2 AND {rowid} IS 2"]
    assert _same(setup, statements, "t") == []


# -- a WITHOUT ROWID table's b-tree order ----------------------------------------------------

def _ordered_case(rng: random.Random):
    names = ["a", "b", "c", "d"]
    key = rng.sample(names, rng.randint(1, 2))
    columns = [n + (" NOT NULL" if n not in key and rng.random() < 0.5 else "") for n in names]
    setup = [f"CREATE TABLE w({', '.join(columns)}, PRIMARY KEY ({', '.join(key)}))"
             " WITHOUT ROWID"]
    firsts = {key[0]}
    for i in range(rng.randint(0, 2)):
        unique = "UNIQUE " if rng.random() < 0.3 else ""
        cols = rng.sample(names, rng.randint(1, 2))
        if cols[0] in firsts:   # left open: which of two b-trees of one first column a
            continue            # join's costs read (SQL.md)
        firsts.add(cols[0])
        setup.append(f"CREATE {unique}INDEX w{i} ON w({', '.join(cols)})")
    rows = ", ".join(f"({i % 5}, {i % 3}, {i}, {i % 2})" for i in range(12))
    setup += [f"INSERT OR IGNORE INTO w VALUES {rows}", "CREATE TABLE u(x, y)",
              "INSERT INTO u VALUES (2, 'p'), (1, 'q'), (2, 'r')"]
    statements = []
    for _ in range(4):
        order = rng.sample(names, rng.randint(2, 4))
        if rng.random() < 0.6:          # the key first: the b-tree's next columns after it
            order = key + [n for n in order if n not in key]
        desc = rng.random() < 0.3
        terms = [f"w.{n}{' DESC' if desc != (rng.random() < 0.15) else ''}" for n in order]
        if rng.random() < 0.5:
            terms = terms[:rng.randint(1, len(terms))] + ["u.x", "u.y"]
            source = "w, u" if rng.random() < 0.7 else "w CROSS JOIN u"
        else:
            source = "w"
        where = f" WHERE w.{key[0]} = 1" if rng.random() < 0.2 else ""
        statements.append(f"SELECT * FROM {source}{where} ORDER BY {', '.join(terms)}")
    return setup, statements


ORDERED = [_ordered_case(random.Random(SEED + 1000 + i)) for i in range(CASES)]


@pytest.mark.parametrize("case", range(CASES))
def test_a_without_rowid_tables_key_order_as_sqlite(case):
    setup, statements = ORDERED[case]
    assert _same(setup, statements, "w") == []


# -- a rowid table's UNIQUE index walked past its keys -------------------------------------

UNIQUE_SETUP = [
    "CREATE TABLE t(a INTEGER PRIMARY KEY, c, d, e)", "CREATE UNIQUE INDEX de ON t(d, e)",
    "CREATE TABLE t2(a INTEGER PRIMARY KEY, c, d NOT NULL, e NOT NULL)",
    "CREATE UNIQUE INDEX de2 ON t2(d, e)",
    "INSERT INTO t VALUES (1, 5, 1, 2), (2, 4, 1, 1), (3, 3, 1, NULL), (4, 2, 1, NULL)",
    "INSERT INTO t2 VALUES (1, 5, 1, 2), (2, 4, 1, 1), (3, 1, 2, 1)",
]
UNIQUE_WALKED = [
    "SELECT * FROM t WHERE d = 1 ORDER BY e, c",         # e may be NULL: sorted
    "SELECT * FROM t2 WHERE d = 1 ORDER BY e, c",        # told apart past e: no sorter
    "SELECT * FROM t2 WHERE d IS 1 ORDER BY e, c",       # IS: NULL keys repeat: sorted
    "SELECT * FROM t2 ORDER BY d, e, c",
    "SELECT * FROM t2 ORDER BY d DESC, e DESC, c",
    "SELECT * FROM t2 WHERE d > 0 ORDER BY d, e, a DESC",
]


@pytest.mark.parametrize("sql", UNIQUE_WALKED)
def test_a_unique_index_walked_past_its_keys_as_sqlite(sql):
    assert _same(UNIQUE_SETUP, [sql], "t2") == []


# -- two ranges on a WITHOUT ROWID table -------------------------------------------------------

def _ranges_case(rng: random.Random):
    width = rng.randint(2, 4)
    names = [f"c{i}" for i in range(width)]
    setup = [f"CREATE TABLE w({', '.join(names)}, PRIMARY KEY (c0)) WITHOUT ROWID"]
    for i, column in enumerate(rng.sample(names[1:], rng.randint(1, width - 1))):
        setup.append(f"CREATE INDEX w_{i} ON w({column})")
    rows = ", ".join("(" + ", ".join(str((i * (j + 3)) % 7) if j else str(i)
                                     for j in range(width)) + ")" for i in range(10))
    setup.append(f"INSERT INTO w VALUES {rows}")
    statements = []
    for _ in range(4):
        ranged = rng.sample(names, 2)
        terms = [f"{n} {rng.choice(['<', '>', '<=', '>='])} {rng.randint(1, 5)}" for n in ranged]
        read = ", ".join(rng.sample(names, rng.randint(1, width)))
        statements.append(f"SELECT {read} FROM w WHERE {' AND '.join(terms)}")
    return setup, statements


RANGES = [_ranges_case(random.Random(SEED + 2000 + i)) for i in range(CASES)]


@pytest.mark.parametrize("case", range(CASES))
def test_two_ranges_on_a_without_rowid_table_as_sqlite(case):
    setup, statements = RANGES[case]
    assert _same(setup, statements, "w") == []
