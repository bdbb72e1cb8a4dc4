"""Unrecorded problem drafts of a draft visit: stored locally, quietly, and only for drafts."""

from __future__ import annotations

import zipfile

import pytest

from envhelp.domain import check_answers, problem_drafts, visits
from envhelp.errors import StateError, ValidationError
from envhelp.io import bundle_export, bundle_format
from tests.conftest import draft_visit

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")

TEMPLATE = "gb18597-2023-storage"


def drafts(description="桶盖未盖严", free="危废间门锁损坏"):
    return {
        "proposals": {
            "r1": {
                "description": description,
                "deadline": "2026-04-01",
                "edited": True,
                "visit_id": "ignored",
            }
        },
        "free": [{"description": free, "category": "other", "found_on": "2026-03-01"}],
        "dismissed": ["r2"],
    }


def audit_count(store):
    return store.scalar("SELECT count(*) FROM audit_log")


def test_save_load_and_clear(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    assert problem_drafts.load(store, visit["id"]) == problem_drafts.empty()
    problem_drafts.save(store, visit["id"], drafts())
    loaded = problem_drafts.load(store, visit["id"])
    # Only the problem fields are kept (not the editor's flags or ids).
    assert loaded == {
        "proposals": {"r1": {"description": "桶盖未盖严", "deadline": "2026-04-01"}},
        "free": [{"description": "危废间门锁损坏", "category": "other", "found_on": "2026-03-01"}],
        "dismissed": ["r2"],
    }
    assert problem_drafts.pending_count(loaded) == 2
    problem_drafts.clear(store, visit["id"])
    assert problem_drafts.load(store, visit["id"]) == problem_drafts.empty()
    assert store.get_setting(problem_drafts.key(visit["id"])) is None


def test_saving_empty_drafts_removes_the_row(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    problem_drafts.save(store, visit["id"], drafts())
    problem_drafts.save(store, visit["id"], problem_drafts.empty())
    count = store.scalar(
        "SELECT count(*) FROM settings WHERE key = ?", (problem_drafts.key(visit["id"]),)
    )
    assert count == 0


def test_unchanged_drafts_add_no_audit_entry(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    problem_drafts.save(store, visit["id"], drafts())
    before = audit_count(store)
    for _ in range(3):  # the autosave firing again with nothing new
        problem_drafts.save(store, visit["id"], drafts())
    assert audit_count(store) == before
    problem_drafts.save(store, visit["id"], drafts(description="桶盖破损"))
    assert audit_count(store) == before + 1
    problem_drafts.clear(store, visit["id"])
    after_clear = audit_count(store)
    problem_drafts.clear(store, visit["id"])  # nothing left to clear: nothing logged
    problem_drafts.save(store, visit["id"], problem_drafts.empty())
    assert audit_count(store) == after_clear


def test_nothing_is_stored_for_a_final_visit(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    problem_drafts.save(store, visit["id"], drafts())
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    for row in check_answers.results(store, check["id"]):
        check_answers.set_result(store, row["result_id"], "compliant", "")
    with pytest.raises(ValidationError) as info:  # unrecorded drafts would be lost
        visits.finalize(store, visit["id"])
    assert info.value.field == "problems" and "未登记" in info.value.message_zh
    assert problem_drafts.pending_count(problem_drafts.load(store, visit["id"])) == 2
    problem_drafts.clear(store, visit["id"])  # recorded or dismissed in the editor
    visits.finalize(store, visit["id"])
    assert problem_drafts.load(store, visit["id"]) == problem_drafts.empty()
    with pytest.raises(StateError):
        problem_drafts.save(store, visit["id"], drafts(description="定稿后"))
    assert store.get_setting(problem_drafts.key(visit["id"])) is None  # refused: nothing saved


def test_damaged_or_foreign_values_load_as_empty_parts(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    key = problem_drafts.key(visit["id"])
    store.set_setting(key, {"proposals": [1], "free": ["x", {"description": 5}], "dismissed": 3})
    assert problem_drafts.load(store, visit["id"]) == {
        "proposals": {},
        "free": [{}],
        "dismissed": [],
    }
    store.set_setting(key, "not a dict")
    assert problem_drafts.load(store, visit["id"]) == problem_drafts.empty()


def test_deleting_a_draft_visit_removes_its_drafts(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    other = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    problem_drafts.save(store, visit["id"], drafts())
    problem_drafts.save(store, other["id"], drafts(free="另一条"))
    visits.delete_draft(store, visit["id"])
    assert store.get_setting(problem_drafts.key(visit["id"])) is None
    assert problem_drafts.load(store, other["id"])["free"][0]["description"] == "另一条"


def test_drafts_stay_out_of_exchange_bundles(store, officer, enterprise, tmp_path):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    problem_drafts.save(store, visit["id"], drafts())
    assert bundle_format.is_local_setting(problem_drafts.key(visit["id"]))
    path = tmp_path / "b.zip"
    bundle_export.export_bundle(store, path)
    with zipfile.ZipFile(path) as zf:
        settings = zf.read(bundle_format.table_member("settings")).decode()
    assert "problem_drafts" not in settings and "危废间门锁损坏" not in settings


def test_core_finalize_clears_left_over_dismissals(store, officer, enterprise):
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed")
    problem_drafts.save(store, visit["id"], {**problem_drafts.empty(), "dismissed": ["x"]})
    assert store.get_setting(problem_drafts.key(visit["id"])) is not None
    visits.finalize(store, visit["id"])
    assert store.get_setting(problem_drafts.key(visit["id"])) is None
