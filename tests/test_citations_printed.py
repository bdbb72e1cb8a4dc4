"""Printed documents cite only confirmed clause numbers: "待核实" never reaches paper.

The rule is :func:`envhelp.domain.citations.printed_citation`; these tests render
real records and notices and read their text back (pypdf and pdftotext).
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from envhelp import i18n
from envhelp.domain import check_answers, problems, stored_templates, templates
from envhelp.reports.pdf import collect_visit_record, render_notice, render_visit_record
from tests.conftest import draft_visit

# Documents need the issuing bureau (settings.require_bureau).
pytestmark = pytest.mark.usefixtures("bureau")

GB = "gb18597-2023-storage"
DOUBT = ("待核实", "to be verified")

# How version 2 of the shipped template (still pinned by older checks) marked doubts.
LEGACY = {
    "id": "legacy-gb",
    "version": "1",
    "title_zh": "旧版检查表",
    "title_en": "Old checklist",
    "standard": "GB 18597-2023",
    "items": [
        {
            "code": "L-01",
            "category": {"zh": "设施", "en": "Site"},
            "requirement_zh": "地面无裂缝",
            "requirement_en": "No cracks",
            "clause": "6.1.3",
            "confidence": "inferred",
            "severity": "major",
            "deadline_days": 30,
        },
        {
            "code": "L-02",
            "category": {"zh": "设施", "en": "Site"},
            "requirement_zh": "防止无关人员进入",
            "requirement_en": "Keep people out",
            "clause": "4",
            "confidence": "inferred",
            "legal_basis_zh": "GB 18597-2023 第4章或第6.1节（条款号待核实）",
            "legal_basis_en": "GB 18597-2023 chapter 4 or section 6.1 (clause number to be verified)",
            "severity": "minor",
            "deadline_days": 30,
        },
        {
            "code": "L-03",
            "category": {"zh": "应急", "en": "Emergency"},
            "requirement_zh": "应急预案备案",
            "requirement_en": "Emergency plan filed",
            "clause": "85",
            "confidence": "secondary",
            "legal_basis_zh": "《中华人民共和国固体废物污染环境防治法》第八十五条；GB 18597-2023 第11.1条（条款号待核实）",
            "legal_basis_en": "Solid Waste Law of the PRC (2020), Art. 85; GB 18597-2023 clause 11.1 "
            "(clause number to be verified)",
            "severity": "major",
            "deadline_days": 30,
        },
    ],
}


def _texts(pdf: bytes, tmp_path) -> list[str]:
    """The document's text as pypdf reads it and, where installed, as pdftotext does."""
    texts = ["\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)]
    if shutil.which("pdftotext"):
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        texts.append(
            subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
    return texts


@pytest.fixture
def visit_with_every_item_failed(store, enterprise, officer, officer2):
    """Every item of the shipped GB template and of a version-2-style one non-compliant,
    each with its proposed problem, plus a problem whose stored basis carries the old mark."""
    stored_templates.register(
        store, templates.parse_template(json.dumps(LEGACY, ensure_ascii=False))
    )
    visit = draft_visit(
        store, enterprise["id"], [officer["id"], officer2["id"]], "inspection", day="2026-03-05"
    )
    for template_id in (GB, "legacy-gb"):
        check = check_answers.start_check(store, visit["id"], template_id, scope=None)
        for row in check_answers.results(store, check["id"]):
            check_answers.set_result(store, row["result_id"], "non_compliant", "现场发现")
            problems.create(store, check_answers.propose_problem(store, row["result_id"]))
    problems.create(
        store,
        {
            "enterprise_id": enterprise["id"],
            "visit_id": visit["id"],
            "found_on": "2026-03-05",
            "description": "旧数据中的问题",
            "requirement": "整改",
            "legal_basis": "GB 18597-2023 第6.1.3条（条款号待核实）",
            "deadline": "2026-04-05",
            "category": "hazardous_waste",
        },
    )
    return visit


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_unconfirmed_clause_reaches_paper(
    store, visit_with_every_item_failed, tmp_path, language
):
    i18n.set_language(language)
    record = collect_visit_record(store, visit_with_every_item_failed["id"])
    # The data behind the documents still knows the doubt (the program shows it) …
    assert any("待核实" in item.basis_zh for check in record.checks for item in check.items)
    for pdf in (render_visit_record(record), render_notice(record)):
        for text in _texts(pdf, tmp_path):
            # … the paper never does.
            for mark in DOUBT:
                assert mark not in text
            flat = "".join(text.split())
            for number in ("第6.1.3条", "第11.1条", "第6.1节", "clause6.1.3", "clause11.1"):
                assert number not in flat
            # Confirmed clauses and the laws' articles are still cited.
            assert ("第6.2.2条" in flat) or ("clause6.2.2" in flat)
            assert "GB18597-2023" in flat


def test_record_clause_column_holds_confirmed_standard_clauses_only(
    store, visit_with_every_item_failed
):
    record = collect_visit_record(store, visit_with_every_item_failed["id"])
    gb_check = next(c for c in record.checks if c.template_id == GB)
    by_code = {item.code: item for item in gb_check.items}
    assert by_code["GB18597-ST-31"].clause == "6.2.2"
    assert by_code["GB18597-ST-05"].clause == ""  # inferred
    assert by_code["GB18597-ST-25"].clause == ""  # an article of a law: in 依据 only
    assert "第八十一条" in by_code["GB18597-ST-25"].printed_basis_zh
    legacy = next(c for c in record.checks if c.template_id == "legacy-gb")
    assert [item.clause for item in legacy.items] == ["", "", ""]
    # Problems print through the same rule, with their item's confirmed clause.
    texts = {pr.description.split("\n")[0]: pr for pr in record.problems}
    old = texts["旧数据中的问题"]
    assert old.legal_basis.endswith("（条款号待核实）") and old.printed_basis == "GB 18597-2023"
    leak = next(pr for pr in record.problems if pr.item_code == "GB18597-ST-31")
    assert (leak.printed_clause, leak.printed_basis) == ("6.2.2", "GB 18597-2023 第6.2.2条")
