"""White space is what SQLite's tokenizer takes as white space, against SQLite (apsw).

tokenize.c opens a run of white space only at a space, tab, line feed, form feed or
carriage return, and goes on over those and the vertical tab (sqlite3Isspace): so
``SELECT 1 \\v`` is white space, ``SELECT 1\\v`` an unrecognized token, and the other
control characters (0x01-0x08, 0x0e-0x1f, 0x7f) are unrecognized tokens anywhere.
Python's ``\\s``, which the lexer used, took all of these as white space. Each ASCII
character is put around a DROP VIEW's words (read without sqlglot when it is plain:
sql/parse/drop_view.py) and a SELECT's, alone and after white space; the outcome (rows or
error) must be SQLite's. Left out, open (docs/SQL.md): Unicode spaces, which SQLite reads
as characters of a name and sqlglot as white space (``SELECT a FROM t\\u3000`` is 'no such
table: t\\u3000' in SQLite), and ``#``, which opens a parameter in SQLite.
"""

from __future__ import annotations

import re

import apsw
import pytest

import rowandb

# every ASCII character but those that open a token of their own kind (a string, a
# quoted name, a comment, a statement's end, a parameter: '#' is one in SQLite, not here)
_CHARS = [chr(c) for c in range(1, 0x80) if chr(c) not in ";\"'`[-/#?:@$"]
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


@pytest.mark.parametrize("form", FORMS)
def test_white_space_is_sqlite_s(form):
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for db in (mine, theirs):
        db.execute("CREATE TABLE t(a)")
    wrong = []
    for char in _CHARS:
        sql = form.format(c=char)
        expected, got = _theirs(theirs, sql), _mine(mine, sql)
        if expected != got:
            wrong.append(f"{sql!r}\n   SQLite  {expected}\n   RowanDB {got}")
    assert not wrong, f"{len(wrong)} differ:\n" + "\n".join(wrong)
