"""Documents of 双随机 inspections: the inspection plan to approve and the 行政检查通知书.

Both are built from the PDF building blocks of :mod:`.common` (styles, info and data
tables, the numbered page frame). The plan lists the period's tasks with their officers,
the legal basis and the approver's line; the notice tells one drawn enterprise when,
why and by whom it will be inspected, and its rights (docs/inspection-rules.md).
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table

from envhelp import __version__
from envhelp.domain import random_checks, settings, vocab
from envhelp.reports.pdf.common import (
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_SIZE,
    PageDecor,
    Styles,
    data_table,
    grid_style,
    heading,
    info_table,
    make_canvas_class,
    make_styles,
    p,
    t,
    write_atomic,
)
from envhelp.storage import Store
from envhelp.storage.database import canonical_json

# The rules the plan and the notice rest on (docs/inspection-rules.md lists their sources).
LEGAL_BASIS = (
    ("《中华人民共和国环境保护法》第二十四条", "Environmental Protection Law, art. 24"),
    (
        "《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）",
        "General Office of the State Council on random inspections (国办发〔2015〕58号)",
    ),
    (
        "《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）",
        "General Office of the State Council on regulating inspections of enterprises "
        "(国办发〔2024〕54号)",
    ),
)
# What a drawn enterprise should have ready (the MEE 2025 notice: officers review these).
MATERIALS = (
    "环境影响评价及批复、竣工环境保护验收材料；排污许可证及执行报告、环境管理台账；"
    "危险废物管理计划、台账、转移联单及经营单位资质；自行监测报告；近期整改材料。"
)


def long_date(day: str | date) -> str:
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return t(f"{value.year}年{value.month}月{value.day}日", value.isoformat())


def _issuer(store: Store) -> tuple[str, str]:
    settings.require_bureau(store)
    return (
        str(settings.get(store, settings.BUREAU_NAME)),
        str(settings.get(store, settings.UNIT_NAME)),
    )


def _render(story: list[Flowable], title: str, footer_left: str, stamp: str, bureau: str) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=bureau,
        creator=f"EnvHelp {__version__}",
    )
    decor = PageDecor(
        running_title=title, record_no=footer_left, short_fingerprint=stamp, draft=False
    )
    doc.build(story, canvasmaker=make_canvas_class(decor))
    return buf.getvalue()


def _stamp(content: Any) -> str:
    """A short digest of what the document says (shown in the footer like a record's)."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()[:12]


def _head(s: Styles, bureau: str, unit: str, title: str) -> list[Flowable]:
    return [p(bureau, s.bureau), p(unit, s.center), Spacer(1, 3 * mm), p(title, s.title)]


def _officers(store: Store, officer_ids: list[str]) -> str:
    names = []
    for officer_id in officer_ids:
        officer = store.find("officers", officer_id)
        if officer is not None:
            cert = officer["cert_no"]
            names.append(
                officer["name"] + (t(f"（执法证号 {cert}）", f" (cert. {cert})") if cert else "")
            )
    return "\n".join(names)


def _signature_lines(s: Styles, labels: list[tuple[str, str]]) -> Table:
    cells = [
        [
            p(t(f"{zh}（签字）：", f"{en} (signature):"), s.body),
            p(t("日期：____年____月____日", "Date: ______________"), s.body),
        ]
        for zh, en in labels
    ]
    return Table(
        cells,
        colWidths=[FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45],
        rowHeights=[12 * mm] * len(cells),
        style=grid_style(("GRID", (0, 0), (-1, -1), 0, "white"), header=False),
    )


def plan_pdf(store: Store, period: str) -> bytes:
    """The period's inspection plan, to approve before the inspections start."""
    bureau, unit = _issuer(store)
    draws = random_checks.list_draws(store, period)
    if not draws:
        random_checks.public_results(store, period)  # raises NotFoundError naming the period
    draw = draws[0]
    start, end = random_checks.period_bounds(draw["period"])
    s = make_styles()
    title = t(
        f"{draw['period']}“双随机、一公开”抽查计划", f"Random inspection plan {draw['period']}"
    )
    story = _head(s, bureau, unit, title)
    story.append(
        info_table(
            [
                (t("抽查期间", "Period"), f"{long_date(start)} — {long_date(end)}"),
                (t("抽查任务", "Tasks"), t(f"{len(draw['tasks'])} 项", str(len(draw["tasks"])))),
                (t("抽查比例", "Quotas"), random_checks.quotas_text(draw["quotas"]), True),
                (
                    t("抽取方式", "How drawn"),
                    t(
                        f"按监管类别从企业库随机抽取，每项任务从在岗执法人员中随机抽取 {draw['officers_per_task']} 名；"
                        f"随机种子 {draw['seed']}，抽取时间 {long_date(draw['created_at'][:10])}。"
                        + ("" if draw["include_positive"] else "正面清单企业不参加抽取。"),
                        f"Enterprises drawn at random per supervision class, {draw['officers_per_task']} "
                        f"officers per task drawn from those available; seed {draw['seed']}, drawn on "
                        f"{draw['created_at'][:10]}."
                        + (
                            ""
                            if draw["include_positive"]
                            else " Positive-list enterprises excluded."
                        ),
                    ),
                    True,
                ),
                (
                    t("候选名单摘要", "Candidate digests"),
                    t(
                        f"企业库 {draw['enterprises_digest'][:16]}；执法人员库 {draw['officers_digest'][:16]}",
                        f"enterprises {draw['enterprises_digest'][:16]}; officers "
                        f"{draw['officers_digest'][:16]}",
                    ),
                    True,
                ),
            ],
            s,
        )
    )
    story.append(heading(t("抽查任务", "Tasks"), s))
    rows = [
        [
            str(task["position"]),
            task["enterprise_name"],
            vocab.label(vocab.SUPERVISION_CLASSES, task["supervision_class"]),
            _officers(store, task["officer_ids"]),
            long_date(task["visit_date"]) if task["visit_date"] else "",
        ]
        for task in draw["tasks"]
    ]
    widths = [10 * mm, 62 * mm, 16 * mm, 55 * mm]
    widths.append(FRAME_WIDTH - sum(widths))
    story.append(
        data_table(
            [
                t("序号", "No."),
                t("企业名称", "Enterprise"),
                t("类别", "Class"),
                t("执法人员", "Officers"),
                t("检查日期", "Date inspected"),
            ],
            rows,
            widths,
            s,
        )
    )
    story.append(heading(t("依据", "Legal basis"), s))
    story += [p(t(zh, en), s.body) for zh, en in LEGAL_BASIS]
    story.append(
        p(
            t(
                "检查结果按规定在检查完成后向社会公开；抽查名单在检查前保密。",
                "Results are published after the inspections; the list stays confidential "
                "until then.",
            ),
            s.small,
        )
    )
    story += [
        Spacer(1, 8 * mm),
        _signature_lines(
            s, [("拟定人", "Prepared by"), ("审核人", "Reviewed by"), ("批准人", "Approved by")]
        ),
    ]
    content = {"period": draw["period"], "seed": draw["seed"], "tasks": rows}
    return _render(
        story,
        title,
        t(f"抽查计划 {draw['period']}", f"Plan {draw['period']}"),
        _stamp(content),
        bureau,
    )


def notice_pdf(store: Store, task_id: str) -> bytes:
    """The 行政检查通知书 for the enterprise of one task (where notice is given in advance)."""
    bureau, unit = _issuer(store)
    task = random_checks.get_task(store, task_id)
    draw = store.get("random_draws", task["draw_id"])
    enterprise = store.get("enterprises", task["enterprise_id"])
    start, end = random_checks.period_bounds(draw["period"])
    contact = settings.get(store, settings.CONTACT_PERSON) or ""
    phone = settings.get(store, settings.CONTACT_PHONE) or ""
    s = make_styles()
    title = t("行政检查通知书", "Notice of Administrative Inspection")
    story = _head(s, bureau, unit, title)
    story.append(p(f"{enterprise['name']}：", s.body))
    when = (
        long_date(task["visit_date"])
        if task["visit_date"]
        else t(f"{long_date(start)}至{long_date(end)}期间", f"between {start} and {end}")
    )
    basis = t(f"{LEGAL_BASIS[0][0]}等规定", f"{LEGAL_BASIS[0][1]} and related rules")
    story.append(
        p(
            t(
                f"根据{basis}，本机关将于{when}对你单位开展现场检查。本次检查的任务来源为“双随机、一公开”"
                f"抽查（{draw['period']} 抽查计划第 {task['position']} 项），属于日常检查。",
                f"Under {basis}, this bureau will inspect your premises {when}. The inspection comes "
                f"from the random-inspection plan {draw['period']} (task {task['position']}); it is a "
                "routine inspection.",
            ),
            s.body,
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(
        info_table(
            [
                (t("被检查单位", "Enterprise"), enterprise["name"], True),
                (t("统一社会信用代码", "Credit code"), enterprise["uscc"] or ""),
                (t("地址", "Address"), enterprise["address"]),
                (
                    t("检查事项", "Scope"),
                    t(
                        "生态环境法律法规和排污许可、危险废物管理等要求的执行情况",
                        "Compliance with environmental law, the discharge permit "
                        "and hazardous-waste rules",
                    ),
                    True,
                ),
                (t("执法人员", "Officers"), _officers(store, task["officer_ids"]), True),
                (t("请准备的材料", "Please have ready"), MATERIALS, True),
            ],
            s,
        )
    )
    story.append(heading(t("告知事项", "Your rights and duties"), s))
    for zh, en in (
        (
            "执法人员不少于两人，检查时将出示执法证件。",
            "At least two officers will come and show their enforcement certificates.",
        ),
        (
            "你单位认为执法人员与本案有直接利害关系的，有权申请回避。",
            "You may ask for an officer to withdraw if they have a direct interest in the matter.",
        ),
        (
            "你单位有权进行陈述和申辩；应当如实回答询问、协助检查，不得拒绝或阻挠。",
            "You may state your case; you must answer truthfully and assist the inspection.",
        ),
    ):
        story.append(p("· " + t(zh, en), s.body))
    if contact or phone:
        story.append(
            p(
                t(f"联系人：{contact}　联系电话：{phone}", f"Contact: {contact}  Phone: {phone}"),
                s.body,
            )
        )
    story += [
        Spacer(1, 10 * mm),
        p(bureau, s.number),
        p(t("____年____月____日", "Date: ______________"), s.number),
    ]
    content = {"task": task["id"], "enterprise": enterprise["name"], "when": when}
    return _render(
        story,
        title,
        t(
            f"抽查计划 {draw['period']} 第 {task['position']} 项",
            f"Plan {draw['period']} task {task['position']}",
        ),
        _stamp(content),
        bureau,
    )


def write_plan(store: Store, period: str, path: str | Path) -> Path:
    return write_atomic(path, plan_pdf(store, period))


def write_inspection_notice(store: Store, task_id: str, path: str | Path) -> Path:
    return write_atomic(path, notice_pdf(store, task_id))
