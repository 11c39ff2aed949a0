"""The log of possible foreign-key violations one session keeps (fkeys.py), indexed.

Records are tuples whose first two items are a kind and the constraint: ("child", fk,
rowid) a child row written without a parent (with a fourth item "counted", a row that
was not its own parent as SQLite looks: it fails until settled; fkself.py), ("parent", fk, key) a parent key removed
while children referenced it, ("counted", fk, rowid) a violation that always fails,
("settled", fk, rowid, n), written when a new parent key takes back the violations of a
child row (fkey.c, fkScanChildren): it cancels every earlier "child" record of that row
(``n`` of them were still live), and ("zeroed",), written when SQLite sets its deferred
counters to zero (``PRAGMA defer_foreign_keys = OFF``): it cancels every earlier record.
The log is append-only so that a savepoint can cut it back to the length it had
(ROLLBACK TO), as SQLite restores its counters.

Beside the entries, ``CheckLog`` counts the live "child" records per (constraint, row)
and per constraint, so that a new parent key finds the records of its children directly:
a transaction that writes N orphans and then their N parents costs O(N), not O(N^2) (the
log was scanned for every parent). Cutting the log back undoes the counts entry by entry.
"""

from __future__ import annotations
from rowandb.catalog.ascii_case import ascii_lower


ZEROED = ("zeroed",)


def fk_key(fk) -> tuple:
    """A constraint's identity: its dictionary id (in the main or the temp dictionary)."""
    return fk.id, getattr(fk, "in_temp", False)


class CheckLog:
    """Append-only violation records with counts of the live "child" records."""

    def __init__(self, entries=()):
        self.entries: list = []
        self._open: dict = {}           # (fk key, rowid) -> live "child" records
        self._per_fk: dict = {}         # fk key -> live "child" records
        for entry in entries:
            self.append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def append(self, entry: tuple) -> None:
        if entry[0] == "settled":
            entry = entry[:3] + (self._settle_counts(entry[1], entry[2]),)
        elif entry[0] == "child":
            self._count(fk_key(entry[1]), entry[2], 1)
        elif entry[0] == "zeroed":
            self._open.clear()
            self._per_fk.clear()
        self.entries.append(entry)

    def zero(self) -> None:
        """Forget every record so far, as SQLite zeroes its counters."""
        self.append(ZEROED)

    def settle(self, fk, rowid: int) -> None:
        """Cancel the live "child" records of ``rowid`` under ``fk``."""
        self.append(("settled", fk, rowid))

    def is_open(self, fk, rowid: int) -> bool:
        """Whether a live "child" record of ``rowid`` under ``fk`` exists."""
        return (fk_key(fk), rowid) in self._open

    def has_children_of(self, fk) -> bool:
        return fk_key(fk) in self._per_fk

    def live(self) -> list:
        """The records no later "settled" record cancels, without the settled ones."""
        settled, live = set(), []
        for entry in reversed(self.entries):
            if entry is ZEROED:
                break
            if entry[0] == "settled":
                settled.add((fk_key(entry[1]), entry[2]))
            elif not (entry[0] == "child" and (fk_key(entry[1]), entry[2]) in settled):
                live.append(entry)
        live.reverse()
        return live

    def truncate(self, mark: int) -> None:
        """Cut the log back to its first ``mark`` entries, undoing their counts."""
        if ZEROED in self.entries[mark:]:     # rare: count again from the log
            entries = self.entries[:mark]
            self.__init__(entries)
            return
        for entry in reversed(self.entries[mark:]):
            if entry[0] == "child":
                self._count(fk_key(entry[1]), entry[2], -1)
            elif entry[0] == "settled" and entry[3]:
                self._count(fk_key(entry[1]), entry[2], entry[3])
        del self.entries[mark:]

    def clear(self) -> None:
        self.entries.clear()
        self._open.clear()
        self._per_fk.clear()

    def move(self, table_name: str, old_rowid: int, new_rowid: int) -> None:
        """A row of ``table_name`` changed its rowid: its records follow it."""
        lname, moved = ascii_lower(table_name), False
        for i, entry in enumerate(self.entries):
            if entry[0] in ("child", "settled") and entry[2] == old_rowid \
                    and ascii_lower(entry[1].child) == lname:
                self.entries[i] = entry[:2] + (new_rowid,) + entry[3:]
                moved = True
        if moved:                       # rare: count again from the log
            entries = self.entries
            self.__init__(entries)

    def _settle_counts(self, fk, rowid: int) -> int:
        n = self._open.get((fk_key(fk), rowid), 0)
        if n:
            self._count(fk_key(fk), rowid, -n)
        return n

    def _count(self, key: tuple, rowid: int, n: int) -> None:
        for counts, at in ((self._open, (key, rowid)), (self._per_fk, key)):
            total = counts.get(at, 0) + n
            if total:
                counts[at] = total
            else:
                del counts[at]
