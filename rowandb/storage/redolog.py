"""The redo log (write-ahead log): its file format, appending frames, and reading it back.

A log *segment* ``redo-<n>.log`` starts with a header naming the database (uuid), its segment
number and the commit sequence number of the checkpoint it follows (``base_seq``). Then come
*frames*; each carries the commit sequence number of its transaction, a type (``PART`` for
all but the last frame of a transaction, ``COMMIT`` for the last) and a CRC-32 seeded with
the segment's random salt over the frame header and payload. A transaction's payload (the
change records of ``changes.encode_changes``) is split over frames of at most
``FRAME_BYTES``; it counts as committed only when its ``COMMIT`` frame is complete and valid.

Reading stops at the first frame that is incomplete or fails its checksum -- a torn tail left
by a crash -- and everything from the last complete transaction on is discarded (the store
truncates it away before appending). Zeros after the last frame are space the writer
preallocated, not damage. A bad frame *followed by a valid one* cannot be a torn
tail: that is reported as corruption, because committed transactions would otherwise be lost
silently.
"""

from __future__ import annotations

import os
import struct
import zlib
from dataclasses import dataclass

from ..errors import CorruptDatabaseError
from .formats import FORMAT_VERSION, LOG_MAGIC, check_magic

FRAME_PART, FRAME_COMMIT = 1, 2
FRAME_BYTES = 4 << 20
_HEADER = struct.Struct(">8sHH16sQQI")     # magic, version, header length, uuid, segment, base seq, salt
HEADER_SIZE = _HEADER.size + 4             # + crc32
_FRAME = struct.Struct(">IIQB3x")          # payload length, crc, seq, type
FRAME_HEADER_SIZE = _FRAME.size
_TAIL = struct.Struct(">QB3x")              # the part of the frame header the crc covers
_U32 = struct.Struct(">I")


@dataclass
class LogHeader:
    uuid: bytes
    segment: int
    base_seq: int
    salt: int


def encode_header(header: LogHeader) -> bytes:
    head = _HEADER.pack(LOG_MAGIC, FORMAT_VERSION, HEADER_SIZE, header.uuid, header.segment,
                        header.base_seq, header.salt)
    return head + _U32.pack(zlib.crc32(head))


def new_salt() -> int:
    return int.from_bytes(os.urandom(4), "big")


def encode_frames(seq: int, payload: bytes, salt: int) -> list:
    """The frames of one transaction: PART frames, then one COMMIT frame (their pieces
    views of ``payload``, not copies: the log joins them once)."""
    view = memoryview(payload)
    pieces = [view[i:i + FRAME_BYTES] for i in range(0, len(payload), FRAME_BYTES)] or [b""]
    last = len(pieces) - 1
    frames = []
    for number, piece in enumerate(pieces):
        kind = FRAME_COMMIT if number == last else FRAME_PART
        crc = zlib.crc32(piece, zlib.crc32(_TAIL.pack(seq, kind), salt))
        frames.append(_FRAME.pack(len(piece), crc, seq, kind))
        frames.append(piece)
    return frames


def decode_header(data: bytes, where: str) -> LogHeader:
    check_magic(data, LOG_MAGIC, where, "redo log")
    if len(data) < HEADER_SIZE:
        raise CorruptDatabaseError(f"{where}: log header is truncated")
    head = data[:_HEADER.size]
    if zlib.crc32(head) != _U32.unpack_from(data, _HEADER.size)[0]:
        raise CorruptDatabaseError(f"{where}: log header checksum mismatch")
    _, _, _, uuid, segment, base_seq, salt = _HEADER.unpack(head)
    return LogHeader(uuid, segment, base_seq, salt)


@dataclass
class LogContents:
    header: LogHeader
    transactions: list          # [(seq, payload)] of committed transactions, in order
    valid_end: int              # byte offset just past the last committed transaction
    torn_bytes: int             # bytes after valid_end that are not all zero (a torn tail)


def read_log(data: bytes, where: str) -> LogContents:
    """Every committed transaction of a log segment; a torn tail is reported, not returned."""
    header = decode_header(data, where)
    salt = header.salt
    expected = header.base_seq + 1
    transactions = []
    pending: list[bytes] = []
    pos = valid_end = HEADER_SIZE
    size = len(data)
    while True:
        frame = _frame_at(data, pos, salt)
        if frame is None:
            _refuse_hidden_frames(data, pos, salt, expected, where)
            break
        length, seq, kind, start = frame
        if seq != expected:
            raise CorruptDatabaseError(
                f"{where}: frame at byte {pos} has transaction {seq}, expected {expected}")
        pending.append(data[start:start + length])
        pos = start + length
        if kind == FRAME_COMMIT:
            transactions.append((seq, b"".join(pending)))
            pending = []
            expected += 1
            valid_end = pos
        elif kind != FRAME_PART:
            raise CorruptDatabaseError(f"{where}: frame at byte {pos} has unknown type {kind}")
    tail = data[valid_end:]
    torn = 0 if not tail or not tail.strip(b"\x00") else size - valid_end
    return LogContents(header, transactions, valid_end, torn)


def _frame_at(data: bytes, pos: int, salt: int):
    """(length, seq, type, payload start) of a complete, valid frame at ``pos``, else None."""
    if pos + FRAME_HEADER_SIZE > len(data):
        return None
    length, crc, seq, kind = _FRAME.unpack_from(data, pos)
    start = pos + FRAME_HEADER_SIZE
    if start + length > len(data):
        return None
    view = memoryview(data)
    checked = zlib.crc32(view[pos + 8:start], salt)
    if zlib.crc32(view[start:start + length], checked) != crc:
        return None
    return length, seq, kind, start


def _refuse_hidden_frames(data: bytes, pos: int, salt: int, expected: int, where: str) -> None:
    """A valid frame *after* the first bad one means damage in the middle, not a torn tail.

    Frames after ``pos`` can only carry sequence number ``expected`` (the rest of the
    pending transaction) or ``expected + 1``; each occurrence of those 8 bytes is tried as
    a frame header (a C-speed ``find``, then one CRC per candidate).
    """
    for seq in (expected, expected + 1):
        pattern = struct.pack(">Q", seq)
        hit = data.find(pattern, pos + 1)
        while hit != -1:
            start = hit - 8
            if start > pos and _frame_at(data, start, salt) is not None:
                raise CorruptDatabaseError(
                    f"{where}: frame at byte {pos} fails its checksum but a later frame "
                    f"(byte {start}) is intact")
            hit = data.find(pattern, hit + 1)
