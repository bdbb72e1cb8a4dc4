"""Keyset paging of the visits list: the same rows as OFFSET paging, officers read per page."""

from __future__ import annotations

import sqlite3

import pytest

from envhelp.domain import enterprises, officers, visits
from tests.conftest import VALID_USCC

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")

# Many visits share a date and a time (and some have no time, stored as ""), across a
# month's edges, so the tie-breaks of the order are exercised.
DATES = ["2026-02-28", "2026-03-01", "2026-03-15", "2026-03-31", "2026-04-01"]
TIMES = ["", "09:00", "09:00", "14:30", ""]


@pytest.fixture
def visit_data(store):
    firms = [
        enterprises.add(store, {"name": f"企业{i}", "uscc": VALID_USCC[i], "town": "城阳街道"})
        for i in range(3)
    ]
    people = [
        officers.add(store, {"name": name, "cert_no": f"3702001000{i}", "unit": "执法大队"})
        for i, name in enumerate(["王敏", "李强", "张伟"])
    ]
    made = []
    for i in range(45):
        # Officers in an order that is not their id order, and of varying number.
        crew = [people[(i + k) % 3]["id"] for k in range(i % 3 + 1)][::-1]
        visit = visits.create(
            store,
            {
                "enterprise_id": firms[i % 3]["id"],
                "date": DATES[i % 5],
                "time": TIMES[i % 4],
                "type": "law_publicity",
                "officer_ids": crew,
                "laws": ["固废法"],
            },
        )
        if i % 4 == 1:
            visit = visits.finalize(store, visit["id"])
        made.append(visit)
    return {"enterprises": firms, "officers": people, "visits": made}


def offset_pages(store, size, **filters):
    rows, offset = [], 0
    while page := visits.list_page(store, limit=size, offset=offset, **filters):
        rows += page
        offset += size
    return rows


def keyset_pages(store, size, **filters):
    rows, after = [], None
    for _ in range(100):  # more pages than 45 visits make: a cursor that does not advance
        page = visits.list_page(store, limit=size, after=after, **filters)
        if not page:
            return rows
        assert len(page) <= size
        rows += page
        after = visits.cursor_of(page[-1])
    raise AssertionError("keyset paging does not reach the end")


def filter_sets(data):
    first = data["enterprises"][0]["id"]
    return [
        {},
        {"month": "2026-03"},
        {"month": "2026-02"},
        {"enterprise_id": first},
        {"status": "final"},
        {"status": "draft", "month": "2026-03"},
        {"enterprise_id": first, "status": "draft"},
        {"date_from": "2026-03-01", "date_to": "2026-03-31"},
        {"date_from": "2026-03-15"},
        {"date_to": "2026-03-01", "status": "final"},
        {"date_from": "2026-02-28", "date_to": "2026-03-01", "enterprise_id": first},
    ]


@pytest.mark.parametrize("size", [1, 4, 7, 200])
def test_keyset_pages_equal_offset_pages(store, visit_data, size):
    for filters in filter_sets(visit_data):
        expected = visits.list_page(store, limit=None, **filters)
        assert expected, filters  # every filter set has rows to page through
        assert offset_pages(store, size, **filters) == expected, filters
        assert keyset_pages(store, size, **filters) == expected, filters


def test_order_and_ties(store, visit_data):
    rows = visits.list_page(store, limit=None)
    assert len(rows) == 45
    keys = [(r["date"], r["time"], r["id"]) for r in rows]
    # Newest date first; within a date the later time first and no time last; then id.
    expected = sorted(sorted(keys, key=lambda k: k[2]), key=lambda k: k[:2], reverse=True)
    assert keys == expected
    assert any(a[:2] == b[:2] for a, b in zip(keys, keys[1:], strict=False))  # ties exist
    assert any(k[1] == "" for k in keys)


def test_month_filter_matches_the_month_only(store, visit_data):
    march = visits.list_page(store, month="2026-03", limit=None)
    assert {r["date"] for r in march} == {"2026-03-01", "2026-03-15", "2026-03-31"}
    assert visits.count(store, month="2026-03") == len(march) == 27
    like = store.scalar("SELECT count(*) FROM visits WHERE date LIKE '2026-03-%'")
    assert like == len(march)


def test_date_range_is_inclusive_and_counts_agree(store, visit_data):
    made = visit_data["visits"]

    def expected(low, high, status=None):
        return {v["id"] for v in made if low <= v["date"] <= high and status in (None, v["status"])}

    for low, high, status in (
        ("2026-03-01", "2026-03-31", None),  # the edges are in
        ("2026-03-02", "2026-03-31", "final"),
        ("2026-02-28", "2026-02-28", None),
        ("2026-04-02", "2026-12-31", None),  # nothing
    ):
        rows = visits.list_page(store, date_from=low, date_to=high, status=status, limit=None)
        ids = expected(low, high, status)
        assert {r["id"] for r in rows} == ids, (low, high)
        assert visits.count(store, date_from=low, date_to=high, status=status) == len(ids)
        firms = {v["enterprise_id"] for v in made if v["id"] in ids}
        shown = visits.count_enterprises(store, date_from=low, date_to=high, status=status)
        assert shown == len(firms)
    # A range and a month together: both apply.
    both = visits.count(store, month="2026-03", date_from="2026-03-15")
    assert both == len(expected("2026-03-15", "2026-03-31"))


def test_offset_counts_from_the_cursor(store, visit_data):
    rows = visits.list_page(store, limit=None)
    after = visits.cursor_of(rows[9])
    assert visits.list_page(store, limit=5, offset=3, after=after) == rows[13:18]


def test_officers_per_row_identical_to_one_visit_reads(store, visit_data):
    rows = visits.list_page(store, limit=None)
    for row in rows:
        alone = visits.to_public(store, store.get("visits", row["id"]))
        assert row["officer_ids"] == alone["officer_ids"]
        assert row["officer_names"] == alone["officer_names"]
        assert row["laws"] == ["固废法"]
    by_id = {v["id"]: v for v in visit_data["visits"]}
    names = {o["id"]: o["name"] for o in visit_data["officers"]}
    for row in rows:
        # The order the officers were given in (their position), not their id order.
        assert row["officer_ids"] == by_id[row["id"]]["officer_ids"]
        assert row["officer_names"] == [names[i] for i in row["officer_ids"]]
    assert {len(r["officer_ids"]) for r in rows} == {1, 2, 3}


def test_a_page_reads_its_officers_in_one_query(store, visit_data):
    calls = []
    real = store.query

    def counting(sql, params=()):
        calls.append(sql)
        return real(sql, params)

    store.query = counting
    try:
        page = visits.list_page(store, limit=20)
    finally:
        store.query = real
    assert len(page) == 20
    assert len(calls) == 2  # the page, then the officers of all its visits


def test_many_visits_read_their_officers_in_batches(store, visit_data, monkeypatch):
    monkeypatch.setattr(visits, "_OFFICER_BATCH", 4)
    rows = visits.list_page(store, limit=None)
    assert all(r["officer_ids"] for r in rows)
    monkeypatch.undo()
    assert rows == visits.list_page(store, limit=None)


def test_cursor_clause_is_exact_with_null_times():
    """The stored time is NOT NULL (""), but the clause follows SQLite's order of NULLs
    too: NULL sorts below every value, so it comes last in ``time DESC``."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE visits (id TEXT PRIMARY KEY, date TEXT, time TEXT)")
    rows = [
        (f"v{n:02d}", day, time)
        for n, (day, time) in enumerate(
            (day, time)
            for day in ("2026-03-01", "2026-03-02")
            for time in (None, "", "08:00", "17:45", None, "08:00")
        )
    ]
    db.executemany("INSERT INTO visits VALUES (?, ?, ?)", rows)
    ordered = [r[0] for r in db.execute(f"SELECT id FROM visits v ORDER BY {visits.LIST_ORDER}")]
    by_id = {r[0]: r for r in rows}
    assert by_id[ordered[5]][2] is None  # NULL times last within the date
    for position, visit_id in enumerate(ordered):
        _, day, time = by_id[visit_id]
        clause, params = visits._after((day, time, visit_id))
        after = [
            r[0]
            for r in db.execute(
                f"SELECT id FROM visits v WHERE {clause} ORDER BY {visits.LIST_ORDER}", params
            )
        ]
        assert after == ordered[position + 1 :], (day, time, visit_id)


def test_cli_visit_list_unchanged_by_paging(store, visit_data):
    """The CLI pages with OFFSET (iter_pages): still every visit once, in order."""
    from envhelp.cli.common import iter_pages

    listed = list(iter_pages(visits.list_page, store, page_size=6, month="2026-03"))
    assert listed == visits.list_page(store, limit=None, month="2026-03")
