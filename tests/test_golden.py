"""Golden scripts: SQL files under tests/golden/ whose transcripts are kept next to them.

In the manner of toydb's goldenscript tests, each ``tests/golden/<name>.sql`` is a sequence
of SQL statements run one by one through a fresh RowanDB session. Every statement is written
to a transcript with its outcome — the result columns and rows (each value shown with its
storage class: ``1``, ``1.0``, ``'1'``, ``x'01'``, ``NULL``), the number of rows a write
changed, or the error class and message — and the transcript must equal
``tests/golden/<name>.expected``. Set ``ROWANDB_UPDATE_GOLDEN=1`` to rewrite the .expected
files from the engine, then read the diff before keeping it.

Markers (comment lines directly above a statement):

- ``-- plan``: also print the statement's ``EXPLAIN QUERY PLAN`` as an indented tree;
- ``-- rowandb-only``: the statement has no SQLite counterpart (SYS_* tables, plans of
  RowanDB's own, features RowanDB refuses), so the SQLite cross-check skips it.

Other comment lines are copied into the transcript as headings.

A golden file must state SQLite's behaviour, not whatever the engine did: the second test
runs every script through SQLite (apsw) and demands the same transcript, minus plans and
``rowandb-only`` statements. Rows of a query without ORDER BY are compared as multisets, and
the ``(line N, column M)`` position RowanDB adds to syntax errors is not compared.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import apsw
import pytest

from apsw_session import ApswSession
from rowandb.sql.session import open_session

GOLDEN_DIR = Path(__file__).parent / "golden"
SCRIPTS = sorted(GOLDEN_DIR.glob("*.sql"))
UPDATE = os.environ.get("ROWANDB_UPDATE_GOLDEN") == "1"
_POSITION = re.compile(r" \(line \d+, column \d+\)$")


@dataclass
class Step:
    """One item of a golden script: a heading comment, or a statement with its markers."""
    sql: str = ""
    comment: str = ""
    plan: bool = False
    rowandb_only: bool = False


def read_script(path: Path) -> list[Step]:
    """Split a golden script into steps; SQLite's own ``complete()`` ends a statement."""
    steps: list[Step] = []
    pending = Step()
    buffer: list[str] = []
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not buffer and (not stripped or stripped.startswith("--")):
            marker = stripped[2:].strip().lower()
            if marker == "plan":
                pending.plan = True
            elif marker == "rowandb-only":
                pending.rowandb_only = True
            elif stripped:
                steps.append(Step(comment=stripped))
            continue
        buffer.append(line)
        text = "\n".join(buffer)
        if apsw.complete(text):
            pending.sql = text.strip().rstrip(";").strip()
            steps.append(pending)
            pending, buffer = Step(), []
    if buffer:
        raise ValueError(f"{path.name}: unterminated statement {' '.join(buffer)!r}")
    return steps


def show_value(value) -> str:
    """A value with its storage class visible."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, bytes):
        return "x'" + value.hex() + "'"
    return repr(value)


@dataclass
class Outcome:
    """What one statement printed: its lines, and whether its rows have a defined order."""
    lines: list[str] = field(default_factory=list)
    rows_start: int = 0
    ordered: bool = True


def run_statement(session, step: Step, with_plan: bool) -> Outcome:
    out = Outcome(lines=["> " + line for line in step.sql.splitlines()])
    if step.plan and with_plan:
        out.lines.append("plan:")
        out.lines += ["  " + line for line in plan_tree(session, step.sql)]
    try:
        result = session.execute(step.sql, ())
    except Exception as error:          # every engine error is part of the transcript
        message = _POSITION.sub("", str(error)) if not with_plan else str(error)
        out.lines.append(f"error {error_class(error)}: {message}")
        return out
    if result.columns is not None:
        out.lines.append("columns: " + ", ".join(result.columns))
        out.rows_start = len(out.lines)
        out.lines += [", ".join(show_value(v) for v in row) for row in result.rows]
        out.ordered = len(result.rows) < 2 or "ORDER BY" in step.sql.upper()
    elif result.rowcount >= 0:
        out.lines.append(f"ok, {result.rowcount} changed")
    else:
        out.lines.append("ok")
    return out


_PEP_249 = {"Warning", "Error", "InterfaceError", "DatabaseError", "DataError",
            "OperationalError", "IntegrityError", "InternalError", "ProgrammingError",
            "NotSupportedError"}


def error_class(error: Exception) -> str:
    """The PEP 249 class an error belongs to (engine-internal subclasses are not shown)."""
    for cls in type(error).__mro__:
        if cls.__name__ in _PEP_249:
            return cls.__name__
    return type(error).__name__


def plan_tree(session, sql: str) -> list[str]:
    """EXPLAIN QUERY PLAN rows (id, parent, notused, detail) drawn as an indented tree."""
    try:
        rows = session.execute("EXPLAIN QUERY PLAN " + sql, ()).rows
    except Exception as error:
        return [f"error {type(error).__name__}: {error}"]
    depth = {0: -1}
    lines = []
    for node_id, parent, _, detail in rows:
        depth[node_id] = depth[parent] + 1
        lines.append("  " * depth[node_id] + detail)
    return lines


def transcript(path: Path, session, engine: str) -> str:
    """The transcript of one script; ``engine='sqlite'`` leaves out what SQLite cannot say
    and puts unordered rows in a canonical order, for the cross-check."""
    with_plan = engine == "rowandb"
    lines: list[str] = []
    for step in read_script(path):
        if step.comment:
            lines.append(step.comment)
            continue
        if step.rowandb_only and not with_plan:
            continue
        out = run_statement(session, step, with_plan)
        if not with_plan and not out.ordered:
            out.lines[out.rows_start:] = sorted(out.lines[out.rows_start:])
        lines += out.lines
    return "\n".join(lines) + "\n"


def for_sqlite(expected: str, path: Path) -> str:
    """The .expected transcript as the SQLite cross-check sees it."""
    steps = iter([s for s in read_script(path) if not s.comment])
    kept: list[str] = []
    for block in _blocks(expected):
        if not block[0].startswith("> "):
            kept += block
            continue
        step = next(steps)
        if step.rowandb_only:
            continue
        sql = [line for line in block if line.startswith("> ")]
        rest = _without_plan(block[len(sql):])
        rest = [_POSITION.sub("", line) if line.startswith("error ") else line for line in rest]
        if "ORDER BY" not in step.sql.upper() and rest and rest[0].startswith("columns: "):
            rest = rest[:1] + sorted(rest[1:])
        kept += sql + rest
    return "\n".join(kept) + "\n"


def _blocks(text: str) -> list[list[str]]:
    """Transcript lines grouped per statement (its '> ' lines and what follows) or heading."""
    blocks: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        starts = (line.startswith("> ") and not previous.startswith("> ")) \
            or line.startswith("--")
        if starts or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
        previous = line
    return blocks


def _without_plan(lines: list[str]) -> list[str]:
    if not lines or lines[0] != "plan:":
        return lines
    rest = lines[1:]
    while rest and rest[0].startswith("  "):
        rest = rest[1:]
    return rest


def _assert_same_text(actual: str, expected: str, what: str) -> None:
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                              "expected", what, lineterm=""))
        pytest.fail(f"{what} differs from the golden transcript:\n{diff}")


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_golden_script(path: Path):
    session = open_session(":memory:")
    actual = transcript(path, session, "rowandb")
    expected_path = path.with_suffix(".expected")
    if UPDATE:
        expected_path.write_text(actual)
        return
    assert expected_path.exists(), f"run with ROWANDB_UPDATE_GOLDEN=1 to create {expected_path}"
    _assert_same_text(actual, expected_path.read_text(), "rowandb")


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_golden_transcript_states_sqlites_behaviour(path: Path):
    expected_path = path.with_suffix(".expected")
    if not expected_path.exists():
        pytest.fail(f"{expected_path.name} is missing")
    sqlite_session = ApswSession({})
    actual = transcript(path, sqlite_session, "sqlite")
    _assert_same_text(actual, for_sqlite(expected_path.read_text(), path), "sqlite")


def test_scripts_exist_and_parse():
    assert len(SCRIPTS) >= 5
    for path in SCRIPTS:
        steps = read_script(path)
        assert any(s.sql for s in steps), path.name
