"""What a statement run from inside another one (a user function's ``execute`` on the same
connection) may not do while the outer statement is still running, as SQLite refuses it.

SQLite counts the connection's running statements that read the database (those that opened
a read transaction: every INSERT, UPDATE and DELETE, a SELECT that reads a table). Destroying
a b-tree -- DROP TABLE, DROP INDEX -- while another such statement runs fails with "database
table is locked" (vdbe.c's OP_Destroy), and the whole inner statement is undone; VACUUM
fails while any other statement runs at all. Other DDL (CREATE, ALTER, DROP VIEW/TRIGGER)
runs, and the outer statement carries on with the plan it was prepared with -- unless
the statement expired it.

A statement that changes the temp schema, or a flag PRAGMA, or ANALYZE, *expires* every
other running statement (vdbe.c: OP_SetCookie of the temp database, OP_Expire), which then
fails "abort due to ROLLBACK" at the next cursor it opens (planner/exec/expiry.py says
where); main's schema changes and CREATE INDEX (whose OP_Expire lets running statements
finish) expire none. ``expire_running`` marks them: ``session.expired_below`` counts the
outermost statements of ``session.active`` that are expired.

REINDEX under a running write refills each index in the file it has, as SQLite refills
the same b-tree (the write may be writing through it); otherwise it gives the index a new
file (catalog's rebuild_index).

``Session.active`` is the stack of running statements (their ``Prepared``); whether one
reads the database is found once, when it is compiled (``reads_database``)."""

from __future__ import annotations

import dataclasses
from collections import deque

from ..errors import OperationalError
from ..planner.plan import bound as b

LOCKED = "database table is locked"
_READS = (b.TableSource, b.FunctionSource)
_WRITES = ("insert", "replace", "update", "delete")     # prepared.DML_KINDS


def reads_database(bound, text: str) -> bool:
    """Whether the bound statement opens a read of the database: a write always does; a
    query when some FROM item anywhere in it (views expanded, subqueries) is a table or a
    table-valued function (``json_each``, ``pragma_table_info``: SQLite verifies the schema
    of each, which opens the read); VALUES, CTEs and a FROM-less SELECT do not. A query
    whose text has no FROM has no FROM item: its tree is not walked."""
    if not isinstance(bound, b.Select):
        return True
    if "from" not in text.lower():
        return False
    if _from_reads(bound):
        return True                     # the common cases, without a walk
    return _walk_reads(bound)


def _from_reads(select: b.Select) -> bool:
    """Whether a FROM item of ``select``, of a FROM subquery or view in it, or of a
    compound's SELECT, is a table or a table-valued function: nodes ``_walk_reads``
    reaches too, found without walking every expression first (a query of a view)."""
    for item in select.items:
        source = item.source
        if isinstance(source, _READS) or \
                isinstance(source, b.SubquerySource) and _from_reads(source.query):
            return True
    return any(_from_reads(arm) for _, arm in select.compound)


def _walk_reads(bound) -> bool:
    """Whether a table or table-valued function is anywhere in the bound tree."""
    seen: set[int] = set()
    todo = deque([bound])               # breadth first: the outer FROM items come first
    while todo:
        node = todo.popleft()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, _READS):
            return True
        if isinstance(node, (list, tuple)):
            todo.extend(node)
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif dataclasses.is_dataclass(node) and type(node).__module__ == b.__name__:
            todo.extend(getattr(node, f.name) for f in dataclasses.fields(node))
    return False


#: SQLite's flag pragmas (pragma.c PragTyp_FLAG): setting one, to any value, expires
#: every statement of the connection (OP_Expire), the running ones included
FLAG_PRAGMAS = frozenset((
    "automatic_index", "cell_size_check", "checkpoint_fullfsync", "count_changes",
    "defer_foreign_keys", "empty_result_callbacks", "foreign_keys", "full_column_names",
    "fullfsync", "ignore_check_constraints", "legacy_alter_table", "query_only",
    "read_uncommitted", "recursive_triggers", "reverse_unordered_selects",
    "short_column_names", "trusted_schema", "writable_schema"))


def expire_running(session, own: bool) -> None:
    """Expire the running statements of the connection but the one that expires them
    (``own``: it is the last of ``session.active``; a PRAGMA or ANALYZE is not there)."""
    running = len(session.active) - own
    if running > session.expired_below:
        session.expired_below = running


def temp_stamp(session) -> tuple:
    """What a change of the temp schema moves: the temp tables' schema cookie and the
    temp views' and triggers' change log."""
    tables = session.temp.tables
    return 0 if tables is None else tables.header("schema_version"), len(session.temp.log)


def ddl_ran(session, stmt, before: tuple) -> None:
    """A DDL statement succeeded: if it changed the temp schema (``before``: its
    ``temp_stamp`` before), it expires the others -- but a CREATE INDEX, whose OP_Expire
    after its OP_SetCookie lets running statements run to their end."""
    if not isinstance(stmt, b.CreateIndex) and temp_stamp(session) != before:
        expire_running(session, own=True)


def refuse_destroy(session) -> None:
    """DROP TABLE / DROP INDEX reaching the point where SQLite destroys the b-tree: locked
    while another statement of the connection that reads the database runs."""
    if any(getattr(prepared, "reads", True) for prepared in session.active[:-1]):
        raise OperationalError(LOCKED)


def refuse_vacuum(session) -> None:
    """VACUUM run while another statement of the connection runs (vacuum.c: checked after
    "cannot VACUUM from within a transaction")."""
    if session.active:
        raise OperationalError("cannot VACUUM - SQL statements in progress")


def writes_under(session) -> bool:
    """Whether a statement of the connection that writes runs under the one running (a
    REINDEX then refills its indexes in place: ddl.reindex)."""
    return any(prepared.parsed.kind != "select" for prepared in session.active[:-1])


def writes_running(session) -> bool:
    """Whether a statement of the connection that writes (SQLite's nVdbeWrite: any
    statement but a query) is running under the one about to run."""
    return any(prepared.parsed.kind != "select" for prepared in session.active)


def refuse_control(session, action: str) -> None:
    """Transaction control run by a function while a write of the connection runs, refused
    as vdbe.c's OP_Savepoint and OP_AutoCommit refuse it: SAVEPOINT before anything else,
    RELEASE after finding the savepoint, COMMIT once a transaction is open. Under a query
    they run."""
    if not writes_running(session):
        return
    if action == "savepoint":
        raise OperationalError("cannot open savepoint - SQL statements in progress")
    if action == "release":
        raise OperationalError("cannot release savepoint - SQL statements in progress")
    if action == "commit":
        raise OperationalError("cannot commit transaction - SQL statements in progress")
