"""A generator of SELECT statements whose FROM clauses mix NATURAL, USING, ON and CROSS
joins of every kind (inner, LEFT, RIGHT, FULL) over tables, views, common tables, FROM
subqueries, parenthesised joins and a table-valued function, each with errors planted in
two places -- a missing table or column, a missing USING column, a view whose query fails,
a common table's name read where a noted error stops SQLite looking for it -- for
``tests/test_join_error_order.py`` to compare with SQLite (apsw), error text included.

``python -m tests.join_error_sweep [cases] [seed]`` (from the repository root) prints the
statements whose outcome differs from SQLite's.
"""

from __future__ import annotations

import random

SETUP = [
    "CREATE TABLE a(x, y)", "CREATE TABLE b(x, z)", "CREATE TABLE c(y, z, w)",
    "CREATE TABLE d(w PRIMARY KEY, x) WITHOUT ROWID", "CREATE TEMP TABLE tt(x, q)",
    "INSERT INTO a VALUES (1, 2)", "INSERT INTO b VALUES (1, 3)",
    "INSERT INTO c VALUES (2, 3, 4)", "INSERT INTO d VALUES (4, 1)",
    "INSERT INTO tt VALUES (1, 5)",
    "CREATE VIEW va AS SELECT x, y FROM a",
    "CREATE VIEW vz(z, w) AS SELECT z, w FROM c",
    # a view of main reading a TEMP table: 'no such table: main.tt' where it expands
    "CREATE VIEW vt AS SELECT x FROM a WHERE EXISTS (SELECT 1 FROM tt)",
    "CREATE VIEW vf AS SELECT x FROM tt",
    "CREATE VIEW vn(x) AS SELECT nosuchcol FROM a",
]

WITH = ["WITH w(x, z) AS (SELECT 1, 3) ",
        "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 3) ",
        "WITH w(x, z) AS (SELECT 1, 3), r(y) AS (SELECT 2) ", ""]
TABLES = ["a", "b", "c", "d", "tt", "va", "vz", "vt", "vf", "vn"]
SUBQUERIES = ["(SELECT x, y FROM a)", "(SELECT 1 AS x, 3 AS z)", "(SELECT * FROM b)",
              "(SELECT y AS x FROM c WHERE nosuchcol)", "(SELECT * FROM a JOIN b USING (x))"]
COLUMNS = ["x", "y", "z", "w", "key", "q"]
KINDS = ["JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "JOIN", "CROSS JOIN", ","]
# the errors planted: each is a place and what stands there
WHERE_ERRORS = ["nosuchcol", "EXISTS (SELECT 1 FROM nosuch2)", "(SELECT 1 FROM vt)",
                "(SELECT 1 FROM vn)", "(SELECT 1 FROM vf) IS NULL",
                "x IN (SELECT 1 FROM w)", "EXISTS (SELECT 1 FROM r)",
                "NOT EXISTS (SELECT * FROM a NATURAL FULL JOIN (b JOIN a AS a2 ON 1))"]
RESULT_ERRORS = ["nosuch.*", "nosuchcol2", "(SELECT 1 FROM nosuch3)", "(SELECT x FROM w)"]


class Sweep:
    """One statement's generator, from ``rng``."""

    def __init__(self, rng: random.Random, with_clause: str):
        self.rng = rng
        self.with_clause = with_clause
        self.count = 0

    def alias(self) -> str:
        return f" AS t{self.bump()}" if self.rng.random() < 0.5 else ""

    def item(self, depth: int) -> str:
        r = self.rng.random()
        if r < 0.45:
            return self.rng.choice(TABLES) + self.alias()
        if r < 0.55 and self.with_clause:
            return self.rng.choice([n for n in ("w", "r") if f" {n}(" in self.with_clause]
                                   or ["a"])
        if r < 0.7:
            return self.rng.choice(SUBQUERIES) + f" AS s{self.bump()}"
        if r < 0.78:
            return "json_each('[1]')" + self.alias()
        if r < 0.82:
            return "nosuch1"
        if depth < 2:
            inner = self.join_list(self.rng.randint(2, 3), depth + 1)
            return f"({inner})" + (f" AS p{self.bump()}" if self.rng.random() < 0.4 else "")
        return self.rng.choice(TABLES)

    def bump(self) -> int:
        self.count += 1
        return self.count

    def constraint(self, kind: str) -> tuple[str, str]:
        """(prefix, suffix) of a join of ``kind``: NATURAL, USING, ON or nothing."""
        if kind in (",", "CROSS JOIN"):
            return "", ""
        r = self.rng.random()
        if r < 0.35:
            return "NATURAL ", ""
        if r < 0.7:
            names = self.rng.sample(COLUMNS + ["nosuchu"], self.rng.choice((1, 1, 2)))
            return "", f" USING ({', '.join(names)})"
        if r < 0.9:
            return "", " ON " + self.rng.choice(["1", "NULL", "x = 1", "nosuchon",
                                                 "(SELECT 1 FROM nosuch4)"])
        return "", ""

    def join_list(self, n: int, depth: int = 0) -> str:
        text = self.item(depth)
        for _ in range(n - 1):
            kind = self.rng.choice(KINDS)
            prefix, suffix = self.constraint(kind)
            joiner = ", " if kind == "," else f" {prefix}{kind} "
            text += joiner + self.item(depth) + suffix
        return text

    def statement(self) -> str:
        from_clause = self.join_list(self.rng.randint(2, 4))
        result = self.rng.choice(["*", "1"] + RESULT_ERRORS)
        where = self.rng.choice(WHERE_ERRORS + ["1"])
        return f"{self.with_clause}SELECT {result} FROM {from_clause} WHERE {where}"


def statements(cases: int, seed: int) -> list[str]:
    """``cases`` statements from ``seed``."""
    rng = random.Random(seed)
    return [Sweep(rng, rng.choice(WITH)).statement() for _ in range(cases)]


def main(argv) -> int:
    import sys
    sys.path.insert(0, "tests")
    from oracle import outcomes
    cases = int(argv[0]) if argv else 400
    seed = int(argv[1]) if len(argv) > 1 else 1
    differ = [(sql, mine, theirs) for sql, mine, theirs in
              outcomes(SETUP, statements(cases, seed)) if mine != theirs]
    for sql, mine, theirs in differ:
        print(f"{sql}\n  rowandb: {mine}\n  sqlite:  {theirs}")
    print(f"{len(differ)} of {cases} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    import sys
    raise SystemExit(main(sys.argv[1:]))
