"""Deletions travel in bundles (issue 19): a draft, a check or a photo deleted on one laptop
goes on the other, an edit made elsewhere without seeing the deletion does not bring the
record back unnoticed, an undone removal comes back everywhere, and a final record is
never deleted by an exchange."""

from __future__ import annotations

import pytest

from envhelp.domain import attachments, check_answers, stored_templates, visits
from envhelp.storage import tombstones
from tests.conftest import send_bundle
from tests.test_exchange_merge import assert_healthy, exchange
from tests.test_exchange_merge import laptops as two_laptops  # noqa: F401 (the fixture)


@pytest.fixture
def pair(two_laptops):  # noqa: F811 (the fixture imported above)
    """A with an officer, an enterprise, a draft visit and a problem; B a copy."""
    return two_laptops


def send(source, target, tmp_path) -> dict:
    return send_bundle(source, target, tmp_path).to_dict()


def notes(store, record_id: str) -> list[dict]:
    return store.query("SELECT * FROM merge_conflicts WHERE record_id = ?", (record_id,))


def photo_on(store, tmp_path, visit_id: str) -> dict:
    source = tmp_path / "现场.txt"
    source.write_text("现场记录", encoding="utf-8")
    return attachments.add(store, source, caption="贮存间", visit_id=visit_id)


def test_a_deleted_draft_goes_on_the_other_laptop_with_its_parts(pair, tmp_path):
    a, b, visit_id, problem_id, _officer = pair
    photo = photo_on(a, tmp_path, visit_id)
    stored_templates.ensure_builtin_templates(a)
    check = check_answers.start_check(a, visit_id, "gb18597-2023-storage", scope=None)
    send(a, b, tmp_path)
    assert b.find("checks", check["id"]) is not None
    attachments.remove(a, photo["id"])  # the photo first (a draft with a photo stays)
    visits.delete_draft(a, visit_id)

    report = send(a, b, tmp_path)

    for gone in (("visits", visit_id), ("problems", problem_id), ("checks", check["id"])):
        assert b.find(*gone) is None, gone
    assert b.find("attachments", photo["id"]) is None
    assert b.scalar("SELECT COUNT(*) FROM check_results") == 0
    assert report["tables"]["tombstones"]["updated"] >= 3
    assert notes(b, visit_id) == []  # nothing B had was lost: no note
    send(b, a, tmp_path)  # B's full bundle no longer has them, and A's stays as it was
    assert a.find("visits", visit_id) is None
    assert_healthy(a, b)


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
def test_an_edit_that_did_not_see_the_deletion_does_not_bring_the_draft_back(
    pair, tmp_path, a_first
):
    a, b, visit_id, _problem, _officer = pair
    visits.delete_draft(a, visit_id)
    visits.update(b, visit_id, {"notes": "李强后来补写的备注"})

    reports = exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        assert store.find("visits", visit_id) is None
        (note,) = notes(store, visit_id)
        assert (note["rule"], note["field"]) == ("deleted", "*")
        assert "李强后来补写的备注" in note["other_value"]
    listed = [c for r in reports for c in r["conflicts"] if c["record"] == visit_id]
    assert listed and listed[0]["rule"] == "deleted"
    again = exchange(a, b, tmp_path, a_first)
    assert all(r["conflicts"] == [] for r in again)
    assert_healthy(a, b)


def test_a_check_and_a_photo_removed_from_a_draft_go_on_the_other_laptop(pair, tmp_path):
    a, b, visit_id, _problem, _officer = pair
    photo = photo_on(b, tmp_path, visit_id)
    stored_templates.ensure_builtin_templates(b)
    check = check_answers.start_check(b, visit_id, "gb18597-2023-storage", scope=None)
    send(b, a, tmp_path)
    check_answers.delete_check(a, check["id"])
    attachments.remove(a, photo["id"])

    send(a, b, tmp_path)

    assert b.find("checks", check["id"]) is None and b.find("attachments", photo["id"]) is None
    assert b.scalar("SELECT COUNT(*) FROM check_results") == 0
    assert b.get("visits", visit_id)["status"] == "draft"
    assert_healthy(a, b)


def test_an_undone_photo_removal_comes_back_on_every_laptop(pair, tmp_path):
    a, b, visit_id, _problem, _officer = pair
    photo = photo_on(a, tmp_path, visit_id)
    send(a, b, tmp_path)
    row = attachments.remove(a, photo["id"])
    send(a, b, tmp_path)
    assert b.find("attachments", photo["id"]) is None
    attachments.restore(a, row)  # undo, after the removal had already travelled
    assert tombstones.of(a, "attachments", photo["id"]) is None

    send(a, b, tmp_path)

    assert b.get("attachments", photo["id"])["caption"] == "贮存间"
    assert tombstones.of(b, "attachments", photo["id"]) is None
    assert_healthy(a, b)


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
def test_a_draft_deleted_on_one_laptop_and_finalized_on_the_other_stays_final(
    pair, tmp_path, a_first
):
    a, b, visit_id, problem_id, _officer = pair
    visits.delete_draft(a, visit_id)
    final = visits.finalize(b, visit_id)

    exchange(a, b, tmp_path, a_first)
    exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        visit = store.get("visits", visit_id)
        assert (visit["status"], visit["record_no"]) == ("final", final["record_no"])
        assert store.find("problems", problem_id) is not None
        assert tombstones.of(store, "visits", visit_id) is None
    (note,) = [n for n in notes(b, visit_id) if n["rule"] == "deletion_refused"]
    assert note["field"] == "*"
    assert_healthy(a, b)


def test_a_permit_outlet_taken_off_goes_and_one_listed_again_comes_back(pair, tmp_path):
    from envhelp.domain import permits
    from tests.test_permits import permit_data

    a, b, visit_id, _problem, _officer = pair
    firm = a.get("visits", visit_id)["enterprise_id"]
    both = permit_data()
    permits.save(a, firm, both)
    send(a, b, tmp_path)
    assert b.scalar("SELECT COUNT(*) FROM permit_outlets") == 2
    permits.save(a, firm, permit_data(outlets=both["outlets"][:1]))
    send(a, b, tmp_path)
    assert [r["code"] for r in b.query("SELECT code FROM permit_outlets")] == ["DA001"]
    permits.save(a, firm, both)  # listed again: the same outlet id, newer than its deletion
    send(a, b, tmp_path)
    assert b.scalar("SELECT COUNT(*) FROM permit_outlets") == 2
    assert_healthy(a, b)


@pytest.mark.parametrize("a_first", [True, False], ids=["A's bundle first", "B's first"])
def test_a_draft_another_record_relies_on_is_not_deleted_and_comes_back(pair, tmp_path, a_first):
    from envhelp.domain import ledger, problems

    a, b, visit_id, _problem, officer = pair
    firm = a.get("visits", visit_id)["enterprise_id"]
    earlier = problems.create(
        a,
        {
            "enterprise_id": firm,
            "found_on": "2026-02-01",
            "description": "台账记录不全",
            "deadline": "2026-03-01",
        },
    )
    send(a, b, tmp_path)
    visits.delete_draft(a, visit_id)
    # Meanwhile on B the draft visit verifies and closes an earlier problem (销号).
    ledger.close(
        b,
        earlier["id"],
        verified_on="2026-03-05",
        officer_id=officer,
        method="follow_up_visit",
        note="复查已整改",
        visit_id=visit_id,
    )

    reports = exchange(a, b, tmp_path, a_first)
    exchange(a, b, tmp_path, a_first)

    for store in (a, b):
        assert store.get("visits", visit_id)["status"] == "draft"  # back on A too
        closed = store.get("problems", earlier["id"])
        assert (closed["status"], closed["close_visit_id"]) == ("closed", visit_id)
        assert tombstones.of(store, "visits", visit_id) is None
    rules = {c["rule"] for r in reports for c in r["conflicts"] if c["record"] == visit_id}
    assert rules == {"deletion_refused"}
    assert_healthy(a, b)
