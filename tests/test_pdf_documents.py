"""PDF visit records and rectification notices: content, layout, fonts, verify, CLI."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from dataclasses import replace

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from envhelp import i18n
from envhelp.cli import cli
from envhelp.domain import (
    attachments,
    check_answers,
    enterprises,
    ledger,
    problems,
    stored_templates,
    templates,
    visits,
)
from envhelp.reports.pdf import (
    RecordOptions,
    collect_visit_record,
    export_month,
    fingerprint,
    render_notice,
    render_visit_record,
    verify_pdf,
)
from envhelp.reports.pdf.common import PHOTO_MAX_PX
from tests.conftest import draft_visit

pytestmark = pytest.mark.usefixtures("bureau")

TRICKY = "A&B <公司> \"双引号\" '单引号'"
N_ITEMS = 60
N_PHOTOS = 8


def _template(n_items: int) -> dict:
    items = [
        {
            "code": f"T-{i:03d}",
            "category": {"zh": "贮存设施", "en": "Storage"},
            "requirement_zh": f"第{i}项要求：贮存设施应当防风、防晒、防雨、防漏、防渗、防腐，"
            "并按规定设置标志和台账，容器完好无破损。",
            "requirement_en": f"Requirement {i}: the facility keeps off wind, sun and rain.",
            "clause": f"6.{i}",
            "severity": "major" if i % 2 else "minor",
            "deadline_days": 15,
        }
        for i in range(1, n_items + 1)
    ]
    text = json.dumps(
        {
            "id": f"test-{n_items}",
            "version": "1",
            "title_zh": "测试检查表",
            "title_en": "Test checklist",
            "standard": "GB 18597-2023",
            "items": items,
        },
        ensure_ascii=False,
    )
    return templates.parse_template(text, "test.json")


def failed(i: int) -> bool:
    """Which items the test visits answer non-compliant."""
    return i % 7 == 0 or i == 2


def _photo(path, size, color):
    Image.new("RGB", size, color).save(path)
    return path


@pytest.fixture
def company(store):
    return enterprises.add(
        store,
        {
            "name": TRICKY,
            "uscc": "91130200699229617X",
            "legal_rep": "张三",
            "contact_person": "赵六",
            "contact_phone": "13800000000",
            "address": "青岛市城阳区长城路 88 号",
            "town": "城阳街道",
            "permit_no": "91130200699229617X001P",
            "permit_class": "key",
            "hw_categories": "HW08,HW49",
        },
    )


def make_visit(
    store,
    company,
    officer,
    officer2,
    tmp_path,
    *,
    final=True,
    n_items=N_ITEMS,
    n_photos=N_PHOTOS,
    date="2026-03-05",
):
    """A visit with a long check, two problems and photos linked three ways."""
    stored_templates.register(store, _template(n_items))
    visit = visits.create(
        store,
        {
            "enterprise_id": company["id"],
            "date": date,
            "time": "09:30",
            "type": "inspection",
            "officer_ids": [officer["id"], officer2["id"]],
            "representative": "赵六",
            "guidance": "指导完善危废台账。\n第二行 <b>不是标记</b> & 符号",
            "laws": ["gb18597_2023", "本地规定 <试行>"],
            "satisfaction": "satisfied",
            "task_source": "complaint",
        },  # many visits of one enterprise: outside the yearly cap
    )
    check = check_answers.start_check(store, visit["id"], f"test-{n_items}", "1")
    rows = check_answers.results(store, check["id"])
    for i, row in enumerate(rows, 1):
        result = (
            "non_compliant" if failed(i) else ("not_applicable" if i % 11 == 0 else "compliant")
        )
        check_answers.set_result(store, row["result_id"], result, f"说明{i}" if i % 5 == 0 else "")
    bad = next(
        r for r in check_answers.results(store, check["id"]) if r["result"] == "non_compliant"
    )
    p1 = problems.create(store, check_answers.propose_problem(store, bad["result_id"]))
    p2 = problems.create(
        store,
        {
            "enterprise_id": company["id"],
            "visit_id": visit["id"],
            "found_on": date,
            "description": "危废标签缺少产生日期 " + TRICKY,
            "requirement": "补全标签信息",
            "legal_basis": "HJ 1276-2022",
            "deadline": date[:8] + "20",
            "category": "hazardous_waste",
        },
    )
    photo_dir = tmp_path / "photos"
    photo_dir.mkdir(exist_ok=True)
    for i in range(n_photos):
        size = (5000, 3750) if i == 0 else ((600, 900) if i % 2 else (1200, 800))
        path = _photo(photo_dir / f"p{i}.jpg", size, (30 * i % 255, 120, 200))
        caption = f"照片说明{i:02d}"
        if i % 3 == 0:
            attachments.add(store, path, caption=caption, visit_id=visit["id"])
        elif i % 3 == 1:
            attachments.add(store, path, caption=caption, problem_id=p2["id"])
        else:
            check_answers.add_photo(store, bad["result_id"], path, caption)
    doc = photo_dir / "监测报告.pdf"
    doc.write_bytes(b"%PDF-1.4\n%%EOF\n")
    attachments.add(store, doc, caption="监测报告", visit_id=visit["id"])
    if final:
        visit = visits.finalize(store, visit["id"])
    return {"visit": visit, "problems": [p1, p2], "check": check}


def text_of(pdf: bytes) -> tuple[list[str], str]:
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return pages, "\n".join(pages)


@pytest.fixture
def built(store, company, officer, officer2, tmp_path):
    return make_visit(store, company, officer, officer2, tmp_path)


def test_record_contains_enterprise_problems_and_number(store, built):
    record = collect_visit_record(store, built["visit"]["id"])
    pdf = render_visit_record(record)
    _, text = text_of(pdf)
    assert record.visit.record_no and record.visit.record_no in text
    assert TRICKY in text  # & < > and both kinds of quote print literally
    assert "91130200699229617X" in text
    assert "<b>不是标记</b> & 符号" in text and "本地规定 <试行>" in text
    for problem in built["problems"]:
        assert problem["requirement"][:12] in text
        assert problem["legal_basis"][:10] in text
    assert "2026年3月20日" in text  # dates as documents write them
    assert "王敏" in text and "37020012345" in text and "37020054321" in text
    assert "HW08" in text and "现场检查（勘察）笔录" in text and "满意" in text


def test_long_check_and_photos_paginate_without_loss(store, built):
    record = collect_visit_record(store, built["visit"]["id"])
    pdf = render_visit_record(record, RecordOptions("full"))
    pages, text = text_of(pdf)
    assert len(pages) > 1
    flat = re.sub(r"\s+", "", text)
    for i in range(1, N_ITEMS + 1):
        assert f"T-{i:03d}" in flat, f"item T-{i:03d} lost"
    for i in range(N_PHOTOS):
        assert f"照片说明{i:02d}" in flat, f"caption {i} lost"
    assert "监测报告.pdf" in text  # the non-image file is listed by name, not drawn
    item_pages = [p for p in pages if re.search(r"T-\d{3}\s*\[贮存设施\]", p)]
    assert len(item_pages) > 1
    for page in item_pages:  # the header row repeats on every page of the table
        assert "检查内容" in page and "条款" in page and "依据" in page
    # Every page carries "page x of y", the record number and the short fingerprint.
    short = fingerprint.short(fingerprint.fingerprint(record))
    for n, page in enumerate(pages, 1):
        assert f"第 {n} 页 共 {len(pages)} 页" in page
        assert record.visit.record_no in page and short in page
    # Photos go in reduced; the huge original is left as it was.
    reader = PdfReader(io.BytesIO(pdf))
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == N_PHOTOS
    assert max(img.image.size[0] for img in images) <= PHOTO_MAX_PX
    stored = attachments.stored_path(
        store, store.query_one("SELECT * FROM attachments WHERE caption = '照片说明00'")
    )
    with Image.open(stored) as original:
        assert original.size == (5000, 3750)


def test_non_compliant_mode_lists_only_failed_items(store, built):
    record = collect_visit_record(store, built["visit"]["id"])
    _, text = text_of(render_visit_record(record, RecordOptions("non_compliant")))
    flat = re.sub(r"\s+", "", text)
    for i in range(1, N_ITEMS + 1):
        assert (f"T-{i:03d}" in flat) == failed(i), i
    with pytest.raises(ValueError):
        RecordOptions("some")


def test_draft_has_watermark_and_no_number(store, company, officer, officer2, tmp_path):
    built = make_visit(
        store, company, officer, officer2, tmp_path, final=False, n_items=5, n_photos=1
    )
    record = collect_visit_record(store, built["visit"]["id"])
    assert record.is_draft and record.visit.record_no == ""
    pages, text = text_of(render_visit_record(record))
    for page in pages:
        assert "草稿 DRAFT" in page
    assert "〔" not in text  # no record number anywhere
    # The notice of a draft is marked the same way.
    pages, _ = text_of(render_notice(record))
    assert all("草稿 DRAFT" in page for page in pages)


def _pdffonts(path) -> str:
    exe = shutil.which("pdffonts")
    if exe is None:
        pytest.fail("pdffonts (poppler-utils) is missing: install it with scripts/setup.sh --test")
    return subprocess.run([exe, str(path)], capture_output=True, text=True, check=True).stdout


def _pdftotext(path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext (poppler-utils) is missing: install it with scripts/setup.sh --test")
    return subprocess.run([exe, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_fonts_embedded_and_chinese_extractable(store, built, tmp_path):
    record = collect_visit_record(store, built["visit"]["id"])
    for name, pdf in (("r.pdf", render_visit_record(record)), ("n.pdf", render_notice(record))):
        path = tmp_path / name
        path.write_bytes(pdf)
        rows = [line.split() for line in _pdffonts(path).splitlines()[2:] if line.strip()]
        assert rows, "no fonts listed"
        for row in rows:  # name type encoding emb sub uni ...
            assert "WenQuanYiMicroHei" in row[0], f"unexpected font {row[0]}"
            assert row[-5] == "yes", f"font {row[0]} not embedded"
        text = _pdftotext(path)
        assert "危废标签缺少产生日期" in text and "青岛市城阳区长城路" in text


def test_notice_lists_problems_and_reply_slip(store, built):
    record = collect_visit_record(store, built["visit"]["id"])
    pages, text = text_of(render_notice(record))
    assert "整改告知书" in text and "回执" in text and TRICKY in text
    assert record.visit.record_no in text
    assert "2026年3月20日" in text
    for problem in built["problems"]:
        assert problem["legal_basis"][:10] in text
    assert record.issuer.bureau_name in text
    assert all(f"共 {len(pages)} 页" in page for page in pages)


def test_notice_refused_without_problems(store, company, officer, officer2):
    from envhelp.errors import StateError

    visit = draft_visit(
        store, company["id"], [officer["id"]], "law_publicity", day="2026-03-01", time=None
    )
    record = collect_visit_record(store, visit["id"])
    with pytest.raises(StateError):
        render_notice(record)
    _, text = text_of(render_visit_record(record))
    assert "送法入企帮扶记录" in text and "本次未使用检查表" in text


def test_english_labels(store, built):
    i18n.set_language("en")
    record = collect_visit_record(store, built["visit"]["id"])
    pages, text = text_of(render_visit_record(record))
    assert "On-site Inspection Record" in text and f"Page 1 of {len(pages)}" in text
    assert "Requirement 1:" in text
    # The fingerprint does not depend on the print language.
    i18n.set_language("zh")
    assert fingerprint.fingerprint(
        collect_visit_record(store, built["visit"]["id"])
    ) == fingerprint.fingerprint(record)


def test_settings_and_fingerprint_scope(store, built):
    store.set_setting("bureau_name", "青岛市生态环境局")
    store.set_setting("unit_name", "城阳分局执法大队")
    record = collect_visit_record(store, built["visit"]["id"])
    _, text = text_of(render_visit_record(record))
    assert "青岛市生态环境局" in text and "城阳分局执法大队" in text
    content = fingerprint.canonical_content(record)
    assert content["kind"] == "record" and "figures" not in json.dumps(content)
    assert not any("path" in a for a in content["attachments"])
    notice = fingerprint.canonical_content(record, "notice")
    assert set(notice) == {"format", "kind", "visit", "enterprise", "problems", "issuer"}
    expected = hashlib.sha256(
        json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    assert fingerprint.fingerprint(record) == expected
    # Closing a problem later does not make the printed record stale.
    store.update("problems", built["problems"][1]["id"], {"status": "closed"})
    assert fingerprint.fingerprint(collect_visit_record(store, built["visit"]["id"])) == expected


def test_verify_match_and_changed_record(store, built, db_path, tmp_path):
    visit_id = built["visit"]["id"]
    out = tmp_path / "out" / "record.pdf"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "report", "visit", visit_id, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert not list(out.parent.glob("*.part"))
    notice = tmp_path / "out" / "notice.pdf"
    result = runner.invoke(
        cli,
        ["--db", str(db_path), "report", "notice", built["visit"]["record_no"], "-o", str(notice)],
    )
    assert result.exit_code == 0, result.output

    for path in (out, notice):
        result = runner.invoke(cli, ["--db", str(db_path), "verify", str(path)])
        assert result.exit_code == 0, result.output
        assert "一致" in result.output

    enterprises.update(store, built["visit"]["enterprise_id"], {"contact_phone": "13900000000"})
    ledger.extend_deadline(store, built["problems"][1]["id"], "2026-03-31", "企业申请延期")
    result = runner.invoke(cli, ["--db", str(db_path), "verify", str(out)])
    assert result.exit_code == 3, result.output
    assert "企业 · 联系电话：13800000000 → 13900000000" in result.output
    # The extension is named as a later change, the problem by its number on the paper.
    assert "问题 2 · 整改期限：2026-03-20 → 2026-03-31 — 后续变更：" in result.output
    assert built["problems"][1]["id"] not in result.output  # no internal id shown
    check = verify_pdf(store, notice)
    assert not check.matches and check.snapshot_intact and not check.verified
    # The phone number was edited; the extension is a later ledger action.
    assert {d[0] for d in check.differences} == {"enterprise.contact_phone"}
    assert [c.path for c in check.later_changes] == [
        f"problems[{built['problems'][1]['id']}].deadline"
    ]


def _pages_with_stamp_of(pages_pdf: bytes, kind: str, content: dict) -> bytes:
    """A forgery: the drawn pages of ``pages_pdf`` under another document's stamp (the
    id, fingerprint and snapshot of ``content``), as if its text had been edited."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pages_pdf)).pages:
        writer.add_page(page)
    plain = io.BytesIO()
    writer.write(plain)
    return fingerprint.embed(plain.getvalue(), kind, content)


@pytest.mark.parametrize("kind", ["record", "notice"])
def test_verify_reads_the_drawn_pages(store, built, db_path, tmp_path, kind):
    render = render_visit_record if kind == "record" else render_notice
    record = collect_visit_record(store, built["visit"]["id"])
    genuine = tmp_path / f"{kind}.pdf"
    genuine.write_bytes(render(record))
    check = verify_pdf(store, genuine)
    assert check.verified and check.unprinted == []

    # Edited pages under the untouched stamp: one digit of the phone number and of a
    # problem's legal basis drawn differently.
    problem_id = built["problems"][1]["id"]
    edited = replace(
        record,
        enterprise=replace(record.enterprise, contact_phone="13800000009"),
        problems=tuple(
            replace(pr, printed_basis="HJ 1276-2023") if pr.id == problem_id else pr
            for pr in record.problems
        ),
    )
    forged = tmp_path / f"forged-{kind}.pdf"
    forged.write_bytes(
        _pages_with_stamp_of(render(edited), kind, fingerprint.canonical_content(record, kind))
    )
    check = verify_pdf(store, forged)
    assert check.matches and not check.verified  # the stamp alone would have passed
    assert check.unprinted == [
        ("enterprise.contact_phone", "13800000000"),
        (f"problems[{problem_id}].legal_basis", "HJ 1276-2022"),
    ]
    result = CliRunner().invoke(cli, ["--db", str(db_path), "verify", str(forged)])
    assert result.exit_code == 3, result.output
    assert "页面上的文字被改过" in result.output
    assert "企业 · 联系电话：13800000000" in result.output
    assert problem_id not in result.output


def test_verify_finds_text_the_font_cannot_draw_and_long_split_rows(store, built, tmp_path):
    """Super/subscripts print as plain digits, characters the font lacks as empty boxes,
    and a long problem runs over a page break: a genuine PDF still verifies."""
    odd = (
        "容积≥50 m³，含 CO₂；😀 表情；生僻字𠀀；"
        + "贮存设施应当防风、防晒、防雨、防漏、防渗、防腐。" * 40
    )
    problem = built["problems"][1]
    store.update("problems", problem["id"], {"description": odd, "requirement": odd})
    for kind, render in (("record", render_visit_record), ("notice", render_notice)):
        path = tmp_path / f"odd-{kind}.pdf"
        path.write_bytes(render(collect_visit_record(store, built["visit"]["id"])))
        check = verify_pdf(store, path)
        assert check.verified, (kind, check.unprinted)


def test_drawn_needs_pieces_to_meet_at_breaks():
    from envhelp.reports.pdf.verify_pages import BREAK, drawn

    text = BREAK.join(
        [
            "编号：环帮〔2026〕第0001号",
            "联系电话",
            "13800000009",
            "危险废物贮存设施应当",
            "防风防晒",
            "其他内容",
            "防雨防漏防渗。",
            "HJ",
            "1276-2023",
            "2026-03-20",
        ]
    )
    assert drawn("危险废物贮存设施应当防风防晒", text)  # a cell's lines, wrapped
    assert drawn("危险废物贮存设施应当防风防晒防雨防漏防渗。", text)  # the rest after a break
    assert not drawn("危险废物贮存设施应当防风防晒防雨防漏防腐。", text)  # one character changed
    assert not drawn("13800000000", text)  # the last digit changed
    assert not drawn("HJ 1276-2022", text)
    assert drawn("HJ 1276-2023", text) and drawn("2026-03-20", text)
    assert drawn("", text)


def test_verify_unreadable_or_foreign_pdf(store, db_path, tmp_path):
    runner = CliRunner()
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf at all")
    foreign = tmp_path / "foreign.pdf"
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(foreign))
    canvas.drawString(100, 100, "hello")
    canvas.save()
    for path in (junk, foreign, tmp_path / "missing.pdf"):
        result = runner.invoke(cli, ["--db", str(db_path), "verify", str(path)])
        assert result.exit_code == 2, (path, result.output)


def test_month_batch_progress_and_cancel(store, company, officer, officer2, tmp_path, db_path):
    make_visit(
        store, company, officer, officer2, tmp_path, n_items=3, n_photos=0, date="2026-04-02"
    )
    make_visit(
        store, company, officer, officer2, tmp_path, n_items=3, n_photos=0, date="2026-04-09"
    )
    make_visit(
        store,
        company,
        officer,
        officer2,
        tmp_path,
        final=False,
        n_items=3,
        n_photos=0,
        date="2026-04-10",
    )
    calls = []
    result = export_month(store, "2026-04", tmp_path / "m", progress=lambda *a: calls.append(a))
    assert result.total == 2 and len(result.written) == 2 and not result.cancelled
    assert [c[:2] for c in calls] == [(1, 2), (2, 2)]
    assert all(verify_pdf(store, path).matches for path in result.written)
    stopped = export_month(store, "2026-04", tmp_path / "c", cancelled=lambda: True)
    assert stopped.cancelled and stopped.written == []

    runner = CliRunner()
    out = runner.invoke(
        cli, ["--db", str(db_path), "report", "month", "2026-04", "-o", str(tmp_path / "cli")]
    )
    assert out.exit_code == 0, out.output
    assert len(list((tmp_path / "cli").glob("*.pdf"))) == 2
    bad = runner.invoke(cli, ["--db", str(db_path), "report", "month", "2026-13", "-o", "x"])
    assert bad.exit_code == 2


def test_very_long_texts_split_inside_cells(store, company, officer):
    long_text = "贮存库地面裂缝较多，防渗层破损。" * 120 + "末尾标记ZZ"
    visit = visits.create(
        store,
        {
            "enterprise_id": company["id"],
            "date": "2026-03-01",
            "type": "stationed",
            "officer_ids": [officer["id"]],
            "guidance": "指导" * 2400 + "指导结束YY",
        },
    )
    problems.create(
        store,
        {
            "enterprise_id": company["id"],
            "visit_id": visit["id"],
            "found_on": "2026-03-01",
            "description": long_text[:1990],
            "requirement": long_text[-1990:],
            "deadline": "2026-04-01",
        },
    )
    record = collect_visit_record(store, visit["id"])
    for pdf in (render_visit_record(record), render_notice(record)):
        pages, text = text_of(pdf)
        assert len(pages) > 1
        assert "末尾标记ZZ" in re.sub(r"\s+", "", text)
    _, text = text_of(render_visit_record(record))
    assert "指导结束YY" in re.sub(r"\s+", "", text)
