"""Per-computer record-number series: format, counters, validation, and merging bundles."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from envhelp.cli import cli
from envhelp.domain import enterprises, officers, visits
from envhelp.errors import ValidationError
from envhelp.io import bundle
from envhelp.io.errors import BundleError
from envhelp.storage import Store
from tests.conftest import VALID_USCC


def final_visit(store, enterprise_id, officer_id, day):
    visit = visits.create(store, {"enterprise_id": enterprise_id, "date": day, "time": "09:30",
                                  "type": "law_publicity", "officer_ids": [officer_id]})
    return visits.finalize(store, visit["id"])


def test_empty_series_keeps_todays_format_and_counter(store, enterprise, officer):
    assert visits.record_series(store) == ""
    final = final_visit(store, enterprise["id"], officer["id"], "2026-03-05")
    assert final["record_no"] == "环帮〔2026〕第0001号"
    assert store.get_setting("record_seq:2026") == 1


def test_series_goes_before_the_number_and_counts_on_its_own(store, enterprise, officer):
    first = final_visit(store, enterprise["id"], officer["id"], "2026-03-05")
    assert visits.set_record_series(store, "A") == "A"
    assert visits.record_series(store) == "A"
    numbers = [final_visit(store, enterprise["id"], officer["id"], day)["record_no"]
               for day in ("2026-03-06", "2026-04-01", "2027-01-02")]
    assert numbers == ["环帮〔2026〕第A0001号", "环帮〔2026〕第A0002号", "环帮〔2027〕第A0001号"]
    assert store.get_setting("record_seq:A:2026") == 2
    assert store.get_setting("record_seq:A:2027") == 1
    assert store.get_setting("record_seq:2026") == 1  # the empty series is untouched
    visits.set_record_series(store, "")
    last = final_visit(store, enterprise["id"], officer["id"], "2026-05-01")
    assert first["record_no"] == "环帮〔2026〕第0001号"
    assert last["record_no"] == "环帮〔2026〕第0002号"


def test_a_number_already_in_the_database_is_skipped(store, enterprise, officer):
    # A counter imported from a bundle can be older than the visits it numbered.
    visits.set_record_series(store, "B")
    for day in ("2026-03-05", "2026-03-06"):
        final_visit(store, enterprise["id"], officer["id"], day)
    store.set_setting("record_seq:B:2026", 1)
    final = final_visit(store, enterprise["id"], officer["id"], "2026-03-07")
    assert final["record_no"] == "环帮〔2026〕第B0003号"
    assert store.get_setting("record_seq:B:2026") == 3


@pytest.mark.parametrize("code", ["ABCD", "A-1", "甲", "A B", "ａ"])
def test_series_validation_names_the_field(store, code):
    with pytest.raises(ValidationError) as info:
        visits.set_record_series(store, code)
    error = info.value
    assert error.field == "record_series"
    assert "编号系列" in error.message_zh and "Number series" in error.message_en
    assert visits.record_series(store) == ""


def test_series_is_trimmed_and_raised_to_capitals(store):
    assert visits.set_record_series(store, " b2 ") == "B2"
    assert visits.record_series(store) == "B2"
    assert visits.set_record_series(store, "") == ""
    assert visits.record_series(store) == ""


# -- two laptops -----------------------------------------------------------------


def laptop(tmp_path, name, uscc, officer_name, series):
    store = Store(tmp_path / name / "envhelp.sqlite3", actor=name)
    officer = officers.add(store, {"name": officer_name, "cert_no": f"3702-{name}"})
    officers.set_current(store, officer["id"])
    company = enterprises.add(store, {"name": f"{name}企业", "uscc": uscc, "town": "城阳街道"})
    if series:
        visits.set_record_series(store, series)
    finals = [final_visit(store, company["id"], officer["id"], day)
              for day in ("2026-03-05", "2026-03-06")]
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
    bundle.export_bundle(a, from_a)
    bundle.export_bundle(b, from_b)
    with zipfile.ZipFile(from_a) as zf:
        keys = [json.loads(line)["key"] for line in zf.read("tables/settings.jsonl").splitlines()]
    assert "local.record_series" not in keys and "record_seq:A:2026" in keys

    bundle.import_bundle(b, from_a)
    bundle.import_bundle(a, from_b)
    expected = sorted(({"id": v["id"], "record_no": v["record_no"]} for v in finals_a + finals_b),
                      key=lambda r: r["id"])
    assert numbers(a) == expected and numbers(b) == expected
    # Each laptop keeps its own series and goes on counting it.
    assert visits.record_series(a) == "A" and visits.record_series(b) == "B"
    company = a.query_one("SELECT id FROM enterprises WHERE uscc = ?", (VALID_USCC[0],))
    officer = a.query_one("SELECT id FROM officers WHERE name = '王敏'")
    nxt = final_visit(a, company["id"], officer["id"], "2026-03-09")
    assert nxt["record_no"] == "环帮〔2026〕第A0003号"


@pytest.mark.parametrize("two_laptops", [("", "")], indirect=True)
def test_same_series_is_refused_naming_the_number(two_laptops, tmp_path):
    a, b, finals_a, finals_b = two_laptops
    from_a = tmp_path / "a.zip"
    bundle.export_bundle(a, from_a)
    before = (b.query("SELECT * FROM visits ORDER BY id"),
              b.query("SELECT * FROM enterprises ORDER BY id"),
              b.query("SELECT * FROM settings ORDER BY key"))
    with pytest.raises(BundleError) as info:
        bundle.import_bundle(b, from_a)
    error = info.value
    # Both laptops numbered 0001 and 0002; which clash the import meets first depends on
    # the (random) ids' order, so the message names either pair.
    named = [v for v in finals_a if v["record_no"] in error.message_zh]
    assert len(named) == 1, error.message_zh
    clash_a = named[0]
    clash_b = next(v for v in finals_b if v["record_no"] == clash_a["record_no"])
    assert clash_a["record_no"] in error.message_en
    assert f"a企业 {clash_a['date']}" in error.message_zh
    assert f"b企业 {clash_b['date']}" in error.message_zh
    assert "编号系列" in error.message_zh and "设置" in error.message_zh
    assert "number series in Settings" in error.message_en
    assert finals_a[0]["id"] not in error.message_zh  # the number, not the UUID
    after = (b.query("SELECT * FROM visits ORDER BY id"),
             b.query("SELECT * FROM enterprises ORDER BY id"),
             b.query("SELECT * FROM settings ORDER BY key"))
    assert after == before


def test_cli_shows_and_sets_the_series(db_path):
    runner = CliRunner()
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
    assert visits.series_advice(store) is None  # nothing numbered yet
    final_visit(store, enterprise["id"], officer["id"], "2026-03-05")
    advice = visits.series_advice(store)
    assert advice and "1 份定稿记录" in advice and "设置" in advice

    runner = CliRunner()
    out = runner.invoke(cli, ["--db", str(db_path), "export", "--json", "-o", str(tmp_path / "b.zip")])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["path"].endswith("b.zip")  # stdout stays JSON
    assert "没有设置记录编号系列" in out.stderr

    visits.set_record_series(store, "A")
    assert visits.series_advice(store) is None
    out = runner.invoke(cli, ["--db", str(db_path), "export", "-o", str(tmp_path / "c.zip")])
    assert out.exit_code == 0 and out.stderr == ""
