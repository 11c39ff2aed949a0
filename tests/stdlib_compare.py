"""Running the same calls on RowanDB and on Python's own sqlite3 module, for the tests of
``import rowandb as sqlite3`` (test_sqlite3_module.py, test_user_functions.py)."""

import sqlite3 as std

import rowandb


def outcome(call):
    """What ``call()`` returns, or its error as (class name, message)."""
    try:
        return call()
    except Exception as error:
        return type(error).__name__, str(error)


def same_in_both(run):
    """``run(module, connection)`` gives the same answer on RowanDB and on sqlite3."""
    mine = outcome(lambda: run(rowandb, rowandb.connect(":memory:")))
    theirs = outcome(lambda: run(std, std.connect(":memory:")))
    assert mine == theirs
    return mine
