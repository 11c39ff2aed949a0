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
removal would leave a sublist at half the load or less, it is merged with a neighbour
as ``_delete`` merges it (``remove_run``: once for the run) or the key goes through
``SortedList.remove`` (``remove_present``), so the lists stay as balanced as
``SortedList`` itself keeps them. A changed sublist is replaced whole
(``runlist.replace_run``): a ``RunList``'s sublists are tuples.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

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
    make = getattr(keys, "make_run", None) or _as_is   # a RunList's tuples, arrays...
    out_lists: list = []
    last, pos, start, n = len(lists) - 1, 0, 0, len(values)
    while start < n:
        found = min(bisect_left(maxes, values[start], pos), last)
        out_lists += lists[pos:found]
        stop = n if found == last else bisect_right(values, maxes[found], start)
        sub = lists[found]
        if type(sub) is not list:           # worked on as a list, made a run again below
            sub = list(sub)
        if (stop - start) * _INSORT_BELOW < len(sub):
            lo = 0                          # a few values: a C bisection each
            for value in values[start:stop]:
                lo = bisect_right(sub, value, lo)
                sub.insert(lo, value)
        else:
            sub += values[start:stop]
            sub.sort()
        if len(sub) > load << 1:
            out_lists += [make(piece) for piece in _pieces(sub, len(sub) // load)]
        else:
            out_lists.append(make(sub))
        pos, start = found + 1, stop
    out_lists += lists[pos:]
    lists[:] = out_lists
    maxes[:] = [sub[-1] for sub in out_lists]
    keys._len += n
    del keys._index[:]


def _as_is(sub: list) -> list:
    return sub


def _pieces(sub: list, count: int) -> list:
    """``sub`` cut into ``count`` consecutive pieces of (almost) equal length."""
    size = len(sub)
    return [sub[i * size // count:(i + 1) * size // count] for i in range(count)]
