"""The lock every EnvHelp process holds on the database it has open.

Each process (the app, each ``envhelp`` command) holds a *shared* lock on
``<database>.lock`` while it has the database open; a restore takes it
*exclusively*, so it is refused while any other process has the database open,
and nobody opens the database halfway through a restore. The same exclusive
probe tells a starting process that it is alone, so it may clean up what killed
runs left behind (see :func:`envhelp.storage.database.clean_leftovers`).

Several ``Store`` objects of one process share one lock (counted), because
``flock`` locks belong to an open file, and a second open file of the same
process would conflict with the first. Linux and macOS use ``flock``; where it is
missing (Windows) the lock is a no-op and restore falls back on SQLite's own
``BEGIN EXCLUSIVE`` probe (docs/reliability.md).
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

WAIT_SECONDS = 5.0  # how long opening waits for a restore to finish


@dataclass
class _Held:
    fd: int
    count: int
    exclusive: bool = False


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


def _try(fd: int, operation: int) -> bool:
    try:
        fcntl.flock(fd, operation | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def acquire_shared(db_path: Path, *, wait: float = WAIT_SECONDS) -> bool:
    """Take this process's shared lock (counted); True when this was the first holder.

    Raises LockBusy when another process holds it exclusively (a restore) for
    longer than ``wait`` seconds.
    """
    if fcntl is None:
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
        deadline = time.monotonic() + wait
        while not _try(fd, fcntl.LOCK_SH):
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockBusy(holders(db_path))
            time.sleep(0.05)
        _held[key] = _Held(fd, 1)
        return True


def release_shared(db_path: Path) -> None:
    if fcntl is None:
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
        os.close(held.fd)  # closing the file releases the lock
        del _held[key]
    else:
        fcntl.flock(held.fd, fcntl.LOCK_SH)


def alone(db_path: Path) -> bool:
    """True when no other process holds the lock now (checked by a brief exclusive lock)."""
    if fcntl is None:
        return False
    with _guard:
        held = _held.get(_key(db_path))
        if held is None:
            return False
        if not _try(held.fd, fcntl.LOCK_EX):
            return False
        fcntl.flock(held.fd, fcntl.LOCK_SH)  # back to shared: others may open now
        return True


def acquire_exclusive(db_path: Path) -> None:
    """Take the lock exclusively for a restore; LockBusy names the other processes.

    This process's own shared holders (the app's worker threads) do not count.
    """
    if fcntl is None:
        return
    with _guard:
        key = _key(db_path)
        held = _held.get(key)
        if held is None:
            fd = _open_lock_file(db_path)
            if fd is None:
                return
            held = _held[key] = _Held(fd, 0)
        if not _try(held.fd, fcntl.LOCK_EX):  # converts our own shared lock when we had one
            _settle(key, held)
            raise LockBusy(holders(db_path))
        held.exclusive = True


def release_exclusive(db_path: Path) -> None:
    if fcntl is None:
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
        if len(parts) < 6 or parts[1] != "FLOCK":
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
