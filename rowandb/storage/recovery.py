"""Crash recovery: bring a freshly opened store up to its last committed transaction.

The manifest names the checkpoint (its data files) and the log segment that follows it.
Recovery reads that segment, checks that it belongs to this database and continues this
checkpoint (uuid, segment number, base sequence number), then re-applies every committed
transaction in order (``changes.apply_changes``: strict, generation-checked). Only files
that the log touches are loaded; the others stay on disk until first used.

A torn tail (an incomplete or checksum-failing last frame, or a transaction without its
COMMIT frame) is cut off the segment so new commits are appended after the last good one.
Files in the directory that the manifest does not name -- data files and logs of an
interrupted checkpoint, ``*.tmp`` files -- are removed.
"""

from __future__ import annotations

import os
import re

from ..errors import CorruptDatabaseError
from .changes import Replay, apply_changes, decode_changes
from .directory import io_error
from .fileids import FileIdAllocator
from .formats import log_name
from .redolog import read_log

_OURS = re.compile(r"^(?:(?:tbl|idx)-\d+-\d+-\d+\.rowan|redo-\d+\.log|.*\.tmp)$")


def recover(store) -> None:
    manifest = store.manifest
    path = os.path.join(store.path, log_name(manifest.log_segment))
    try:
        data = store.vfs.read_file(path)
    except FileNotFoundError:
        raise CorruptDatabaseError(f"{path}: missing (named by the manifest)") from None
    except OSError as error:
        raise io_error(error, "reading", path) from None
    contents = read_log(data, path)
    header = contents.header
    if header.uuid != manifest.uuid:
        raise CorruptDatabaseError(f"{path}: belongs to another database")
    if (header.segment, header.base_seq) != (manifest.log_segment, manifest.checkpoint_seq):
        raise CorruptDatabaseError(
            f"{path}: continues checkpoint sequence {header.base_seq}, but the manifest's "
            f"checkpoint is at {manifest.checkpoint_seq}")
    last_created = None
    replay = Replay(store)
    for seq, payload in contents.transactions:
        where = f"{path}: transaction {seq}"
        changes = decode_changes(payload, where)
        apply_changes(store, changes, where, replay)
        if changes.creates:
            last_created = changes.creates[-1][0]
        store.seq = seq
    replay.finish()
    store.recovered_transactions = len(contents.transactions)
    if contents.transactions:
        store.allocator = _rebuilt_allocator(store, last_created)
    if contents.torn_bytes:
        _cut_torn_tail(store, path, contents.valid_end)
    store.open_log_at(header, contents.valid_end)
    remove_unnamed_files(store)


def _rebuilt_allocator(store, last_created) -> FileIdAllocator:
    """Ids in use after replay: the reserved ones and every file that exists."""
    old = store.allocator
    allocator = FileIdAllocator(old.bits, reserved=store.reserved_ids,
                                last=last_created if last_created is not None else old.last)
    for file_id, file in store.files.items():
        if file is not None and file_id not in allocator:
            allocator.take(file_id)
    return allocator


def _cut_torn_tail(store, path: str, size: int) -> None:
    try:
        file = store.vfs.open(path, "a")
        try:
            file.truncate(size)
            file.fsync()
        finally:
            file.close()
    except OSError as error:
        raise io_error(error, "truncating the torn tail of", path) from None


def remove_unnamed_files(store) -> None:
    """Remove RowanDB files the current manifest does not use (best effort)."""
    keep = store.known_names()
    try:
        names = store.vfs.listdir(store.path)
    except OSError:
        return
    for name in names:
        if name not in keep and _OURS.match(name):
            try:
                store.vfs.remove(os.path.join(store.path, name))
            except OSError:
                pass
