"""storage/runlist.py: ``RunList`` and ``RowidList`` behave exactly as ``SortedList``, and
the collector skips their contents.

Random adds, removals, pops, deletions by index and slice, and bulk updates run on a
``RunList`` (tuple sublists) or a ``RowidList`` (``array('q')`` sublists) and on a
``SortedList`` side by side, with small load factors so sublists split, merge and empty;
after every step both hold the same values, answer the same positions, bisections and
slices, pass ``SortedList._check`` and the sublists are all of the class's kind. The last
tests prove the point of the classes: after collections no sublist of an index's entries
is tracked and a table's rowid sublists refer to no object (an array's only referent is
its type), and ``add_sorted`` (a bulk INSERT's batches) keeps building them.
"""

from __future__ import annotations

import gc
import random
from array import array

import pytest
from sortedcontainers import SortedList

from rowandb.storage.memory import IndexFile, MemoryStore
from rowandb.storage.runlist import RowidList, RunList
from rowandb.storage.rowruns import RowidMap
from rowandb.storage.sortedmap import SortedMap, add_sorted

RUN_TYPES = {RunList: tuple, RowidList: array}


def _same(mine, theirs: SortedList, rng: random.Random) -> None:
    mine._check()
    assert all(type(sub) is RUN_TYPES[type(mine)] for sub in mine._lists)
    assert list(mine) == list(theirs) and len(mine) == len(theirs)
    n = len(theirs)
    if n:
        i, j = sorted((rng.randrange(-n, n + 3), rng.randrange(-n, n + 3)))
        assert mine[i:j] == theirs[i:j] and type(mine[i:j]) is list
        assert mine[j:i:-1] == theirs[j:i:-1] and mine[::3] == theirs[::3]
        k = rng.randrange(n)
        assert mine[k] == theirs[k] and mine[-1 - k] == theirs[-1 - k]
    probe = rng.randrange(-5, 3005)
    assert mine.bisect_left(probe) == theirs.bisect_left(probe)
    assert mine.bisect_right(probe) == theirs.bisect_right(probe)
    assert (probe in mine) == (probe in theirs)
    assert list(mine.irange(probe, probe + 40)) == list(theirs.irange(probe, probe + 40))


def _step(mine, theirs, rng) -> None:
    op = rng.randrange(7)
    if op == 0 or not theirs:
        values = [rng.randrange(3000) for _ in range(rng.choice([1, 5, 40, 400]))]
        mine.update(values)
        theirs.update(values)
    elif op == 1:
        value = rng.randrange(3000)
        mine.add(value)
        theirs.add(value)
    elif op == 2:
        value = theirs[rng.randrange(len(theirs))]
        mine.remove(value)
        theirs.remove(value)
    elif op == 3:
        index = rng.randrange(-len(theirs), len(theirs))
        assert mine.pop(index) == theirs.pop(index)
    elif op == 4:
        i = rng.randrange(len(theirs))
        j = i + rng.choice([1, 3, 50, len(theirs)])
        del mine[i:j]
        del theirs[i:j]
    elif op == 5:
        value = rng.randrange(3000)
        mine.discard(value)
        theirs.discard(value)
    else:
        mine[rng.randrange(len(theirs))]        # builds the positional index
        theirs[0]


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("load", [4, 7, 50, 500])
@pytest.mark.parametrize("kind", [RunList, RowidList])
def test_runlist_answers_as_sortedlist(seed, load, kind):
    rng = random.Random(seed)
    mine, theirs = kind(), SortedList()
    mine._reset(load)
    theirs._reset(load)
    for _ in range(150):
        _step(mine, theirs, rng)
        _same(mine, theirs, rng)
    assert list(mine.copy()) == list(theirs) and type(mine.copy()) is kind


@pytest.mark.parametrize("key", [lambda k: (2, f"k{k}"), lambda k: (1, k)],
                         ids=["text keys: tuples", "integer keys: packed"])
def test_the_collector_skips_what_a_table_and_an_index_hold(key):
    """What a full collection walks: the sublists of a table's rowid keys are arrays, and
    an index's entries untracked tuples (text keys) or arrays of packed codes (integer
    keys, packedentries.py); a list of them would always be tracked."""
    store = MemoryStore()
    txn = store.begin()
    table = txn.create_file("table", "t")
    index = txn.create_file("index", "i")
    rowids = list(range(1, 5001))
    txn.insert_rows(table, rowids, [(r % 7, "x" * (r % 5)) for r in rowids])
    txn.insert_entries(index, [(key(r % 7), r) for r in rowids])
    for r in range(5001, 5300):                        # single rows and entries too
        txn.insert_row(table, r, (r, "y"))
        txn.insert_entry(index, (key(r % 11), r))
    txn.commit()
    for _ in range(3):      # a tuple is untracked once its items are: key, entry, sublist
        gc.collect()
    rows, entries = store.table(table).rows, store.index(index).entries
    packed = key(0)[0] == 1
    assert (entries.general is None) is packed
    inner = entries.codes if packed else entries.general
    assert len(rows._keys) >= 5 and len(inner._lists) >= 5
    # the records of a table (rowruns.py): tuples, but the run the single rows were
    # written to, a list until a scan takes a snapshot of the table
    assert all(type(run) is tuple and not gc.is_tracked(run) for run in rows._vals[:-1])
    assert type(rows._vals[-1]) is list and len(list(rows.pairs())) == 5299
    gc.collect()
    assert all(type(run) is tuple and not gc.is_tracked(run) for run in rows._vals)
    if packed:
        assert all(type(sub) is array and gc.get_referents(sub) == [array]
                   for sub in inner._lists)
    else:
        assert all(type(sub) is tuple and not gc.is_tracked(sub) for sub in inner._lists)
    assert all(type(sub) in (array, range) and not gc.is_tracked(sub) for sub in rows._keys)
    assert all(type(sub) is range for sub in rows._keys)     # consecutive rowids: no array
    assert list(entries) == sorted([(key(r % 7), r) for r in rowids]
                                   + [(key(r % 11), r) for r in range(5001, 5300)])


@pytest.mark.parametrize("kind", [RunList, RowidList])
def test_add_sorted_into_a_runlist_builds_its_sublists(kind):
    rng = random.Random(3)
    mine, theirs = kind(), SortedList()
    mine._reset(10)
    taken: set = set()
    for _ in range(40):
        batch = sorted(set(rng.sample(range(10 ** 5), rng.choice([1, 9, 30, 200]))) - taken)
        taken.update(batch)
        add_sorted(mine, batch)
        theirs.update(batch)
        mine._check()
        assert all(type(sub) is RUN_TYPES[kind] for sub in mine._lists)
        assert list(mine) == list(theirs)
    for rows in (SortedMap(), RowidMap()):
        rows.add_new([3, 1, 2], ["c", "a", "b"])
        assert list(rows.items()) == [(1, "a"), (2, "b"), (3, "c")]
        assert type(rows.copy()) is type(rows) and rows.copy() == rows
    assert type(rows._keys[0]) is range and type(rows._vals[0]) is tuple   # 1, 2, 3


@pytest.mark.parametrize("load", [4, 7, 250])
def test_an_equality_lookup_reads_the_sublists_as_a_bisection_would(load):
    """``IndexFile.range(p, p)`` walks the sublist of the run's first entry
    (``memory._prefix_run``): runs shorter and longer than its walk, runs across sublists,
    keys before, between and after all entries."""
    rng = random.Random(load)
    index = IndexFile(1, "i")
    index.entries._reset(load)
    plain = sorted({((1, rng.randrange(60)), rowid) for rowid in range(800)})
    index.entries.update(plain)
    for key in range(-1, 62):
        prefix = ((1, key),)
        run = [entry for entry in plain if entry[:1] == prefix]
        assert index.range(prefix, prefix) == run
        assert index.range(prefix, prefix, reverse=True) == run[::-1]
