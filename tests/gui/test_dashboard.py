"""The dashboard on a demo database: figures equal the core's, clicks open the lists."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from envhelp import demo
from envhelp.domain import ledger, ledger_list, planning
from envhelp.domain.figures import periods
from envhelp.gui.dialogs.enterprise import EnterpriseDialog
from envhelp.gui.main_window import MainWindow
from envhelp.gui.pages.dashboard import DashboardPage
from envhelp.gui.pages.problems import ProblemsPage
from envhelp.gui.qt import Qt

pytestmark = pytest.mark.gui

TODAY = date(2026, 6, 20)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from envhelp.storage import Store

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with Store(path, actor="tester") as s:
        demo.generate(s, seed=1, end=date(2026, 6, 30))
    return path


@pytest.fixture
def window(qtbot, demo_db, message_boxes, tmp_path):
    from envhelp.storage import Store

    # Each test on its own copy: a test that changes the data (test_page_refreshes_when_shown
    # cancels and reopens a problem) must not change what the tests after it see.
    path = tmp_path / demo_db.name
    shutil.copy(demo_db, path)
    store = Store(path, actor="tester")
    window = MainWindow(store)
    qtbot.addWidget(window)
    dashboard = window.page_named("dashboard")
    dashboard.today = TODAY
    window.page_named("problems").model.today = TODAY
    window.show()
    qtbot.waitExposed(window)
    window.show_page(0)
    qtbot.waitUntil(lambda: not dashboard.is_loading(), timeout=10000)
    dashboard.refresh()  # the window showed the dashboard before the date was pinned
    yield window
    store.close()


def test_figures_equal_the_core(window):
    dashboard: DashboardPage = window.current_page()
    store = window.store
    month = periods.period_figures(store, date(2026, 6, 1), date(2026, 6, 30))
    year = periods.period_figures(store, date(2026, 1, 1), date(2026, 12, 31))
    expected = {}
    for prefix, figures in (("month", month), ("year", year)):
        expected[f"{prefix}_visits"] = figures["visits"]
        expected[f"{prefix}_enterprises"] = figures["enterprises"]
        expected[f"{prefix}_found"] = figures["problems_found"]
        expected[f"{prefix}_closed"] = figures["problems_closed"]
    expected["overdue"] = ledger_list.count(
        store, ledger_list.LedgerFilter(overdue=True), today=TODAY
    )
    expected["due_soon"] = ledger_list.count(
        store,
        ledger_list.LedgerFilter(
            status=("open", "rectifying"), deadline_from="2026-06-20", deadline_to="2026-06-27"
        ),  # 7 days away still counts
        today=TODAY,
    )
    expected["open_problems"] = ledger_list.count(
        store, ledger_list.LedgerFilter(status=("open", "rectifying"))
    )
    expected["enterprises"] = store.scalar("SELECT count(*) FROM enterprises")
    assert dashboard.figures == expected
    assert expected["month_visits"] > 0 and expected["overdue"] > 0  # the demo has work to show
    for key, value in expected.items():
        assert dashboard.cards[key].value.text() == str(value)
    assert dashboard.month_box.title() == "本月（2026 年 6 月）"

    ranked = planning.rank(store, today=TODAY, limit=15)
    table = dashboard.planning
    assert table.rowCount() == len(ranked) > 0
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [r["name"] for r in ranked]
    assert table.item(0, 3).text() == ranked[0]["reason"]


def test_clicking_overdue_figure_shows_filtered_problems_page(qtbot, window):
    dashboard = window.current_page()
    qtbot.mouseClick(dashboard.cards["overdue"], Qt.MouseButton.LeftButton)
    page = window.current_page()
    assert isinstance(page, ProblemsPage)
    assert window.nav.currentRow() == 3
    assert page.overdue_box.isChecked()
    assert page.model.total == dashboard.figures["overdue"]
    n = page.model.total
    assert page.count_label.text() == f"共 {n} 条，逾期 {n} 条"
    rows = [page.model.row_record(r) for r in range(page.model.rowCount())]
    assert rows and all(r["overdue"] for r in rows)


def test_a_click_on_a_cards_number_or_caption_opens_its_list(qtbot, window):
    """The labels ignore presses, so a click on them reaches the card underneath."""
    dashboard = window.current_page()
    card = dashboard.cards["overdue"]
    qtbot.mouseClick(card.value, Qt.MouseButton.LeftButton)
    assert isinstance(window.current_page(), ProblemsPage)
    window.show_page(0)
    qtbot.mouseClick(dashboard.cards["open_problems"].caption, Qt.MouseButton.LeftButton)
    assert isinstance(window.current_page(), ProblemsPage)


def test_cards_are_centred_coloured_and_show_a_hand_cursor(window):
    dashboard = window.current_page()
    for card in dashboard.cards.values():
        assert card.cursor().shape() == Qt.CursorShape.PointingHandCursor  # set after the paint
        assert card.value.alignment() == Qt.AlignmentFlag.AlignCenter
        assert card.caption.alignment() & Qt.AlignmentFlag.AlignHCenter
    overdue = dashboard.cards["overdue"].value.palette().windowText().color().name()
    plain = dashboard.cards["enterprises"].value.palette().windowText().color().name()
    assert overdue == "#a61b1b" and plain != overdue


def test_other_figures_open_their_lists(qtbot, window):
    dashboard = window.current_page()
    qtbot.mouseClick(dashboard.cards["month_found"], Qt.MouseButton.LeftButton)
    page = window.current_page()
    flt = page.current_filter()
    assert (flt.found_from, flt.found_to) == ("2026-06-01", "2026-06-30")
    assert flt.status == ("open", "rectifying", "closed")
    # Demo problems all come from final visits, so the list matches the figure.
    assert page.model.total == dashboard.figures["month_found"]

    window.show_page(0)
    qtbot.mouseClick(dashboard.cards["due_soon"], Qt.MouseButton.LeftButton)
    assert page.model.total == dashboard.figures["due_soon"]
    assert not page.overdue_box.isChecked()

    window.show_page(0)
    qtbot.mouseClick(dashboard.cards["month_visits"], Qt.MouseButton.LeftButton)
    visits_page = window.current_page()
    assert visits_page.objectName() == "visitsPage"
    assert visits_page.model.total == dashboard.figures["month_visits"]
    assert visits_page.period_chip.text() == "走访日期：2026-06-01 – 2026-06-30 ✕"
    window.show_page(0)
    qtbot.mouseClick(dashboard.cards["year_enterprises"], Qt.MouseButton.LeftButton)
    assert window.current_page() is visits_page
    assert visits_page.count_label.text().endswith(
        f"，{dashboard.figures['year_enterprises']} 家企业"
    )


def test_planning_row_opens_the_enterprise(qtbot, window):
    window.show_page(0)
    dashboard = window.current_page()
    first = dashboard.planning_rows[0]
    dashboard.planning.setFocus()
    dashboard.planning.setCurrentCell(0, 0)
    dashboard.open_planning_row(0)
    page = window.current_page()
    assert page.objectName() == "enterprisesPage"
    assert isinstance(page.dialog, EnterpriseDialog)
    assert page.dialog.enterprise_id == first["enterprise_id"]
    assert page.dialog.fields["name"].text() == first["name"]
    page.dialog.reject()


def test_page_refreshes_when_shown(qtbot, window):
    store = window.store
    dashboard = window.current_page()
    before = dashboard.figures["overdue"]
    row = store.query_one(
        "SELECT id FROM problems WHERE status IN ('open','rectifying') AND deadline < ?",
        ("2026-06-20",),
    )
    ledger.cancel(store, row["id"], "重复登记")
    try:
        window.show_page(3)
        with qtbot.waitSignal(dashboard.loaded, timeout=10000):
            window.show_page(0)  # read again off the GUI thread, "loading" meanwhile
            assert dashboard.is_loading() and dashboard.loading_label.isVisible()
        assert not dashboard.loading_label.isVisible()
        assert dashboard.figures["overdue"] == before - 1
        assert dashboard.cards["overdue"].value.text() == str(before - 1)
    finally:
        ledger.reopen(store, row["id"], "测试后恢复")
