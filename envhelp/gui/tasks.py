"""Run a long operation off the GUI thread, with progress and a Cancel button.

A *job* is a plain function ``job(progress, cancelled) -> result``:

- ``progress(done, total)`` reports how far it got (call it as often as you like;
  the dialog is updated through a queued signal, never from the worker thread);
- ``cancelled()`` returns True once the user pressed Cancel; the job should then
  stop by raising ``envhelp.errors.OperationCancelled`` (the one cancel exception: the
  core's long operations raise it and leave nothing half-done).

The types of both are those of :mod:`envhelp.storage.progress`. A job that fails is
logged here, once, whoever shows it; :func:`show_failure` is the default way to show
it (the error in words, and for an internal error where the log is).

The job runs on its own :class:`QThread`, so it must not touch widgets and must
not use the GUI thread's :class:`~envhelp.storage.Store` (an SQLite connection
belongs to the thread that opened it): open a second ``Store(path)`` inside the
job — :func:`store_job` does that for you; WAL lets both connections read at once.

Usage (the ledger export on the Problems page is a complete example)::

    task = tasks.run_with_progress(
        parent, title, label,
        tasks.store_job(store.path, lambda s, progress, cancelled:
                        export_ledger(s, target, flt, progress=progress, cancel=cancelled)),
        on_success=lambda rows: ..., on_cancel=lambda: ...,  # on_error: show_failure
    )

:class:`Task` alone (no dialog) is what tests and batch jobs use: connect to its
``progressed`` / ``succeeded`` / ``failed`` / ``cancelled`` signals, ``start()``
it, and ``wait()`` for the thread before dropping it. Exactly one of
``succeeded``, ``failed`` or ``cancelled`` is emitted, then ``finished``. The
dashboard's background read is such a task.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from envhelp.errors import EnvHelpError, OperationCancelled
from envhelp.gui import errors
from envhelp.gui.qt import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QProgressDialog,
    Qt,
    QThread,
    QWidget,
    Signal,
    Slot,
)
from envhelp.storage import Store
from envhelp.storage.progress import CancelledFn, ProgressFn

Job = Callable[[ProgressFn, CancelledFn], Any]

log = logging.getLogger("envhelp.gui")


def store_job(
    db_path: str | Path,
    job: Callable[[Store, ProgressFn, CancelledFn], Any],
    *,
    read_only: bool = False,
) -> Job:
    """Wrap ``job(store, progress, cancelled)`` so it runs on its own connection to ``db_path``
    (opened read-only when ``read_only``, e.g. for a database on write-protected media)."""

    def run(progress: ProgressFn, cancelled: CancelledFn) -> Any:
        store = Store(db_path, create=False, read_only=read_only)
        try:
            return job(store, progress, cancelled)
        finally:
            store.close()

    return run


class _Worker(QObject):
    """Lives on the worker thread; calls the job and reports through signals."""

    progressed = Signal(int, int)
    done = Signal(str, object)  # outcome ("succeeded" | "failed" | "cancelled"), value

    def __init__(self, job: Job, cancel_flag: threading.Event):
        super().__init__()
        self.job = job
        self.cancel_flag = cancel_flag
        self.job_ended = threading.Event()  # set on the worker thread once the job returned

    @Slot()
    def run(self) -> None:
        try:
            result = self.job(self.progressed.emit, self.cancel_flag.is_set)
        except BaseException as exc:  # noqa: BLE001 — reported to the GUI thread, not lost
            self.job_ended.set()
            # Whatever a job raises after Cancel was pressed is the job giving up.
            if isinstance(exc, OperationCancelled) or self.cancel_flag.is_set():
                self.done.emit("cancelled", exc)
            else:
                self.done.emit("failed", exc)
            return
        self.job_ended.set()
        self.done.emit("succeeded", result)


# Tasks whose thread runs: a strong reference, so neither the Task nor its QThread can
# be garbage-collected (which would abort the process) before the job has ended.
_RUNNING: set[Task] = set()


class Task(QObject):
    """One job on one worker thread. Signals arrive on the thread that created the Task."""

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)  # the job's return value
    failed = Signal(object)  # the exception
    cancelled = Signal()
    finished = Signal()  # after any of the three above

    def __init__(self, job: Job, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self.outcome: str | None = None  # "succeeded" | "failed" | "cancelled" once done
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread = QThread()
        self._worker = _Worker(job, self._cancel)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        # Queued across threads: the slots below run on this object's (GUI) thread.
        self._worker.progressed.connect(self.progressed)
        self._worker.done.connect(self._finish)

    def start(self) -> Task:
        _RUNNING.add(self)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop; it finishes when the job next checks ``cancelled()``."""
        self._cancel.set()

    def is_cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker thread ended (signals still need the event loop)."""
        return self._thread.wait(msecs)

    def wait_for_job(self, seconds: float) -> bool:
        """Block until the job itself returned or raised (e.g. its connection is closed),
        without the event loop; False after ``seconds``."""
        return self._worker.job_ended.wait(seconds)

    @Slot(str, object)
    def _finish(self, outcome: str, value: object) -> None:
        self.outcome = outcome
        self._thread.quit()
        self._thread.wait()
        _RUNNING.discard(self)
        if outcome == "succeeded":
            self.result = value
            self.succeeded.emit(value)
        elif outcome == "cancelled":
            self.error = value if isinstance(value, BaseException) else None
            self.cancelled.emit()
        else:
            self.error = value if isinstance(value, BaseException) else None
            _log_failure(self.error)
            self.failed.emit(value)
        self.finished.emit()


def _log_failure(exc: BaseException | None) -> None:
    """Every failed job in the log, whoever shows it: a user error as one line, anything
    else with its traceback."""
    if isinstance(exc, EnvHelpError):
        log.warning("task failed: %s", exc)
    elif exc is not None:
        log.error("task failed", exc_info=(type(exc), exc, exc.__traceback__))


def show_failure(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """The default failure handler: the error in words (internal errors name the log)."""
    errors.show_error(parent, exc, title)


def stop_all(msecs: int = 30000) -> int:
    """Cancel every running task and wait for its thread; returns how many were running.

    Called when the application quits: a QThread destroyed while it still runs aborts
    the whole process (e.g. the Reports page still computing when the window closes).
    Exports and imports stop at their next check and leave nothing half-done.
    """
    running = [task for task in list(_RUNNING) if task.is_running()]
    for task in running:
        task.cancel()
    for task in running:
        # The event loop is over, so the queued _finish will not come: end the thread here.
        task.wait_for_job(msecs / 1000)
        task._thread.quit()
        task._thread.wait(msecs)
    return len(running)


# Also at interpreter exit: a task still running then (say the dashboard's read when a
# window is dropped without quitting the application) would abort the process.
atexit.register(stop_all)


def run_with_progress(
    parent: QWidget,
    title: str,
    label: str,
    job: Job,
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    min_duration_ms: int = 400,
) -> Task:
    """Start ``job`` on a worker thread behind a window-modal, cancellable progress dialog.

    The dialog shows after ``min_duration_ms`` (quick jobs never flash it) and
    closes itself when the job ends; then exactly one of the callbacks runs on
    the GUI thread (a failure without ``on_error`` goes to :func:`show_failure`). The task is kept as ``parent._running_task`` until it ends,
    so it is not garbage-collected while its thread runs. Returns the task
    (``task.dialog`` is the progress dialog).
    """
    dialog = QProgressDialog(label, QCoreApplication.translate("tasks", "取消"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setObjectName("taskProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(min_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumWidth(380)
    dialog.setValue(0)  # starts the minimum-duration timer

    task = Task(job)
    task.dialog = dialog  # type: ignore[attr-defined]

    def show_progress(done: int, total: int) -> None:
        if total > 0 and dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(min(done, total) if total > 0 else 0)

    def on_cancel_pressed() -> None:
        dialog.setLabelText(QCoreApplication.translate("tasks", "正在取消…"))
        task.cancel()

    def finish() -> None:
        dialog.canceled.disconnect(on_cancel_pressed)
        dialog.close()
        dialog.deleteLater()
        if getattr(parent, "_running_task", None) is task:
            parent._running_task = None  # type: ignore[attr-defined]
        if task.outcome == "succeeded" and on_success is not None:
            on_success(task.result)
        elif task.outcome == "cancelled" and on_cancel is not None:
            on_cancel()
        elif task.outcome == "failed" and task.error is not None:
            if on_error is not None:
                on_error(task.error)
            else:
                show_failure(parent, task.error)
        task.deleteLater()

    task.progressed.connect(show_progress)
    dialog.canceled.connect(on_cancel_pressed)
    task.finished.connect(finish)
    parent._running_task = task  # type: ignore[attr-defined]
    return task.start()


def run_and_wait(parent: QWidget | None, title: str, label: str, job: Job, **options) -> Task:
    """:func:`run_with_progress`, waiting (with the events running) until the job ends:
    for work the next step needs, e.g. the demo data at first start, before any window.
    Returns the ended task (``outcome``, ``result``, ``error``)."""
    host = parent or QWidget()  # the progress dialog needs a parent to belong to
    loop = QEventLoop()
    task = run_with_progress(host, title, label, job, **options)
    task.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    if task.outcome is None:
        loop.exec()
    return task
