"""Index entries that share their key objects with the entries beside them.

An index entry is ``(key_1, ..., key_n, rowid)`` where each key is a sort-key tuple such
as ``(1, 4486)`` (``planner/types/values.sort_key``): 56 bytes of its own for every entry.
An index on a foreign key holds each parent's key once per child, so ten children of one
parent hold ten equal key tuples. ``shared`` rebuilds a new entry so that its first key
is the very object its neighbour in the index (or in the same batch) already holds: the
entry compares, hashes and reads exactly as before, and the duplicate tuple is freed.

A key is shared only when it is *identical in value*, not merely equal: ``(1, 5)`` and
``(1, 5.0)`` compare equal but read back as different values (an index-only scan reads
values from the key), and ``0.0 == -0.0``; so keys holding a float, or components of
different types, are never shared.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter

_ATOMS = (int, str, bytes, type(None))


def _identical(a, b) -> bool:
    """``a`` and ``b`` stand for the same values: equal, component by component of the
    same type, and no float among them."""
    if a is b:
        return True
    if type(a) is not tuple or type(b) is not tuple or len(a) != len(b) or a != b:
        return False
    for x, y in zip(a, b):
        if type(x) is not type(y) or type(x) not in _ATOMS:
            return False
    return True


def _neighbours(entries, entry) -> tuple:
    """The entries of the ``SortedList`` just before and just after where ``entry`` goes."""
    maxes = entries._maxes
    if not maxes:
        return None, None
    pos = bisect_left(maxes, entry)
    lists = entries._lists
    if pos == len(maxes):
        return maxes[-1], None
    sub = lists[pos]
    i = bisect_left(sub, entry)
    before = sub[i - 1] if i else (lists[pos - 1][-1] if pos else None)
    return before, sub[i]


def shared(entries, entry: tuple, previous: tuple | None = None) -> tuple:
    """``entry`` with its first key replaced by an identical key object already held by
    ``previous`` (the entry before it in a sorted batch) or by its neighbours in
    ``entries``; ``entry`` itself when there is none."""
    if len(entry) < 2:
        return entry
    key = entry[0]
    if previous is not None and previous[0] is not key and _identical(previous[0], key):
        return (previous[0],) + entry[1:]
    for other in _neighbours(entries, entry):
        if other is not None and len(other) > 1:
            if other[0] is key:
                return entry
            if _identical(other[0], key):
                return (other[0],) + entry[1:]
    return entry


def shared_batch(entries, batch: list) -> list:
    """The entries of ``batch``, sorted, each sharing its first key as ``shared`` says --
    decided once per distinct key object (``_shared_runs``) when the entries have one
    width, as a bulk INSERT's do."""
    batch = sorted(batch)
    if len(batch) > 1 and len(set(map(len, batch))) == 1 and len(batch[0]) > 1:
        return _shared_runs(entries, batch)
    out = []
    previous = None
    for entry in batch:
        entry = shared(entries, entry, previous)
        out.append(entry)
        previous = entry
    return out


def _shared_runs(entries, batch: list) -> list:
    """``shared_batch`` of a sorted batch of entries of one width, with a Python step per
    distinct first-key *object* rather than per entry: entries whose first key is one
    object (a bulk INSERT builds each distinct key once: catalog/rows.py) are one run; a
    run takes the key of the run before it when identical, else an identical key held by
    the first entry of the index not below it (where the run goes; one cursor into the
    index moves forward as the keys ascend); the entries are rebuilt, column by column,
    only when some key was replaced."""
    firsts = list(map(itemgetter(0), batch))
    objects = dict(zip(map(id, firsts), firsts))       # each key object once, in order
    maxes, lists = entries._maxes, entries._lists
    replaced, previous, pos, end = {}, None, 0, len(maxes)
    sub, lo = lists[0] if lists else None, 0       # the cursor: sublist, position in it
    for key_id, key in objects.items():
        if previous is not None and previous == key and _identical(previous, key):
            chosen = previous
        else:
            chosen, probe = key, (key,)    # sorts before every entry starting with key
            if pos < end and maxes[pos] < probe:        # past the cursor's sublist
                pos = bisect_left(maxes, probe, pos + 1)
                if pos < end:
                    sub, lo = lists[pos], 0
            if pos < end:
                lo = bisect_left(sub, probe, lo)
                other = sub[lo][0]
                if other is not key and other == key and _identical(other, key):
                    chosen = other
        if chosen is not key:
            replaced[key_id] = chosen
        previous = chosen
    if not replaced:
        return batch
    keys = map(replaced.get, map(id, firsts), firsts)
    rest = [map(itemgetter(i), batch) for i in range(1, len(batch[0]))]
    return list(zip(keys, *rest))
