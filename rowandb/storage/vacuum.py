"""VACUUM of a database directory, and VACUUM INTO: a fresh copy of a database.

RowanDB's data files have no free pages to reclaim: a checkpoint writes each changed file
whole, and never changes a file once written. What a database directory carries beyond its
rows is the redo log (every change since the last checkpoint, deleted rows included) and,
until the checkpoint that replaces them, the previous versions of changed files. So
``vacuum`` is a checkpoint that rewrites *every* table and index file -- the unchanged ones
too, read back from disk (which checks every block) and written out in the current block
layout -- and starts an empty log. It is crash-safe exactly as a checkpoint is: new files
under new names, one atomic rename of MANIFEST, then the old files are deleted; a crash
before the rename leaves the old database, after it the new one (checkpoint.py).

File ids and generations stay what they were. The dictionary names files by id and the
redo log tags records with (id, generation); a new id per file would need a dictionary
transaction rewriting every SYS_TABLES and SYS_INDEXES row for nothing, since the rewritten
files are new names already (``<kind>-<id>-<generation>-<checkpoint>.rowan``). The
wrap-safe allocator is thus not consulted, and its state is carried over unchanged.

``write_copy`` writes a new database directory (VACUUM INTO): every file's rows or entries
as the store holds them, a manifest with a new uuid, an empty first log -- built beside the
target and renamed into place when complete, so a crash never leaves a partial database
at the target. On failure everything it wrote is removed again.
"""

from __future__ import annotations

import os
import uuid as uuidlib

from ..errors import DatabaseError, OperationalError
from .directory import io_error
from .formats import MANIFEST_NAME, FileEntry, Manifest, data_file_name, encode_data_file, \
    encode_manifest, log_name
from .logwriter import create_segment
from .vfs import OsVFS, write_file_atomically


def vacuum(store, synchronous: int) -> None:
    """Rewrite every file of the durable ``store`` and empty its log (a full checkpoint)."""
    from .checkpoint import run_checkpoint
    if store.writer is not None:
        raise OperationalError("database is locked")
    run_checkpoint(store, synchronous, every_file=True)


def check_target(target: str, vfs=None) -> None:
    """SQLite's refusals of a VACUUM INTO target: an existing database is "output file
    already exists"; anything else that is not an empty directory is not a database; a
    missing parent directory cannot be opened."""
    vfs = vfs or OsVFS()
    if vfs.exists(target):
        if not vfs.is_dir(target):
            raise DatabaseError(f"file is not a database: {target}")
        names = vfs.listdir(target)
        if MANIFEST_NAME in names:
            raise OperationalError("output file already exists")
        if names:
            raise DatabaseError(f"file is not a database: {target}")
        return
    parent = os.path.dirname(os.path.abspath(target))
    if not vfs.is_dir(parent):
        raise OperationalError(f"unable to open database: {target}")


#: the copy is built beside its target under this suffix, then renamed into place
BUILDING_SUFFIX = ".vacuum-into.tmp"


def write_copy(store, target: str, synchronous: bool = True, vfs=None) -> int:
    """Write every file of ``store`` (a MemoryStore or DurableStore, no writer active)
    as a new database at ``target``; returns the number of data files written. The copy
    is built in ``target + BUILDING_SUFFIX`` and renamed to ``target`` when complete (over
    an empty directory too), so a crash leaves the target as it was; the next VACUUM INTO
    clears what an interrupted one left."""
    vfs = vfs or OsVFS()
    check_target(target, vfs)
    existed = vfs.exists(target)
    building = target.rstrip(os.sep) + BUILDING_SUFFIX
    written: list[str] = []
    renamed = False
    try:
        _clear_leftover(vfs, building)
        vfs.mkdir(building)
        files = _write_files(store, building, vfs, synchronous, written)
        manifest = _manifest(store, files)
        written.append(log_name(1))
        create_segment(vfs, building, manifest.uuid, 1, 0, synchronous).close()
        write_file_atomically(vfs, building, MANIFEST_NAME, encode_manifest(manifest),
                              synchronous)
        vfs.rename(building, target)
        renamed = True
        if synchronous:
            vfs.fsync_dir(os.path.dirname(os.path.abspath(target)))
    except BaseException as error:
        names = [MANIFEST_NAME, MANIFEST_NAME + ".tmp"] + written
        _undo(vfs, target if renamed else building, names, not existed or not renamed)
        if isinstance(error, OSError):
            raise io_error(error, "writing", target) from None
        raise
    return sum(1 for name in written if name.endswith(".rowan"))


def _clear_leftover(vfs, building: str) -> None:
    """Remove the directory an interrupted VACUUM INTO left, if it holds only what one
    writes (never anything else)."""
    if not vfs.exists(building):
        return
    names = vfs.listdir(building)
    if not all(n == MANIFEST_NAME or n.endswith((".rowan", ".tmp", ".log")) for n in names):
        raise OperationalError(f"unable to open database: {building} is in the way")
    _undo(vfs, building, names, True)


def _write_files(store, target: str, vfs, sync: bool, written: list) -> dict:
    from .checkpoint import file_items
    files = {}
    for file_id in sorted(store.files):
        file = store.files[file_id]
        if file is None:
            continue
        items = file_items(store, file, getattr(file, "entry", None))
        count = len(items)
        files[file_id] = FileEntry(file_id, file.generation, file.kind, file.name,
                                   1 if count else 0, count)
        if count:
            name = data_file_name(file.kind, file_id, file.generation, 1)
            written.append(name + ".tmp")
            write_file_atomically(vfs, target, name,
                                  encode_data_file(file.kind, file_id, file.generation, items),
                                  sync, sync_dir=False)
            written.append(name)
    if sync and written:
        vfs.fsync_dir(target)
    return files


def _manifest(store, files: dict) -> Manifest:
    state = store.allocator.state()
    return Manifest(uuid=uuidlib.uuid4().bytes, file_id_bits=state["bits"], checkpoint=1,
                    checkpoint_seq=0, log_segment=1, next_generation=store.next_generation,
                    allocator_last=state["last"],
                    taken=[tuple(run) for run in state["taken"]], files=files)


def _undo(vfs, target: str, names: list, created: bool) -> None:
    for name in names:
        try:
            vfs.remove(os.path.join(target, name))
        except OSError:
            pass
    if created:
        try:
            os.rmdir(target)
        except OSError:
            pass
