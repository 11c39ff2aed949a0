"""File formats: values round-trip exactly, and damaged or hostile bytes are always reported
(``DatabaseError``/``CorruptDatabaseError``), never returned as data and never executed.

Every single-byte change of a data file or manifest must be caught (CRC-32 detects every
error burst of up to 32 bits). In the redo log a damaged *last* frame is a torn tail and is
dropped; damage followed by intact frames is corruption.
"""

from __future__ import annotations

import math
import os
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowandb.errors import CorruptDatabaseError, DatabaseError
from rowandb.storage import changes as ch
from rowandb.storage.codec import Reader, check_entry, encode_record, encode_value
from rowandb.storage.formats import (FileEntry, Manifest, decode_data_file, decode_manifest,
                                     encode_data_file, encode_manifest)
from rowandb.storage.redolog import HEADER_SIZE, LogHeader, encode_frames, encode_header, \
    read_log

scalars = st.one_of(
    st.none(), st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1),
    st.integers(min_value=-(1 << 100), max_value=1 << 100),
    st.floats(allow_nan=False), st.text(), st.binary(max_size=64))
records = st.lists(scalars, max_size=8).map(tuple)
sort_keys = st.one_of(
    st.just((0,)), st.tuples(st.just(1), st.integers(-(1 << 63), (1 << 63) - 1)),
    st.tuples(st.just(1), st.floats(allow_nan=False)), st.tuples(st.just(2), st.text()),
    st.tuples(st.just(3), st.binary(max_size=16)))
entries = st.tuples(st.lists(sort_keys, min_size=1, max_size=3).map(tuple),
                    st.integers(-(1 << 63), (1 << 63) - 1)).map(lambda t: t[0] + (t[1],))


def _same(a, b) -> bool:
    """Equal and of the same types all the way down (1 and 1.0, 0.0 and -0.0 differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return a == b


@settings(max_examples=300, deadline=None)
@given(records)
def test_records_round_trip_exactly(record):
    out = bytearray()
    encode_record(record, out)
    reader = Reader(bytes(out), "test")
    assert _same(reader.record(), record) and reader.at_end()


@settings(max_examples=300, deadline=None)
@given(entries)
def test_index_entries_round_trip_exactly(entry):
    out = bytearray()
    encode_value(entry, out)
    assert _same(Reader(bytes(out), "test").entry(), entry)


def test_surrogates_and_big_integers_survive():
    record = ("\ud800x", 1 << 70, -(1 << 70), -0.0, b"")
    out = bytearray()
    encode_record(record, out)
    assert _same(Reader(bytes(out), "t").record(), record)


@pytest.mark.parametrize("data, detail", [
    (b"\x09", "unknown value tag 9"),
    (b"\x03\x00\x00\x00\x09ab", "runs past the end"),
    (b"\x03\x00\x00\x00\x02\xff\xfe", "not valid UTF-8"),
    (b"\x06\x00\x01" * 5 + b"\x00", "nested too deeply"),
    (b"\x05\xff\xff", "bad big integer length"),
])
def test_hostile_values_are_refused_with_the_reason(data, detail):
    with pytest.raises(CorruptDatabaseError, match=detail):
        Reader(data, "hostile.rowan").value()


@pytest.mark.parametrize("entry", [
    ((4, b"x"), 1), ((1, "text"), 1), ((0, 5), 1), ((1, 2),), ((1, float("nan")), 1),
    ((2, "a"), "rowid"), (),
])
def test_entries_must_have_the_engines_sort_key_shape(entry):
    assert not check_entry(entry)
    out = bytearray()
    encode_value(entry, out)
    with pytest.raises(CorruptDatabaseError, match="malformed index entry"):
        Reader(bytes(out), "x").entry()


def test_no_other_types_are_written():
    with pytest.raises(ValueError):
        encode_value(object(), bytearray())


# ---------------------------------------------------------------------------------------
# data files and manifests: every single-byte change is caught
# ---------------------------------------------------------------------------------------

def _table_bytes():
    rows = [(i, (i, f"row {i}", i * 0.5, None, bytes([i]))) for i in range(1, 6)]
    return encode_data_file("table", 17, 3, rows), rows


def test_data_files_round_trip():
    data, rows = _table_bytes()
    keys, values = decode_data_file(data, "f", "table", 17, 3)
    assert list(zip(keys, values)) == rows
    entries = [((1, i), (2, f"k{i}"), i) for i in range(50)]
    assert decode_data_file(encode_data_file("index", 4, 0, entries), "f", "index", 4, 0) == entries


def test_every_byte_of_a_data_file_is_protected():
    data, _ = _table_bytes()
    for position in range(len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0x5A
        with pytest.raises(DatabaseError):
            decode_data_file(bytes(damaged), "tbl-17-3-1.rowan", "table", 17, 3)


def test_a_data_file_of_another_owner_or_kind_is_refused():
    data, _ = _table_bytes()
    with pytest.raises(CorruptDatabaseError, match="holds file 17 generation 3, expected 17 "
                                                   "generation 4"):
        decode_data_file(data, "f", "table", 17, 4)
    with pytest.raises(CorruptDatabaseError, match="not a RowanDB index file"):
        decode_data_file(data, "f", "index", 17, 3)


def test_a_gathering_write_writes_its_parts_in_turn_through_short_writes(tmp_path,
                                                                         monkeypatch):
    """``write_parts`` (a checkpoint writes a data file's blocks with it, not joined first)
    leaves exactly the parts' bytes in turn: empty parts, byte views and bytearrays, more
    parts than one ``writev`` takes, and a kernel that writes only a few bytes a call --
    a short write resumes inside a part -- and ``write_file_atomically`` takes the list."""
    from rowandb.storage import vfs
    real = os.writev
    calls = []

    def short_writev(fd, buffers):
        calls.append(len(buffers))
        return real(fd, [memoryview(b"".join(buffers))[:5]])

    monkeypatch.setattr(vfs, "_IOV_MAX", 3)
    monkeypatch.setattr(vfs.os, "writev", short_writev)
    parts = [b"head", b"", bytearray(b"0123456789"), memoryview(b"xxabcxx")[2:5], b"z",
             b"", struct.pack(">q", -2), b"tail" * 3]
    vfs.write_file_atomically(vfs.OsVFS(), str(tmp_path), "data", parts, sync=True)
    assert (tmp_path / "data").read_bytes() == b"".join(parts)
    assert max(calls) == 3 and len(calls) >= len(b"".join(parts)) // 5
    monkeypatch.setattr(vfs.os, "writev", real)
    vfs.write_file_atomically(vfs.OsVFS(), str(tmp_path), "data", [], sync=False)
    assert (tmp_path / "data").read_bytes() == b""


def test_unsorted_items_are_refused_even_with_good_checksums():
    data = encode_data_file("table", 1, 0, [(2, ("b",)), (1, ("a",))])
    with pytest.raises(CorruptDatabaseError, match="out of order"):
        decode_data_file(data, "f", "table", 1, 0)


def _manifest():
    m = Manifest(uuid=bytes(range(16)), file_id_bits=8, checkpoint=3, checkpoint_seq=40,
                 log_segment=4, next_generation=9, allocator_last=20, taken=[(1, 16), (20, 20)])
    m.files = {15: FileEntry(15, 7, "table", "t", 3, 10), 20: FileEntry(20, 8, "index", "i", 0, 0)}
    return m


def test_manifest_round_trips_and_every_byte_is_protected():
    data = encode_manifest(_manifest())
    assert decode_manifest(data, "MANIFEST") == _manifest()
    for position in range(len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0x01
        with pytest.raises(DatabaseError):
            decode_manifest(bytes(damaged), "MANIFEST")


def test_a_newer_format_version_is_a_clear_error():
    data = bytearray(encode_manifest(_manifest()))
    data[8:10] = struct.pack(">H", 99)
    with pytest.raises(DatabaseError, match="unsupported file format: MANIFEST: format version "
                                            "99 is newer"):
        decode_manifest(bytes(data), "MANIFEST")


# ---------------------------------------------------------------------------------------
# the redo log
# ---------------------------------------------------------------------------------------

def _log(payloads, salt=1234):
    header = LogHeader(bytes(16), 2, 10, salt)
    data = bytearray(encode_header(header))
    for number, payload in enumerate(payloads):
        data += b"".join(encode_frames(11 + number, payload, salt))
    return bytes(data)


def test_log_returns_committed_transactions_in_order():
    data = _log([b"one", b"two", b"three"])
    contents = read_log(data, "redo-2.log")
    assert contents.transactions == [(11, b"one"), (12, b"two"), (13, b"three")]
    assert contents.valid_end == len(data) and contents.torn_bytes == 0


def test_big_transactions_span_frames_and_count_only_when_complete(monkeypatch):
    from rowandb.storage import redolog
    monkeypatch.setattr(redolog, "FRAME_BYTES", 4)
    data = _log([b"0123456789", b"abcdefghij"])
    assert read_log(data, "log").transactions == [(11, b"0123456789"), (12, b"abcdefghij")]
    without_last_frame = data[:len(data) - (20 + 2)]
    contents = read_log(without_last_frame, "log")
    assert contents.transactions == [(11, b"0123456789")]
    assert contents.torn_bytes == len(without_last_frame) - contents.valid_end > 0


def test_a_torn_tail_at_every_length_is_dropped_cleanly():
    data = _log([b"first", b"second"])
    first_end = read_log(_log([b"first"]), "l").valid_end
    for cut in range(HEADER_SIZE, len(data)):
        contents = read_log(data[:cut], "l")
        expected = [(11, b"first")] if cut >= first_end else []
        assert contents.transactions == expected
        tail = data[contents.valid_end:cut]
        assert contents.torn_bytes == (len(tail) if tail.strip(b"\0") else 0)


def test_zeros_after_the_last_frame_are_preallocated_space_not_a_torn_tail():
    data = _log([b"first", b"second"])
    contents = read_log(data + bytes(1 << 16), "l")
    assert contents.transactions == [(11, b"first"), (12, b"second")]
    assert contents.valid_end == len(data) and contents.torn_bytes == 0


def test_damage_before_intact_frames_is_corruption_not_a_torn_tail():
    data = _log([b"first", b"second", b"third"])
    first_end = read_log(_log([b"first"]), "l").valid_end
    for position in range(HEADER_SIZE, first_end):
        damaged = bytearray(data)
        damaged[position] ^= 0xFF
        with pytest.raises(CorruptDatabaseError, match="redo-9.log"):
            read_log(bytes(damaged), "redo-9.log")


def test_frames_of_another_log_segment_do_not_validate():
    one = _log([b"x"], salt=1)
    other = _log([b"x"], salt=2)
    spliced = one[:HEADER_SIZE] + other[HEADER_SIZE:]
    assert read_log(spliced, "l").transactions == []


def test_log_header_damage_is_reported_with_the_file_name():
    data = bytearray(_log([b"x"]))
    data[20] ^= 1
    with pytest.raises(CorruptDatabaseError, match="redo-1.log: log header checksum mismatch"):
        read_log(bytes(data), "redo-1.log")


def test_change_sets_round_trip_through_their_encoding():
    changes = ch.ChangeSet(
        creates=[(15, 9, "table", "t"), (16, 10, "index", "t_i")],
        tables=[(15, 9, False, [(ch.OP_INSERT, 1, (1, "a")), (ch.OP_DELETE, 2, None),
                                (ch.OP_UPDATE, 3, (None, 2.5))]), (17, 2, True, [])],
        indexes=[(16, 10, [(ch.OP_ADD, ((2, "a"), 1)), (ch.OP_REMOVE, ((0,), 2))])],
        drops=[(18, 4)])
    assert ch.decode_changes(ch.encode_changes(changes), "t") == changes
