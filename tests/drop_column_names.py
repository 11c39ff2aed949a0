"""A generator of schemas that write a column several times -- in a table's CHECKs and
generated columns, an index's terms and WHERE, a view's clauses, a trigger's WHEN and
steps -- each time spelled differently (``bb``, ``Bb``, ``"bB"``, ``[BB]``, ``t.bb``...),
then DROP COLUMN of it: SQLite's 'error in index i after drop column: no such column: X'
(and table, view and trigger) quotes the occurrence its re-read of the schema fails on
last, which RowanDB must name too (``test_drop_column_names.py``).

``python -m tests.drop_column_names [cases] [seed] [-v]`` runs cases and prints the
scripts on which the two engines' answers differ.
"""

from __future__ import annotations

import random
import sys

import apsw

import rowandb

# the dropped column, spelled so that each spelling's message differs
SPELLINGS = ["bb", "Bb", "bB", "BB", '"bb"', '"Bb"', "[bB]", "`BB`"]
# shapes of an expression over the dropped column {x}, {y} and the kept column c
SHAPES = ["{x}", "{x} + 1", "-{x}", "{x} COLLATE NOCASE", "lower({x})", "coalesce(c, {x})",
          "abs({x}) + 1", "{x} IS NULL", "{x} IS NOT NULL", "c IS {x}", "lower({x}) || {y}",
          "{x} BETWEEN 1 AND {y}", "CASE WHEN {x} THEN {y} END", "{x} IN (1, {y})",
          "c", "c + 1", "lower(c)", "abs(lower({x})) = {y}", "{x} = {y}", "({x})",
          "max({x}, {y})", "{x} NOTNULL", "{x} LIKE 'a%'", "NOT {x}", "c AND {x}",
          "coalesce({x}, {y}) = c", "{x} < c"]
# shapes that may not stand as an index's or a generated column's expression
_NOT_TERM = ("{x} IS NULL",)


def _spell(rng, qualified: bool) -> str:
    name = rng.choice(SPELLINGS)
    if qualified and rng.random() < 0.2:
        return "t." + name
    return name


def expression(rng, qualified: bool = False) -> str:
    shape = rng.choice(SHAPES)
    return shape.format(x=_spell(rng, qualified), y=_spell(rng, qualified))


def _table(rng) -> str:
    parts = ["a INTEGER PRIMARY KEY", "bb", "c"]
    if rng.random() < 0.35:
        for i in range(rng.randint(1, 2)):
            parts.append(f"g{i} AS ({expression(rng)})")
    if rng.random() < 0.35:
        for _ in range(rng.randint(1, 2)):
            parts.append(f"CHECK ({expression(rng)})")
    rng.shuffle(parts[3:])
    return f"CREATE TABLE t({', '.join(parts)})"


def _index(rng, n: int) -> str:
    terms = []
    for _ in range(rng.randint(1, 3)):
        term = rng.choice(["c", expression(rng), _spell(rng, False), f"'{rng.choice(SPELLINGS[:4])}'"])
        suffix = rng.choice(["", "", " DESC", " COLLATE NOCASE"])
        if " IN (" in term and "COLLATE" in suffix:
            term = f"({term})"      # RowanDB's parser refuses x IN (...) COLLATE c (open)
        terms.append(term + suffix)
    where = f" WHERE {expression(rng, True)}" if rng.random() < 0.7 else ""
    return f"CREATE INDEX i{n} ON t({', '.join(terms)}){where}"


def _view(rng, n: int) -> str:
    cols = ", ".join(expression(rng, True) for _ in range(rng.randint(1, 2)))
    where = f" WHERE {expression(rng, True)}" if rng.random() < 0.5 else ""
    order = f" ORDER BY {expression(rng, True)}" if rng.random() < 0.3 else ""
    return f"CREATE VIEW v{n} AS SELECT {cols} FROM t{where}{order}"


def _trigger(rng, n: int) -> str:
    new = lambda: expression(rng).replace("t.", "new.")     # noqa: E731
    when = f" WHEN {new()}" if rng.random() < 0.4 else ""
    steps = rng.sample([f"SELECT {new()};", f"UPDATE t SET c = {expression(rng)} WHERE {new()};",
                        f"INSERT INTO t(c) SELECT {expression(rng)} FROM t;",
                        f"DELETE FROM t WHERE {expression(rng)};"], rng.randint(1, 2))
    return f"CREATE TRIGGER tr{n} AFTER INSERT ON t{when} BEGIN {' '.join(steps)} END"


def script(rng) -> list[str]:
    """A table, some of its indexes, views and triggers, then DROP COLUMN bb."""
    out = [_table(rng)]
    makers = [_index] * 3 + [_view, _trigger]
    for n in range(rng.randint(1, 3)):
        out.append(rng.choice(makers)(rng, n))
    out.append(f"ALTER TABLE t DROP COLUMN {rng.choice(SPELLINGS)}")
    return out


def _answer(run, sql):
    try:
        rows = run(sql)
        return repr([tuple(row) for row in rows]) if rows else "ok"
    except (apsw.Error, rowandb.Error) as error:
        return f"{type(error).__name__}: {error}"


def _rows(cursor):
    return cursor.fetchall() if cursor.description else []


def answers(lines: list[str]) -> tuple[list, list]:
    """Each statement's outcome on SQLite and on RowanDB."""
    theirs = apsw.Connection(":memory:")
    ours = rowandb.connect(":memory:", isolation_level=None)
    a = [_answer(lambda s: theirs.execute(s).fetchall(), sql) for sql in lines]
    b = [_answer(lambda s: _rows(ours.execute(s)), sql) for sql in lines]
    return [x.split(": ", 1)[-1] for x in a], [x.split(": ", 1)[-1] for x in b]


def cases(count: int, seed: int):
    """(script, SQLite's answers, RowanDB's answers) of ``count`` scripts from ``seed``
    whose DROP COLUMN SQLite refuses (those it runs prove little here)."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        lines = script(rng)
        theirs, ours = answers(lines)
        if theirs[-1] == "ok" or any(x != "ok" for x in theirs[:-1]):
            continue
        made += 1
        yield lines, theirs, ours


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 300
    seed = int(argv[1]) if len(argv) > 1 else 1
    differ = 0
    for lines, theirs, ours in cases(count, seed):
        if theirs != ours:
            differ += 1
            print("\n".join(lines))
            for sql, x, y in zip(lines, theirs, ours):
                if x != y:
                    print(f"  -- {sql[:60]}\n  SQLite:  {x}\n  RowanDB: {y}")
            print()
        elif "-v" in argv:
            print("agree:", theirs[-1])
    print(f"{count - differ} of {count} agree")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
