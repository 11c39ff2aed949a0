"""The columnar batch encoding (storage/columns.py) of log sections and data-file blocks.

Round trips must be exact (types, -0.0, NaN in records, int64 bounds, big integers,
surrogates, empty values and batches); hostile bytes -- truncated, flipped, or with huge
counts -- must only ever raise ``CorruptDatabaseError`` naming the file, quickly and without
allocating for the claimed count; index entries must come back in exactly the shape
``codec.check_entry`` accepts; a file of an older format version is refused with a clear error.
"""

from __future__ import annotations

import math
import os
import struct
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rowandb
from rowandb.errors import CorruptDatabaseError, DatabaseError
from rowandb.sql.database import abandon_database
from rowandb.storage import changes as ch
from rowandb.storage.codec import Reader, check_entry
from rowandb.storage.columns import (CELLS_PER_BYTE, L_MIXED, SMALL_BATCH, decode_column,
                                     decode_entries, decode_rows, encode_column,
                                     encode_entries, encode_rows)
from rowandb.storage.formats import (FORMAT_VERSION, FileEntry, Manifest, decode_data_file,
                                     decode_manifest, encode_data_file, encode_manifest)
from rowandb.storage.redolog import LogHeader, encode_header, read_log
from test_storage_support import close

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
SPECIAL = [None, 0, -1, INT64_MIN, INT64_MAX, INT64_MAX + 1, INT64_MIN - 1, 1 << 200,
           -(1 << 200), 0.0, -0.0, math.inf, -math.inf, math.nan, 1.5, "", "a", "\ud800",
           "\udfff x \ud83d", "é漢", "\x00", "a\x00b", b"", b"\x00\xff", True, False]
scalars = st.one_of(
    st.none(), st.integers(INT64_MIN, INT64_MAX), st.integers(-(1 << 80), 1 << 80),
    st.floats(), st.text(), st.binary(max_size=24), st.booleans(), st.sampled_from(SPECIAL))
# columns that are mostly of one type, with NULLs and strays mixed in
typed_columns = st.one_of(
    st.lists(scalars, max_size=30),
    st.lists(st.one_of(st.integers(INT64_MIN, INT64_MAX), st.none()), max_size=30),
    st.lists(st.one_of(st.text(), st.none()), max_size=30),
    st.lists(st.floats(), max_size=30), st.lists(st.binary(max_size=8), max_size=30),
    st.lists(st.integers(-(1 << 70), 1 << 70), max_size=30))
sort_keys = st.one_of(
    st.just((0,)), st.tuples(st.just(1), st.integers(-(1 << 70), 1 << 70)),
    st.tuples(st.just(1), st.floats(allow_nan=False)), st.tuples(st.just(2), st.text()),
    st.tuples(st.just(3), st.binary(max_size=8)))


def _stored(value):
    """What a value reads back as: a bool is stored as an integer."""
    return int(value) if type(value) is bool else value


def _same(a, b) -> bool:
    """Equal and of the same types all the way down; -0.0 differs from 0.0, NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        if math.isnan(a):
            return math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


def _column_round_trip(values: list) -> list:
    parts: list = []
    encode_column(values, parts)
    # in a block, every value costs at least a byte elsewhere (an op code, a rowid, a
    # tag): the block is never shorter than the count, and decode_column relies on that
    prefix = bytes(len(values))
    r = Reader(prefix + b"".join(parts), "col", len(prefix))
    decoded, _ = decode_column(r, len(values))
    assert r.at_end()
    return list(decoded)


# ---------------------------------------------------------------------------------------
# round trips
# ---------------------------------------------------------------------------------------

@settings(max_examples=400, deadline=None)
@given(typed_columns)
def test_columns_round_trip_exactly(values):
    assert _same(_column_round_trip(values), [_stored(v) for v in values])


@pytest.mark.parametrize("values", [
    [], [None], [None] * 5, [INT64_MIN, INT64_MAX], [INT64_MAX + 1], [1, None, 2],
    [1, 1 << 64, None, True], ["x", None, ""], ["\ud800", "é"], [b"", None, b"x"],
    [-0.0, math.nan, math.inf, -math.inf], [1, 1.0, "1", b"1", None, 1 << 99, False],
    [True, False], [0.5, None], SPECIAL, [""], ["", ""], ["\x00"], ["a", "\x00", None],
    ["é\ud800", "x", ""],
])
def test_special_columns_round_trip(values):
    assert _same(_column_round_trip(values), [_stored(v) for v in values])


def test_ints_with_nulls_use_the_mixed_layout_and_cost_a_tag_byte_each():
    parts: list = []
    encode_column([1, None, 3, None], parts)
    data = b"".join(parts)
    assert data[0] == L_MIXED
    assert len(data) == 1 + 4 + 2 * 8            # layout, 4 tags, two i64 values


def _records_round_trip(records: list) -> list:
    parts: list = []
    encode_rows(records, parts)
    prefix = bytes(len(records))                # the op codes or rowids of a real block
    r = Reader(prefix + b"".join(parts), "rows", len(prefix))
    decoded = decode_rows(r, len(records))
    assert r.at_end()
    return decoded


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 6).flatmap(
    lambda width: st.lists(st.lists(scalars, min_size=width, max_size=width).map(tuple),
                           max_size=12)))
def test_row_batches_of_one_width_round_trip_exactly(records):
    expected = [tuple(map(_stored, record)) for record in records]
    assert _same(_records_round_trip(records), expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(scalars, max_size=5).map(tuple), max_size=10))
def test_row_batches_of_mixed_widths_round_trip_exactly(records):
    expected = [tuple(map(_stored, record)) for record in records]
    assert _same(_records_round_trip(records), expected)


@pytest.mark.parametrize("records", [[], [()], [()] * 7, [(None,)], [(1, "a", 2.5)],
                                     [(None,) * 300] * 40])
def test_edge_row_batches_round_trip(records):
    assert _same(_records_round_trip(records), records)


def test_very_sparse_wide_rows_are_stored_row_wise_and_still_round_trip():
    """A columnar batch is refused if it claims more than CELLS_PER_BYTE values per byte;
    the encoder therefore writes such a batch row-wise instead."""
    records = [(None,) * 300] * 40
    parts: list = []
    encode_rows(records, parts)
    assert parts[0][0] == 1                     # row-wise shape
    assert 40 * 300 > CELLS_PER_BYTE * 300      # columnar: one layout byte per column
    assert _records_round_trip(records) == records


@settings(max_examples=200, deadline=None)
@given(st.integers(8, 200), st.integers(0, 1), st.integers(1, 40),
       st.integers(-(1 << 62), 1 << 62))
def test_sparse_batches_on_either_side_of_the_density_bound_round_trip(width, data_columns,
                                                                        count, seed):
    """All-NULL columns cost one byte: whether a batch is columnar or row-wise depends on
    its size; both must decode."""
    records = [tuple(seed + i if j < data_columns else None for j in range(width))
               for i in range(count)]
    parts: list = []
    encode_rows(records, parts)
    columnar = parts[0] == b"\x00"
    assert columnar == (count >= SMALL_BATCH and
                        count * width <= CELLS_PER_BYTE * (width + 8 * count * data_columns))
    assert _records_round_trip(records) == records


def _entries_round_trip(entries: list) -> list:
    parts: list = []
    encode_entries(entries, parts)
    r = Reader(b"".join(parts), "entries")
    decoded = decode_entries(r, len(entries))
    assert r.at_end()
    return decoded


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 3).flatmap(lambda width: st.lists(
    st.tuples(st.lists(sort_keys, min_size=width, max_size=width).map(tuple),
              st.integers(INT64_MIN, INT64_MAX)).map(lambda t: t[0] + (t[1],)), max_size=15)))
def test_entry_batches_round_trip_in_the_engines_shape(entries):
    decoded = _entries_round_trip(entries)
    assert _same(decoded, entries)
    assert all(map(check_entry, decoded))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(sort_keys, min_size=1, max_size=3).map(tuple),
                          st.integers(INT64_MIN, INT64_MAX)).map(lambda t: t[0] + (t[1],)),
                max_size=8))
def test_entry_batches_of_mixed_widths_round_trip(entries):
    assert _same(_entries_round_trip(entries), entries)


row_ops = st.lists(st.tuples(st.sampled_from([ch.OP_INSERT, ch.OP_UPDATE, ch.OP_DELETE]),
                             st.integers(INT64_MIN, INT64_MAX),
                             st.lists(scalars, min_size=2, max_size=2).map(tuple)),
                   max_size=10).map(lambda ops: [(op, rowid, None if op == ch.OP_DELETE else
                                                  tuple(map(_stored, record)))
                                                 for op, rowid, record in ops])
entry_ops = st.lists(st.tuples(st.sampled_from([ch.OP_ADD, ch.OP_REMOVE]), st.tuples(
    sort_keys, st.integers(INT64_MIN, INT64_MAX))), max_size=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 1 << 32), st.integers(0, 1 << 40), st.booleans(),
                          row_ops), max_size=3),
       st.lists(st.tuples(st.integers(1, 1 << 32), st.integers(0, 1 << 40), entry_ops),
                max_size=3),
       st.lists(st.tuples(st.integers(1, 99), st.integers(0, 99), st.sampled_from(
           ["table", "index"]), st.text(max_size=8)), max_size=2))
def test_change_sets_round_trip_exactly(tables, indexes, creates):
    changes = ch.ChangeSet(creates=creates, tables=tables, indexes=indexes, drops=[(5, 6)])
    decoded = ch.decode_changes(ch.encode_changes(changes), "t")
    assert decoded.creates == creates and decoded.drops == [(5, 6)]
    assert _same([(f, g, c, list(ops)) for f, g, c, ops in decoded.tables], tables)
    assert _same([(f, g, list(ops)) for f, g, ops in decoded.indexes], indexes)


@settings(max_examples=200, deadline=None)
@given(row_ops, st.booleans(), st.integers(1, 4))
def test_a_large_table_change_is_logged_in_sections_that_replay_as_one(ops, cleared, size):
    """``encode_changes`` cuts a table's row operations into sections of ``SECTION_OPS``
    (cache-sized batches); decoded one after the other they are the same operations in
    the same order, the table cleared by the first one only."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ch, "SECTION_OPS", size)
        decoded = ch.decode_changes(ch.encode_changes(
            ch.ChangeSet(tables=[(7, 2, cleared, ch.RowOps.of(ops))])), "t")
    sections = decoded.tables
    assert len(sections) == max(1, -(-len(ops) // size))
    assert {(f, g) for f, g, _, _ in sections} == {(7, 2)}
    assert [c for _, _, c, _ in sections] == [cleared] + [False] * (len(sections) - 1)
    assert _same([triple for _, _, _, piece in sections for triple in piece], ops)


@pytest.mark.parametrize("crash", [True, False])
def test_a_commit_of_many_sections_recovers_exactly(tmp_path, crash):
    """A transaction changing more rows than one section holds (inserts, updates and
    deletes mixed, with an index) reads back the same after a crash (the log replayed)
    and after a checkpoint."""
    path = str(tmp_path / "s.rowan")
    conn = _logged_table(path, "a, b", "b")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)",
                     [(i, f"v{i}", i % 7 or None) for i in range(1, 3 * ch.SECTION_OPS)])
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    conn.execute("UPDATE t SET a = a || '!' WHERE k % 3 = 0")
    conn.execute("DELETE FROM t WHERE k % 5 = 0")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?)",
                     [(-i, i * 0.5, f"n{i}") for i in range(ch.SECTION_OPS + 10)])
    conn.execute("COMMIT")
    expected = _rows(conn)
    by_index = conn.execute("SELECT k FROM t WHERE b > 3 ORDER BY b, k").fetchall()
    if crash:
        abandon_database(path)
    else:
        close(conn)
    conn = rowandb.connect(path, isolation_level=None)
    assert _same(_rows(conn), expected)
    assert conn.execute("SELECT k FROM t WHERE b > 3 ORDER BY b, k").fetchall() == by_index
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    close(conn)


def test_derived_row_ops_encode_like_plain_lists():
    triples = [(ch.OP_INSERT, 1, (1, "a")), (ch.OP_DELETE, 2, None), (ch.OP_UPDATE, 3, (None,))]
    ops = ch.RowOps.of(triples)
    assert ops == triples and list(ops) == triples and len(ops) == 3
    plain = ch.ChangeSet(tables=[(7, 1, False, triples)])
    compact = ch.ChangeSet(tables=[(7, 1, False, ops)])
    assert ch.encode_changes(plain) == ch.encode_changes(compact)


def test_data_files_of_many_blocks_round_trip():
    rows = [(i * 3, (f"row {i} " + "é" * (i % 7), i if i % 5 else None, i * 0.5,
                     bytes([i % 256]) * (i % 3), 1 << 70 if i % 11 == 0 else i))
            for i in range(20000)]
    data = encode_data_file("table", 9, 2, rows)
    assert struct.unpack_from(">I", data, 36)[0] > 1           # several blocks
    keys, values = decode_data_file(data, "f", "table", 9, 2)
    assert _same(list(zip(keys, values)), rows)
    entries = sorted(((1, i % 1000), (2, f"k{i}"), i) for i in range(20000))
    assert _same(decode_data_file(encode_data_file("index", 4, 1, entries), "f", "index", 4, 1),
                 entries)


def test_a_huge_row_gets_a_block_of_its_own():
    rows = [(1, ("x",)), (2, ("y" * (3 << 20),)), (3, ("z",))]
    data = encode_data_file("table", 1, 1, rows)
    keys, values = decode_data_file(data, "f", "table", 1, 1)
    assert list(zip(keys, values)) == rows


# ---------------------------------------------------------------------------------------
# hostile bytes
# ---------------------------------------------------------------------------------------

def _sample_payload() -> bytes:
    changes = ch.ChangeSet(
        creates=[(20, 3, "table", "t")],
        tables=[(20, 3, False, [(ch.OP_INSERT, 1, (1, "a", None, 2.5, b"x")),
                                (ch.OP_UPDATE, 2, (None, "é", 1 << 70, -0.0, b"")),
                                (ch.OP_DELETE, 3, None)]),
                (21, 3, True, [(ch.OP_INSERT, 5, (1,)), (ch.OP_INSERT, 6, (1, 2))])],
        indexes=[(22, 4, [(ch.OP_ADD, ((1, 5), (2, "x"), 1)),
                          (ch.OP_REMOVE, ((0,), (1, 2.5), 2)),
                          (ch.OP_ADD, ((2, "y"), (3, b"z"), 3))])],
        drops=[(23, 1)])
    return ch.encode_changes(changes)


_ALLOWED = (type(None), int, float, str, bytes)


def _check_decoded(changes: ch.ChangeSet) -> None:
    """What a hostile payload may decode to: only plain values, only well-formed entries."""
    for _, _, _, ops in changes.tables:
        for op, rowid, record in ops:
            assert type(rowid) is int
            assert record is None or (type(record) is tuple and
                                      all(type(v) in _ALLOWED for v in record))
    for _, _, ops in changes.indexes:
        for op, entry in ops:
            assert check_entry(entry)


def _decodes_or_refuses(payload: bytes) -> None:
    try:
        decoded = ch.decode_changes(payload, "redo-7.log: transaction 3")
    except CorruptDatabaseError as error:
        assert "redo-7.log" in str(error)
    else:
        _check_decoded(decoded)


def test_every_truncation_of_a_payload_is_refused_cleanly():
    payload = _sample_payload()
    for cut in range(len(payload)):
        _decodes_or_refuses(payload[:cut])


def test_every_flipped_byte_of_a_payload_is_refused_or_harmless():
    payload = _sample_payload()
    for position in range(len(payload)):
        for mask in (0x01, 0x80, 0xFF, 0x5A):
            damaged = bytearray(payload)
            damaged[position] ^= mask
            _decodes_or_refuses(bytes(damaged))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_random_damage_only_ever_raises_corruption(data):
    payload = bytearray(_sample_payload())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(payload) - 1))
        payload[position] = data.draw(st.integers(0, 255))
    _decodes_or_refuses(bytes(payload[:data.draw(st.integers(0, len(payload)))]))


def _table_section(count: int, rest: bytes) -> bytes:
    return struct.pack(">BQQBI", ch.SEC_TABLE, 1, 1, 0, count) + rest


@pytest.mark.parametrize("payload", [
    _table_section(0xFFFFFFFF, b""),                              # op count
    _table_section(1, b"I" + bytes(8) + b"\x00\xff\xff\x00"),     # wide NULL records
    _table_section(2, b"II" + bytes(16) + b"\x00\x00\x01\x03" + b"\xff" * 8),  # text lengths
    _table_section(1, b"I" + bytes(8) + b"\x00\x00\x01\x05"),     # mixed tags missing
    struct.pack(">BQQI", ch.SEC_INDEX, 1, 1, 0xFFFFFFFF),         # entry count
    struct.pack(">BQQI", ch.SEC_INDEX, 1, 1, 1) + b"+\x00\xff\xff",  # key columns
])
def test_hostile_counts_fail_fast_without_allocating(payload):
    started = time.perf_counter()
    with pytest.raises(CorruptDatabaseError, match="hostile.log"):
        ch.decode_changes(payload, "hostile.log")
    assert time.perf_counter() - started < 0.5


def test_a_column_count_beyond_its_block_is_refused_before_allocating():
    for layout in range(6):
        with pytest.raises(CorruptDatabaseError, match="h.rowan"):
            decode_column(Reader(bytes([layout]) + bytes(64), "h.rowan"), 1 << 32)
    with pytest.raises(CorruptDatabaseError, match="longer than its block"):
        decode_rows(Reader(b"\x00\x00\x00" + bytes(64), "h.rowan"), 1 << 32)
    with pytest.raises(CorruptDatabaseError, match="longer than its block"):
        decode_entries(Reader(bytes(64), "h.rowan"), 1 << 32)


def test_a_too_sparse_columnar_batch_is_refused():
    """300 NULL columns of 100 rows: 30000 values from about 300 bytes."""
    data = b"\x00" + struct.pack(">H", 300) + b"\x00" * 300
    with pytest.raises(CorruptDatabaseError, match="longer than its block"):
        decode_rows(Reader(data, "s.rowan"), 100)


def _entry_batch(entries) -> bytes:
    parts: list = []
    encode_entries(entries, parts)
    return b"".join(parts)


@pytest.mark.parametrize("entries", [
    [((1, math.nan), 1)],                       # NaN in a key
    [((1, 1), 1), ((1, math.nan), 2)],
    [((2, 5), 1)],                              # text kind holding a number
    [((1, "5"), 1)],                            # number kind holding text
    [((3, "b"), 1)],                            # blob kind holding text
    [((0,), (1, 2), 1), ((2, "x"), (1, 2.5), 2)] * 2 + [((1, b""), (0,), 3)],
    [((1, 1), "rowid")],                        # rowid not an integer
    [((1, 1), None)],
    [((1, 1), 1.0)],
])
def test_entries_not_in_the_engines_shape_are_refused(entries):
    with pytest.raises(CorruptDatabaseError, match="malformed index entry"):
        decode_entries(Reader(_entry_batch(entries), "i.rowan"), len(entries))


def test_bad_layouts_tags_kinds_and_ops_are_named():
    cases = [
        (lambda: decode_column(Reader(b"\x09", "x"), 1), "unknown column layout 9"),
        (lambda: decode_column(Reader(b"\x05\x07", "x"), 1), "bad value tag"),
        (lambda: decode_column(Reader(b"\x03\x00\x00\x00\x00\x02\xff\xfe", "x"), 1),
         "not valid UTF-8"),
        (lambda: decode_column(Reader(b"\x03\x01\x00\x00\x00\x02\xff\xfe", "x"), 1),
         "not valid UTF-8"),
        (lambda: decode_column(Reader(b"\x03\x00\x00\x00\x00\x03a\x00b", "x"), 3),
         "text column holds 2 strings, not 3"),
        (lambda: decode_column(Reader(b"\x03\x02", "x"), 1), "unknown text column form 2"),
        (lambda: decode_rows(Reader(b"\x07", "x"), 1), "unknown batch shape 7"),
        (lambda: decode_entries(Reader(b"\x00\x00\x01\x09", "x"), 1), "bad sort-key kind"),
        (lambda: ch.decode_changes(_table_section(1, b"Z"), "x"), "bad row operation 90"),
        (lambda: ch.decode_changes(struct.pack(">BQQI", ch.SEC_INDEX, 1, 1, 1) + b"?", "x"),
         "bad index operation 63"),
    ]
    for decode, message in cases:
        with pytest.raises(CorruptDatabaseError, match=message):
            decode()


def test_a_data_file_block_with_a_hostile_item_count_is_refused():
    """Checksums are valid (recomputed); the count is what lies."""
    import zlib
    data = bytearray(encode_data_file("index", 4, 1, [((1, 1), 1), ((1, 2), 2)]))
    header_end = 48
    length = struct.unpack_from(">I", data, header_end)[0]
    payload = bytes(data[header_end + 12:header_end + 12 + length])
    head = struct.pack(">II", length, 0xFFFFFFFF)
    data[header_end:header_end + 12] = head + struct.pack(">I", zlib.crc32(payload,
                                                                           zlib.crc32(head)))
    with pytest.raises(CorruptDatabaseError, match="idx-4-1-1.rowan: block 0"):
        decode_data_file(bytes(data), "idx-4-1-1.rowan", "index", 4, 1)


# ---------------------------------------------------------------------------------------
# format versions
# ---------------------------------------------------------------------------------------

def _with_version(data: bytes, version: int) -> bytes:
    return data[:8] + struct.pack(">H", version) + data[10:]


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_older_format_versions_are_refused_with_a_clear_error(version):
    assert FORMAT_VERSION == 5
    older = f"format version {version} is older than this RowanDB reads \\(5\\)"
    table = encode_data_file("table", 1, 1, [(1, ("a",))])
    with pytest.raises(DatabaseError, match=f"unsupported file format: tbl-1-1-1.rowan: {older}"
                       ) as caught:
        decode_data_file(_with_version(table, version), "tbl-1-1-1.rowan", "table", 1, 1)
    assert type(caught.value) is DatabaseError
    manifest = encode_manifest(Manifest(uuid=bytes(16), file_id_bits=8,
                                        files={3: FileEntry(3, 1, "table", "t")}))
    with pytest.raises(DatabaseError, match=f"unsupported file format: MANIFEST: {older}"):
        decode_manifest(_with_version(manifest, version), "MANIFEST")
    log = encode_header(LogHeader(bytes(16), 1, 0, 5))
    with pytest.raises(DatabaseError, match=f"unsupported file format: redo-1.log: {older}"):
        read_log(_with_version(log, version), "redo-1.log")


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_older_database_directory_is_refused_and_left_alone(tmp_path, version):
    path = str(tmp_path / "old.rowan")
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    close(conn)
    manifest = os.path.join(path, "MANIFEST")
    data = open(manifest, "rb").read()
    open(manifest, "wb").write(_with_version(data, version))
    before = {name: open(os.path.join(path, name), "rb").read() for name in os.listdir(path)}
    with pytest.raises(DatabaseError, match=f"unsupported file format: {manifest}: format "
                                            f"version {version} is older"):
        rowandb.connect(path)
    assert before == {name: open(os.path.join(path, name), "rb").read()
                      for name in os.listdir(path)}


# ---------------------------------------------------------------------------------------
# through the engine: recovery and checkpoints keep every value exactly
# ---------------------------------------------------------------------------------------

# Text that is not valid UTF-8 (held as surrogate escapes) cannot be bound -- a str with a
# lone surrogate is refused -- so row 7 makes it with CAST.
ROWS = [(1, None, "", b"", -0.0), (2, INT64_MIN, "\u4e00", b"\x00", math.inf),
        (3, INT64_MAX, "é", None, -math.inf), (4, 2.5, None, b"z", 1),
        (5, -7, "x" * 1000, b"y" * 1000, None), (6, 7, "7", b"7", 7.0)]


def _logged_table(path: str, columns: str, indexed: str):
    """A connection to a new database whose table ``t(k INTEGER PRIMARY KEY, columns)``
    has an index on ``indexed``; no automatic checkpoint (the log keeps every change)."""
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"CREATE TABLE t(k INTEGER PRIMARY KEY, {columns})")
    conn.execute(f"CREATE INDEX ti ON t({indexed})")
    return conn


def _rows(conn) -> list:
    return conn.execute("SELECT * FROM t ORDER BY k").fetchall()


@pytest.mark.parametrize("crash", [True, False])
def test_values_survive_recovery_and_checkpoints_exactly(tmp_path, crash):
    path = str(tmp_path / "v.rowan")
    conn = _logged_table(path, "a, b, c, d", "a, b")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", ROWS)
    conn.execute("INSERT INTO t VALUES (7, CAST(x'ff00c3' AS TEXT), 'é', NULL, 1)")
    conn.execute("COMMIT")
    conn.execute("UPDATE t SET a = NULL WHERE k = 6")
    conn.execute("DELETE FROM t WHERE k = 2")
    expected = _rows(conn)
    by_index = conn.execute("SELECT k FROM t WHERE a IS NULL ORDER BY a, b").fetchall()
    if crash:
        abandon_database(path)               # recovery replays the log
    else:
        close(conn)                          # checkpointed: the data files hold everything
    conn = rowandb.connect(path, isolation_level=None)
    assert _same(_rows(conn), expected)
    assert conn.execute("SELECT k FROM t WHERE a IS NULL ORDER BY a, b").fetchall() == by_index
    close(conn)


def _forge(path: str, changes: ch.ChangeSet) -> None:
    conn = rowandb.connect(path, isolation_level=None)
    with conn._session.db.lock:
        conn._session.db.store.log_commit(changes)
    abandon_database(path)


def _table_and_index(path: str) -> tuple:
    conn = rowandb.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE t(a)")
    conn.execute("CREATE INDEX ti ON t(a)")
    conn.execute("INSERT INTO t(rowid, a) VALUES (1, 5)")
    ids = dict(conn.execute("SELECT name, rootpage FROM sqlite_schema").fetchall())
    store = conn._session.db.store
    found = (ids["t"], store.table(ids["t"]).generation, ids["ti"],
             store.index(ids["ti"]).generation)
    close(conn)
    return found


@pytest.mark.parametrize("forged, message", [
    (lambda t, tg, i, ig: ch.ChangeSet(tables=[(t, tg, False, [(ch.OP_INSERT, 1, (9,))])]),
     "insert of existing row 1"),
    (lambda t, tg, i, ig: ch.ChangeSet(tables=[(t, tg, False, [(ch.OP_INSERT, 2, (9,)),
                                                               (ch.OP_INSERT, 2, (8,))])]),
     "inserts row 2 twice"),
    (lambda t, tg, i, ig: ch.ChangeSet(tables=[(t, tg, False, [(ch.OP_DELETE, 7, None)])]),
     "change of missing row 7"),
    (lambda t, tg, i, ig: ch.ChangeSet(indexes=[(i, ig, [(ch.OP_ADD, ((1, 5), 1))])]),
     "adds an existing entry"),
    (lambda t, tg, i, ig: ch.ChangeSet(indexes=[(i, ig, [(ch.OP_ADD, ((1, 6), 2)),
                                                         (ch.OP_ADD, ((1, 6), 2))])]),
     "adds an existing entry"),
    (lambda t, tg, i, ig: ch.ChangeSet(indexes=[(i, ig, [(ch.OP_REMOVE, ((1, 4), 1))])]),
     "removes a missing entry"),
])
def test_replay_stays_strict_on_its_fast_paths(tmp_path, forged, message):
    path = str(tmp_path / "r.rowan")
    ids = _table_and_index(path)
    _forge(path, forged(*ids))
    with pytest.raises(CorruptDatabaseError, match=message):
        rowandb.connect(path)


# ---------------------------------------------------------------------------------------
# derive: the bulk-load fast path agrees with the general path
# ---------------------------------------------------------------------------------------

def _both_derivations(monkeypatch, txn, store):
    fast = ch.derive(txn.undo, store.files)
    monkeypatch.setattr(ch, "_APPEND_ONLY", frozenset())      # force the general path
    general = ch.derive(txn.undo, store.files)
    return fast, general


def _as_sets(changes: ch.ChangeSet) -> tuple:
    return (sorted(changes.creates),
            sorted((f, g, c, tuple(ops)) for f, g, c, ops in changes.tables),
            sorted((f, g, tuple(ops)) for f, g, ops in changes.indexes), sorted(changes.drops))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(1, 10 ** 6), st.integers()),
                max_size=40, unique_by=lambda t: t[1]), st.booleans())
def test_the_bulk_load_fast_path_derives_what_the_general_path_does(rows, create_new):
    from rowandb.storage.memory import MemoryStore
    store = MemoryStore()
    setup = store.begin()
    tables = [setup.create_file("table", f"t{n}") for n in range(3)]
    index = setup.create_file("index", "i")
    setup.insert_row(tables[0], 0, ("existing",))
    setup.commit()
    txn = store.begin()
    if create_new:
        tables.append(txn.create_file("table", "new"))
    targets = tables[-3:]                     # the new table too, if there is one
    for which, rowid, value in rows:
        txn.insert_row(targets[which], rowid, (value, str(value)))
        txn.insert_entry(index, ((1, value), rowid))
    with pytest.MonkeyPatch.context() as patch:
        fast, general = _both_derivations(patch, txn, store)
    assert _as_sets(fast) == _as_sets(general)
    assert sum(len(ops) for _, _, _, ops in fast.tables) == len(rows)
    assert ch.decode_changes(ch.encode_changes(fast), "t") == fast


def test_a_mixed_transaction_takes_the_general_path_with_net_changes():
    from rowandb.storage.memory import MemoryStore
    store = MemoryStore()
    setup = store.begin()
    table = setup.create_file("table", "t")
    index = setup.create_file("index", "i")
    for rowid in (1, 2, 3):
        setup.insert_row(table, rowid, (rowid,))
        setup.insert_entry(index, ((1, rowid), rowid))
    setup.commit()
    txn = store.begin()
    txn.insert_row(table, 4, (4,))
    txn.update_row(table, 1, (10,))
    txn.delete_row(table, 2)
    txn.insert_row(table, 5, (5,))
    txn.delete_row(table, 5)                  # inserted and deleted again: no net change
    txn.delete_entry(index, ((1, 2), 2))
    txn.insert_entry(index, ((1, 4), 4))
    changes = ch.derive(txn.undo, store.files)
    assert [(f, c, sorted(ops)) for f, _, c, ops in changes.tables] == [
        (table, False, [(ch.OP_DELETE, 2, None), (ch.OP_INSERT, 4, (4,)),
                        (ch.OP_UPDATE, 1, (10,))])]
    assert [(f, sorted(ops)) for f, _, ops in changes.indexes] == [
        (index, [(ch.OP_ADD, ((1, 4), 4)), (ch.OP_REMOVE, ((1, 2), 2))])]
    assert ch.decode_changes(ch.encode_changes(changes), "t") == changes
