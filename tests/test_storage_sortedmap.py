"""storage/sortedmap.py: ``SortedMap`` behaves as ``SortedDict`` and costs the collector less.

Every table file's rows, and the catalog's per-table constraint and trigger trees, are
``SortedMap``s; a database of 10,000 tables holds tens of thousands of them. These tests
run the same random operations on a ``SortedMap`` and a ``sortedcontainers.SortedDict``
and compare everything the layers above read (order, views, ``irange``, ``bisect``,
``islice``, ``index``, ``peekitem``, copies), and check the point of the class: an empty
one is at most six objects the garbage collector tracks, where ``SortedDict`` has twenty,
and a full collection untracks the rows under it, where it walks every ``SortedDict`` entry.
``add_sorted`` (a bulk INSERT's new rowids and index entries) and ``SortedMap.add_new`` leave
the same list as ``SortedList.update`` would, its internal invariants intact.
"""

from __future__ import annotations

import copy
import gc
import pickle
import random

import pytest
from sortedcontainers import SortedDict, SortedList

from rowandb.storage.sortedmap import SortedMap, add_sorted


def _tracked_objects(make) -> int:
    """Objects tracked by the collector that ``make()`` creates and keeps."""
    gc.collect()
    keep = [make() for _ in range(200)]
    gc.collect()
    before = len(gc.get_objects())
    keep += [make() for _ in range(1000)]
    after = len(gc.get_objects())
    return round((after - before) / 1000)


def test_an_empty_map_is_few_objects_for_the_collector():
    assert _tracked_objects(SortedDict) >= 15            # the cost SortedMap removes
    assert _tracked_objects(SortedMap) <= 6


def test_a_key_function_is_refused():
    with pytest.raises(TypeError):
        SortedMap(lambda k: -k)
    with pytest.raises(KeyError):
        SortedMap().pop(1)
    with pytest.raises(KeyError):
        SortedMap().popitem()
    assert list(SortedMap(None, [(2, "b"), (1, "a")]).items()) == [(1, "a"), (2, "b")]


def _same(mine: SortedMap, theirs: SortedDict) -> None:
    assert list(mine.items()) == list(theirs.items())
    assert list(reversed(mine)) == list(reversed(theirs))
    assert len(mine) == len(theirs) and dict(mine) == dict(theirs)
    if theirs:
        assert mine.keys()[-1] == theirs.keys()[-1] and mine.keys()[0] == theirs.keys()[0]
        assert mine.peekitem(0) == theirs.peekitem(0)
        assert mine.peekitem() == theirs.peekitem()
        middle = theirs.keys()[len(theirs) // 2]
        assert mine.index(middle) == theirs.index(middle)
        assert mine.values()[len(mine) // 2] == theirs.values()[len(theirs) // 2]


@pytest.mark.parametrize("seed", range(6))
def test_random_operations_match_sorted_dict(seed):
    rnd = random.Random(seed)
    mine, theirs = SortedMap(), SortedDict()
    for step in range(2500):
        op = rnd.random()
        key = rnd.randrange(400)
        if op < 0.45:
            mine[key] = theirs[key] = (key, step)
        elif op < 0.6:
            assert mine.pop(key, None) == theirs.pop(key, None)
        elif op < 0.65 and key in theirs:
            del mine[key]
            del theirs[key]
        elif op < 0.7:
            assert mine.setdefault(key, step) == theirs.setdefault(key, step)
        elif op < 0.75:
            batch = [(rnd.randrange(400), step) for _ in range(rnd.randrange(30))]
            mine.update(batch)
            theirs.update(batch)
        elif op < 0.8 and theirs:
            index = rnd.randrange(-len(theirs), len(theirs))
            assert mine.popitem(index) == theirs.popitem(index)
        elif op < 0.9:
            low, high = sorted((rnd.randrange(400), rnd.randrange(400)))
            inclusive = (rnd.random() < 0.5, rnd.random() < 0.5)
            reverse = rnd.random() < 0.5
            assert list(mine.irange(low, high, inclusive, reverse)) == \
                list(theirs.irange(low, high, inclusive, reverse))
            assert mine.bisect_left(key) == theirs.bisect_left(key)
            assert mine.bisect_right(key) == theirs.bisect_right(key)
            assert mine.bisect(key) == theirs.bisect(key)
            assert list(mine.islice(low // 4, high // 4, reverse)) == \
                list(theirs.islice(low // 4, high // 4, reverse))
        elif op < 0.91:
            mine.clear()
            theirs.clear()
        else:
            assert (key in mine) == (key in theirs) and mine.get(key) == theirs.get(key)
    _same(mine, theirs)


def test_copies_stay_sorted_maps():
    mine = SortedMap((k, str(k)) for k in (5, 3, 9, 1))
    for other in (mine.copy(), copy.copy(mine), pickle.loads(pickle.dumps(mine))):
        assert type(other) is SortedMap and list(other.items()) == list(mine.items())
        other[0] = "0"
        assert 0 not in mine and list(other) == [0, 1, 3, 5, 9]
    mine.update((k, k) for k in range(40, 20, -1))
    mine.update({3: "three", 100: 1})
    assert list(mine) == [1, 3, 5, 9] + list(range(21, 41)) + [100] and mine[3] == "three"
    assert mine == dict(mine.items()) and mine == SortedMap(mine) and mine != SortedMap()


def test_rows_of_atoms_leave_the_collector_nothing_to_walk():
    """A full collection untracks the plain dict under a map of atom-only tuples (a
    ``SortedDict``, a dict subclass, stays tracked and is walked entry by entry)."""
    rows = SortedMap((rowid, (rowid, f"label-{rowid}", rowid / 3, None)) for rowid in range(5000))
    theirs = SortedDict(rows.items())
    gc.collect()
    assert not gc.is_tracked(rows._dict) and gc.is_tracked(theirs)
    rows[6000] = (6000, "x")           # a new row may be tracked again until the next one
    gc.collect()
    assert not gc.is_tracked(rows._dict) and rows.get(6000) == (6000, "x")


@pytest.mark.parametrize("seed", range(8))
def test_adding_sorted_values_leaves_what_update_would(seed):
    """Batches after the largest key (appended), interleaved, small and large against the
    list, into an empty list and one whose last sublist is short or full."""
    rnd = random.Random(seed)
    mine, theirs = SortedList(), SortedList()
    mine._reset(rnd.choice([4, 10, 1000]))
    taken: set = set()
    for _ in range(60):
        size = rnd.choice([0, 1, 3, 17, 40, min(len(theirs) + 1, 400)])
        if rnd.random() < 0.5:
            top = max(taken, default=0)
            batch = sorted(rnd.sample(range(top + 1, top + 3 * size + 2), size))
        else:
            batch = sorted(set(rnd.sample(range(10 ** 6), size)) - taken)
        taken.update(batch)
        add_sorted(mine, batch)
        theirs.update(batch)
        mine._check()
        assert list(mine) == list(theirs) and len(mine) == len(theirs)
        if theirs:
            probe = rnd.randrange(10 ** 6)
            assert mine.bisect_left(probe) == theirs.bisect_left(probe)
            assert mine[len(mine) // 3] == theirs[len(theirs) // 3]


def test_add_new_keeps_rows_and_keys_together():
    rows = SortedMap((k, (k,)) for k in (10, 20, 30))
    rows.add_new(range(31, 40), [(k, "new") for k in range(31, 40)])
    rows.add_new([25, 5, 15], [("a",), ("b",), ("c",)])
    assert list(rows) == [5, 10, 15, 20, 25, 30] + list(range(31, 40))
    assert rows[5] == ("b",) and rows[39] == (39, "new") and len(rows) == 15
    rows._list._check()


def test_a_batch_between_keys_is_merged_into_its_sublists_not_added_one_by_one(monkeypatch):
    """``add_sorted`` merges a batch that does not sort after the list into the sublists
    it falls in (``sortedruns.merge_sorted``): no ``SortedList.add`` per value, and a
    sublist that grows past twice the load is cut into pieces the list accepts."""
    keys = SortedList(range(0, 1000, 10))
    keys._reset(4)
    batch = sorted(set(range(1, 400)) - set(range(0, 1000, 10))) + [995, 2000]

    def refused(self, value):
        raise AssertionError("merged batches must not go value by value")
    monkeypatch.setattr(SortedList, "add", refused)
    add_sorted(keys, batch)
    keys._check()
    assert list(keys) == sorted(set(range(0, 1000, 10)) | set(batch))
    assert max(map(len, keys._lists)) <= 2 * keys._load
    assert keys.bisect_left(395) == list(keys).index(395) and keys[-1] == 2000
