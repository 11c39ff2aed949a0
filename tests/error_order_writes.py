"""Of two errors in one UPDATE, DELETE, UPDATE ... FROM or INSERT ... SELECT (with an upsert),
the one SQLite reports, with its DB-API class (tests/test_error_order.py runs them).

SQLite prepares a write in this order (update.c sqlite3Update, delete.c sqlite3DeleteFrom,
insert.c sqlite3Insert): the target table (a view's whole query), its INDEXED BY index,
the SET values (each before the column it is assigned to), the WHERE, then the code:
the WHERE loop (its 'no query solution', an outer aggregate's misuse), the foreign keys,
and only then RETURNING, which it prepares as a SELECT of its own. An UPDATE ... FROM
is one SELECT (update.c updateFromSelect): the FROM clause, a subquery of its own when
it has several items (parse.y), is resolved before the SET values, which are the
SELECT's result columns. An INSERT prepares its SELECT whole before the upsert's
target, DO UPDATE SET values and WHERE. ORDER BY and LIMIT on UPDATE and DELETE are a
syntax error in SQLite's default build (no SQLITE_ENABLE_UPDATE_DELETE_LIMIT): a place
of the generator with that error only.

``pairs()`` puts an error in each of two places of one statement, for every pair of
places and every pair of errors they can hold; each statement runs in a transaction
rolled back after it, so that a statement one engine accepts changes nothing.
"""

from __future__ import annotations

import itertools
import re

import apsw

import rowandb
from apsw_session import _ERROR_CLASSES
# a connection's rows, none without a result set
from test_from_clause_errors import _POSITION, _rowandb

SCHEMA = ("CREATE TABLE t(a INTEGER PRIMARY KEY, b, c); CREATE TABLE u(a, x);"
          "CREATE INDEX ti ON t(b); CREATE INDEX tp ON t(c) WHERE c IS NOT NULL;"
          "CREATE VIEW vbad AS SELECT a, b, c FROM t ORDER BY 5;"
          "INSERT INTO t VALUES (1, 2, 3); INSERT INTO u VALUES (1, 4), (2, 5)")

# place -> (the text with no error, the texts with one)
_TARGET = ("t", ["nosucht", "t INDEXED BY nosuchi", "vbad", "t INDEXED BY tp"])
_SET = ("b = 1", ["nosuchc = 1", "b = nosuchv", "b = count(*)", "b = (SELECT 1 FROM nosuchst)",
                  "b = (SELECT count(t.a) FROM u)", "(b, c) = (1, 2, 3)", "b = abs()",
                  "b = nofunc(1)", "b = (SELECT x, a FROM u)",
                  "b = (SELECT group_concat(DISTINCT x, a) FROM u GROUP BY x)",
                  "b = abs(nosuchva)", "b = a"])
_WHERE = ("", ["WHERE nosuchw", "WHERE count(*)", "WHERE (SELECT count(t.a) FROM u)",
               "WHERE a IN (SELECT 1 FROM nosuchwt)", "WHERE nofunc2(1)",
               "WHERE (SELECT 1 FROM t AS z INDEXED BY tp)", "WHERE abs(nosuchwa)",
               "WHERE (SELECT count(t.a) FROM u) AND nosuchw3"])
_RETURNING = ("", ["RETURNING nosuchr", "RETURNING count(*)", "RETURNING t.*",
                   "RETURNING (SELECT 1 FROM nosuchrt)", "RETURNING max(a) OVER ()",
                   "RETURNING abs(nosuchra)"])
_LIMIT = ("", ["LIMIT 1", "ORDER BY nosucho LIMIT 1"])
_FROM = ("FROM u", ["FROM nosuchf", "FROM u INDEXED BY nosuchfi", "FROM t",
                    "FROM u AS p JOIN u AS q ON abs(p.nosuchon)",
                    "FROM u AS p JOIN u AS q ON p.nosuchon2",
                    "FROM u AS p JOIN u AS q USING (nosuchfu)", "FROM vbad",
                    "FROM u AS p JOIN u AS q ON (SELECT count(p.x) FROM u AS z)",
                    "FROM u AS p JOIN t AS q INDEXED BY tp ON 1",
                    "FROM u AS p RIGHT JOIN u AS q ON nofunc3(p.x)"])
_INTO = ("t(a, b)", ["nosucht(a, b)", "t(a, nosuchic)", "vbad(a, b)", "t(a)", "t(a, b, c, a)"])
_COLUMNS = ("a, x", ["nosuchs, x", "a, count(*) OVER nosuchw", "a, nofunc4(x)",
                     "a, (SELECT 1 FROM nosuchss)", "count(DISTINCT a, x), x"])
_SOURCE = ("u", ["nosuchsf", "u INDEXED BY nosuchsi", "vbad AS u",
                 "u JOIN t INDEXED BY tp ON 1"])
_SELECT_WHERE = ("WHERE 1", ["WHERE nosuchsw", "WHERE count(*)", "WHERE abs(nosuchswa)",
                             "WHERE (SELECT count(u.x) FROM t)"])
_CONFLICT = ("(a)", ["(nosuchut)", "(c)", "(a) WHERE nosuchutw"])
_DO_SET = ("c = excluded.b", ["c = nosuchus", "nosuchuc = 1", "c = count(*)",
                              "c = (SELECT count(t.a) FROM u)", "c = excluded.nosuchue",
                              "c = abs(nosuchusa)"])
_DO_WHERE = ("", ["WHERE nosuchuw", "WHERE count(*)", "WHERE (SELECT count(t.a) FROM u)",
                  "WHERE (SELECT count(excluded.a) FROM u) AND nosuchuw2"])

KINDS = {
    "update": ("UPDATE {target} SET {set} {where} {returning} {limit}",
               dict(target=_TARGET, set=_SET, where=_WHERE, returning=_RETURNING,
                    limit=_LIMIT)),
    "update_from": ("UPDATE {target} SET {set} {from} {where} {returning}",
                    dict(target=_TARGET, set=_SET, where=_WHERE, returning=_RETURNING,
                         **{"from": _FROM})),
    "delete": ("DELETE FROM {target} {where} {returning} {limit}",
               dict(target=_TARGET, where=_WHERE, returning=_RETURNING, limit=_LIMIT)),
    "insert": ("INSERT INTO {into} SELECT {columns} FROM {source} {select_where} "
               "ON CONFLICT {conflict} DO UPDATE SET {do_set} {do_where} {returning}",
               dict(into=_INTO, columns=_COLUMNS, source=_SOURCE, select_where=_SELECT_WHERE,
                    conflict=_CONFLICT, do_set=_DO_SET, do_where=_DO_WHERE,
                    returning=_RETURNING)),
}


def statement(kind: str, chosen: dict) -> str:
    """A ``kind`` statement with ``chosen`` (place -> its text), the other places without
    an error."""
    template, places = KINDS[kind]
    text = template.format(**{place: chosen.get(place, places[place][0]) for place in places})
    return re.sub(" +", " ", text).strip()


def place_pairs(places: dict, order, make) -> list[str]:
    """``make(chosen)`` for every pair of the places of ``order``, with every pair of the
    errors they can hold (``places[place][1]``): the generators' two-error statements."""
    return [make({first: one, second: two})
            for first, second in itertools.combinations(order, 2)
            for one, two in itertools.product(places[first][1], places[second][1])]


def pairs() -> list[str]:
    """Every statement kind, every pair of its places, every pair of their errors."""
    return [sql for kind, (_, places) in KINDS.items()
            for sql in place_pairs(places, places, lambda chosen, kind=kind: statement(kind, chosen))]


def _rowandb_class(error: apsw.Error) -> str:
    return next(mine for theirs, mine in _ERROR_CLASSES if isinstance(error, theirs)).__name__


def _outcome(run, sql: str):
    """('ok',), ('error', DB-API class, message) or ('refused',) of ``sql`` in a
    transaction rolled back after it."""
    run("BEGIN")
    try:
        run(sql)
        return ("ok",)
    except rowandb.NotSupportedError:
        return ("refused",)
    except apsw.Error as error:
        return "error", _rowandb_class(error), str(error)
    except rowandb.Error as error:
        return "error", type(error).__name__, _POSITION.sub("", str(error))
    finally:
        run("ROLLBACK")


def engines():
    theirs = apsw.Connection(":memory:")
    theirs.execute(SCHEMA)
    mine = rowandb.connect(":memory:", isolation_level=None)
    mine.executescript(SCHEMA)
    return (lambda sql: list(theirs.execute(sql))), _rowandb(mine)


def differences(both, statements: list[str]) -> list[str]:
    """Each statement whose outcome on RowanDB is not SQLite's, with both."""
    theirs, mine = both
    found = [(sql, _outcome(theirs, sql), _outcome(mine, sql)) for sql in statements]
    return [f"{sql}\n   SQLite  {expected}\n   RowanDB {got}"
            for sql, expected, got in found if expected != got]
