"""`envhelp sync` through a real PostgreSQL hub: laptops converge, races keep final records
and closures, interruptions lose nothing, forged or foreign-key change sets are refused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import zipfile

import psycopg
import pytest

from envhelp.domain import enterprises, ledger, problem_history, visits
from envhelp.io import hub, signing, sync
from envhelp.io.errors import BundleAlteredError
from envhelp.storage import Store
from envhelp.storage.integrity import check
from tests.conftest import VALID_USCC, seed_laptop
from tests.hub.laptops import Laptop

SHARED = (
    "officers",
    "enterprises",
    "visits",
    "visit_officers",
    "problems",
    "problem_events",
    "checks",
    "check_results",
    "attachments",
)


def content(store: Store) -> dict:
    """What every laptop must agree on once synced (audit columns differ by laptop)."""
    ignored = {
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        "versions",
        "field_versions",
        "imported_at",
    }
    return {
        t: sorted(
            json.dumps(
                {k: v for k, v in r.items() if k not in ignored}, sort_keys=True, ensure_ascii=False
            )
            for r in store.query(f"SELECT * FROM [{t}]")
        )
        for t in SHARED
    }


def settle(*laptops: Laptop) -> None:
    """Two rounds: every change reaches everyone."""
    for _round in range(2):
        for laptop in laptops:
            laptop.sync()


def assert_converged(*laptops: Laptop) -> None:
    first = content(laptops[0].store)
    for laptop in laptops:
        assert content(laptop.store) == first
        report = check(laptop.store)
        assert report.ok, [f.message for f in report.findings]


def test_two_laptops_converge_and_a_repeated_sync_changes_nothing(hub_laptops, hub_db):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    first = a.cli_sync()
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["pushed_rows"] > 0
    pulled = b.sync()
    assert pulled["pulled_change_sets"] == 1 and pulled["added"] >= 5
    assert b.store.get("visits", ids["visit"])["notes"] == "初稿"
    visits.update(b.store, ids["visit"], {"notes": "李强补充的备注"})
    b.sync()
    assert a.sync()["updated"] >= 1
    assert a.store.get("visits", ids["visit"])["notes"] == "李强补充的备注"
    settle(a, b)
    assert_converged(a, b)
    for laptop in (a, b):  # idempotent: nothing left to send or apply
        again = laptop.sync()
        assert (again["pushed_rows"], again["pulled_change_sets"]) == (0, 0)
    state = hub.status(hub_db.url)
    assert {lt["role"] for lt in state["laptops"]} == {a.role, b.role}
    assert all(lt["last_pull_at"] and lt["last_push_at"] for lt in state["laptops"])


def test_three_laptops_each_adding_work_all_end_with_the_whole_district(hub_laptops):
    a, b, c = (
        hub_laptops("wang", "王敏", "A"),
        hub_laptops("li", "李强", "B"),
        hub_laptops("zhao", "赵磊", "C"),
    )
    ids = seed_laptop(a.store)
    settle(a, b, c)
    for laptop, uscc, name in (
        (b, VALID_USCC[1], "即墨化工有限公司"),
        (c, VALID_USCC[2], "城阳电镀厂"),
    ):
        enterprises.add(laptop.store, {"name": name, "uscc": uscc, "town": "城阳街道"})
    visits.update(c.store, ids["visit"], {"notes": "赵磊修改"})
    settle(a, b, c)
    assert_converged(a, b, c)
    assert a.store.scalar("SELECT COUNT(*) FROM enterprises") == 3
    assert b.store.get("visits", ids["visit"])["notes"] == "赵磊修改"


@pytest.mark.parametrize(
    "finalizer_first", [True, False], ids=["finalizer syncs first", "editor syncs first"]
)
def test_a_draft_edit_through_the_hub_never_unfinalizes_a_record(hub_laptops, finalizer_first):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    settle(a, b)
    final = visits.finalize(a.store, ids["visit"])
    visits.update(b.store, ids["visit"], {"notes": "草稿上后来补写的备注"})
    order = (a, b) if finalizer_first else (b, a)
    reports = [laptop.sync() for laptop in order]
    settle(a, b)
    for laptop in (a, b):
        visit = laptop.store.get("visits", ids["visit"])
        assert (visit["status"], visit["record_no"], visit["notes"]) == (
            "final",
            final["record_no"],
            "初稿",
        )
        (note,) = laptop.store.query(
            "SELECT * FROM merge_conflicts WHERE record_id = ?", (ids["visit"],)
        )
        assert note["field"] == "notes"
    # The laptop whose sync brought the two copies together lists the conflict.
    assert [r["conflict_count"] for r in reports] == [0, 1]
    assert reports[1]["conflicts"][0]["field"] == "notes"
    assert_converged(a, b)


def test_a_closure_through_the_hub_stands_against_a_later_extension(hub_laptops):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    visits.finalize(a.store, ids["visit"])
    settle(a, b)
    ledger.close(
        a.store,
        ids["problem"],
        verified_on="2026-03-18",
        officer_id=ids["officer"],
        method="document_review",
        note="整改照片已核实",
    )
    ledger.extend_deadline(b.store, ids["problem"], "2026-04-20", "企业申请延期")
    settle(b, a)
    for laptop in (a, b):
        problem = laptop.store.get("problems", ids["problem"])
        assert (problem["status"], problem["deadline"]) == ("closed", "2026-03-20")
        extension = next(
            e
            for e in problem_history.history(laptop.store, ids["problem"])
            if e["kind"] == "extension"
        )
        assert extension["after_closure"] and not extension["applied"]
    assert_converged(a, b)


def test_a_laptop_offline_for_a_month_catches_up_and_sends_its_work(hub_laptops):
    a, b, c = (
        hub_laptops("wang", "王敏", "A"),
        hub_laptops("li", "李强", "B"),
        hub_laptops("zhao", "赵磊", "C"),
    )
    ids = seed_laptop(a.store)
    settle(a, b, c)
    # A month: a and b keep syncing daily; c works offline.
    for day in range(1, 31):
        visits.create(
            a.store,
            {
                "enterprise_id": ids["firm"],
                "date": f"2026-04-{day:02d}",
                "type": "law_publicity",
                "officer_ids": [ids["officer"]],
            },
        )
        a.sync()
        b.sync()
        if day % 10 == 0:
            enterprises.add(
                c.store, {"name": f"离线新增企业{day}", "uscc": None, "town": "城阳街道"}
            )
    report = c.sync()
    assert report["pulled_change_sets"] >= 30 and report["added"] >= 30
    settle(a, b, c)
    assert_converged(a, b, c)
    assert a.store.scalar("SELECT COUNT(*) FROM enterprises WHERE name LIKE '离线新增企业%'") == 3


KILLER = """
import os, signal, sys
from envhelp.io import bundle_import, sync
from envhelp.storage import Store

point, path, url = sys.argv[1:4]
if point == "push":  # after the hub committed the change set, before the local mark moved
    set_setting = Store.set_setting
    def die_on_mark(self, key, value):
        if key == sync.PUSHED_SEQ_KEY:
            os.kill(os.getpid(), signal.SIGKILL)
        return set_setting(self, key, value)
    Store.set_setting = die_on_mark
else:  # in the middle of the pull: one change set applied, the transaction still open
    real_import = bundle_import.import_bundle
    calls = []
    def die_on_second(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_import(*args, **kwargs)
    bundle_import.import_bundle = die_on_second
store = Store(path, actor="王敏")
sync.sync(store, url)
"""


def killed_sync(laptop: Laptop, point: str) -> None:
    laptop.store.close()
    result = subprocess.run(
        [sys.executable, "-c", KILLER, point, str(laptop.path), laptop.url],
        capture_output=True,
        text=True,
        cwd=os.getcwd(),
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    laptop.store = Store(laptop.path, actor="王敏")


def test_a_sync_killed_during_push_loses_nothing(hub_laptops):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    killed_sync(a, "push")
    assert a.store.get_setting(sync.PUSHED_SEQ_KEY) is None  # the mark never moved
    assert a.sync()["pushed_rows"] > 0  # pushed again: the same rows, harmlessly
    b.sync()
    assert b.store.get("problems", ids["problem"])["description"] == "危废包装无标签"
    settle(a, b)
    assert_converged(a, b)


def test_a_sync_killed_during_pull_applies_nothing_and_the_next_sync_completes(hub_laptops):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    a.sync()
    visits.update(a.store, ids["visit"], {"notes": "第二次修改"})
    a.sync()
    killed_sync(b, "pull")
    assert b.store.scalar("SELECT COUNT(*) FROM visits") == 0  # the first change set rolled back
    assert b.store.get_setting(sync.PULLED_ID_KEY) is None
    assert check(b.store).ok
    assert b.sync()["pulled_change_sets"] == 2
    assert b.store.get("visits", ids["visit"])["notes"] == "第二次修改"
    settle(a, b)
    assert_converged(a, b)


def test_a_forged_change_set_is_refused_and_nothing_of_the_pull_is_applied(
    hub_laptops, hub_db, tmp_path
):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    seed_laptop(a.store)
    a.sync()
    # Someone with the hub owner's rights rewrites a's change set: a name changed inside.
    with hub_db.admin() as conn:
        change_id, data = conn.execute(
            "SELECT id, bundle FROM envhelp_hub.change_log ORDER BY id LIMIT 1"
        ).fetchone()
        original = tmp_path / "original.zip"
        original.write_bytes(data)
        forged = tmp_path / "forged.zip"
        with zipfile.ZipFile(original) as src, zipfile.ZipFile(forged, "w") as out:
            for info in src.infolist():
                body = src.read(info.filename)
                if info.filename == "tables/enterprises.jsonl":
                    body = body.replace("青岛精锐机械有限公司".encode(), "伪造企业名称".encode())
                out.writestr(info, body)
        conn.execute(
            "UPDATE envhelp_hub.change_log SET bundle = %s WHERE id = %s",
            (forged.read_bytes(), change_id),
        )
    with pytest.raises(BundleAlteredError):
        b.sync()
    assert b.store.scalar("SELECT COUNT(*) FROM enterprises") == 0
    assert b.cli_sync().exit_code == 3


def test_a_laptop_using_a_colleagues_role_cannot_push(hub_laptops, hub_db):
    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    seed_laptop(a.store)
    a.sync()
    b.url = a.url  # li's laptop, with wang's role (and so wang's registered key)
    refused = b.cli_sync()
    assert refused.exit_code == 3 and "另一台电脑的签名密钥" in refused.output
    # Below EnvHelp's own check, row-level security refuses a change set with li's key.
    with (
        psycopg.connect(a.url, autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
    ):
        conn.execute(
            "INSERT INTO envhelp_hub.change_log (fingerprint, bundle_sha256, bundle, "
            "record_count) VALUES (%s, %s, 'x', 0)",
            (signing.own_fingerprint(b.store), "f" * 64),
        )
    assert hub.status(hub_db.url)["change_sets"] == 1


def test_sync_without_a_url_uses_the_setting_and_says_how_to_set_it(hub_laptops, tmp_path):
    from envhelp.domain import settings

    a = hub_laptops("wang", "王敏", "A")
    with pytest.raises(hub.HubError, match="hub_url"):
        sync.sync(a.store)
    settings.put(a.store, settings.HUB_URL, a.url)
    seed_laptop(a.store)
    assert sync.sync(a.store).pushed_rows > 0
    assert settings.last_sync(a.store)


@pytest.mark.parametrize(
    "finalizer_first", [True, False], ids=["finalizer syncs first", "editor syncs first"]
)
def test_a_check_and_a_photo_added_to_the_draft_leave_the_record_finalized_elsewhere(
    hub_laptops, tmp_path, finalizer_first
):
    from envhelp.domain import attachments, check_answers, stored_templates

    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    settle(a, b)
    visits.finalize(a.store, ids["visit"])
    photo_file = tmp_path / "现场.txt"
    photo_file.write_text("补拍的现场记录", encoding="utf-8")
    photo = attachments.add(b.store, photo_file, caption="补拍", visit_id=ids["visit"])
    stored_templates.ensure_builtin_templates(b.store)
    late = check_answers.start_check(b.store, ids["visit"], "gb18597-2023-storage", scope=None)
    order = (a, b) if finalizer_first else (b, a)
    reports = [laptop.sync() for laptop in order]
    settle(a, b)

    for laptop in (a, b):
        assert laptop.store.get("visits", ids["visit"])["status"] == "final"
        assert laptop.store.find("checks", late["id"]) is None
        assert laptop.store.find("attachments", photo["id"]) is None
        kept = {
            (c["table_name"], c["record_id"])
            for c in laptop.store.query("SELECT * FROM merge_conflicts WHERE field = '*'")
        }
        assert {("attachments", photo["id"]), ("checks", late["id"])} <= kept
    listed = {(c["table"], c["record"]) for r in reports for c in r["conflicts"]}
    assert ("checks", late["id"]) in listed and ("attachments", photo["id"]) in listed
    assert_converged(a, b)


def test_a_visit_finalized_after_its_photo_was_pushed_does_not_send_the_file_again(
    hub_laptops, hub_db, tmp_path
):
    from envhelp.domain import attachments

    a, b = hub_laptops("wang", "王敏", "A"), hub_laptops("li", "李强", "B")
    ids = seed_laptop(a.store)
    photo_file = tmp_path / "现场.jpg"
    photo_file.write_bytes(b"\xff\xd8 photo " + bytes(range(256)) * 400)
    photo = attachments.add(a.store, photo_file, caption="贮存间", visit_id=ids["visit"])
    settle(a, b)
    visits.finalize(a.store, ids["visit"])
    a.sync()
    with hub_db.admin() as conn:
        (data,) = conn.execute(
            "SELECT bundle FROM envhelp_hub.change_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    last = tmp_path / "last.zip"
    last.write_bytes(data)
    with zipfile.ZipFile(last) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["whole_visits"] == [ids["visit"]]
        assert manifest["counts"]["attachments"] == 1  # the row goes with the whole visit ...
        assert not [n for n in zf.namelist() if n.startswith("attachments/")]  # ... not the file
    c = hub_laptops("zhao", "赵磊", "C")  # a new laptop pulls every change set in order
    settle(a, b, c)
    for laptop in (b, c):
        assert laptop.store.get("attachments", photo["id"])["caption"] == "贮存间"
    assert_converged(a, b, c)  # check() included: every photo's file is there
