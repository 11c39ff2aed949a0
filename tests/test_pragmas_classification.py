"""Every pragma SQLite has is either built or refused by name, never silently ignored.

``rowandb.sql.pragma.pragmas.PRAGMAS`` is the one table that says which. These tests hold it to
SQLite's own list (``PRAGMA pragma_list`` of the SQLite in apsw): a pragma SQLite adds
fails the first test until someone decides what RowanDB does with it. A refused pragma
raises NotSupportedError naming it in every form; a built one answers with SQLite's
columns; docs/PRAGMAS.md names each of them where it belongs.
"""

from __future__ import annotations

import pathlib
import re

import apsw
import pytest

from apsw_session import ApswSession
from rowandb.errors import NotSupportedError
from rowandb.sql.pragma.pragmas import PRAGMAS
from rowandb.sql.session import open_session

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "PRAGMAS.md"
SQLITE_PRAGMAS = sorted(row[0] for row in apsw.Connection(":memory:").execute(
    "PRAGMA pragma_list"))
BUILT = sorted(name for name, entry in PRAGMAS.items() if entry.handler and not entry.own)
REFUSED = sorted(name for name, entry in PRAGMAS.items() if entry.handler is None)
OWN = sorted(name for name, entry in PRAGMAS.items() if entry.own)
ELSEWHERE = sorted(name for name, entry in PRAGMAS.items() if entry.elsewhere)
# Pragmas whose plain reading is not the same in both: what they list is what each engine
# is made of (tests/test_pragmas.py checks them), or SQLite lists in hash order, or the
# size of each engine's files (page_count: tests/test_vacuum.py).
_OWN_CONTENT = {"compile_options", "module_list", "pragma_list", "table_list",
                "function_list", "page_count"}   # function_list: test_function_list.py


def test_every_sqlite_pragma_is_built_or_refused():
    assert sorted(BUILT + REFUSED) == sorted(SQLITE_PRAGMAS + ELSEWHERE)


def test_pragmas_of_other_sqlite_builds_are_refused_though_apsws_sqlite_lacks_them():
    """default_cache_size (builds without SQLITE_OMIT_DEPRECATED), data_store_directory
    (Windows) and lock_proxy_file (macOS) act in those builds of SQLite 3.54; the one in
    apsw answers nothing. Answering nothing here would accept and ignore them."""
    assert ELSEWHERE == ["data_store_directory", "default_cache_size", "lock_proxy_file"]
    assert not set(ELSEWHERE) & set(SQLITE_PRAGMAS)
    theirs = apsw.Connection(":memory:")
    for name in ELSEWHERE:
        assert PRAGMAS[name].handler is None
        assert theirs.execute(f"PRAGMA {name}").fetchall() == []


def test_rowandbs_own_pragmas_are_not_sqlites():
    assert OWN == ["dictionary_stats", "file_cache_size", "storage_stats"]
    assert not set(OWN) & set(SQLITE_PRAGMAS)


def test_every_refused_pragma_has_a_reason():
    for name in REFUSED:
        assert len(PRAGMAS[name].note) > 10, name


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_pragma_is_refused_in_every_form(name):
    session = open_session(":memory:")
    for form in (f"PRAGMA {name}", f"PRAGMA {name} = 1", f"PRAGMA {name}(1)",
                 f"PRAGMA main.{name}", f"PRAGMA main.{name} = 0", f"PRAGMA {name.upper()}",
                 f"PRAGMA \"{name}\"('x')"):
        with pytest.raises(NotSupportedError, match=rf"^PRAGMA {name} is not supported$"):
            session.execute(form)


@pytest.mark.parametrize("name", BUILT)
def test_a_built_pragma_answers_with_sqlites_columns(name):
    mine, theirs = open_session(":memory:"), ApswSession({})
    for sql in ("CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE)", "CREATE INDEX i ON t(b)"):
        mine.execute(sql)
        theirs.execute(sql)
    for form in (f"PRAGMA {name}", f"PRAGMA main.{name}"):
        a, b = mine.execute(form), theirs.execute(form)
        assert a.columns == b.columns, form
        if name not in _OWN_CONTENT:
            assert a.rows == b.rows, form


def test_an_unknown_pragma_returns_nothing_as_in_sqlite():
    session = open_session(":memory:")
    for form in ("PRAGMA no_such_pragma", "PRAGMA no_such_pragma = 1", "PRAGMA main.nosuch(x)",
                 "PRAGMA vdbe_trace", "PRAGMA main.stats"):   # SQLITE_DEBUG builds only
        result = session.execute(form)
        assert result.columns is None and result.rows == []


def test_docs_list_every_pragma_where_it_belongs():
    """docs/PRAGMAS.md has one table per kind, each row the pragma and what the table in
    the code says of it, word for word."""
    text = DOCS.read_text()
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, re.M | re.S))
    rows = {title: dict(re.findall(r"^\| `(\w+)` +\| (.+?) +\|$", body, re.M))
            for title, body in sections.items()}
    for title, names in (("Built", BUILT), ("Refused", REFUSED), ("RowanDB's own", OWN)):
        assert rows[title] == {name: PRAGMAS[name].note for name in names}, title
