"""Removing many keys of a ``SortedList`` at once: a run of index entries, a batch of rowids;
and adding a sorted batch of new keys at once (``merge_sorted``).

``SortedList.remove`` bisects twice and then runs ``_delete``, about twenty lines of
Python that keep the positional index tree up to date for every key. A cascading DELETE
removes ten children per parent key: all the index entries that start with the parent
key (one contiguous run) and their rows, whose rowids are scattered over the table. The
two functions here do that work inside the sublists ``SortedList`` keeps (``_lists``,
``_maxes``, ``_index``, ``_load``: sortedcontainers 2.4, pinned in pyproject.toml),
keeping its invariants: every sublist non-empty, ``_maxes[pos]`` the last key of
``_lists[pos]``, ``_len`` the total, and the positional index either correct or emptied
(``SortedList`` rebuilds an empty one when a position is next asked for). Whenever a
removal would leave a sublist at half the load or less -- where ``_delete`` merges it
with a neighbour -- the key goes through ``SortedList.remove`` instead, so the lists stay
as balanced as ``SortedList`` itself keeps them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from sortedcontainers import SortedList


def remove_run(entries: SortedList, prefix: tuple) -> list:
    """Remove and return, in order, every entry (a tuple) whose first ``len(prefix)``
    fields equal ``prefix``, as ``IndexFile.range(prefix, prefix)`` finds them."""
    maxes, k = entries._maxes, len(prefix)
    pos = bisect_left(maxes, prefix)
    if pos == len(maxes):
        return []
    sub = entries._lists[pos]
    start = stop = bisect_left(sub, prefix)
    end = len(sub)
    while stop < end and sub[stop][:k] == prefix:
        stop += 1
    count = stop - start
    if stop == end and pos + 1 < len(maxes) and entries._lists[pos + 1][0][:k] == prefix:
        return _remove_slowly(entries, prefix)          # the run goes on in the next sublist
    if end - count <= entries._load >> 1:
        run = sub[start:stop]
        for entry in run:
            entries.remove(entry)
        return run
    run = sub[start:stop]
    del sub[start:stop]
    entries._len -= count
    if stop == end:
        maxes[pos] = sub[-1]
    _index_less(entries, pos, count)
    return run


def _remove_slowly(entries: SortedList, prefix: tuple) -> list:
    """``remove_run`` for a run that spans sublists, through the public interface."""
    k, run = len(prefix), []
    i = entries.bisect_left(prefix)
    while i + len(run) < len(entries) and entries[i + len(run)][:k] == prefix:
        run.append(entries[i + len(run)])
    for entry in run:
        entries.remove(entry)
    return run


def remove_present(keys: SortedList, doomed: list) -> None:
    """Remove every key of ``doomed`` (each present once, none repeated) from ``keys``."""
    maxes, lists, half = keys._maxes, keys._lists, keys._load >> 1
    removed, touched = 0, False
    for key in doomed:
        pos = bisect_left(maxes, key)
        sub = lists[pos]
        if len(sub) <= half + 1:
            keys._len -= removed            # settle before SortedList works on its own
            removed = 0
            if touched:
                del keys._index[:]
                touched = False
            keys.remove(key)
            continue
        idx = bisect_left(sub, key)
        if sub[idx] != key:
            raise ValueError(f"{key!r} not in list")
        del sub[idx]
        removed += 1
        touched = True
        if idx == len(sub):
            maxes[pos] = sub[-1]
    keys._len -= removed
    if touched:
        del keys._index[:]


def _index_less(entries: SortedList, pos: int, count: int) -> None:
    """Take ``count`` keys off sublist ``pos`` in the positional index tree, if built."""
    index = entries._index
    if index:
        child = entries._offset + pos
        while child > 0:
            index[child] -= count
            child = (child - 1) >> 1
        index[0] -= count


_INSORT_BELOW = 8      # values placed one by one while fewer than a sublist's length / 8


def merge_sorted(keys: SortedList, values: list) -> None:
    """Add ``values`` -- ascending, none equal to a key of ``keys`` -- to ``keys``, one
    touched sublist at a time: the values that sort up to a sublist's last key are
    appended to it and the sublist sorted again (two sorted runs: Python's sort merges
    them, galloping past stretches that do not interleave -- but finding the sublist's own
    run costs a comparison per key it holds, so a few values are placed by bisection
    instead, ``_INSORT_BELOW``), and a sublist grown past twice
    the load is cut into pieces of one to two loads. Two C bisections per touched sublist find its
    values, so a batch costs its own size plus the sublists it touches, instead of about
    twenty Python-level comparisons per value (``SortedList.add``) or a sort of the whole
    list; the invariants are those ``SortedList`` keeps (non-empty sublists, ``_maxes``,
    ``_len``; the positional index emptied, to be rebuilt when next asked for)."""
    lists, maxes, load = keys._lists, keys._maxes, keys._load
    if not lists:
        keys.update(values)
        return
    out_lists: list = []
    last, pos, start, n = len(lists) - 1, 0, 0, len(values)
    while start < n:
        found = min(bisect_left(maxes, values[start], pos), last)
        out_lists += lists[pos:found]
        stop = n if found == last else bisect_right(values, maxes[found], start)
        sub = lists[found]
        if (stop - start) * _INSORT_BELOW < len(sub):
            lo = 0                          # a few values: a C bisection each
            for value in values[start:stop]:
                lo = bisect_right(sub, value, lo)
                sub.insert(lo, value)
        else:
            sub += values[start:stop]
            sub.sort()
        if len(sub) > load << 1:
            out_lists += _pieces(sub, len(sub) // load)
        else:
            out_lists.append(sub)
        pos, start = found + 1, stop
    out_lists += lists[pos:]
    lists[:] = out_lists
    maxes[:] = [sub[-1] for sub in out_lists]
    keys._len += n
    del keys._index[:]


def _pieces(sub: list, count: int) -> list:
    """``sub`` cut into ``count`` consecutive pieces of (almost) equal length."""
    size = len(sub)
    return [sub[i * size // count:(i + 1) * size // count] for i in range(count)]
