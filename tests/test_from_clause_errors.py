"""FROM clauses against SQLite: the same rows, or the same error with SQLite's message.

SQLite's grammar reads a FROM clause its own way, and several of its errors come from the
actions its parser runs as it reduces the clause (recognizer/from_actions.py), not from a
syntax error: an ON or USING on the first item is 'a JOIN clause is required before ON',
join words it does not know are 'unknown join type'. A join word is a name where a table's
name stands (``FROM LEFT t JOIN u`` reads a table named LEFT), a string is a name before a
table-valued function's arguments (``FROM 'json_each'(x)``, ``a IN 'json_each'(x)``), and
a comma is a join like JOIN, so it takes ON and USING (``FROM t, u ON ...``).

``CASES`` are the forms found by hand; ``test_generated_from_clauses`` runs a seeded
generator mixing join keywords, ON/USING, commas, table-valued function calls and quoted
names (``python tests/test_from_clause_errors.py SEED N`` prints its counts and each
difference).
"""

from __future__ import annotations

import random
import re
import sys

import apsw
import pytest

import rowandb

SCHEMA = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE TABLE u(a, x);"
          "CREATE TABLE v(y); INSERT INTO t VALUES (1, 2), (2, 3);"
          "INSERT INTO u VALUES (1, 'p'), (3, 'q'); INSERT INTO v VALUES (7)")
_POSITION = re.compile(r" \(line \d+, column \d+\)$")

CASES = [
    # one item in parentheses is that item (parse.y, seltablist): its own alias kept only
    # when it opens the FROM list with no alias outside (refused until the sixteenth round)
    "SELECT * FROM (t)", "SELECT x.a FROM (t AS x)", "SELECT * FROM ((t)) AS x",
    "SELECT x.a FROM u JOIN (t AS x) ON 1", "SELECT t.a FROM u JOIN (t AS x) ON 1",
    "SELECT y.b FROM ((t) AS y) AS x", "SELECT x.b FROM ((t) AS y) AS x",
    "SELECT * FROM u LEFT JOIN (t AS q) ON u.a = q.a", "SELECT * FROM u LEFT JOIN (t) ON u.a = t.a",
    "SELECT * FROM (json_each('[1,2]')) AS j, (v)", "SELECT * FROM (main.t) NATURAL JOIN (u)",
    "SELECT * FROM (t) AS x, (t) AS x", "SELECT * FROM (nosuch)", "SELECT * FROM (t) INDEXED BY i",
    "SELECT * FROM u RIGHT JOIN (t NOT INDEXED) USING (a)",
    # a join word where a table's name stands is a name (SQLite's nm takes JOIN_KW)
    "SELECT * FROM LEFT t JOIN u", "SELECT * FROM t JOIN RIGHT x JOIN u",
    "SELECT * FROM t, NATURAL", "SELECT * FROM (LEFT x JOIN u)",
    # ON or USING on a list's first item: the parser's action, at the token after it
    "SELECT * FROM t ON LEFT JOIN u", "SELECT * FROM t ON 1", "SELECT * FROM t USING (a)",
    "SELECT * FROM t ON 1 JOIN u", "SELECT * FROM (t ON 1)", "SELECT * FROM (SELECT 1) ON 1",
    "SELECT * FROM t JOIN (u ON 1)", "SELECT * FROM t ON 1 JOIN u ON",
    "SELECT * FROM t USING (a) JOIN u", "SELECT * FROM t ON 1 ON",
    "SELECT * FROM t ON 1 JOIN u LEFT INNER JOIN v",
    "SELECT * FROM t LEFT INNER JOIN u, (v ON 1)",
    # a string names a table-valued function
    "SELECT 1 IN 'json_each'(1)", "SELECT 1 IN 'json_each'('[1]')",
    "SELECT * FROM 'json_each'('[1]') 'j'", "SELECT * FROM t, 'json_each'('[2]')",
    "SELECT * FROM (SELECT 1), 'json_each'(1)", "SELECT 1 IN main.'json_each'(1)",
    "SELECT 1 IN 'x'(1)", "SELECT 1, 'abs'(1)", "SELECT * FROM t WHERE 'abs'(1)",
    # a comma takes ON and USING as JOIN does
    "SELECT * FROM t, u ON t.a = u.a", "SELECT * FROM t, u USING (a)",
    "SELECT * FROM t, u AS z ON t.a = z.a, v ON 1", "SELECT * FROM t, (SELECT 1 AS a) s USING (a)",
    "SELECT * FROM t, json_each('[1,2]') ON key = t.a", "SELECT * FROM t, u USING (nosuch)",
    "SELECT * FROM t LEFT JOIN u ON t.b = u.a, v ON v.y > t.a",
    "SELECT (SELECT count(*) FROM t, u ON t.a = u.a)",
    # a call sqlglot maps to a class of its own names a table too
    "SELECT 1 IN generate_series(1, 3)",
    # a compound SQLite runs as SELECT * FROM (compound) ORDER BY ... LIMIT ... (a COLLATE
    # in its ORDER BY, an operator not UNION ALL) looks up its SELECTs' tables before its
    # ORDER BY's and LIMIT's (fuzz 144100005); otherwise those come after its last SELECT's
    "SELECT 1 FROM n3 UNION SELECT 1 ORDER BY 1 COLLATE NOCASE LIMIT (SELECT 1 FROM n4)",
    "SELECT 1 FROM n3 INTERSECT SELECT a FROM t ORDER BY 1 COLLATE NOCASE LIMIT 1 OFFSET (SELECT 1 FROM n4)",
    "SELECT 1 FROM n3 EXCEPT SELECT 1 UNION ALL SELECT 2 ORDER BY 1 COLLATE RTRIM LIMIT (SELECT 1 FROM n4)",
    "SELECT 1 FROM n3 UNION ALL SELECT 1 ORDER BY 1 COLLATE NOCASE LIMIT (SELECT 1 FROM n4)",
    "SELECT 1 FROM n3 UNION SELECT 1 ORDER BY 1 LIMIT (SELECT 1 FROM n4)",
    "SELECT 1 FROM t UNION SELECT 1 FROM n5 ORDER BY 1 COLLATE NOCASE LIMIT (SELECT 1 FROM n4)",
    "SELECT * FROM (SELECT 1 FROM n3 UNION SELECT 2 ORDER BY 1 COLLATE NOCASE LIMIT (SELECT 1 FROM n4))",
    "VALUES (1), (2) UNION SELECT 1 FROM n3 ORDER BY 1 COLLATE NOCASE LIMIT (SELECT count(*) FROM n4)",
    "SELECT 1 UNION SELECT 1 FROM n3 ORDER BY (SELECT 1 FROM n4) COLLATE NOCASE",
]


def outcome(run, sql: str):
    """('rows', sorted rows) or ('error', message) of ``run(sql)``; ('refused',) for a
    feature RowanDB refuses."""
    try:
        return "rows", sorted(map(repr, run(sql)))
    except rowandb.NotSupportedError:
        return ("refused",)
    except (apsw.Error, rowandb.Error) as error:
        return "error", _POSITION.sub("", str(error))


def _rowandb(db):
    def run(sql):
        cursor = db.execute(sql)
        return [tuple(r) for r in cursor.fetchall()] if cursor.description else []
    return run


@pytest.fixture(scope="module")
def engines():
    theirs = apsw.Connection(":memory:")
    theirs.execute(SCHEMA)
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(SCHEMA)
    yield (lambda sql: [tuple(r) for r in theirs.execute(sql)]), _rowandb(mine)
    mine.close()


@pytest.mark.parametrize("sql", CASES)
def test_from_clause_case(engines, sql):
    theirs, mine = engines
    assert outcome(mine, sql) == outcome(theirs, sql)


_ITEMS = ["t", "u", "v", '"t"', "'u'", "main.t", "main.'v'", "json_each('[1,2]')",
          "'json_each'('[3]')", "json_each", "(SELECT 1 AS a)", "(t)", "(t JOIN u)", "(t AS y)", "((u))",
          "(json_each('[1]'))", "(v x)",
          "LEFT", "nosuch", "json_each('[1]', '$')"]
_ALIASES = ["", "", "", " x", " AS x", " 'x'", ' AS "x"', " left", " AS left", " AS on"]
_JOINS = [", ", " JOIN ", " LEFT JOIN ", " NATURAL JOIN ", " CROSS JOIN ", " RIGHT JOIN ",
          " FULL OUTER JOIN ", " INNER JOIN ", " LEFT OUTER JOIN ", " INNER LEFT JOIN ",
          " OUTER JOIN ", " LEFT x JOIN ", " NATURAL LEFT JOIN ", " , ", " JOIN JOIN "]
_CONSTRAINTS = ["", "", " ON 1", " ON t.a = u.a", " ON a", " USING (a)", " USING (x)",
                " USING ()", " ON", " USING a"]
_TAILS = ["", "", " WHERE 1", " ON 1", " USING (a)", " JOIN", ",", " ORDER BY 1", " LEFT"]


def statement(rng: random.Random) -> str:
    """A SELECT whose FROM clause mixes items, aliases, join operators and constraints."""
    parts = ["SELECT * FROM "]
    for n in range(rng.randint(1, 3)):
        if n:
            parts.append(rng.choice(_JOINS))
        parts.append(rng.choice(_ITEMS) + rng.choice(_ALIASES))
        parts.append(rng.choice(_CONSTRAINTS) if n or rng.random() < 0.2 else "")
    parts.append(rng.choice(_TAILS))
    sql = "".join(parts)
    return f"SELECT 1 IN {rng.choice(_ITEMS)}" if rng.random() < 0.1 else sql


def differences(engines, seed: int, count: int) -> tuple[int, list[str]]:
    """The number of statements RowanDB refused (NotSupportedError: parentheses around
    joins with an outer join or an alias) and the differences."""
    theirs, mine = engines
    rng = random.Random(seed)
    wrong, refused = [], 0
    for _ in range(count):
        sql = statement(rng)
        expected, got = outcome(theirs, sql), outcome(mine, sql)
        if got[0] == "refused":
            refused += 1
        elif expected != got:
            wrong.append(f"{sql}\n   SQLite {expected}\n   RowanDB {got}")
    return refused, wrong


@pytest.mark.parametrize("seed", [92000000, 92000001])
def test_generated_from_clauses(engines, seed):
    _, wrong = differences(engines, seed, 400)
    assert not wrong, "\n".join(wrong)


if __name__ == "__main__":                  # python tests/test_from_clause_errors.py SEED N
    theirs = apsw.Connection(":memory:")
    theirs.execute(SCHEMA)
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(SCHEMA)
    refused, wrong = differences(((lambda sql: [tuple(r) for r in theirs.execute(sql)]),
                                _rowandb(mine)), int(sys.argv[1]), int(sys.argv[2]))
    print("\n".join(wrong))
    print(f"{sys.argv[2]} statements, {refused} refused, {len(wrong)} differ")
