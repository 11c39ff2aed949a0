"""SQL text holding a NUL character: SQLite prepares the text before it, as a C string.

sqlite3_prepare reads SQL text up to its first NUL: a string, quoted name, blob or
comment the NUL falls in ends there (an unterminated string is 'unrecognized token: "'a"',
a statement cut short 'incomplete input'), and a statement that prepares has the NUL as
its tail, which apsw refuses (ValueError 'null character in query') -- where RowanDB
raises ProgrammingError 'the query contains a null character', Python's sqlite3's
refusal, rather than run the text with its end ignored. Each text runs through
``execute`` and ``executescript`` on RowanDB and through apsw: the same error (a prepare
error's class and message, or the refusal) and the same rows after it: nothing written,
but where whitespace or a comment parts the statement's ';' from the NUL, which apsw runs
before its next prepare meets the NUL.
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb

TEXTS = [
    # in a string, a quoted name, a blob: unterminated there
    "SELECT 'a\x00b'", "SELECT 'a\x00'", 'SELECT "a\x00b"', 'SELECT 1 AS "x\x00"',
    "SELECT [a\x00b]", "SELECT `a\x00b`", "SELECT x'00\x00'", "INSERT INTO t VALUES ('a\x00')",
    # in a comment: the statement before it prepares
    "SELECT 1 /* a\x00b */", "SELECT 1 -- a\x00b\n, 2", "SELECT 1 /* \x00", "SELECT 1 -- \x00",
    # between tokens: a statement cut short, or one that prepares, or its error
    "SELECT 1 +\x00 2", "SELECT * FROM t WHERE a = \x00 1", "CREATE TABLE u(a\x00)",
    "SELECT 1 \x00 + 2", "SELECT 12\x003", "SELECT nosuch\x00", "SELECT ?\x00",
    "INSERT INTO t VALUES (1)\x00", "CREATE TABLE u(a)\x00", "INSERT INTO nosuch VALUES (1)\x00",
    "CREATE TABLE t(a)\x00 junk", "DELETE FROM t WHERE nosuch\x00",
    # between statements, at the start, alone
    "SELECT 1;\x00SELECT 2", "SELECT 1\x00; SELECT 2", "SELECT 1;\x00 nonsense", "\x00SELECT 1",
    "\x00", " \x00 ", "INSERT INTO t VALUES (1);\x00",
    # whitespace or a comment between the ';' and the NUL: the statement runs first
    "INSERT INTO t VALUES (1); \x00", "INSERT INTO t VALUES (1); -- c\n\x00",
    "INSERT INTO t VALUES (1); /* c */ \x00", "INSERT INTO t VALUES (1);\n\x00 x",
    "INSERT INTO t VALUES (1); /* c\x00", "INSERT INTO t VALUES (1) /* c */;\x00",
    "INSERT INTO nosuch VALUES (1); \x00",
]

_POSITION = re.compile(r" \(line \d+, column \d+\)$")
_REFUSED = ("refused",)


def _sqlite(text: str):
    db = apsw.Connection(":memory:")
    db.execute("CREATE TABLE t(a); INSERT INTO t VALUES (0)")
    try:
        db.execute(text).fetchall()
        found = ("ran",)
    except apsw.SQLError as error:
        found = "OperationalError", str(error)
    except ValueError:
        found = _REFUSED
    return found, db.execute("SELECT * FROM t").fetchall()


def _rowandb(text: str, script: bool):
    db = rowandb.connect(":memory:", isolation_level=None)
    db.executescript("CREATE TABLE t(a); INSERT INTO t VALUES (0)")
    try:
        (db.executescript if script else db.execute)(text)
        found = ("ran",)
    except rowandb.ProgrammingError as error:
        found = _REFUSED if str(error) == "the query contains a null character" else \
            ("ProgrammingError", str(error))
    except rowandb.Error as error:
        found = type(error).__name__, _POSITION.sub("", str(error))
    return found, [tuple(r) for r in db.execute("SELECT * FROM t").fetchall()]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("script", [False, True], ids=["execute", "executescript"])
def test_nul_in_text_as_sqlite_prepares_it(text, script):
    assert _rowandb(text, script) == _sqlite(text)


if __name__ == "__main__":
    failing = [(t, s) for t in TEXTS for s in (False, True) if _rowandb(t, s) != _sqlite(t)]
    print(len(failing), "of", 2 * len(TEXTS), "differ")
    for text, script in failing:
        print(repr(text), script, _rowandb(text, script), _sqlite(text))
