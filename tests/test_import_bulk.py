"""The enterprise import's bulk path: Store.insert_many, chunked matching, progress and cancel."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook
from pypinyin import Style, lazy_pinyin

from envhelp.domain import enterprises, uscc
from envhelp.errors import OperationCancelled
from envhelp.io import enterprise_import
from envhelp.io.enterprise_import import import_enterprises
from envhelp.storage.database import GENESIS_HASH, audit_hash, canonical_json
from envhelp.storage.integrity import check

HEADER = ["企业名称", "统一社会信用代码", "联系人", "镇街", "危险废物类别"]


def code(n: int) -> str:
    first17 = f"91370200{n:09d}"
    return first17 + uscc.check_character(first17)


def make_xlsx(path, rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def stored(store):
    """Every enterprise as the user sees it, without ids and timestamps, by name."""
    skip = {
        "id",
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
        "versions",
        "field_versions",
    }  # which laptop changed it: no user-visible data
    rows = store.query("SELECT * FROM enterprises ORDER BY name, uscc")
    return [{k: v for k, v in r.items() if k not in skip} for r in rows]


def audit(store):
    return store.query("SELECT * FROM audit_log ORDER BY seq")


def test_insert_many_stores_and_audits_like_insert(store):
    records = [{"name": f"企业{i}", "uscc": code(i), "hw_categories": ["HW08"]} for i in range(3)]
    before = audit(store)
    with store.transaction():
        rows = store.insert_many("enterprises", records)
    assert [r["name"] for r in rows] == ["企业0", "企业1", "企业2"]
    assert rows == [store.get("enterprises", r["id"]) for r in rows]
    assert rows[0]["hw_categories"] == '["HW08"]'  # lists stored as JSON, as insert() does
    assert rows[0]["created_by"] == store.actor and rows[0]["created_at"]
    # One create entry per record, in order, each chained to the one before.
    entries = audit(store)[len(before) :]
    assert [(e["action"], e["record_id"]) for e in entries] == [("create", r["id"]) for r in rows]
    prev = before[-1]["hash"] if before else GENESIS_HASH
    for entry, row in zip(entries, rows, strict=True):
        assert entry["prev_hash"] == prev
        assert entry["after"] == canonical_json(row) and entry["before"] is None
        assert entry["hash"] == audit_hash(prev, entry)
        prev = entry["hash"]
    # A later single insert continues the chain; envhelp check finds it sound.
    store.insert("enterprises", {"name": "单条企业"})
    assert check(store).ok


def test_insert_many_needs_the_same_keys_and_rolls_back(store):
    with pytest.raises(ValueError, match="same keys"):
        store.insert_many("enterprises", [{"name": "甲"}, {"name": "乙", "town": "城阳"}])
    with pytest.raises(Exception), store.transaction():  # noqa: B017 (sqlite's IntegrityError)
        store.insert_many(
            "enterprises", [{"name": "甲", "uscc": code(1)}, {"name": "乙", "uscc": code(1)}]
        )
    assert store.scalar("SELECT count(*) FROM enterprises") == 0
    assert store.insert_many("enterprises", []) == []


def test_add_cleaned_keeps_the_unique_code_rule(store, enterprise):
    clean = enterprises.clean({"name": "重复代码", "uscc": enterprise["uscc"]})
    with pytest.raises(Exception, match="已属于企业"):
        enterprises.add_cleaned(store, [clean])
    twice = [enterprises.clean({"name": n, "uscc": code(7)}) for n in ("甲", "乙")]
    with pytest.raises(Exception, match="已属于企业"):
        enterprises.add_cleaned(store, twice)
    assert store.scalar("SELECT count(*) FROM enterprises") == 1


@pytest.mark.parametrize(
    "name",
    [
        "临港万通化工有限公司",
        "重庆长江银行调查所",
        "ABC（青岛）环保科技有限公司",
        "123号厂",
        "绿色能源",
        "嗯呣欸",
        "",
        "a b",
        "〇一二",
        "行长行走在银行",
        "长春长生生物",
    ],
)
def test_search_text_matches_plain_pypinyin(name):
    syllables = lazy_pinyin(name, errors="ignore")
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore"))
    expected = " ".join(filter(None, [name, code(3), "".join(syllables), initials])).lower()
    assert enterprises.search_text(name, code(3)) == expected


@pytest.fixture
def tricky_file(tmp_path, store, enterprise):
    """Rows that add, update, complete, repeat and leave unchanged, in one file.

    (The original one-row-at-a-time import gave exactly these results, data and audit entries.)
    """
    enterprises.add(store, {"name": "老企业", "town": "城阳街道"})
    return make_xlsx(
        tmp_path / "tricky.xlsx",
        [
            ["新企业一", code(1), "张", "城阳街道", "HW08"],  # 2 added
            [enterprise["name"], enterprise["uscc"], "赵六", None, None],  # 3 updated (contact)
            ["无代码企业", None, "李", None, None],  # 4 added without a code
            ["新企业二", code(2), None, None, "HW99"],  # 5 rejected: unknown HW
            ["无代码企业", code(3), "王", None, None],  # 6 completes row 4's record
            ["新企业一", code(1), None, None, None],  # 7 duplicate of row 2
            ["新企业三", code(4), None, "夏庄街道", None],  # 8 added
            ["老企业", None, None, "城阳街道", None],  # 9 unchanged
            ["同名", None, None, None, None],  # 10 added
            ["新企业四", code(5), None, None, None],  # 11 added
        ],
    )


def import_with_chunk(store, path, monkeypatch, size):
    monkeypatch.setattr(enterprise_import, "CHUNK_ROWS", size)
    return import_enterprises(store, path)


@pytest.mark.parametrize("size", [1, 2, 3, 500])
def test_chunk_size_changes_nothing(store, tricky_file, monkeypatch, size):
    start = len(audit(store))
    result = import_with_chunk(store, tricky_file, monkeypatch, size)
    assert (result.added, result.updated, result.unchanged) == (5, 2, 1)
    assert [(r.row, r.field) for r in result.rejected] == [(5, "hw_categories"), (7, "uscc")]
    completed = store.query_one("SELECT * FROM enterprises WHERE name = '无代码企业'")
    assert completed["uscc"] == code(3) and completed["contact_person"] == "王"
    assert json.loads(
        store.query_one("SELECT hw_categories FROM enterprises WHERE uscc = ?", (code(1),))[
            "hw_categories"
        ]
    ) == ["HW08"]
    # The audit log lists the changes in row order: one entry per record created or changed
    # (the laptop's id, made audited on the first update, is a setting, not a record here).
    entries = [e for e in audit(store)[start:] if e["table_name"] == "enterprises"]
    names = [
        json.loads(e["after"]).get("name") if e["action"] == "create" else e["action"]
        for e in entries
    ]
    assert names == ["新企业一", "update", "无代码企业", "update", "新企业三", "同名", "新企业四"]
    assert check(store).ok
    assert [e["name"] for e in enterprises.list_page(store, search="xinqiyesan")] == ["新企业三"]
    assert "新企业三" in [e["name"] for e in enterprises.list_page(store, search="xqys")]


def test_same_data_for_any_chunk_size(tmp_path, monkeypatch, tricky_file):
    from envhelp.storage import Store

    contents = []
    for size in (1, 4, 500):
        with Store(tmp_path / f"s{size}.db", actor="t") as target:
            import_with_chunk(target, tricky_file, monkeypatch, size)
            contents.append(stored(target))
    assert contents[0] == contents[1] == contents[2]


def test_several_same_names_are_refused_per_row(store, tmp_path, monkeypatch):
    store.insert("enterprises", {"name": "同名厂"})
    store.insert("enterprises", {"name": "同名厂"})
    path = make_xlsx(
        tmp_path / "same.xlsx",
        [["同名厂", None, "甲", None, None], ["别的厂", None, None, None, None]],
    )
    result = import_with_chunk(store, path, monkeypatch, 500)
    assert [(r.row, r.field) for r in result.rejected] == [(2, "uscc")]
    assert "同名厂" in result.rejected[0].message and result.added == 1


@pytest.fixture
def big_file(tmp_path):
    rows = [[f"批量企业{i:04d}", code(100 + i), None, "城阳街道", None] for i in range(1200)]
    return make_xlsx(tmp_path / "big.xlsx", rows)


def test_progress_reaches_total(store, big_file):
    seen = []
    result = import_enterprises(store, big_file, progress=lambda d, t: seen.append((d, t)))
    assert result.added == 1200
    assert seen[0] == (0, 1200)  # the size the file declares, before any row is read
    assert seen[-1] == (1200, 1200)
    assert all(t > 0 and 0 <= d <= t for d, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_midway_saves_nothing(store, big_file, enterprise):
    enterprises_before = store.scalar("SELECT count(*) FROM enterprises")
    audit_before = store.scalar("SELECT count(*) FROM audit_log")
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) >= 2  # after the first chunk of 500 rows was saved

    with pytest.raises(OperationCancelled):
        import_enterprises(store, big_file, cancelled=cancelled)
    assert len(calls) == 2
    assert store.scalar("SELECT count(*) FROM enterprises") == enterprises_before
    assert store.scalar("SELECT count(*) FROM audit_log") == audit_before
    # A cancel at the very end (small file, one chunk) rolls back too.
    with pytest.raises(OperationCancelled):
        import_enterprises(store, big_file, cancelled=lambda: True)
    assert store.scalar("SELECT count(*) FROM enterprises") == enterprises_before
    assert check(store).ok


def test_header_only_sheet_reports_no_zero_total(store, tmp_path):
    seen = []
    result = import_enterprises(
        store, make_xlsx(tmp_path / "empty.xlsx", []), progress=lambda d, t: seen.append((d, t))
    )
    assert result.added == 0 and seen and all(t > 0 for _, t in seen)
