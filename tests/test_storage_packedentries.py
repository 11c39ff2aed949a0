"""storage/packedentries.py: an index's entries packed into 64-bit codes read exactly as the
``SortedList`` of entry tuples they replace, and turn general when an entry does not pack.

Random adds, removals, batches and run removals go to an ``IndexEntries`` and to a
``SortedList`` side by side, with small load factors so sublists split and merge; after
every step both hold the same entries and answer the same bisections for probes of every
shape the layers above build (key prefixes, whole entries, either followed by ``TOP``,
REAL keys between and equal to integer keys, keys and rowids past the packed range, other
storage classes), the same ``in``, indexes and slices. Some runs add an entry that does not
pack (a REAL key, text, NULL, a rowid past 2**31) part-way: the object turns general and
still matches. Through SQL, an index of one INTEGER column answers as SQLite (apsw) does,
stays packed while every key is an integer, and reads back an integer key as an int and a
REAL key as a float after it turned general.
"""

from __future__ import annotations

import random
from array import array

import apsw
import pytest
from sortedcontainers import SortedList

import rowandb
from rowandb.storage.memory import IndexFile, MemoryStore
from rowandb.storage.packedentries import TOP, CodeBatch, IndexEntries, decode, encode
from rowandb.storage.sharedkeys import shared_batch

EDGE = [-2 ** 31, -2 ** 31 + 1, -1, 0, 1, 2 ** 31 - 2, 2 ** 31 - 1]


def _entry(rng: random.Random) -> tuple:
    key = rng.choice(EDGE) if rng.random() < 0.1 else rng.randrange(-5, 40)
    rowid = rng.choice(EDGE) if rng.random() < 0.1 else rng.randrange(-3, 200)
    return ((1, key), rowid)


ODD = [((1, 7.0), 3), ((1, 7.5), 3), ((2, "x"), 1), ((0,), 5), ((1, 3), 2 ** 31),
       ((1, 2 ** 31), 1), ((1, -2 ** 31 - 1), 1), ((3, b"b"), 2), ((1, 4), 5.0)]


def _probes(rng: random.Random, entries: list) -> list:
    k = rng.randrange(-6, 42)
    r = rng.randrange(-4, 202)
    probes = [(), (TOP,), ((0,),), ((2, "a"),), ((1,),), ((1, TOP),), ((1, k),),
              ((1, k), TOP), ((1, k), r), ((1, k), r, TOP), ((1, k + 0.5),), ((1, float(k)),),
              ((1, float(k)), r), ((1, k), r + 0.5), ((1, k), float(r), TOP),
              ((1, 2 ** 40),), ((1, -2 ** 40),), ((1, k), 2 ** 40), ((1, k), -2 ** 40),
              ((1, float("inf")),), ((1, float("-inf")),), ((1, k), r, 7),
              ((1.0, k),), ((1, k), True), ((1, k, 0),)]
    probes += [((1, e),) for e in EDGE] + [((1, k), e) for e in EDGE]
    if entries:
        entry = rng.choice(entries)
        probes += [entry, entry + (TOP,), entry[:1], entry[:1] + (TOP,)]
    return probes


def _same(mine: IndexEntries, theirs: SortedList, rng: random.Random) -> None:
    every = list(theirs)
    assert list(mine) == every and len(mine) == len(theirs) and bool(mine) == bool(theirs)
    assert list(reversed(mine)) == every[::-1]
    assert [[*map(type, e[0]), type(e[1])] for e in mine] == \
        [[*map(type, e[0]), type(e[1])] for e in every]             # exact: no int a float
    for probe in _probes(rng, every):
        assert mine.bisect_left(probe) == theirs.bisect_left(probe), probe
        if len(probe) == 2:
            assert (probe in mine) == (probe in theirs), probe
    n = len(every)
    if n:
        i, j = sorted((rng.randrange(-n, n + 3), rng.randrange(-n, n + 3)))
        assert mine[i:j] == every[i:j] and mine[::5] == every[::5]
        assert mine[rng.randrange(n)] in every and mine[-1] == every[-1]


def _step(mine: IndexEntries, theirs: SortedList, rng: random.Random, odd: bool) -> None:
    op = rng.randrange(7)
    if odd and rng.random() < 0.02:
        entry = rng.choice(ODD)
        if entry not in theirs:
            mine.add(entry)
            theirs.add(entry)
    elif op == 0 or not theirs:
        batch = sorted({_entry(rng) for _ in range(rng.choice([1, 5, 40]))} - set(theirs))
        stored = mine.add_batch(batch, shared_batch)
        assert sorted(stored) == batch
        theirs.update(batch)
    elif op == 1:
        entry = _entry(rng)
        if entry not in theirs:
            mine.add(entry)
            theirs.add(entry)
    elif op == 2:
        entry = theirs[rng.randrange(len(theirs))]
        mine.remove(entry)
        theirs.remove(entry)
    elif op == 3:
        prefixes = sorted({(rng.choice(theirs)[0],) for _ in range(rng.choice([1, 3]))})
        prefixes.append(((1, 10 ** 6),))                   # a key with no entry
        removed = mine.remove_runs(prefixes)
        expected = [e for e in theirs if e[:1] in prefixes]
        assert removed == expected
        for entry in expected:
            theirs.remove(entry)
    elif op == 4:
        prefix = (rng.choice(theirs)[0],)
        expected = [e for e in theirs if e[:1] == prefix]
        if mine.general is None:
            assert mine.between(prefix, prefix + (TOP,)) == expected
        index = IndexFile(1, "i")
        index.entries = mine
        assert index.range(prefix, prefix) == expected
    elif op == 5:
        entry = _entry(rng)
        if entry not in theirs:
            with pytest.raises(ValueError):
                mine.remove(entry)
    else:
        batch = [_entry(rng) for _ in range(rng.choice([2, 30]))]
        batch = sorted(set(batch) - set(theirs))
        mine.update(batch)
        theirs.update(batch)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("odd", [False, True], ids=["integers only", "then others"])
def test_random_operations_read_as_a_sorted_list_of_entries(seed, odd):
    rng = random.Random(seed)
    mine, theirs = IndexEntries(), SortedList()
    mine._reset(6)
    for _ in range(250):
        _step(mine, theirs, rng, odd)
        _same(mine, theirs, rng)
    if not odd:
        assert mine.general is None         # integer keys in range never leave the codes
    if mine.general is None:
        mine.codes._check()
    else:
        mine.general._check()


def test_codes_sort_as_their_entries_and_decode_exactly():
    rng = random.Random(5)
    entries = sorted({_entry(rng) for _ in range(2000)})
    codes = [encode(e) for e in entries]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert [decode(c) for c in codes] == entries
    assert all(type(decode(c)[0][1]) is int and type(decode(c)[1]) is int for c in codes)
    for entry in ODD + [((1, True), 3), ((True, 3), 3), ((1, 3), False), ((1, 3, 4), 1)]:
        assert encode(entry) is None, entry


@pytest.mark.parametrize("entry", ODD, ids=repr)
def test_an_entry_that_does_not_pack_turns_the_entries_general(entry):
    mine = IndexEntries([((1, k), k) for k in range(20)])
    assert mine.general is None
    mine.add(entry)
    assert mine.codes is None and entry in mine
    assert list(mine) == sorted([((1, k), k) for k in range(20)] + [entry])
    assert [type(e[0][1]) for e in mine if e != entry] == [int] * 20
    assert IndexEntries(list(mine)).general is not None     # a copy stays general
    assert IndexEntries(mine).general is not None and list(IndexEntries(mine)) == list(mine)


def test_a_copy_of_packed_entries_is_packed_and_apart():
    mine = IndexEntries([((1, k % 5), k) for k in range(700)])
    copy = IndexEntries(mine)
    assert copy.general is None and list(copy) == list(mine) and copy.codes is not mine.codes
    copy.remove(((1, 0), 0))
    assert ((1, 0), 0) in mine and ((1, 0), 0) not in copy and len(copy) == len(mine) - 1


def test_an_index_file_reads_packed_and_general_entries_alike():
    entries = [((1, k % 13), k) for k in range(300)]
    for extra in ([], [((2, "z"), 1)]):
        index = IndexFile(1, "i")
        index.entries.update(entries + extra)
        plain = sorted(entries + extra)
        assert (index.entries.general is None) is (not extra)
        for key in range(-1, 15):
            p = ((1, key),)
            run = [e for e in plain if e[:1] == p]
            assert index.range(p, p) == run and index.range(p, p, reverse=True) == run[::-1]
            assert index.range(p, None, False) == [e for e in plain if e[:1] > p]
            assert list(index.walk(None, p, True, False)) == [e for e in plain if e[:1] < p]
        assert index.first() == plain[0] and len(index) == len(plain)


@pytest.mark.parametrize("seed", range(4))
def test_a_packed_range_is_what_a_bisection_of_the_tuples_finds(seed):
    """``IndexFile.range`` of a packed index (code thresholds, ``IndexEntries.between``)
    against a ``SortedList`` of the entry tuples, for random bounds of every kind."""
    rng = random.Random(seed)
    plain = sorted({_entry(rng) for _ in range(600)})
    index = IndexFile(1, "i")
    index.entries._reset(8)
    index.entries.update(plain)
    assert index.entries.general is None
    theirs = SortedList(plain)
    for _ in range(300):
        low, high = (rng.choice([None] + _probes(rng, plain)) for _ in range(2))
        low_inc, high_inc, reverse = (rng.random() < 0.5 for _ in range(3))
        start = 0 if low is None else theirs.bisect_left(low if low_inc else low + (TOP,))
        stop = len(theirs) if high is None else \
            theirs.bisect_left(high + (TOP,) if high_inc else high)
        expected = theirs[start:stop] if start < stop else []
        found = index.range(low, high, low_inc, high_inc, reverse)
        assert found == (expected[::-1] if reverse else expected), (low, high)
        assert list(index.walk(low, high, low_inc, high_inc, reverse)) == found


def _committed_index() -> tuple:
    """A store holding one packed index of 100 committed entries: (store, its file id,
    its entries)."""
    store = MemoryStore()
    txn = store.begin()
    index = txn.create_file("index", "i")
    txn.insert_entries(index, [((1, k % 7), k) for k in range(100)])
    txn.commit()
    return store, index, list(store.index(index).entries)


def test_a_transaction_rolls_back_packed_batches_and_runs():
    store, index, before = _committed_index()
    txn = store.begin()
    txn.insert_entries(index, [((1, k % 7), k) for k in range(100, 150)])
    txn.rollback()                                      # the batch's codes, in one pass
    assert list(store.index(index).entries) == before and store.index(index).entries.codes
    txn = store.begin()
    txn.insert_entries(index, [((1, k % 7), k) for k in range(100, 150)])
    txn.insert_entry(index, ((1, 3), 500))
    assert len(txn.delete_entry_runs(index, [((1, 2),), ((1, 5),)])) == 22 + 21
    txn.delete_entry(index, ((1, 0), 0))
    batch = txn.undo[0][2]
    assert type(batch) is CodeBatch                     # codes: the batch's tuples are freed
    assert list(batch) == sorted(((1, k % 7), k) for k in range(100, 150))
    txn.insert_entry(index, ((2, "text"), 7))            # turns the index general
    assert store.index(index).entries.general is not None
    txn.rollback()
    assert list(store.index(index).entries) == before  # the index stays general


def test_a_packed_index_on_disk_survives_commit_reopen_and_rollback(tmp_path):
    path = str(tmp_path / "db")
    con = rowandb.connect(path)
    for statement in SCHEMA.split("; "):
        con.execute(statement)
    con.executemany("INSERT INTO t(a, b) VALUES (?, ?)", [(i % 9, "x") for i in range(500)])
    con.commit()
    con.execute("DELETE FROM t WHERE a = 4")
    con.executemany("INSERT INTO t(a, b) VALUES (?, ?)", [(i % 3, "y") for i in range(50)])
    con.rollback()
    expected = con.execute("SELECT a, count(*) FROM t GROUP BY a ORDER BY a").fetchall()
    con.close()
    con = rowandb.connect(path)
    assert con.execute("SELECT a, count(*) FROM t INDEXED BY t_a WHERE a >= 0 GROUP BY a "
                       "ORDER BY a").fetchall() == expected == [(a, 55 + (a < 5)) for a in range(9)]
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store = con._session.db.store
    index = next(f for f in store.files.values() if getattr(f, "name", None) == "t_a")
    assert store.index(index.file_id).entries.general is None
    con.close()


@pytest.mark.parametrize("path", [":memory:", "db"])
def test_a_large_packed_batch_lives_in_pages_of_its_own_and_undoes_and_commits(tmp_path, path):
    """A bulk INSERT's chunk of at least ``_MAPPED`` entries is kept in the undo log as
    codes in an anonymous mmap (given back to the system at COMMIT, not left as free C
    heap): it reads, rolls back and is written to the log and to disk as an array
    would, with SQLite's answers."""
    from rowandb.storage import packedentries
    rows = [(i, i * 7 % 1001, "x") for i in range(1, 20_001)]
    big = CodeBatch(encode(((1, a), i)) for i, a, _ in rows)
    assert type(big.codes) is memoryview and len(big) == 20_000
    assert list(big) == [((1, a), i) for i, a, _ in rows] and big[5] == ((1, rows[5][1]), 6)
    assert list(reversed(big[10:20])) == [((1, a), i) for i, a, _ in rows[10:20]][::-1]
    assert big.columns() == ([a for _, a, _ in rows], [i for i, _, _ in rows])
    assert type(CodeBatch([encode(((1, 1), 1))]).codes) is not memoryview
    where = ":memory:" if path == ":memory:" else str(tmp_path / path)
    mine, theirs = rowandb.connect(where), apsw.Connection(":memory:")
    for con in (mine, theirs):
        for statement in SCHEMA.split("; "):
            con.execute(statement)
    mine.commit()
    seen = []
    original = packedentries.CodeBatch.__init__

    def spying(self, codes):
        original(self, codes)
        seen.append(type(self.codes))
    packedentries.CodeBatch.__init__ = spying
    try:
        mine.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        mine.rollback()                                    # the mapped batches undone
        assert mine.execute("SELECT count(*) FROM t").fetchall() == [(0,)]
        mine.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
        mine.commit()
    finally:
        packedentries.CodeBatch.__init__ = original
    assert memoryview in seen                              # the path was taken
    theirs.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    if path != ":memory:":
        mine.close()
        mine = rowandb.connect(where)
    assert _answers(mine) == [list(theirs.execute(q)) for q in QUERIES]
    assert mine.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    mine.close()


SCHEMA = "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a)"
QUERIES = ["SELECT id, a FROM t WHERE a = 3 ORDER BY id",
           "SELECT id, a, typeof(a) FROM t WHERE a > 2 AND a < 5 ORDER BY a, id",
           "SELECT a, typeof(a) FROM t ORDER BY a LIMIT 12",
           "SELECT a, typeof(a) FROM t ORDER BY a DESC LIMIT 12",
           "SELECT count(*) FROM t WHERE a >= 2.5",
           "SELECT a, count(*) FROM t GROUP BY a ORDER BY a",
           "SELECT id FROM t WHERE a IS NULL ORDER BY id",
           "SELECT id FROM t WHERE a = 3.0 ORDER BY id"]


def _answers(con) -> list:
    return [list(con.execute(q)) for q in QUERIES]


def test_sql_through_a_packed_index_answers_as_sqlite_and_turns_general_on_a_real():
    mine = rowandb.connect(":memory:")
    theirs = apsw.Connection(":memory:")
    for con in (mine, theirs):
        for statement in SCHEMA.split("; "):
            con.execute(statement)
    store = mine._session.db.store
    index = next(f for f in store.files.values() if getattr(f, "name", None) == "t_a")
    steps = [("INSERT INTO t(a, b) VALUES (?, ?)", [(i % 7, f"r{i}") for i in range(60)]),
             ("DELETE FROM t WHERE a = ?", [(4,)]),
             ("UPDATE t SET a = a + 1 WHERE id % 5 = ?", [(0,)]),
             ("INSERT INTO t(a, b) VALUES (?, ?)", [(3.5, "real"), (-2 ** 40, "big")]),
             ("INSERT INTO t(a, b) VALUES (?, ?)", [("3", "text that is a number"),
                                                    ("x", "text"), (None, "null")])]
    for n, (sql, params) in enumerate(steps):
        mine.executemany(sql, params)
        with theirs:
            theirs.executemany(sql, params)
        assert _answers(mine) == _answers(theirs), sql
        assert (index.entries.general is None) is (n < 3)   # packed while all keys pack
    assert mine.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


@pytest.mark.parametrize("count", [0, 1, 700, 5000, 40000])
def test_packed_entries_write_the_bytes_their_tuples_would(count):
    """The redo log and a checkpoint write a packed batch column by column from its codes
    (``CodeBatch.columns``): the very bytes the entry tuples encode to -- a checkpoint's
    blocks (several at 40,000 entries) each from its stretch of the codes
    (``big_endian_columns(start, stop)``, as a slice of the batch would give) of the
    batch ``as_batch`` makes of the runs' codes without copying them again."""
    from rowandb.storage.columns import encode_entries
    from rowandb.storage.formats import encode_data_file
    rng = random.Random(count)
    plain = sorted({((1, rng.randrange(-2 ** 31, 2 ** 31)), rng.randrange(-9, 2 ** 31))
                    for _ in range(count)})
    entries = IndexEntries(plain)
    assert entries.general is None and len(entries.as_batch()) == count
    mine, theirs = [], []
    encode_entries(entries.as_batch(), mine)
    encode_entries(plain, theirs)
    assert b"".join(mine) == b"".join(theirs)
    assert encode_data_file("index", 7, 3, entries) == encode_data_file("index", 7, 3, plain)
    batch = entries.as_batch()
    assert type(batch.codes) is array      # its own array, not copied into an mmap
    assert list(batch[3:90]) == plain[3:90] and list(reversed(batch)) == plain[::-1]
    for start, stop in ((0, count), (3, 90), (count // 3, count - 1), (count, count)):
        assert batch.big_endian_columns(start, stop) == batch[start:stop].big_endian_columns()


@pytest.mark.parametrize("seed", range(8))
def test_a_column_of_keys_adds_exactly_the_batch_of_its_entries(seed):
    """``IndexEntries.add_column`` (a bulk INSERT's key column and rowids, turned into codes
    with no entry tuple) leaves the entries and the undo batch ``add_batch`` leaves for the
    same entries sorted, and declines -- changing nothing -- whatever does not pack: a
    REAL or out-of-range key, a rowid past 2**31, another tag, a general index."""
    rng = random.Random(seed)
    base = [_entry(rng) for _ in range(300)]
    base = sorted(set(base), key=lambda e: (e[0], e[1]))
    ours, theirs = IndexEntries(base), IndexEntries(base)
    taken = {rowid for _, rowid in base}
    rowids = [r for r in rng.sample(range(-2 ** 31, 2 ** 31), 400) if r not in taken][:250]
    if seed % 2:
        rowids = range(2 ** 31 - 251, 2 ** 31 - 1) if seed == 3 else range(10 ** 6, 10 ** 6 + 250)
    values = [rng.choice(EDGE) if rng.random() < 0.1 else rng.randrange(-5, 40)
              for _ in rowids]
    entries = sorted(zip([(1, v) for v in values], rowids))
    batch = ours.add_column(1, values, rowids)
    assert type(batch) is CodeBatch and list(batch) == list(zip([(1, v) for v in values],
                                                                rowids))   # the rows' order
    assert sorted(batch) == list(theirs.add_batch(list(entries), shared_batch))
    assert list(ours) == list(theirs) and ours.general is None
    for part, column, ids in [(1, [v + 0.5 for v in values], rowids),
                              (1, [2 ** 31] + values[1:], rowids),
                              (1, values[:1] + [True] + values[2:], rowids),
                              (1, values, [2 ** 31] + list(rowids)[1:]),
                              (2, values, rowids), (1, [], [])]:
        before = list(ours)
        assert ours.add_column(part, column, ids) is None and list(ours) == before
    ours.add(((2, "x"), 5))                             # general from now on
    assert ours.add_column(1, values, range(10 ** 7, 10 ** 7 + len(values))) is None


def test_a_transaction_logs_and_rolls_back_a_column_of_keys():
    store, index, before = _committed_index()
    txn = store.begin()
    assert txn.insert_entry_column(index, 1, [k % 5 for k in range(200, 100, -1)],
                                   list(range(200, 100, -1)))
    assert type(txn.undo[-1][2]) is CodeBatch
    assert list(store.index(index).entries) == sorted(
        before + [((1, k % 5), k) for k in range(101, 201)])
    assert not txn.insert_entry_column(index, 1, [0.5], [300]) and len(txn.undo) == 1
    txn.rollback()
    assert list(store.index(index).entries) == before
