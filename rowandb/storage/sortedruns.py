"""Removing many keys of a ``SortedList`` at once: runs of index entries, a batch of rowids;
and adding a sorted batch of new keys at once (``merge_sorted``).

``SortedList.remove`` bisects twice and then runs ``_delete``, about twenty lines of
Python that keep the positional index tree up to date for every key. A cascading DELETE
removes ten children per parent key: all the index entries that start with the parent
key (one contiguous run per key) and their rows, whose rowids are scattered over the
table. The two functions here do that work inside the sublists ``SortedList`` keeps
(``_lists``, ``_maxes``, ``_index``, ``_load``: sortedcontainers 2.4, pinned in
pyproject.toml), in one walk from the first sublist to the last for a whole sorted batch,
and then settle its invariants once (``_settle``): every sublist non-empty and, but the
last, holding at least half the load (a smaller one is merged with a neighbour and the
merge split in two if it holds more than twice the load, as ``SortedList._delete`` and
``_expand`` keep them), ``_maxes[pos]`` the last key of ``_lists[pos]``, ``_len`` the
total, and the positional index emptied (``SortedList`` rebuilds it when a position is
next asked for). A ``RunList`` keeps its sublists as tuples and a ``RowidList`` as arrays
(runlist.py): a tuple is worked on as a list, and ``_settle`` makes each sublist it
touched of the list's kind again (``_as_run``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from sortedcontainers import SortedList


# a sublist losing at least one key in this many goes through one filtering pass (a
# list comprehension over the sublist) instead of one bisection and deletion per key
_FILTER_RATIO = 16


def remove_runs(entries: SortedList, prefixes: list) -> list:
    """Remove and return, in index order, every entry (a tuple) whose first ``k`` fields
    equal one of ``prefixes`` (ascending, distinct tuples of one length ``k``), as
    ``IndexFile.range(prefix, prefix)`` finds them. A prefix sorts before every entry
    that starts with it, so ``bisect_left`` finds the first entry of its run."""
    if not prefixes or not entries._lists:
        return []
    return cut_runs(entries, [(prefix, prefix) for prefix in prefixes], _prefix_stop)


def _prefix_stop(sub, prefix: tuple, start: int) -> int:
    """Where the run of entries of ``sub`` from ``start`` that begin with ``prefix`` ends."""
    k, end, stop = len(prefix), len(sub), start
    while stop < end and sub[stop][:k] == prefix:
        stop += 1
    return stop


def cut_runs(keys: SortedList, runs: list, stop_of) -> list:
    """Remove and return, in order, the keys of every run of ``runs``: ``(low, bound)``
    pairs, ascending and disjoint. A run starts at the first key not below ``low`` and
    ends at ``stop_of(sublist, bound, start)`` (``remove_runs``: the entries with a prefix;
    packedentries.py: ``bisect_left`` of a code), going on into the next sublists while it
    reaches a sublist's end; each is cut out of its sublists in place and the invariants
    settled once."""
    maxes, lists = keys._maxes, keys._lists
    last = len(lists) - 1
    removed: list = []
    touched, pos = [], 0
    for low, bound in runs:
        # a sublist emptied or cut short keeps its old maximum until ``_settle``: the keys
        # it lost were of an earlier run, so the bisection still skips the sublist rightly
        pos = bisect_left(maxes, low, pos)
        while pos <= last:                  # the run may go on into the next sublists
            sub = lists[pos]
            end = len(sub)
            start = bisect_left(sub, low)
            stop = stop_of(sub, bound, start)
            if stop > start:
                if type(sub) is tuple:
                    sub = lists[pos] = list(sub)
                removed += sub[start:stop]
                del sub[start:stop]
                touched.append(pos)
            if stop < end:
                break
            pos += 1
        if pos > last:
            break
    _settle(keys, len(removed), touched)
    return removed


def remove_sorted(keys: SortedList, doomed: list) -> None:
    """Remove every key of ``doomed`` (ascending, distinct, each present, hashable and
    equal to no other key) from ``keys``; ValueError for a key that is not there."""
    maxes, lists = keys._maxes, keys._lists
    touched, pos, i, n = [], 0, 0, len(doomed)
    while i < n:
        pos = bisect_left(maxes, doomed[i], pos)
        if pos == len(maxes):
            raise ValueError(f"{doomed[i]!r} not in list")
        j = bisect_right(doomed, maxes[pos], i)         # doomed[i:j] lie in lists[pos]
        sub = lists[pos]
        if (j - i) * _FILTER_RATIO < len(sub):
            if type(sub) is tuple:
                sub = lists[pos] = list(sub)
            for key in doomed[i:j]:
                at = bisect_left(sub, key)
                if at == len(sub) or sub[at] != key:
                    raise ValueError(f"{key!r} not in list")
                del sub[at]
        else:
            gone = set(doomed[i:j])
            kept = [key for key in sub if key not in gone]
            if len(kept) != len(sub) - (j - i):
                raise ValueError(f"{doomed[i:j]!r} not all in list")
            lists[pos] = kept
        touched.append(pos)
        i = j
    _settle(keys, n, touched)


def _settle(keys: SortedList, count: int, touched: list) -> None:
    """Restore ``SortedList``'s invariants after ``count`` keys went from the sublists at
    ``touched`` (ascending positions, possibly repeated)."""
    if not touched:
        return
    keys._len -= count
    del keys._index[:]
    lists, maxes = keys._lists, keys._maxes
    for pos in set(touched):
        sub = lists[pos] = _as_run(keys, lists[pos])
        if sub:
            maxes[pos] = sub[-1]
    half, double = keys._load >> 1, keys._load << 1
    for pos in sorted(set(touched), reverse=True):
        while pos < len(lists):
            sub = lists[pos]
            if len(sub) >= half or sub and pos == len(lists) - 1:
                break
            if len(lists) == 1:             # the one sublist left is empty
                del lists[:], maxes[:]
                break
            low = pos if pos + 1 < len(lists) else pos - 1
            merged = [*lists[low], *lists[low + 1]]
            if len(merged) > double:
                middle = len(merged) >> 1
                lists[low:low + 2] = [_as_run(keys, merged[:middle]),
                                      _as_run(keys, merged[middle:])]
                maxes[low:low + 2] = [merged[middle - 1], merged[-1]]
            elif merged:
                lists[low:low + 2] = [_as_run(keys, merged)]
                maxes[low:low + 2] = [merged[-1]]
            else:                           # two emptied sublists side by side
                del lists[low:low + 2], maxes[low:low + 2]
            pos = low



def _as_run(keys: SortedList, sub):
    """``sub`` as a sublist of ``keys``: a list worked on becomes a ``RunList``'s tuple or a
    ``RowidList``'s array again; a plain ``SortedList``'s, and an array changed in place,
    stay as they are."""
    make = getattr(keys, "make_run", None)
    return sub if make is None or type(sub) is not list else make(sub)


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
            out_lists += [_as_run(keys, piece) for piece in _pieces(sub, len(sub) // load)]
        else:
            out_lists.append(_as_run(keys, sub))
        # the old sublist freed now, so the C heap reuses its memory for the next new one
        # (kept to the end, a merge grew the heap by the whole index and left that much
        # free heap with the process: docs/PERFORMANCE.md, branch memrow4)
        lists[found] = sub = None
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
