"""Two laptops that change the same records before they exchange bundles (issue 21).

Each race is played in both directions (which laptop finalizes or closes) and in both
import orders (whose bundle arrives first), and once with one laptop's clock a year
ahead. Afterwards both laptops must hold the same final record and the same closure, the
other side's change must be visible as history or a conflict, ``check`` must be ok and
the PDF printed before the exchange must still verify.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest

from envhelp.domain import ledger, officers, problem_history, problems, stored_templates, visits
from envhelp.io import bundle_export, bundle_import, bundle_summary
from envhelp.reports.pdf import verify_pdf, write_visit_record
from envhelp.storage import Store, clock
from envhelp.storage.integrity import check
from tests.conftest import laptop_store, publicity_visit, seed_laptop, send_bundle, set_bureau

# Every module that stamps records with clock.utc_now under its own name.
STAMPING_MODULES = ("envhelp.storage.database", "envhelp.domain.ledger", "envhelp.domain.visits")


@contextmanager
def clock_ahead(monkeypatch, days: int):
    """This laptop's clock is ``days`` ahead while the block runs."""
    import importlib

    def ahead() -> str:
        moment = datetime.now(UTC) + timedelta(days=days)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")

    with monkeypatch.context() as patch:
        for name in STAMPING_MODULES:
            patch.setattr(importlib.import_module(name), "utc_now", ahead)
        yield


@pytest.fixture
def laptops(tmp_path):
    """Laptop A with an officer, an enterprise, a draft visit and a problem; laptop B a copy."""
    a = laptop_store(tmp_path, "a", "王敏", "A")
    b = laptop_store(tmp_path, "b", "李强", "B")
    set_bureau(a)  # documents are printed on A; the setting travels to B in the bundle
    ids = seed_laptop(a)
    send_bundle(a, b, tmp_path)
    yield a, b, ids["visit"], ids["problem"], ids["officer"]
    a.close()
    b.close()


def exchange(a: Store, b: Store, tmp_path, a_first: bool) -> list[dict]:
    """Both bundles exported before either is imported, then imported in the given order."""
    from_a = tmp_path / f"a-{clock.new_id()}.zip"
    from_b = tmp_path / f"b-{clock.new_id()}.zip"
    bundle_export.export_bundle(a, from_a)
    bundle_export.export_bundle(b, from_b)
    steps = [(from_a, b), (from_b, a)] if a_first else [(from_b, a), (from_a, b)]
    return [
        bundle_import.import_bundle(target, path, trust=True).to_dict() for path, target in steps
    ]


def assert_healthy(*stores: Store) -> None:
    for store in stores:
        report = check(store)
        assert report.ok, [f.message for f in report.findings]


def conflicts_of(store: Store, record_id: str) -> list[dict]:
    return store.query(
        "SELECT * FROM merge_conflicts WHERE record_id = ? ORDER BY field", (record_id,)
    )


# -- finalize vs draft edit ----------------------------------------------------------


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
@pytest.mark.parametrize("finalizer", ["A", "B"])
def test_a_draft_edit_never_unfinalizes_a_record(laptops, tmp_path, a_first, finalizer):
    a, b, visit_id, _problem, _officer = laptops
    final_side, draft_side = (a, b) if finalizer == "A" else (b, a)
    final = visits.finalize(final_side, visit_id)
    printed = write_visit_record(final_side, visit_id, tmp_path / "record.pdf")
    visits.update(draft_side, visit_id, {"notes": "草稿上后来补写的备注"})
    draft_bundle = tmp_path / "draft.zip"
    bundle_export.export_bundle(draft_side, draft_bundle)

    reports = exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        visit = store.get("visits", visit_id)
        assert (visit["status"], visit["record_no"]) == ("final", final["record_no"])
        assert visit["notes"] == "初稿"
        assert verify_pdf(store, printed).verified
        (note,) = conflicts_of(store, visit_id)
        assert note["field"] == "notes"
        assert '"草稿上后来补写的备注"' in (note["kept_value"], note["other_value"])
    listed = [c for r in reports for c in r["conflicts"]]
    assert {(c["table"], c["record"], c["field"]) for c in listed} == {
        ("visits", visit_id, "notes")
    }
    assert all(
        {c["kept_value"], c["other_value"]} == {"初稿", "草稿上后来补写的备注"} for c in listed
    )
    assert all(final["record_no"] in c["label"] for c in listed)  # found by its number
    # The draft's bundle once more: nothing new, and the conflict is not noted twice.
    again = bundle_import.import_bundle(final_side, draft_bundle, trust=True).to_dict()
    assert again["conflicts"] == [] and len(conflicts_of(final_side, visit_id)) == 1
    assert_healthy(a, b)


def test_officer_added_to_the_draft_does_not_join_the_final_record(laptops, tmp_path):
    a, b, visit_id, _problem, wang = laptops
    li = officers.add(b, {"name": "李强", "cert_no": "37020054321"})
    visits.finalize(a, visit_id)
    printed = write_visit_record(a, visit_id, tmp_path / "record.pdf")
    visits.update(b, visit_id, {"officer_ids": [wang, li["id"]]})

    draft_bundle = tmp_path / "draft.zip"
    bundle_export.export_bundle(b, draft_bundle)
    reports = exchange(a, b, tmp_path, a_first=False)
    listed = [c for r in reports for c in r["conflicts"]]
    assert [c["other_text"] for c in listed] == ["李强", "李强"]  # a name, not an id
    again = bundle_import.import_bundle(a, draft_bundle, trust=True).to_dict()
    assert again["conflicts"] == []  # the officer not added is noted once

    for store in (a, b):
        assert visits.to_public(store, store.get("visits", visit_id))["officer_ids"] == [wang]
        assert verify_pdf(store, printed).verified
        assert [c["field"] for c in conflicts_of(store, visit_id)] == ["officer_ids"]
    assert_healthy(a, b)


# -- close vs extend -----------------------------------------------------------------


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
@pytest.mark.parametrize("closer", ["A", "B"])
def test_a_closure_stands_against_a_later_extension(laptops, tmp_path, a_first, closer):
    a, b, visit_id, problem_id, wang = laptops
    visits.finalize(a, visit_id)
    send_bundle(a, b, tmp_path)
    printed = write_visit_record(a, visit_id, tmp_path / "record.pdf")
    closing, extending = (a, b) if closer == "A" else (b, a)
    ledger.close(
        closing,
        problem_id,
        verified_on="2026-03-18",
        officer_id=wang,
        method="document_review",
        note="整改照片已核实",
    )
    ledger.extend_deadline(extending, problem_id, "2026-04-20", "企业申请延期")

    exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        problem = store.get("problems", problem_id)
        assert problem["status"] == "closed"
        assert (problem["closed_on"], problem["close_note"]) == ("2026-03-18", "整改照片已核实")
        assert problem["deadline"] == "2026-03-20"  # the extension came after the closure
        events = problem_history.history(store, problem_id)
        extension = next(e for e in events if e["kind"] == "extension")
        assert extension["after_closure"] and not extension["applied"]
        assert extension["reason"] == "企业申请延期"
        assert events[-1] is extension  # ordered after the closure on both laptops
        assert verify_pdf(store, printed).verified
    assert [e["id"] for e in problem_history.history(a, problem_id)] == [
        e["id"] for e in problem_history.history(b, problem_id)
    ]
    assert_healthy(a, b)


def test_reopen_is_explicit_and_survives_the_exchange(laptops, tmp_path):
    a, b, _visit, problem_id, wang = laptops
    ledger.close(
        a,
        problem_id,
        verified_on="2026-03-18",
        officer_id=wang,
        method="document_review",
        note="已核实",
    )
    send_bundle(a, b, tmp_path)
    ledger.reopen(b, problem_id, "复查发现仍未整改")

    exchange(a, b, tmp_path, a_first=True)

    for store in (a, b):
        problem = store.get("problems", problem_id)
        assert (problem["status"], problem["closed_on"], problem["close_note"]) == (
            "open",
            None,
            "",
        )
        kinds = [
            (e["from_status"], e["to_status"])
            for e in problem_history.history(store, problem_id)
            if e["kind"] == "transition"
        ]
        assert kinds == [("open", "closed"), ("closed", "open")]
    assert_healthy(a, b)


def test_an_exchange_alone_never_reopens(laptops, tmp_path):
    """B never saw the closure and marks the problem rectifying: it stays closed."""
    a, b, _visit, problem_id, wang = laptops
    ledger.close(
        a,
        problem_id,
        verified_on="2026-03-18",
        officer_id=wang,
        method="document_review",
        note="已核实",
    )
    ledger.mark_rectifying(b, problem_id, plan="更换标签", promised_on="2026-03-25")

    exchange(a, b, tmp_path, a_first=False)

    for store in (a, b):
        problem = store.get("problems", problem_id)
        assert problem["status"] == "closed" and problem["close_note"] == "已核实"
        plan = next(
            e for e in problem_history.history(store, problem_id) if e["to_status"] == "rectifying"
        )
        assert plan["after_closure"]
    assert_healthy(a, b)


# -- a laptop whose clock is a year ahead --------------------------------------------


def test_a_clock_a_year_ahead_loses_nothing(laptops, tmp_path, monkeypatch):
    a, b, visit_id, _problem, _officer = laptops
    with clock_ahead(monkeypatch, 365):
        visits.update(b, visit_id, {"notes": "B 的备注", "guidance": "B 的指导"})
    visits.update(a, visit_id, {"guidance": "A 的指导"})

    first = exchange(a, b, tmp_path, a_first=False)

    # Both laptops changed the guidance without seeing each other: a conflict, listed,
    # with the same winner on both sides; A's import flags B's clock.
    for store in (a, b):
        visit = store.get("visits", visit_id)
        assert visit["notes"] == "B 的备注"
        note = {c["field"]: c for c in conflicts_of(store, visit_id)}["guidance"]
        assert {note["kept_value"], note["other_value"]} == {'"A 的指导"', '"B 的指导"'}
    assert a.get("visits", visit_id)["guidance"] == b.get("visits", visit_id)["guidance"]
    assert first[0]["clock_warning_count"] >= 1  # B's bundle, imported by A
    assert first[0]["clock_warnings"][0]["table"] == "visits"

    # A now edits after seeing B's change: later by version, whatever the clocks say.
    visits.update(a, visit_id, {"notes": "A 看过 B 的备注后改写"})
    exchange(a, b, tmp_path, a_first=True)
    for store in (a, b):
        assert store.get("visits", visit_id)["notes"] == "A 看过 B 的备注后改写"
    assert_healthy(a, b)


def test_import_is_idempotent_after_a_conflict(laptops, tmp_path):
    a, b, visit_id, _problem, _officer = laptops
    visits.update(a, visit_id, {"notes": "甲"})
    visits.update(b, visit_id, {"notes": "乙"})
    exchange(a, b, tmp_path, a_first=True)
    again = exchange(a, b, tmp_path, a_first=True)
    for report in again:
        assert report["conflicts"] == []
        assert all(t["updated"] == 0 and t["added"] == 0 for t in report["tables"].values())
    assert a.get("visits", visit_id)["notes"] == b.get("visits", visit_id)["notes"]


def test_a_checklist_answer_changed_on_the_draft_leaves_the_final_record(laptops, tmp_path):
    from envhelp.domain import check_answers

    a, b, visit_id, _problem, _officer = laptops
    stored_templates.ensure_builtin_templates(a)
    check = check_answers.start_check(a, visit_id, "gb18597-2023-storage", scope=None)
    for result in check_answers.results(a, check["id"]):
        check_answers.set_result(a, result["result_id"], "compliant")
    send_bundle(a, b, tmp_path)
    visits.finalize(a, visit_id)
    printed = write_visit_record(a, visit_id, tmp_path / "record.pdf")
    first = check_answers.results(b, check["id"])[0]["result_id"]
    check_answers.set_result(b, first, "non_compliant", "标签褪色")

    reports = exchange(a, b, tmp_path, a_first=False)

    for store in (a, b):
        assert store.get("check_results", first)["result"] == "compliant"
        assert store.get("visits", visit_id)["status"] == "final"
        assert verify_pdf(store, printed).verified
    listed = {(c["table"], c["field"]) for r in reports for c in r["conflicts"]}
    assert listed == {("check_results", "result"), ("check_results", "note")}
    assert_healthy(a, b)


def test_a_database_copied_to_a_second_laptop_counts_its_own_changes(tmp_path, monkeypatch):
    """Setting up laptop B by copying A's database file must not merge their counters."""
    import socket

    from envhelp.storage.database import copy_database

    a = laptop_store(tmp_path, "a", "王敏")
    visit_id = publicity_visit(a)["visit"]
    copy_database(a, tmp_path / "b" / "envhelp.sqlite3")
    monkeypatch.setattr(socket, "gethostname", lambda: "laptop-b")
    b = laptop_store(tmp_path, "b", "李强")
    try:
        visits.update(b, visit_id, {"notes": "乙的备注"})
        monkeypatch.undo()
        visits.update(a, visit_id, {"notes": "甲的初稿"})
        visits.update(a, visit_id, {"notes": "甲的备注"})  # A changed it twice, B once

        reports = exchange(a, b, tmp_path, a_first=True)

        listed = [c for r in reports for c in r["conflicts"] if c["field"] == "notes"]
        assert listed and {listed[0]["kept_value"], listed[0]["other_value"]} == {
            "甲的备注",
            "乙的备注",
        }
        assert a.get("visits", visit_id)["notes"] == b.get("visits", visit_id)["notes"]
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
def test_different_fields_changed_on_two_laptops_are_both_kept(laptops, tmp_path, a_first):
    a, b, visit_id, _problem, _officer = laptops
    visits.update(a, visit_id, {"guidance": "A 写的指导"})
    visits.update(b, visit_id, {"notes": "B 写的备注", "representative": "张经理"})

    reports = exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        visit = store.get("visits", visit_id)
        assert (visit["guidance"], visit["notes"], visit["representative"]) == (
            "A 写的指导",
            "B 写的备注",
            "张经理",
        )
        assert conflicts_of(store, visit_id) == []
    assert all(r["conflicts"] == [] for r in reports)
    # And the next exchange finds nothing to do.
    again = exchange(a, b, tmp_path, a_first)
    assert all(t["updated"] == 0 for r in again for t in r["tables"].values())
    assert_healthy(a, b)


@pytest.mark.parametrize("ahead", ["A", "B"])
def test_a_clock_a_year_ahead_does_not_decide_a_conflict(laptops, tmp_path, monkeypatch, ahead):
    """The same field changed on both laptops, one clock a year ahead: the winner is the
    same whichever laptop's clock is wrong (the officer order decides, not the date), on
    both laptops, and the losing value is kept."""
    a, b, visit_id, _problem, _officer = laptops
    with clock_ahead(monkeypatch, 365):
        visits.update(
            a if ahead == "A" else b,
            visit_id,
            {"guidance": "A 的指导" if ahead == "A" else "B 的指导"},
        )
    visits.update(
        b if ahead == "A" else a, visit_id, {"guidance": "B 的指导" if ahead == "A" else "A 的指导"}
    )

    reports = exchange(a, b, tmp_path, a_first=True)

    # 王敏 (A) sorts after 李强 (B): A's value is kept whichever clock is ahead.
    for store in (a, b):
        assert store.get("visits", visit_id)["guidance"] == "A 的指导"
        (note,) = [c for c in conflicts_of(store, visit_id) if c["field"] == "guidance"]
        assert (note["kept_value"], note["other_value"]) == ('"A 的指导"', '"B 的指导"')
    assert sum(r["clock_warning_count"] for r in reports) >= 1  # the wrong clock is reported
    again = exchange(a, b, tmp_path, a_first=False)
    assert all(r["conflicts"] == [] for r in again)
    assert_healthy(a, b)


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
@pytest.mark.parametrize("finalizer", ["A", "B"])
def test_a_problem_recorded_on_the_draft_does_not_join_the_final_record(
    laptops, tmp_path, a_first, finalizer
):
    a, b, visit_id, _problem, _officer = laptops
    final_side, draft_side = (a, b) if finalizer == "A" else (b, a)
    visits.finalize(final_side, visit_id)
    printed = write_visit_record(final_side, visit_id, tmp_path / "record.pdf")
    late = problems.create(
        draft_side,
        {
            "enterprise_id": draft_side.get("visits", visit_id)["enterprise_id"],
            "visit_id": visit_id,
            "found_on": "2026-03-05",
            "description": "围堰破损",
            "deadline": "2026-03-30",
        },
    )

    reports = exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        kept = store.get("problems", late["id"])  # the problem is not lost ...
        assert (kept["description"], kept["visit_id"]) == ("围堰破损", None)  # ... nor printed
        assert verify_pdf(store, printed).verified
        (note,) = [c for c in conflicts_of(store, late["id"])]
        assert (note["table_name"], note["field"]) == ("problems", "visit_id")
        assert store.get("visits", visit_id)["status"] == "final"
    listed = [c for r in reports for c in r["conflicts"] if c["table"] == "problems"]
    assert listed and all(c["record"] == late["id"] and "围堰破损" in c["label"] for c in listed)
    again = exchange(a, b, tmp_path, a_first)
    assert all(r["conflicts"] == [] for r in again)
    assert all(verify_pdf(store, printed).verified for store in (a, b))
    assert a.get("problems", late["id"]) == b.get("problems", late["id"]) | {
        k: a.get("problems", late["id"])[k]
        for k in ("updated_at", "updated_by", "versions", "field_versions")
    }
    assert_healthy(a, b)


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
@pytest.mark.parametrize("finalizer", ["A", "B"])
def test_a_photo_and_a_checklist_added_to_the_draft_stay_off_the_final_record(
    laptops, tmp_path, a_first, finalizer
):
    from envhelp.domain import attachments, check_answers

    a, b, visit_id, _problem, _officer = laptops
    final_side, draft_side = (a, b) if finalizer == "A" else (b, a)
    visits.finalize(final_side, visit_id)
    printed = write_visit_record(final_side, visit_id, tmp_path / "record.pdf")
    photo_file = tmp_path / "现场.txt"
    photo_file.write_text("补拍的现场记录", encoding="utf-8")
    photo = attachments.add(draft_side, photo_file, caption="补拍", visit_id=visit_id)
    stored_templates.ensure_builtin_templates(draft_side)
    check = check_answers.start_check(draft_side, visit_id, "gb18597-2023-storage", scope=None)

    reports = exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        assert store.find("attachments", photo["id"]) is None
        assert store.find("checks", check["id"]) is None
        assert verify_pdf(store, printed).verified
        kept = {
            (c["table_name"], c["record_id"])
            for c in store.query("SELECT * FROM merge_conflicts WHERE field = '*'")
        }
        assert {("attachments", photo["id"]), ("checks", check["id"])} <= kept
    listed = {(c["table"], c["record"]) for r in reports for c in r["conflicts"]}
    assert ("attachments", photo["id"]) in listed
    again = exchange(a, b, tmp_path, a_first)
    assert all(r["conflicts"] == [] for r in again)
    assert all(verify_pdf(store, printed).verified for store in (a, b))
    assert_healthy(a, b)


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
@pytest.mark.parametrize("closer", ["A", "B"])
def test_an_extension_ordered_before_a_closure_does_not_move_its_deadline(
    laptops, tmp_path, a_first, closer
):
    """The extension is made first (so it sorts before the closure: same event number,
    earlier time), on a laptop that has not seen the closure: the closed problem keeps
    the deadline it was closed with, and the printed record still matches exactly."""
    a, b, visit_id, problem_id, wang = laptops
    visits.finalize(a, visit_id)
    send_bundle(a, b, tmp_path)
    printed = write_visit_record(a, visit_id, tmp_path / "record.pdf")
    closing, extending = (a, b) if closer == "A" else (b, a)
    ledger.extend_deadline(extending, problem_id, "2026-04-20", "企业申请延期")
    ledger.close(
        closing,
        problem_id,
        verified_on="2026-03-18",
        officer_id=wang,
        method="document_review",
        note="整改照片已核实",
    )

    exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        problem = store.get("problems", problem_id)
        assert (problem["status"], problem["deadline"]) == ("closed", "2026-03-20")
        assert problem["close_note"] == "整改照片已核实"
        extension = next(
            e for e in problem_history.history(store, problem_id) if e["kind"] == "extension"
        )
        assert extension["after_closure"] and not extension["applied"]
        assert verify_pdf(store, printed).matches  # not even a "later change"
    assert_healthy(a, b)


def test_a_third_laptop_sees_the_conflicts_the_other_two_met(laptops, tmp_path):
    """A and B change the same field and exchange; C, which met no conflict itself, gets
    the conflict notes with the records, so all three show the same history."""
    a, b, visit_id, _problem, _officer = laptops
    c = laptop_store(tmp_path, "c", "张华", "C")
    try:
        send_bundle(a, c, tmp_path)
        visits.update(a, visit_id, {"notes": "甲"})
        visits.update(b, visit_id, {"notes": "乙"})
        exchange(a, b, tmp_path, a_first=True)

        report = send_bundle(b, c, tmp_path).to_dict()
        assert report["conflicts"] == []  # C met none itself ...
        assert report["tables"]["merge_conflicts"]["added"] >= 1

        def notes(store: Store) -> list[tuple]:
            return sorted(
                {
                    (n["table_name"], n["record_id"], n["field"], n["kept_value"], n["other_value"])
                    for n in conflicts_of(store, visit_id)
                }
            )

        assert notes(c) == notes(a) == notes(b) != []  # ... and shows what A and B met
        count = c.scalar("SELECT count(*) FROM merge_conflicts")
        send_bundle(a, c, tmp_path)  # A's own note of the same conflict is not a second one
        assert c.scalar("SELECT count(*) FROM merge_conflicts") == count
        assert_healthy(a, b, c)
    finally:
        c.close()


def test_the_report_names_a_problem_kept_off_the_final_record_in_words(laptops, tmp_path):
    a, b, visit_id, _problem, _officer = laptops
    final = visits.finalize(a, visit_id)
    problems.create(
        b,
        {
            "enterprise_id": b.get("visits", visit_id)["enterprise_id"],
            "visit_id": visit_id,
            "found_on": "2026-03-05",
            "description": "围堰破损",
            "deadline": "2026-03-30",
        },
    )
    summary = send_bundle(b, a, tmp_path)
    (line,) = [x for x in bundle_summary.conflict_lines(summary) if "围堰破损" in x]
    assert "所属走访记录" in line and final["record_no"] in line
    assert visit_id not in line and "visit_id" not in line  # words, not codes or ids


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
def test_a_problem_edited_on_the_draft_keeps_its_printed_text(laptops, tmp_path, a_first):
    a, b, visit_id, problem_id, _officer = laptops
    visits.finalize(a, visit_id)
    printed = write_visit_record(a, visit_id, tmp_path / "record.pdf")
    problems.update_details(b, problem_id, {"description": "危废包装无标签且破损"})

    reports = exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        assert store.get("problems", problem_id)["description"] == "危废包装无标签"
        assert verify_pdf(store, printed).matches
        (note,) = conflicts_of(store, problem_id)
        assert note["other_value"] == '"危废包装无标签且破损"'
    assert {(c["table"], c["field"]) for r in reports for c in r["conflicts"]} == {
        ("problems", "description")
    }
    assert_healthy(a, b)
