"""Batched undo entries and shared index keys (storage/memory.py, storage/sharedkeys.py).

A bulk insert logs one undo entry per batch, and an index entry takes its key object from
an identical neighbour's. These tests prove both happen (so they fail if lost) and that
the answers, rollbacks and commits are exactly those of SQLite (apsw) and of the
one-entry-per-row form."""

from __future__ import annotations

import apsw

import rowandb
from rowandb.storage.changes import derive
from rowandb.storage.memory import (UNDO_ADD_ENTRIES, UNDO_INSERT, UNDO_INSERT_MANY,
                                    MemoryStore, expand_undo)
from rowandb.storage.sharedkeys import shared, shared_batch
from sortedcontainers import SortedList


def test_identical_keys_are_shared_within_a_batch_and_with_neighbours():
    index = SortedList()
    batch = shared_batch(index, [((1, 7), 3), ((1, 7), 1), ((1, 8), 2)])
    assert batch == [((1, 7), 1), ((1, 7), 3), ((1, 8), 2)]
    assert batch[0][0] is batch[1][0]
    index.update(batch)
    later = shared(index, ((1, 8), 9))
    assert later == ((1, 8), 9) and later[0] is batch[2][0]
    before = shared(index, ((1, 7), 0))           # lands before its run: shares the next
    assert before[0] is batch[0][0]


def test_equal_but_different_values_are_never_shared():
    index = SortedList([((1, 5), 1), ((1, 0.0), 2), ((2, "a"), 3)])
    as_real = shared(index, ((1, 5.0), 4))
    assert type(as_real[0][1]) is float
    negative = shared(index, ((1, -0.0), 5))
    assert str(negative[0][1]) == "-0.0"
    text = shared(index, ((2, "a"), 6))
    assert text[0] is index[-1][0]


def test_a_bulk_insert_logs_one_undo_entry_per_batch_and_rolls_back():
    store = MemoryStore()
    txn = store.begin()
    table = txn.create_file("table", "t")
    index = txn.create_file("index", "i")
    txn.commit()
    txn = store.begin()
    txn.insert_rows(table, [1, 2, 3], [(10,), (10,), (11,)])
    txn.insert_entries(index, [((1, 10), 1), ((1, 10), 2), ((1, 11), 3)])
    assert [u[0] for u in txn.undo] == [UNDO_INSERT_MANY, UNDO_ADD_ENTRIES]
    assert [u[0] for u in expand_undo(txn.undo)][:3] == [UNDO_INSERT] * 3
    changes = derive(txn.undo, store.files)
    assert len(changes.tables) == 1 and list(changes.tables[0][3].rowids) == [1, 2, 3]
    mark = txn.savepoint()
    txn.insert_rows(table, [4], [(12,)])
    txn.rollback_to(mark)
    assert list(store.table(table).rows) == [1, 2, 3]
    txn.rollback()
    assert len(store.table(table).rows) == 0 and len(store.index(index).entries) == 0


def _run(connect, path=":memory:"):
    db = connect(path)
    cur = db.cursor()
    cur.execute("CREATE TABLE p(id INTEGER PRIMARY KEY)")
    cur.execute("CREATE TABLE c(id INTEGER PRIMARY KEY, p INT REFERENCES p, v)")
    cur.execute("CREATE INDEX c_p ON c(p)")
    cur.executemany("INSERT INTO p VALUES (?)", [(i,) for i in range(1, 21)])
    cur.execute("SAVEPOINT bulk")
    cur.executemany("INSERT INTO c VALUES (?, ?, ?)",
                    [(i, i % 20 + 1, float(i % 3) if i % 2 else i % 3) for i in range(1, 2001)])
    cur.execute("ROLLBACK TO bulk")
    cur.execute("RELEASE bulk")
    cur.executemany("INSERT INTO c VALUES (?, ?, ?)",
                    [(i, i % 20 + 1, -0.0 if i % 5 == 0 else i % 7) for i in range(1, 2001)])
    cur.execute("CREATE INDEX c_v ON c(v)")
    out = []
    for sql in ("SELECT count(*), sum(p) FROM c", "SELECT p, count(*) FROM c GROUP BY p",
                "SELECT id FROM c WHERE p = 7 ORDER BY id", "SELECT v, typeof(v) FROM c "
                "WHERE v <= 0 ORDER BY v, id LIMIT 5", "SELECT count(*) FROM c WHERE v = 3"):
        out.append(list(map(tuple, cur.execute(sql).fetchall())))
    return out


def test_bulk_inserts_with_shared_keys_answer_as_sqlite(tmp_path):
    expected = _run(lambda p: apsw.Connection(p))
    assert _run(rowandb.connect) == expected
    assert _run(rowandb.connect, str(tmp_path / "db.rowan")) == expected


def test_a_batch_shares_each_runs_key_once_and_never_an_equal_but_different_one(monkeypatch):
    """A batch of one width is shared run by run (``sharedkeys._shared_runs``): entries
    whose key is one object take an identical key of the index together (no ``shared``
    call per entry), and 8.0, -0.0 keep their own keys beside 8 and 0.0."""
    from rowandb.storage import sharedkeys
    index = SortedList([((1, 7), 1), ((1, 8), 2), ((1, 0.0), 3)])
    seven, real, zero, nine = (1, 7), (1, 8.0), (1, -0.0), (1, 9)
    monkeypatch.setattr(sharedkeys, "shared", None)        # would fail if called
    batch = shared_batch(index, [(seven, 12), (nine, 11), (seven, 10), (real, 9),
                                 (zero, 8), (nine, 14)])
    assert batch == sorted([((1, 7), 12), ((1, 9), 11), ((1, 7), 10), ((1, 8.0), 9),
                            ((1, -0.0), 8), ((1, 9), 14)])
    by_rowid = {entry[-1]: entry[0] for entry in batch}
    held = {entry[-1]: entry[0] for entry in index}
    assert by_rowid[12] is held[1] and by_rowid[10] is held[1]
    assert type(by_rowid[9][1]) is float and str(by_rowid[8][1]) == "-0.0"
    assert by_rowid[11] is by_rowid[14] is nine


def test_sharing_a_batch_by_runs_keeps_every_entry_and_value():
    """Random batches of ints, floats, signed zeros and text against a random index: the
    result is the sorted batch, value for value and type for type."""
    import random
    rnd = random.Random(5)
    values = [0, 0.0, -0.0, 1, 1.0, 2, "a", "b", 3, 3.5]
    for _ in range(300):
        index = SortedList(((1 if type(v) is not str else 2, v), r)
                           for r, v in enumerate(rnd.choices(values, k=rnd.randrange(12))))
        objects = {}
        batch = []
        for rowid in range(100, 100 + rnd.randrange(1, 15)):
            value = rnd.choice(values)
            key = (1 if type(value) is not str else 2, value)
            if rnd.random() < 0.5:                    # one object per value, or not
                key = objects.setdefault((type(value), repr(value)), key)
            batch.append((key, rowid))
        index._reset(rnd.choice([2, 3, 1000]))          # many sublists, or one
        out = shared_batch(index, batch)
        expected = sorted(batch)
        assert out == expected
        assert [repr(e) for e in out] == [repr(e) for e in expected]


def test_a_run_of_integer_keys_takes_the_index_key_wherever_it_sits():
    """With only integer keys, every batch key the index holds is taken from it (the
    cursor into the index finds it in whichever sublist it sits)."""
    import random
    rnd = random.Random(9)
    for _ in range(200):
        index = SortedList(((1, rnd.randrange(40)), r) for r in range(rnd.randrange(1, 60)))
        index._reset(rnd.choice([2, 3, 5]))
        held: dict = {}
        for entry in index:
            held.setdefault(entry[0][1], []).append(entry[0])
        made = {}
        batch = [(made.setdefault(v, (1, v)), 100 + i)
                 for i, v in enumerate(rnd.choices(range(45), k=rnd.randrange(2, 30)))]
        out = shared_batch(index, batch)
        assert out == sorted(batch)
        for key, _ in out:
            assert any(key is other for other in held.get(key[1], [made[key[1]]]))
