"""Per-computer record-number series: format, counters, validation, and merging bundles."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises, officers, record_numbers, settings, visits
from envhelp.errors import ValidationError
from envhelp.io import bundle_export, bundle_import
from envhelp.io.errors import BundleError
from tests.conftest import VALID_USCC, draft_visit, laptop_store

# Single-officer assistance visits, as a bureau that relaxed the two-officer rule records.
pytestmark = pytest.mark.usefixtures("one_officer_publicity")


def final_visit(store, enterprise_id, officer_id, day):
    visit = draft_visit(store, enterprise_id, [officer_id], "law_publicity", day=day)
    return visits.finalize(store, visit["id"])


def test_empty_series_keeps_todays_format_and_counter(store, enterprise, officer):
    assert record_numbers.record_series(store) == ""
    final = final_visit(store, enterprise["id"], officer["id"], "2026-03-05")
    assert final["record_no"] == "环帮〔2026〕第0001号"
    assert store.get_setting("record_seq:2026") == 1


def test_series_goes_before_the_number_and_counts_on_its_own(store, enterprise, officer):
    first = final_visit(store, enterprise["id"], officer["id"], "2026-03-05")
    assert record_numbers.set_record_series(store, "A") == "A"
    assert record_numbers.record_series(store) == "A"
    numbers = [
        final_visit(store, enterprise["id"], officer["id"], day)["record_no"]
        for day in ("2026-03-06", "2026-04-01", "2027-01-02")
    ]
    assert numbers == ["环帮〔2026〕第A0001号", "环帮〔2026〕第A0002号", "环帮〔2027〕第A0001号"]
    assert store.get_setting("record_seq:A:2026") == 2
    assert store.get_setting("record_seq:A:2027") == 1
    assert store.get_setting("record_seq:2026") == 1  # the empty series is untouched
    record_numbers.set_record_series(store, "")
    last = final_visit(store, enterprise["id"], officer["id"], "2026-05-01")
    assert first["record_no"] == "环帮〔2026〕第0001号"
    assert last["record_no"] == "环帮〔2026〕第0002号"


def test_a_number_already_in_the_database_is_skipped(store, enterprise, officer):
    # A counter imported from a bundle can be older than the visits it numbered.
    record_numbers.set_record_series(store, "B")
    for day in ("2026-03-05", "2026-03-06"):
        final_visit(store, enterprise["id"], officer["id"], day)
    store.set_setting("record_seq:B:2026", 1)
    final = final_visit(store, enterprise["id"], officer["id"], "2026-03-07")
    assert final["record_no"] == "环帮〔2026〕第B0003号"
    assert store.get_setting("record_seq:B:2026") == 3


@pytest.mark.parametrize("code", ["ABCD", "A-1", "甲", "A B", "ａ"])
def test_series_validation_names_the_field(store, code):
    with pytest.raises(ValidationError) as info:
        record_numbers.set_record_series(store, code)
    error = info.value
    assert error.field == "local.record_series"  # the key `envhelp settings set` takes
    assert "编号系列" in error.message_zh and "Number series" in error.message_en
    assert record_numbers.record_series(store) == ""


def test_series_is_trimmed_and_raised_to_capitals(store):
    assert record_numbers.set_record_series(store, " b2 ") == "B2"
    assert record_numbers.record_series(store) == "B2"
    assert record_numbers.set_record_series(store, "") == ""
    assert record_numbers.record_series(store) == ""


# -- two laptops -----------------------------------------------------------------


def laptop(tmp_path, name, uscc, officer_name, series):
    store = laptop_store(tmp_path, name, name, series)
    officer = officers.add(store, {"name": officer_name, "cert_no": f"3702-{name}"})
    officers.set_current(store, officer["id"])
    settings.put(store, settings.TWO_OFFICERS_FOR_PUBLICITY, False)  # one officer a visit
    company = enterprises.add(store, {"name": f"{name}企业", "uscc": uscc, "town": "城阳街道"})
    finals = [
        final_visit(store, company["id"], officer["id"], day)
        for day in ("2026-03-05", "2026-03-06")
    ]
    return store, finals


@pytest.fixture
def two_laptops(request, tmp_path):
    series_a, series_b = request.param
    a, finals_a = laptop(tmp_path, "a", VALID_USCC[0], "王敏", series_a)
    b, finals_b = laptop(tmp_path, "b", VALID_USCC[1], "李强", series_b)
    yield a, b, finals_a, finals_b
    a.close()
    b.close()


def numbers(store):
    return sorted(store.query("SELECT id, record_no FROM visits"), key=lambda r: r["id"])


@pytest.mark.parametrize("two_laptops", [("A", "B")], indirect=True)
def test_different_series_merge_both_ways(two_laptops, tmp_path):
    a, b, finals_a, finals_b = two_laptops
    assert [v["record_no"] for v in finals_a] == ["环帮〔2026〕第A0001号", "环帮〔2026〕第A0002号"]
    assert [v["record_no"] for v in finals_b] == ["环帮〔2026〕第B0001号", "环帮〔2026〕第B0002号"]
    from_a, from_b = tmp_path / "a.zip", tmp_path / "b.zip"
    bundle_export.export_bundle(a, from_a)
    bundle_export.export_bundle(b, from_b)
    with zipfile.ZipFile(from_a) as zf:
        keys = [json.loads(line)["key"] for line in zf.read("tables/settings.jsonl").splitlines()]
    assert "local.record_series" not in keys and "record_seq:A:2026" in keys

    bundle_import.import_bundle(b, from_a, trust=True)
    bundle_import.import_bundle(a, from_b, trust=True)
    expected = sorted(
        ({"id": v["id"], "record_no": v["record_no"]} for v in finals_a + finals_b),
        key=lambda r: r["id"],
    )
    assert numbers(a) == expected and numbers(b) == expected
    # Each laptop keeps its own series and goes on counting it.
    assert record_numbers.record_series(a) == "A" and record_numbers.record_series(b) == "B"
    company = a.query_one("SELECT id FROM enterprises WHERE uscc = ?", (VALID_USCC[0],))
    officer = a.query_one("SELECT id FROM officers WHERE name = '王敏'")
    nxt = final_visit(a, company["id"], officer["id"], "2026-03-09")
    assert nxt["record_no"] == "环帮〔2026〕第A0003号"


@pytest.mark.parametrize("two_laptops", [("", "")], indirect=True)
def test_same_series_is_refused_naming_the_number(two_laptops, tmp_path):
    a, b, finals_a, finals_b = two_laptops
    from_a = tmp_path / "a.zip"
    bundle_export.export_bundle(a, from_a)
    before = (
        b.query("SELECT * FROM visits ORDER BY id"),
        b.query("SELECT * FROM enterprises ORDER BY id"),
        b.query("SELECT * FROM settings ORDER BY key"),
    )
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(b, from_a, trust=True)
    error = info.value
    # Both laptops numbered 0001 and 0002: every clash is named, by number, enterprise and
    # date on both sides, so a person can settle them all at once.
    assert error.message_zh.startswith("数据包无法导入：2 个记录编号在本机已属于另一次走访")
    for mine, theirs in zip(finals_a, finals_b, strict=True):
        assert mine["record_no"] == theirs["record_no"]
        assert (
            f"{mine['record_no']}：数据包中是a企业 {mine['date']} 的走访，"
            f"本机是b企业 {theirs['date']} 的走访"
        ) in error.message_zh
        assert mine["record_no"] in error.message_en
        assert mine["id"] not in error.message_zh  # the number, not the UUID
    assert "不会改号" in error.message_zh and "编号系列" in error.message_zh
    assert "never renumbered" in error.message_en
    assert "number series (e.g. A, B) in Settings" in error.message_en
    after = (
        b.query("SELECT * FROM visits ORDER BY id"),
        b.query("SELECT * FROM enterprises ORDER BY id"),
        b.query("SELECT * FROM settings ORDER BY key"),
    )
    assert after == before


@pytest.mark.parametrize("two_laptops", [("", "")], indirect=True)
def test_a_long_list_of_clashes_is_cut_with_the_total(two_laptops, tmp_path, monkeypatch):
    a, b, _finals_a, _finals_b = two_laptops
    monkeypatch.setattr(bundle_import, "CLASHES_LISTED", 1)
    bundle_export.export_bundle(a, tmp_path / "a.zip")
    with pytest.raises(BundleError) as info:
        bundle_import.import_bundle(b, tmp_path / "a.zip", trust=True)
    assert info.value.message_zh.count("：数据包中是") == 1
    assert "……共 2 处。" in info.value.message_zh and "… 2 in all." in info.value.message_en


def test_cli_shows_and_sets_the_series(db_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "init"]).exit_code == 0
    base = ["--db", str(db_path), "--lang", "en", "visits", "series"]
    shown = runner.invoke(cli, base)
    assert shown.exit_code == 0, shown.output
    assert shown.output.strip() == "(none)"
    set_ = runner.invoke(cli, [*base, "c1"])
    assert set_.exit_code == 0, set_.output
    assert set_.output.strip() == "C1"
    bad = runner.invoke(cli, [*base, "TOO-LONG"])
    assert bad.exit_code == 3
    assert "Number series" in bad.output
    assert runner.invoke(cli, base).output.strip() == "C1"
    cleared = runner.invoke(cli, [*base, ""])
    assert cleared.exit_code == 0 and cleared.output.strip() == "(none)"


def test_bundle_export_advises_a_series_once_records_are_numbered_without_one(
    store, db_path, enterprise, officer, tmp_path
):
    assert record_numbers.series_advice(store) is None  # nothing numbered yet
    final_visit(store, enterprise["id"], officer["id"], "2026-03-05")
    advice = record_numbers.series_advice(store)
    assert advice and "1 份定稿记录" in advice and "设置" in advice

    runner = CliRunner()
    out = runner.invoke(
        cli, ["--db", str(db_path), "export", "--json", "-o", str(tmp_path / "b.zip")]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["path"].endswith("b.zip")  # stdout stays JSON
    assert "没有设置记录编号系列" in out.stderr

    record_numbers.set_record_series(store, "A")
    assert record_numbers.series_advice(store) is None
    out = runner.invoke(cli, ["--db", str(db_path), "export", "-o", str(tmp_path / "c.zip")])
    assert out.exit_code == 0 and out.stderr == ""


@pytest.mark.parametrize("two_laptops", [("A", "")], indirect=True)
def test_a_computer_that_takes_in_bundles_needs_a_series_to_finalize(two_laptops, tmp_path):
    """B numbered alone without a series; once it trusts A's bundles it needs one."""
    from envhelp.errors import ValidationError

    a, b, _finals_a, finals_b = two_laptops
    assert finals_b[0]["record_no"] == "环帮〔2026〕第0001号"  # alone, no series needed
    bundle_export.export_bundle(a, tmp_path / "a.zip")
    bundle_import.import_bundle(b, tmp_path / "a.zip", trust=True)
    company = b.query_one("SELECT id FROM enterprises WHERE uscc = ?", (VALID_USCC[1],))
    officer = b.query_one("SELECT id FROM officers WHERE name = '李强'")
    with pytest.raises(ValidationError) as refused:
        final_visit(b, company["id"], officer["id"], "2026-03-09")
    assert refused.value.field == "local.record_series" and "编号系列" in refused.value.message_zh
    record_numbers.set_record_series(b, "B")
    assert (
        final_visit(b, company["id"], officer["id"], "2026-03-10")["record_no"]
        == "环帮〔2026〕第B0001号"
    )
