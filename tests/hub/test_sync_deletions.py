"""Deletions through a real hub (issue 19): a deleted draft, check or photo goes on every
laptop at their next sync, an edit made elsewhere without seeing the deletion does not
bring it back, an undone photo removal comes back everywhere, and final beats deletion."""

from __future__ import annotations

from envhelp.domain import attachments, check_answers, stored_templates, visits
from tests.conftest import seed_laptop
from tests.hub.test_sync import assert_converged, settle


def tombstone_keys(store) -> list[tuple[str, str]]:
    return [
        (r["table_name"], r["record_id"])
        for r in store.query("SELECT * FROM tombstones ORDER BY table_name, record_id")
    ]


def test_a_draft_deleted_on_one_laptop_goes_everywhere_and_a_blind_edit_does_not_undo_it(
    hub_laptops,
):
    a, b, c = (
        hub_laptops("wang", "王敏", "A"),
        hub_laptops("li", "李强", "B"),
        hub_laptops("zhao", "赵磊", "C"),
    )
    ids = seed_laptop(a.store)
    stored_templates.ensure_builtin_templates(a.store)
    check = check_answers.start_check(a.store, ids["visit"], "gb18597-2023-storage", scope=None)
    settle(a, b, c)
    assert c.store.find("checks", check["id"]) is not None
    visits.delete_draft(a.store, ids["visit"])
    visits.update(b.store, ids["visit"], {"notes": "李强没看到删除时补写的备注"})

    reports = [laptop.sync() for laptop in (b, a, c)]
    settle(a, b, c)

    for laptop in (a, b, c):
        for gone in (("visits", ids["visit"]), ("checks", check["id"])):
            assert laptop.store.find(*gone) is None, (laptop.role, gone)
        assert laptop.store.scalar("SELECT COUNT(*) FROM check_results") == 0
        (note,) = laptop.store.query(
            "SELECT * FROM merge_conflicts WHERE record_id = ?", (ids["visit"],)
        )
        assert note["rule"] == "deleted" and "李强没看到删除时补写的备注" in note["other_value"]
        assert tombstone_keys(laptop.store) == tombstone_keys(a.store)
    listed = [c["rule"] for r in reports for c in r["conflicts"] if c["record"] == ids["visit"]]
    assert "deleted" in listed
    assert_converged(a, b, c)


def test_an_undone_photo_removal_comes_back_through_the_hub(hub_laptops, tmp_path):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    source = tmp_path / "现场.txt"
    source.write_text("现场记录", encoding="utf-8")
    photo = attachments.add(a.store, source, caption="贮存间", visit_id=ids["visit"])
    settle(a, b)
    row = attachments.remove(a.store, photo["id"])
    settle(a, b)
    assert b.store.find("attachments", photo["id"]) is None
    attachments.restore(a.store, row)
    settle(a, b)
    assert b.store.get("attachments", photo["id"])["caption"] == "贮存间"
    assert_converged(a, b)


def test_a_draft_deleted_on_one_laptop_and_finalized_on_another_stays_final(hub_laptops):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    settle(a, b)
    visits.delete_draft(a.store, ids["visit"])
    final = visits.finalize(b.store, ids["visit"])
    settle(a, b)
    for laptop in (a, b):
        visit = laptop.store.get("visits", ids["visit"])
        assert (visit["status"], visit["record_no"]) == ("final", final["record_no"])
        assert laptop.store.find("problems", ids["problem"]) is not None
    assert_converged(a, b)
