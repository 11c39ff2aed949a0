"""Frames of a trigger program that runs inside itself: what one level keeps of its own.

SQLite codes a trigger's program once per statement and runs that one program at every
level of a recursion, each level with its own registers (trigger.c codeRowTrigger, vdbe.c
OP_Program's VdbeFrame). A compiled program here is Python objects whose attributes a run
sets as it goes -- a ``State``'s parameters and subquery results, an executable's count of
changed rows, a writer's statement resolution -- and closures that read them. A level
that runs inside a running one therefore saves those attributes first and puts them back
when it ends (``Frame``): the outer level goes on with its own, as it would with a copy
of the program, without compiling one.

``frame_objects`` finds the objects to save by walking a program's statements through
the classes in ``FRAME_CLASSES`` (and the lists, tuples and dicts between them): the
objects a compilation makes for itself. What compilations share -- the connection's
``Context``, its foreign keys and triggers, an AUTOINCREMENT counter of the statement
(``autoincrement._Counter``), tables, the store -- is never walked into, so a nested
level's changes to them stay, as with copies of the program.
"""

from __future__ import annotations

from .bulk import BulkInsert
from .dml import DeleteExecutable, InsertExecutable, UpdateExecutable
from .returning import Returning
from .execute import Executable
from .expressions import State
from .fused_scan import FusedFinder
from .fused_update import FusedUpdate
from .upsert import Upserts
from .view_write import ViewWriteExecutable
from .writer import Generated, RowWriter

#: Classes of the objects a compilation makes for itself and whose attributes a run sets.
FRAME_CLASSES = (Executable, State, InsertExecutable, UpdateExecutable, DeleteExecutable,
                 ViewWriteExecutable, Returning, RowWriter, Generated, Upserts, BulkInsert,
                 FusedFinder, FusedUpdate)


def frame_objects(roots) -> list:
    """The objects of ``FRAME_CLASSES`` reachable from ``roots`` through such objects'
    attributes (and containers), each once."""
    found: dict = {}
    pending = list(roots)
    while pending:
        item = pending.pop()
        if isinstance(item, (list, tuple)):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, FRAME_CLASSES) and id(item) not in found:
            found[id(item)] = item
            pending.extend(vars(item).values())
    return list(found.values())


class Frame:
    """The attributes of a program's objects as a running level left them, to give back
    when a level inside it ends."""

    __slots__ = ("objects", "saved")

    def __init__(self, objects: list):
        self.objects = objects
        self.saved = [o.__dict__.copy() for o in objects]

    def restore(self) -> None:
        for obj, attributes in zip(self.objects, self.saved):
            obj.__dict__.update(attributes)
