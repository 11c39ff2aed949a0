"""Where SQLite asks for a collation nobody has on a rowid term it may search by, against
SQLite (apsw): the term of a FROM subquery it flattens (the outer WHERE's), the rowid
range it searches as an index's trailing key, the ON of a RIGHT or FULL JOIN, the WHERE
of an EXISTS it turns into a join, whose constant propagation asks, and a rowid range
beside an ORDER BY or GROUP BY an index delivers, which SQLite tests on each row of that
index (``optimizer/flat_collations.py``, ``optimizer/right_on_collations.py``,
``plan/exists_join.ask_joined_collations``, ``optimizer/order_choice.py``; docs/SQL.md,
"A COLLATE naming no collation").

Seeded generated statements of each shape (``python tests/test_collation_seek_places.py``
prints those that differ): each must give SQLite's rows or its error.
"""

import random

import pytest

from oracle import pair, run

SCHEMA = ["CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)", "INSERT INTO t VALUES (1, 2, 3)",
          "INSERT INTO t VALUES (2, 3, 4)", "INSERT INTO t VALUES (3, 2, 5)",
          "CREATE TABLE u(x INTEGER PRIMARY KEY, y)", "INSERT INTO u VALUES (1, 1)",
          "INSERT INTO u VALUES (2, 3)", "CREATE INDEX ta ON t(a)"]

OPS = ["=", ">", "<", ">=", "<=", "IS", "!="]
VALUES = ["1", "2", "'1'", "CAST(1 AS INT)", "+1"]


def _term(rng, column: str, outer: str = "") -> str:
    value = rng.choice(VALUES + ([f"{outer} + 0"] if outer else []))
    collate = " COLLATE xyz" if rng.random() < 0.8 else ""
    if rng.random() < 0.1:
        return f"{value}{collate} = {column}"
    return f"{column} {rng.choice(OPS)} {value}{collate}"


def _more(rng, terms: list) -> str:
    return " AND ".join(terms[:1] + [t for t in terms[1:] if rng.random() < 0.4])


def flattened(rng) -> str:
    inner = rng.choice(["SELECT * FROM t", "SELECT id, a FROM t", "SELECT * FROM t WHERE b > 0",
                        "SELECT * FROM t LIMIT 9", "SELECT DISTINCT * FROM t",
                        "SELECT id AS id, a + 0 AS a FROM t"])
    join = rng.choice(["", ", u", " JOIN u ON 1", " LEFT JOIN u ON x = 1"])
    where = _more(rng, [_term(rng, rng.choice(["s.id", "s.id", "s.a"]), "u.x" if join else ""),
                        "s.a = 2", "s.a > 0"])
    return f"SELECT * FROM ({inner}) AS s{join} WHERE {where}"


def trailing(rng) -> str:
    verb = rng.choice(["SELECT * FROM t WHERE", "DELETE FROM t WHERE",
                       "UPDATE t SET b = 9 WHERE", "SELECT count(*) FROM t WHERE"])
    terms = [_term(rng, rng.choice(["id", "rowid"])), rng.choice(["a = 2", "a IN (2, 3)",
                                                                   "a > 0", "a IS 2"])]
    rng.shuffle(terms)
    return f"{verb} {' AND '.join(terms)}"


def right_join(rng) -> str:
    left, right = rng.sample(["t", "u"], 2)
    kind = rng.choice(["RIGHT", "RIGHT", "FULL", "LEFT"])
    column = rng.choice(["id", "x", "t.rowid", "u.rowid"])
    outer = "x" if column in ("id", "t.rowid") else "t.id"
    on = _more(rng, [_term(rng, column, outer), "a = 2", "y > 0", f"{column} > 0"])
    hint = " NOT INDEXED" if right == "t" and rng.random() < 0.2 else ""
    return f"SELECT * FROM {left} {kind} JOIN {right}{hint} ON {on}"


def exists(rng) -> str:
    body = _more(rng, [_term(rng, rng.choice(["id", "id", "rowid"]), "u.x"), "a > 0", "b = 3"])
    tail = rng.choice(["", "", " LIMIT 1", " ORDER BY b", " GROUP BY b"])
    neg = rng.choice(["", "", "NOT "])
    outer = rng.choice(["SELECT * FROM u WHERE", "SELECT 1 WHERE", "DELETE FROM u WHERE",
                        "SELECT y FROM u WHERE y > 0 AND"])
    inner = f"SELECT 1 FROM t WHERE {body}{tail}"
    if rng.random() < 0.15:
        inner = f"SELECT 1 FROM u AS v WHERE EXISTS ({inner})"
    return f"{outer} {neg}EXISTS ({inner})"


def ordered(rng) -> str:
    """A rowid range beside an ORDER BY or GROUP BY that a's index delivers: where
    SQLite's solver scans that index, testing the range on each row, the term asks
    (``order_choice._unknown_seek_collation``)."""
    terms = [_term(rng, rng.choice(["id", "rowid"]))]
    terms += [t for t, p in ((_term(rng, "id"), 0.3), ("b > 0", 0.3)) if rng.random() < p]
    rng.shuffle(terms)
    tail = rng.choice([" ORDER BY a", " ORDER BY a DESC", " GROUP BY a", " ORDER BY b",
                       " GROUP BY a ORDER BY a DESC", " ORDER BY a, b", " GROUP BY b"])
    columns = "a, count(*)" if "GROUP" in tail else rng.choice(["*", "a", "a, b", "id"])
    return f"SELECT {columns} FROM t WHERE {' AND '.join(terms)}{tail}"


SHAPES = [flattened, trailing, right_join, exists, ordered]
SEED, CASES = 28_0801, 60


def statements(seed: int = SEED, cases: int = CASES) -> list:
    rng = random.Random(seed)
    return [shape(rng) for shape in SHAPES for _ in range(cases)]


WRITTEN = [
    "SELECT * FROM (SELECT * FROM t) WHERE id = 1 COLLATE xyz",
    "SELECT * FROM (SELECT * FROM t) WHERE id > 1 COLLATE xyz",
    "SELECT * FROM (SELECT * FROM t LIMIT 5) WHERE id = 1 COLLATE xyz",
    "SELECT * FROM (SELECT * FROM t WHERE a > 0) WHERE id = 1 COLLATE xyz",
    "SELECT * FROM (SELECT id FROM t) AS s, u WHERE s.id = 1 COLLATE xyz",
    "SELECT * FROM t WHERE id > 1 COLLATE xyz AND a = 2",
    "SELECT * FROM t WHERE id < 3 COLLATE xyz AND a = 2",
    "SELECT * FROM u RIGHT JOIN t ON id = 1 COLLATE xyz",
    "SELECT * FROM t RIGHT JOIN u ON id = 1 COLLATE xyz",
    "SELECT * FROM t RIGHT JOIN u ON x = 1 COLLATE xyz",
    "SELECT * FROM u FULL JOIN t ON id = 1 COLLATE xyz",
    "SELECT * FROM u RIGHT JOIN t ON id = 1 COLLATE xyz OR id = 2",
    "SELECT * FROM u WHERE EXISTS (SELECT 1 FROM t WHERE id = 1 COLLATE xyz)",
    "SELECT * FROM u WHERE NOT EXISTS (SELECT 1 FROM t WHERE id = 1 COLLATE xyz)",
    "SELECT 1 WHERE EXISTS (SELECT 1 FROM t WHERE id = 1 COLLATE xyz)",
    "SELECT * FROM u WHERE EXISTS (SELECT 1 FROM t WHERE id > 1 COLLATE xyz)",
    "SELECT * FROM u WHERE EXISTS (SELECT 1 FROM t WHERE EXISTS "
    "(SELECT 1 FROM t WHERE id = 1 COLLATE xyz))",
    "SELECT a, count(*) FROM t WHERE id > 1 COLLATE xyz GROUP BY a",
    "SELECT * FROM t WHERE id > 1 COLLATE xyz ORDER BY a",
    "SELECT * FROM t WHERE id = 1 COLLATE xyz ORDER BY a",
]


def _differences(sqls: list) -> list:
    wrong = []
    for sql in sqls:
        ours, theirs = pair(SCHEMA)
        got, expected = run(ours, sql), run(theirs, sql)
        if got != expected:
            wrong.append(f"{sql}\n  rowandb: {got}\n  sqlite:  {expected}")
    return wrong


@pytest.mark.parametrize("shape", range(len(SHAPES)))
def test_generated_statements_answer_as_sqlite(shape):
    sqls = statements()[shape * CASES:(shape + 1) * CASES]
    wrong = _differences(sqls)
    assert not wrong, "\n".join(wrong)


def test_written_statements_answer_as_sqlite():
    wrong = _differences(WRITTEN)
    assert not wrong, "\n".join(wrong)


def test_both_outcomes_are_generated():
    """Each shape gives statements SQLite answers and statements it refuses."""
    theirs = pair(SCHEMA)[1]
    for shape in range(len(SHAPES)):
        sqls = statements()[shape * CASES:(shape + 1) * CASES]
        assert {run(theirs, sql)[0] for sql in sqls} == {"ok", "error"}


if __name__ == "__main__":
    found = _differences(statements() + WRITTEN)
    print("\n".join(found))
    print(f"{len(found)} of {len(statements()) + len(WRITTEN)} differ")
