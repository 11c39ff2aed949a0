"""Byte-exact differential comparison of RowanDB with SQLite (apsw), for table-driven tests.

``outcomes(setup, queries)`` runs the same statements on a fresh RowanDB session and a fresh
SQLite connection (through ``apsw_session.ApswSession``) and returns what each query gave,
in a form where two outcomes are equal only if SQLite would call them identical:

- a value is its storage class plus its exact contents: ``-0.0`` differs from ``0.0``, and
  text is compared as the UTF-8 bytes SQLite keeps (RowanDB keeps bytes that are not valid
  UTF-8 as surrogate escapes; apsw cannot hand such text to Python -- its
  UnicodeDecodeError is recorded like any exception -- so tests look at it through hex());
- an error is its PEP 249 class and SQLite's message (RowanDB's ``(line N, column M)``
  suffix of syntax errors is left out, as in the golden tests).

Any other exception — a Python exception escaping the engine — is recorded as such, so it
never equals SQLite's outcome.
"""

from __future__ import annotations

import re

import apsw
from apsw_session import ApswSession
from rowandb.errors import Error
from rowandb.sql.session import open_session

_POSITION = re.compile(r" \(line \d+, column \d+\)$")


def exact(value):
    """A value with its storage class, comparable bit for bit."""
    if isinstance(value, float):
        return ("real", value.hex())
    if isinstance(value, str):
        return ("text", value.encode("utf-8", "surrogateescape"))
    if isinstance(value, (bytes, bytearray)):
        return ("blob", bytes(value))
    if value is None:
        return ("null",)
    return ("integer", value)


def error_class(error: Exception) -> str:
    for cls in type(error).__mro__:
        if cls.__module__ == "rowandb.errors" and cls.__name__ != "ConflictError":
            return cls.__name__
    return type(error).__name__


def run(session, sql: str, params: tuple = (), columns: bool = False):
    """('ok', rows) or ('error', PEP 249 class, message) or ('python', exception name);
    with ``columns``, ('ok', rows, the result's column names)."""
    try:
        result = session.execute(sql, params)
    except Error as error:
        return ("error", error_class(error), _POSITION.sub("", str(error)))
    except Exception as error:                   # noqa: BLE001 - that is the bug we report
        return ("python", type(error).__name__, str(error)[:200])
    rows = [tuple(exact(v) for v in row) for row in result.rows]
    return ("ok", rows, result.columns) if columns else ("ok", rows)


def step_outcomes(sqlite, rowan, step: str) -> list:
    """``step`` run on an apsw connection and a RowanDB DB-API connection: for each, "ok"
    or its error's message (without RowanDB's position suffix)."""
    found = []
    for execute in (lambda s: list(sqlite.execute(s)), rowan.execute):
        try:
            execute(step)
            found.append("ok")
        except (apsw.Error, Error) as error:
            found.append(_POSITION.sub("", str(error)))
    return found


def pair(setup=()):
    """A fresh (RowanDB, SQLite) pair with ``setup`` run on both (it must succeed)."""
    sessions = open_session(":memory:"), ApswSession({})
    for sql in setup:
        for session in sessions:
            outcome = run(session, sql)
            assert outcome[0] == "ok", f"setup {sql!r} failed: {outcome}"
    return sessions


def connections(setup=()):
    """A fresh (RowanDB DB-API connection in autocommit, apsw Connection) pair with
    ``setup`` run on both, for tests that read plans or call the engines directly."""
    import apsw
    import rowandb
    mine, theirs = rowandb.connect(":memory:", isolation_level=None), apsw.Connection(":memory:")
    for sql in setup:
        mine.execute(sql)
        theirs.execute(sql)
    return mine, theirs


def counted_connections(setup=()):
    """``connections`` with ``cnt(x)`` on both engines: a volatile function answering
    1, 2, 3, ... per call on each, whose ``counts["rowandb"]`` and ``counts["sqlite"]``
    say how often each engine called it. ``setup`` runs after it is registered."""
    mine, theirs = connections()
    counts = {"sqlite": 0, "rowandb": 0}

    def counter(engine):
        def cnt(_value):
            counts[engine] += 1
            return counts[engine]
        return cnt

    mine.create_function("cnt", 1, counter("rowandb"))
    theirs.create_scalar_function("cnt", counter("sqlite"), 1)
    for sql in setup:
        mine.execute(sql)
        theirs.execute(sql)
    return mine, theirs, counts


def counted_runs(setup, sql: str, after: str | None = None):
    """((rows, calls), (rows, calls)) of RowanDB and of SQLite for ``sql`` run on fresh
    ``counted_connections(setup)``: its rows, or ``after``'s when given (a write's
    effect), and how often each engine called ``cnt``."""
    mine, theirs, counts = counted_connections(setup)
    cursor, theirs_rows = mine.execute(sql), list(theirs.execute(sql))
    if after is None:
        mine_rows = [tuple(r) for r in cursor.fetchall()]
    else:
        mine_rows = [tuple(r) for r in mine.execute(after).fetchall()]
        theirs_rows = list(theirs.execute(after))
    return (mine_rows, counts["rowandb"]), (theirs_rows, counts["sqlite"])


def outcomes(setup, queries, params: tuple = (), columns: bool = False):
    """[(sql, RowanDB's outcome, SQLite's outcome)] for each query, run in order."""
    mine, theirs = pair(setup)
    return [(sql, run(mine, sql, params, columns), run(theirs, sql, params, columns))
            for sql in queries]


def assert_same(setup, queries, params: tuple = (), columns: bool = False) -> None:
    """Every query gives SQLite's outcome (and, with ``columns``, its column names); the
    failure message lists every difference."""
    differences = [f"{sql}\n  rowandb: {a}\n  sqlite:  {b}"
                   for sql, a, b in outcomes(setup, queries, params, columns) if a != b]
    assert not differences, "\n".join(differences)


def plan_and_rows(connection, sql: str, sort_plan: bool = False):
    """A query's SCAN and SEARCH lines of EXPLAIN QUERY PLAN (sorted, ``sort_plan``, where
    the loops' order is not what is asked) and its rows by ``exact``, or ("error",
    message)."""
    try:
        plan = [row[3] for row in connection.execute("EXPLAIN QUERY PLAN " + sql)
                if re.match(r"(SCAN|SEARCH) ", row[3])]
        rows = [tuple(exact(v) for v in row) for row in connection.execute(sql).fetchall()]
        return (sorted(plan) if sort_plan else plan), rows
    except Exception as error:      # noqa: BLE001 - the error is the outcome compared
        return "error", str(error)


def plan_differences(setup, queries, sort_plan: bool = False) -> list[str]:
    """Each of ``queries`` whose plan lines or rows (``plan_and_rows``) differ between
    RowanDB and SQLite after ``setup``, with both outcomes."""
    mine, theirs = connections(setup)
    wrong = []
    for sql in queries:
        got = plan_and_rows(mine, sql, sort_plan)
        expected = plan_and_rows(theirs.cursor(), sql, sort_plan)
        if got != expected:
            wrong.append(f"{sql}\n  rowandb: {got}\n  sqlite:  {expected}")
    return wrong


def print_differences(case, seed: int, cases: int, sort_plan: bool = False) -> None:
    """Print each generated case's queries that differ (``case(seed)`` gives the setup
    and the queries, for seeds ``seed`` .. ``seed + cases - 1``) and their count: a test
    file's generator run as a script."""
    failing = total = 0
    for n in range(cases):
        setup, queries = case(seed + n)
        wrong = plan_differences(setup, queries, sort_plan)
        total += len(queries)
        failing += len(wrong)
        if wrong:
            print("\n".join(setup + wrong))
    print(f"{failing} of {total} differ")
