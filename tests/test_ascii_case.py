"""Names, keywords, types and collations fold their case in ASCII only, as SQLite's do.

SQLite's sqlite3StrICmp and keyword hash map A-Z to a-z and nothing else, so "É" and "é"
are two columns, "ſELECT" (a long s, whose Python upper case is "S") is a name and not
SELECT, and "LI\u212aE" (a Kelvin sign, whose Python lower case is "k") is no function.
Each script runs statement by statement on RowanDB and on SQLite; every statement's
outcome and result column names must agree. Before rowandb/catalog/ascii_case.py every
script here differed somewhere (Python's Unicode folding in the name lookups).
"""

from __future__ import annotations

import pytest

from oracle import assert_same

KELVIN = "\u212a"       # "K".lower() == "k"
LONG_S = "\u017f"       # "ſ".upper() == "S"

SCRIPTS = {
    "columns": [
        'CREATE TABLE u("É", "é")',
        'INSERT INTO u VALUES (1, 2)',
        'SELECT "É", "é" FROM u',
        'SELECT * FROM u',
        'CREATE TABLE t(a, "Ä")',
        'INSERT INTO t VALUES (1, 2)',
        'SELECT "ä" FROM t',
        'SELECT t."ä" FROM t',
        'SELECT "Ä" FROM t',
        'UPDATE t SET "ä" = 5',
        'SELECT * FROM t',
        'CREATE INDEX i1 ON t("ä")',
        'ALTER TABLE t RENAME COLUMN "ä" TO b',
        'ALTER TABLE t DROP COLUMN "ä"',
        'SELECT * FROM t',
    ],
    "tables and views": [
        'CREATE TABLE "É"(x)',
        'CREATE TABLE "é"(y)',
        'INSERT INTO "É" VALUES (1)',
        'SELECT * FROM "é"',
        'SELECT * FROM "É"',
        'SELECT x AS "Ö", x AS "ö" FROM "É"',
        'CREATE VIEW "Vé"(a) AS SELECT 1',
        'SELECT * FROM "VÉ"',
        'SELECT * FROM "Vé"',
        'CREATE TABLE k(z)',
        f'SELECT * FROM "{KELVIN}"',
        f'DROP TABLE "{KELVIN}"',
        'DROP TABLE "É"',
        'SELECT name FROM sqlite_schema ORDER BY name',
    ],
    "aliases and common tables": [
        'CREATE TABLE t(a)',
        'INSERT INTO t VALUES (1)',
        'SELECT count(*) FROM t AS "Å" WHERE "å".a = 1',
        'SELECT count(*) FROM t AS "Å" WHERE "Å".a = 1',
        'WITH "cÉ"(a) AS (SELECT 1) SELECT * FROM "cé"',
        'WITH "cÉ"(a) AS (SELECT 1) SELECT * FROM "cÉ"',
        'SELECT a AS "Ñ" FROM t ORDER BY "ñ"',
        "SELECT 'É', 'é' EXCEPT SELECT 1, 2",
        'SELECT * FROM (SELECT 1 AS "É", 2 AS "é")',
    ],
    "indexes and triggers": [
        'CREATE TABLE t(a)',
        'CREATE INDEX "Ié" ON t(a)',
        'CREATE INDEX "IÉ" ON t(a)',
        'DROP INDEX "iÉ"',
        'SELECT name FROM sqlite_schema WHERE type = \'index\' ORDER BY name',
        'CREATE TRIGGER "Tö" AFTER INSERT ON t BEGIN SELECT 1; END',
        'CREATE TRIGGER "TÖ" AFTER INSERT ON t BEGIN SELECT 1; END',
        'DROP TRIGGER "tÖ"',
        'SELECT name FROM sqlite_schema WHERE type = \'trigger\' ORDER BY name',
    ],
    "keywords, types, functions and collations": [
        f'{LONG_S}ELECT 1',
        f'SELECT 1 {LONG_S}',
        f'CREATE TABLE ty(a {LONG_S}TRING, b ınt, c INT)',
        "INSERT INTO ty VALUES ('12', '12', '12')",
        'SELECT typeof(a), typeof(b), typeof(c) FROM ty',
        f"SELECT LI{KELVIN}E('a', 'a')",
        f"SELECT 'a' = 'A' COLLATE NOCA{LONG_S}E",
        f'CREATE TABLE w(a TEXT COLLATE NOCA{LONG_S}E)',
        "SELECT lower('ÉA'), upper('éa'), 'É' LIKE 'é', 'É' = 'é' COLLATE NOCASE",
    ],
}


@pytest.mark.parametrize("name", SCRIPTS)
def test_ascii_case_folding_matches_sqlite(name):
    assert_same([], SCRIPTS[name], columns=True)
