"""On-disk formats of the manifest and of table and index data files (docs/FORMATS.md).

Every file starts with an 8-byte magic number and a 16-bit format version and carries a
CRC-32 per header and per block, so a damaged or foreign file is reported as
``CorruptDatabaseError`` (or, for a newer version, a clear ``DatabaseError``) naming the
file, never read as data. Blocks hold their rows or entries column by column
(``columns.py``); a file of an older format version is refused with a clear error.

A data file is written once, under a name that includes its file id, generation and the
checkpoint that wrote it, and is never modified afterwards; the manifest says which data
file is current for each file id.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter, lt

from ..errors import CorruptDatabaseError, DatabaseError
from .codec import Reader
from .columns import (decode_entries, decode_int64s, decode_rows, encode_entries, encode_rows,
                      pack_int64s, packed_entries)
from .rowruns import RowidMap

# 5: the dictionary gained SYS_VIEWS (file id 16, its name index 17) and SYS_TRIGGERS (18,
# its indexes 19 and 20) and reserves file ids 1-31 for SYS tables (user files start at 32). 4: the dictionary gained SYS_HEADER at the reserved file id 15 (a version 3 database may
# hold a table there) and keeps collations as written. 3: SYS_TABLES gained strict and
# autoincrement, and SYS_COLUMNS keeps DEFAULT texts as written (the dictionary is part of
# the format). 2: columnar log sections and data blocks.
# No older version was ever released, so none is converted: all are refused.
FORMAT_VERSION = 5
MANIFEST_MAGIC = b"ROWANMF\x00"
TABLE_MAGIC = b"ROWANTB\x00"
INDEX_MAGIC = b"ROWANIX\x00"
LOG_MAGIC = b"ROWANLG\x00"
MANIFEST_NAME = "MANIFEST"
LOCK_NAME = "LOCK"
KIND_CODES = {"table": 1, "index": 2}
KIND_NAMES = {1: "table", 2: "index"}
BLOCK_BYTES = 256 * 1024           # aimed-at block payload size
MAX_BLOCK_BYTES = 4 * BLOCK_BYTES  # a block larger than this is split (unless one item)
FIRST_BLOCK_ITEMS = 1024           # items in a file's first block; later ones adapt

_DATA_HEADER = struct.Struct(">8sHHQQQII")     # + u32 crc
_BLOCK_HEADER = struct.Struct(">III")          # length, item count, crc
_MANIFEST_HEADER = struct.Struct(">8sHHII")    # + u32 crc
_U32 = struct.Struct(">I")
_BLOCK_HEAD = struct.Struct(">II")             # length, item count: what the crc starts with


def data_file_name(kind: str, file_id: int, generation: int, version: int) -> str:
    return f"{'tbl' if kind == 'table' else 'idx'}-{file_id}-{generation}-{version}.rowan"


def check_magic(data: bytes, magic: bytes, where: str, what: str) -> None:
    """Raise the right error if ``data`` does not start like a RowanDB file of this kind."""
    if len(data) < 12 or data[:8] != magic:
        raise CorruptDatabaseError(f"{where}: not a RowanDB {what} (bad magic number)")
    version = struct.unpack_from(">H", data, 8)[0]
    if version > FORMAT_VERSION:
        raise DatabaseError(
            f"unsupported file format: {where}: format version {version} is newer than "
            f"this RowanDB supports ({FORMAT_VERSION})")
    if version < 1:
        raise CorruptDatabaseError(f"{where}: bad format version {version}")
    if version < FORMAT_VERSION:
        raise DatabaseError(
            f"unsupported file format: {where}: format version {version} is older than "
            f"this RowanDB reads ({FORMAT_VERSION})")


# ---------------------------------------------------------------------------------------
# table and index data files
# ---------------------------------------------------------------------------------------

def encode_data_file(kind: str, file_id: int, generation: int, items) -> bytes:
    """The bytes of a data file holding ``items``: (rowid, record) pairs or index entries."""
    return b"".join(data_file_parts(kind, file_id, generation, data_file_blocks(kind, items)))


def data_file_blocks(kind: str, items) -> list:
    """``[(item count, block parts)]`` of a data file holding ``items``."""
    if kind == "table":
        rowids, records = _table_columns(items)
        return _blocks(len(rowids), lambda start, stop: _table_block(rowids[start:stop],
                                                                     records[start:stop]))
    entries = items if type(items) is list else \
        getattr(items, "as_batch", lambda: None)() or list(items)   # packed: columns
    if getattr(entries, "big_endian_columns", lambda start, stop: None)(0, 0) is not None:
        return _packed_blocks(entries)
    return _blocks(len(entries), lambda start, stop: _index_block(entries[start:stop]))


def _packed_blocks(batch) -> list:
    """The blocks of a ``CodeBatch``'s packed index entries, each made from its stretch of
    the batch's codes (``big_endian_columns(start, stop)``), not from a copy of it."""
    return _blocks(len(batch), lambda start, stop: packed_entries(
        stop - start, *batch.big_endian_columns(start, stop)))


def data_file_of_blocks(kind: str, file_id: int, generation: int, blocks: list) -> bytes:
    """The bytes of a data file made of ``blocks``: ``[(item count, block parts)]``."""
    return b"".join(data_file_parts(kind, file_id, generation, blocks))


def data_file_parts(kind: str, file_id: int, generation: int, blocks: list) -> list:
    """A data file made of ``blocks`` as the list of buffers that hold its bytes in turn:
    a checkpoint writes them with one gathering write (``VFSFile.write_parts``) instead
    of joining tens of megabytes first."""
    total = sum(count for count, _ in blocks)
    magic = TABLE_MAGIC if kind == "table" else INDEX_MAGIC
    header = _DATA_HEADER.pack(magic, FORMAT_VERSION, _DATA_HEADER.size + 4, file_id,
                               generation, total, len(blocks), 0)
    parts = [header + _U32.pack(zlib.crc32(header))]
    for _, block in blocks:
        parts += block
    return parts


def _table_columns(items) -> tuple:
    """(rowids, records) of (rowid, record) pairs; a ``RowidMap`` items view (what a
    checkpoint passes) is read through its mapping's runs, at C speed."""
    mapping = getattr(items, "_mapping", None)
    if isinstance(mapping, RowidMap):
        return mapping.columns()
    pairs = items if type(items) is list else list(items)
    return list(map(itemgetter(0), pairs)), list(map(itemgetter(1), pairs))


def _table_block(rowids: list, records: list) -> list:
    parts = [pack_int64s(rowids)]
    encode_rows(records, parts)
    return parts


def _index_block(entries: list) -> list:
    parts: list = []
    encode_entries(entries, parts)
    return parts


def _blocks(count: int, encode) -> list:
    """[(items, block parts)] for items ``0..count``: blocks of about ``BLOCK_BYTES``, the
    number of items per block adapting to the sizes seen so far."""
    blocks = []
    start, step = 0, FIRST_BLOCK_ITEMS
    while start < count:
        stop = min(count, start + step)
        parts = encode(start, stop)
        length = _length(parts)
        while length > MAX_BLOCK_BYTES and stop - start > 1:
            stop = start + (stop - start) // 2
            parts = encode(start, stop)
            length = _length(parts)
        if length > 0xFFFFFFFF:
            raise ValueError("a row is too large to store")
        blocks.append((stop - start, _block(parts, stop - start, length)))
        step = max(1, (stop - start) * BLOCK_BYTES // max(length, 1))
        start = stop
    return blocks


def _length(parts: list) -> int:
    """The bytes in ``parts`` (bytes, bytearrays or byte views)."""
    return sum(map(len, parts))


def table_block(parts: list, count: int) -> list | None:
    """The parts of a table block of ``count`` rows whose payload is ready in ``parts``
    (their rowids, then their records: ``_table_block``'s parts), e.g. a redo log
    section's; None if it is larger than a block may be (``_blocks`` would split it)."""
    length = _length(parts)
    if length > MAX_BLOCK_BYTES and count > 1:
        return None
    if length > 0xFFFFFFFF:
        raise ValueError("a row is too large to store")
    return _block(parts, count, length)


def _block(parts: list, count: int, length: int) -> list:
    """A block of ``count`` items whose payload (``length`` bytes) is the bytes of
    ``parts`` in turn: its header, then the parts themselves (not copied)."""
    head = _BLOCK_HEAD.pack(length, count)
    crc = zlib.crc32(head)
    for part in parts:
        crc = zlib.crc32(part, crc)
    return [head + _U32.pack(crc), *parts]


def decode_data_file(data: bytes, where: str, kind: str, file_id: int, generation: int):
    """(rowids, records) for a table or a list of entries for an index; all checked."""
    magic = TABLE_MAGIC if kind == "table" else INDEX_MAGIC
    check_magic(data, magic, where, f"{kind} file")
    size = _DATA_HEADER.size
    if len(data) < size + 4:
        raise CorruptDatabaseError(f"{where}: file header is truncated")
    header = data[:size]
    if zlib.crc32(header) != _U32.unpack_from(data, size)[0]:
        raise CorruptDatabaseError(f"{where}: file header checksum mismatch")
    _, _, _, got_id, got_gen, total, n_blocks, _ = _DATA_HEADER.unpack(header)
    if (got_id, got_gen) != (file_id, generation):
        raise CorruptDatabaseError(
            f"{where}: holds file {got_id} generation {got_gen}, expected {file_id} "
            f"generation {generation}")
    pos = size + 4
    keys: list = []
    values: list = []
    for number in range(n_blocks):
        pos = _read_block(data, pos, where, number, kind, keys, values)
    if pos != len(data):
        raise CorruptDatabaseError(f"{where}: {len(data) - pos} unexpected bytes after the last block")
    if len(keys) != total:
        raise CorruptDatabaseError(f"{where}: header says {total} items, blocks hold {len(keys)}")
    _check_sorted(keys, where)
    return (keys, values) if kind == "table" else keys


def _read_block(data, pos: int, where: str, number: int, kind: str, keys, values) -> int:
    if pos + _BLOCK_HEADER.size > len(data):
        raise CorruptDatabaseError(f"{where}: block {number} is truncated")
    length, count, crc = _BLOCK_HEADER.unpack_from(data, pos)
    start = pos + _BLOCK_HEADER.size
    end = start + length
    if end > len(data):
        raise CorruptDatabaseError(f"{where}: block {number} is truncated")
    if zlib.crc32(memoryview(data)[start:end], zlib.crc32(data[pos:pos + 8])) != crc:
        raise CorruptDatabaseError(f"{where}: block {number} checksum mismatch")
    reader = Reader(data, f"{where}: block {number}", start, end)
    if kind == "table":
        keys += decode_int64s(reader, count)
        values += decode_rows(reader, count)
    else:
        keys += decode_entries(reader, count)
    if not reader.at_end():
        raise CorruptDatabaseError(f"{where}: block {number} has bytes after its last item")
    return end


def _check_sorted(keys: list, where: str) -> None:
    if all(map(lt, keys, islice(keys, 1, None))):
        return
    for i in range(1, len(keys)):
        if not keys[i - 1] < keys[i]:
            raise CorruptDatabaseError(f"{where}: items out of order at item {i}")


# ---------------------------------------------------------------------------------------
# the manifest
# ---------------------------------------------------------------------------------------

@dataclass
class FileEntry:
    """One table or index file as the manifest names it."""
    file_id: int
    generation: int
    kind: str
    name: str
    version: int = 0          # checkpoint that wrote its data file; 0 = empty, no data file
    count: int = 0

    @property
    def data_name(self) -> str | None:
        if not self.version:
            return None
        return data_file_name(self.kind, self.file_id, self.generation, self.version)


@dataclass
class Manifest:
    uuid: bytes
    file_id_bits: int
    checkpoint: int = 0            # number of the checkpoint that wrote this manifest
    checkpoint_seq: int = 0        # last commit sequence number the data files include
    log_segment: int = 1           # the redo log to replay: log_name(log_segment)
    next_generation: int = 1
    allocator_last: int = 0
    taken: list = field(default_factory=list)      # [(start, end)] runs of ids in use
    files: dict = field(default_factory=dict)      # file_id -> FileEntry


def log_name(segment: int) -> str:
    return f"redo-{segment}.log"


def encode_manifest(m: Manifest) -> bytes:
    body = bytearray()
    body += m.uuid
    body += struct.pack(">QQQQBQ", m.checkpoint, m.checkpoint_seq, m.log_segment,
                        m.next_generation, m.file_id_bits, m.allocator_last)
    body += _U32.pack(len(m.taken))
    for start, end in m.taken:
        body += struct.pack(">QQ", start, end)
    body += _U32.pack(len(m.files))
    for entry in sorted(m.files.values(), key=lambda e: e.file_id):
        name = entry.name.encode("utf-8", "surrogatepass")
        body += struct.pack(">QQBQQH", entry.file_id, entry.generation, KIND_CODES[entry.kind],
                            entry.version, entry.count, len(name))
        body += name
    header = _MANIFEST_HEADER.pack(MANIFEST_MAGIC, FORMAT_VERSION, _MANIFEST_HEADER.size + 4,
                                   len(body), zlib.crc32(body))
    return header + _U32.pack(zlib.crc32(header)) + bytes(body)


def decode_manifest(data: bytes, where: str) -> Manifest:
    check_magic(data, MANIFEST_MAGIC, where, "manifest")
    size = _MANIFEST_HEADER.size
    if len(data) < size + 4 or zlib.crc32(data[:size]) != _U32.unpack_from(data, size)[0]:
        raise CorruptDatabaseError(f"{where}: manifest header checksum mismatch")
    _, _, _, length, body_crc = _MANIFEST_HEADER.unpack_from(data)
    body = data[size + 4:]
    if len(body) != length or zlib.crc32(body) != body_crc:
        raise CorruptDatabaseError(f"{where}: manifest checksum mismatch")
    r = Reader(body, where)
    uuid = r.raw(16)
    checkpoint, seq, segment, generation = r.u64(), r.u64(), r.u64(), r.u64()
    bits, last = r.u8(), r.u64()
    if not 1 <= bits <= 64:
        r.fail(f"bad file id width {bits}")
    m = Manifest(uuid, bits, checkpoint, seq, segment, generation, last)
    m.taken = [(r.u64(), r.u64()) for _ in range(r.u32())]
    for _ in range(r.u32()):
        file_id, gen, kind, version, count = r.u64(), r.u64(), r.u8(), r.u64(), r.u64()
        name = r.short_text()
        if kind not in KIND_NAMES or file_id in m.files or not 1 <= file_id < (1 << bits):
            r.fail(f"bad entry for file id {file_id}")
        m.files[file_id] = FileEntry(file_id, gen, KIND_NAMES[kind], name, version, count)
    if not r.at_end():
        r.fail("unexpected bytes after the file list")
    return m
