"""A scored assessment on paper: the record prints the score table and the verdict, and
the chosen points enter the record's fingerprint (unscored records keep theirs)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from envhelp.domain import check_answers
from envhelp.reports.pdf import collect_visit_record, fingerprint, render_visit_record

# The record needs the issuing bureau (settings.require_bureau).
pytestmark = pytest.mark.usefixtures("bureau")

PRODUCER = "hw-assessment-producer"


@pytest.fixture
def assessed(store, inspection):
    visit = inspection
    check = check_answers.start_check(store, visit["id"], PRODUCER)
    rows = {r["code"]: r["result_id"] for r in check_answers.results(store, check["id"])}
    for result_id in rows.values():
        check_answers.set_result(store, result_id, "compliant")
    check_answers.set_result(store, rows["HW-PA-17"], "not_applicable")
    check_answers.set_points(store, rows["HW-PA-06"], 1, "台账缺 3 月记录")
    check_answers.set_points(store, rows["HW-PA-04"], 0)
    check_answers.set_points(store, rows["HW-PA-03"], 1)
    return visit, rows


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_record_prints_the_score_table_and_the_verdict(store, assessed, tmp_path):
    visit, _rows = assessed
    record = collect_visit_record(store, visit["id"])
    score = record.checks[0].score
    # 33 − 2 (HW-PA-17 N/A) = 31; lost 1 + 2 + 1 = 4 → 27 of 31 = 87.1 % ≥ 83.3 % → 达标.
    assert (score["score"], score["max_score"], score["percent"], score["verdict"]) == (
        27,
        31,
        87.1,
        "pass",
    )
    pdf = render_visit_record(record)
    (tmp_path / "assessed.pdf").write_bytes(pdf)
    text = text_of(pdf).replace(" ", "")
    assert "评分表" in text
    assert "得分27分，适用满分31分，得分率87.1%，判定：达标" in text
    assert "不适用，不计入满分" in text and "一票否决项" in text


def test_a_veto_prints_as_not_passed_with_its_item(store, assessed):
    visit, rows = assessed
    check_answers.set_points(store, rows["HW-PA-11"], 0)
    text = text_of(render_visit_record(collect_visit_record(store, visit["id"]))).replace(" ", "")
    assert "判定：不达标" in text and "一票否决项未达标：HW-PA-11" in text


def test_chosen_points_enter_the_fingerprint(store, assessed):
    visit, rows = assessed
    before = fingerprint.fingerprint(collect_visit_record(store, visit["id"]))
    check_answers.set_points(store, rows["HW-PA-06"], 0, "台账缺 3 月记录")
    assert fingerprint.fingerprint(collect_visit_record(store, visit["id"])) != before


def test_unscored_items_carry_no_points_into_the_fingerprint(store, inspection):
    visit = inspection
    check_answers.start_check(store, visit["id"], "gb18597-2023-storage")
    record = collect_visit_record(store, visit["id"])
    content = fingerprint.canonical_content(record)
    assert all("points" not in item for item in content["checks"][0]["items"])
    assert record.checks[0].score is None
