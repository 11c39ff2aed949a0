"""File-id wrap-around on disk (BRIEF.md failure 2, TokuDB): with 8-bit file ids, thousands
of tables and indexes are created, filled, closed, reopened, crashed and dropped, so every
id is reused many times, inside one redo log too. Every surviving row must stay in its own
table, and recovery must never apply an old owner's records to a new owner of the same id.

The default run creates 2,000 files (the id space of 241 free ids wraps about 8 times);
ROWANDB_SLOW_TESTS=1 runs the full 20,000.
"""

from __future__ import annotations

import os
import random

import pytest

import rowandb
from rowandb.errors import CorruptDatabaseError
from rowandb.sql.database import abandon_database
from rowandb.storage import changes as ch
from test_storage_support import close

SLOW = os.environ.get("ROWANDB_SLOW_TESTS") == "1"
FILES_TO_CREATE = 20_000 if SLOW else 2_000


def _open(path):
    conn = rowandb.connect(path, isolation_level=None, file_id_bits=8)
    conn.execute("PRAGMA wal_autocheckpoint = 0")     # long logs: ids reused within one log
    conn.execute("PRAGMA synchronous = OFF")          # crashes here are process crashes: the
    return conn                                       # OS keeps what was written


def _rows_of(serial: int) -> list[tuple]:
    return [(k, f"t{serial}-{k}", serial * 1000 + k) for k in range(1, 4)]


def _verify(conn, alive: dict, rng: random.Random, sample: int = 25) -> None:
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert names == {f"t{s}" for s in alive}
    for serial in rng.sample(sorted(alive), min(len(alive), sample)):
        table = f"t{serial}"
        assert conn.execute(f"SELECT * FROM {table} ORDER BY a").fetchall() == _rows_of(serial)
        key = f"t{serial}-2"
        assert conn.execute(f"SELECT c FROM {table} WHERE b = ?", (key,)).fetchall() == \
            [(serial * 1000 + 2,)]


def test_thousands_of_files_cross_the_8bit_wraparound_with_restarts_and_crashes(tmp_path):
    path = str(tmp_path / "wrap.rowan")
    rng = random.Random(8)
    conn = _open(path)
    alive: dict[int, int] = {}         # serial -> file id of its table
    created = serial = restarts = crashes = 0
    first_ids: dict[int, int] = {}
    reused = 0
    while created < FILES_TO_CREATE:
        serial += 1
        conn.execute("BEGIN")
        conn.execute(f"CREATE TABLE t{serial}(a INTEGER PRIMARY KEY, b TEXT UNIQUE, c)")
        conn.execute(f"INSERT INTO t{serial} VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)",
                     sum(_rows_of(serial), ()))
        conn.execute("COMMIT")
        created += 2                                   # the table and its UNIQUE index
        file_id = conn._session.db.dictionary.table(f"t{serial}").file_id
        reused += file_id in first_ids
        first_ids.setdefault(file_id, serial)
        alive[serial] = file_id
        if len(alive) > 40 or rng.random() < 0.3:
            victim = rng.choice(sorted(alive))
            conn.execute(f"DROP TABLE t{victim}")
            del alive[victim]
        if serial % 97 == 0:
            conn.execute("PRAGMA wal_checkpoint")
        if serial % 61 == 0:
            if rng.random() < 0.5:
                abandon_database(path)                # crash: the log is replayed
                crashes += 1
            else:
                close(conn)
                restarts += 1
            conn = _open(path)
            _verify(conn, alive, rng)
    _verify(conn, alive, rng)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)
    assert reused > created // 2 - 255 and crashes and restarts
    conn = _open(path)
    _verify(conn, alive, rng, sample=len(alive))      # every surviving table, every row
    close(conn)


def test_running_out_of_ids_is_a_clear_error_that_changes_nothing(tmp_path):
    path = str(tmp_path / "full.rowan")
    conn = rowandb.connect(path, isolation_level=None, file_id_bits=6)   # 63 ids, 31 reserved
    for n in range(32):
        conn.execute(f"CREATE TABLE t{n}(x)")
    with pytest.raises(rowandb.OperationalError, match="all 63 file ids are in use"):
        conn.execute("CREATE TABLE one_too_many(x)")
    conn.execute("DROP TABLE t3")
    conn.execute("CREATE TABLE fits_again(x)")
    close(conn)
    conn = rowandb.connect(path)
    names = sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_schema"))
    assert names == sorted([f"t{n}" for n in range(32) if n != 3] + ["fits_again"])
    close(conn)


def test_the_width_is_stored_and_a_different_explicit_width_is_refused(tmp_path):
    path = str(tmp_path / "w.rowan")
    close(rowandb.connect(path, file_id_bits=8))
    conn = rowandb.connect(path)                     # the default width opens it as stored
    conn.execute("CREATE TABLE t(x)")
    assert conn.execute("SELECT rootpage FROM sqlite_schema").fetchall()[0][0] < 256
    close(conn)
    with pytest.raises(rowandb.OperationalError, match="uses 8-bit file ids"):
        rowandb.connect(path, file_id_bits=16)


def test_a_log_record_for_an_ids_old_owner_is_corruption_not_data(tmp_path):
    """Forge what a confused log would hold: a row for the id's previous generation."""
    path = str(tmp_path / "g.rowan")
    conn = rowandb.connect(path, isolation_level=None, file_id_bits=8)
    conn.execute("CREATE TABLE old(x)")
    old_id = conn.execute("SELECT rootpage FROM sqlite_schema").fetchall()[0][0]
    store = conn._session.db.store
    old_generation = store.table(old_id).generation
    conn.execute("DROP TABLE old")
    conn.execute("PRAGMA wal_checkpoint")
    for n in range(300):                        # go round until the id is handed out again
        conn.execute(f"CREATE TABLE n{n}(x)")
        new_id = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?",
                              (f"n{n}",)).fetchall()[0][0]
        if new_id == old_id:
            break
        conn.execute(f"DROP TABLE n{n}")
    assert new_id == old_id and store.table(old_id).generation != old_generation
    conn.execute(f"INSERT INTO n{n} VALUES ('new owner')")
    forged = ch.ChangeSet(tables=[(old_id, old_generation, False,
                                   [(ch.OP_INSERT, 99, ("old owner",))])])
    with conn._session.db.lock:
        store.log_commit(forged)
    abandon_database(path)
    with pytest.raises(CorruptDatabaseError, match=f"record for file {old_id} generation "
                                                   f"{old_generation}"):
        rowandb.connect(path)
