"""GUI fixtures: offscreen Qt, per-test QSettings, Chinese UI, no blocking message boxes."""

from __future__ import annotations

import os
import shutil
from datetime import date

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from envhelp.gui import language  # noqa: E402
from envhelp.gui.qt import QMessageBox, QSettings, Qt  # noqa: E402
from tests.conftest import draft_visit  # noqa: E402
from tests.hub.laptops import hub_laptops  # noqa: E402, F401  (laptops on a hub: test_sync_gui.py)


@pytest.fixture(autouse=True)
def gui_settings(qapp, tmp_path):
    """Point per-user settings at a temp folder and start every test in Chinese."""
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    language.apply_language("zh")
    yield tmp_path / "qsettings"
    language.apply_language("zh")


@pytest.fixture
def message_boxes(monkeypatch):
    """Record QMessageBox static calls instead of blocking on a modal box."""
    shown: list[tuple[str, str, str]] = []

    def recorder(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "critical", "information", "about", "question"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


def show_main_window(qtbot, store):
    """The main window over ``store``, shown, with the dashboard's first read done."""
    from envhelp.gui.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # The dashboard reads on a worker thread: let it finish, so that a test patching a
    # core function sees only its own calls.
    qtbot.waitUntil(lambda: not window.page(0).is_loading(), timeout=10000)
    return window


DEMO_END = date(2026, 11, 27)  # the last day of the demo district the export tests read


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo district (seed 1, up to DEMO_END) generated once; tests work on copies."""
    from envhelp import demo
    from envhelp.storage import Store

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with Store(path, actor="tester") as store:
        demo.generate(store, seed=1, end=DEMO_END)
    return path


@pytest.fixture
def demo_store(demo_template, tmp_path):
    """This test's own copy of the demo district."""
    from envhelp.storage import Store

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    store = Store(path, actor="tester")
    yield store
    store.close()


def show_visit_editor(qtbot, store, visit_id=None, *, active=False, size=None, **kwargs):
    """The visit editor of ``visit_id`` (a new visit when None), shown at ``size`` (e.g.
    (1366, 768)) if given; ``active`` waits until it is the active window, which window
    shortcuts (Ctrl+T, Ctrl+Enter…) need."""
    from envhelp.gui.visit_editor import VisitEditor

    editor = VisitEditor(store, visit_id, **kwargs)
    qtbot.addWidget(editor)
    if size is not None:
        editor.resize(*size)
    editor.show()
    qtbot.waitExposed(editor)
    if active:
        editor.activateWindow()
        qtbot.waitUntil(editor.isActiveWindow)
    return editor


@pytest.fixture
def checklist_panel(qtbot, store, officer, enterprise):
    """``checklist_panel(visit_type, template=None, size=None)``: a draft visit of today by
    the current officer, its editor shown on the Checklist tab with a check of ``template``
    (the default template when None) started; returns the panel."""
    from envhelp.domain import officers

    def open_panel(visit_type: str, template: str | None = None, size=None):
        officers.set_current(store, officer["id"])
        visit = draft_visit(store, enterprise["id"], [officer["id"]], visit_type)
        editor = show_visit_editor(qtbot, store, visit["id"], size=size)
        editor.tabs.setCurrentIndex(1)
        panel = editor.checklist
        if template is not None:
            panel.template_combo.setCurrentIndex(panel.template_combo.findData(template))
        panel.add_check()
        return panel

    return open_panel


@pytest.fixture
def main_window(qtbot, store, message_boxes):
    return show_main_window(qtbot, store)


@pytest.fixture
def enterprises_page(main_window):
    main_window.show_page(1)
    return main_window.current_page()


@pytest.fixture
def opened(monkeypatch):
    """QDesktopServices.openUrl records the local paths instead of starting a program."""
    from envhelp.gui.qt import QDesktopServices

    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True
    )
    return urls


def make_png(path, color: int = 0x336699, size: tuple[int, int] = (320, 200)):
    """A real PNG photo of one colour at ``path``; returns the path."""
    from envhelp.gui.qt import QImage

    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(color)
    image.save(str(path))
    return path


@pytest.fixture
def type_text(qtbot):
    """Type like a user: qtbot.keyClicks for ASCII; Chinese arrives as key events with text
    (QTest's ASCII key table cannot name CJK characters, an input method would commit them)."""
    from PySide6.QtTest import QTest

    def type_into(widget, text: str) -> None:
        for char in text:
            if char.isascii():
                qtbot.keyClicks(widget, char)
            else:
                QTest.sendKeyEvent(
                    QTest.KeyAction.Click,
                    widget,
                    Qt.Key.Key_unknown,
                    char,
                    Qt.KeyboardModifier.NoModifier,
                )

    return type_into


def saved_messages(widget) -> list:
    """The "saved" messages (object name ``exportDone``) open over ``widget``'s window."""
    window = widget.window()
    return [box for box in window.findChildren(QMessageBox, "exportDone") if box.isVisible()]


def open_saved_file(qtbot, widget, count: int = 1, shown: list | None = None) -> None:
    """Wait for the ``count``-th "saved" message over ``widget`` and click 打开文件.

    A failed export ends the wait at once with its reason, instead of looking like a slow
    one: a task failure in the GUI log, or (``shown``: the ``message_boxes`` list) a
    warning or critical box recorded while waiting.
    """
    import logging

    from envhelp.gui.qt import QPushButton

    class TaskFailures(logging.Handler):
        def __init__(self):
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record):
            if record.getMessage().startswith("task failed"):
                self.messages.append(self.format(record))

    failures = TaskFailures()
    gui_log = logging.getLogger("envhelp.gui")
    boxes_before = len(shown) if shown is not None else 0

    def errors() -> list[str]:
        boxes = shown[boxes_before:] if shown is not None else []
        return failures.messages + [text for kind, _, text in boxes if kind != "information"]

    gui_log.addHandler(failures)
    try:
        # Rendering runs on a worker thread: on a loaded 2-core machine it can take a while.
        qtbot.waitUntil(
            lambda: len(saved_messages(widget)) >= count or bool(errors()), timeout=90000
        )
    finally:
        gui_log.removeHandler(failures)
    assert not errors(), f"the export failed instead of saving: {errors()}"
    saved_messages(widget)[-1].findChild(QPushButton, "openFile").click()
