"""The fast path of a cached point read: ``SELECT ... FROM t WHERE <rowid> = ?`` run again.

``Session.execute`` wraps every statement in what a statement may need: the recursion,
function and limit contexts, the progress handler, a transaction of its own in autocommit
mode with a savepoint and a foreign-key mark, and at the end the checks of its foreign
keys and a commit. A point read (planner/exec/point.py: one storage get, the WHERE terms
the search left, plain columns) needs none of it: it calls nothing, writes nothing, and
cannot fail once its parameters are bound. ``fast_read`` runs such a statement directly,
when that gives exactly what ``Session.execute`` would; whenever anything is unusual it
answers None and the caller takes the general path, which then decides and reports.

It is taken only when:

* the statement is in the session's cache, compiled for the current plan version (checked
  inside the statement lock, whose entry takes a directory connection's snapshot and may
  expire the dictionary) and its plan is a point read;
* the parameters are a tuple of the statement's length holding only values that bind as
  they are (ints within int64, non-NaN floats, str without lone surrogates, bytes, None);
* the SQL text is surely within ``SQLITE_LIMIT_SQL_LENGTH`` (the DB-API's check);
* no tracer, authorizer, progress handler or pending interrupt, no statement already
  running (a callback's), no TEMP table (a routing store), and, in autocommit mode, no
  ``PRAGMA defer_foreign_keys`` to switch off at the statement's end.

In autocommit mode the store's ``read_statement`` does what beginning a transaction checks
(a closed or failed store refuses) without opening one. The DB-API connection counts the
executions that took this path (``Connection._fast_reads``; tests prove the path is taken
with it).
"""

from __future__ import annotations

from ..planner.exec.point import point_reader
from ..planner.types.limit_values import SQL_LENGTH
from ..planner.types.values import has_surrogate

_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_NO_POINT = False                   # Prepared.point when its plan is not a point read


def fast_read(session, sql: str, params: tuple) -> tuple[tuple, list] | None:
    """The column names and rows of the cached point read ``sql`` with ``params``, or
    None: use the general path."""
    prepared = session.cache.get(sql)
    if prepared is None:
        return None
    point = prepared.point
    if point is None:
        point = _point_of(prepared)
    if point is _NO_POINT or len(params) != point.param_count \
            or len(sql) > session.limits.values[SQL_LENGTH] // 4:
        return None                 # (SQL text that long: the DB-API checks its length)
    if not (len(params) == 1 and type(params[0]) is int
            and _INT64_MIN <= params[0] <= _INT64_MAX) and not _plain(params):
        return None
    progress = session.progress
    if session.tracer is not None or session.authorizer is not None or progress.armed \
            or progress.active or session.temp.tables is not None or session.closed:
        return None
    autocommit = session.txn is None
    if autocommit and session.fkeys._defer_all:
        return None
    with session.db.lock:
        if prepared.version != session._plan_version():
            return None
        if autocommit:
            session.db.store.read_statement()
        return point.names, point(params)


def _point_of(prepared):
    """``prepared.point``: its PointRead (with ``param_count``), or _NO_POINT (decided once
    the statement is compiled)."""
    executable = prepared.executable
    if executable is None:
        return _NO_POINT
    point = None
    if prepared.parsed.kind == "select" and getattr(executable, "plan", None) is not None and \
            not getattr(executable, "ignored", False) and \
            not any(prepared.parsed.params.names):     # named ones bind from mappings
        point = point_reader(executable)
    if point is None:
        prepared.point = _NO_POINT
        return _NO_POINT
    point.param_count = prepared.parsed.params.count
    prepared.point = point
    return point


def _plain(params: tuple) -> bool:
    """Do ``params`` bind as they are (what the DB-API's binding leaves unchanged)?"""
    for v in params:
        t = type(v)
        if t is int:
            if not _INT64_MIN <= v <= _INT64_MAX:
                return False
        elif t is float:
            if v != v:
                return False
        elif t is str:
            if has_surrogate(v):
                return False
        elif t is not bytes and v is not None:
            return False
    return True
