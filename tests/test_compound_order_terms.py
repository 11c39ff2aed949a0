"""A compound SELECT's ORDER BY terms, matched to result columns as SQLite matches them.

SQLite (resolve.c, resolveCompoundOrderBy) tries the SELECTs left to right, each ORDER BY
term in each until one matches: a column number (checked against the width at once), a
bare name equal to an AS alias, else the term resolved in that SELECT's FROM clause and
compared, as a parse tree, with each result expression (resolveOrderByTermToExprList,
sqlite3ExprCompare). Generated compounds of two and three SELECTs over every operator --
results of plain, qualified and schema-qualified names, expressions, literals, aliases
and COLLATEs; terms of numbers, names in every spelling, expressions holding qualified
names, literals, double-quoted names, aliases inside expressions, COLLATEs, names only a
later SELECT has -- give SQLite's rows or its error (rowandb/sql/bind/compound_order.py).
"""

from __future__ import annotations

import random

import pytest

from oracle import assert_same

SETUP = [
    "CREATE TABLE t(x, y)",
    "INSERT INTO t VALUES (1, 'b'), (2, 'a'), (3, 'C'), (NULL, 'b ')",
    "CREATE TABLE u(z, w)",
    "INSERT INTO u VALUES (5, 'e'), (0, 'D'), (2, 'a')",
    "CREATE TABLE v(x, q INTEGER PRIMARY KEY)",
    "INSERT INTO v VALUES (7, 1), (1, 2)",
]
FROMS = {
    "t": ["x", "y", "t.x", "main.t.y", "x + 1", "t.x + 1", "abs(x)", "y || 'a'", "'a'", "1",
          "1.0", "x COLLATE NOCASE", "y COLLATE RTRIM", "rowid", "-x", "count(*)", '"y"', '"a"'],
    "u": ["z", "w", "u.z", "main.u.w", "z + 1", "u.z + 1", "ABS(z)", "w || 'a'", "'a'", "2",
          "z COLLATE NOCASE", "-z", "_rowid_"],
    "t AS k": ["x", "y", "k.x", "main.k.y", "k.x + 1", "x + 1", "'b'"],
    "t JOIN v USING (x)": ["x", "y", "q", "v.x", "t.x", "v.x + 1", "rowid", "v.rowid"],
}
ALIASES = ["a", "x", "z", "y"]
TERMS = ["1", "2", "3", "0", "-1", "+1", "01", "(2)", "x", "y", "z", "w", "q", "X", "T.X", "t.x",
         "u.z", "main.t.x", "main.u.z", "MAIN.T.Y", "temp.t.x", "k.x", "v.x", "main.k.x", "t.y",
         "x + 1", "t.x + 1", "x+1", "(x) + 1", "main.t.x + 1", "u.z + 1", "z + 1", "k.x + 1",
         "abs(x)", "ABS(t.x)", "abs(z)", "y || 'a'", "t.y || 'a'", "w || 'a'", "'a'", "'b'",
         "1.0", "2", '"a"', '"y"', '"x+1"', "a", "a + 0", "nosuch", "t.nosuch", "nosuch.x",
         "x COLLATE NOCASE", "t.x COLLATE BINARY", "main.t.y COLLATE NOCASE", "rowid",
         "t.rowid", "oid", "v.q", "v.rowid", "count(*)", "COUNT()", "max(x)", "-x", "-t.x",
         "-z", "(SELECT 1)", "q"]
OPERATORS = ["UNION", "UNION ALL", "INTERSECT", "EXCEPT"]


def _select(rng: random.Random, width: int) -> str:
    source = rng.choice(list(FROMS))
    columns = []
    for _ in range(width):
        column = rng.choice(FROMS[source])
        if rng.random() < 0.25:
            column += f" AS {rng.choice(ALIASES)}"
        columns.append(column)
    return f"SELECT {', '.join(columns)} FROM {source}"


def _compound(rng: random.Random) -> str:
    width = rng.randint(1, 2)
    text = _select(rng, width)
    for _ in range(rng.randint(1, 2)):
        text += f" {rng.choice(OPERATORS)} {_select(rng, width)}"
    terms = [rng.choice(TERMS) + rng.choice(["", "", " DESC", " COLLATE NOCASE"])
             for _ in range(rng.randint(1, 2))]
    return f"{text} ORDER BY {', '.join(terms)}"


@pytest.mark.parametrize("seed", range(10))
def test_generated_compound_order_terms_match_as_in_sqlite(seed):
    rng = random.Random(seed)
    assert_same(SETUP, [_compound(rng) for _ in range(60)])


def test_a_term_matches_by_sqlite_rule():
    """Each line a step of the rule, against SQLite."""
    assert_same(SETUP, [
        # a schema-qualified name, an expression holding a qualified name
        "SELECT x FROM t UNION SELECT z FROM u ORDER BY main.t.x",
        "SELECT x + 1 FROM t UNION SELECT z FROM u ORDER BY t.x + 1",
        "SELECT x + 1 FROM t UNION SELECT z FROM u ORDER BY main.t.x+1 DESC",
        # a COLLATE on top of the result is no difference; one inside is
        "SELECT x COLLATE NOCASE FROM t UNION SELECT z FROM u ORDER BY x",
        "SELECT (x COLLATE NOCASE) + 1 FROM t UNION SELECT z FROM u ORDER BY x + 1",
        # an AS alias first: ``y`` is the second column, not the first
        "SELECT y, x AS y FROM t UNION SELECT z, w FROM u ORDER BY y",
        # a double-quoted name that names nothing is a string; "x+1" is no expression
        "SELECT x, 'a' FROM t UNION SELECT z, 'b' FROM u ORDER BY \"a\"",
        "SELECT x + 1 FROM t UNION SELECT z FROM u ORDER BY \"x+1\"",
        # every term tried in the first SELECT before any in the second: the number out
        # of range is reported, not the name before it
        "SELECT x, y FROM t UNION SELECT z, w FROM u ORDER BY nosuch, 3",
        # integers of 32 bits by value, other numbers by their text
        "SELECT 1 FROM t UNION SELECT z FROM u ORDER BY 01",
        "SELECT 1.0 FROM t UNION SELECT z FROM u ORDER BY 1.00",
        "SELECT 4294967296 FROM t UNION SELECT z FROM u ORDER BY 04294967296",
        "SELECT 4294967296 FROM t UNION SELECT z FROM u ORDER BY 4294967296",
        # function names without case; CAST's type name with it
        "SELECT abs(x) FROM t UNION SELECT z FROM u ORDER BY ABS(x)",
        "SELECT substr(y, 1) FROM t UNION SELECT z FROM u ORDER BY substring(y, 1)",
        "SELECT CAST(x AS int) FROM t UNION SELECT z FROM u ORDER BY CAST(x AS INT)",
        "SELECT CAST(x AS int) FROM t UNION SELECT z FROM u ORDER BY CAST(x AS int) DESC",
        "SELECT x = 1 FROM t UNION SELECT z FROM u ORDER BY 1 = x",
        "SELECT x = 1 FROM t UNION SELECT z FROM u ORDER BY x == 1",
        # a name only a later SELECT has; in a compound of a compound
        "SELECT * FROM t UNION SELECT * FROM u ORDER BY w",
        "SELECT x FROM t UNION SELECT z FROM u INTERSECT SELECT 1 ORDER BY z",
        "SELECT x FROM t EXCEPT SELECT z FROM u UNION ALL SELECT 1 AS q ORDER BY q",
        # an alias inside an expression stands for its expression
        "SELECT x + 0 AS a FROM t UNION SELECT z FROM u ORDER BY a + 0",
        "SELECT x AS a, x + 0 FROM t UNION SELECT z, w FROM u ORDER BY a + 0",
        # an aggregate, compared by name
        "SELECT count(*) FROM t UNION SELECT 1 ORDER BY COUNT()",
        # a VALUES list's columns are named column1, ...
        "VALUES (1), (2) UNION SELECT 3 ORDER BY column1 DESC",
        # a recursive common table's ORDER BY
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3 "
        "ORDER BY c.n DESC) SELECT * FROM c",
    ])


def test_a_renamed_column_is_renamed_in_the_terms_that_name_it():
    """RENAME COLUMN edits a term's names as SQLite resolves them: in the SELECT whose
    result the term matched."""
    assert_same(SETUP + [
        "CREATE VIEW v1 AS SELECT x FROM t UNION SELECT z FROM u ORDER BY t.x",
        "CREATE VIEW v2 AS SELECT x + 1 FROM t UNION SELECT z FROM u ORDER BY main.t.x + 1",
        "CREATE VIEW v3 AS SELECT z FROM u UNION SELECT x FROM t ORDER BY x",
        "CREATE VIEW v4 AS SELECT x AS a FROM t UNION SELECT z FROM u ORDER BY a",
    ], [
        "ALTER TABLE t RENAME COLUMN x TO xx",
        "ALTER TABLE u RENAME COLUMN z TO zz",
        "SELECT sql FROM sqlite_schema WHERE type = 'view' ORDER BY name",
        "SELECT * FROM v1", "SELECT * FROM v2", "SELECT * FROM v3", "SELECT * FROM v4",
    ])
