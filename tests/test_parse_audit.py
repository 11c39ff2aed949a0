"""Nothing accepted and ignored: the parse audit (rowandb/sql/parse/audit.py) checked two ways.

1. Differentially. Every statement of tests/parse_audit_cases.py runs on a fresh copy of
   one schema in RowanDB and in SQLite (apsw). Where SQLite rejects it, RowanDB must too,
   with the same error class and message; where SQLite accepts it, RowanDB must give the
   same rows and leave the same tables -- or refuse it with NotSupportedError naming a
   feature it has not built yet.
2. By instrumenting the tree. sqlglot is imported without its compiled extension (in a
   subprocess, tests/parse_audit_probe.py), every node's argument dict records which keys
   are read, and each statement RowanDB accepts is bound. Every argument that is set must
   have been read by a binder: an argument nobody reads is a clause ignored.
"""

from __future__ import annotations

import re

import json
import subprocess
import sys
from pathlib import Path

import apsw
import pytest

import rowandb
from rowandb import errors
from parse_audit_cases import FOREIGN, KNOWN_GAPS, NOT_BUILT, ODD_PLACES, SCHEMA, SQLITE, TABLES

_APSW_CLASSES = [
    (apsw.ConstraintError, errors.IntegrityError),
    (apsw.MismatchError, errors.IntegrityError),
    (apsw.TooBigError, errors.DataError),
    (apsw.BindingsError, errors.ProgrammingError),
    (apsw.Error, errors.OperationalError),
]


def _params(sql: str):
    """NULL for every parameter of the statement: by name where it names them."""
    from rowandb.sql.parse.lexer import sqlglot_text, tokenize
    try:
        layout = sqlglot_text(sql, tokenize(sql))[1]
    except errors.Error:
        return ()
    if any(layout.names):
        return {name: None for name in layout.names if name}
    return (None,) * layout.count


_PEP_249 = (errors.NotSupportedError, errors.ProgrammingError, errors.InternalError,
            errors.IntegrityError, errors.OperationalError, errors.DataError,
            errors.DatabaseError, errors.InterfaceError, errors.Error)


def _pep_249_class(error: Exception) -> str:
    return next(c.__name__ for c in _PEP_249 if isinstance(error, c))


def _sqlite(sql: str):
    db = apsw.Connection(":memory:")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(SCHEMA)
    try:
        rows = db.execute(sql, _params(sql)).fetchall()
    except apsw.Error as error:
        cls = next(c for a, c in _APSW_CLASSES if isinstance(error, a))
        return ("error", cls.__name__, str(error)), None
    return ("ok", rows), _tables(db.execute)


def _rowandb(sql: str):
    con = rowandb.connect(":memory:", isolation_level=None)
    for statement in SCHEMA.strip().split(";\n"):
        if statement.strip():
            con.execute(statement)
    try:
        cur = con.execute(sql, _params(sql))
        rows = cur.fetchall() if cur.description else []
    except errors.Error as error:
        message = str(error).split(" (line ")[0]
        return ("error", _pep_249_class(error), message), None
    return ("ok", rows), _tables(con.execute)


def _tables(execute) -> dict:
    out = {}
    for name in TABLES:
        try:
            out[name] = sorted(map(repr, execute(f"SELECT * FROM {name}").fetchall()))
        except Exception:               # noqa: BLE001 - a dropped table
            out[name] = None
    return out


def _same_rows(sql: str, mine, theirs) -> bool:
    """Compared in order only under a statement's own ORDER BY: one inside parentheses (a
    window's, a subquery's) orders nothing of the result."""
    top = sql.upper()
    while re.search(r"\([^()]*\)", top):
        top = re.sub(r"\([^()]*\)", "", top)
    if "ORDER BY" in top:
        return [tuple(map(repr, r)) for r in mine] == [tuple(map(repr, r)) for r in theirs]
    return sorted(map(repr, mine)) == sorted(map(repr, theirs))


def _verdict(sql: str) -> str | None:
    """None when RowanDB answers as the audit demands, else what is wrong."""
    theirs, their_tables = _sqlite(sql)
    mine, my_tables = _rowandb(sql)
    if mine[0] == "error" and mine[1] == "NotSupportedError":
        if theirs[0] == "ok" and any(f.lower() in mine[2].lower() for f in NOT_BUILT):
            return None
        return f"refused ({mine[2]}) where SQLite says {theirs}"
    if theirs[0] == "error":
        if mine[0] != "error":
            return f"accepted, SQLite says {theirs[1]}: {theirs[2]}"
        if mine[1:] != theirs[1:]:
            return f"{mine[1]}: {mine[2]} where SQLite says {theirs[1]}: {theirs[2]}"
        return None
    if mine[0] == "error":
        return f"{mine[1]}: {mine[2]} where SQLite answers {theirs[1]!r}"
    if not _same_rows(sql, mine[1], theirs[1]):
        return f"rows {mine[1]!r} where SQLite gives {theirs[1]!r}"
    if my_tables != their_tables:
        return f"tables {my_tables} where SQLite leaves {their_tables}"
    return None


@pytest.mark.parametrize("sql", [s for s in FOREIGN if s not in KNOWN_GAPS])
def test_foreign_syntax_is_rejected_as_sqlite_rejects_it(sql):
    assert _verdict(sql) is None, _verdict(sql)


@pytest.mark.parametrize("sql", [s for s in SQLITE + ODD_PLACES if s not in KNOWN_GAPS])
def test_sqlite_syntax_gets_sqlites_answer_or_names_the_missing_feature(sql):
    assert _verdict(sql) is None, _verdict(sql)


def test_known_gaps_are_still_gaps():
    """A gap that closed must leave KNOWN_GAPS, so the list cannot hide a fixed case (one
    test over the list, which may be empty: none is known today)."""
    for sql in sorted(KNOWN_GAPS):
        assert sql in SQLITE + ODD_PLACES + FOREIGN
        assert _verdict(sql) is not None, f"fixed: remove it from KNOWN_GAPS ({KNOWN_GAPS[sql]})"


def test_every_foreign_statement_is_an_error_in_sqlite():
    """Guards the list: a statement SQLite accepts belongs in SQLITE, not FOREIGN."""
    accepted = [sql for sql in FOREIGN if _sqlite(sql)[0][0] == "ok"]
    assert accepted == []


# -- every argument read -----------------------------------------------------------------------
PROBE = Path(__file__).with_name("parse_audit_probe.py")


@pytest.fixture(scope="module")
def unread_arguments() -> dict:
    result = subprocess.run([sys.executable, str(PROBE)], input=json.dumps(SQLITE + FOREIGN),
                            capture_output=True, text=True, timeout=600,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def test_every_argument_of_an_accepted_statement_is_read_by_a_binder(unread_arguments):
    assert unread_arguments["bound"] >= 150, "the probe should bind most statements"
    assert unread_arguments["pure_python"], "the probe must run sqlglot without sqlglotc"
    assert {sql: args for sql, args in unread_arguments["unread"].items()
            if sql not in KNOWN_GAPS} == {}


def test_the_probe_notices_an_argument_nobody_reads():
    """A clause the binder skips is reported: simulate one by hiding Select.where from
    the binder (it reads a copy of the tree without it)."""
    result = subprocess.run([sys.executable, str(PROBE), "--hide", "Select.where"],
                            input=json.dumps(["SELECT a FROM t WHERE a > 1"]),
                            capture_output=True, text=True, timeout=600,
                            cwd=Path(__file__).resolve().parents[1])
    assert result.returncode == 0, result.stderr[-3000:]
    unread = json.loads(result.stdout)["unread"]
    assert list(unread) == ["SELECT a FROM t WHERE a > 1"]
    assert "Select.where" in unread["SELECT a FROM t WHERE a > 1"]
