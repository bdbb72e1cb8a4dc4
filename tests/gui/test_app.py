"""Start-up: arguments, first start (empty or demo database), font, error hook."""

from __future__ import annotations

import logging
import sys

import pytest

from envhelp import i18n
from envhelp.domain import enterprises
from envhelp.errors import StorageError
from envhelp.gui import app, errors, language
from envhelp.gui.qt import QApplication

pytestmark = pytest.mark.gui


def test_database_path_from_argument_env_or_default(tmp_path, monkeypatch):
    monkeypatch.setenv("ENVHELP_DB", str(tmp_path / "env.db"))
    assert app.database_path(app.parse_args([]).db) == tmp_path / "env.db"
    args = app.parse_args(["--db", str(tmp_path / "arg.db")])
    assert app.database_path(args.db) == tmp_path / "arg.db"


def test_first_start_creates_empty_database(tmp_path, monkeypatch, message_boxes):
    asked = []
    monkeypatch.setattr(app, "ask_first_start", lambda path: asked.append(path) or "empty")
    path = tmp_path / "new" / "envhelp.sqlite3"
    store = app.open_database(path)
    try:
        assert asked == [path] and path.exists()
        assert enterprises.count(store) == 0
    finally:
        store.close()
    # An existing database is opened without asking.
    store = app.open_database(path)
    store.close()
    assert len(asked) == 1


def test_first_start_cancelled_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(app, "ask_first_start", lambda path: None)
    assert app.open_database(tmp_path / "none.db") is None
    assert not (tmp_path / "none.db").exists()


def progress_dialogs():
    from envhelp.gui.qt import QApplication, QProgressDialog

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog) and w.isVisible()
    ]


def test_demo_is_made_behind_a_progress_dialog(tmp_path, monkeypatch, message_boxes):
    from envhelp.gui.qt import QTimer

    seen: list[tuple[str, int]] = []
    QTimer.singleShot(  # while the demo is being made (the call below waits for it)
        app.DEMO_PROGRESS_AFTER_MS + 400,
        lambda: seen.extend((d.labelText(), d.value()) for d in progress_dialogs()),
    )
    monkeypatch.setattr(app, "ask_first_start", lambda path: "demo")
    store = app.open_database(tmp_path / "demo.db")
    try:
        assert seen and "正在生成演示数据" in seen[0][0]
        assert enterprises.count(store) == 40
        assert message_boxes == [] and progress_dialogs() == []
    finally:
        store.close()


def test_cancelling_the_demo_leaves_an_empty_database(tmp_path, monkeypatch, message_boxes):
    from envhelp.gui.qt import QPushButton, QTimer

    # Cancel as soon as the progress dialog is on screen (when depends on the machine's load).
    poll = QTimer()
    poll.setInterval(20)

    def cancel_when_shown():
        for dialog in progress_dialogs():
            dialog.findChild(QPushButton).click()
            poll.stop()

    poll.timeout.connect(cancel_when_shown)
    poll.start()
    monkeypatch.setattr(app, "ask_first_start", lambda path: "demo")
    store = app.open_database(tmp_path / "demo.db")
    try:
        assert enterprises.count(store) == 0
        assert store.scalar("SELECT count(*) FROM visits") == 0
        [(kind, _title, text)] = message_boxes
        assert kind == "information" and "已取消生成演示数据" in text
    finally:
        store.close()


def test_demo_choice_without_generator_says_so(tmp_path, monkeypatch, message_boxes):
    monkeypatch.setitem(sys.modules, "envhelp.demo", None)  # import fails as if absent
    monkeypatch.setattr(app, "ask_first_start", lambda path: "demo")
    store = app.open_database(tmp_path / "demo.db")
    try:
        assert enterprises.count(store) == 0
        [(kind, _title, text)] = message_boxes
        assert kind == "information" and "envhelp.demo" in text
    finally:
        store.close()


def test_unopenable_database_shows_message(tmp_path, monkeypatch, message_boxes):
    # The fault question itself is tested in test_startup_faults.py; here the user quits.
    from envhelp.gui import startup

    asked = []
    monkeypatch.setattr(
        startup, "ask_fault", lambda parent, exc, decision, **kw: asked.append(str(exc)) or "quit"
    )
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    assert app.open_database(bad) is None
    [text] = asked
    assert "损坏" in text


def test_bundled_cjk_font_is_loaded(qapp):
    family = app.load_cjk_font(qapp)
    assert family and "WenQuanYi" in family
    assert family in qapp.font().families() or qapp.font().family() == family


def test_the_system_font_looked_for_is_the_bundled_one(qapp):
    """load_cjk_font uses the system's copy of CJK_FAMILY when there is one (no 5 MB file
    to read at start); without it, the bundled file must give that same family."""
    assert app._register_bundled_font() == app.CJK_FAMILY


def test_saved_language_is_applied_at_start(qapp):
    language.save_language("en")
    app.create_application([])
    assert i18n.language() == "en"
    assert QApplication.translate("MainWindow", "文件(&F)") == "&File"


def test_excepthook_logs_and_shows_a_box(message_boxes, caplog):
    with caplog.at_level(logging.ERROR, logger="envhelp.gui"):
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            errors.excepthook(type(exc), exc, exc.__traceback__)
    [(kind, _title, text)] = message_boxes
    assert kind == "critical" and "RuntimeError: boom" in text and "Traceback" not in text
    assert "Traceback" in caplog.text  # the details go to the log, not the screen

    message_boxes.clear()
    exc = StorageError("数据库正被另一个窗口使用。", "The database is in use.")
    errors.excepthook(StorageError, exc, None)
    assert message_boxes == [("warning", "无法完成操作", "数据库正被另一个窗口使用。")]


def test_log_is_rotated_at_start_once_full(tmp_path, monkeypatch):
    target = tmp_path / "logs" / "envhelp-gui.log"
    monkeypatch.setattr(errors, "log_path", lambda: target)
    root = logging.getLogger("envhelp")
    before = list(root.handlers)
    added = []
    try:
        assert errors.setup_logging() == target  # the folder is made
        added = [h for h in root.handlers if h not in before]
        logging.getLogger("envhelp.gui").info("first session")
        added[0].flush()
        assert "first session" in target.read_text(encoding="utf-8")
        for handler in added:
            root.removeHandler(handler)
            handler.close()

        errors.setup_logging()  # not full yet: appended to, not rotated
        added = [h for h in root.handlers if h not in before]
        assert not target.with_name("envhelp-gui.log.1").exists()
        for handler in added:
            root.removeHandler(handler)
            handler.close()

        full = "x" * errors.LOG_MAX_BYTES
        target.write_text(full, encoding="utf-8")
        errors.setup_logging()
        added = [h for h in root.handlers if h not in before]
        logging.getLogger("envhelp.gui").info("next session")
        added[0].flush()
        assert target.with_name("envhelp-gui.log.1").read_text(encoding="utf-8") == full
        assert target.read_text(encoding="utf-8").strip().endswith("next session")
    finally:
        for handler in added:
            root.removeHandler(handler)
            handler.close()


def test_a_log_that_cannot_be_rotated_is_still_written(tmp_path, monkeypatch):
    from logging.handlers import RotatingFileHandler

    target = tmp_path / "envhelp-gui.log"
    target.write_text("x" * errors.LOG_MAX_BYTES, encoding="utf-8")
    monkeypatch.setattr(errors, "log_path", lambda: target)

    def refuse(self):
        raise PermissionError("the file is open in another window")

    monkeypatch.setattr(RotatingFileHandler, "doRollover", refuse)
    root = logging.getLogger("envhelp")
    before = list(root.handlers)
    try:
        assert errors.setup_logging() == target
        logging.getLogger("envhelp.gui").info("still logged")
        for handler in root.handlers:
            handler.flush()
        assert target.read_text(encoding="utf-8").endswith("still logged\n")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def test_main_installs_hook_and_opens_window(tmp_path, monkeypatch, message_boxes):
    shown = []
    monkeypatch.setattr(errors, "setup_logging", lambda: None)
    monkeypatch.setattr(app, "ask_first_start", lambda path: "empty")
    monkeypatch.setattr(
        QApplication, "exec", lambda *a: shown.extend(QApplication.topLevelWidgets()) or 0
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    # Main windows of earlier tests may still exist (hidden, awaiting deletion): only the
    # one main() made counts.
    earlier = QApplication.topLevelWidgets()
    assert app.main(["--db", str(tmp_path / "main.db")]) == 0
    assert sys.excepthook is errors.excepthook
    windows = [
        w for w in shown if w.objectName() == "mainWindow" and not any(w is old for old in earlier)
    ]
    assert len(windows) == 1 and windows[0].isVisible()
    assert str(tmp_path / "main.db") in windows[0].db_label.text()
    for window in windows:
        window.close()
        window.deleteLater()
