"""A statement a user function runs from inside a trigger's program is a program of its
own, against SQLite (apsw).

With ``recursive_triggers`` off SQLite skips a trigger only when it is already running
in the frames of the statement being run (vdbe.c, OP_Program walks its own VM's frames);
a statement a function runs on the connection has none, so its writes fire the trigger
again (``Triggers.own_program``). Each generated case -- the event (INSERT, UPDATE,
DELETE), BEFORE or AFTER, how the body calls the function (a SELECT, an INSERT ...
SELECT, a WHERE), directly or through a second table's trigger, the chain's length,
recursive_triggers off or on -- must end with SQLite's outcome and rows in t and log.
"""

from __future__ import annotations

import itertools

import apsw
import pytest

import rowandb
from rowandb.errors import Error

CALLS = {
    "select": "SELECT f({row}.a)",
    "insert_select": "INSERT INTO log SELECT -f({row}.a)",
    "where": "INSERT INTO log SELECT 100 WHERE f({row}.a) < 0",
}
EVENTS = {
    "INSERT": ("INSERT INTO t VALUES (1)", "INSERT INTO t VALUES ({x} + 1)", "new"),
    "UPDATE": ("UPDATE t SET a = a WHERE a = 1", "UPDATE t SET a = a WHERE a = {x} + 1",
               "new"),
    "DELETE": ("DELETE FROM t WHERE a = 1", "DELETE FROM t WHERE a = {x} + 1", "old"),
}


def _setup(event: str, timing: str, call: str, through: bool, recursive: bool) -> list:
    row = EVENTS[event][2]
    body = CALLS[call].format(row=row)
    steps = ["CREATE TABLE t(a)", "CREATE TABLE log(x)", "CREATE TABLE u(b)",
             f"PRAGMA recursive_triggers = {int(recursive)}"]
    if event != "INSERT":
        steps.append("INSERT INTO t VALUES (1), (2), (3), (4)")
    if through:         # the trigger writes u, whose own trigger calls the function
        steps += [f"CREATE TRIGGER tr {timing} {event} ON t BEGIN INSERT INTO log "
                  f"VALUES ({row}.a); INSERT INTO u VALUES ({row}.a); END",
                  "CREATE TRIGGER tu AFTER INSERT ON u BEGIN "
                  + CALLS[call].format(row="new").replace(".a", ".b") + "; END"]
    else:
        steps.append(f"CREATE TRIGGER tr {timing} {event} ON t BEGIN INSERT INTO log "
                     f"VALUES ({row}.a); {body}; END")
    return steps


CASES = list(itertools.product(EVENTS, ["BEFORE", "AFTER"], CALLS, [False, True],
                               [False, True], [2, 3]))


def _engine(connection, register, setup, sql, inner, limit, sqlite: bool):
    def f(x):
        if x is not None and 0 < x < limit:
            connection.execute(inner.format(x=x))
        return x
    register(f)
    for step in setup:
        connection.execute(step)
    try:
        connection.execute(sql)
        outcome = "ok"
    except (apsw.Error, Error) as error:
        outcome = str(error)
    tables = [[tuple(r) for r in connection.execute(f"SELECT * FROM {name} ORDER BY rowid")]
              for name in ("t", "log", "u")]
    return outcome, tables


@pytest.mark.parametrize("event,timing,call,through,recursive,limit", CASES)
def test_a_functions_statement_fires_triggers_as_in_sqlite(event, timing, call, through,
                                                           recursive, limit):
    setup = _setup(event, timing, call, through, recursive)
    sql, inner, _ = EVENTS[event]
    theirs = apsw.Connection(":memory:")
    mine = rowandb.connect(":memory:", isolation_level=None)
    expected = _engine(theirs, lambda f: theirs.create_scalar_function("f", f, 1),
                       setup, sql, inner, limit, True)
    got = _engine(mine, lambda f: mine.create_function("f", 1, f), setup, sql, inner,
                  limit, False)
    assert got == expected
