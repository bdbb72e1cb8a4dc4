"""The exceptions the core raises for people, not programmers.

Every message exists in Chinese and English; ``str()`` gives the current
language (see :mod:`envhelp.i18n`). The CLI and GUI show these messages and
never a traceback.
"""

from __future__ import annotations

import errno

from envhelp import i18n


class EnvHelpError(Exception):
    """Base of every error meant for the user."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def __str__(self) -> str:
        return i18n.pick(self.message_zh, self.message_en)


class ValidationError(EnvHelpError):
    """Input that breaks a rule. ``field`` names the field at fault (English key)."""

    def __init__(self, field: str, message_zh: str, message_en: str, row: int | None = None):
        super().__init__(message_zh, message_en)
        self.field = field
        self.row = row

    def __str__(self) -> str:
        where = ""
        if self.row is not None:
            where = i18n.pick(f"第 {self.row} 行：", f"row {self.row}: ")
        return where + i18n.pick(self.message_zh, self.message_en)


class NotFoundError(EnvHelpError):
    """A record that the user named does not exist."""


class StateError(EnvHelpError):
    """An action that the record's state does not allow (e.g. editing a final visit)."""


class OperationCancelled(EnvHelpError):
    """The user cancelled a long operation; nothing was changed or written.

    Long core operations take ``progress(done, total)`` and ``cancelled() -> bool``
    callables and raise this (inside their transaction, so it rolls back) once
    ``cancelled()`` is true.
    """

    def __init__(
        self,
        message_zh: str = "操作已取消，未做任何更改。",
        message_en: str = "Cancelled; nothing was changed.",
    ):
        super().__init__(message_zh, message_en)


class StorageError(EnvHelpError):
    """The database cannot be opened or written (locked, read-only, corrupt, newer).

    ``kind`` says which fault it is, so the GUI can offer the right way forward
    without reading the message text.
    """

    LOCKED = "locked"
    READ_ONLY_MEDIA = "read_only_media"
    MISSING = "missing"
    CORRUPT = "corrupt"
    NEWER_SCHEMA = "newer_schema"
    NEEDS_UPGRADE = "needs_upgrade"  # an old schema opened read-only
    CANNOT_CREATE = "cannot_create"
    DISK_FULL = "disk_full"
    OTHER = "other"

    def __init__(self, message_zh: str, message_en: str, kind: str = OTHER):
        super().__init__(message_zh, message_en)
        self.kind = kind


# errno values that mean "this file cannot be written here": the user can fix them.
WRITE_FAULTS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


def write_fault(exc: OSError) -> StorageError:
    """A StorageError for a file that could not be written (disk full, read-only, denied)."""
    where = f"：{exc.filename}" if exc.filename else ""
    where_en = f": {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageError(
            f"磁盘空间已满，文件未能写入{where}。请释放空间后重试，已保存的数据不受影响。",
            f"The disk is full; the file was not written{where_en}. Free some space and try "
            "again; the data saved earlier is intact.",
            kind=StorageError.DISK_FULL,
        )
    return StorageError(
        f"无法写入{where}（位置只读或没有权限）。请换一个可写的位置后重试。",
        f"Cannot write here{where_en} (the place is read-only or not yours to write). "
        "Choose a writable place and try again.",
        kind=StorageError.READ_ONLY_MEDIA,
    )
