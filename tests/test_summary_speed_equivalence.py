"""The fast summary (one pass per source, bench/README.md benchmark 5) gives the same numbers
as a plain reference: one straightforward query per figure, group and period, the way the
summary computed them before the speed-up (docs/summary.md defines them).

The database is generated (bench/make_db.py: problems in every state over ten years) and
then given the awkward histories by hand: closed, cancelled and reopened after a month
end, a close-out entered after its verification day, a deadline extended after the month
end, problems without history, problems of draft visits.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import make_db  # noqa: E402
from envhelp.domain import figures, vocab  # noqa: E402
from envhelp.domain.figures import activity, flows, open_at  # noqa: E402
from envhelp.reports import summary as summary_mod  # noqa: E402
from envhelp.storage import Store  # noqa: E402

MONTHS = ["2017-01", "2019-12", "2022-06", "2025-03", "2026-10"]

# -- the reference: one plain query per figure ---------------------------------------------

COUNTED = (
    "(p.visit_id IS NULL OR EXISTS (SELECT 1 FROM visits fv WHERE fv.id = p.visit_id "
    "AND fv.status = 'final'))"
)
GROUP_SQL = {
    None: ("NULL", "NULL", ""),
    "town": ("e.town", "e.town", ""),
    "industry": ("e.industry", "e.industry", ""),
    "officer": (
        "vo.officer_id",
        "o.name",
        " LEFT JOIN visit_officers vo ON vo.visit_id = "
        "p.visit_id LEFT JOIN officers o ON o.id = vo.officer_id",
    ),
    "category": ("p.category", "p.category", ""),
    "severity": ("p.severity", "p.severity", ""),
}


def ref_flows(store, start, end, group_by=None):
    """Found / closed / on time / relapses / closed in the period, every problem tested."""
    key, label, joins = GROUP_SQL[group_by]
    group = f" GROUP BY {key}" if group_by else ""
    rows = store.query(
        f"""SELECT {key} AS key, {label} AS label,
            SUM(p.found_on BETWEEN :s AND :e) AS found,
            SUM(p.found_on BETWEEN :s AND :e AND p.status = 'closed' AND p.closed_on <= :e)
                AS closed,
            SUM(p.found_on BETWEEN :s AND :e AND p.status = 'closed' AND p.closed_on <= :e
                AND (p.deadline IS NULL OR p.closed_on <= p.deadline)) AS on_time,
            SUM(p.found_on BETWEEN :s AND :e AND p.relapse_of IS NOT NULL) AS relapses,
            SUM(p.status = 'closed' AND p.closed_on BETWEEN :s AND :e) AS closed_in_period
        FROM problems p JOIN enterprises e ON e.id = p.enterprise_id{joins}
        WHERE p.status != 'cancelled' AND {COUNTED}
          AND (p.found_on BETWEEN :s AND :e
               OR (p.status = 'closed' AND p.closed_on BETWEEN :s AND :e)){group}""",
        {"s": start.isoformat(), "e": end.isoformat()},
    )
    return {
        r["key"]: {k: int(v or 0) for k, v in r.items() if k not in ("key", "label")} for r in rows
    }


def ref_state_at(store, day):
    """Per counted problem found by ``day``: (status at the day's end, deadline then)."""
    out = {}
    d = day.isoformat()
    for p in store.query(f"SELECT p.* FROM problems p WHERE p.found_on <= ? AND {COUNTED}", (d,)):
        events = store.query(
            "SELECT *, date(at, 'localtime') AS local_day FROM problem_events "
            "WHERE problem_id = ? ORDER BY at, rowid",
            (p["id"],),
        )
        if p["status"] == "closed" and p["closed_on"] <= d:
            status = "closed"
        else:
            life = [
                e for e in events if e["kind"] in ("created", "transition") and e["local_day"] <= d
            ]
            status = life[-1]["to_status"] if life else ("open" if events else p["status"])
        later = [e for e in events if e["kind"] == "extension" and e["local_day"] > d]
        deadline = later[0]["old_deadline"] if later else p["deadline"]
        out[p["id"]] = (status, deadline, p)
    return out


def ref_snapshot(store, day, group_by=None):
    state = ref_state_at(store, day)
    officers = {}
    for r in store.query("SELECT visit_id, officer_id FROM visit_officers"):
        officers.setdefault(r["visit_id"], []).append(r["officer_id"])
    towns = {e["id"]: e for e in store.query("SELECT * FROM enterprises")}
    out = {}
    for status, deadline, p in state.values():
        if status not in ("open", "rectifying"):
            continue
        overdue = deadline is not None and deadline < day.isoformat()
        if group_by == "officer":
            keys = officers.get(p["visit_id"]) or [None]
        elif group_by in ("town", "industry"):
            keys = [towns[p["enterprise_id"]][group_by]]
        elif group_by:
            keys = [p[group_by]]
        else:
            keys = [None]
        for k in keys:
            o = out.setdefault(k, [0, 0])
            o[0] += 1
            o[1] += overdue
    return out


def ref_visits(store, start, end, group_by):
    joins = {
        "town": "",
        "industry": "",
        "type": "",
        "officer": " JOIN visit_officers vo ON vo.visit_id = v.id",
    }[group_by]
    key = {
        "town": "e.town",
        "industry": "e.industry",
        "type": "v.type",
        "officer": "vo.officer_id",
    }[group_by]
    rows = store.query(
        f"SELECT {key} AS key, count(*) AS visits, count(DISTINCT v.enterprise_id) AS ents "
        f"FROM visits v JOIN enterprises e ON e.id = v.enterprise_id{joins} "
        f"WHERE v.status = 'final' AND v.date BETWEEN ? AND ? GROUP BY {key}",
        (start.isoformat(), end.isoformat()),
    )
    return {r["key"]: (r["visits"], r["ents"]) for r in rows}


def ref_requirements(store, start, end):
    rows = store.query(
        """SELECT c.template_id, r.item_code, sum(r.result = 'compliant') AS c,
            sum(r.result = 'non_compliant') AS n, sum(r.result = 'not_applicable') AS na,
            sum(r.result = 'not_checked') AS nc
        FROM check_results r JOIN checks c ON c.id = r.check_id JOIN visits v ON v.id = c.visit_id
        WHERE v.status = 'final' AND v.date BETWEEN ? AND ?
        GROUP BY c.template_id, r.item_code
        ORDER BY n DESC, c + n DESC, c.template_id, r.item_code""",
        (start.isoformat(), end.isoformat()),
    )
    return [(r["template_id"], r["item_code"], r["c"], r["n"], r["na"], r["nc"]) for r in rows]


# -- the database ----------------------------------------------------------------------------


def _awkward_histories(store: Store) -> None:
    """Histories the generator does not make, around the month ends of MONTHS."""
    conn = store.conn
    open_ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM problems WHERE status IN ('open', 'rectifying') ORDER BY id"
        )
    ]
    closed = conn.execute(
        "SELECT id, closed_on, found_on FROM problems WHERE status = 'closed' "
        "AND found_on BETWEEN '2022-01-01' AND '2022-06-20' ORDER BY id"
    ).fetchall()
    assert len(open_ids) > 12 and len(closed) > 6
    ev = 0

    def event(pid, at, frm, to, kind="transition", old=None, new=None):
        nonlocal ev
        ev += 1
        conn.execute(
            "INSERT INTO problem_events (id, problem_id, at, actor, from_status, to_status, "
            "kind, old_deadline, new_deadline) VALUES (?, ?, ?, 'test', ?, ?, ?, ?, ?)",
            (f"eq-{ev}", pid, at, frm, to, kind, old, new),
        )

    # Reopened after 2022-06-30: closed then, open now (its verification date is gone).
    for pid, _, _ in closed[:2]:
        conn.execute("UPDATE problems SET status = 'open', closed_on = NULL WHERE id = ?", (pid,))
        event(pid, "2022-07-05T02:00:00.000Z", "closed", "open")
    # Cancelled after the month end: open at 2022-06-30, out of the flow figures now.
    for pid in open_ids[8:10]:
        conn.execute(
            "UPDATE problems SET status = 'cancelled', found_on = '2022-06-10' WHERE id = ?", (pid,)
        )
        event(pid, "2022-07-06T03:00:00.000Z", "open", "cancelled")
    # Closed after the month end: open at 2022-06-30.
    for pid in open_ids[10:12]:
        conn.execute(
            "UPDATE problems SET status = 'closed', closed_on = '2022-07-08', "
            "found_on = '2022-06-12' WHERE id = ?",
            (pid,),
        )
        event(pid, "2022-07-08T03:00:00.000Z", "open", "closed")
    # Closed on 2022-06-20 but that close-out undone on 2022-06-25 and cancelled: at the
    # month end it was open again, now it is cancelled (its history decides).
    for pid, _, _ in closed[2:4]:
        conn.execute("UPDATE problems SET status = 'cancelled' WHERE id = ?", (pid,))
        event(pid, "2022-06-25T02:00:00.000Z", "closed", "open")
        event(pid, "2022-07-06T03:00:00.000Z", "open", "cancelled")
    # A close-out verified on 2022-06-28 but entered on 2022-07-03: closed at the month end.
    pid = closed[4][0]
    conn.execute("UPDATE problems SET closed_on = '2022-06-28' WHERE id = ?", (pid,))
    conn.execute("DELETE FROM problem_events WHERE problem_id = ? AND kind = 'transition'", (pid,))
    event(pid, "2022-07-03T02:00:00.000Z", "open", "closed")
    # Deadlines extended after each month end (the earlier deadline counts then).
    for i, month in enumerate(MONTHS):
        _, last = summary_mod.parse_month(month)
        pid = open_ids[i]
        conn.execute(
            "UPDATE problems SET found_on = min(found_on, ?), deadline = '2030-01-01' WHERE id = ?",
            (last.replace(day=1).isoformat(), pid),
        )
        event(
            pid,
            f"{last.isoformat()}T23:00:00.000Z",
            "open",
            "open",
            kind="extension",
            old=last.replace(day=2).isoformat(),
            new="2030-01-01",
        )
    # No history at all (recorded before the ledger kept one).
    for pid in open_ids[len(MONTHS) : len(MONTHS) + 3]:
        conn.execute("DELETE FROM problem_events WHERE problem_id = ?", (pid,))
    # Found on a visit that is now a draft: never counted.
    conn.execute(
        "UPDATE visits SET status = 'draft', record_no = NULL WHERE id IN ("
        "SELECT visit_id FROM problems WHERE found_on BETWEEN '2022-06-01' AND "
        "'2022-06-30' AND visit_id IS NOT NULL ORDER BY id LIMIT 2)"
    )
    conn.commit()


@pytest.fixture(scope="module")
def gen_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("eq") / "eq.db"
    make_db.build(path, make_db.Scale(12, 1500, 300, 2000, 0, 5), seed=5)
    with Store(path, create=False, actor="test") as store:
        _awkward_histories(store)
        yield store


@pytest.fixture(scope="module")
def summaries(gen_store):
    return {m: summary_mod.build_summary(gen_store, m) for m in MONTHS}


# -- the comparisons ---------------------------------------------------------------------------


def test_the_database_has_every_state_across_month_ends(gen_store):
    statuses = {r["status"] for r in gen_store.query("SELECT DISTINCT status FROM problems")}
    assert statuses == set(vocab.PROBLEM_STATUSES)
    state = ref_state_at(gen_store, date(2022, 6, 30))
    changed = {(s, p["status"]) for s, _, p in state.values() if s != p["status"]}
    assert {("closed", "open"), ("open", "cancelled"), ("open", "closed")} <= changed
    assert len([1 for s, _, p in state.values() if s == "open" and p["status"] == "cancelled"]) >= 4


@pytest.mark.parametrize("month", MONTHS)
def test_headline_figures_equal_the_reference(gen_store, summaries, month):
    s = summaries[month]
    for got, start in ((s.month_figures, s.start), (s.year_figures, s.year_start)):
        (flow,) = ref_flows(gen_store, start, s.end).values()
        assert got["problems_found"] == flow["found"]
        assert got["problems_found_closed"] == flow["closed"]
        assert got["problems_closed_on_time"] == flow["on_time"]
        assert got["problems_closed"] == flow["closed_in_period"]
        assert got["relapses"] == flow["relapses"]
        assert got["rectification_rate"] == (
            flow["closed"] / flow["found"] if flow["found"] else None
        )
        visits = ref_visits(gen_store, start, s.end, "type")
        assert got["visits"] == sum(v for v, _ in visits.values())
        assert got["visits_by_type"] == {t: visits.get(t, (0, 0))[0] for t in vocab.VISIT_TYPES}
        reqs = ref_requirements(gen_store, start, s.end)
        assert got["items_compliant"] == sum(r[2] for r in reqs)
        assert got["items_non_compliant"] == sum(r[3] for r in reqs)
        assert got["items_not_applicable"] == sum(r[4] for r in reqs)
        assert got["checks"] == gen_store.scalar(
            "SELECT count(*) FROM checks c JOIN visits v ON v.id = c.visit_id "
            "WHERE v.status = 'final' AND v.date BETWEEN ? AND ?",
            (start.isoformat(), s.end.isoformat()),
        )
    snap = ref_snapshot(gen_store, s.end)
    assert s.snapshot == {"open": snap.get(None, [0, 0])[0], "overdue": snap.get(None, [0, 0])[1]}


@pytest.mark.parametrize("month", MONTHS)
def test_breakdowns_equal_the_reference(gen_store, summaries, month):
    s = summaries[month]
    for group_by in figures.BREAKDOWNS:
        rows = {r["key"]: r for r in s.breakdowns[group_by]}
        month_flow = ref_flows(gen_store, s.start, s.end, group_by)
        year_flow = ref_flows(gen_store, s.year_start, s.end, group_by)
        snap = ref_snapshot(gen_store, s.end, group_by)
        keys = set(month_flow) | set(year_flow) | set(snap)
        if group_by in activity.VISIT_GROUPS:
            month_visits = ref_visits(gen_store, s.start, s.end, group_by)
            year_visits = ref_visits(gen_store, s.year_start, s.end, group_by)
            keys |= set(month_visits) | set(year_visits)
            for key in keys:
                assert (
                    rows[key]["month_visits"],
                    rows[key]["month_enterprises"],
                ) == month_visits.get(key, (0, 0))
                assert (rows[key]["year_visits"], rows[key]["year_enterprises"]) == year_visits.get(
                    key, (0, 0)
                )
        assert set(rows) == keys, group_by
        for key in keys:
            row, m, y = rows[key], month_flow.get(key, {}), year_flow.get(key, {})
            assert row["month_found"] == m.get("found", 0)
            assert row["month_closed"] == m.get("closed_in_period", 0)
            assert row["year_found"] == y.get("found", 0)
            assert row["year_closed"] == y.get("closed_in_period", 0)
            assert row["year_found_closed"] == y.get("closed", 0)
            assert row["year_relapses"] == y.get("relapses", 0)
            assert [row["open_at_end"], row["overdue_at_end"]] == snap.get(key, [0, 0])


@pytest.mark.parametrize("month", MONTHS)
def test_requirements_and_series_equal_the_reference(gen_store, summaries, month):
    s = summaries[month]
    for rows, start in ((s.requirements, s.year_start), (s.requirements_month, s.start)):
        got = [
            (
                r["template_id"],
                r["code"],
                r["compliant"],
                r["non_compliant"],
                r["not_applicable"],
                r["not_checked"],
            )
            for r in rows
        ]
        assert got == ref_requirements(gen_store, start, s.end)
    assert [r["code"] for r in s.top_failed["year"]] == [
        r[1] for r in ref_requirements(gen_store, s.year_start, s.end) if r[3]
    ][: summary_mod.TOP_FAILED]
    for point in s.series:
        first, last = summary_mod.parse_month(point["month"])
        (flow,) = ref_flows(gen_store, first, last).values()
        assert (point["found"], point["closed"]) == (flow["found"], flow["closed_in_period"])


@pytest.mark.parametrize("month", MONTHS)
def test_open_at_month_end_rows_equal_the_reference(gen_store, month):
    _, end = summary_mod.parse_month(month)
    state = ref_state_at(gen_store, end)
    expected = {pid: (s, d) for pid, (s, d, _) in state.items() if s in ("open", "rectifying")}
    narrow = list(open_at.iter_open_at(gen_store, end, columns=("description",)))
    full = list(open_at.iter_open_at(gen_store, end))
    assert {r["id"]: (r["status_at"], r["deadline_at"]) for r in narrow} == expected
    assert [r["id"] for r in narrow] == [r["id"] for r in full]
    assert all(
        r["overdue_at"] == (r["deadline_at"] is not None and r["deadline_at"] < end.isoformat())
        for r in full
    )


@pytest.mark.parametrize("month", MONTHS)
def test_figure_sets_equal_one_figures_call_per_period(gen_store, month):
    start, end = summary_mod.parse_month(month)
    periods = {
        "m": figures.Period.of(start, end),
        "y": figures.Period.of(date(start.year, 1, 1), end),
    }
    groups = (None, "town", "officer", "category", "enterprise", "handling")
    sets = flows.figure_sets(gen_store, periods, groups, final_visits_only=True)
    for group_by in groups:
        for name, period in periods.items():
            assert sets[group_by][name] == flows.figures(
                gen_store,
                start=period.start,
                end=period.end,
                group_by=group_by,
                final_visits_only=True,
            )
    # The ledger's own filters (with their "?" parameters) keep working next to the periods.
    town = gen_store.scalar("SELECT town FROM enterprises ORDER BY id LIMIT 1")
    (only,) = flows.figures(gen_store, start=start, end=end, town=town)
    assert only["found"] == gen_store.scalar(
        "SELECT count(*) FROM problems p JOIN enterprises e ON e.id = p.enterprise_id "
        "WHERE p.status != 'cancelled' AND e.town = ? AND p.found_on BETWEEN ? AND ?",
        (town, start.isoformat(), end.isoformat()),
    )
