"""A seeded generator of comparisons whose operands mix affinities, run on RowanDB and SQLite.

SQLite decides a comparison's affinity from its operands' (datatype3.html section 4.2,
expr.c sqlite3CompareAffinity) and converts at run time in the comparison opcode
(vdbe.c OP_Lt...): a numeric affinity turns text operands into numbers, TEXT turns
numbers into text only when the other operand is text at that moment. Where an operand's
affinity comes from -- a column of each declared type, a CAST, a scalar or compound
subquery (with or without ORDER BY), a VALUES list, a FROM subquery's column -- and
which operator compares (=, <>, <, <=, >, >=, IS, IS NOT, IN, BETWEEN, CASE x WHEN) are
drawn at random here, so every mix is tried.

``comparisons(seed, count)`` draws the comparisons; ``differences(seed, count)`` runs
them in batches (one SELECT of several columns over the table ``t``), each batch that
differs again one comparison at a time, then statements comparing a FROM subquery's
column and queries whose WHERE is a comparison (t's columns are indexed), and gives the
statements whose rows differ.
"""

from __future__ import annotations

import random

from oracle import pair, run

SETUP = [
    "CREATE TABLE t(i INTEGER, r REAL, n NUMERIC, s TEXT, b BLOB, x)",
    "INSERT INTO t VALUES (1, 1.0, 1, '1', '1', 1), (2, 1.5, '1.5', '1.0', x'31', '1'), "
    "(NULL, 2.0, 'a', ' 1', 1, 1.0), (0, -1.0, 2.0, 'abc', 2.0, x'31')",
    "CREATE TABLE u(i INTEGER, r REAL, n NUMERIC, s TEXT, b BLOB, x)",
    "INSERT INTO u VALUES (1, 1.0, '1.0', '1', x'31', '1')",
] + [f"CREATE INDEX t{c} ON t({c})" for c in ("i", "r", "n", "s", "b", "x")]

COLUMNS = ("i", "r", "n", "s", "b", "x")
LITERALS = ("1", "1.0", "2", "0", "-1", "1.5", "'1'", "'1.0'", "' 1'", "'1.5'", "'a'",
            "'01'", "x'31'", "NULL")
TYPES = ("TEXT", "INTEGER", "REAL", "NUMERIC", "BLOB", "INT", "VARCHAR(5)")
COMPOUNDS = ("UNION ALL", "UNION", "INTERSECT", "EXCEPT")
OPERATORS = ("=", "<>", "<", "<=", ">", ">=", "IS", "IS NOT", "==", "!=")


class Draw:
    """Random operands and comparisons from one ``random.Random``."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, seq):
        return self.rng.choice(seq)

    def simple(self) -> str:
        """A literal, a column of t, or a CAST of one."""
        kind = self.rng.random()
        if kind < 0.35:
            return self.pick(LITERALS)
        if kind < 0.7:
            return "t." + self.pick(COLUMNS)
        if kind < 0.8:
            return "+t." + self.pick(COLUMNS)
        return f"CAST({self.pick(LITERALS + ('t.' + self.pick(COLUMNS),))} AS {self.pick(TYPES)})"

    def arm(self, alias: str = "") -> str:
        """One SELECT of a compound or subquery: a constant or u's column (or t's, correlated)."""
        kind = self.rng.random()
        if kind < 0.4:
            return f"SELECT {self.pick(LITERALS)}{alias}"
        if kind < 0.55:
            return f"SELECT CAST({self.pick(LITERALS)} AS {self.pick(TYPES)}){alias}"
        if kind < 0.9 or alias:
            return f"SELECT {self.pick(COLUMNS)}{alias} FROM u"
        return f"SELECT t.{self.pick(COLUMNS)}"

    def query(self, alias: str = "") -> tuple[str, str]:
        """A query of one column -- one SELECT, a compound (maybe ordered) or a VALUES list
        -- and its column's name (``alias`` given to the first SELECT)."""
        kind = self.rng.random()
        if kind < 0.2:
            return self.arm(alias), "v"
        if kind < 0.8:
            arms = [self.arm(alias)] + [self.arm() for _ in range(self.rng.choice((1, 1, 2)))]
            text = arms[0]
            for a in arms[1:]:
                text += f" {self.pick(COMPOUNDS)} {a}"
            if self.rng.random() < 0.4:
                text += " ORDER BY 1" + self.pick(("", " DESC"))
            return text, "v"
        rows = ", ".join(f"({self.pick(LITERALS + ('CAST(1 AS TEXT)', 'CAST(1 AS REAL)'))})"
                         for _ in range(self.rng.choice((2, 3))))
        return f"VALUES {rows}", "column1"

    def operand(self) -> str:
        if self.rng.random() < 0.55:
            return self.simple()
        return f"({self.query()[0]})"

    def term(self) -> str:
        """A term of a SELECT of two columns: a literal, a CAST of one or u's column."""
        kind = self.rng.random()
        if kind < 0.4:
            return self.pick(LITERALS)
        if kind < 0.6:
            return f"CAST({self.pick(LITERALS)} AS {self.pick(TYPES)})"
        return f"(SELECT {self.pick(COLUMNS)} FROM u)" if kind < 0.7 else self.pick(COLUMNS)

    def row_query(self) -> str:
        """A query of two columns: one SELECT or a compound (maybe ordered)."""
        arms = [f"SELECT {self.term()}, {self.term()} FROM u"
                for _ in range(self.rng.choice((1, 2, 2, 3)))]
        text = arms[0]
        for a in arms[1:]:
            text += f" {self.pick(COMPOUNDS)} {a}"
        return text + (" ORDER BY 1, 2" if len(arms) > 1 and self.rng.random() < 0.3 else "")

    def row_comparison(self) -> str:
        """Two rows compared, at least one a subquery's; or a row IN a subquery."""
        row = f"({self.simple()}, {self.simple()})"
        left = self.pick((row, f"({self.row_query()})"))
        if self.rng.random() < 0.25:
            return f"{left} {self.pick(('IN', 'NOT IN'))} ({self.row_query()})"
        return f"{left} {self.pick(OPERATORS)} ({self.row_query()})"

    def comparison(self, left: str | None = None) -> str:
        kind = self.rng.random()
        if left is None and kind < 0.08:
            return self.row_comparison()
        left = left or self.operand()
        if kind < 0.55:
            return f"{left} {self.pick(OPERATORS)} {self.operand()}"
        if kind < 0.65:
            items = ", ".join(self.operand() for _ in range(self.rng.choice((1, 2, 3, 4))))
            return f"{left} {self.pick(('IN', 'NOT IN'))} ({items})"
        if kind < 0.75:
            return f"{left} {self.pick(('IN', 'NOT IN'))} ({self.query()[0]})"
        if kind < 0.85:
            return f"{left} {self.pick(('BETWEEN', 'NOT BETWEEN'))} {self.operand()} " \
                   f"AND {self.operand()}"
        whens = " ".join(f"WHEN {self.operand()} THEN {k}"
                         for k in range(1, self.rng.choice((2, 3))))
        return f"CASE {left} {whens} ELSE 0 END"

    def from_query(self, width: int) -> str:
        """A SELECT of ``width`` comparisons of a FROM subquery's column over t."""
        text, name = self.query(" AS v")
        column = f"q.{name}"
        tests = ", ".join(self.comparison(self.pick((column, column, f"+{column}")))
                          for _ in range(width))
        return f"SELECT {tests} FROM t, ({text}) AS q"


def comparisons(seed: int, count: int) -> list[str]:
    draw = Draw(random.Random(seed))
    return [draw.comparison() for _ in range(count)]


def from_queries(seed: int, count: int, width: int = 4) -> list[str]:
    draw = Draw(random.Random(seed))
    return [draw.from_query(width) for _ in range(count)]


def where_queries(seed: int, count: int) -> list[str]:
    """Queries of t's rows where a comparison holds, mostly of an indexed column (a
    searched index converts the value it looks for)."""
    draw = Draw(random.Random(seed))
    return [f"SELECT rowid FROM t WHERE {draw.comparison(column)} ORDER BY rowid"
            for column in ("t." + draw.pick(COLUMNS) if draw.rng.random() < 0.7 else None
                           for _ in range(count))]


def _same(mine, theirs, sql):
    a, b = run(mine, sql), run(theirs, sql)
    if a[0] == b[0] == "ok":        # a FROM subquery's rows come in either engine's order
        a, b = ("ok", sorted(a[1])), ("ok", sorted(b[1]))
    return a == b, a, b


def differences(seed: int, count: int, batch: int = 12) -> list[tuple]:
    """[(statement, RowanDB's outcome, SQLite's)] for each drawn comparison that differs:
    ``count`` comparisons over t, then ``count // 4`` statements of 4 comparisons of a
    FROM subquery's column, then ``count // 4`` queries of t's rows where one holds."""
    mine, theirs = pair(SETUP)
    found = []
    cases = comparisons(seed, count)
    for k in range(0, len(cases), batch):
        part = cases[k:k + batch]
        if _same(mine, theirs, "SELECT " + ", ".join(part) + " FROM t")[0]:
            continue
        for one in part:
            same, a, b = _same(mine, theirs, f"SELECT {one} FROM t")
            if not same:
                found.append((f"SELECT {one} FROM t", a, b))
    for sql in from_queries(seed, count // 4) + where_queries(seed, count // 4):
        same, a, b = _same(mine, theirs, sql)
        if not same:
            found.append((sql, a, b))
    return found
