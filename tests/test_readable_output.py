"""What officers read never shows an internal id or Python value: the 核验 PDF report
(``envhelp verify`` and 数据 → 核验 PDF…) and the amendment history (修正记录)."""

from __future__ import annotations

import re

import pytest

from envhelp import i18n
from envhelp.domain import check_answers, officers, visit_amendments, visits
from envhelp.reports.pdf import collect_visit_record, render_visit_record
from envhelp.reports.pdf.verify import verify_pdf
from envhelp.reports.pdf.verify_report import describe
from tests.conftest import draft_visit

# Documents need the issuing bureau (settings.require_bureau).
pytestmark = pytest.mark.usefixtures("bureau")

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TEMPLATE = "gb18597-2023-storage"


@pytest.fixture
def printed(store, enterprise, officer, officer2, tmp_path):
    """A final visit with a check and its record PDF, then amended: another officer,
    a different answer."""
    officers.set_current(store, officer["id"])
    store.actor = f"{officer['name']} <{officer['id']}>"
    visit = draft_visit(store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05")
    check = check_answers.start_check(store, visit["id"], TEMPLATE)
    for row in check_answers.results(store, check["id"]):
        check_answers.set_result(store, row["result_id"], "compliant", "")
    visits.finalize(store, visit["id"])
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(render_visit_record(collect_visit_record(store, visit["id"])))
    visit_amendments.amend(
        store, visit["id"], {"officer_ids": [officer["id"], officer2["id"]]}, "漏记一人"
    )
    return visit, pdf


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_verify_report_names_records_and_fields(store, printed, lang):
    _visit, pdf = printed
    i18n.set_language(lang)
    report = describe(verify_pdf(store, pdf), pdf.name)
    text = "\n".join([report.headline, *report.details])
    assert not report.verified and report.details
    assert not UUID.search(text), text
    assert "{" not in text and "'" not in text and "None" not in text, text
    officer_line = next(line for line in report.details if "李强" in line)
    assert officer_line.endswith(" → 李强"), officer_line  # the officer added, by name


def test_amendment_history_names_the_officer_not_the_id(store, printed):
    from envhelp.gui.visit_editor.amend import history_text

    visit, _pdf = printed
    text = history_text(store, visit["id"])
    assert "王敏" in text and "漏记一人" in text and "王敏、李强" in text
    assert not UUID.search(text), text
