"""storage/sortedruns.py: batch removals inside ``SortedList`` keep it a valid SortedList.

``remove_runs`` and ``remove_sorted`` work on ``SortedList``'s sublists directly (the
cascading DELETE's batch, exec/fkcascade.py, and a DELETE's rows, exec/batch_delete.py).
These tests run random removals -- one prefix or key at a time and many at once, a few
keys per sublist (one bisection each) and many (one filtering pass) -- on lists with a
small load factor -- so runs span sublists, sublists shrink below half the load and
empty, and the positional index is built between removals -- against a plain sorted
Python list, and check ``SortedList._check`` (its own invariant check) after every step,
on a ``SortedList``, on a ``RunList`` (storage/runlist.py: an index's tuple sublists) and,
for rowids, on a ``RowidList`` (array sublists), whose sublists must stay of their kind.
"""

from __future__ import annotations

import random
from array import array

import pytest
from sortedcontainers import SortedList

from rowandb.storage.runlist import RowidList, RunList
from rowandb.storage.sortedruns import remove_runs, remove_sorted

KINDS = [SortedList, RunList]       # RunList: tuple sublists (the indexes')
RUNS = {SortedList: list, RunList: tuple, RowidList: array}


def _entries(rng, n, keys):
    return sorted({((1, rng.randrange(keys)), rowid) for rowid in range(n)})


def _same(sorted_list, plain, step) -> None:
    sorted_list._check()
    assert all(type(sub) is RUNS[type(sorted_list)] for sub in sorted_list._lists)
    assert list(sorted_list) == plain and len(sorted_list) == len(plain)
    assert [sorted_list[i] for i in range(0, len(plain), step)] == plain[::step]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("load", [4, 7, 1000])
@pytest.mark.parametrize("many", [1, 6, 30])
@pytest.mark.parametrize("kind", KINDS)
def test_remove_runs_takes_exactly_the_entries_with_the_prefixes(seed, load, many, kind):
    rng = random.Random(seed)
    plain = _entries(rng, 400, 40)
    entries = kind(plain)
    entries._reset(load)
    for _ in range(60):
        if rng.random() < 0.5:
            entries[rng.randrange(len(entries))] if entries else None   # builds the index
        prefixes = sorted({((1, rng.randrange(45)),) for _ in range(rng.randrange(1, many + 1))})
        expected = [e for e in plain if e[:1] in prefixes]
        assert remove_runs(entries, prefixes) == expected
        plain = [e for e in plain if e[:1] not in prefixes]
        _same(entries, plain, 7)


def test_remove_runs_of_nothing_and_from_nothing():
    entries = SortedList([((1, 2), 5)])
    assert remove_runs(entries, []) == [] and remove_runs(entries, [((1, 3),)]) == []
    assert remove_runs(entries, [((1, 2),)]) == [((1, 2), 5)]
    _same(entries, [], 1)
    assert remove_runs(entries, [((1, 2),)]) == []


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("load", [4, 7, 64, 1000])
@pytest.mark.parametrize("most", [3, 60, 900])
@pytest.mark.parametrize("kind", KINDS + [RowidList])       # RowidList: a table's rowids
def test_remove_sorted_removes_a_scattered_batch(seed, load, most, kind):
    rng = random.Random(seed)
    plain = list(range(0, 3000, 3))
    keys = kind(plain)
    keys._reset(load)
    while plain:
        if rng.random() < 0.5:
            keys[rng.randrange(len(keys))]                                # builds the index
        doomed = rng.sample(plain, min(len(plain), rng.randrange(1, most + 1)))
        remove_sorted(keys, sorted(doomed))
        gone = set(doomed)
        plain = [k for k in plain if k not in gone]
        _same(keys, plain, 5)
        assert keys.bisect_left(1500) == sum(1 for k in plain if k < 1500)
        keys.add(plain[0] + 1 if plain else 1)          # still a working SortedList
        keys.remove(plain[0] + 1 if plain else 1)


@pytest.mark.parametrize("doomed", [[3], [2, 3], list(range(0, 200, 2)) + [201]])
@pytest.mark.parametrize("kind", KINDS + [RowidList])
def test_remove_sorted_refuses_a_missing_key(doomed, kind):
    keys = kind(range(0, 5000, 2))
    keys._reset(64)
    with pytest.raises(ValueError):
        remove_sorted(keys, doomed)
