"""docs/SQL.md's reference table stays true: every row's example runs, on a fresh database
in RowanDB and in SQLite. A **supported** row gives SQLite's outcome for every statement of
its example (rows, or the error's class and message); a **differs** row runs without error;
a **refused** row raises NotSupportedError. Every pragma of pragmas.PRAGMAS (but RowanDB's
own) has its row, and a pragma's status agrees with the table in the code."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from apsw_session import ApswSession
from oracle import run
from rowandb.errors import NotSupportedError
from rowandb.sql.parse.lexer import split_statements
from rowandb.sql.pragma.pragmas import PRAGMAS
from rowandb.sql.session import open_session

DOC = Path(__file__).resolve().parent.parent / "docs" / "SQL.md"
SETUP = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL)",
         "CREATE TABLE u(x INTEGER PRIMARY KEY, y INTEGER REFERENCES t(a))",
         "CREATE INDEX tb ON t(b)", "CREATE VIEW v AS SELECT a, b FROM t",
         "INSERT INTO t VALUES (1, 'one', 1.5), (2, 'two', 2.5), (3, 'three', NULL)",
         "INSERT INTO u VALUES (10, 1), (20, 2)"]
STATUSES = ("supported", "differs", "refused")


def _cells(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [cell.strip().replace("\\|", "|") for cell in cells]


def reference_table() -> list[tuple[str, str, str, str]]:
    """(feature, status, example SQL, notes) of every row of the table."""
    text = DOC.read_text(encoding="utf-8")
    body = text.split("<!-- reference table -->")[1].split("<!-- end of reference table -->")[0]
    rows = []
    for line in body.strip().splitlines()[2:]:
        feature, status, example, notes = _cells(line)
        assert example.startswith("`") and example.endswith("`"), line
        rows.append((feature, status, example[1:-1], notes))
    return rows


def reference_rows() -> list[tuple[str, str, str]]:
    """(feature, status, example SQL) of every row of the table."""
    return [row[:3] for row in reference_table()]


ROWS = reference_rows()


def _params(sql: str) -> tuple:
    return (7,) if "?1" in sql else ()


def _outcomes(session, statements) -> list:
    return [run(session, sql, _params(sql)) for sql in statements]


def test_the_table_is_well_formed():
    features = [feature for feature, _, _ in ROWS]
    assert len(features) == len(set(features)), "a feature listed twice"
    assert {status for _, status, _ in ROWS} <= set(STATUSES)


def test_every_pragma_has_its_row_with_the_status_of_the_code():
    pragma_rows = {f.removeprefix("PRAGMA "): status for f, status, _ in ROWS
                   if f.startswith("PRAGMA ") and " " not in f.removeprefix("PRAGMA ")}
    expected = {name for name, entry in PRAGMAS.items() if not entry.own}
    assert set(pragma_rows) == expected
    for name, status in pragma_rows.items():
        assert (status == "refused") == (PRAGMAS[name].handler is None), name


@pytest.mark.parametrize("feature,status,example", ROWS, ids=[r[0] for r in ROWS])
def test_every_row_s_example_behaves_as_its_status_says(feature, status, example, tmp_path,
                                                        monkeypatch):
    statements = split_statements(example)
    mine, theirs = open_session(":memory:"), ApswSession({})
    for sql in SETUP:
        assert run(mine, sql)[0] == "ok" and run(theirs, sql)[0] == "ok"
    (tmp_path / "rowandb").mkdir()
    (tmp_path / "sqlite").mkdir()
    monkeypatch.chdir(tmp_path / "rowandb")      # VACUUM INTO writes next to each engine
    got = _outcomes(mine, statements)
    if status == "refused":
        assert any(o[:2] == ("error", NotSupportedError.__name__) for o in got), got
        return
    if status == "differs":
        assert all(o[0] == "ok" for o in got), got
        return
    monkeypatch.chdir(tmp_path / "sqlite")
    expected = _outcomes(theirs, statements)
    assert got == expected
    assert os.getcwd()
