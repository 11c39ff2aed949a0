"""A scan of sqlite_schema (or sqlite_temp_schema) that meets the schema changes made
while it runs, as SQLite's cursor over the schema b-tree does: a statement run by a user
function in ``SELECT f(name) FROM sqlite_schema`` that creates an object makes its row
appear later in the scan, one that drops an object not yet reached removes its row, and
one that renames it changes the row the scan has still to read.

The rows are the schema's objects in creation order, by their ids (which come from one
sequence, as SQLite's rowids of the schema table are handed out in order). The scan reads
them once; only when the schema's version has moved since -- a DDL statement ran between
two rows -- does it read them again, carrying on after the id of the last row it gave.
An ordinary scan therefore costs what reading the list once costs."""

from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Iterator


def live_rows(objects: Callable[[], list], version: Callable[[], object]) -> Iterator[tuple]:
    """The rows of ``objects()`` (``(id, row)`` pairs) in id order, read again after
    each change of ``version()``."""
    seen = version()
    entries = sorted(objects(), key=_id)
    at, last = 0, None
    while True:
        now = version()
        if now != seen:
            seen = now
            entries = sorted(objects(), key=_id)
            at = 0 if last is None else bisect_right([e[0] for e in entries], last)
        if at >= len(entries):
            return
        last, row = entries[at]
        at += 1
        yield row


def _id(entry: tuple):
    return entry[0]
