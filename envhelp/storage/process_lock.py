"""The lock every EnvHelp process holds on the database it has open.

Each process (the app, each ``envhelp`` command) holds a *shared* lock on
``<database>.lock`` while it has the database open; a restore takes it
*exclusively*, so it is refused while any other process has the database open,
and nobody opens the database halfway through a restore. The same exclusive
probe tells a starting process that it is alone, so it may clean up what killed
runs left behind (see :func:`envhelp.storage.database.clean_leftovers`).

Several ``Store`` objects of one process share one lock (counted), because a
lock belongs to an open file (or process), and a second open file of the same
process would conflict with the first. Linux and macOS use ``flock``. Windows has
no shared lock in the standard library, so there :class:`ByteRangeLocks` builds one
from ``msvcrt.locking``'s exclusive byte locks: a shared holder locks one of
:data:`SLOTS` bytes, an exclusive holder locks every slot, so it succeeds only when
no other process holds any.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None
try:
    import msvcrt
except ImportError:  # not Windows
    msvcrt = None

WAIT_SECONDS = 5.0  # how long opening waits for a restore to finish


@dataclass
class _Held:
    fd: int
    count: int
    exclusive: bool = False
    slot: int | None = None  # ByteRangeLocks: the byte this process's shared lock holds


class FlockLocks:
    """Shared and exclusive ``flock`` locks on the whole file (Linux, macOS)."""

    def try_shared(self, held: _Held) -> bool:
        return _try_flock(held.fd, fcntl.LOCK_SH)

    def try_exclusive(self, held: _Held) -> bool:
        """Also converts this process's own shared lock."""
        return _try_flock(held.fd, fcntl.LOCK_EX)

    def back_to_shared(self, held: _Held) -> None:
        fcntl.flock(held.fd, fcntl.LOCK_SH)

    def release(self, held: _Held) -> None:
        """Nothing to do: closing the file releases a flock."""


def _try_flock(fd: int, operation: int) -> bool:
    try:
        fcntl.flock(fd, operation | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


SLOTS = 64  # processes that can hold a shared ByteRangeLocks lock at once

# lock_byte(fd, offset, lock) -> False when another process holds that byte
ByteLock = Callable[[int, int, bool], bool]


class ByteRangeLocks:
    """Shared and exclusive locks from exclusive one-byte locks (Windows' msvcrt).

    A shared holder locks one free byte among the first :data:`SLOTS`; an exclusive
    holder locks all of them but its own, so it gets them only when nobody else holds
    one, and nobody finds a free byte while it holds them.
    """

    def __init__(self, lock_byte: ByteLock):
        self.lock_byte = lock_byte

    def try_shared(self, held: _Held) -> bool:
        for slot in range(SLOTS):
            if self.lock_byte(held.fd, slot, True):
                held.slot = slot
                return True
        return False

    def try_exclusive(self, held: _Held) -> bool:
        taken = []
        for slot in range(SLOTS):
            if slot == held.slot:
                continue
            if not self.lock_byte(held.fd, slot, True):
                for other in taken:
                    self.lock_byte(held.fd, other, False)
                return False
            taken.append(slot)
        return True

    def back_to_shared(self, held: _Held) -> None:
        if held.slot is None:  # exclusive without a shared lock before: keep one slot
            held.slot = 0
        for slot in range(SLOTS):
            if slot != held.slot:
                self.lock_byte(held.fd, slot, False)

    def release(self, held: _Held) -> None:
        """Unlocked before the file closes: Windows may keep a closed file's locks a while."""
        if held.slot is not None:
            self.lock_byte(held.fd, held.slot, False)


def msvcrt_byte_lock(fd: int, offset: int, lock: bool) -> bool:
    os.lseek(fd, offset, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_NBLCK if lock else msvcrt.LK_UNLCK, 1)
    except OSError:
        return False
    return True


def posix_byte_lock(fd: int, offset: int, lock: bool) -> bool:
    """fcntl's record locks: how tests run ByteRangeLocks where msvcrt is missing."""
    try:
        fcntl.lockf(fd, (fcntl.LOCK_EX | fcntl.LOCK_NB) if lock else fcntl.LOCK_UN, 1, offset)
    except OSError:
        return False
    return True


def _platform_locks() -> FlockLocks | ByteRangeLocks | None:
    if fcntl is not None:
        return FlockLocks()
    if msvcrt is not None:
        return ByteRangeLocks(msvcrt_byte_lock)
    return None  # neither: restore falls back on SQLite's BEGIN EXCLUSIVE probe


LOCKS = _platform_locks()


_held: dict[str, _Held] = {}
_guard = threading.Lock()


class LockBusy(Exception):
    """Another process holds the lock in a way that conflicts with ours."""

    def __init__(self, holders: list[str]):
        super().__init__(", ".join(holders))
        self.holders = holders


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _key(db_path: Path) -> str:
    return str(db_path.resolve())


def _open_lock_file(db_path: Path) -> int | None:
    path = lock_path(db_path)
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        try:  # read-only media: an existing lock file can still be locked
            return os.open(path, os.O_RDONLY)
        except OSError:
            return None  # nobody can write there either: nothing to protect


def acquire_shared(db_path: Path, *, wait: float = WAIT_SECONDS) -> bool:
    """Take this process's shared lock (counted); True when this was the first holder.

    Raises LockBusy when another process holds it exclusively (a restore) for
    longer than ``wait`` seconds.
    """
    if LOCKS is None:
        return False
    with _guard:
        key = _key(db_path)
        held = _held.get(key)
        if held is not None:
            held.count += 1
            return False
        fd = _open_lock_file(db_path)
        if fd is None:
            return False
        held = _Held(fd, 1)
        deadline = time.monotonic() + wait
        while not LOCKS.try_shared(held):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockBusy(holders(db_path))
            time.sleep(0.05)
        _held[key] = held
        return True


def release_shared(db_path: Path) -> None:
    if LOCKS is None:
        return
    with _guard:
        key = _key(db_path)
        held = _held.get(key)
        if held is not None:
            held.count -= 1
            _settle(key, held)


def _settle(key: str, held: _Held) -> None:
    """After a release: close the file when nothing here holds it, else back to shared."""
    if held.exclusive:
        return
    if held.count <= 0:
        LOCKS.release(held)
        os.close(held.fd)
        del _held[key]
    else:
        LOCKS.back_to_shared(held)


def alone(db_path: Path) -> bool:
    """True when no other process holds the lock now (checked by a brief exclusive lock)."""
    if LOCKS is None:
        return False
    with _guard:
        held = _held.get(_key(db_path))
        if held is None:
            return False
        if not LOCKS.try_exclusive(held):
            return False
        LOCKS.back_to_shared(held)  # others may open now
        return True


def acquire_exclusive(db_path: Path) -> None:
    """Take the lock exclusively for a restore; LockBusy names the other processes.

    This process's own shared holders (the app's worker threads) do not count.
    """
    if LOCKS is None:
        return
    with _guard:
        key = _key(db_path)
        held = _held.get(key)
        if held is None:
            fd = _open_lock_file(db_path)
            if fd is None:
                return
            held = _held[key] = _Held(fd, 0)
        if not LOCKS.try_exclusive(held):  # converts our own shared lock when we had one
            _settle(key, held)
            raise LockBusy(holders(db_path))
        held.exclusive = True


def release_exclusive(db_path: Path) -> None:
    if LOCKS is None:
        return
    with _guard:
        key = _key(db_path)
        held = _held.get(key)
        if held is not None and held.exclusive:
            held.exclusive = False
            _settle(key, held)


def holders(db_path: Path) -> list[str]:
    """The other processes holding the lock, as "command (pid N)" (Linux only; else [])."""
    try:
        inode = os.stat(lock_path(db_path)).st_ino
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines:
        parts = line.split()
        if len(parts) < 6 or parts[1] not in ("FLOCK", "POSIX"):
            continue
        pid, where = parts[4], parts[5]
        if where.split(":")[-1] != str(inode) or pid == str(os.getpid()):
            continue
        try:
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        words = [w.decode(errors="replace") for w in raw.split(b"\0") if w]
        found.append(f"{describe(words)} (pid {pid})")
    return sorted(set(found))


def describe(argv: list[str]) -> str:
    """The command as a user would recognise it, e.g. "envhelp report month" or "main.py"."""
    words, skip = [], False
    for word in argv:
        name = " ".join(Path(word).name.split())[:40]
        if skip or name.startswith("python"):
            skip = False
            continue
        if word.startswith("-"):
            skip = word in ("--db", "--lang", "-c")  # options whose value is no command
            continue
        words.append(name)
    return " ".join(words[:3]) or "?"
