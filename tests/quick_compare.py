"""What the quick path's tests (tests/test_quick_*.py) share: the quick path's statement
bound against the full path's as plain data (``check_same``, ``bound_alike``), a
statement's outcome on either engine (``result``), the records of a sqllogictest script
(``records``), generated statements compared end to end against SQLite
(``compare_generated``), and the checks that the path declines or takes a text
(``assert_declined``, ``quick_takes``, ``recorded``), and a session after a schema
(``session_with``). One place, so that each test file holds only its statements and
what it asks of them."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import apsw
import pytest

import rowandb
from rowandb.sql.quick import quick_prepare
from rowandb.sql.session import open_session
from rowandb.sql.statement_text import parse_one
from rowandb.sql.temp_views import SessionCatalog

# the Parsed fields the quick path must give as the full path does
PARSED_FIELDS = ("kind", "text", "params", "select_texts", "nested", "with_", "upserts")


def plain(x):
    """``x`` as plain data: a bound node as its class and attributes (an attribute
    starting with ``_`` is a memo of a pure function, ``analysis.kept_any``, and left
    out), a dictionary keyed by ids (``Select.unfolded``, ``on_folds``) as its values, a
    float by its repr (-0.0 is not 0.0 here), an exception by its class and message."""
    if isinstance(x, (list, tuple)):
        return type(x).__name__, [plain(v) for v in x]
    if isinstance(x, dict):
        return "dict", [plain(v) for v in x.values()]
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return type(x).__name__, {k: plain(v) for k, v in vars(x).items()
                                  if not k.startswith("_")}
    if isinstance(x, float):
        return "float", repr(x)
    if isinstance(x, BaseException):
        return "error", type(x).__name__, str(x)
    return type(x).__name__, x


def typed(rows) -> list:
    """Rows with each value's type beside it (1 and 1.0 differ; NaN equals NaN)."""
    return [tuple((type(v).__name__, "nan" if v != v else v) for v in row) for row in rows]


def records(path: Path):
    """(kind, sql) of each record of a sqllogictest script SQLite runs."""
    for block in path.read_text().split("\n\n"):
        lines = [line for line in block.split("\n") if line and not line.startswith("#")]
        while lines and lines[0].startswith(("skipif", "onlyif")):
            head = lines.pop(0).split()
            if (head[0] == "skipif") == (head[1] == "sqlite"):
                lines = []
        if not lines or lines[0].split()[0] not in ("statement", "query"):
            continue
        body = lines[1:]
        if "----" in body:
            body = body[:body.index("----")]
        yield lines[0].split()[0], "\n".join(body)


def result(conn, sql):
    """(typed rows as reprs, column names -- None without rows: apsw has none then) or
    ("error", message)."""
    try:
        cur = conn.cursor()
        cur.execute(sql)
        try:
            names = [d[0] for d in cur.description]
        except apsw.ExecutionCompleteError:
            names = None
        rows = [repr(row) for row in typed(list(cur))]
    except (apsw.Error, rowandb.Error) as error:
        return "error", str(error)
    return rows, names if rows else None


def session_with(statements):
    """A session in memory after ``statements``, closed when done (a fixture's body:
    ``yield from session_with(...)``)."""
    session = open_session(":memory:")
    for sql in statements:
        session.execute(sql)
    yield session
    session.close()


def quick_of(session, sql: str, prepare=quick_prepare):
    """What ``prepare`` (the quick path) gives for ``sql`` with the session's catalog."""
    with session.functions.current(), session.limits.in_force():
        return prepare(sql, SessionCatalog(session.db.dictionary, session.temp))


def quick_takes(session, sql: str) -> bool:
    """Whether the quick path takes ``sql`` in ``session``."""
    return quick_of(session, sql) is not None


def bound_alike(session, sql: str, parsed, bound, fields=PARSED_FIELDS,
                full_bound=lambda bound: bound) -> None:
    """Assert the full path (sqlglot, the parse passes, the binder) binds ``sql`` to
    ``bound`` and gives ``parsed``'s ``fields``, as the quick path did; ``full_bound``
    picks the bound statement out of what the binder returns."""
    with session.functions.current(), session.limits.in_force():
        full_parsed = parse_one(sql, sql)
        try:
            full = full_bound(session._bind_parsed(full_parsed))
        except rowandb.DatabaseError as error:
            pytest.fail(f"the quick path took {sql!r}, which the full path refuses: {error}")
    assert plain(bound) == plain(full), sql
    for name in fields:
        assert getattr(parsed, name) == getattr(full_parsed, name), (sql, name)


def check_same(session, sql: str) -> bool:
    """Whether the quick path took ``sql`` with the session's catalog (asserting then
    that the full path binds it to the same query and the same Parsed fields)."""
    quick = quick_of(session, sql)
    if quick is None:
        return False
    bound_alike(session, sql, *quick)
    return True


def compare_generated(ours, theirs, statements, session=None) -> int:
    """Run each of ``statements`` the quick path takes on ``ours`` (RowanDB) and
    ``theirs`` (SQLite) and assert the same outcome: rows as a multiset (ORDER BY terms
    tie; with LIMIT, their number: which rows a tie lets through is not set), their
    types, names or the error. The number compared."""
    session = session or ours._session
    compared = 0
    for sql in statements:
        if not quick_takes(session, sql):
            continue
        compared += 1
        got, expected = result(ours, sql), result(theirs, sql)
        if got[0] != "error":
            got, expected = [(len(r[0]) if " LIMIT" in sql else sorted(r[0]), r[1])
                             for r in (got, expected)]
        assert got == expected, sql
    return compared


def assert_declined(session, statements):
    """Assert the quick path declines each of ``statements``; the session's catalog."""
    catalog = SessionCatalog(session.db.dictionary, session.temp)
    with session.functions.current(), session.limits.in_force():
        for sql in statements:
            assert quick_prepare(sql, catalog) is None, sql
    return catalog


def recorded(session) -> list:
    """The list to which ``session._quick`` now adds what it gives for each text."""
    taken, quick = [], session._quick
    session._quick = lambda statement, version: taken.append(quick(statement, version)) \
        or taken[-1]
    return taken
