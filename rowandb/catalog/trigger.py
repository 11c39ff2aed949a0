"""A trigger as the dictionary keeps it: its SQL text and the metadata that decides when it
fires, never a parse of its body.

The catalog does not read SQL (only rowandb/sql does): a ``Trigger`` holds the CREATE
TRIGGER text as sqlite_schema shows it, plus what the planner needs to find the triggers a
write fires without reading that text -- the table, the event, the timing, and the column
list of ``UPDATE OF``. The statement that fires a trigger has the sql layer parse, bind and
compile the body once per schema version (rowandb/sql/bind/bind_trigger.py).

A table keeps its triggers in a sorted tree (``TableTriggers``) keyed by
``(event, timing, -id)``: the triggers one write fires are one contiguous range, found in
O(log n) however many the table has, newest first -- the order SQLite fires them in (a new
trigger goes to the head of its table's list, trigger.c sqlite3FinishTrigger).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..storage.sortedmap import SortedMap
from .ascii_case import ascii_lower

TIMINGS = ("BEFORE", "AFTER", "INSTEAD OF")
EVENTS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Trigger:
    id: int                         # SYS_TRIGGERS rowid; larger is newer
    name: str
    table: str                      # the table it is on, as written (dequoted)
    timing: str                     # one of TIMINGS
    event: str                      # one of EVENTS
    columns: tuple | None           # UPDATE OF's column names, None when absent
    sql: str                        # "CREATE TRIGGER name ..." as sqlite_schema shows it

    def record(self) -> tuple:
        """The SYS_TRIGGERS record of this trigger."""
        columns = None if self.columns is None else json.dumps(list(self.columns))
        return (self.id, self.name, self.table, self.timing, self.event, columns, self.sql)

    @classmethod
    def from_record(cls, record: tuple) -> "Trigger":
        tid, name, table, timing, event, columns, sql = record
        return cls(tid, name, table, timing, event,
                   None if columns is None else tuple(json.loads(columns)), sql)

    def fires_on(self, assigned_names) -> bool:
        """For UPDATE: whether an UPDATE assigning the (lower-case) column names
        ``assigned_names`` fires it -- always without ``OF``, else when a listed column is
        assigned (trigger.c checkColumnOverlap)."""
        return self.columns is None or any(ascii_lower(c) in assigned_names for c in self.columns)


class TableTriggers:
    """One table's triggers, in a sorted tree keyed by (event, timing, -id)."""

    __slots__ = ("_tree", "_found")

    def __init__(self, triggers=()):
        # None while the table has no trigger: most tables of a large schema have none,
        # and an empty tree would be six objects each for a full collection to walk
        self._tree = None
        self._found = None          # (event, timing) -> firing's answer, until the next add
        for trigger in triggers:
            self.add(trigger)

    def add(self, trigger: Trigger) -> None:
        if self._tree is None:
            self._tree = SortedMap()
        self._tree[(trigger.event, trigger.timing, -trigger.id)] = trigger
        self._found = None

    def firing(self, event: str, timing: str) -> tuple:
        """The triggers of ``event`` and ``timing``, newest first. Each write of a row
        asks (a recursion 1000 levels deep asks 2000 times): the answer is kept."""
        tree = self._tree
        if not tree:
            return ()
        found = self._found
        if found is None:
            found = self._found = {}
        answer = found.get((event, timing))
        if answer is None:
            answer = found[event, timing] = tuple(
                tree[k] for k in tree.irange((event, timing, -(1 << 62)), (event, timing, 1 << 62)))
        return answer

    def has(self, event: str) -> bool:
        return any(self.firing(event, timing) for timing in TIMINGS)

    def __len__(self) -> int:
        return 0 if self._tree is None else len(self._tree)

    def __iter__(self):
        return iter(()) if self._tree is None else iter(self._tree.values())


def assigned_names(table, positions) -> frozenset:
    """The lower-case names of the columns at ``positions`` (-1: the rowid), which decide
    whether an ``UPDATE OF`` trigger fires."""
    names = {ascii_lower(table.columns[p].name) for p in positions if p >= 0}
    if -1 in positions:
        names |= {"rowid", "oid", "_rowid_"}
    return frozenset(names)
