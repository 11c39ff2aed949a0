"""Removing many keys of a ``SortedList`` at once: a run of index entries, a batch of rowids.

``SortedList.remove`` bisects twice and then runs ``_delete``, about twenty lines of
Python that keep the positional index tree up to date for every key. A cascading DELETE
removes ten children per parent key: all the index entries that start with the parent
key (one contiguous run) and their rows, whose rowids are scattered over the table. The
two functions here do that work inside the sublists ``SortedList`` keeps (``_lists``,
``_maxes``, ``_index``, ``_load``: sortedcontainers 2.4, pinned in pyproject.toml),
keeping its invariants: every sublist non-empty, ``_maxes[pos]`` the last key of
``_lists[pos]``, ``_len`` the total, and the positional index either correct or emptied
(``SortedList`` rebuilds an empty one when a position is next asked for). Whenever a
removal would leave a sublist at half the load or less, it is merged with a neighbour
as ``_delete`` merges it (``remove_run``: once for the run) or the key goes through
``SortedList.remove`` (``remove_present``), so the lists stay as balanced as
``SortedList`` itself keeps them. A changed sublist is replaced whole
(``runlist.replace_run``): a ``RunList``'s sublists are tuples.
"""

from __future__ import annotations

from bisect import bisect_left

from sortedcontainers import SortedList

from .runlist import index_add, replace_run


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
    if stop == end and pos + 1 < len(maxes) and entries._lists[pos + 1][0][:k] == prefix:
        return _remove_slowly(entries, prefix)          # the run goes on in the next sublist
    run = list(sub[start:stop])
    if start == stop:
        return run
    rest = sub[:start] + sub[stop:]                     # one copy, whatever the run's length
    entries._len -= stop - start
    if len(rest) > entries._load >> 1:
        replace_run(entries, pos, rest)
        index_add(entries, pos, start - stop)
    else:
        _rebalance(entries, pos, rest)
    return run


def _rebalance(keys: SortedList, pos: int, rest) -> None:
    """Put ``rest`` (at most half the load) in place of sublist ``pos``, merged with a
    neighbour as ``SortedList._delete`` merges a short sublist: one copy for the run."""
    lists, maxes = keys._lists, keys._maxes
    del keys._index[:]
    if len(lists) == 1:
        if rest:
            replace_run(keys, pos, rest)
        else:
            del lists[pos], maxes[pos]
        return
    if pos:
        merged, at = [*lists[pos - 1], *rest], pos - 1
    else:
        merged, at = [*rest, *lists[1]], 0
    del lists[at + 1], maxes[at + 1]
    replace_run(keys, at, merged)
    keys._expand(at)                                    # split again when too long


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
    """Remove every key of ``doomed`` (each present once, none repeated) from ``keys``:
    each sublist that loses keys is rebuilt once (a ``RunList``'s are tuples)."""
    maxes, lists, half = keys._maxes, keys._lists, keys._load >> 1
    by_run: dict = {}
    for key in doomed:
        by_run.setdefault(bisect_left(maxes, key), []).append(key)
    slow = []
    for pos, gone in by_run.items():
        sub = lists[pos]
        if len(sub) - len(gone) <= half:
            slow += gone                    # SortedList merges this sublist: its own way
            continue
        places = []
        for key in gone:
            idx = bisect_left(sub, key)
            if idx == len(sub) or sub[idx] != key:
                raise ValueError(f"{key!r} not in list")
            places.append(idx)
        kept = list(sub) if type(sub) is tuple else sub     # lists and arrays: in place
        for idx in sorted(places, reverse=True):
            del kept[idx]
        replace_run(keys, pos, kept)
        keys._len -= len(gone)
    if len(slow) < len(doomed):
        del keys._index[:]
    for key in slow:
        keys.remove(key)
