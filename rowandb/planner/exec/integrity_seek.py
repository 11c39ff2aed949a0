"""How PRAGMA integrity_check finds a row's entry in an index whose order may no longer be
the order of its collation: a user collation (``create_collation``) redefined after the
entries were written.

SQLite seeks each row's entry with the collation of the moment (pragma.c codes OP_Found
on the index cursor, then, in a UNIQUE index, OP_Next and OP_IdxGT), by btree.c's search
of a page: a binary search over the cells in their stored order -- which finds an entry
only where the new order happens to lead -- and, before it, a shortcut: a cursor left on
the last cell whose key is at most the one sought stays there (found if equal). The
cursor is left where the search ended, for the next row. An ``IndexSeek`` is that
cursor over the stored entries as one leaf page: what SQLite does for an index that fits
one page; a larger one's interior pages route the search otherwise.

Only an index with a column of a user collation is checked this way (integrity.py): the
built-in collations never change, and the stored order is theirs."""

from __future__ import annotations

from ..functions.user import CollationKey
from ...catalog.ascii_case import ascii_upper

BUILT_IN = ("BINARY", "NOCASE", "RTRIM")


def needs_seek(index) -> bool:
    """Whether an index orders some column by a user collation."""
    return any(c.collation is not None and ascii_upper(c.collation) not in BUILT_IN
               for c in list(index.columns) + list(index.suffix))


def compare(cell, key) -> int:
    """-1/0/1: a stored entry (or its prefix) against a key made now, each text of a user
    collation compared by the key's function (the collation of the moment)."""
    for a, b in zip(cell, key):
        if isinstance(a, tuple):
            c = (a[0] > b[0]) - (a[0] < b[0])
            if c == 0 and len(a) > 1:
                c = _values(a[1], b[1])
        else:
            c = (a > b) - (a < b)
        if c:
            return c
    return 0


def _values(a, b) -> int:
    if isinstance(b, CollationKey):
        return b.cmp(a.text, b.text)
    return (a > b) - (a < b)


class IndexSeek:
    """The index cursor of one integrity check: where its last seek left it."""

    def __init__(self, entries: list):
        self.entries = entries
        self.at = None                  # the cell the cursor is on; None: not valid

    def find(self, key) -> bool:
        """OP_Found: whether the search for ``key`` lands on an equal entry."""
        entries, last = self.entries, len(self.entries) - 1
        if last < 0:
            return False
        if self.at == last:
            c = compare(entries[last], key)
            if c <= 0:
                return c == 0
        low, high = 0, last
        while True:
            middle = (low + high) >> 1
            c = compare(entries[middle], key)
            if c == 0:
                self.at = middle
                return True
            if c < 0:
                low = middle + 1
            else:
                high = middle - 1
            if low > high:
                self.at = middle
                return False

    def next_is_greater(self, key, width: int) -> bool:
        """OP_Next then OP_IdxGT over ``width`` key columns: whether the entry after the
        cursor's (if any) sorts after ``key`` (else a UNIQUE index has a duplicate)."""
        self.at += 1
        if self.at >= len(self.entries):
            self.at = None
            return True
        return compare(self.entries[self.at][:width], key[:width]) > 0
