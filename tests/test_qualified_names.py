"""Strings read as names and stars read as columns, where SQLite's grammar reads them.

SQLite's ``nm`` is an identifier, a join word or a string, so ``'t'.a``, ``'main'.'t'.a``,
``'t'.*`` and ``INSERT INTO 't'('a')`` name a table and its columns (sqlglot reads a
string there as a value: RowanDB refused the first ones as unsupported syntax and the last
as a syntax error). A star stands for columns only as ``count(*)``, a result column ``*``
or one name's ``nm.*`` -- ``main.t.*``, ``f(t.*)``, ``(t.*)``, ``ORDER BY t.*`` are
syntax errors at the star (``main.t.*`` was accepted) -- and RETURNING refuses ``t.*``
before it resolves a name. Each script runs statement by statement on both engines, with
its outcomes and column names compared; each failed on the code before.
"""

from __future__ import annotations

import pytest

from oracle import assert_same

SETUP = ["CREATE TABLE t(a, b)", "INSERT INTO t VALUES (1, 2)"]

SCRIPTS = {
    "string qualifiers": [
        "SELECT 't'.a FROM t", "SELECT 't'.'a' FROM t", "SELECT 'main'.'t'.'a' FROM t",
        "SELECT 'x'.a FROM t", "SELECT 't'.* FROM t", "SELECT a FROM t 'x' WHERE 'x'.a = 1",
        "SELECT 't' .a FROM t", "SELECT 'a`b'.c", "SELECT 't'.rowid FROM t",
        "SELECT * FROM t WHERE 't'.a IN (SELECT 't'.b FROM t)", "UPDATE t SET a = 't'.b",
        "SELECT 'x' 't'.a FROM t", "SELECT * FROM t",
    ],
    "string tables of INSERT": [
        "INSERT INTO 't'('a') VALUES (5)",
        "INSERT OR IGNORE INTO 'main'.'t'('a', 'b') VALUES (6, 7)",
        "REPLACE INTO 't'(a) SELECT 8", "INSERT INTO 'x'('a') VALUES (5)",
        "INSERT INTO t VALUES ('a'(1))", "SELECT 'abs'(1)", "SELECT * FROM t ORDER BY a",
    ],
    "stars": [
        "SELECT main.t.* FROM t", "SELECT t.* FROM t", "SELECT 1, t.* FROM t",
        "SELECT DISTINCT t.* FROM t", "SELECT count(t.*) FROM t", "SELECT (t.*) FROM t",
        "SELECT a FROM t WHERE t.* = 1", "SELECT a FROM t ORDER BY t.*",
        "SELECT f(1, t.*) FROM t", "SELECT a FROM t GROUP BY t.*", "SELECT t.* + 1 FROM t",
    ],
    "RETURNING wildcards": [
        "INSERT INTO nosuch VALUES (1) RETURNING t.*",
        "INSERT INTO t VALUES (1, 2) RETURNING nosuch, t.*",
        "INSERT INTO t VALUES (1, 2) RETURNING t.*, nosuch",
        "UPDATE t SET a = 1 RETURNING x.*", "DELETE FROM t RETURNING t.*",
        "INSERT INTO t VALUES (1, 2, 3) RETURNING t.*", "SELECT * FROM t",
    ],
}


@pytest.mark.parametrize("name", SCRIPTS)
def test_names_and_stars_read_as_sqlite_reads_them(name):
    assert_same(SETUP, SCRIPTS[name], columns=True)
