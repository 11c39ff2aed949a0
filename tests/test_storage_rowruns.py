"""storage/rowruns.py: ``RowidMap`` (a table's records in runs beside their rowids) answers
exactly as a dict of the same rows kept in rowid order.

Random single writes (insert, replace, pop, delete) and batches (``add_new`` appended and
merged, ``replace_many``, ``pop_many``, ``update``) run on a ``RowidMap`` with small runs
(so they split, merge and empty) and on a plain dict side by side; after every step the
two hold the same rows in the same order, answer the same lookups (present, absent, a
REAL equal to a rowid, a rowid past either end, text), ranges (``irange``), snapshots
(``pairs``, reversed), ``records_of`` and ``records_within`` (a view of a stretch of
consecutive rowids' records, recordruns.py), and the map keeps its invariants (``_check``).
"""

from __future__ import annotations

import copy
import gc
import pickle
import random
from array import array

import pytest

from rowandb.storage import rowruns
from rowandb.storage.rowruns import RowidMap


def _same(mine: RowidMap, theirs: dict, rng: random.Random) -> None:
    mine._check()
    keys = sorted(theirs)
    assert list(mine) == keys and len(mine) == len(theirs) and bool(mine) == bool(theirs)
    assert list(mine.pairs()) == [(k, theirs[k]) for k in keys]
    assert list(mine.pairs(reverse=True)) == [(k, theirs[k]) for k in reversed(keys)]
    assert list(reversed(mine)) == keys[::-1] and list(mine.values()) == [theirs[k] for k in keys]
    assert mine.columns() == (keys, [theirs[k] for k in keys])
    if keys:
        assert mine.keys()[-1] == keys[-1] == mine.last() and mine.keys()[::-1] == keys[::-1]
    probes = [rng.randrange(-5, 3000) for _ in range(20)] + keys[:3] + keys[-3:]
    for key in probes:
        assert mine.get(key) == theirs.get(key) and (key in mine) == (key in theirs)
        assert mine.get(float(key), "none") == theirs.get(float(key), "none")
    for key in (2 ** 70, -2 ** 70, "7", None, 2.5, float("inf")):
        assert mine.get(key) is None and key not in mine
    assert mine.records_of(probes) == [theirs.get(k) for k in probes]
    low, high = sorted(rng.randrange(-5, 3000) for _ in range(2))
    for inclusive in ((True, True), (False, True), (True, False), (False, False)):
        want = [k for k in keys if (low < k or inclusive[0] and low == k)
                and (k < high or inclusive[1] and k == high)]
        assert list(mine.irange(low, high, inclusive)) == want
        assert list(mine.pairs_between(low, high, inclusive)) == [(k, theirs[k]) for k in want]
        assert list(mine.pairs_between(low, high, inclusive, True)) == \
            [(k, theirs[k]) for k in want[::-1]]
        assert list(mine.irange(low, high, inclusive, reverse=True)) == want[::-1]
    assert list(mine.irange(None, high + 0.5)) == [k for k in keys if k <= high]
    assert list(mine.irange(low - 0.5, None)) == [k for k in keys if k >= low]
    _same_within(mine, theirs, range(low, high + 1))
    if keys:                                 # a stretch of consecutive rowids all present
        i = j = rng.randrange(len(keys))
        while j + 1 < len(keys) and keys[j + 1] == keys[j] + 1 and rng.random() < 0.97:
            j += 1
        _same_within(mine, theirs, range(keys[i], keys[j] + 1))


def _same_within(mine: RowidMap, theirs: dict, span: range) -> None:
    """``records_within(span)``: a view of exactly the records of ``span`` when every
    rowid of it is present (its length, iteration, indexes and slices those of the list
    of them), else None."""
    if not span:
        return
    within = mine.records_within(span)
    if not all(k in theirs for k in span):
        assert within is None
        return
    want = [theirs[k] for k in span]
    assert within is not None and len(within) == len(want) and list(within) == want
    assert within[:] == want and within[0] == want[0] and within[-1] == want[-1]
    n = len(want)
    for start, stop in ((0, n), (1, n // 2), (n // 3, n - 1), (n - 1, n + 5), (2, 1)):
        assert within[start:stop] == want[start:stop]


@pytest.mark.parametrize("seed", range(10))
def test_random_writes_and_batches_agree_with_a_dict(seed, monkeypatch):
    monkeypatch.setattr(rowruns, "LOAD", random.Random(seed).choice([2, 4, 8, 64]))
    rng = random.Random(seed)
    mine, theirs = RowidMap(), {}
    top = 0
    for step in range(150):
        op = rng.random()
        if op < 0.25:
            key = rng.randrange(0, 3000)
            value = (key, step)
            mine[key] = value
            theirs[key] = value
        elif op < 0.35 and theirs:
            key = rng.choice(list(theirs))
            assert mine.pop(key) == theirs.pop(key)
            assert mine.pop(key, "gone") == "gone"
            with pytest.raises(KeyError):
                del mine[key]
        elif op < 0.5:
            size = rng.choice([1, 3, 20, 100])
            fresh = list(range(top + 3000, top + 3000 + size))      # appended in order
            top += size
            mine.add_new(fresh, [(k, "new") for k in fresh], True)
            theirs.update((k, (k, "new")) for k in fresh)
        elif op < 0.6:
            fresh = list(set(rng.sample(range(3000), rng.choice([1, 5, 60]))) - set(theirs))
            rng.shuffle(fresh)                                       # merged, any order
            assert not mine.any_present(fresh, False)
            mine.add_new(fresh, [(k, "mid") for k in fresh], False)
            theirs.update((k, (k, "mid")) for k in fresh)
        elif op < 0.75 and theirs:
            chosen = rng.sample(list(theirs), min(len(theirs), rng.choice([1, 7, 50])))
            if rng.random() < 0.5:
                chosen.sort()
            news = [(k, "upd", step) for k in chosen]
            assert mine.replace_many(chosen, news) == [theirs[k] for k in chosen]
            theirs.update(zip(chosen, news))
        elif op < 0.88 and theirs:
            chosen = rng.sample(list(theirs), min(len(theirs), rng.choice([1, 7, 50, 400])))
            if rng.random() < 0.5:
                chosen.sort()
            assert mine.pop_many(chosen) == [theirs.pop(k) for k in chosen]
        elif op < 0.93:
            other = {rng.randrange(0, 3000): ("u", step) for _ in range(rng.choice([2, 300]))}
            mine.update(other)
            theirs.update(other)
        elif op < 0.95:
            mine.clear()
            theirs.clear()
        else:
            missing = max(theirs, default=0) + 1
            with pytest.raises(KeyError):
                mine.replace_many([missing], [("x",)])
            with pytest.raises(KeyError):
                mine.pop_many([missing])
        _same(mine, theirs, rng)


def test_constructors_copies_and_equality():
    rows = RowidMap({5: ("e",), 1: ("a",), 3: ("c",)})
    assert list(rows.pairs()) == [(1, ("a",)), (3, ("c",)), (5, ("e",))]
    assert RowidMap.from_columns([1, 3, 5], [("a",), ("c",), ("e",)]) == rows
    assert RowidMap.from_columns([5, 1, 3], [("e",), ("a",), ("c",)]) == rows
    assert RowidMap((k, v) for k, v in [(3, ("c",)), (1, ("a",)), (5, ("e",))]) == rows
    assert RowidMap({3.0: ("c",), True: ("a",), 5: ("e",)}) == rows     # ints equal to them
    for other in (rows.copy(), copy.copy(rows), pickle.loads(pickle.dumps(rows)), RowidMap(rows)):
        assert type(other) is RowidMap and other == rows
        other[2] = ("b",)
        assert 2 not in rows and other != rows
    assert rows == {1: ("a",), 3: ("c",), 5: ("e",)} and rows != {1: ("a",)}
    with pytest.raises(TypeError):
        rows["x"] = ("x",)
    with pytest.raises(KeyError):
        rows[4]


def test_a_point_lookup_in_consecutive_rowids_needs_no_bisection_of_the_run():
    """Rowids given in order fill runs of consecutive rowids: ``get`` reads the record at
    ``rowid - run[0]``; a run with a gap is bisected, with the same answers."""
    rows = RowidMap.from_columns(list(range(1, 5001)), [(k,) for k in range(1, 5001)])
    assert all(run[-1] - run[0] == len(run) - 1 for run in rows._keys)
    assert [rows.get(k) for k in (1, 512, 513, 5000, 0, 5001)] == \
        [(1,), (512,), (513,), (5000,), None, None]
    rows.pop_many(list(range(2, 5000, 3)))
    assert [rows.get(k) for k in (1, 2, 3, 4, 4997, 5000)] == [(1,), None, (3,), (4,), None, (5000,)]


def test_batches_leave_record_runs_the_collector_skips():
    """Bulk loads, batch updates and removals keep tuples of records; a row written alone
    turns its run into a list until a snapshot (``pairs``) freezes it again."""
    rows = RowidMap()
    rows.add_new(list(range(1, 3001)), [(k, "x") for k in range(1, 3001)], True)
    rows.replace_many(list(range(1, 3001, 2)), [(k, "y") for k in range(1, 3001, 2)])
    rows.pop_many(list(range(10, 3001, 10)))
    for _ in range(3):      # a tuple is untracked once its items are: record, then run
        gc.collect()
    assert all(type(run) is tuple and not gc.is_tracked(run) for run in rows._vals)
    rows[5] = (5, "z")
    assert type(rows._vals[0]) is list and rows.get(5) == (5, "z")
    list(rows.pairs())
    for _ in range(3):
        gc.collect()
    assert all(type(run) is tuple and not gc.is_tracked(run) for run in rows._vals)


@pytest.mark.parametrize("step", [1, 2, 3, 7])
def test_evenly_spaced_replacements_agree_with_a_dict(step):
    """``replace_many`` writes evenly spaced positions of a run as one slice (an UPDATE of
    every row, of every other row ...): the same rows and old records as one by one."""
    keys = list(range(1, 3001)) + list(range(4000, 4600, 3))
    rows = RowidMap.from_columns(keys, [(k,) for k in keys])
    theirs = dict(rows.pairs())
    chosen = keys[5::step] if step < 7 else keys[:1] + keys[100:2000:step]
    assert rows.replace_many(chosen, [(k, "new") for k in chosen]) == [theirs[k] for k in chosen]
    theirs.update((k, (k, "new")) for k in chosen)
    rows._check()
    assert list(rows.pairs()) == sorted(theirs.items())


def test_consecutive_rowids_are_kept_as_ranges_until_a_write_breaks_them():
    """A run of consecutive rowids holds no array at all (a ``range``); the next rowid
    appended keeps it one, an insert between rowids or a removal makes it an array, and a
    batch removal leaving a run consecutive makes it a range again."""
    rows = RowidMap()
    rows.add_new(list(range(1, 2001)), [(k,) for k in range(1, 2001)], True)
    assert all(type(run) is range for run in rows._keys)
    rows[2001] = (2001,)
    rows.add_new([2002, 2003], [(2002,), (2003,)], True)
    assert type(rows._keys[-1]) is range and rows.get(2003) == (2003,)
    rows[5000] = (5000,)                                # a gap: the last run an array
    assert type(rows._keys[-1]) is array and rows.get(5000) == (5000,)
    del rows[7]
    assert type(rows._keys[0]) is array and 7 not in rows and rows.get(8) == (8,)
    rows.pop_many([1, 2, 3, 4, 5, 6])                  # 8.. left: consecutive again
    assert type(rows._keys[0]) is range and rows._keys[0][0] == 8
    rows._check()
    assert list(rows) == list(range(8, 2004)) + [5000]
