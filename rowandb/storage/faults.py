"""A fault-injecting file layer for crash and I/O-error testing (after SQLite's test VFS).

``FaultyVFS`` wraps ``OsVFS`` and counts the operations that change the disk: ``write``
(appending or positional), ``allocate``, ``fsync`` (of a file or a directory, or a
datasync), ``rename``, ``truncate`` and ``remove``. At the Nth
one it either

* **crashes** (``mode="crash"``): raises ``SimulatedCrash`` -- a ``BaseException``, so no
  ``except Exception`` in the engine can swallow it -- and from then on refuses every
  operation, as a dead process would. A write that crashes may first write part of its data
  (``torn=True``), like a write cut short. With ``power_loss=True`` the crash also discards
  what the disk had not been told to keep: file contents written since the file's last
  fsync, and renames since the directory's last fsync (they are undone);
* or **fails** (``mode="error"``): raises ``OSError`` with ``errno`` (``ENOSPC``, ``EIO``),
  once or -- ``persistent=True`` -- for later operations too: every one for ``EIO`` (a dead
  disk), the writes for ``ENOSPC`` (a full disk still lets files shrink or go away).

``count`` says how many changing operations ran; a test first runs a workload without a
fault to learn that number, then again stopping at every N up to it -- or runs it once with
``before_operation`` set, taking an ``image`` of the directory before every operation.
"""

from __future__ import annotations

import errno as errno_codes
import os

from .vfs import OsVFS, VFSFile


class SimulatedCrash(BaseException):
    """The simulated process died at an I/O operation."""


class FaultyVFS(OsVFS):
    def __init__(self, at: int | None = None, mode: str = "crash", *, torn: bool = False,
                 power_loss: bool = False, errno: int = errno_codes.EIO,
                 persistent: bool = False, fake_fsync: bool = True):
        self.at = at
        self.mode = mode
        self.torn = torn
        self.power_loss = power_loss
        self.errno = errno
        self.persistent = persistent
        self.fake_fsync = fake_fsync       # count fsyncs but skip the real (slow) syscall
        self.count = 0
        self.crashed = False
        self.failed = False
        self.log: list[tuple[str, str]] = []     # (operation, path) of every counted op
        self._synced_size: dict[str, int] = {}   # path -> size at its last fsync
        self._renames: list = []                 # renames since the last directory fsync
        self._overwrites: dict = {}              # path -> [(offset, old bytes)] since fsync
        self.before_operation = None             # callback(count, operation, path, data)

    # -- the fault trigger ------------------------------------------------------------
    def _tick(self, operation: str, path: str, data: bytes | None = None,
              offset: int | None = None) -> bool:
        """Count one changing operation; True if it must fail or crash now."""
        if self.crashed:
            raise SimulatedCrash(f"process already crashed ({operation} {path})")
        self.count += 1
        self.log.append((operation, path))
        if self.before_operation is not None:
            self.before_operation(self.count, operation, path,
                                  data if offset is None else (data, offset))
        if self.failed and self.persistent and (
                self.errno != errno_codes.ENOSPC or operation in ("write", "mkdir")):
            raise OSError(self.errno, os.strerror(self.errno), path)
        return self.at is not None and self.count == self.at

    def _fault(self, operation: str, path: str) -> None:
        if self.mode == "crash":
            self.crash()
            raise SimulatedCrash(f"crash at operation {self.count}: {operation} {path}")
        self.failed = True
        raise OSError(self.errno, os.strerror(self.errno), path)

    def crash(self) -> None:
        """Die now; with power_loss, lose what was not made durable."""
        if self.crashed:
            return
        self.crashed = True
        if self.power_loss:
            self._lose_unsynced_data()

    def _lose_unsynced_data(self, where=lambda path: path) -> None:
        """Cut files back to their last fsync, then undo renames the directory never synced."""
        for path, changes in self._overwrites.items():
            path = where(path)
            if os.path.exists(path):
                with open(path, "r+b") as file:
                    for offset, old in reversed(changes):
                        file.seek(offset)
                        file.write(old)
        for path, size in self._synced_size.items():
            path = where(path)
            if os.path.exists(path) and os.path.getsize(path) > size:
                os.truncate(path, size)
        for source, target, previous in reversed(self._renames):
            source, target = where(source), where(target)
            if os.path.exists(target):
                os.replace(target, source)
            if previous is not None:
                with open(target, "wb") as restored:
                    restored.write(previous)

    def image(self, directory: str, target: str, torn_write=None) -> None:
        """Copy ``directory`` to ``target`` as a crash right now would leave it.

        ``torn_write`` (path, data, offset or None to append): a write cut short by the
        crash; half of it lands. With ``power_loss`` the copy instead loses everything not
        fsynced (the torn write included). Taking an image at every
        operation and checking each is equivalent to crashing at every operation (the
        crashed process does nothing more) and needs one workload run instead of one per N.
        """
        os.mkdir(target)
        for name in os.listdir(directory):
            with open(os.path.join(directory, name), "rb") as source, \
                    open(os.path.join(target, name), "wb") as copy:
                copy.write(source.read())
        where = lambda path: os.path.join(target, os.path.relpath(path, directory))  # noqa: E731
        if self.power_loss:
            self._lose_unsynced_data(where)
        elif torn_write is not None and len(torn_write[1]) > 1:
            path, data, offset = torn_write
            with open(where(path), "r+b") as torn:
                torn.seek(offset if offset is not None else 0, 0 if offset is not None else 2)
                torn.write(data[:len(data) // 2])

    # -- the VFS interface --------------------------------------------------------------
    def open(self, path: str, mode: str) -> "FaultyFile":
        if self.crashed:
            raise SimulatedCrash(f"process already crashed (open {path})")
        file = super().open(path, mode)
        if mode == "w":
            self._synced_size[path] = 0
        elif mode in ("a", "rw") and path not in self._synced_size:
            self._synced_size[path] = file.size()
        return FaultyFile(self, path, file.fd)

    def rename(self, source: str, target: str) -> None:
        if self._tick("rename", target):
            self._fault("rename", target)
        previous = None
        if self.power_loss and os.path.exists(target):
            with open(target, "rb") as old:
                previous = old.read()
        super().rename(source, target)
        self._renames.append((source, target, previous))
        if source in self._synced_size:
            self._synced_size[target] = self._synced_size.pop(source)

    def remove(self, path: str) -> None:
        if self._tick("remove", path):
            self._fault("remove", path)
        super().remove(path)
        self._synced_size.pop(path, None)

    def fsync_dir(self, path: str) -> None:
        if self._tick("fsync", path):
            self._fault("fsync", path)
        if not self.fake_fsync:
            super().fsync_dir(path)
        self._renames.clear()

    def mkdir(self, path: str) -> None:
        if self._tick("mkdir", path):
            self._fault("mkdir", path)
        super().mkdir(path)


class FaultyFile(VFSFile):
    def __init__(self, vfs: FaultyVFS, path: str, fd: int):
        super().__init__(path, fd)
        self.vfs = vfs

    def write(self, data: bytes) -> None:
        if self.vfs._tick("write", self.path, data):
            if self.vfs.torn and self.vfs.mode == "crash" and len(data) > 1:
                super().write(data[:len(data) // 2])
            self.vfs._fault("write", self.path)
        super().write(data)

    def write_parts(self, parts: list) -> None:
        """One counted write of the joined bytes, as a gathering write is one operation
        (a crash may tear it like any write)."""
        self.write(b"".join(parts))

    def pwrite(self, data: bytes, offset: int) -> None:
        if self.vfs._tick("write", self.path, data, offset):
            if self.vfs.torn and self.vfs.mode == "crash" and len(data) > 1:
                super().pwrite(data[:len(data) // 2], offset)
            self.vfs._fault("write", self.path)
        old = os.pread(self.fd, len(data), offset)
        self.vfs._overwrites.setdefault(self.path, []).append((offset, old))
        super().pwrite(data, offset)

    def allocate(self, size: int) -> None:
        if self.vfs._tick("allocate", self.path):
            self.vfs._fault("allocate", self.path)
        super().allocate(size)

    def fsync(self) -> None:
        if self.vfs._tick("fsync", self.path):
            self.vfs._fault("fsync", self.path)
        if not self.vfs.fake_fsync:
            super().fsync()
        self.vfs._synced_size[self.path] = self.size()
        self.vfs._overwrites.pop(self.path, None)

    datasync = fsync

    def truncate(self, size: int) -> None:
        if self.vfs._tick("truncate", self.path):
            self.vfs._fault("truncate", self.path)
        super().truncate(size)
        synced = self.vfs._synced_size.get(self.path)
        if synced is not None and synced > size:
            self.vfs._synced_size[self.path] = size

    def read_all(self) -> bytes:
        if self.vfs.crashed:
            raise SimulatedCrash(f"process already crashed (read {self.path})")
        return super().read_all()
