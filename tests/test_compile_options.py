"""PRAGMA compile_options, sqlite_compileoption_used() and sqlite_compileoption_get():
every option RowanDB names is true of the engine (each is checked against what the engine
does, or against the constant that enforces it), and the functions read the same list with
SQLite's matching rules."""

from __future__ import annotations

import re

import pytest

import rowandb
from oracle import outcomes
from rowandb.planner.exec import fkeys, triggers
from rowandb.planner.functions.compile_options import OPTIONS
from rowandb.planner.types import patterns, values
from rowandb.sql.parse import limits
from rowandb.storage import durable


def _one(sql: str):
    return rowandb.connect(":memory:").execute(sql).fetchone()[0]


def _fails(sql: str, message: str) -> bool:
    with pytest.raises(rowandb.Error, match=re.escape(message)):
        rowandb.connect(":memory:").execute(sql)
    return True


# option -> a check that the engine does what it says
CHECKS = {
    "DEFAULT_FOREIGN_KEYS=1": lambda: _one("PRAGMA foreign_keys") == 1,
    "DEFAULT_SYNCHRONOUS=2": lambda: _one("PRAGMA synchronous") == 2,
    "DEFAULT_WAL_AUTOCHECKPOINT=1000": lambda: _one("PRAGMA wal_autocheckpoint") == 1000
    and durable.DEFAULT_AUTOCHECKPOINT == 1000,
    "DEFAULT_WORKER_THREADS=0": lambda: _one("PRAGMA threads") == 0,
    "ENABLE_MATH_FUNCTIONS": lambda: _one("SELECT pow(2, 10)") == 1024.0,
    "ENABLE_PERCENTILE": lambda: _one("SELECT percentile(1, 50)") == 1.0,
    "LIKE_DOESNT_MATCH_BLOBS": lambda: _one("SELECT x'61' LIKE 'a'") == 0,
    "MAX_COLUMN=2000": lambda: limits.MAX_COLUMN == 2000,
    "MAX_COMPOUND_SELECT=500": lambda: limits.MAX_COMPOUND_SELECT == 500,
    "MAX_EXPR_DEPTH=1000": lambda: limits.MAX_EXPR_DEPTH == 1000,
    "MAX_FUNCTION_ARG=1000": lambda: limits.MAX_FUNCTION_ARG == 1000,
    "MAX_LENGTH=1000000000": lambda: values.MAX_LENGTH == 1_000_000_000,
    "MAX_LIKE_PATTERN_LENGTH=50000": lambda: patterns._MAX_PATTERN_BYTES == 50000,
    "MAX_TRIGGER_DEPTH=1000": lambda: triggers.MAX_DEPTH == fkeys.MAX_DEPTH == 1000,
    "MAX_VARIABLE_NUMBER=32766": lambda: _fails("SELECT ?32767", "between ?1 and ?32766"),
    "MAX_WORKER_THREADS=8": lambda: _one("PRAGMA threads = 100") == 8,
    "OMIT_LOAD_EXTENSION": lambda: _fails("SELECT load_extension('x')", "load_extension")
    and not hasattr(rowandb.connect(":memory:"), "enable_load_extension"),
    "THREADSAFE=2": lambda: rowandb.threadsafety == 1,      # as Python's sqlite3 maps it
}


def test_the_list_is_sorted_and_every_option_is_checked():
    assert list(OPTIONS) == sorted(OPTIONS)
    assert set(CHECKS) == set(OPTIONS)


@pytest.mark.parametrize("option", OPTIONS)
def test_every_option_is_true_of_the_engine(option):
    assert CHECKS[option]()


def test_the_functions_read_the_list_as_sqlite_reads_its_own():
    conn = rowandb.connect(":memory:")
    assert [conn.execute("SELECT sqlite_compileoption_get(?)", (i,)).fetchone()[0]
            for i in range(len(OPTIONS) + 1)] == list(OPTIONS) + [None]
    for option in OPTIONS:
        name = option.partition("=")[0]
        assert conn.execute("SELECT sqlite_compileoption_used(?), sqlite_compileoption_used(?),"
                            " sqlite_compileoption_used(?)",
                            (option, "sqlite_" + name.lower(), name[:-1])).fetchone() \
            == (1, 1, 0)


# Options SQLite's build (apsw's) and RowanDB share, and forms of the arguments: the same
# matching rules give the same answers.
SHARED = ["SELECT sqlite_compileoption_used('SQLITE_DEFAULT_SYNCHRONOUS')",
          "SELECT sqlite_compileoption_used('default_synchronous=2')",
          "SELECT sqlite_compileoption_used('DEFAULT_SYNCHRONOUS=1')",
          "SELECT sqlite_compileoption_used('DEFAULT_SYNC')",
          "SELECT sqlite_compileoption_used('max_length=1000000000')",
          "SELECT sqlite_compileoption_used('Max_Expr_Depth')",
          "SELECT sqlite_compileoption_used(1), sqlite_compileoption_used(NULL)",
          "SELECT sqlite_compileoption_used('')",
          "SELECT sqlite_compileoption_used('ENABLE_STAT4=')",
          "SELECT sqlite_compileoption_get(-1), sqlite_compileoption_get(100000)",
          "SELECT typeof(sqlite_compileoption_get(NULL)), typeof(sqlite_compileoption_get(1.7))"]


def test_shared_options_and_argument_forms_answer_as_sqlite():
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes((), SHARED) if a != b]
    assert not differences, "\n".join(differences)
