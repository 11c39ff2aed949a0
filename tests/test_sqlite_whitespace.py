"""White space is what SQLite's tokenizer takes as white space, against SQLite (apsw).

tokenize.c opens a run of white space only at a space, tab, line feed, form feed or
carriage return, and goes on over those and the vertical tab (sqlite3Isspace): so
``SELECT 1 \\v`` is white space, ``SELECT 1\\v`` an unrecognized token, and the other
control characters (0x01-0x08, 0x0e-0x1f, 0x7f) are unrecognized tokens anywhere.
Python's ``\\s``, which the lexer used, took all of these as white space. Each ASCII
character is put around a DROP VIEW's words (read without sqlglot when it is plain:
sql/parse/drop_view.py) and a SELECT's, alone and after white space; the outcome (rows or
error) must be SQLite's. Past ASCII, SQLite's tokenizer takes every character for a
character of a name, the Unicode spaces too (``SELECT a FROM t\\u3000`` is 'no such
table: t\\u3000'), where sqlglot takes them for white space: each of them is put in the
same places, and in names of tables, columns, aliases and CTEs.
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb
from rowandb.sql.parse import lexer

# every ASCII character but those that open a token of their own kind (a string, a
# quoted name, a comment, a statement's end, a parameter: test_parameter_tokens.py)
_CHARS = [chr(c) for c in range(1, 0x80) if chr(c) not in ";\"'`[-/#?:@$"]
# the characters past ASCII that Python's str.isspace takes for white space (the last is
# U+3000; test_the_lexer_knows_every_unicode_space looks at them all)
_UNICODE_SPACES = [chr(c) for c in range(0x80, 0x3001) if chr(c).isspace()]
FORMS = ["DROP VIEW IF EXISTS v{c}", "DROP VIEW IF EXISTS v {c}", "DROP{c}VIEW IF EXISTS v",
         "DROP VIEW IF EXISTS main{c}.v", "DROP VIEW {c}v", "SELECT{c}1", "SELECT 1\t{c}",
         "SELECT a FROM t{c}", "SELECT a FROM t WHERE a{c}= 1", "SELECT 1{c}+ 2 AS x"]


def _mine(db, sql):
    try:
        cursor = db.execute(sql)
        return "ok", [tuple(r) for r in cursor.fetchall()] if cursor.description else []
    except rowandb.Error as error:
        return "error", re.sub(r" \(line \d+, column \d+\)$", "", str(error))


def _theirs(db, sql):
    try:
        return "ok", list(db.execute(sql))
    except apsw.Error as error:
        return "error", str(error)


def _differences(forms, chars, schema=("CREATE TABLE t(a)",)):
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for db in (mine, theirs):
        for sql in schema:
            db.execute(sql)
    wrong = []
    for char in chars:
        for form in forms:
            sql = form.format(c=char)
            expected, got = _theirs(theirs, sql), _mine(mine, sql)
            if expected != got:
                wrong.append(f"{sql!r}\n   SQLite  {expected}\n   RowanDB {got}")
    return wrong


@pytest.mark.parametrize("form", FORMS)
def test_white_space_is_sqlite_s(form):
    wrong = _differences([form], _CHARS)
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


# Names holding a Unicode space: made, read, qualified, aliased, indexed, dropped.
_NAME_FORMS = [
    "CREATE TABLE u{c}(a{c} INTEGER, b)", "INSERT INTO u{c} VALUES (1, 2)",
    "SELECT a{c}, b FROM u{c}", "SELECT a FROM u{c}", "SELECT u{c}.a{c} FROM u{c}",
    "SELECT * FROM u{c} AS x{c} WHERE x{c}.a{c} = 1", "SELECT 1 {c}", "SELECT 1 AS {c}x",
    "SELECT 1 {c}+1", "CREATE INDEX i{c} ON u{c}(a{c})", "UPDATE u{c} SET b = 3 WHERE a{c} = 1",
    "WITH c{c}(x) AS (SELECT 1) SELECT x FROM c{c}", "SELECT abs{c}(1)",
    "SELECT name FROM sqlite_master WHERE name LIKE 'i%'", "DROP TABLE u{c}",
]


@pytest.mark.parametrize("form", FORMS)
def test_unicode_spaces_are_not_white_space(form):
    wrong = _differences([form], _UNICODE_SPACES)
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


def test_unicode_spaces_are_name_characters():
    wrong = _differences(_NAME_FORMS, _UNICODE_SPACES)
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)


def test_the_lexer_knows_every_unicode_space():
    spaces = [chr(c) for c in range(0x80, 0x110000) if chr(c).isspace()]
    pattern = re.compile(f"[{lexer.UNICODE_SPACES}]")
    assert spaces and [c for c in spaces if not pattern.match(c)] == []
