"""``verify`` tells the truth: every printed value is checked (or named as unchecked),
a PDF saved again without its metadata still verifies from its pages, and a ledger
action after printing is a later change, not an alteration."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from envhelp import i18n
from envhelp.cli import cli
from envhelp.domain import enterprises, ledger
from envhelp.reports.pdf import (
    collect_visit_record,
    fingerprint,
    render_notice,
    render_visit_record,
    verify_pdf,
)
from envhelp.reports.pdf.verify_report import describe
from tests.test_pdf_documents import _pages_with_stamp_of, company, make_visit  # noqa: F401

# Documents need the issuing bureau (settings.require_bureau).
pytestmark = pytest.mark.usefixtures("bureau")


@pytest.fixture
def built(store, company, officer, officer2, tmp_path):  # noqa: F811
    return make_visit(store, company, officer, officer2, tmp_path, n_items=12, n_photos=2)


def strip_metadata(pdf: bytes) -> bytes:
    """The pages alone, as "print to PDF" leaves them: no document info, no attachment."""
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    assert not PdfReader(io.BytesIO(out.getvalue())).attachments
    return out.getvalue()


def _item(record, *, result):
    check = record.checks[0]
    return next(i for i in check.items if i.result == result)


def test_verify_catches_an_altered_item_result(store, built, tmp_path):
    record = collect_visit_record(store, built["visit"]["id"])
    good = _item(record, result="compliant")
    check = record.checks[0]
    forged_items = tuple(
        replace(i, result="non_compliant") if i.code == good.code else i for i in check.items
    )
    edited = replace(record, checks=(replace(check, items=forged_items),))
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(
        _pages_with_stamp_of(
            render_visit_record(edited), "record", fingerprint.canonical_content(record, "record")
        )
    )
    result = verify_pdf(store, forged)
    assert result.matches and not result.verified  # the stamp is genuine, the page is not
    assert (f"checks[{check.id}].items[{good.code}].result", "符合") in result.unprinted

    # The other way round: a non-compliant item printed as compliant.
    bad = _item(record, result="non_compliant")
    forged_items = tuple(
        replace(i, result="compliant") if i.code == bad.code else i for i in check.items
    )
    edited = replace(record, checks=(replace(check, items=forged_items),))
    forged.write_bytes(
        _pages_with_stamp_of(
            render_visit_record(edited), "record", fingerprint.canonical_content(record, "record")
        )
    )
    paths = [path for path, _ in verify_pdf(store, forged).unprinted]
    assert f"checks[{check.id}].items[{bad.code}].result" in paths
    assert f"checks[{check.id}].figures" not in paths  # the figures were drawn as stored


def test_verify_catches_altered_figures_and_certificate_number(store, built, tmp_path):
    record = collect_visit_record(store, built["visit"]["id"])
    check = record.checks[0]
    figures = dict(check.figures, compliant=check.figures["compliant"] + 1)
    officer = record.officers[1]
    edited = replace(
        record,
        checks=(replace(check, figures=figures),),
        officers=(record.officers[0], replace(officer, cert_no="37020099999")),
    )
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(
        _pages_with_stamp_of(
            render_visit_record(edited), "record", fingerprint.canonical_content(record, "record")
        )
    )
    paths = {path for path, _ in verify_pdf(store, forged).unprinted}
    assert {f"checks[{check.id}].figures", f"officers[{officer.id}].cert_no"} <= paths


@pytest.mark.parametrize("kind", ["record", "notice"])
def test_a_pdf_printed_again_without_metadata_verifies_from_its_pages(store, built, tmp_path, kind):
    render = render_visit_record if kind == "record" else render_notice
    record = collect_visit_record(store, built["visit"]["id"])
    i18n.set_language("en")  # printed in English: labels are looked for in English
    english = tmp_path / f"{kind}-en.pdf"
    english.write_bytes(strip_metadata(render(record)))
    assert verify_pdf(store, english).verified
    i18n.set_language("zh")
    reprinted = tmp_path / f"{kind}.pdf"
    reprinted.write_bytes(strip_metadata(render(record)))
    result = verify_pdf(store, reprinted)
    assert result.from_pages and result.kind == kind and result.record_id == record.visit.id
    assert result.verified, result.unprinted
    words = describe(result, "x.pdf")
    assert words.verified and any("打印为 PDF" in line for line in words.details)
    assert any(line.startswith("未核对：") for line in words.details)  # says what it skipped

    # The database changed since: the pages' fingerprint no longer matches, and the
    # values the database holds now but the pages lack are named.
    enterprises.update(store, built["visit"]["enterprise_id"], {"contact_phone": "13900000000"})
    result = verify_pdf(store, reprinted)
    assert result.from_pages and not result.matches and not result.verified
    assert ("enterprise.contact_phone", None, "13900000000") in result.differences


def test_pages_without_a_fingerprint_are_not_an_envhelp_pdf(store, built, tmp_path, db_path):
    from reportlab.pdfgen.canvas import Canvas

    other = tmp_path / "other.pdf"
    canvas = Canvas(str(other))
    canvas.drawString(100, 100, built["visit"]["record_no"] or "x")
    canvas.save()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "verify", str(other)])
    assert result.exit_code == 2, result.output


def test_an_extension_after_printing_is_a_later_change_not_an_alteration(
    store, built, tmp_path, db_path
):
    # Distinct deadlines on the paper, so a redrawn one cannot pass for the other.
    ledger.extend_deadline(store, built["problems"][0]["id"], "2026-03-27", "先行延期")
    notice = tmp_path / "notice.pdf"
    notice.write_bytes(render_notice(collect_visit_record(store, built["visit"]["id"])))
    problem_id = built["problems"][1]["id"]
    ledger.extend_deadline(store, problem_id, "2026-03-31", "企业申请延期")
    result = verify_pdf(store, notice)
    assert not result.matches and result.unaltered and result.verified
    assert [(c.path, c.old, c.new) for c in result.later_changes] == [
        (f"problems[{problem_id}].deadline", "2026-03-20", "2026-03-31")
    ]
    assert "企业申请延期" in result.later_changes[0].why
    out = CliRunner().invoke(cli, ["--db", str(db_path), "verify", str(notice)])
    assert out.exit_code == 0, out.output
    assert "不是对文书的改动" in out.output and "2026-03-20 → 2026-03-31" in out.output

    # The same extension does not excuse a page whose deadline was redrawn.
    record = collect_visit_record(store, built["visit"]["id"])
    forged = tmp_path / "forged.pdf"
    snapshot = fingerprint.read_stamp(notice).snapshot
    forged.write_bytes(_pages_with_stamp_of(render_notice(record), "notice", snapshot))
    result = verify_pdf(store, forged)
    assert not result.verified
    assert (f"problems[{problem_id}].deadline", "2026-03-20") in result.unprinted


def test_a_record_listing_only_non_compliant_items_verifies(store, built, tmp_path):
    from envhelp.reports.pdf import RecordOptions

    record = collect_visit_record(store, built["visit"]["id"])
    path = tmp_path / "short.pdf"
    path.write_bytes(render_visit_record(record, RecordOptions("non_compliant")))
    result = verify_pdf(store, path)
    assert result.verified, result.unprinted
    # Its failed items are still looked for: one redrawn as compliant is caught.
    check = record.checks[0]
    bad = _item(record, result="non_compliant")
    items = tuple(replace(i, result="compliant") if i.code == bad.code else i for i in check.items)
    path.write_bytes(
        _pages_with_stamp_of(
            render_visit_record(
                replace(record, checks=(replace(check, items=items),)),
                RecordOptions("non_compliant"),
            ),
            "record",
            fingerprint.canonical_content(record, "record"),
        )
    )
    assert not verify_pdf(store, path).verified


def test_a_stripped_pdf_with_a_later_extension_is_not_altered(store, built, tmp_path):
    ledger.extend_deadline(store, built["problems"][0]["id"], "2026-03-27", "先行延期")
    path = tmp_path / "stripped.pdf"
    path.write_bytes(
        strip_metadata(render_notice(collect_visit_record(store, built["visit"]["id"])))
    )
    problem_id = built["problems"][1]["id"]
    ledger.extend_deadline(store, problem_id, "2026-03-31", "企业申请延期")
    ledger.extend_deadline(store, problem_id, "2026-04-15", "再次延期")
    result = verify_pdf(store, path)
    assert result.from_pages and result.unaltered and result.verified
    assert [(c.path, c.old, c.new) for c in result.later_changes] == [
        (f"problems[{problem_id}].deadline", "2026-03-20", "2026-04-15")
    ]
    assert "再次延期" in result.later_changes[0].why
