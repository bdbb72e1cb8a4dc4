"""Migration v4: the trigram search index of enterprises and the deferred-join ledger page."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from envhelp.domain import enterprises, problems
from envhelp.storage import Store, migrations
from tests.conftest import draft_visit


def names(store, search):
    return sorted(e["name"] for e in enterprises.list_page(store, search=search))


@pytest.fixture
def two(store):
    enterprises.add(store, {"name": "青岛海纳化工有限公司", "uscc": "91350100M000100Y43"})
    enterprises.add(store, {"name": "临港鑫源电子有限公司"})
    return store


def test_long_words_use_the_index_and_short_ones_like(two):
    # 3+ characters go through enterprises_fts MATCH; 1-2 through LIKE.
    where, params = enterprises._where("海纳化 qd", None)
    assert "enterprises_fts MATCH ?" in where and params[0] == '"海纳化"'
    assert "LIKE" in where and params[1] == "%qd%"
    assert names(two, "海纳化") == ["青岛海纳化工有限公司"]
    assert names(two, "海") == ["青岛海纳化工有限公司"]
    assert names(two, "有限公司") == ["临港鑫源电子有限公司", "青岛海纳化工有限公司"]
    assert names(two, "100y4") == ["青岛海纳化工有限公司"]  # USCC, any case
    assert names(two, "lgxy") == ["临港鑫源电子有限公司"]  # pinyin initials
    assert names(two, "鑫源 子") == ["临港鑫源电子有限公司"]
    assert enterprises.count(two, search="有限公司 海纳") == 1


def test_quotes_and_fts_syntax_are_plain_text(two):
    assert names(two, '"海纳" OR') == []
    assert names(two, "NEAR(海纳") == []
    assert enterprises.count(two, search='有限"公司') == 0


def test_index_follows_updates_and_deletes(two):
    row = enterprises.list_page(two, search="鑫源电子")[0]
    enterprises.update(two, row["id"], {"name": "临港博远制药有限公司"})
    assert names(two, "鑫源电子") == []
    assert names(two, "博远制药") == ["临港博远制药有限公司"]
    with two.transaction():
        two.delete("enterprises", row["id"])
    assert names(two, "博远制药") == []
    assert (
        two.scalar("SELECT count(*) FROM enterprises_fts WHERE enterprises_fts MATCH '有限公司'")
        == 1
    )


def test_upgrade_to_v4_indexes_existing_enterprises(tmp_path):
    path = tmp_path / "v3.sqlite3"
    conn = sqlite3.connect(path)
    for number in range(1, 4):
        migrations.MIGRATIONS[number - 1](conn)
    conn.execute(f"PRAGMA user_version = {3}")
    now = "2026-01-05T08:00:00.000Z"
    conn.execute(
        "INSERT INTO enterprises (id, name, search_text, created_at, updated_at) "
        "VALUES ('e1', '甲乙丙丁公司', ?, ?, ?)",
        (enterprises.search_text("甲乙丙丁公司", None), now, now),
    )
    conn.commit()
    conn.close()
    with Store(path) as store:
        assert store.schema_version == migrations.LATEST
        assert names(store, "乙丙丁") == ["甲乙丙丁公司"]


def test_deferred_page_equals_the_plain_query(store, officer, enterprise):

    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "law_publicity", day="2026-03-02", time=None
    )
    for day in range(1, 13):
        problems.create(
            store,
            {
                "enterprise_id": enterprise["id"],
                "visit_id": visit["id"] if day % 2 else None,
                "found_on": "2026-03-02",
                "description": f"问题{day}",
                "deadline": f"2026-04-{day % 5 + 1:02d}",
                "severity": "major" if day % 4 == 0 else "minor",
            },
        )
    for filters in (
        {},
        {"severity": "major"},
        {"status": ["open", "rectifying"]},
        {"overdue_on": date(2026, 4, 5)},
        {"town": enterprise["town"]},
        {"order_by": "enterprise"},
        {"order_by": "found_on", "descending": True},
    ):
        sql, params = problems.select_sql(**filters)
        plain = store.query(sql, params)
        for offset in (0, 3, 10):
            assert (
                problems.list_page(store, limit=4, offset=offset, **filters)
                == (plain[offset : offset + 4])
            ), (filters, offset)
        if "order_by" not in filters:  # the count skips the enterprise join when it can
            assert problems.count(store, **filters) == len(plain), filters
    other = enterprises.add(store, {"name": "另一家企业有限公司", "town": "别的镇"})
    problems.create(
        store,
        {
            "enterprise_id": other["id"],
            "found_on": "2026-03-02",
            "description": "别的镇的问题",
            "deadline": "2026-04-01",
        },
    )
    assert problems.count(store, town="别的镇") == 1
    assert problems.count(store) == 13
