"""PRAGMA function_list against SQLite's (apsw), and docs/SQL.md's function tables.

Every (name, argument count) SQLite 3.54 lists is either answered by RowanDB with SQLite's
very row (builtin, type, encoding, narg encoding, flags) -- and then
``test_function_names.py`` calls it against SQLite -- or listed in docs/SQL.md as absent,
with the argument counts SQLite has. Nothing RowanDB lists is unknown to SQLite except its
own ``rowandb_version()``. The docs' function table is the one the registry generates.
"""

from __future__ import annotations

import re
from pathlib import Path

import apsw
import pytest

import rowandb
from rowandb.errors import NotSupportedError
from rowandb.planner.functions import listing
from test_function_names import BUILD_SPECIFIC, SUPPORTED

SQL_DOC = Path(__file__).resolve().parents[1] / "docs" / "SQL.md"
SQLITE_ROWS = set(apsw.Connection(":memory:").execute("PRAGMA function_list").fetchall())
OWN = {"rowandb_version"}


def _rowandb_rows() -> set:
    cur = rowandb.connect(":memory:").cursor()
    cur.execute("PRAGMA function_list")
    assert [d[0] for d in cur.description] == list(listing.COLUMNS)
    return {tuple(r) for r in cur.fetchall()}


def _absent() -> dict:
    """{name: argument-count text} of docs/SQL.md's tables of absent functions."""
    text = SQL_DOC.read_text(encoding="utf-8")
    part = text[text.index("## SQLite's functions RowanDB does not have"):]
    return {m.group(1): m.group(2) for m in re.finditer(r"^\| `([^`]+)` \| ([^|]+?) \| [^|]+\|$",
                                                       part, re.M)}


def test_every_function_rowandb_lists_is_sqlites_row():
    mine = _rowandb_rows()
    assert {r for r in mine if r[0] not in OWN} <= SQLITE_ROWS, \
        sorted({r for r in mine if r[0] not in OWN} - SQLITE_ROWS)


def test_every_function_sqlite_lists_is_built_or_documented_as_absent():
    mine, absent = _rowandb_rows(), _absent()
    missing = [r for r in sorted(SQLITE_ROWS) if r not in mine and r[0] not in absent]
    assert missing == [], f"neither built nor in docs/SQL.md: {missing}"
    for name, arities in absent.items():
        nargs = sorted((r[4] for r in SQLITE_ROWS if r[0] == name), key=lambda n: (n < 0, n))
        assert nargs, f"docs/SQL.md lists {name}, which SQLite does not have"
        assert arities == ", ".join(map(listing._arity_text, nargs)), name
        assert not any(r[0] == name for r in mine), f"{name} is built: take it out of the docs"


def test_every_listed_function_is_called_against_sqlite():
    names = {r[0] for r in _rowandb_rows()} - OWN - {"->", "->>"}
    assert names <= set(SUPPORTED) | BUILD_SPECIFIC, sorted(names - set(SUPPORTED) - BUILD_SPECIFIC)


@pytest.mark.parametrize("name", sorted(n for n in _absent() if n.isidentifier()))
def test_an_absent_function_is_refused_naming_it(name):
    narg = next(r[4] for r in SQLITE_ROWS if r[0] == name)
    args = ", ".join("1" for _ in range(max(narg, 1)))
    with pytest.raises(NotSupportedError, match=re.escape(name)):
        rowandb.connect(":memory:").execute(f"SELECT {name}({args})")


def test_the_docs_table_is_the_registry_s():
    text = SQL_DOC.read_text(encoding="utf-8")
    start = text.index("<!-- function table: generated -->\n") + len("<!-- function table: generated -->\n")
    end = text.index("<!-- end of function table -->")
    assert text[start:end] == listing.markdown_table(), \
        "regenerate the table with rowandb.planner.functions.listing.markdown_table()"


def test_narg_encoding_is_sqlites():
    """-1: any number; -(k + 2): k or more (SQLite 3.54's encoding); a range: one row each."""
    assert listing._nargs("char", 0, -1) == [-1]
    assert listing._nargs("concat", 1, -1) == [-3]
    assert listing._nargs("coalesce", 2, -1) == [-4]
    assert listing._nargs("max", 2, -1) == [-3]
    assert listing._nargs("substr", 2, 3) == [2, 3]
