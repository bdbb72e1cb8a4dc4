"""Last-resort error handling: a message box and a log entry, never a traceback.

Expected problems (:class:`envhelp.errors.EnvHelpError`) are shown with their own
message; anything else is logged with its traceback and shown as an internal error.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from envhelp import paths
from envhelp.errors import EnvHelpError
from envhelp.gui.qt import QApplication, QCoreApplication, QMessageBox, QWidget

log = logging.getLogger("envhelp.gui")


def log_path() -> Path:
    return paths.user_data_dir() / "envhelp-gui.log"


LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 3


def setup_logging() -> Path | None:
    """Log to a file in the user data folder; returns its path (None if unwritable).

    The file is rotated when the app starts, once it has reached :data:`LOG_MAX_BYTES`
    (``envhelp-gui.log.1`` … ``.3`` keep the older ones): a session writes a few lines,
    and ``logging.handlers`` (with socket and pickle) stays off the start-up path
    unless a rotation is due.
    """
    target = log_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _rotate_if_full(target)
        handler = logging.FileHandler(target, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("envhelp")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return target


def _rotate_if_full(target: Path) -> None:
    """Move a full log aside (``.1`` … ``.3``). If that fails (say another EnvHelp window
    has the file open on Windows), the log simply grows this time."""
    try:
        if not target.exists() or target.stat().st_size < LOG_MAX_BYTES:
            return
        from logging.handlers import RotatingFileHandler

        rotating = RotatingFileHandler(
            target, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
        )
        rotating.doRollover()
        rotating.close()
    except OSError:
        pass


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Tell the user what went wrong in words they can act on (``title``: what failed,
    e.g. "导出失败"; an internal error is always called one and names the log)."""
    if isinstance(exc, EnvHelpError):
        QMessageBox.warning(
            parent, title or QCoreApplication.translate("ErrorHandling", "无法完成操作"), str(exc)
        )
        return
    detail = f"{type(exc).__name__}: {exc}"
    where = log_path()
    QMessageBox.critical(
        parent,
        QCoreApplication.translate("ErrorHandling", "内部错误"),
        QCoreApplication.translate(
            "ErrorHandling", "程序遇到了意外错误，已保存的数据不受影响。详细信息已写入日志："
        )
        + f"\n{where}\n\n{detail}",
    )


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook for the GUI: log the traceback, show a message box."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if isinstance(exc, EnvHelpError):
        log.warning("%s", exc)
    else:
        log.error("unhandled error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    if QApplication.instance() is None:  # no GUI yet: fall back to one line on stderr
        print(f"EnvHelp: {exc}", file=sys.stderr)
        return
    try:
        show_error(QApplication.activeWindow(), exc)
    except Exception:  # the box itself failed: never recurse into the hook
        log.exception("could not show the error message box")


def install_excepthook() -> None:
    sys.excepthook = excepthook
