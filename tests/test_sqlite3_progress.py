"""``set_progress_handler`` and ``interrupt`` (rowandb/planner/exec/progress.py), each
checked against Python's own sqlite3 module doing the same thing. SQLite counts virtual
machine instructions, RowanDB rows visited: the tests of how often the handler is called
are RowanDB's own (docs/DBAPI.md)."""

import sqlite3 as std
import threading

import pytest

import rowandb

ENDLESS = "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s) SELECT count(*) FROM s"


@pytest.fixture(params=["rowandb", "sqlite3"])
def con(request):
    module = rowandb if request.param == "rowandb" else std
    con = module.connect(":memory:")
    con.execute("CREATE TABLE t(x)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(1000)])
    con.commit()
    yield con
    try:
        con.close()
    except Exception:
        pass


def _count(con):
    return con.execute("SELECT count(*), sum(x) FROM t").fetchall()


def test_the_handler_is_called_while_a_query_runs(con):
    calls = []
    con.set_progress_handler(lambda: calls.append(1), 10)
    assert con.execute("SELECT sum(x) FROM t").fetchall() == [(499500,)]
    assert len(calls) > 10


@pytest.mark.parametrize("answer", [lambda: 1, lambda: "yes", lambda: 1 / 0])
def test_a_true_answer_or_an_exception_interrupts(con, answer):
    con.set_progress_handler(answer, 5)
    with pytest.raises(con.OperationalError, match="^interrupted$"):
        con.execute("SELECT sum(x) FROM t").fetchall()
    con.set_progress_handler(None, 1)
    assert _count(con) == [(1000, 499500)]


def test_an_interrupted_write_rolls_back_its_transaction_and_changes_nothing(con):
    con.execute("INSERT INTO t VALUES (5000)")          # opens the transaction
    assert con.in_transaction
    con.set_progress_handler(lambda: 1, 100)
    with pytest.raises(con.OperationalError, match="interrupted"):
        con.execute("INSERT INTO t SELECT x FROM t")
    con.set_progress_handler(None, 1)
    assert not con.in_transaction                       # as SQLite: the whole transaction
    assert _count(con) == [(1000, 499500)]


def test_an_interrupted_read_keeps_the_transaction(con):
    con.execute("INSERT INTO t VALUES (5000)")
    con.set_progress_handler(lambda: 1, 100)
    with pytest.raises(con.OperationalError, match="interrupted"):
        con.execute("SELECT sum(x) FROM t").fetchall()
    con.set_progress_handler(None, 1)
    assert con.in_transaction and _count(con) == [(1001, 504500)]


@pytest.mark.parametrize("handler, n", [(None, 1), (lambda: 1, 0), (lambda: 1, -5)])
def test_none_or_n_below_one_removes_the_handler(con, handler, n):
    con.set_progress_handler(lambda: 1, 1)
    con.set_progress_handler(handler, n)
    assert _count(con) == [(1000, 499500)]


def test_interrupt_from_another_thread_stops_a_running_query(con):
    timer = threading.Timer(0.3, con.interrupt)
    timer.start()
    with pytest.raises(con.OperationalError, match="^interrupted$"):
        con.execute(ENDLESS).fetchall()
    timer.join()
    assert _count(con) == [(1000, 499500)]          # and the connection works on


def test_interrupt_stops_a_write_and_leaves_the_database_unchanged(con):
    def interrupt_soon():
        con.interrupt()
        return 0
    con.create_function("interrupt_soon", 0, interrupt_soon)
    with pytest.raises(con.OperationalError, match="interrupted"):
        con.execute("INSERT INTO t SELECT x + interrupt_soon() FROM t")
    assert not con.in_transaction and _count(con) == [(1000, 499500)]


def test_interrupt_when_nothing_runs_is_a_no_op(con):
    con.interrupt()
    assert con.execute("SELECT 1").fetchall() == [(1,)]


def test_interrupt_on_a_closed_connection_is_programming_error(con):
    con.close()
    with pytest.raises(con.ProgrammingError, match="closed database"):
        con.interrupt()


def test_a_handler_that_runs_a_query_on_its_connection_is_not_called_again_inside_it(con):
    seen = []

    def handler():
        seen.append(con.execute("SELECT count(*) FROM t").fetchall())
        return 0
    con.set_progress_handler(handler, 200)
    assert con.execute("SELECT sum(x) FROM t").fetchall() == [(499500,)]
    assert seen and all(s == [(1000,)] for s in seen)


def test_rowandb_counts_rows_visited_and_one_per_statement():
    con = rowandb.connect(":memory:")
    con.execute("CREATE TABLE t(x)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(10)])
    calls = []
    con.set_progress_handler(lambda: calls.append(1), 1)
    con.execute("SELECT x FROM t WHERE x > 100").fetchall()
    assert len(calls) == 11                 # ten rows scanned (none kept), one statement
    calls.clear()
    con.set_progress_handler(lambda: calls.append(1), 4)
    con.execute("WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20)"
                " SELECT count(*) FROM s").fetchall()
    assert len(calls) == 5                  # 1 + 20 rows of s, every fourth


def test_bad_arguments_are_refused():
    con = rowandb.connect(":memory:")
    with pytest.raises(rowandb.ProgrammingError, match="callable"):
        con.set_progress_handler(42, 1)
    with pytest.raises(rowandb.ProgrammingError, match="n must be int"):
        con.set_progress_handler(lambda: 0, "1")
