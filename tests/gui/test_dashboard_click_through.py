"""Each dashboard figure opens exactly the problems (or visits) behind it.

The data set is small enough to count by hand; the expected numbers below are written
from the table in :func:`build`, not computed with the product's SQL. For every card,
the list it opens (``ledger_list.count`` of the emitted filter, the same ``today``) and the
Problems page it fills must show the number on the card.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from envhelp.domain import enterprises, ledger, ledger_list, problems, visits
from envhelp.errors import ValidationError
from envhelp.gui.pages.dashboard import DashboardPage
from envhelp.gui.pages.problems import ProblemsPage
from envhelp.gui.pages.visits import VisitsPage
from envhelp.gui.qt import QDate, Qt
from tests.conftest import VALID_USCC, draft_visit

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("one_officer_publicity")]

TODAY = date(2026, 6, 20)  # month: June 2026, year: 2026


def make_visit(store, officer, ent, day, time, *, final=True):
    """A 送法入企 visit by ``officer`` at ``ent``, finalized unless ``final`` is False."""
    v = draft_visit(store, ent["id"], [officer["id"]], "law_publicity", day=day, time=time)
    return visits.finalize(store, v["id"]) if final else v


def build(store, officer) -> SimpleNamespace:
    """Enterprises E1, E2. Visits (final unless said): V0 E2 2025-12-20, V1 E1 2026-03-10,
    V2 E1 2026-06-05, VD E2 2026-06-08 DRAFT.

    Problems (found, visit, what happened)              month found/closed, year found/closed
      a  2026-06-05 V2  open, deadline 06-15 (overdue)        F  .  F  .
      b  2026-06-05 V2  closed 06-12                          F  C  F  C
      c  2026-03-10 V1  closed 06-15, late (deadline 04-10)   .  C  F  C
      d  2025-12-20 V0  closed 2026-01-05, late               .  .  .  C
      e  2025-12-20 V0  closed 2025-12-28                     .  .  .  .
      f  2026-06-10 no visit  open, deadline 06-25            F  .  F  .
      g  2026-06-08 VD  open, deadline 06-22 (draft)          .  .  .  .
      h  2026-06-08 VD  closed 06-09 (draft)                  .  .  .  .
      i  2026-06-05 V2  cancelled                             .  .  .  .
      j  2026-03-10 V1  closed 03-20, reopened (deadline 04-10)  .  .  F  .
      k  2026-06-05 V2  fixed on the spot (closed 06-05)      F  C  F  C
      l  2026-03-10 V1  closed 05-30                          .  .  F  C
      n  2025-11-01 no visit  closed 2026-06-01               .  C  .  C
    """
    e1 = enterprises.add(
        store, {"name": "青岛精锐机械有限公司", "uscc": VALID_USCC[0], "town": "城阳街道"}
    )
    e2 = enterprises.add(
        store, {"name": "青岛海化新材料有限公司", "uscc": VALID_USCC[1], "town": "流亭街道"}
    )

    def visit(ent, day, *, final=True):
        return make_visit(store, officer, ent, day, "09:30", final=final)

    def problem(ent, v, found, deadline=None, **extra):
        return problems.create(
            store,
            {
                "enterprise_id": ent["id"],
                "visit_id": v["id"] if v else None,
                "found_on": found,
                "description": "危废贮存间未设置标签",
                "deadline": deadline or found,
                **extra,
            },
        )

    def close(p, day):
        ledger.close(
            store,
            p["id"],
            verified_on=day,
            officer_id=officer["id"],
            method="document_review",
            note="核查属实",
            today=TODAY,
        )

    v0, v1 = visit(e2, "2025-12-20"), visit(e1, "2026-03-10")
    v2, vd = visit(e1, "2026-06-05"), visit(e2, "2026-06-08", final=False)
    p = SimpleNamespace()
    p.a = problem(e1, v2, "2026-06-05", "2026-06-15")
    p.b = problem(e1, v2, "2026-06-05", "2026-06-30")
    close(p.b, "2026-06-12")
    p.c = problem(e1, v1, "2026-03-10", "2026-04-10")
    close(p.c, "2026-06-15")
    p.d = problem(e2, v0, "2025-12-20", "2025-12-31")
    close(p.d, "2026-01-05")
    p.e = problem(e2, v0, "2025-12-20", "2025-12-31")
    close(p.e, "2025-12-28")
    p.f = problem(e1, None, "2026-06-10", "2026-06-25")
    p.g = problem(e2, vd, "2026-06-08", "2026-06-22")
    p.h = problem(e2, vd, "2026-06-08", "2026-06-30")
    close(p.h, "2026-06-09")
    p.i = problem(e1, v2, "2026-06-05", "2026-06-30")
    ledger.cancel(store, p.i["id"], "重复录入")
    p.j = problem(e1, v1, "2026-03-10", "2026-04-10")
    close(p.j, "2026-03-20")
    ledger.reopen(store, p.j["id"], "复查发现未整改到位")
    p.k = problem(e1, v2, "2026-06-05", handling="on_the_spot")
    p.l = problem(e1, v1, "2026-03-10", "2026-06-30")
    close(p.l, "2026-05-30")
    p.n = problem(e2, None, "2025-11-01", "2025-12-01")
    close(p.n, "2026-06-01")
    return p


# The hand count of the table above; the ledger cards as the ledger defines them
# (every problem, draft visits' too): overdue a, j; due 06-20..06-26: f, g; open a f g j.
EXPECTED_IDS = {
    "month_found": "abfk",
    "month_closed": "bckn",
    "year_found": "abcfjkl",
    "year_closed": "bcdkln",
    "overdue": "aj",
    "due_soon": "fg",
    "open_problems": "afgj",
}


@pytest.fixture
def data(store, officer):
    return build(store, officer)


@pytest.fixture
def dashboard(qtbot, store, data):
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.today = TODAY
    page.refresh()
    return page


def opened_by(qtbot, dashboard, key, kind="problems"):
    """Click the card; return the navigation payload it emitted (to the ``kind`` list)."""
    with qtbot.waitSignal(dashboard.navigate, timeout=1000) as blocker:
        qtbot.mouseClick(dashboard.cards[key], Qt.MouseButton.LeftButton)
    emitted, payload = blocker.args
    assert emitted == kind
    return payload


@pytest.mark.parametrize("key", sorted(EXPECTED_IDS))
def test_each_card_opens_exactly_its_problems(qtbot, store, data, dashboard, key):
    expected = {getattr(data, name)["id"] for name in EXPECTED_IDS[key]}
    assert dashboard.figures[key] == len(expected)
    assert dashboard.cards[key].value.text() == str(len(expected))
    payload = opened_by(qtbot, dashboard, key)
    flt = payload["filter"]
    assert ledger_list.count(store, flt, today=TODAY) == dashboard.figures[key]
    rows = ledger_list.list_page(
        store,
        flt,
        limit=None,
        today=TODAY,
        order_by=payload.get("order_by"),
        descending=payload.get("descending", False),
    )
    assert {r["id"] for r in rows} == expected


def test_closed_cards_list_latest_close_out_first(qtbot, store, data, dashboard):
    payload = opened_by(qtbot, dashboard, "year_closed")
    assert (payload["order_by"], payload["descending"]) == ("closed_on", True)
    rows = ledger_list.list_page(
        store, payload["filter"], order_by="closed_on", descending=True, limit=None, today=TODAY
    )
    assert [r["closed_on"] for r in rows] == [
        "2026-06-15",
        "2026-06-12",
        "2026-06-05",
        "2026-06-01",
        "2026-05-30",
        "2026-01-05",
    ]


def test_problems_page_keeps_and_shows_the_figure_filter(qtbot, store, data, dashboard):
    page = ProblemsPage(store)
    qtbot.addWidget(page)
    page.model.today = TODAY
    page.show()
    payload = opened_by(qtbot, dashboard, "month_closed")
    page.apply_filter(
        payload["filter"], order_by=payload["order_by"], descending=payload["descending"]
    )
    assert page.model.total == dashboard.figures["month_closed"] == 4
    flt = page.current_filter()
    assert (flt.closed_from, flt.closed_to, flt.final_visits_only) == (
        "2026-06-01",
        "2026-06-30",
        True,
    )
    assert page.closed_chip.isVisible() and page.final_chip.isVisible()
    assert page.closed_chip.text() == "销号日期：2026-06-01 – 2026-06-30 ✕"
    # Another widget changes: the figure's limits stay.
    page.town_combo.setCurrentIndex(page.town_combo.findData("城阳街道"))
    assert page.model.total == 3  # b, c, k of E1 (n is E2's)
    # Removing the chips widens the list: every counted closed one, then every closed one.
    page.town_combo.setCurrentIndex(0)
    qtbot.mouseClick(page.closed_chip, Qt.MouseButton.LeftButton)
    assert not page.closed_chip.isVisible()
    assert page.model.total == 7  # b c d e k l n
    qtbot.mouseClick(page.final_chip, Qt.MouseButton.LeftButton)
    assert not page.final_chip.isVisible()
    assert page.model.total == 8  # and the draft visit's h
    page.clear_filters()
    assert page.current_filter() == ledger_list.LedgerFilter()


def test_close_out_range_filter_and_its_validation(store, data):
    def ids(**kw):
        return {
            r["id"]
            for r in ledger_list.list_page(store, ledger_list.LedgerFilter(**kw), limit=None)
        }

    assert ids(closed_from="2026-06-12") == {data.b["id"], data.c["id"]}
    assert ids(closed_to="2025-12-31") == {data.e["id"]}
    assert ids(closed_from=date(2026, 1, 5), closed_to="2026-01-05") == {data.d["id"]}
    assert ids(closed_from="2026/6/9", closed_to="2026-06-09") == {data.h["id"]}
    with pytest.raises(ValidationError) as err:
        ledger_list.count(store, ledger_list.LedgerFilter(closed_to="2026-02-30"))
    assert err.value.field == "closed_to"
    assert "销号日期" in err.value.message_zh and "2026-02-30" in err.value.message_zh
    assert "Closed to" in err.value.message_en and "YYYY-MM-DD" in err.value.message_en
    with pytest.raises(ValidationError) as err:
        ledger_list.count(store, ledger_list.LedgerFilter(found_from="next week"))
    assert err.value.field == "found_from"


# -- the visit figures ---------------------------------------------------------------


@pytest.fixture
def visit_data(store, officer, data):
    """``build``'s visits and more, at the period edges. Final unless said:

    E1: V1 2026-03-10, V2 2026-06-05, V6 2026-05-31
    E2: V0 2025-12-20, VD 2026-06-08 DRAFT, V3 2026-06-30, V5 2026-01-01, V4 2027-01-01
    E3: VE 2026-06-15 DRAFT (its only visit: never counted)

    June: V2, V3 → 2 visits of E1, E2; 2026: V1 V2 V3 V5 V6 → 5 visits of E1, E2.
    """
    e1, e2 = (
        enterprises.list_page(store, search=name)[0]
        for name in ("青岛精锐机械有限公司", "青岛海化新材料有限公司")
    )
    e3 = enterprises.add(
        store, {"name": "青岛北岸化工有限公司", "uscc": VALID_USCC[2], "town": "城阳街道"}
    )

    def visit(ent, day, *, final=True):
        return make_visit(store, officer, ent, day, "14:00", final=final)

    ids = {v["date"]: v["id"] for v in visits.list_page(store, limit=None)}
    extra = {
        "V3": visit(e2, "2026-06-30"),
        "V4": visit(e2, "2027-01-01"),
        "V5": visit(e2, "2026-01-01"),
        "V6": visit(e1, "2026-05-31"),
        "VE": visit(e3, "2026-06-15", final=False),
    }
    named = {
        "V0": ids["2025-12-20"],
        "V1": ids["2026-03-10"],
        "V2": ids["2026-06-05"],
        "VD": ids["2026-06-08"],
        **{k: v["id"] for k, v in extra.items()},
    }
    return SimpleNamespace(ids=named, e1=e1["id"], e2=e2["id"], e3=e3["id"])


EXPECTED_VISITS = {"month": ("V2", "V3"), "year": ("V1", "V2", "V3", "V5", "V6")}


@pytest.fixture
def visits_page(qtbot, store, visit_data):
    page = VisitsPage(store)
    qtbot.addWidget(page)
    page.show()
    return page


def listed_ids(page):
    while page.model.canFetchMore():
        page.model.fetchMore()
    return {page.model.row_record(r)["id"] for r in range(page.model.rowCount())}


@pytest.mark.parametrize("prefix", ["month", "year"])
def test_visit_cards_open_exactly_their_visits(qtbot, store, visit_data, visits_page, prefix):
    dashboard = DashboardPage(store)
    qtbot.addWidget(dashboard)
    dashboard.today = TODAY
    dashboard.refresh()
    expected = {visit_data.ids[name] for name in EXPECTED_VISITS[prefix]}
    assert dashboard.figures[f"{prefix}_visits"] == len(expected)
    assert dashboard.figures[f"{prefix}_enterprises"] == 2  # E1, E2 (not E3's draft)

    start = "2026-06-01" if prefix == "month" else "2026-01-01"
    end = "2026-06-30" if prefix == "month" else "2026-12-31"
    for figure in ("visits", "enterprises"):
        payload = opened_by(qtbot, dashboard, f"{prefix}_{figure}", "visits")
        assert payload == {"date_from": start, "date_to": end, "status": "final"}
        visits_page.apply_filter(**payload)
        assert listed_ids(visits_page) == expected
        assert visits_page.model.rowCount() == dashboard.figures[f"{prefix}_visits"]
        assert visits_page.model.total == dashboard.figures[f"{prefix}_visits"]
        firms = dashboard.figures[f"{prefix}_enterprises"]
        assert visits_page.count_label.text() == f"共 {len(expected)} 次走访，{firms} 家企业"
        assert visits_page.period_chip.isVisible()
        assert visits_page.period_chip.text() == f"走访日期：{start} – {end} ✕"
        assert visits_page.status_combo.currentData() == "final"


def test_period_chip_and_month_filter(qtbot, store, visit_data, visits_page):
    visits_page.apply_filter(date_from="2026-01-01", date_to="2026-12-31", status="final")
    assert visits_page.model.total == 5
    # Removing the chip widens the list to every final visit (V4 of 2027, V0 of 2025 too).
    qtbot.mouseClick(visits_page.period_chip, Qt.MouseButton.LeftButton)
    assert not visits_page.period_chip.isVisible()
    assert (visits_page.model.date_from, visits_page.model.date_to) == (None, None)
    assert visits_page.model.total == 7
    assert visits_page.count_label.text() == "共 7 次走访，2 家企业"
    visits_page.status_combo.setCurrentIndex(0)  # every status: the drafts, E3 too
    assert visits_page.count_label.text() == "共 9 次走访，3 家企业"

    # Choosing a month replaces the period (one date limit at a time).
    visits_page.apply_filter(date_from="2026-01-01", date_to="2026-12-31")
    assert visits_page.status_combo.currentIndex() == 0 and visits_page.model.total == 7
    visits_page.month_edit.setDate(QDate(2026, 6, 1))
    visits_page.month_box.setChecked(True)
    assert not visits_page.period_chip.isVisible()
    assert visits_page.model.filters()["date_from"] is None
    assert visits_page.model.month == "2026-06"
    assert listed_ids(visits_page) == {visit_data.ids[n] for n in ("V2", "V3", "VD", "VE")}
    # …and a period from a link switches the month off.
    visits_page.apply_filter(date_from="2026-06-30", date_to="2026-06-30")
    assert not visits_page.month_box.isChecked() and visits_page.model.month is None
    assert listed_ids(visits_page) == {visit_data.ids["V3"]}
    assert visits_page.period_chip.text() == "走访日期：2026-06-30 – 2026-06-30 ✕"


def test_visit_date_range_validation(store, visit_data, visits_page):
    for call in (visits.count, visits.count_enterprises, visits.list_page):
        with pytest.raises(ValidationError) as err:
            call(store, date_from="2026-02-30")
        assert err.value.field == "date_from"
        assert "走访日期（起）" in err.value.message_zh and "2026-02-30" in err.value.message_zh
        assert "Visit date from" in err.value.message_en
        assert "YYYY-MM-DD" in err.value.message_en
    with pytest.raises(ValidationError) as err:
        visits.list_page(store, date_from="2026-01-01", date_to="next week")
    assert err.value.field == "date_to" and "走访日期（止）" in err.value.message_zh
    with pytest.raises(ValidationError) as err:
        visits_page.apply_filter(date_to="2026-13-01")
    assert err.value.field == "date_to"
    # Other accepted spellings and date objects work as in the ledger.
    assert visits.count(store, date_from=date(2026, 6, 30), date_to="2026/6/30") == 1
