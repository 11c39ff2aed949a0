"""A checkpoint inside the COMMIT of a bulk load writes the table's data file from the redo
log's encoded sections (``checkpoint._logged_blocks``), and packed index entries are
written from their codes' bytes (``CodeBatch.big_endian_columns``).

Both are only faster ways to the bytes the general encoders give: the data file of a
table loaded in one transaction holds one block per log section (the rows the general
path would write, in blocks of another size), any other table's file is byte for byte
what ``encode_data_file`` makes of its rows, and the answers -- after a checkpoint, a
crash and a reopen -- are SQLite's (apsw).
"""

from __future__ import annotations

import math
import os
import struct
from types import SimpleNamespace

import apsw
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowandb
from rowandb.sql.database import abandon_database
from rowandb.storage import changes as ch
from rowandb.storage.checkpoint import _logged_blocks
from rowandb.storage.columns import encode_column, encode_entries
from rowandb.storage.formats import data_file_of_blocks, decode_data_file, encode_data_file, \
    table_block
from rowandb.storage.memory import TableFile
from rowandb.storage.packedentries import CodeBatch
from rowandb.storage.recordruns import RecordRuns
from rowandb.storage.rowruns import RowidMap
from test_storage_support import close

SCHEMA = ["CREATE TABLE t(k INTEGER PRIMARY KEY, a TEXT, b INTEGER, c REAL)",
          "CREATE INDEX tb ON t(b)"]
QUERIES = ["SELECT * FROM t ORDER BY k", "SELECT b, k FROM t WHERE b BETWEEN 10 AND 20 ORDER BY b, k",
           "SELECT count(*), sum(b), total(c) FROM t"]


def _rows(count: int, start: int = 1) -> list[tuple]:
    return [(k, f"label {k}" if k % 7 else None, (k * 7919) % 1000 - 300, k / 3)
            for k in range(start, start + count)]


def _stats(conn) -> dict:
    cur = conn.execute("PRAGMA storage_stats")
    return dict(zip([d[0] for d in cur.description], cur.fetchall()[0]))


def _table_file(path: str) -> tuple[str, int, int]:
    """(name, file id, generation) of the one user table's data file (user ids from 32)."""
    for name in os.listdir(path):
        parts = name.split("-")
        if parts[0] == "tbl" and int(parts[1]) >= 32:
            return name, int(parts[1]), int(parts[2])
    raise AssertionError("no data file of table t")


def _sqlite_answers(loads: list[list[tuple]]) -> list:
    conn = apsw.Connection(":memory:")
    for statement in SCHEMA:
        conn.execute(statement)
    for rows in loads:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    return [[tuple(row) for row in conn.execute(query)] for query in QUERIES]


def _answers(conn) -> list:
    return [conn.execute(query).fetchall() for query in QUERIES]


def _load(path: str, loads: list[list[tuple]], pages: int = 1):
    """A new database where ``loads`` each commit in one transaction, the automatic
    checkpoint at its smallest (one page), so that a large load's COMMIT runs it (or at
    ``pages``: 0 turns it off)."""
    conn = rowandb.connect(path, isolation_level=None)
    for statement in SCHEMA:
        conn.execute(statement)
    conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")
    for rows in loads:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    return conn


def _reopened_answers(path: str, conn, crash: bool) -> list:
    if crash:
        abandon_database(path)
    else:
        close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return _answers(conn)
    finally:
        close(conn)


def test_a_load_checkpointed_in_its_commit_writes_one_block_per_log_section(tmp_path):
    """The COMMIT of a load into an empty table checkpoints (the log is past one page)
    and the table's data file holds one block per log section -- the general encoder
    would write blocks of about 256 KB -- with exactly the rows, which read back,
    after a crash and after a clean close, as SQLite's."""
    rows = _rows(3 * ch.SECTION_OPS + 5)
    path = str(tmp_path / "db")
    conn = _load(path, [rows])
    assert _stats(conn)["checkpoints"] == 1
    name, file_id, generation = _table_file(path)
    with open(os.path.join(path, name), "rb") as file:
        data = file.read()
    assert struct.unpack_from(">I", data, 36)[0] == math.ceil(len(rows) / ch.SECTION_OPS)
    keys, records = decode_data_file(data, name, "table", file_id, generation)
    assert list(zip(keys, records)) == [(row[0], row) for row in rows]
    expected = _sqlite_answers([rows])
    assert _answers(conn) == expected
    assert _reopened_answers(path, conn, crash=True) == expected
    conn = rowandb.connect(path, isolation_level=None)
    assert _reopened_answers(path, conn, crash=False) == expected


@pytest.mark.parametrize("pages", [1, 0])
@pytest.mark.parametrize("order", ["ascending", "descending", "gaps", "halves swapped"])
def test_a_load_in_any_rowid_order_reads_back_as_sqlite(tmp_path, order, pages):
    """A load whose ids ascend one by one (its chunks' rowids kept as ranges, its change
    set's records a view of the table's runs), descend, skip or come in two swapped
    halves (the log's sections then do not ascend: the checkpoint encodes the rows)
    answers as SQLite's -- checkpointed by its COMMIT or not (``pages`` 0: recovery
    replays the log), after a crash and after a clean close."""
    rows = _rows(2 * ch.SECTION_OPS + 700)
    if order == "descending":
        rows.reverse()
    elif order == "gaps":
        rows = [row for row in rows if row[0] % 5]
    elif order == "halves swapped":
        rows = rows[len(rows) // 2:] + rows[:len(rows) // 2]
    path = str(tmp_path / "db")
    conn = _load(path, [rows], pages)
    assert _stats(conn)["checkpoints"] == (1 if pages else 0)
    expected = _sqlite_answers([rows])
    assert _answers(conn) == expected
    assert _reopened_answers(path, conn, crash=True) == expected
    conn = rowandb.connect(path, isolation_level=None)
    assert _reopened_answers(path, conn, crash=False) == expected


def test_a_load_of_consecutive_ids_lists_neither_its_rowids_nor_its_records(tmp_path,
                                                                            monkeypatch):
    """The change set of a load whose ids ascend one by one, written in several chunks,
    holds its rowids as one range and its records as a view of the table's runs
    (``RecordRuns``), so the COMMIT makes no million-long list for the collector to walk;
    what it logs reads back as SQLite's."""
    seen = []
    encode = ch.encode_changes
    monkeypatch.setattr(ch, "encode_changes",
                        lambda changes, inserted=None: seen.append(changes) or
                        encode(changes, inserted))
    rows = _rows(3 * ch.SECTION_OPS + 5)
    path = str(tmp_path / "db")
    conn = _load(path, [rows], pages=0)
    (_, _, _, ops), = [table for table in seen[-1].tables if table[0] >= 32]
    assert type(ops.rowids) is range and type(ops.records) is RecordRuns
    assert _reopened_answers(path, conn, crash=True) == _sqlite_answers([rows])


def test_a_table_that_held_rows_before_the_load_is_encoded_from_its_rows(tmp_path):
    """The sections of a load into a table that already held rows are not the whole
    table: its data file is what ``encode_data_file`` makes of all its rows."""
    first, second = _rows(50), _rows(2 * ch.SECTION_OPS, start=51)
    path = str(tmp_path / "db")
    conn = _load(path, [first, second])
    name, file_id, generation = _table_file(path)
    with open(os.path.join(path, name), "rb") as file:
        data = file.read()
    everything = [(row[0], row) for row in first + second]
    assert data == encode_data_file("table", file_id, generation, everything)
    expected = _sqlite_answers([first, second])
    assert _answers(conn) == expected
    assert _reopened_answers(path, conn, crash=True) == expected


_VALUES = st.one_of(st.none(), st.integers(-(1 << 70), 1 << 70), st.floats(allow_nan=False),
                    st.text(max_size=6), st.binary(max_size=4))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_VALUES, min_size=0, max_size=4).map(tuple), min_size=1,
                max_size=40),
       st.integers(1, 9))
def test_logged_insert_sections_make_the_data_file_of_their_rows(records, section):
    """``encode_changes`` hands back, for a table of inserts only, each section's encoded
    rows; made into blocks they are a data file holding exactly those rows (records of
    any width and type, sections of any size); a table with another operation, or whose
    inserts do not ascend by rowid (a data file's order), hands back nothing."""
    rowids = list(range(-5, -5 + len(records)))
    inserts = [(ch.OP_INSERT, rowid, record) for rowid, record in zip(rowids, records)]
    mixed = inserts + [(ch.OP_DELETE, 1000, None)]
    unordered = inserts[1:] + inserts[:1]
    tables = [(40, 2, False, inserts), (41, 2, False, mixed)]
    changes = ch.ChangeSet(tables=tables + ([(42, 2, False, unordered)] if len(records) > 1
                                            else []))
    inserted: dict = {}
    saved, ch.SECTION_OPS = ch.SECTION_OPS, section
    try:
        ch.encode_changes(changes, inserted)
    finally:
        ch.SECTION_OPS = saved
    assert set(inserted) == {40}
    assert len(inserted[40].sections()) == math.ceil(len(records) / section)
    blocks = [(count, table_block(parts, count)) for count, parts in inserted[40].sections()]
    data = data_file_of_blocks("table", 40, 2, blocks)
    keys, values = decode_data_file(data, "f", "table", 40, 2)
    assert list(keys) == rowids and repr(values) == repr(records)


def test_logged_blocks_serve_only_the_table_as_its_commit_left_it():
    """The checkpoint takes the logged sections for a table only while it is the very
    ``RowidMap`` the commit left, at the same write count, holding as many rows as were
    logged: then the blocks are a data file of exactly its rows. A write since (even one
    putting a record back), a cleared table (a new map) or a row more than was logged
    (a table that held rows before) makes it encode the rows instead (None)."""
    rows = _rows(2 * ch.SECTION_OPS + 3)
    table = TableFile(40, "t", 2)
    table.rows.add_new([row[0] for row in rows], rows, ascending=True)
    inserted: dict = {}
    ch.encode_changes(ch.ChangeSet(tables=[(40, 2, False, [(ch.OP_INSERT, row[0], row)
                                                            for row in rows])]), inserted)
    store = SimpleNamespace(inserted={40: (table.rows, table.rows.version, inserted[40])})
    blocks = _logged_blocks(store, 40, table)
    assert len(blocks) == 3
    keys, values = decode_data_file(data_file_of_blocks("table", 40, 2, blocks), "f",
                                    "table", 40, 2)
    assert list(zip(keys, values)) == [(row[0], row) for row in rows]
    table.rows[rows[0][0]] = rows[0]                 # the same record put back: a write
    assert _logged_blocks(store, 40, table) is None
    store.inserted[40] = (table.rows, table.rows.version, inserted[40])
    assert _logged_blocks(store, 40, table) is not None
    table.rows[0] = (0, None, 0, 0.0)               # a row the log does not hold
    store.inserted[40] = (table.rows, table.rows.version, inserted[40])
    assert _logged_blocks(store, 40, table) is None
    rows_before = table.rows
    table.rows = RowidMap()
    table.rows.update(rows_before)
    assert _logged_blocks(store, 40, table) is None


_HALF = 1 << 31
_HALVES = st.one_of(st.integers(-_HALF, _HALF - 1), st.sampled_from([-_HALF, -1, 0, _HALF - 1]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_HALVES, _HALVES), min_size=1, max_size=300))
def test_packed_entries_encode_from_their_codes_bytes_as_from_their_ints(pairs):
    """A batch of packed index entries is encoded from its codes' bytes: the bytes
    ``encode_column`` gives of its keys and rowids as ints (negative halves, the ends
    of the packed range), and of any slice of it; batches joined hold their codes in turn."""
    codes = [(key << 32) | (rowid + _HALF) for key, rowid in pairs]
    batch = CodeBatch(codes)
    for part in (batch, batch[1:], batch[: len(codes) // 2]):
        if not len(part):
            continue
        keys, rowids = part.columns()
        expected = [b"\x00", struct.pack(">H", 1), b"\x01" * len(keys)]
        encode_column(keys, expected)
        encode_column(rowids, expected)
        got: list = []
        encode_entries(part, got)
        assert b"".join(got) == b"".join(expected)
    assert batch.columns() == ([key for key, _ in pairs], [rowid for _, rowid in pairs])
    half = len(codes) // 2
    assert list(CodeBatch.joined([batch[:half], CodeBatch(codes[half:])]).codes) == codes
