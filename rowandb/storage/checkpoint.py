"""Checkpoints: write changed files anew, switch the manifest, trim the log.

Order of a checkpoint (it holds the write lock throughout, so no transaction is half-applied
in the files it writes, even while its fsyncs let other connections run):

1. make the log durable (``synchronous`` NORMAL or FULL), so nothing is lost if we crash
   before the new manifest is in place;
2. for every file created or changed since the last checkpoint, write a *new* data file
   ``<kind>-<fid>-<generation>-<checkpoint>.rowan`` (temporary name, fsync, rename) --
   files never change once written, so the old manifest stays valid throughout;
3. fsync the directory; create the next log segment (header only, ``base_seq`` = the last
   commit included), fsync it;
4. write the new manifest (``MANIFEST.tmp``, fsync, rename over ``MANIFEST``, fsync the
   directory) -- the single atomic switch from the old state to the new one;
5. only then delete the old log segment and the data files no longer named.

A failure before the manifest's rename leaves the old state in charge: the new files are
removed (or, after a crash, by the next open) and the store carries on. A failure after the
rename (the directory fsync) leaves it uncertain which manifest survives a power loss, so the
store stops accepting commits until reopened.

VACUUM (``vacuum.py``) is a checkpoint with ``every_file``: files that have not changed
are rewritten too, read back from their data files (which checks them) one at a time.
"""

from __future__ import annotations

import os
from ..errors import OperationalError
from .directory import io_error
from .formats import MANIFEST_NAME, FileEntry, Manifest, data_file_blocks, data_file_name, \
    data_file_parts, encode_manifest, log_name, table_block
from .logwriter import create_segment
from .vfs import write_file_atomically


class _Checkpointer:
    """Holds the write lock while a checkpoint runs: no transaction may change files that
    are being written out (the fsync waits below let other connections run)."""

    owner = None
    undo: list = []


def run_checkpoint(store, synchronous: int, every_file: bool = False) -> bool:
    """Checkpoint now; False if there was nothing to do or a writer is active.
    ``every_file``: rewrite the unchanged files too (VACUUM)."""
    store.check_usable()
    if store.writer is not None:
        return False
    if store.log.size == 0 and not store.dirty and not every_file:
        return False                 # every commit is in the log: an empty log, no changes
    checkpointer = _Checkpointer()
    store.writer = checkpointer
    try:
        _checkpoint(store, synchronous, every_file)
    finally:
        store.release_write(checkpointer)
    return True


def _checkpoint(store, synchronous: int, every_file: bool) -> None:
    from .durable import SYNC_OFF
    sync = synchronous != SYNC_OFF
    if sync:
        store.log.sync_all(store.statement_lock)
    else:
        store.log.quiesce(store.statement_lock)    # let a running fsync finish
    old = store.manifest
    number = old.checkpoint + 1
    written: list[str] = []
    try:
        files = _write_changed_files(store, old, number, sync, written, every_file)
        if sync and written:
            store.vfs.fsync_dir(store.path)
        new_log = create_segment(store.vfs, store.path, old.uuid, old.log_segment + 1,
                                 store.seq, sync)
        written.append(log_name(old.log_segment + 1))
    except OSError as error:
        _remove(store, written)
        raise io_error(error, "checkpointing into", store.path) from None
    except BaseException:            # a damaged file VACUUM read back: nothing changes
        _remove(store, written)
        raise
    manifest = _new_manifest(store, old, number, files)
    _install_manifest(store, manifest, sync, written, new_log)
    if every_file:
        _renew_stubs(store, manifest)
    old_log = store.log
    store.log = new_log
    store.manifest = manifest
    for file_id in store.dirty:
        store.lru[file_id] = None
    store.dirty.clear()
    store.checkpoints += 1
    try:
        old_log.close()
    except OSError:
        pass
    _remove(store, _obsolete(old, manifest))


def _write_changed_files(store, old: Manifest, number: int, sync: bool, written: list,
                         every_file: bool) -> dict:
    files = {}
    for file_id, file in store.files.items():
        if file is None:
            continue
        entry = old.files.get(file_id)
        if file_id not in store.dirty and entry is not None \
                and entry.generation == file.generation:
            if not every_file or not entry.version:
                files[file_id] = entry
                continue
        items = file_items(store, file, entry)
        count = len(items)
        entry = FileEntry(file_id, file.generation, file.kind, file.name, number if count else 0,
                          count)
        if count:
            name = data_file_name(file.kind, file_id, file.generation, number)
            blocks = _logged_blocks(store, file_id, file)
            if blocks is None:
                blocks = data_file_blocks(file.kind, items)
            parts = data_file_parts(file.kind, file_id, file.generation, blocks)
            _write_new(store, name, parts, sync, written)
            store.file_bytes[file_id] = sum(map(len, parts))
        files[file_id] = entry
    return files


def file_items(store, file, entry: FileEntry):
    """The rows or entries to write for ``file``: from memory, or from the data file of a
    file that is not loaded (read and checked as loading it would)."""
    if hasattr(file, "entry"):                       # a FileStub: on disk only
        if not entry.version:                        # an empty file: no data file
            return []
        decoded = store._read_data_file(entry, entry.data_name)
        return list(zip(*decoded)) if file.kind == "table" else decoded
    return file.rows.items() if file.kind == "table" else file.entries


def _logged_blocks(store, file_id: int, file) -> list | None:
    """``[(count, block parts)]`` for a table that now holds exactly the rows the commit just
    logged inserted, each block made of one log section's encoded rows -- the bytes
    encoding the rows again would give -- so a checkpoint right after a bulk load does
    not encode a million records a second time; None for any other file (encoded from
    its rows). ``DurableStore.inserted`` holds the sections (inserts only, their rowids
    ascending from section to section) with the table's ``RowidMap`` and write count as
    the commit left them: the same map at the same count has not changed since, so its
    records are the very ones the log encoded (derive read them from it), and as every
    logged rowid is in it, as many rows as were logged are exactly those rows."""
    logged = store.inserted.get(file_id)
    if not logged or file.kind != "table":
        return None
    rows, version, inserts = logged
    if file.rows is not rows or rows.version != version or len(rows) != inserts.rows():
        return None
    blocks = []
    for count, parts in inserts.sections():
        block = table_block(parts, count)
        if block is None:
            return None
        blocks.append((count, block))
    return blocks


def _renew_stubs(store, manifest: Manifest) -> None:
    """Files not loaded now live in the data files this checkpoint wrote."""
    from .durable import FileStub
    for file_id, file in store.files.items():
        if type(file) is FileStub:
            store.files[file_id] = FileStub(manifest.files[file_id])


def _write_new(store, name: str, parts: list, sync: bool, written: list) -> None:
    """Write one data file, the bytes of ``parts`` in turn (the directory is fsynced
    once, after all of them)."""
    written.append(name + ".tmp")
    write_file_atomically(store.vfs, store.path, name, parts, sync, sync_dir=False)
    written.append(name)


def _new_manifest(store, old: Manifest, number: int, files: dict) -> Manifest:
    state = store.allocator.state()
    return Manifest(uuid=old.uuid, file_id_bits=old.file_id_bits, checkpoint=number,
                    checkpoint_seq=store.seq, log_segment=old.log_segment + 1,
                    next_generation=store.next_generation, allocator_last=state["last"],
                    taken=[tuple(run) for run in state["taken"]], files=files)


def _install_manifest(store, manifest: Manifest, sync: bool, written: list, new_log) -> None:
    path = os.path.join(store.path, MANIFEST_NAME)
    temporary = path + ".tmp"
    try:
        file = store.vfs.open(temporary, "w")
        try:
            file.write(encode_manifest(manifest))
            if sync:
                file.fsync()
        finally:
            file.close()
        store.vfs.rename(temporary, path)
    except OSError as error:
        new_log.close()
        _remove(store, written + [MANIFEST_NAME + ".tmp"])
        raise io_error(error, "writing", path) from None
    try:
        if sync:
            store.vfs.fsync_dir(store.path)
    except OSError as error:
        store.failed = error
        raise OperationalError(f"disk I/O error: {path}: the new manifest may not be durable "
                               f"({error.strerror}); reopen the database") from None


def _obsolete(old: Manifest, new: Manifest) -> list[str]:
    names = [log_name(old.log_segment)]
    keep = {e.data_name for e in new.files.values() if e.version}
    names += [e.data_name for e in old.files.values() if e.version and e.data_name not in keep]
    return names


def _remove(store, names) -> None:
    for name in names:
        try:
            store.vfs.remove(os.path.join(store.path, name))
        except OSError:
            pass
