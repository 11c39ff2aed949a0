"""``RunList`` and ``RowidList``: ``SortedList``s whose sublists the collector can skip.

``sortedcontainers.SortedList`` keeps its values in sublists of about a thousand: plain
``list`` objects. CPython tracks every list for the cyclic garbage collector whatever it
holds, so a full collection reads every pointer of every sublist -- two per row of a
table with one index (the rowid keys of ``SortedMap`` and the index entries), each a cache
miss -- and at a million rows that walk costs about 0.16 s CPU per full collection
(docs/PERFORMANCE.md, branch memrow). A *tuple* whose items are all untracked (ints, strs,
floats, tuples of those) is untracked by the first collection that sees it, and the
collector then never looks inside it again.

``RunList`` keeps the sublists (``_lists``) as tuples and builds a new tuple whenever one
changes. Every other part of ``SortedList`` is inherited: the maxima (``_maxes``), the
positional index (``_index``), the load factor (``_load``) and all reads, which index,
slice and bisect tuples as they did lists. The methods that changed a sublist in place
(``add``, ``_expand``, ``_delete``, ``update``) are replaced, and ``__getitem__`` returns a
``list`` for a slice, as ``SortedList`` does. A tuple is rebuilt in one copy, so a
single-value change costs O(load) instead of a memmove (about 3 us more per single add
or removal at a million values); the load is 250 (sublists of 125 to 500 values, against
``SortedList``'s 1,000) to keep that copy short.

``RowidList`` holds 64-bit ints (a packed index's codes, packedentries.py), so its
sublists are ``array('q')``, which is no object to the collector at all and changes in
place as a list does (a cascading DELETE removes codes scattered over the index, one per
sublist: a tuple would be copied for each). A table's rows have their own runs
(rowruns.py). Code that works on the sublists directly
(``sortedmap.add_sorted``, ``sortedruns``) makes them with ``make_run``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from functools import reduce
from itertools import chain
from operator import iadd

from sortedcontainers import SortedList

LOAD = 250


def _slice_as_list(self, index):
    """``SortedList.__getitem__``, but a slice of sublists that are not lists is a list."""
    if not isinstance(index, slice):
        return SortedList.__getitem__(self, index)
    start, stop, step = index.indices(self._len)
    if step != 1:
        return SortedList.__getitem__(self, index)   # index by index, into a list
    if start >= stop:
        return []
    lists = self._lists
    if start == 0 and stop == self._len:
        return reduce(iadd, lists, [])
    start_pos, start_idx = self._pos(start)
    first = lists[start_pos]
    stop_idx = start_idx + stop - start
    if len(first) >= stop_idx:
        return list(first[start_idx:stop_idx])
    stop_pos, stop_idx = ((len(lists) - 1, len(lists[-1])) if stop == self._len
                          else self._pos(stop))
    result = list(first[start_idx:])
    for sub in lists[start_pos + 1:stop_pos]:
        result += sub
    result += lists[stop_pos][:stop_idx]
    return result


def _update(keys: SortedList, iterable, add) -> None:
    """``SortedList.update``: a batch under a quarter of ``keys`` is added value by value
    (``add``), a larger one sorted in with every value; sublists made by ``make_run``."""
    values = sorted(iterable)
    if keys._maxes:
        if len(values) * 4 < keys._len:
            for value in values:
                add(value)
            return
        values += chain.from_iterable(keys._lists)
        values.sort()
        keys.clear()
    load, make = keys._load, keys.make_run
    keys._lists.extend([make(values[p:p + load]) for p in range(0, len(values), load)])
    keys._maxes.extend([sub[-1] for sub in keys._lists])
    keys._len = len(values)
    del keys._index[:]


class RunList(SortedList):
    """A ``SortedList`` (natural order, no key function) with tuple sublists."""

    DEFAULT_LOAD_FACTOR = LOAD

    def add(self, value) -> None:
        lists, maxes = self._lists, self._maxes
        if maxes:
            pos = bisect_right(maxes, value)
            if pos == len(maxes):
                pos -= 1
                lists[pos] += (value,)
                maxes[pos] = value
            else:
                sub = list(lists[pos])          # two copies: fewer than slicing
                sub.insert(bisect_right(sub, value), value)
                lists[pos] = tuple(sub)
            self._expand(pos)
        else:
            lists.append((value,))
            maxes.append(value)
        self._len += 1

    def _expand(self, pos: int) -> None:
        load, lists = self._load, self._lists
        sub = lists[pos]
        if len(sub) > (load << 1):
            lists[pos] = sub[:load]
            lists.insert(pos + 1, sub[load:])
            self._maxes[pos] = sub[load - 1]
            self._maxes.insert(pos + 1, sub[-1])
            del self._index[:]
        else:
            index_add(self, pos, 1)

    def update(self, iterable) -> None:
        _update(self, iterable, self.add)

    _update = update

    def _delete(self, pos: int, idx: int) -> None:
        lists, maxes = self._lists, self._maxes
        sub = list(lists[pos])
        del sub[idx]
        sub = lists[pos] = tuple(sub)
        self._len -= 1
        if len(sub) > (self._load >> 1):
            maxes[pos] = sub[-1]
            index_add(self, pos, -1)
        elif len(lists) > 1:
            if not pos:
                pos += 1
            prev = pos - 1
            lists[prev] += lists[pos]
            maxes[prev] = lists[prev][-1]
            del lists[pos], maxes[pos]
            del self._index[:]
            self._expand(prev)
        elif sub:
            maxes[pos] = sub[-1]
        else:
            del lists[pos], maxes[pos]
            del self._index[:]

    __getitem__ = _getitem = _slice_as_list

    @staticmethod
    def make_run(values) -> tuple:
        """A sublist of ``values`` (a sequence), as this class keeps them."""
        return tuple(values)


class RowidList(SortedList):
    """A ``SortedList`` of 64-bit ints (a packed index's codes) whose sublists are ``array('q')``:
    no object to the collector at all, and changed in place as a list is."""

    DEFAULT_LOAD_FACTOR = 1000

    def add(self, value) -> None:
        if self._maxes:
            SortedList.add(self, value)         # insort and split work on arrays
        else:
            self._lists.append(array("q", (value,)))
            self._maxes.append(value)
            self._len += 1

    def update(self, iterable) -> None:
        _update(self, iterable, self.add)

    _update = update
    __getitem__ = _getitem = _slice_as_list

    @staticmethod
    def make_run(values) -> array:
        return array("q", values)


def make_run(keys: SortedList, values):
    """A sublist of ``keys`` holding ``values``: a tuple, an array or a list."""
    return getattr(keys, "make_run", list)(values)


def replace_run(keys: SortedList, pos: int, sub) -> None:
    """Put ``sub`` (non-empty) in place of sublist ``pos`` of ``keys``, as ``keys`` keeps
    its sublists, and its last value as the sublist's maximum; the caller keeps ``_len``
    and ``_index``."""
    keys._lists[pos] = sub if type(sub) is type(keys._lists[pos]) else make_run(keys, sub)
    keys._maxes[pos] = sub[-1]


def index_add(keys: SortedList, pos: int, count: int) -> None:
    """Add ``count`` (negative: take) to sublist ``pos`` in the positional index, if built."""
    index = keys._index
    if index:
        child = keys._offset + pos
        while child > 0:
            index[child] += count
            child = (child - 1) >> 1
        index[0] += count
