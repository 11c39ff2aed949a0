"""storage/sortedruns.py: batch removals inside ``SortedList`` keep it a valid SortedList.

``remove_run`` and ``remove_present`` work on ``SortedList``'s sublists directly (the
cascading DELETE's batch, exec/fkcascade.py). These tests run random removals on lists
with a small load factor -- so runs span sublists, sublists shrink to the merge threshold
and empty, and the positional index is built between removals -- against a plain sorted
Python list, and check ``SortedList._check`` (its own invariant check) after every step,
on a ``SortedList`` and on a ``RunList`` (storage/runlist.py: tuple sublists).
"""

from __future__ import annotations

import random

import pytest
from sortedcontainers import SortedList

from rowandb.storage.runlist import RowidList, RunList
from rowandb.storage.sortedruns import remove_present, remove_run

KINDS = [SortedList, RunList]       # RunList: tuple sublists (the indexes')


def _entries(rng, n, keys):
    return sorted({((1, rng.randrange(keys)), rowid) for rowid in range(n)})


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("load", [4, 7, 1000])
@pytest.mark.parametrize("kind", KINDS)
def test_remove_run_takes_exactly_the_entries_with_the_prefix(seed, load, kind):
    rng = random.Random(seed)
    plain = _entries(rng, 400, 40)
    entries = kind(plain)
    entries._reset(load)
    for _ in range(60):
        if rng.random() < 0.5:
            entries[rng.randrange(len(entries))] if entries else None   # builds the index
        prefix = ((1, rng.randrange(45)),)
        expected = [e for e in plain if e[:1] == prefix]
        assert remove_run(entries, prefix) == expected
        plain = [e for e in plain if e[:1] != prefix]
        entries._check()
        assert list(entries) == plain and len(entries) == len(plain)
        assert [entries[i] for i in range(0, len(plain), 7)] == plain[::7]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("load", [4, 7, 1000])
@pytest.mark.parametrize("kind", KINDS + [RowidList])       # RowidList: a table's rowids
def test_remove_present_removes_a_scattered_batch(seed, load, kind):
    rng = random.Random(seed)
    plain = list(range(0, 3000, 3))
    keys = kind(plain)
    keys._reset(load)
    while plain:
        if rng.random() < 0.5:
            keys[rng.randrange(len(keys))]                                # builds the index
        doomed = rng.sample(plain, min(len(plain), rng.randrange(1, 60)))
        remove_present(keys, doomed)
        gone = set(doomed)
        plain = [k for k in plain if k not in gone]
        keys._check()
        assert list(keys) == plain and len(keys) == len(plain)
        assert [keys[i] for i in range(0, len(plain), 5)] == plain[::5]
        assert keys.bisect_left(1500) == sum(1 for k in plain if k < 1500)


@pytest.mark.parametrize("kind", KINDS + [RowidList])
def test_remove_present_refuses_a_missing_key(kind):
    keys = kind(range(0, 5000, 2))
    with pytest.raises(ValueError):
        remove_present(keys, [3])
