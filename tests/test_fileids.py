"""Tests of the file-id allocator (rowandb/storage/fileids.py), BRIEF.md failure 2.

Covers round-robin allocation, wrap-around from the maximum to 1 (never to 0, never into a
sentinel), skipping long runs of taken ids in a bounded number of lookups, exhaustion, take /
release errors, reserved ids, persistence, a model-based comparison with a naive set + linear
scan, and a long allocate/release churn across thousands of wrap-arounds.
"""

from __future__ import annotations

import json
import random
import threading

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (RuleBasedStateMachine, initialize, invariant, precondition,
                                 rule)

from rowandb.errors import CorruptDatabaseError, InternalError, OperationalError
from rowandb.storage.fileids import NO_FILE_ID, FileIdAllocator, FileIdsExhausted


class NaiveModel:
    """Reference: a Python set and the same round-robin rule implemented by a linear scan."""

    def __init__(self, bits: int, reserved=()) -> None:
        self.max = (1 << bits) - 1
        self.reserved = set(reserved)
        self.taken = set(reserved)
        self.last = 0

    def allocate(self) -> int:
        for step in range(1, self.max + 1):
            candidate = (self.last + step - 1) % self.max + 1
            if candidate not in self.taken:
                self.taken.add(candidate)
                self.last = candidate
                return candidate
        raise FileIdsExhausted("exhausted")

    def take_range(self, first: int, last: int) -> bool:
        ids = set(range(first, last + 1))
        if not (1 <= first <= last <= self.max) or ids & self.taken:
            return False
        self.taken |= ids
        return True

    def release(self, file_id: int) -> bool:
        if file_id not in self.taken or file_id in self.reserved:
            return False
        self.taken.discard(file_id)
        return True

    def runs(self) -> list[tuple[int, int]]:
        return runs_of(self.taken)


def runs_of(ids) -> list[tuple[int, int]]:
    """Maximal inclusive runs of a set of ids, computed the slow obvious way."""
    runs: list[tuple[int, int]] = []
    for file_id in sorted(ids):
        if runs and runs[-1][1] == file_id - 1:
            runs[-1] = (runs[-1][0], file_id)
        else:
            runs.append((file_id, file_id))
    return runs


# ---------------------------------------------------------------------- basic behaviour

def test_sequential_allocation_starts_at_one_and_never_returns_zero():
    alloc = FileIdAllocator()
    ids = [alloc.allocate() for _ in range(1000)]
    assert ids == list(range(1, 1001))
    assert NO_FILE_ID == 0 and NO_FILE_ID not in ids
    assert len(alloc) == 1000 and alloc.last == 1000
    assert alloc.capacity == 2**32 - 1
    assert alloc.runs() == [(1, 1000)]


def test_wraps_from_max_to_one_with_8_bits():
    alloc = FileIdAllocator(bits=8)
    assert [alloc.allocate() for _ in range(255)] == list(range(1, 256))
    assert alloc.last == 255 and alloc.capacity == 255
    alloc.release(255)
    alloc.release(2)
    alloc.release(1)
    # the cursor is at the maximum: the next id wraps to the lowest free one, never 0
    assert alloc.allocate() == 1
    assert alloc.allocate() == 2
    assert alloc.allocate() == 255
    assert alloc.last == 255


def test_skips_a_long_run_of_taken_ids():
    alloc = FileIdAllocator(bits=8)
    alloc.take_range(1, 250)
    assert alloc.runs() == [(1, 250)]
    assert [alloc.allocate() for _ in range(5)] == [251, 252, 253, 254, 255]
    with pytest.raises(FileIdsExhausted):
        alloc.allocate()


def test_skips_runs_taken_one_by_one_and_wraps_past_them():
    alloc = FileIdAllocator(bits=8)
    for file_id in range(1, 251):
        alloc.take(file_id)
    assert alloc.runs() == [(1, 250)]
    assert alloc.allocate() == 251
    alloc.release(7)
    alloc.take_range(252, 255)               # the cursor stays at 251
    assert alloc.runs() == [(1, 6), (8, 255)]
    assert alloc.allocate() == 7             # hop to the max, wrap, hop past the 1..6 run
    assert alloc.last_probes == 2


def test_released_id_is_reused_only_after_the_cursor_comes_around():
    alloc = FileIdAllocator(bits=8)
    for _ in range(10):
        alloc.allocate()
    alloc.release(5)
    assert not alloc.in_use(5)
    assert alloc.allocate() == 11            # not 5: round-robin keeps moving forward
    rest = [alloc.allocate() for _ in range(255 - 11)]
    assert rest == list(range(12, 256))
    assert alloc.allocate() == 5             # reused once the cursor wrapped round
    assert len(alloc) == 255


def test_exhaustion_error_type_and_message():
    alloc = FileIdAllocator(bits=8)
    for _ in range(255):
        alloc.allocate()
    with pytest.raises(FileIdsExhausted) as info:
        alloc.allocate()
    assert isinstance(info.value, OperationalError)
    assert str(info.value) == "all 255 file ids are in use (file_id_bits=8)"
    assert len(alloc) == 255 and alloc.last == 255   # a failed allocate changes nothing
    alloc.release(100)
    assert alloc.allocate() == 100


def test_take_errors():
    alloc = FileIdAllocator(bits=8)
    alloc.take(10)
    with pytest.raises(InternalError, match="file id 10 is already in use"):
        alloc.take(10)
    with pytest.raises(InternalError, match="out of range"):
        alloc.take(0)
    with pytest.raises(InternalError, match="out of range"):
        alloc.take(256)
    with pytest.raises(InternalError, match="overlaps"):
        alloc.take_range(5, 10)
    with pytest.raises(InternalError, match="empty"):
        alloc.take_range(20, 19)
    with pytest.raises(InternalError, match="integer"):
        alloc.take(True)
    assert alloc.runs() == [(10, 10)] and len(alloc) == 1
    assert alloc.last == NO_FILE_ID          # take does not move the cursor
    assert alloc.allocate() == 1


def test_release_errors():
    alloc = FileIdAllocator(bits=8, reserved=[1])
    alloc.allocate()
    with pytest.raises(InternalError, match="file id 3 is not in use"):
        alloc.release(3)
    with pytest.raises(InternalError, match="reserved"):
        alloc.release(1)
    with pytest.raises(InternalError, match="out of range"):
        alloc.release(0)
    alloc.release(2)
    with pytest.raises(InternalError, match="not in use"):
        alloc.release(2)
    assert alloc.runs() == [(1, 1)] and len(alloc) == 1


def test_release_splits_and_take_merges_runs():
    alloc = FileIdAllocator(bits=16)
    alloc.take_range(1, 100)
    alloc.release(50)
    assert alloc.runs() == [(1, 49), (51, 100)]
    alloc.release(1)
    alloc.release(100)
    assert alloc.runs() == [(2, 49), (51, 99)] and len(alloc) == 97
    alloc.take(50)
    assert alloc.runs() == [(2, 99)]
    alloc.take_range(100, 200)
    alloc.take(1)
    assert alloc.runs() == [(1, 200)] and len(alloc) == 200


def test_reserved_ids_are_never_handed_out():
    reserved = [1, 2, 3, 7]
    alloc = FileIdAllocator(bits=4, reserved=reserved)
    assert all(alloc.in_use(i) for i in reserved) and len(alloc) == 4
    handed = []
    for _ in range(5):                       # several full laps of a 15-id space
        handed += [alloc.allocate() for _ in range(11)]
        with pytest.raises(FileIdsExhausted):
            alloc.allocate()
        for file_id in range(1, 16):
            if file_id not in reserved:
                alloc.release(file_id)
    assert handed and not set(handed) & set(reserved)
    assert set(handed) == set(range(1, 16)) - set(reserved)
    with pytest.raises(InternalError):
        FileIdAllocator(bits=4, reserved=[16])


def test_constructor_rejects_bad_bits_and_last():
    for bits in (0, 65, True, "8"):
        with pytest.raises(InternalError):
            FileIdAllocator(bits=bits)
    with pytest.raises(InternalError):
        FileIdAllocator(bits=8, last=256)
    alloc = FileIdAllocator(bits=8, last=200)
    assert alloc.allocate() == 201


def test_state_round_trip_through_json():
    alloc = FileIdAllocator(bits=8, reserved=[1, 2])
    for _ in range(40):
        alloc.allocate()
    for file_id in (5, 6, 20, 42):
        alloc.release(file_id)
    state = json.loads(json.dumps(alloc.state()))   # plain data only
    assert state["bits"] == 8 and state["last"] == 42 and state["reserved"] == [1, 2]
    assert state["taken"] == [[1, 4], [7, 19], [21, 41]]
    copy = FileIdAllocator.from_state(state)
    assert copy.runs() == alloc.runs() and len(copy) == len(alloc)
    assert copy.last == alloc.last and copy.reserved == alloc.reserved
    assert [copy.allocate() for _ in range(20)] == [alloc.allocate() for _ in range(20)]
    with pytest.raises(InternalError, match="reserved"):
        copy.release(2)


@pytest.mark.parametrize("state", [
    {"bits": 8, "last": 0, "taken": [[1, 10], [5, 20]]},          # overlapping runs
    {"bits": 8, "last": 0, "taken": [[0, 3]]},                    # id 0 is "none"
    {"bits": 8, "last": 300, "taken": []},                        # cursor out of range
    {"bits": 8, "last": 0, "reserved": [9], "taken": [[1, 3]]},   # reserved id not taken
    {"bits": 99, "last": 0, "taken": []},
    {"bits": 8, "taken": []},
    {"bits": 8, "last": 0, "taken": [[1]]},
])
def test_malformed_state_is_corruption(state):
    with pytest.raises(CorruptDatabaseError):
        FileIdAllocator.from_state(state)


def test_from_state_merges_adjacent_runs():
    alloc = FileIdAllocator.from_state({"bits": 8, "last": 3, "taken": [[4, 6], [1, 3]]})
    assert alloc.runs() == [(1, 6)] and len(alloc) == 6
    assert alloc.allocate() == 7


# ---------------------------------------------------------------------- complexity

def test_skipping_ten_million_taken_ids_takes_a_bounded_number_of_lookups():
    alloc = FileIdAllocator(bits=32, last=5_000_000)
    alloc.take_range(1, 10_000_000)
    assert len(alloc) == 10_000_000
    assert alloc.allocate() == 10_000_001
    assert alloc.last_probes <= 2            # no per-id skipping
    # wrap-around case: the top 10M ids and the bottom 10M ids are taken
    top = 2**32 - 1
    alloc = FileIdAllocator(bits=32, last=top - 5_000_000)
    alloc.take_range(top - 9_999_999, top)
    alloc.take_range(1, 10_000_000)
    before = alloc.lookups
    assert alloc.allocate() == 10_000_001
    assert alloc.lookups - before == alloc.last_probes == 2


def test_many_single_takes_merge_into_one_run_and_allocation_stays_bounded():
    alloc = FileIdAllocator(bits=32, last=1)
    ids = list(range(1, 50_001))
    random.Random(7).shuffle(ids)
    for file_id in ids:
        alloc.take(file_id)
    assert alloc.runs() == [(1, 50_000)]
    assert alloc.allocate() == 50_001 and alloc.last_probes <= 2
    # fragmenting the space does not make a single allocation scan it either
    for file_id in range(3, 50_000, 2):
        alloc.release(file_id)
    alloc2 = FileIdAllocator.from_state({**alloc.state(), "last": 20_000})
    assert alloc2.allocate() == 20_001 and alloc2.last_probes == 1


def test_million_allocate_release_cycles_across_wraparound():
    alloc = FileIdAllocator(bits=8)
    used = bytearray(256)
    held = []
    for _ in range(200):
        file_id = alloc.allocate()
        used[file_id] = 1
        held.append(file_id)
    slots = random.Random(2015).choices(range(200), k=1_000_000)
    allocate, release = alloc.allocate, alloc.release
    wraps, previous = 0, alloc.last
    for slot in slots:
        old = held[slot]
        release(old)
        used[old] = 0
        new = allocate()
        assert not used[new] and new != NO_FILE_ID
        used[new] = 1
        held[slot] = new
        wraps += new < previous
        previous = new
    assert wraps > 1000
    assert len(alloc) == 200 == sum(used)
    assert sorted(held) == [i for i in range(1, 256) if used[i]]
    assert alloc.runs() == runs_of(held)


def test_concurrent_allocation_hands_out_distinct_ids():
    alloc = FileIdAllocator(bits=16)
    results: list[list[int]] = [[] for _ in range(4)]

    def worker(out: list[int]) -> None:
        for _ in range(5000):
            out.append(alloc.allocate())

    threads = [threading.Thread(target=worker, args=(out,)) for out in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [i for out in results for i in out]
    assert len(set(every)) == 20_000 == len(alloc)
    assert alloc.runs() == [(1, 20_000)]


# ---------------------------------------------------------------------- model-based

class AllocatorMachine(RuleBasedStateMachine):
    """Drives FileIdAllocator and NaiveModel with the same operations and compares them."""

    @initialize(data=st.data(), bits=st.sampled_from([3, 4, 8]))
    def setup(self, data, bits):
        top = (1 << bits) - 1
        reserved = data.draw(st.sets(st.integers(1, top), max_size=3), label="reserved")
        self.alloc = FileIdAllocator(bits=bits, reserved=reserved)
        self.model = NaiveModel(bits, reserved)
        self.top = top

    @rule()
    def allocate(self):
        try:
            expected = self.model.allocate()
        except FileIdsExhausted:
            with pytest.raises(FileIdsExhausted):
                self.alloc.allocate()
            return
        assert self.alloc.allocate() == expected
        assert 1 <= self.alloc.last_probes <= 2

    @rule(repeat=st.integers(1, 40))
    def allocate_many(self, repeat):
        for _ in range(repeat):
            self.allocate()

    @rule(data=st.data())
    def release(self, data):
        file_id = data.draw(st.integers(1, self.top), label="release")
        if self.model.release(file_id):
            self.alloc.release(file_id)
        else:
            with pytest.raises(InternalError):
                self.alloc.release(file_id)

    @precondition(lambda self: len(self.model.taken) > len(self.model.reserved))
    @rule(data=st.data())
    def release_taken(self, data):
        choices = sorted(self.model.taken - self.model.reserved)
        file_id = data.draw(st.sampled_from(choices), label="release_taken")
        assert self.model.release(file_id)
        self.alloc.release(file_id)

    @rule(data=st.data())
    def take_range(self, data):
        first = data.draw(st.integers(0, self.top + 1), label="first")
        last = data.draw(st.integers(first, min(first + 20, self.top + 1)), label="last")
        if self.model.take_range(first, last):
            self.alloc.take_range(first, last)
        else:
            with pytest.raises(InternalError):
                self.alloc.take_range(first, last)

    @rule()
    def persist_and_reload(self):
        self.alloc = FileIdAllocator.from_state(json.loads(json.dumps(self.alloc.state())))

    @invariant()
    def same_state(self):
        assert self.alloc.runs() == self.model.runs()
        assert len(self.alloc) == len(self.model.taken)
        assert self.alloc.last == self.model.last


AllocatorMachine.TestCase.settings = settings(
    max_examples=300, stateful_step_count=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow])
TestAllocatorModel = AllocatorMachine.TestCase
