"""An enterprise's self-assessment: the form in the template's layout, imported as
suggestions the officer confirms (like "copy last results"), bad rows named."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from envhelp.domain import check_answers, check_totals
from envhelp.errors import StateError, ValidationError
from envhelp.io.self_assessment import import_self_assessment, write_form
from tests.conftest import draft_visit

PRODUCER = "hw-assessment-producer"


@pytest.fixture
def check(store, inspection):
    return check_answers.start_check(store, inspection["id"], PRODUCER)


def filled(store, tmp_path, answers: dict[str, tuple], extra_rows=()):
    """The exported form with 自评得分 / 说明 filled for ``answers`` (code → (points, note))."""
    path = tmp_path / "self.xlsx"
    write_form(store, PRODUCER, path)
    workbook = load_workbook(path)
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    points_col, note_col = header.index("自评得分") + 1, header.index("说明") + 1
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code in answers:
            sheet.cell(row, points_col).value, sheet.cell(row, note_col).value = answers[code]
    for values in extra_rows:
        sheet.append(values)
    workbook.save(path)
    return path


def by_code(store, check):
    return {r["code"]: r for r in check_answers.results(store, check["id"])}


def test_the_form_has_one_row_per_scored_item_with_its_options(store, tmp_path):
    path = write_form(store, PRODUCER, tmp_path / "form.xlsx")
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("编码", "评估指标", "评估内容", "分值", "得分标准", "自评得分", "说明")
    assert [r[0] for r in rows[1:]] == [f"HW-PA-{n:02d}" for n in range(1, 18)]
    assert rows[1][3] == 2 and rows[1][4].startswith("2分：") and "0分：" in rows[1][4]
    assert "一票否决" in rows[10][4]  # HW-PA-10


def test_imported_scores_are_suggestions_the_officer_confirms(store, check, tmp_path):
    path = filled(
        store,
        tmp_path,
        {
            "HW-PA-01": (2, None),
            "HW-PA-06": (1, "3月台账未记"),
            "HW-PA-17": ("不适用", "无自建设施"),
            "HW-PA-10": ("2分", None),
        },
    )
    outcome = import_self_assessment(store, check["id"], path)
    assert outcome == {"suggested": 4, "skipped": []}
    rows = by_code(store, check)
    assert rows["HW-PA-06"]["result"] == "unanswered"
    assert rows["HW-PA-06"]["note"] == "〔自评：1分〕企业自评说明：3月台账未记"
    assert rows["HW-PA-06"]["suggested"] == {
        "result": "non_compliant",
        "points": 1,
        "source": "self",
    }
    assert rows["HW-PA-01"]["suggested"]["result"] == "compliant"
    assert rows["HW-PA-17"]["suggested"]["result"] == "not_applicable"
    # Nothing counts until confirmed: the score has only unanswered items.
    assert check_totals.score_figures(store, check["id"])["score"] == 0
    check_answers.confirm_suggestion(store, rows["HW-PA-06"]["result_id"])
    check_answers.confirm_suggestion(store, rows["HW-PA-17"]["result_id"])
    rows = by_code(store, check)
    assert (rows["HW-PA-06"]["result"], rows["HW-PA-06"]["points"]) == ("non_compliant", 1)
    assert rows["HW-PA-06"]["note"] == "企业自评说明：3月台账未记"
    assert rows["HW-PA-17"]["result"] == "not_applicable"
    # The officer overrules one: the marker goes, the answer is the officer's.
    check_answers.set_points(store, rows["HW-PA-10"]["result_id"], 0)
    assert by_code(store, check)["HW-PA-10"]["note"] == ""
    # Importing again leaves answered and already suggested items alone.
    again = import_self_assessment(store, check["id"], path)
    assert again == {"suggested": 0, "skipped": ["HW-PA-01", "HW-PA-06", "HW-PA-10", "HW-PA-17"]}


def test_bad_rows_are_named_and_nothing_is_written(store, check, tmp_path):
    path = filled(
        store,
        tmp_path,
        {"HW-PA-01": (2, None), "HW-PA-03": (1.5, None), "HW-PA-05": ("满分", None)},
        extra_rows=[
            ("HW-PA-99", None, None, None, None, 1, None),
            ("HW-PA-01", None, None, None, None, 0, None),
        ],
    )
    with pytest.raises(ValidationError) as info:
        import_self_assessment(store, check["id"], path)
    error = info.value
    assert error.field == "self_assessment"
    assert "第 4 行：HW-PA-03 的自评得分“1.5”无效，可填 2、1、0 分或“不适用”" in error.message_zh
    assert "第 6 行：HW-PA-05 的自评得分“满分”无效" in error.message_zh
    assert "第 19 行：编码“HW-PA-99”不是本评估表的计分项" in error.message_zh
    assert "第 20 行：编码 HW-PA-01 与第 2 行重复" in error.message_zh
    assert "row 4: HW-PA-03" in error.message_en and "nothing was imported" in error.message_en
    assert all(r["note"] == "" for r in check_answers.results(store, check["id"]))


def test_a_file_without_the_header_or_for_an_unscored_check_is_refused(
    store, check, tmp_path, enterprise, officer
):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    workbook = Workbook()
    workbook.active.append(["名称", "分数"])
    workbook.save(path)
    with pytest.raises(ValidationError) as info:
        import_self_assessment(store, check["id"], path)
    assert info.value.field == "file" and "自评得分" in info.value.message_zh
    visit = draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-06", time=None
    )
    gb = check_answers.start_check(store, visit["id"], "gb18597-2023-storage")
    with pytest.raises(StateError):
        import_self_assessment(store, gb["id"], path)
