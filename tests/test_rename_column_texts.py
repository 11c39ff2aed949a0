"""RENAME COLUMN's rewrite of CREATE TABLE texts (``rename_column._in_create_table``, a
token walk) against SQLite on hostile texts: comments and strings holding the column's
name, quoted names equal to keywords, names needing each quote style (and holding spaces,
dots, brackets, quotes), CHECKs, generated columns, DEFAULTs, COLLATEs, a type named as the
column, FOREIGN KEY clauses and REFERENCES to the table itself and from another table.

``test_generated_texts`` draws tables from a seeded generator, renames one of their
columns (or a parent table's column they reference) to a name in some quote style, and
compares every statement's outcome and then sqlite_schema with SQLite's
(``test_alter.assert_answers_as_sqlite``).
"""

from __future__ import annotations

import random

import pytest

from test_alter import assert_answers_as_sqlite

# (as written in a definition, its bare spelling for ``{c}``-style references)
NAMES = ["a", "b", "t", '"a b"', "[x.y]", "`q`", "'s'", '"select"', '"on"', "key", '"a""b"',
         "[from]", "`c``d`", "action", "\"nocase\"", "desc", "[a.b c]", "'it''s'", "c1"]
NEW_NAMES = ["z", '"z z"', "[n.m]", "`w`", "'v'", '"order"', "asc", '"a""z"', "Z", "[b]"]


def _ref(name: str, rng) -> str:
    """``name`` written again, maybe in another quote style (the same identifier)."""
    plain = _plain(name)
    styles = [name, '"' + plain.replace('"', '""') + '"']
    if "]" not in plain:
        styles.append("[" + plain + "]")
    styles.append("`" + plain.replace("`", "``") + "`")
    return rng.choice(styles)


def _plain(name: str) -> str:
    q = name[0]
    if q in "\"'`":
        return name[1:-1].replace(q + q, q)
    if q == "[":
        return name[1:-1]
    return name


def _column(name: str, cols: list[str], rng) -> str:
    other = rng.choice(cols)
    pieces = [name]
    pieces += rng.sample([
        rng.choice(["INT", "TEXT", "VARCHAR(10)", "NUMERIC(5, 2)", "key", "action INT"]),
        f"DEFAULT {rng.choice(['0', repr(_plain(name)), '(1 + 2)', '-1', 'NULL'])}",
        f"COLLATE {rng.choice(['nocase', 'binary', 'rtrim'])}",
        f"CHECK ({_ref(name, rng)} <> {repr(_plain(other))})",
        f"CHECK ({_ref(other, rng)} IS NOT {_ref(name, rng)} OR 1)",
        f"/* {_plain(name)} */",
        f"REFERENCES p({rng.choice(['x', 'y'])})",
        f"REFERENCES t({_ref(other, rng)})",
        f"CONSTRAINT {_ref(other, rng)} NOT NULL",
        f"CHECK (t.{_ref(name, rng)} IS NOT '{_plain(name)}' OR {_ref(other, rng)} IN (1, 2))",
        f"CHECK (CASE {_ref(name, rng)} WHEN 1 THEN {_ref(other, rng)} ELSE 1 END)",
        f"CHECK (CAST({_ref(name, rng)} AS TEXT) COLLATE nocase <> 'x')",
        f"AS ({_ref(other, rng)} + 1)" if other != name else "NULL",
    ], rng.randint(0, 3))
    return " ".join(pieces)


def _table(rng) -> tuple[str, list[str]]:
    cols = []
    for name in rng.sample(NAMES, rng.randint(2, 4)):
        if _plain(name).lower() not in [_plain(c).lower() for c in cols]:
            cols.append(name)
    defs = [_column(c, cols, rng) for c in cols]
    if rng.random() < 0.4:
        src = rng.choice(cols)
        defs.append(f"g AS ({_ref(src, rng)} || '{_plain(src)}') VIRTUAL")
    extras = [
        f"PRIMARY KEY ({_ref(rng.choice(cols), rng)} DESC)",
        f"UNIQUE ({', '.join(_ref(c, rng) for c in cols[:2])})",
        f"CHECK (length({_ref(rng.choice(cols), rng)}) >= 0) -- {_plain(cols[0])}\n",
        f"FOREIGN KEY ({_ref(rng.choice(cols), rng)}) REFERENCES p(x)",
        f"FOREIGN KEY ({_ref(cols[-1], rng)}) REFERENCES t({_ref(cols[0], rng)})",
        f"CONSTRAINT {_ref(cols[0], rng)} CHECK ({_ref(cols[0], rng)} = {_ref(cols[0], rng)})",
    ]
    defs += rng.sample(extras, rng.randint(0, 3))
    return f"CREATE TABLE t({', '.join(defs)})", cols


def script(seed: int) -> list[str]:
    rng = random.Random(seed)
    table, cols = _table(rng)
    out = ["CREATE TABLE p(x PRIMARY KEY, y UNIQUE)", table]
    if rng.random() < 0.3:
        out.append(f"CREATE TABLE u(k REFERENCES t({_ref(cols[0], rng)}), "
                   f"m, FOREIGN KEY (m) REFERENCES t({_ref(rng.choice(cols), rng)}))")
    target = rng.choice(cols)
    if rng.random() < 0.15:
        out.append(f"ALTER TABLE p RENAME COLUMN x TO {rng.choice(NEW_NAMES)}")
    else:
        word = rng.choice(["RENAME COLUMN", "RENAME"])
        out.append(f"ALTER TABLE t {word} {_ref(target, rng)} TO {rng.choice(NEW_NAMES)}")
    out.append("INSERT INTO t DEFAULT VALUES")
    return out


@pytest.mark.parametrize("seed", range(300))
def test_generated_texts(seed):
    assert_answers_as_sqlite(script(seed))


@pytest.mark.parametrize("script", [
    # a column named like its table: the qualifier of t.t stays (the generator's seed 83)
    ["CREATE TABLE t(a, t CHECK (t.t IS NOT 't' OR a IN (1, 2)))",
     'ALTER TABLE t RENAME COLUMN t TO "a""z"', "INSERT INTO t DEFAULT VALUES"],
    # a string after a dot names the column (seed 25)
    ["CREATE TABLE t(a, 's' CHECK (t.'s' IS NOT 's' OR a IN (1, 2)))",
     "ALTER TABLE t RENAME 's' TO asc", "INSERT INTO t VALUES (1, 1)"],
    # a string name holding a doubled quote or a backquote before a column whose first
    # constraint is a CHECK: its text is cut where sqlglot's text has it (seed 178)
    ["CREATE TABLE t('a''b', c CHECK (CASE c WHEN 1 THEN 2 END))", "INSERT INTO t VALUES (1, 3)"],
    ["CREATE TABLE t('a`b', c CHECK (CASE WHEN c THEN 2 END))", "INSERT INTO t VALUES (1, 0)"],
    ["CREATE TABLE t('a''''''b', c CHECK (c > 0x10))", "INSERT INTO t VALUES (1, 16)"],
    # a generated column's expression starting with a column named desc (seed 174)
    ["CREATE TABLE t(desc, g AS (desc || 'x'), h AS (desc))", "INSERT INTO t VALUES (1)",
     "SELECT * FROM t", "ALTER TABLE t RENAME desc TO d"],
], ids=lambda s: " | ".join(s)[:80])
def test_found_by_the_generator(script):
    assert_answers_as_sqlite(script)
