"""Every migration: a database made by an older schema opens, upgrades and keeps its rows."""

from __future__ import annotations

import sqlite3

import pytest

from envhelp.storage import Store, migrations, schema_v1_v7

NOW = "2026-01-05T08:00:00.000Z"
RECORD = {"created_at": NOW, "updated_at": NOW, "created_by": "old", "updated_by": "old"}

# Rows an officer could have saved under each schema version (only columns of that version).
ROWS_AT_VERSION = {
    1: {
        "officers": [{"id": "o1", "name": "王敏", "cert_no": "A1", **RECORD}],
        "enterprises": [
            {
                "id": "e1",
                "name": "甲公司",
                "uscc": "91350100M000100Y43",
                "town": "甲镇",
                "hw_categories": '["HW08"]',
                **RECORD,
            }
        ],
        "visits": [
            {
                "id": "v1",
                "enterprise_id": "e1",
                "date": "2026-01-05",
                "type": "inspection",
                "status": "final",
                "record_no": "环帮〔2026〕第0001号",
                **RECORD,
            }
        ],
        "visit_officers": [{"visit_id": "v1", "officer_id": "o1", "position": 0}],
        "problems": [
            {
                "id": "p1",
                "enterprise_id": "e1",
                "visit_id": "v1",
                "found_on": "2026-01-05",
                "description": "标签缺失",
                "deadline": "2026-01-20",
                **RECORD,
            }
        ],
        "settings": [{"key": "bureau_name", "value": '"某分局"', "updated_at": NOW}],
    },
    2: {
        "checklist_templates": [
            {
                "id": "t",
                "version": "1",
                "title_zh": "检查表",
                "content": '{"items": []}',
                "sha256": "0" * 64,
                "imported_at": NOW,
            }
        ],
        "checks": [
            {"id": "c1", "visit_id": "v1", "template_id": "t", "template_version": "1", **RECORD}
        ],
        "check_results": [
            {"id": "r1", "check_id": "c1", "item_code": "A-1", "result": "non_compliant", **RECORD}
        ],
        "problem_events": [
            {"id": "ev1", "problem_id": "p1", "at": NOW, "actor": "old", "to_status": "open"}
        ],
    },
    # The exchange migrations, by their position (the lead renumbers on merge).
    migrations.MIGRATIONS.index(migrations._exchange_merge) + 1: {
        "merge_conflicts": [
            {
                "id": "mc1",
                "table_name": "visits",
                "record_id": "v1",
                "field": "notes",
                "kept_value": '"甲"',
                "other_value": '"乙"',
                "rule": "later_wins",
                "detected_at": NOW,
            }
        ],
    },
    migrations.MIGRATIONS.index(migrations._bundle_keys) + 1: {
        "bundle_keys": [{"id": "ab" * 32, "public_key": "AAAA", "status": "trusted", **RECORD}],
    },
}

# Sample rows of later migrations, keyed by their position (the lead renumbers on merge).
INSPECTION_RULES = migrations.MIGRATIONS.index(migrations._inspection_rules) + 1
ROWS_AT_VERSION[INSPECTION_RULES] = {
    "random_draws": [
        {
            "id": "d1",
            "period": "2026-Q1",
            "seed": 7,
            "quotas": '{"key":"25"}',
            "officers_per_task": 2,
            "enterprises_digest": "a" * 64,
            "officers_digest": "b" * 64,
            **RECORD,
        }
    ],
    "random_tasks": [
        {
            "id": "t1",
            "draw_id": "d1",
            "position": 1,
            "enterprise_id": "e1",
            "supervision_class": "general",
            "officer_ids": '["o1"]',
            "visit_id": "v1",
            **RECORD,
        }
    ],
}
# The discharge permit on file (keyed by the migration's position, which the lead renumbers).
ROWS_AT_VERSION[migrations.MIGRATIONS.index(migrations._discharge_permits) + 1] = {
    "permits": [
        {
            "id": "pm1",
            "enterprise_id": "e1",
            "permit_no": "91350100M000100Y43001P",
            "management_class": "key",
            "issuing_authority": "某市生态环境局",
            "issued_on": "2022-03-01",
            "valid_until": "2027-02-28",
            "report_frequencies": '["annual", "quarterly"]',
            **RECORD,
        }
    ],
    "permit_outlets": [
        {
            "id": "po1",
            "permit_id": "pm1",
            "code": "DA001",
            "medium": "air",
            "kind": "organised",
            "pollutants": '[{"name": "颗粒物", "limit": 20, "unit": "mg/m³"}]',
            **RECORD,
        }
    ],
    "permit_reports": [
        {
            "id": "pr1",
            "permit_id": "pm1",
            "kind": "quarterly",
            "period": "2026-Q3",
            "due_on": "2026-10-15",
            "status": "on_time",
            "shown_on": "2026-11-02",
            **RECORD,
        }
    ],
}


# Deletions that travel (storage/tombstones.py).
ROWS_AT_VERSION[migrations.MIGRATIONS.index(migrations._tombstones) + 1] = {
    "tombstones": [
        {
            "table_name": "attachments",
            "record_id": "a-removed",
            "versions": '{"lap1":2}',
            "deleted_at": "2026-12-04T08:00:00.000Z",
            "deleted_by": "王敏",
        }
    ]
}


def build_database_at(path, version: int) -> None:
    conn = sqlite3.connect(path)
    for number in range(1, version + 1):
        conn.execute("BEGIN")
        migrations.MIGRATIONS[number - 1](conn)
        conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    for v in range(1, version + 1):
        for table, rows in ROWS_AT_VERSION.get(v, {}).items():
            for row in rows:
                cols = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
    conn.commit()
    conn.close()


def upgraded_from(tmp_path, version: int) -> Store:
    """A database built at ``version`` with its sample rows, opened (so upgraded) by Store."""
    path = tmp_path / f"v{version}.sqlite3"
    build_database_at(path, version)
    store = Store(path)
    assert store.schema_version == migrations.LATEST
    return store


def test_every_version_has_sample_rows_or_is_additive():
    # A reminder for whoever adds a migration: give it sample rows when it adds tables.
    assert migrations.LATEST >= 2


@pytest.mark.parametrize("version", range(1, migrations.LATEST))
def test_upgrade_from_older_version_keeps_everything(tmp_path, version):
    path = tmp_path / "old.sqlite3"
    build_database_at(path, version)
    store = Store(path)
    assert store.schema_version == migrations.LATEST
    for v in range(1, version + 1):
        for table, rows in ROWS_AT_VERSION.get(v, {}).items():
            for row in rows:
                if table == "settings":
                    stored = store.query_one("SELECT * FROM settings WHERE key = ?", (row["key"],))
                elif table == "tombstones":
                    stored = store.query_one(
                        "SELECT * FROM tombstones WHERE record_id = ?", (row["record_id"],)
                    )
                elif table == "visit_officers":
                    stored = store.query_one(
                        "SELECT * FROM visit_officers WHERE visit_id = ?", (row["visit_id"],)
                    )
                else:
                    stored = store.get(table, row["id"])
                assert {k: stored[k] for k in row} == row
    assert store.scalar("PRAGMA foreign_key_check") is None
    # A copy of the old database was kept before migrating.
    backups = list(tmp_path.glob(f"old.sqlite3.v{version}-*.bak"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == version
    store.close()


def test_v2_adds_ledger_columns_with_defaults(tmp_path):
    path = tmp_path / "v1.sqlite3"
    build_database_at(path, 1)
    store = Store(path)
    p = store.get("problems", "p1")
    assert p["item_code"] == "" and p["closed_on"] is None and p["relapse_of"] is None
    assert store.scalar("SELECT count(*) FROM checks") == 0
    store.close()


def test_failed_migration_leaves_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "v1.sqlite3"
    build_database_at(path, 1)

    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut in the middle of a migration")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(RuntimeError):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables
    assert conn.execute("SELECT name FROM enterprises").fetchall() == [("甲公司",)]


def test_split_statements_keeps_triggers_whole():
    script = """
    CREATE TABLE t (x);
    CREATE TRIGGER t_no_delete BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;
    """
    statements = list(schema_v1_v7.split_statements(script))
    assert len(statements) == 2
    assert statements[1].endswith("END;")


def test_visit_materials_added_as_zero_and_kept_by_edits(tmp_path):
    """``visits.materials`` (publicity materials handed out) is 0 for the visits made before."""
    from envhelp.domain import visits
    from envhelp.errors import ValidationError

    position = migrations.MIGRATIONS.index(migrations._visit_materials)
    store = upgraded_from(tmp_path, position)
    assert store.get("visits", "v1")["materials"] == 0
    draft = visits.create(
        store,
        {"enterprise_id": "e1", "date": "2026-02-01", "type": "law_publicity", "materials": "30"},
    )
    assert draft["materials"] == 30
    # An edit that does not name the field keeps it.
    assert visits.update(store, draft["id"], {"guidance": "讲解新标准"})["materials"] == 30
    with pytest.raises(ValidationError) as err:
        visits.update(store, draft["id"], {"materials": "-2"})
    assert err.value.field == "materials" and "整数" in str(err.value)
    store.close()


def test_v7_checks_made_before_scopes_keep_every_item(tmp_path):
    """``check_answers.scope`` is added as NULL: an old check has no scope, so no item is ruled out."""
    from envhelp.domain import check_answers

    store = upgraded_from(tmp_path, 6)
    (check,) = store.query("SELECT * FROM checks")
    assert check["scope"] is None and check_answers.stored_scope(check) is None


def test_photo_taken_at_leaves_earlier_attachments_without_a_time(tmp_path):
    """Attachments saved before ``taken_at`` existed keep NULL and an empty source."""
    before = migrations.MIGRATIONS.index(migrations._photo_taken_at)  # the version before it
    path = tmp_path / "old.sqlite3"
    build_database_at(path, before)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO attachments (id, sha256, filename, mime, size, visit_id, created_at, "
        "updated_at, created_by, updated_by) VALUES ('a1', ?, 'p.jpg', 'image/jpeg', 3, 'v1', "
        "?, ?, 'old', 'old')",
        ("0" * 64, NOW, NOW),
    )
    conn.commit()
    conn.close()
    store = Store(path)
    row = store.get("attachments", "a1")
    assert row["taken_at"] is None and row["taken_from"] == "" and row["filename"] == "p.jpg"


def test_enterprise_sort_key_is_filled_for_enterprises_stored_before(tmp_path):
    """Rows stored before the column get their pinyin sort key when the list is read."""
    from envhelp.domain import enterprises

    version = migrations.MIGRATIONS.index(migrations._enterprise_pinyin_sort_key)
    store = upgraded_from(tmp_path, version)
    assert store.scalar("SELECT sort_key FROM enterprises WHERE id = 'e1'") == ""
    enterprises.add(store, {"name": "安丘化工有限公司"})
    enterprises.add(store, {"name": "ABC 涂料"})
    names = [e["name"] for e in enterprises.list_page(store)]  # fills the missing key first
    assert names == ["ABC 涂料", "安丘化工有限公司", "甲公司"]
    assert store.scalar("SELECT sort_key FROM enterprises WHERE id = 'e1'") == "jia gong si"
    store.close()


def test_attachment_position_keeps_the_photos_stored_before_in_their_order(tmp_path):
    version = migrations.MIGRATIONS.index(migrations._attachment_position)
    store = upgraded_from(tmp_path, version)
    assert (
        store.scalar(
            "SELECT count(*) FROM pragma_table_info('attachments') WHERE name = 'position'"
        )
        == 1
    )
    store.close()


def test_exchange_merge_migration_numbers_existing_events_in_time_order(tmp_path):
    path = tmp_path / "before.sqlite3"
    build_database_at(path, migrations.MIGRATIONS.index(migrations._exchange_merge))
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO problem_events (id, problem_id, at, actor, to_status) "
        "VALUES ('ev0', 'p1', '2026-01-04T08:00:00.000Z', 'old', 'open')"
    )
    conn.commit()
    conn.close()
    store = Store(path)
    order = store.query("SELECT id, lamport FROM problem_events ORDER BY lamport")
    assert order == [{"id": "ev0", "lamport": 1}, {"id": "ev1", "lamport": 2}]
    assert store.get("visits", "v1")["versions"] == "{}"
    # The laptop's id is made on first use, audited like any setting (check stays ok).
    assert store.get_setting("local.laptop_id") is None
    assert store.laptop_id == store.get_setting("local.laptop_id")["id"]
    assert store.scalar("SELECT count(*) FROM audit_log WHERE record_id = 'local.laptop_id'") == 1
    store.close()


def test_check_result_points_leave_answers_stored_before_unscored(tmp_path):
    version = migrations.MIGRATIONS.index(migrations._check_result_points)
    store = upgraded_from(tmp_path, version)
    row = store.get("check_results", "r1")
    assert row["points"] is None and row["result"] == "non_compliant"
    store.close()


def test_inspection_record_fields_read_earlier_follow_up_findings(tmp_path):
    """The migration adding the 笔录 fields gives old visits empty ones and leaves old
    events as they were (no row rewritten outside the audit log); what earlier follow-up
    visits found is read
    from their events: a close-out was a fix, an extension or a note not."""
    from envhelp.domain import followups

    before = migrations.MIGRATIONS.index(migrations._inspection_record_fields)
    path = tmp_path / "old.sqlite3"
    build_database_at(path, before)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO visits (id, enterprise_id, date, type, created_at, updated_at) "
        "VALUES ('fu', 'e1', '2026-02-01', 'follow_up', ?, ?)",
        (NOW, NOW),
    )
    events = [
        ("ev-close", "transition", "open", "closed", "fu"),
        ("ev-ext", "extension", "open", "open", "fu"),
        ("ev-note", "follow_up", "open", "open", "fu"),
        ("ev-onsite", "transition", "open", "closed", "v1"),
    ]  # an inspection's own
    for event_id, kind, old, new, visit_id in events:
        conn.execute(
            "INSERT INTO problem_events (id, problem_id, at, actor, from_status, to_status, "
            "kind, visit_id) VALUES (?, 'p1', ?, 'old', ?, ?, ?, ?)",
            (event_id, NOW, old, new, kind, visit_id),
        )
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.scalar("SELECT count(*) FROM problem_events WHERE finding IS NOT NULL") == 0
    found = [f["finding"] for f in followups.followup_findings(store, "fu")]
    assert sorted(found) == ["fixed", "not_fixed", "not_fixed"]
    assert followups.followup_findings(store, "v1") == []  # an inspection's own close-out
    visit = store.get("visits", "v1")
    assert (visit["end_time"], visit["place"], visit["recorder_id"], visit["notice_no"]) == (
        "",
        "",
        None,
        None,
    )
    store.close()


def test_inspection_rules_give_earlier_rows_their_defaults(tmp_path):
    """Enterprises made before are 一般 with no grade; visits 日常监管 / 日常; officers always
    available; one plan in force per period."""
    store = upgraded_from(tmp_path, INSPECTION_RULES - 1)
    enterprise = store.get("enterprises", "e1")
    assert (
        enterprise["supervision_class"],
        enterprise["credit_grade"],
        enterprise["positive_list"],
    ) == ("general", "", 0)
    visit = store.get("visits", "v1")
    assert (visit["task_source"], visit["inspection_kind"], visit["cap_reason"]) == (
        "routine",
        "routine",
        "",
    )
    assert store.get("officers", "o1")["unavailable_from"] is None
    row = {
        "period": "2026-Q1",
        "seed": 1,
        "quotas": "{}",
        "officers_per_task": 2,
        "enterprises_digest": "",
        "officers_digest": "",
    }
    store.insert("random_draws", row)
    with pytest.raises(sqlite3.IntegrityError):
        store.insert("random_draws", row)
    store.close()


def test_permit_status_puts_earlier_permits_in_force(tmp_path):
    """Permits stored before are in force; the number is no longer unique in the schema
    (a bundle may bring a voided permit and its replacement in either order)."""
    store = upgraded_from(tmp_path, migrations.MIGRATIONS.index(migrations._permit_status))
    permit = store.get("permits", "pm1")
    assert (permit["status"], permit["status_on"], permit["status_reason"]) == (
        "in_force",
        None,
        "",
    )
    copy = {k: v for k, v in permit.items() if k not in ("id", "enterprise_id")}
    store.insert("enterprises", {**store.get("enterprises", "e1"), "id": "e2", "uscc": ""})
    store.insert("permits", {**copy, "enterprise_id": "e2"})
    assert (
        store.scalar("SELECT count(*) FROM permits WHERE permit_no = ?", (copy["permit_no"],)) == 2
    )
    store.close()
