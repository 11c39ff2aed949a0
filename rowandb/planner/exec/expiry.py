"""Where a running statement meets SQLite's "abort due to ROLLBACK": the points at which
SQLite would open a cursor (OP_OpenRead, OP_OpenWrite, OP_ReopenIdx) after the statement
was expired by a statement run from inside it (sql/schema_locks.py says which ones
expire it).

SQLite opens most cursors before its loops start; the ones a statement opens while it
runs -- and so the places checked here -- are:

- the indexes of a one-pass DELETE or UPDATE, opened once, when the first row is found
  (``first_row``);
- the table an INSERT writes, when it first reads its rows into a temporary table (its
  SELECT reads the table written, it has triggers or RETURNING): opened after the read;
- a trigger program's tables, opened by each of its steps that reads or writes one, each
  time it fires;
- a subquery's tables, each time it runs (once for one not correlated).

``session.expired_below``: how many of the outermost running statements
(``session.active``) are expired; the statement whose code runs is the last of
``active``."""

from __future__ import annotations

from ...errors import OperationalError
from ..plan import bound as b
from ..plan import logical as L

ABORTED = "abort due to ROLLBACK"
_READERS = (b.TableSource, L.Scan, L.IndexScan, L.RowidScan)
_MODULES = (b.__name__, L.__name__)


def check(session) -> None:
    """Fail as SQLite's OP_Open* fails in an expired statement."""
    below = getattr(session, "expired_below", 0)
    if below and len(session.active) <= below:
        raise OperationalError(ABORTED)


def first_row(rows, session, table):
    """``rows`` of a one-pass DELETE or UPDATE of ``table``, checked as the first comes
    when the table has an index (SQLite opens the index cursors then, under OP_Once)."""
    if not table.indexes or not hasattr(session, "expired_below"):
        yield from rows
        return
    first = True
    for row in rows:
        if first:
            check(session)
            first = False
        yield row


def query_opens(executable) -> bool:
    """Whether a trigger program's SELECT step opens a cursor: its plan reads a stored
    table (its plan let go: assumed so). Its INSERT, UPDATE and DELETE steps always do."""
    plan = executable.plan
    return plan is None or reads_table(plan.root) or any(
        reads_table(sub) for sub in plan.subplans.values())


def reads_table(query) -> bool:
    """Whether a query (its bound tree or its plan) opens a cursor on a stored table (a
    table-valued function, a CTE or VALUES opens none)."""
    seen: set[int] = set()
    todo = [query]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        table = getattr(node, "table", None)
        if isinstance(node, _READERS) and getattr(table, "virtual", None) is None:
            return True
        elif isinstance(node, (list, tuple)):
            todo.extend(node)
        elif isinstance(node, dict):
            todo.extend(node.values())
        elif hasattr(node, "__dataclass_fields__") and type(node).__module__ in _MODULES:
            todo.extend(getattr(node, name) for name in node.__dataclass_fields__)
    return False
