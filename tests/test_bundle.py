"""The exchange bundle: a full round trip, idempotent re-import, merge rules, hostile bundles."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import zipfile
from datetime import datetime, timedelta

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import (
    attachments,
    enterprises,
    officers,
    permits,
    problems,
    random_checks,
    visits,
)
from envhelp.io import bundle_export, bundle_format, bundle_import, signing, sync
from envhelp.io.errors import BundleAlteredError, BundleError
from envhelp.storage import Store, database, migrations
from tests.conftest import VALID_USCC, draft_visit
from tests.test_xlsx_damaged import FLAGS, METHOD, VERSION_NEEDED, patched_directory

# A checklist template as local entry accepts it (checklists.parse_template).
TEMPLATE = {
    "id": "hw-storage",
    "version": "2023.1",
    "title_zh": "危险废物贮存检查表",
    "title_en": "HW storage checklist",
    "standard": "GB 18597-2023",
    "items": [
        {
            "code": "A1",
            "category": {"zh": "标签", "en": "Labels"},
            "requirement_zh": "包装有标签。",
            "requirement_en": "Packages are labelled.",
            "clause": "6.1.3",
            "severity": "minor",
            "deadline_days": 7,
        }
    ],
}


@pytest.fixture
def populated(store, officer, officer2, enterprise, tmp_path):
    """A database with at least one row in every table the bundle carries."""
    officers.set_current(store, officer["id"])
    other = enterprises.add(
        store,
        {
            "name": "胶州宏达印染厂",
            "uscc": VALID_USCC[1],
            "town": "胶东街道",
            "hw_categories": "HW12",
        },
    )
    visit = visits.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "date": "2026-03-05",
            "time": "09:30",
            "type": "inspection",
            "officer_ids": [officer["id"], officer2["id"]],
            "guidance": "危废贮存间标识不全",
            "laws": ["GB 18597-2023"],
        },
    )
    draft_visit(store, other["id"], [officer2["id"]], "law_publicity", day="2026-03-06", time=None)
    store.insert_link(
        "checklist_templates",
        {
            "id": "hw-storage",
            "version": "2023.1",
            "title_zh": "危险废物贮存检查表",
            "title_en": "HW storage checklist",
            "standard": "GB 18597-2023",
            "content": json.dumps(TEMPLATE, ensure_ascii=False),
            "sha256": "ab" * 32,
            "imported_at": "2026-01-01T00:00:00.000Z",
        },
        "hw-storage",
    )
    check = store.insert(
        "checks",
        {"visit_id": visit["id"], "template_id": "hw-storage", "template_version": "2023.1"},
    )
    result = store.insert(
        "check_results",
        {"check_id": check["id"], "item_code": "A1", "result": "non_compliant", "note": "无标签"},
    )
    first = problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": visit["id"],
            "found_on": "2026-03-05",
            "category": "hazardous_waste",
            "description": "危废包装无标签",
            "deadline": "2026-03-20",
            "check_result_id": result["id"],
            "item_code": "A1",
        },
    )
    relapse = problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "found_on": "2026-03-06",
            "description": "复发",
            "deadline": "2026-03-30",
        },
    )
    store.update("problems", relapse["id"], {"relapse_of": first["id"]})
    store.insert_link(
        "problem_events",
        {
            "id": "00000000-0000-4000-8000-000000000001",
            "problem_id": first["id"],
            "at": "2026-03-05T02:00:00.000Z",
            "actor": "tester",
            "from_status": None,
            "to_status": "open",
            "lamport": 9,
        },
        first["id"],
    )
    store.insert(
        "visit_amendments",
        {"visit_id": visit["id"], "reason": "笔误", "before": "{}", "after": "{}"},
    )
    permit = permits.save(
        store,
        enterprise["id"],
        {
            "permit_no": VALID_USCC[0] + "001P",
            "management_class": "key",
            "issued_on": "2023-03-01",
            "valid_until": "2028-02-29",
            "report_frequencies": "annual",
            "outlets": [
                {
                    "code": "DA001",
                    "medium": "air",
                    "kind": "organised",
                    "pollutants": [{"name": "颗粒物", "limit": 20}],
                }
            ],
        },
    )
    store.insert(
        "permit_reports",
        {
            "permit_id": permit["id"],
            "kind": "annual",
            "period": "2025",
            "due_on": "2026-01-15",
            "status": "late",
            "shown_on": "2026-03-05",
        },
    )
    photo = tmp_path / "现场照片.JPG"
    photo.write_bytes(b"\xff\xd8 fake jpeg " + bytes(range(256)) * 50)
    note = tmp_path / "note.txt"
    note.write_text("整改说明", encoding="utf-8")
    attachments.add(store, photo, caption="贮存间", visit_id=visit["id"])
    attachments.add(store, photo, problem_id=first["id"])  # same file, second record
    attachments.add(store, note, check_result_id=result["id"])
    removed = attachments.add(store, note, caption="拍错的照片", visit_id=visit["id"])
    attachments.remove(store, removed["id"])  # leaves a tombstone (storage/tombstones.py)
    store.set_setting("record_prefix", "城环帮")
    store.set_setting("unit_name", {"zh": "城阳分局", "en": "Chengyang branch"})
    plan = random_checks.draw(store, "2026-Q2", seed=3, quotas="一般=100%")
    random_checks.start_visit(store, plan["tasks"][0]["id"], "2026-04-02")
    store.insert_link(
        "merge_conflicts",
        {  # a conflict an earlier import met
            "id": "00000000-0000-4000-8000-0000000000c1",
            "table_name": "visits",
            "record_id": visit["id"],
            "field": "guidance",
            "kept_value": '"危废贮存间标识不全"',
            "other_value": '"标识已补"',
            "kept_by": "王敏",
            "other_by": "李强",
            "kept_at": "2026-03-05T02:00:00.000Z",
            "other_at": "2026-03-05T01:00:00.000Z",
            "rule": "later_wins",
            "detected_at": "2026-03-06T02:00:00.000Z",
            "detected_by": "王敏",
        },
        visit["id"],
    )
    return store


def all_rows(store, table):
    pk = ", ".join(bundle_format.primary_key(store, table))
    rows = store.query(f"SELECT * FROM [{table}] ORDER BY {pk}")
    if table == "settings":
        rows = [r for r in rows if not bundle_format.is_local_setting(r["key"])]
    return rows


def snapshot(store):
    """Everything an import could change: every table (and the audit log), and the files."""
    tables = {t: all_rows(store, t) for t in bundle_format.TABLES}
    tables["audit_log"] = store.scalar("SELECT count(*) FROM audit_log")
    folder = store.attachments_dir
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return tables, files


@pytest.fixture
def exported(populated, tmp_path):
    path = tmp_path / "out" / "bundle.zip"
    bundle_export.export_bundle(populated, path)
    SENDER["store"] = populated
    yield path
    SENDER.clear()


@pytest.fixture
def empty(tmp_path):
    s = Store(tmp_path / "other" / "envhelp.sqlite3", actor="importer")
    yield s
    s.close()


def test_every_schema_table_is_handled():
    tables = bundle_format.schema_tables()
    assert tables == set(bundle_format.TABLES) | set(bundle_format.NOT_EXPORTED)
    bundle_format.check_tables_handled()


def test_export_fails_loudly_when_a_new_table_appears(store, tmp_path, monkeypatch):
    def new_table(conn):
        conn.execute("CREATE TABLE inspections_2 (id TEXT PRIMARY KEY)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, new_table])
    with pytest.raises(RuntimeError, match="inspections_2"):
        bundle_export.export_bundle(store, tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()


def test_manifest_describes_every_member(populated, exported):
    with zipfile.ZipFile(exported) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == "envhelp-bundle"
        assert manifest["format_version"] == 3
        assert manifest["schema_version"] == migrations.LATEST
        assert set(manifest["members"]) == set(zf.namelist()) - {"manifest.json", "signature.json"}
        assert manifest["signer"]["officer"] == "王敏"
        assert manifest["signer"]["fingerprint"] == signing.own_fingerprint(populated)
        for name, meta in manifest["members"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == meta["sha256"]
        assert "current_officer_id" not in zf.read("tables/settings.jsonl").decode()
        names = [n for n in zf.namelist() if n.startswith("attachments/")]
    assert len(names) == 2  # two records share the photo
    assert any(n.endswith(".jpg") for n in names) and any(n.endswith(".txt") for n in names)
    assert set(manifest["counts"]) == set(bundle_format.TABLES)
    assert manifest["counts"]["attachments"] == 3


def test_round_trip_into_an_empty_database(populated, exported, empty):
    summary = bundle_import.import_bundle(empty, exported, trust=True)

    for table in bundle_format.TABLES:
        source = all_rows(populated, table)
        assert source, f"test data has no {table} rows"
        assert all_rows(empty, table) == source, table
        assert summary.tables[table].added == len(source)
    assert empty.get_setting("current_officer_id") is None
    assert summary.files_written == 2
    for row in all_rows(populated, "attachments"):
        src = attachments.stored_path(populated, row).read_bytes()
        assert attachments.stored_path(empty, row).read_bytes() == src
    # Inserted through the audited Store methods, by the importing user.
    actors = {r["actor"] for r in empty.query("SELECT actor FROM audit_log")}
    assert actors == {"importer"}
    assert empty.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'problems'") == 2


def test_reimport_adds_nothing(populated, exported, empty):
    bundle_import.import_bundle(empty, exported, trust=True)
    before = snapshot(empty)

    again = bundle_import.import_bundle(empty, exported, trust=True)

    assert snapshot(empty) == before
    assert all(s.added == s.updated == s.kept_local == 0 for s in again.tables.values())
    assert again.tables["enterprises"].unchanged == 2
    assert again.files_written == 0 and again.files_present == 2
    # Importing a bundle into the database it came from changes nothing either.
    own_before = snapshot(populated)
    bundle_import.import_bundle(populated, exported, trust=True)
    assert snapshot(populated) == own_before


@pytest.fixture
def ticking_clock(monkeypatch):
    """Each write stamps a later millisecond than the one before (from now on): which copy is
    newer must not depend on the wall clock having moved between two writes."""
    start = datetime.strptime(database.utc_now(), "%Y-%m-%dT%H:%M:%S.%fZ")
    ticks = itertools.count(1)

    def utc_now() -> str:
        moment = start + timedelta(milliseconds=next(ticks))
        return moment.isoformat(timespec="milliseconds") + "Z"

    monkeypatch.setattr(database, "utc_now", utc_now)


def test_newer_record_wins_older_is_kept(populated, exported, empty, tmp_path, ticking_clock):
    bundle_import.import_bundle(empty, exported, trust=True)
    first, second = (r["id"] for r in populated.query("SELECT id FROM enterprises ORDER BY name"))
    enterprises.update(populated, first, {"contact_person": "来自A"})  # newer in the bundle
    later = tmp_path / "later.zip"
    bundle_export.export_bundle(populated, later)
    enterprises.update(empty, second, {"contact_person": "本机B"})  # newer locally
    populated.set_setting("record_prefix", "新前缀")
    bundle_export.export_bundle(populated, later)

    summary = bundle_import.import_bundle(empty, later, trust=True)

    assert summary.tables["enterprises"].updated == 1
    assert summary.tables["enterprises"].kept_local == 1
    assert summary.tables["settings"].updated == 1
    assert enterprises.get(empty, first)["contact_person"] == "来自A"
    assert enterprises.get(empty, second)["contact_person"] == "本机B"
    assert empty.get_setting("record_prefix") == "新前缀"
    # The update was audited as an import by this user.
    entry = empty.query_one(
        "SELECT * FROM audit_log WHERE action = 'update' "
        "AND table_name = 'enterprises' AND record_id = ?",
        (first,),
    )
    assert entry["actor"] == "importer" and "来自A" in entry["after"]
    # And once merged, importing the same bundle again reports nothing new.
    again = bundle_import.import_bundle(empty, later, trust=True)
    assert again.tables["enterprises"].updated == 0


# -- hostile and broken bundles ---------------------------------------------------------


def read_members(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


# The laptop that exported the bundle under test: write_bundle signs with its key, so
# that a case meets the check it is about rather than the signature (a sender's own
# broken file). Forged bundles are re-signed with other keys in their own tests.
SENDER: dict[str, Store] = {}


def write_bundle(path, members, *, fix_manifest=True, compression=zipfile.ZIP_DEFLATED):
    """Write members; by default the manifest's sha256/size/counts are made to match,
    and the manifest is signed again with the sender's key."""
    members = dict(members)
    members.pop("signature.json", None)
    manifest = json.loads(members.pop("manifest.json"))
    if fix_manifest:
        manifest["members"] = {
            n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)} for n, d in members.items()
        }
        for name, data in members.items():
            if name.startswith("tables/"):
                manifest["counts"][name[7:-6]] = data.count(b"\n")
    raw = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", compression) as zf:
        zf.writestr("manifest.json", raw)
        if "store" in SENDER:
            zf.writestr("signature.json", json.dumps(signing.sign(SENDER["store"], raw)))
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def edit_lines(data, keep):
    lines = [json.loads(line) for line in data.decode().splitlines()]
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in keep(lines)).encode()


def manifest_edit(**changes):
    def edit(members):
        manifest = json.loads(members["manifest.json"])
        manifest.update(changes)
        members["manifest.json"] = json.dumps(manifest).encode()

    return edit


def case_not_zip(path, members):
    path.write_text("PK? no, just text", encoding="utf-8")


def case_no_manifest(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            if name != "manifest.json":
                zf.writestr(name, data)


def case_manifest_not_json(path, members):
    members["manifest.json"] = b"{not json"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def case_other_format(path, members):
    manifest_edit(format="someone-else")(members)
    write_bundle(path, members)


def case_newer_format(path, members):
    manifest_edit(format_version=bundle_format.FORMAT_VERSION + 1)(members)
    write_bundle(path, members)


def case_newer_schema(path, members):
    manifest_edit(schema_version=migrations.LATEST + 1)(members)
    write_bundle(path, members)


def case_parent_path(path, members):
    members["../../evil.jsonl"] = b"x"
    write_bundle(path, members)


def case_absolute_path(path, members):
    members["/tmp/evil.jsonl"] = b"x"
    write_bundle(path, members)


def case_unexpected_member(path, members):
    members["readme.txt"] = b"hello"
    write_bundle(path, members)


def case_sha_mismatch(path, members):
    manifest = json.loads(members["manifest.json"])
    members["tables/enterprises.jsonl"] = members["tables/enterprises.jsonl"].replace(
        "城阳街道".encode(), "流亭街道".encode()
    )
    members["manifest.json"] = json.dumps(manifest).encode()
    write_bundle(path, members, fix_manifest=False)


def case_attachment_sha_mismatch(path, members):
    name = next(n for n in members if n.endswith(".txt"))
    members[name] = b"swapped content"
    write_bundle(path, members)  # manifest fixed, but the file no longer matches its name


def case_attachment_content_swapped(path, members):
    name = next(n for n in members if n.endswith(".txt"))
    members[name] = b"swapped content"  # the manifest still lists the original checksum
    write_bundle(path, members, fix_manifest=False)


def case_ratio_bomb(path, members):
    members["tables/officers.jsonl"] = members["tables/officers.jsonl"] + b" " * (20 * 1024**2)
    write_bundle(path, members)


def case_duplicate_ids(path, members):
    members["tables/officers.jsonl"] = edit_lines(
        members["tables/officers.jsonl"], lambda rows: rows + rows[:1]
    )
    write_bundle(path, members)


def case_broken_reference(path, members):
    # The visit's enterprise is neither in the bundle nor in the (empty) database.
    members["tables/enterprises.jsonl"] = edit_lines(
        members["tables/enterprises.jsonl"], lambda rows: rows[1:]
    )
    write_bundle(path, members)


UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


def case_event_of_unknown_problem(path, members):
    # A problem's event names a problem neither in the bundle nor in the database: the
    # merge replays events into problem states, so this was once a NotFoundError.
    members["tables/problem_events.jsonl"] = edit_lines(
        members["tables/problem_events.jsonl"],
        lambda rows: [{**rows[0], "problem_id": UNKNOWN_ID}, *rows[1:]],
    )
    write_bundle(path, members)


def case_problem_renamed_under_its_events(path, members):
    # The problem's own id changed: its events now point to nothing.
    members["tables/problems.jsonl"] = edit_lines(
        members["tables/problems.jsonl"], lambda rows: [{**rows[0], "id": UNKNOWN_ID}, *rows[1:]]
    )
    write_bundle(path, members)


def case_unknown_column(path, members):
    members["tables/officers.jsonl"] = edit_lines(
        members["tables/officers.jsonl"], lambda rows: [{**r, "shoe_size": 42} for r in rows]
    )
    write_bundle(path, members)


def case_attachment_file_missing(path, members):
    for name in [n for n in members if n.startswith("attachments/")]:
        del members[name]
    write_bundle(path, members)


def case_escaping_sha(path, members):
    members["tables/attachments.jsonl"] = edit_lines(
        members["tables/attachments.jsonl"],
        lambda rows: [{**r, "sha256": "../../../etc/passwd"} for r in rows],
    )
    write_bundle(path, members)


def case_duplicate_member(path, members):
    import warnings

    write_bundle(path, members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        with zipfile.ZipFile(path, "a") as zf:
            zf.writestr("tables/officers.jsonl", b"")


def case_unknown_compression(path, members):
    # A damaged central directory naming a compression method EnvHelp never writes
    # (zipfile itself would raise NotImplementedError for an unknown one).
    write_bundle(path, members, compression=zipfile.ZIP_BZIP2)


CASES = [
    case_not_zip,
    case_unknown_compression,
    case_no_manifest,
    case_manifest_not_json,
    case_other_format,
    case_newer_format,
    case_newer_schema,
    case_parent_path,
    case_absolute_path,
    case_unexpected_member,
    case_sha_mismatch,
    case_attachment_sha_mismatch,
    case_attachment_content_swapped,
    case_ratio_bomb,
    case_duplicate_ids,
    case_broken_reference,
    case_event_of_unknown_problem,
    case_problem_renamed_under_its_events,
    case_unknown_column,
    case_attachment_file_missing,
    case_escaping_sha,
    case_duplicate_member,
]


@pytest.mark.parametrize("make", CASES, ids=[c.__name__[5:] for c in CASES])
def test_broken_bundles_are_refused_and_write_nothing(make, exported, empty, tmp_path):
    bad = tmp_path / "bad.zip"
    make(bad, read_members(exported))
    before = snapshot(empty)

    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)

    # Re-signed by the sender: refused for what is wrong with it, not for the signature
    # (only a member changed behind the signed manifest is an alteration).
    altered = make in (case_sha_mismatch, case_attachment_content_swapped)
    assert isinstance(info.value, BundleAlteredError) == altered, info.value.message_en
    tables, files = snapshot(empty)
    assert tables == before[0]
    # Files are copied in before the records; a refusal inside the transaction (e.g. the
    # broken reference) removes the ones it added, so the folder is as it was.
    assert files == before[1] == []
    assert info.value.message_zh and info.value.message_en
    assert not (tmp_path / "etc").exists()


DIRECTORY_DAMAGES = {
    "unknown zip version": (VERSION_NEEDED, 64),  # zipfile: "zip file version 6.4"
    "encrypted member": (FLAGS, 0x1),
    "LZMA member": (METHOD, zipfile.ZIP_LZMA),
}


@pytest.mark.parametrize("damage", DIRECTORY_DAMAGES, ids=list(DIRECTORY_DAMAGES))
def test_a_damaged_zip_directory_is_a_bundle_error_for_import_and_sync(
    damage, exported, empty, tmp_path
):
    field, value = DIRECTORY_DAMAGES[damage]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(exported.read_bytes())
    patched_directory(bad, field, value, member="manifest.json")
    before = snapshot(empty)
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    assert "damaged" in info.value.message_en and "损坏" in info.value.message_zh
    assert snapshot(empty) == before
    # A change set pulled from the hub is read for its signer before it is imported.
    fingerprint = signing.own_fingerprint(SENDER["store"])
    sync._check_signer(exported, fingerprint, fingerprint)  # the undamaged one passes
    with pytest.raises(BundleError) as info:
        sync._check_signer(bad, fingerprint, fingerprint)
    assert "damaged" in info.value.message_en and "损坏" in info.value.message_zh


def test_oversized_bundle_is_refused(exported, empty, monkeypatch):
    monkeypatch.setattr(bundle_format, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(BundleError, match="too large|过大"):
        bundle_import.import_bundle(empty, exported, trust=True)
    assert snapshot(empty)[0]["officers"] == []


def test_broken_reference_message_names_the_record(exported, empty, tmp_path):
    bad = tmp_path / "bad.zip"
    case_broken_reference(bad, read_members(exported))
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    assert "enterprise_id" in info.value.message_en and "enterprises" in info.value.message_en


def test_an_event_of_an_unknown_problem_is_refused_by_line_before_any_write(
    exported, empty, tmp_path, monkeypatch
):
    bad = tmp_path / "bad.zip"
    members = read_members(exported)
    events = members["tables/problem_events.jsonl"].decode().splitlines()
    line = len(events)  # the last event: every line above it is fine
    members["tables/problem_events.jsonl"] = edit_lines(
        members["tables/problem_events.jsonl"],
        lambda rows: [*rows[:-1], {**rows[-1], "problem_id": UNKNOWN_ID}],
    )
    write_bundle(bad, members)
    copied = []
    monkeypatch.setattr(
        bundle_import, "_copy_files", lambda *args, **kwargs: copied.append(args)
    )  # the first write of an import: it must not be reached
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    error = info.value
    assert f"tables/problem_events.jsonl 第 {line} 行，字段 problem_id" in error.message_zh
    assert f"tables/problem_events.jsonl line {line}, field problem_id" in error.message_en
    assert "neither in the bundle nor in this database" in error.message_en
    assert UNKNOWN_ID not in error.message_zh + error.message_en  # no internal id shown
    assert copied == []


def test_an_event_of_a_problem_already_here_is_imported(exported, empty, tmp_path):
    # An event may name a problem the bundle does not carry when this database has it
    # (a change set sent by sync carries only what changed).
    bundle_import.import_bundle(empty, exported, trust=True)
    problem = empty.query_one("SELECT id, status FROM problems ORDER BY id LIMIT 1")
    events_before = empty.scalar("SELECT count(*) FROM problem_events")
    members = read_members(exported)
    members["tables/problems.jsonl"] = edit_lines(
        members["tables/problems.jsonl"], lambda rows: [r for r in rows if r["id"] != problem["id"]]
    )
    members["tables/problem_events.jsonl"] = edit_lines(
        members["tables/problem_events.jsonl"],
        lambda rows: [
            *rows,
            {
                **next(r for r in rows if r["problem_id"] == problem["id"]),
                "id": "ffffffff-ffff-4fff-8fff-ffffffffffff",
                "reason": "另一台电脑上补记",
            },
        ],
    )
    again = tmp_path / "again.zip"
    write_bundle(again, members)
    bundle_import.import_bundle(empty, again, trust=True)
    assert empty.scalar("SELECT count(*) FROM problem_events") == events_before + 1


def test_failure_after_files_are_written_leaves_no_records(exported, empty, monkeypatch):
    # A failure inside the transaction (here: the last table) rolls back every table.
    real = bundle_import._merge_row

    def failing(store, plan, row, counts):
        if plan.table == "attachments":
            raise BundleError("模拟失败", "simulated failure")
        real(store, plan, row, counts)

    monkeypatch.setattr(bundle_import, "_merge_row", failing)
    with pytest.raises(BundleError):
        bundle_import.import_bundle(empty, exported, trust=True)
    tables, _files = snapshot(empty)
    assert all(rows in ([], 0) for rows in tables.values())


def test_cli_export_and_import(populated, db_path, tmp_path):
    runner = CliRunner()
    target = tmp_path / "cli.zip"
    out = runner.invoke(cli, ["--db", str(db_path), "export", "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.is_file()

    other = tmp_path / "cli-other.sqlite3"
    assert runner.invoke(cli, ["--db", str(other), "init"]).exit_code == 0  # only init creates
    untrusted = runner.invoke(cli, ["--db", str(other), "--lang", "en", "import", str(target)])
    assert untrusted.exit_code == 3 and "first bundle signed with this key" in untrusted.output
    first = runner.invoke(
        cli, ["--db", str(other), "--lang", "en", "import", str(target), "--trust"]
    )
    assert first.exit_code == 0, first.output
    assert "enterprises: added 2" in first.output
    second = runner.invoke(cli, ["--db", str(other), "import", str(target), "--json"])
    assert second.exit_code == 0
    report = json.loads(second.output)
    assert report["tables"]["enterprises"] == {
        "added": 0,
        "unchanged": 2,
        "updated": 0,
        "kept_local": 0,
    }

    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    refused = runner.invoke(cli, ["--db", str(other), "--lang", "en", "import", str(junk)])
    assert refused.exit_code == 2
    assert "not a zip" in refused.output


def test_export_streams_rows(populated, tmp_path, monkeypatch):
    # Export reads through iter_query, never store.query's whole-table lists.
    calls = []
    real = populated.iter_query

    def spy(sql, params=()):
        calls.append(sql)
        return real(sql, params)

    monkeypatch.setattr(populated, "iter_query", spy)
    monkeypatch.setattr(
        populated,
        "query",
        lambda sql, params=(): (
            pytest.fail(f"whole-table read: {sql}")
            if sql.startswith("SELECT *")
            else list(real(sql, params))
        ),
    )
    bundle_export.export_bundle(populated, tmp_path / "s.zip")
    assert any("FROM [visits]" in sql for sql in calls)


def test_bundle_member_order_does_not_matter(exported, empty, tmp_path):
    members = read_members(exported)
    reordered = dict(reversed(list(members.items())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in reordered.items():
            zf.writestr(name, data)
    path = tmp_path / "reordered.zip"
    path.write_bytes(buffer.getvalue())
    summary = bundle_import.import_bundle(empty, path, trust=True)
    assert summary.tables["officers"].added == 2


# -- every row passes the rules of local entry ------------------------------------------


def _edit_first(table, **changes):
    def edit(members):
        member = f"tables/{table}.jsonl"
        members[member] = edit_lines(
            members[member], lambda rows: [{**rows[0], **changes}, *rows[1:]]
        )

    return edit


def _draft_numbered(members):
    member = "tables/visits.jsonl"
    members[member] = edit_lines(
        members[member],
        lambda rows: [
            {**r, "record_no": "环帮〔2026〕第9999号"} if r["status"] == "draft" else r
            for r in rows
        ],
    )


INVALID_ROWS = [
    ("draft given a number", _draft_numbered, "visits", "record_no"),
    ("unknown visit type", _edit_first("visits", type="picnic"), "visits", "type"),
    ("visit date", _edit_first("visits", date="2026-13-45"), "visits", "date"),
    ("laws not a list", _edit_first("visits", laws="GB 18597"), "visits", "laws"),
    ("problem status", _edit_first("problems", status="solved"), "problems", "status"),
    ("problem deadline", _edit_first("problems", deadline="soon"), "problems", "deadline"),
    (
        "description too long",
        _edit_first("problems", description="问" * 2001),
        "problems",
        "description",
    ),
    (
        "hw categories",
        _edit_first("enterprises", hw_categories='["HW99"]'),
        "enterprises",
        "hw_categories",
    ),
    ("credit code", _edit_first("enterprises", uscc="123"), "enterprises", "uscc"),
    ("check result", _edit_first("check_results", result="maybe"), "check_results", "result"),
    ("event kind", _edit_first("problem_events", kind="teleport"), "problem_events", "kind"),
    ("timestamp", _edit_first("officers", updated_at="yesterday"), "officers", "updated_at"),
    ("versions", _edit_first("officers", versions='{"a": -1}'), "officers", "versions"),
    ("float", _edit_first("attachments", size=1.5), "attachments", "size"),
    (
        "template content",
        _edit_first(
            "checklist_templates",
            content=json.dumps({k: v for k, v in TEMPLATE.items() if k != "items"}),
        ),
        "checklist_templates",
        "items",
    ),
]


@pytest.mark.parametrize(
    ("case", "edit", "table", "field"), INVALID_ROWS, ids=[c[0] for c in INVALID_ROWS]
)
def test_an_invalid_row_refuses_the_bundle_naming_table_line_and_field(
    case, edit, table, field, exported, empty, tmp_path
):
    members = read_members(exported)
    edit(members)
    bad = write_bundle(tmp_path / "bad.zip", members)  # signed again by the sender
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    message = info.value.message_en
    assert f"tables/{table}.jsonl line " in message and field in message, message
    assert not isinstance(info.value, BundleAlteredError)
    assert all(rows in ([], 0) for t, rows in snapshot(empty)[0].items() if t != "audit_log")


def test_rows_out_of_order_are_refused(exported, empty, tmp_path):
    members = read_members(exported)
    members["tables/officers.jsonl"] = edit_lines(
        members["tables/officers.jsonl"], lambda rows: rows[::-1]
    )
    bad = write_bundle(tmp_path / "bad.zip", members)
    with pytest.raises(BundleError, match="out of order|未按顺序"):
        bundle_import.import_bundle(empty, bad, trust=True)


# -- hostile sizes: refused from the directory or the first line ------------------------


def test_a_claimed_huge_directory_is_refused_before_zipfile_reads_it(exported, empty, tmp_path):
    raw = bytearray(exported.read_bytes())
    end = raw.rfind(b"PK\x05\x06")
    raw[end + 12 : end + 16] = (200 * 1024**2).to_bytes(4, "little")  # directory size
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(bytes(raw))
    with pytest.raises(BundleError, match="directory is too large|目录过大"):
        bundle_import.import_bundle(empty, hostile, trust=True)


def test_a_line_longer_than_the_limit_is_refused(exported, empty, tmp_path):
    members = read_members(exported)
    members["tables/officers.jsonl"] = edit_lines(
        members["tables/officers.jsonl"],
        lambda rows: [
            {**rows[0], "unit": os.urandom(bundle_format.MAX_LINE_BYTES // 2).hex()},
            *rows[1:],
        ],
    )  # random: no zip-bomb ratio
    bad = write_bundle(tmp_path / "bad.zip", members)
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    assert "line 1 is too long" in info.value.message_en


def test_a_claimed_row_count_over_the_limit_is_refused(exported, empty, tmp_path):
    members = read_members(exported)
    manifest = json.loads(members["manifest.json"])
    manifest["counts"]["officers"] = bundle_format.MAX_TABLE_ROWS + 1
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = write_bundle(tmp_path / "bad.zip", members, fix_manifest=False)
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    assert "invalid members or counts" in info.value.message_en


def test_many_tiny_rows_are_refused_at_the_first(exported, empty, tmp_path):
    """The shape of the 27 MB bundle of 11 M rows (bench/README.md measures that one)."""
    members = read_members(exported)
    members["tables/check_results.jsonl"] = b"".join(b'{"id":"%08d"}\n' % i for i in range(200_000))
    bad = write_bundle(tmp_path / "bad.zip", members)
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(empty, bad, trust=True)
    assert "tables/check_results.jsonl line 1, field" in info.value.message_en


def test_a_zip_directory_asking_for_an_unknown_zip_version_is_refused(exported, empty, tmp_path):
    """Found by the fuzzer: zipfile raises NotImplementedError for a "version needed to
    extract" it does not know; the import refuses the file like any damaged zip."""
    raw = bytearray(exported.read_bytes())
    directory = raw.index(b"PK\x01\x02")
    raw[directory + 6 : directory + 8] = (99).to_bytes(2, "little")
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    with pytest.raises(BundleError, match="zip"):
        bundle_import.import_bundle(empty, damaged, trust=True)
    assert empty.scalar("SELECT count(*) FROM visits") == 0
