"""envhelp.gui.tasks: jobs off the GUI thread with progress, cancel and errors."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from envhelp import demo
from envhelp.errors import OperationCancelled, ValidationError
from envhelp.gui import tasks
from envhelp.gui.qt import QPushButton, QWidget
from envhelp.reports import ledger_xlsx

pytestmark = pytest.mark.gui


def test_task_runs_off_the_gui_thread_and_reports_progress(qtbot):
    seen_threads = []

    def job(progress, cancelled):
        seen_threads.append(threading.get_ident())
        for done in range(1, 4):
            progress(done, 3)
        return "done"

    task = tasks.Task(job)
    progress = []
    task.progressed.connect(lambda d, t: progress.append((d, t)))
    with (
        qtbot.waitSignal(task.finished, timeout=20000),
        qtbot.waitSignal(task.succeeded, timeout=20000) as blocker,
    ):
        task.start()
    assert blocker.args == ["done"]
    assert task.outcome == "succeeded" and task.result == "done"
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert seen_threads and seen_threads[0] != threading.get_ident()
    assert task.wait(10000) and not task.is_running()


def test_task_cancels_cleanly(qtbot):
    started = threading.Event()

    def job(progress, cancelled):
        started.set()
        while not cancelled():
            threading.Event().wait(0.005)
        raise OperationCancelled()

    task = tasks.Task(job)
    failed = []
    task.failed.connect(failed.append)
    with qtbot.waitSignal(task.cancelled, timeout=20000):
        task.start()
        assert started.wait(30)
        task.cancel()
    assert task.outcome == "cancelled" and failed == []
    assert task.wait(10000)


def test_task_reports_a_failure(qtbot):
    def job(progress, cancelled):
        raise ValueError("broken input")

    task = tasks.Task(job)
    with qtbot.waitSignal(task.failed, timeout=20000) as blocker:
        task.start()
    assert isinstance(blocker.args[0], ValueError)
    assert task.outcome == "failed" and str(task.error) == "broken input"
    assert task.wait(10000)


def test_a_failure_without_handler_is_logged_and_shown(qtbot, message_boxes, caplog):
    def job(progress, cancelled):
        raise ValidationError(
            "deadline", "整改期限不能早于发现日期。", "The deadline is too early."
        )

    def bug(progress, cancelled):
        raise KeyError("column")

    parent = QWidget()
    qtbot.addWidget(parent)
    with caplog.at_level("WARNING", logger="envhelp"):
        first = tasks.run_with_progress(parent, "登记", "正在登记…", job, min_duration_ms=0)
        qtbot.waitUntil(lambda: len(message_boxes) == 1, timeout=20000)
        second = tasks.run_with_progress(parent, "登记", "正在登记…", bug, min_duration_ms=0)
        qtbot.waitUntil(lambda: len(message_boxes) == 2, timeout=20000)
    (kind, _title, text), (bug_kind, bug_title, bug_text) = message_boxes
    assert kind == "warning" and "整改期限不能早于发现日期" in text
    assert bug_kind == "critical" and bug_title == "内部错误" and "KeyError" in bug_text
    logged = [r for r in caplog.records if r.message.startswith("task failed")]
    assert len(logged) == 2 and logged[1].exc_info is not None  # the bug with its traceback
    assert first.wait(10000) and second.wait(10000)


@pytest.fixture
def demo_store(store):
    demo.generate(store, seed=1, end=date(2026, 6, 30))
    return store


def test_cancelled_export_behind_progress_dialog_leaves_no_file(qtbot, demo_store, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "台账.xlsx"
    gate = threading.Event()

    def export(store, progress, cancelled):
        gate.wait(60)  # hold the job until the user has pressed Cancel
        return ledger_xlsx.export_ledger(store, target, progress=progress, cancel=cancelled)

    parent = QWidget()
    qtbot.addWidget(parent)
    outcome = []
    task = tasks.run_with_progress(
        parent,
        "导出",
        "正在导出…",
        tasks.store_job(demo_store.path, export),
        on_success=lambda r: outcome.append(("ok", r)),
        on_error=lambda e: outcome.append(("error", e)),
        on_cancel=lambda: outcome.append(("cancelled", None)),
        min_duration_ms=0,
    )
    assert parent._running_task is task
    task.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    assert task.is_cancel_requested()
    gate.set()
    qtbot.waitUntil(lambda: outcome != [], timeout=30000)
    assert outcome == [("cancelled", None)]
    assert isinstance(task.error, OperationCancelled)
    assert list(out.iterdir()) == []  # neither the file nor a temporary one
    assert parent._running_task is None


def test_export_behind_progress_dialog_succeeds(qtbot, demo_store, tmp_path):
    target = tmp_path / "台账.xlsx"
    parent = QWidget()
    qtbot.addWidget(parent)
    outcome = []
    progress = []

    def export(store, report, cancelled):
        def spy(done, total):
            progress.append((done, total))
            report(done, total)

        return ledger_xlsx.export_ledger(store, target, progress=spy, cancel=cancelled)

    task = tasks.run_with_progress(
        parent,
        "导出",
        "正在导出…",
        tasks.store_job(demo_store.path, export),
        on_success=lambda rows: outcome.append(rows),
        min_duration_ms=0,
    )
    qtbot.waitUntil(lambda: outcome != [], timeout=30000)
    total = demo_store.scalar("SELECT count(*) FROM problems")
    assert outcome == [total] and target.is_file()
    assert progress[-1] == (total, total)
    assert task.wait(10000)


def test_stop_all_cancels_and_waits_for_running_tasks(qtbot):
    import threading

    started = threading.Event()

    def endless(progress, cancelled):
        started.set()
        while not cancelled():  # a long job that honours Cancel
            threading.Event().wait(0.01)
        raise OperationCancelled()

    task = tasks.Task(endless).start()
    assert started.wait(30)
    assert tasks.stop_all() == 1  # what app.main does when the event loop ends
    assert not task.is_running()  # the thread has ended: dropping it cannot abort the process
    assert task.is_cancel_requested()
    assert tasks.stop_all() == 0
