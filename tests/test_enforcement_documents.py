"""Issue 13's documents: the 笔录 page by page, the 回头看 record, the notice's split, the
order and the proof of delivery, their numbers, and refusals that write nothing."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from envhelp.cli import cli
from envhelp.domain import enterprises, followups, problems, visits
from envhelp.reports.pdf import (
    collect_visit_record,
    render_notice,
    render_order,
    render_visit_record,
    write_notice,
    write_order,
    write_receipt,
    write_visit_record,
)
from envhelp.reports.pdf.notice import render_receipt
from tests.conftest import BUREAU, draft_visit, set_bureau

PROGRAM_NAME = re.compile(r"envhelp", re.IGNORECASE)
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SIGNATURE_LINE = "被检查单位现场负责人（签名）"
NOTED = "未满足：危险废物贮存库应设置贮存设施标志\n现场情况：贮存库门口未设置标志牌"


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(pages_of(pdf)))


@pytest.fixture
def company(store):
    return enterprises.add(
        store,
        {
            "name": "青岛精锐机械有限公司",
            "uscc": "91130200699229617X",
            "legal_rep": "张三",
            "address": "青岛市即墨区鹤山路 88 号",
            "contact_person": "赵六",
            "contact_phone": "13800000000",
        },
    )


def problem(store, visit, description, **extra):
    data = {
        "enterprise_id": visit["enterprise_id"],
        "visit_id": visit["id"],
        "found_on": visit["date"],
        "description": description,
        "requirement": "按 HJ 1276-2022 设置标志",
        "legal_basis": "《固体废物污染环境防治法》第七十七条",
        "deadline": "2026-03-20",
        **extra,
    }
    return problems.create(store, data)


@pytest.fixture
def inspection(store, company, officer, officer2):
    """A final inspection: two problems to rectify (one worded from a checklist item with
    the officer's note) and one fixed on the spot."""
    visit = visits.create(
        store,
        {
            "enterprise_id": company["id"],
            "date": "2026-03-05",
            "time": "09:30",
            "end_time": "11:05",
            "type": "inspection",
            "place": "二号车间危废贮存库",
            "officer_ids": [officer["id"], officer2["id"]],
            "recorder_id": officer2["id"],
            "representative": "赵六",
            "representative_post": "环保专员",
            "representative_phone": "13800000000",
            "party_answer": "听清楚了，不申请回避。",
        },
    )
    noted = problem(store, visit, NOTED)
    plain = problem(store, visit, "危废台账未记录出库去向", deadline="2026-04-05")
    fixed = problem(store, visit, "贮存库门口堆放杂物", handling="on_the_spot", deadline=None)
    visit = visits.finalize(store, visit["id"])
    return {"visit": visit, "noted": noted, "plain": plain, "fixed": fixed}


def test_record_is_a_signed_inspection_record(store, bureau, inspection):
    """Time from/to, place, person on site, officers with certificates, recorder, the
    notices and the answer, the handwritten statement, a signature line on every page."""
    record = collect_visit_record(store, inspection["visit"]["id"])
    pdf = render_visit_record(record)
    text = flat(pdf)
    for part in (
        "现场检查（勘察）笔录",
        "自2026年3月5日9时30分至11时05分",
        "二号车间危废贮存库",
        "91130200699229617X",
        "张三",
        "赵六",
        "环保专员",
        "王敏（执法证号37020012345）",
        "李强（执法证号37020054321）",
        "记录人李强",
        "申请回避",
        "如实回答",
        "答：听清楚了，不申请回避。",
        "以上记录属实",
        BUREAU["bureau_name"],
    ):
        assert part in text, part
    pages = pages_of(pdf)
    assert all(SIGNATURE_LINE in page and f"共 {len(pages)} 页" in page for page in pages)


def test_every_page_of_a_long_record_is_signed(store, bureau, inspection):
    visit_id = inspection["visit"]["id"]
    store.update("visits", visit_id, {"guidance": "讲解贮存设施建设要求。" * 600})
    pages = pages_of(render_visit_record(collect_visit_record(store, visit_id)))
    assert len(pages) > 2
    for n, page in enumerate(pages, 1):
        assert SIGNATURE_LINE in page and "执法人员（签名）" in page, f"page {n} unsigned"


def test_follow_up_record_lists_each_problem_it_verified(store, bureau, company, officer, officer2):
    first = draft_visit(
        store,
        company["id"],
        [officer["id"], officer2["id"]],
        "inspection",
        day="2026-03-05",
        time=None,
    )
    found = [problem(store, first, f"问题{n}：标签缺项") for n in range(1, 6)]
    first = visits.finalize(store, first["id"])
    follow_up = draft_visit(
        store,
        company["id"],
        [officer["id"], officer2["id"]],
        "follow_up",
        day="2026-03-25",
        time=None,
    )
    followups.apply_followup(
        store,
        follow_up["id"],
        [
            followups.FollowupDecision(p["id"], fixed=True, note=f"已补贴标签{n}")
            for n, p in enumerate(found, 1)
        ],
        today=date(2026, 6, 30),
    )
    visits.finalize(store, follow_up["id"])
    text = flat(render_visit_record(collect_visit_record(store, follow_up["id"])))
    assert "本次未使用检查表" not in text and "本次未发现问题" not in text
    assert "回头看核查情况" in text
    for n in range(1, 6):
        assert f"问题{n}：标签缺项" in text and f"已补贴标签{n}" in text
    assert text.count("已整改") >= 5 and text.count("销号") >= 5
    assert first["record_no"] in text


def test_notice_asks_only_for_what_is_still_to_rectify(store, bureau, inspection):
    record = collect_visit_record(store, inspection["visit"]["id"])
    text = flat(render_notice(record))
    table, _, rest = text.partition("现场已整改")
    assert "贮存库门口未设置标志牌" in table and "未满足" not in text  # the officer's note first
    assert "危废台账未记录出库去向" in table and "2026年4月5日" in table
    assert "贮存库门口堆放杂物" not in table and "贮存库门口堆放杂物" in rest
    assert "联系人：王敏" in text and "0532-88500000" in text


def test_order_carries_its_required_parts(store, bureau, db_path, tmp_path, inspection):
    visit = inspection["visit"]
    out = tmp_path / "order.pdf"
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "report", "order", visit["record_no"], "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = flat(out.read_bytes())
    for part in (
        "责令改正违法行为决定书",
        "即环责改〔2026〕1号",
        "当事人：青岛精锐机械有限公司",
        "91130200699229617X",
        "张三",
        "2026年3月5日",
        "贮存库门口未设置标志牌",
        f"《现场检查（勘察）笔录》（{visit['record_no']}）",
        "违反了《固体废物污染环境防治法》第七十七条的规定",
        "《中华人民共和国行政处罚法》第二十八条第一款",
        "于2026年3月20日前改正完毕",
        "于2026年4月5日前改正完毕",
        "逾期不改正",
        "六十日内向青岛市人民政府申请行政复议",
        "六个月内向青岛市即墨区人民法院提起行政诉讼",
    ):
        assert part in text, part
    assert "贮存库门口堆放杂物" not in text  # fixed on the spot: not ordered
    # The number is the order's own and stays with it; the next order gets the next one.
    write_order(store, visit["id"], tmp_path / "again.pdf")
    assert "即环责改〔2026〕1号" in flat((tmp_path / "again.pdf").read_bytes())
    assert store.get("visits", visit["id"])["order_no"] == "即环责改〔2026〕1号"


def test_receipt_carries_its_required_parts(store, bureau, tmp_path, inspection):
    visit_id = inspection["visit"]["id"]
    write_notice(store, visit_id, tmp_path / "notice.pdf")
    path = write_receipt(store, visit_id, "notice", tmp_path / "receipt.pdf", method="left")
    text = flat(path.read_bytes())
    for part in (
        "送达回证",
        "整改告知书",
        "即环改告〔2026〕1号",
        "青岛精锐机械有限公司",
        "青岛市即墨区鹤山路88号",
        "□直接送达■留置送达□邮寄送达□电子送达",
        "送达时间",
        "受送达人签收",
        "送达人王敏、李强",
        "见证人（留置送达时）",
        "备注",
    ):
        assert part in text, part


def test_documents_show_no_placeholder_program_name_or_internal_id(
    store, bureau, tmp_path, inspection
):
    visit_id = inspection["visit"]["id"]
    write_notice(store, visit_id, tmp_path / "n.pdf")
    write_order(store, visit_id, tmp_path / "o.pdf")
    record = collect_visit_record(store, visit_id)
    documents = {
        "record": render_visit_record(record),
        "notice": render_notice(record),
        "order": render_order(record),
        "receipt": render_receipt(record, "order"),
    }
    for name, pdf in documents.items():
        text = "".join(pages_of(pdf))
        assert "××" not in text and "待核实" not in text, name
        assert not PROGRAM_NAME.search(text), name
        assert not UUID.search(text), name
        info = PdfReader(io.BytesIO(pdf)).metadata
        assert not PROGRAM_NAME.search(str(info.creator)) and visit_id not in str(info.keywords)


def test_refusals_write_nothing(store, db_path, tmp_path, company, officer, officer2):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, ["--db", str(db_path), "report", *args])

    publicity = visits.finalize(
        store,
        draft_visit(
            store,
            company["id"],
            [officer["id"], officer2["id"]],
            "law_publicity",
            day="2026-03-01",
            time=None,
        )["id"],
    )
    out = tmp_path / "x.pdf"
    result = run("visit", publicity["record_no"], "-o", str(out))  # no bureau yet
    assert result.exit_code == 3 and "bureau_name" in result.output and not out.exists()
    set_bureau(store)
    result = run("visit", "即环帮〔2026〕第9999号", "-o", str(out))
    assert result.exit_code == 2 and "找不到走访记录" in result.output and not out.exists()
    for kind in ("notice", "order"):
        result = run(kind, publicity["record_no"], "-o", str(out))
        assert result.exit_code == 3, result.output
        assert not out.exists()
    result = run("receipt", publicity["record_no"], "--doc", "order", "-o", str(out))
    assert result.exit_code == 3 and not out.exists()
    assert store.get("visits", publicity["id"])["notice_no"] is None  # no number used up
    store.set_setting("court", "")
    clean = draft_visit(
        store,
        company["id"],
        [officer["id"], officer2["id"]],
        "inspection",
        day="2026-03-02",
        time=None,
    )
    problem(store, clean, "标签缺失")
    clean = visits.finalize(store, clean["id"])
    result = run("order", clean["record_no"], "-o", str(out))
    assert result.exit_code == 3 and "court" in result.output and not out.exists()
    assert store.get("visits", clean["id"])["order_no"] is None


def test_visits_show_accepts_a_record_number(store, db_path, inspection):
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "visits", "show", inspection["visit"]["record_no"]]
    )
    assert result.exit_code == 0, result.output
    assert inspection["visit"]["record_no"] in result.output


@pytest.fixture(scope="module")
def demo_documents(tmp_path_factory):
    """Every kind of document, printed for the demo district's visits as `report` does."""
    from envhelp import demo
    from envhelp.storage import Store

    folder = tmp_path_factory.mktemp("demo-documents")
    store = Store(folder / "demo.sqlite3", actor="tester")
    try:
        demo.generate(store, seed=1, end=date(2026, 12, 4))
        inspection, follow_up = demo.example_visits(store)
        publicity = store.scalar(
            "SELECT id FROM visits WHERE type = 'law_publicity' AND status = 'final' LIMIT 1"
        )
        paths = [
            write_visit_record(store, inspection, folder / "record.pdf"),
            write_visit_record(store, follow_up, folder / "follow-up.pdf"),
            write_visit_record(store, publicity, folder / "publicity.pdf"),
            write_notice(store, inspection, folder / "notice.pdf"),
            write_order(store, inspection, folder / "order.pdf"),
            write_receipt(store, inspection, "notice", folder / "receipt-notice.pdf"),
            write_receipt(store, inspection, "order", folder / "receipt-order.pdf"),
        ]
        ids = {r["id"] for r in store.query("SELECT id FROM visits")}
    finally:
        store.close()
    return {path.stem: "".join(pages_of(path.read_bytes())) for path in paths}, ids


def test_demo_documents_name_the_bureau_not_a_placeholder_or_the_program(demo_documents):
    texts, visit_ids = demo_documents
    for name, text in texts.items():
        assert "青岛市生态环境局临港分局" in text, name
        assert "××" not in text, name
        assert not PROGRAM_NAME.search(text), name
        assert not UUID.search(text) and not any(i in text for i in visit_ids), name
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text) or "receipt" in name, name


def test_demo_documents_print_no_unconfirmed_clause(demo_documents):
    texts, _ = demo_documents
    assert not [name for name, text in texts.items() if "待核实" in text]
