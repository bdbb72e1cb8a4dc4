"""The settings registry: values checked once, the CLI's contract, the bureau gate."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import officers, settings
from envhelp.errors import ValidationError


@pytest.fixture
def run(db_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "init"]).exit_code == 0  # only init creates

    def invoke(*args):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def test_defaults_apply_until_a_value_is_stored_and_clearing_restores_them(store):
    assert settings.get(store, settings.ORDER_PREFIX) == "环责改"
    assert settings.put(store, settings.ORDER_PREFIX, " 即环责改 ") == "即环责改"
    assert settings.get(store, settings.ORDER_PREFIX) == "即环责改"
    assert settings.put(store, settings.ORDER_PREFIX, "") is None
    assert settings.get(store, settings.ORDER_PREFIX) == "环责改"


def test_every_write_is_audited(store):
    settings.put(store, settings.BUREAU_NAME, "青岛市即墨生态环境分局")
    entry = store.query("SELECT * FROM audit_log WHERE table_name = 'settings' ORDER BY seq DESC")[
        0
    ]
    assert entry["record_id"] == "bureau_name" and "即墨" in entry["after"]


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        (settings.CONTACT_PHONE, "call me", "联系电话"),
        (settings.STORAGE_LIMIT_DAYS, "0", "危废贮存期限"),
        (settings.STORAGE_LIMIT_DAYS, "abc", "危废贮存期限"),
        (settings.TWO_OFFICERS_FOR_PUBLICITY, "maybe", "两名执法人员"),
        (settings.PDF_CHECKLIST_MODE, "some", "检查表"),
        (settings.ORDER_PREFIX, "即环 责改", "编号前缀"),
        (settings.RECORD_SERIES, "ABCD", "编号系列"),
        (settings.CURRENT_OFFICER, "no-such-officer", "执法人员"),
    ],
)
def test_bad_values_are_refused_naming_the_setting_and_nothing_changes(store, key, value, words):
    before = store.get_setting(key)
    with pytest.raises(ValidationError) as info:
        settings.put(store, key, value)
    assert info.value.field == key
    assert words in info.value.message_zh
    assert store.get_setting(key) == before


def test_put_many_is_all_or_nothing(store):
    with pytest.raises(ValidationError):
        settings.put_many(
            store,
            {settings.BUREAU_NAME: "青岛市即墨生态环境分局", settings.CONTACT_PHONE: "not a phone"},
        )
    assert not settings.is_set(store, settings.BUREAU_NAME)


def test_texts_are_read_as_typed_values(store):
    assert settings.put(store, settings.TWO_OFFICERS_FOR_PUBLICITY, "否") is False
    assert settings.put(store, settings.TWO_OFFICERS_FOR_PUBLICITY, "true") is True
    assert settings.put(store, settings.STORAGE_LIMIT_DAYS, " 180 ") == 180
    assert settings.put(store, settings.PDF_CHECKLIST_MODE, "仅不符合项") == "non_compliant"


def test_require_bureau_names_what_is_missing_and_where_to_set_it(store):
    with pytest.raises(settings.BureauNotSet) as info:
        settings.require_bureau(store)
    assert info.value.missing == ("bureau_name", "unit_name")
    assert "设置 → 本单位" in info.value.message_zh
    assert "envhelp settings set bureau_name" in info.value.message_en
    settings.put_many(
        store,
        {
            settings.BUREAU_NAME: "青岛市即墨生态环境分局",
            settings.UNIT_NAME: "即墨区生态环境保护综合行政执法大队",
        },
    )
    settings.require_bureau(store)  # set: no error


def test_current_officer_goes_through_the_registry(store, officer):
    officers.set_current(store, officer["id"])
    assert settings.get(store, settings.CURRENT_OFFICER) == officer["id"]
    row = next(r for r in settings.listing(store) if r["key"] == settings.CURRENT_OFFICER)
    assert row["display"] == "王敏"  # a name, never the id


def test_cli_set_get_and_list(run):
    assert run("settings", "set", "bureau_name", "青岛市即墨生态环境分局").exit_code == 0
    assert run("settings", "get", "bureau_name").output.strip() == "青岛市即墨生态环境分局"
    assert run("settings", "get", "two_officers_for_publicity").output.strip() == "false"
    rows = json.loads(run("settings", "list", "--json").output)
    by_key = {r["key"]: r for r in rows}
    assert set(by_key) == set(settings.REGISTRY)
    assert (
        by_key["bureau_name"]["is_set"]
        and by_key["bureau_name"]["value"] == "青岛市即墨生态环境分局"
    )
    assert by_key["order_prefix"]["value"] == "环责改" and not by_key["order_prefix"]["is_set"]
    assert by_key["local.record_series"]["scope"] == "local"
    text = run("settings", "list").output
    assert "发文机关" in text and "青岛市即墨生态环境分局" in text


@pytest.mark.parametrize(
    "args", [("set", "no_such_key", "1"), ("get", "no_such_key"), ("set", "contact_phone", "abc")]
)
def test_cli_unknown_key_or_bad_value_exits_2_naming_the_key(run, args):
    result = run("settings", *args)
    assert result.exit_code == 2
    assert args[1] in result.output
