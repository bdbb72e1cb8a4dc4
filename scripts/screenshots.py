"""Retake docs/screenshots/ as an officer's 1366 × 768 laptop shows them.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

Over a fresh demo database (and an empty one for the first-start questions), in
Chinese (``<name>.png``) and English (``<name>-en.png``). Window geometry and the
language are kept in a throw-away QSettings folder, so the pictures show what a new
user sees. Each window is grabbed as placed by ``envhelp.gui.geometry`` on the
virtual screen.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from envhelp import demo  # noqa: E402
from envhelp.domain import check_answers, enterprises, officers, stored_templates, visits  # noqa: E402
from envhelp.gui import language  # noqa: E402
from envhelp.gui.app import create_application  # noqa: E402
from envhelp.gui.qt import QApplication, QSettings  # noqa: E402
from envhelp.storage import Store  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def settle(rounds: int = 20) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def save(widget, name: str, lang: str) -> None:
    settle()
    path = OUT / (f"{name}.png" if lang == "zh" else f"{name}-en.png")
    widget.grab().save(str(path))
    print(path.relative_to(ROOT), widget.width(), "×", widget.height())


def draft_with_answers(store: Store) -> str:
    """A draft visit of today with a checklist half answered, scoped to a warehouse."""
    enterprise = enterprises.list_page(store, limit=1)[0]
    current = officers.current(store)
    visit = visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": date.today().isoformat(),
            "time": "09:30",
            "type": "inspection",
            "officer_ids": [o["id"] for o in officers.list_all(store)[:2]] or [current["id"]],
        },
    )
    template = next(t["id"] for t in stored_templates.list_templates(store) if "18597" in t["id"])
    check = check_answers.start_check(
        store, visit["id"], template, scope={"facility_types": ["warehouse"]}
    )
    for n, row in enumerate(check_answers.results(store, check["id"])[:14]):
        if row["result"] == "unanswered":
            result = "non_compliant" if n in (3, 9) else "compliant"
            check_answers.set_result(
                store, row["result_id"], result, "桶盖未盖，已拍照" if n == 3 else ""
            )
    return visit["id"]


def shoot(lang: str, store: Store, empty: Store) -> None:
    from envhelp.gui.dialogs import first_start
    from envhelp.gui.main_window import MainWindow
    from envhelp.gui.visit_editor import VisitEditor

    language.apply_language(lang)
    window = MainWindow(store)
    window.show()
    settle(60)
    for row, name in ((0, "dashboard"), (1, "main-window"), (3, "problems"), (4, "reports")):
        window.show_page(row)
        if name == "dashboard":
            window.page(0).refresh()
        if name == "reports":
            page = window.page(4)
            page.compute()
            deadline = time.monotonic() + 60  # the month's figures are read on a worker
            while time.monotonic() < deadline and (page.summary is None or page.is_computing()):
                settle(2)
                time.sleep(0.05)
        save(window, name, lang)

    editor = VisitEditor(store, draft_with_answers(store), window)
    editor.show()
    editor.tabs.setCurrentIndex(1)
    settle(40)
    save(editor, "visit-editor", lang)
    editor.close()
    window.close()

    fresh = MainWindow(empty)
    fresh.show()
    settle(40)
    fresh.page(0).refresh()  # the figures read now, not by the background reader
    save(fresh, "empty-start", lang)
    dialog = first_start.offer(fresh)
    settle(20)
    save(dialog, "first-start", lang)
    dialog.pages.setCurrentIndex(1)
    save(dialog, "first-start-2", lang)
    dialog.reject()
    fresh.close()


def main() -> None:
    app = create_application(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        print("screen", app.primaryScreen().availableGeometry())
        for lang in ("zh", "en"):
            store = Store(Path(tmp) / f"demo-{lang}.sqlite3")
            demo.generate(store, seed=1)
            empty = Store(Path(tmp) / f"empty-{lang}.sqlite3")
            shoot(lang, store, empty)
            store.close()
            empty.close()
    language.apply_language("zh")


if __name__ == "__main__":
    main()
