"""Which occurrence of a name SQLite's error quotes when several fail: DROP COLUMN's
'error in index i after drop column: no such column: X' (and table, view, trigger) when
the dropped column is written several times, spelled differently, and the CREATE INDEX
and CREATE TABLE errors behind it, against apsw.

SQLite keeps the last error its resolver notes (sqlite3ErrorMsg), and its walk goes on
after an error only into a name, a function's arguments or an IS [NOT] NULL's operand:
sqlite3CreateIndex resolves an index's WHERE, then its first term; sqlite3EndTable the
CHECKs, then every generated column (a bare name there is wrapped in a unary plus); the
reload after the edit reads tables and indexes, the second reading (no double-quoted
string falls back) every object in sqlite_schema order. ``drop_column_names.py``
generates the schemas (fuzz 75000061, 75000487, 75000595, fixed-seed case 133).
"""

from __future__ import annotations

import pytest

from drop_column_names import answers, cases


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_drops_quote_the_name_sqlite_quotes(seed):
    differ = [(lines, theirs, ours) for lines, theirs, ours in cases(150, seed)
              if theirs != ours]
    assert differ == []


SCRIPTS = [
    # fixed-seed case 133: the column list's first term is a function holding the name
    ["CREATE TABLE [aNd](\"Xy\" INTEGER PRIMARY KEY, `REplace` VARCHAR(10), Col)",
     "CREATE UNIQUE INDEX \"123\" ON `anD`(lower(REplace)) WHERE RepLace < `Col`",
     "ALTER TABLE `And` DROP COLUMN rEPLAcE"],
    ["CREATE TABLE t(a, bb, c)", "CREATE INDEX i ON t(c, Bb) WHERE bB",
     "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c)", "CREATE INDEX i ON t(Bb) WHERE bB",
     "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c)", "CREATE INDEX i ON t(Bb COLLATE nocase) WHERE bB",
     "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c)", "CREATE INDEX i ON t(coalesce(c, Bb) DESC) WHERE t.bB",
     "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c)", "CREATE INDEX i ON t('Bb') WHERE -bB",
     "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c)", "CREATE INDEX i ON t(\"Bb\") WHERE -bB",
     "ALTER TABLE t DROP COLUMN bb"],
    # a generated column's name after a CHECK's
    ["CREATE TABLE t(a, bb, c, g AS (abs(Bb)), CHECK (bB > 0))", "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c, g AS (Bb), CHECK (bB > 0))", "ALTER TABLE t DROP COLUMN bb"],
    ["CREATE TABLE t(a, bb, c, g AS (bB = 1), h AS (BB IS NOT NULL))",
     "ALTER TABLE t DROP COLUMN bb"],
    # the second reading: a view written before the index fails first
    ["CREATE TABLE t(a INTEGER PRIMARY KEY, bb, c)", "CREATE VIEW v AS SELECT [bB] + 1 FROM t",
     "CREATE INDEX i ON t(\"bb\" DESC)", "ALTER TABLE t DROP COLUMN `BB`"],
    ["CREATE TABLE t(a INTEGER PRIMARY KEY, bb, c)", "CREATE INDEX i ON t(\"bb\" DESC)",
     "CREATE VIEW v AS SELECT [bB] + 1 FROM t", "ALTER TABLE t DROP COLUMN `BB`"],
    ["CREATE TABLE u(x)", "CREATE TRIGGER tr AFTER INSERT ON u BEGIN SELECT Bb FROM t; END",
     "CREATE TABLE t(a, bb, c, CHECK (\"bb\" > 0))", "ALTER TABLE t DROP COLUMN bb"],
    # the statements behind them
    ["CREATE TABLE t(a)", "CREATE INDEX i ON t(a, x) WHERE y", "CREATE INDEX i ON t(x) WHERE y",
     "CREATE INDEX i ON t(x COLLATE nocase) WHERE y", "CREATE INDEX i ON t(abs(x) + 1) WHERE y",
     "CREATE INDEX i ON t(lower(x)) WHERE y", "CREATE INDEX i ON t(a) WHERE y"],
    ["CREATE TABLE t(a)", "CREATE TABLE u(a, g AS (abs(x)), CHECK (y))",
     "CREATE TABLE u(a, g AS (x), CHECK (y))", "CREATE TABLE u(a, g AS (x + 1), h AS (abs(y)))",
     "CREATE TABLE u(a, g AS (x IS NULL), CHECK (y))"],
    ["CREATE TABLE t(a)", "SELECT 1 FROM t WHERE lower(x) AND a IS y COLLATE nocase",
     "SELECT 1 FROM t WHERE lower(x) AND a IS NOT y COLLATE nocase"],
]


@pytest.mark.parametrize("lines", SCRIPTS, ids=lambda s: " | ".join(s[1:])[:90])
def test_the_error_quotes_the_name_sqlite_quotes(lines):
    theirs, ours = answers(lines)
    assert ours == theirs


def test_an_end_closing_a_case_does_not_end_a_trigger():
    """A trigger's body whose step ends in CASE ... END; (the generator's triggers): the
    statement runs to the trigger's own END, as SQLite's parser reads it."""
    lines = ["CREATE TABLE t(a, bb, c)",
             "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET c = CASE WHEN bb THEN 1 END; "
             "SELECT CASE CASE a WHEN 1 THEN 2 END WHEN 2 THEN 3 END; END",
             "INSERT INTO t VALUES (1, 1, 0)", "SELECT * FROM t",
             "ALTER TABLE t DROP COLUMN bb"]
    theirs, ours = answers(lines)
    assert ours == theirs
