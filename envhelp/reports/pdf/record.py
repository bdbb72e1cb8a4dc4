"""The visit record (帮扶/检查记录) as an A4 PDF, rendered from a VisitRecord alone."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from envhelp import i18n
from envhelp.domain import followups, visits, vocab
from envhelp.domain.check_answers import RESULTS as CHECK_RESULTS
from envhelp.domain.check_answers import finding_of, scope_text
from envhelp.reports.pdf.common import (
    BLANK_DATE,
    FRAME_WIDTH,
    LABEL_BG,
    RECORD_TITLES,
    PdfDocument,
    blank,
    data_table,
    grid_style,
    heading,
    info_table,
    markup,
    p,
    photo_grid,
    t,
    written_date,
    written_time,
)
from envhelp.reports.pdf.data import (
    CHECKLIST_MODES,
    DEFAULT_CHECKLIST_MODE,
    AttachmentInfo,
    CheckInfo,
    VisitRecord,
    local_minute,
)
from envhelp.reports.pdf.score import score_block

NON_COMPLIANT_COLOR = "#B00000"


@dataclass(frozen=True)
class RecordOptions:
    """How the record is printed (not part of its content or fingerprint).

    checklist_mode: "full" prints every checklist item, "non_compliant" only
    the items answered non-compliant (the summary figures always cover all).
    """

    checklist_mode: str = DEFAULT_CHECKLIST_MODE

    def __post_init__(self) -> None:
        if self.checklist_mode not in CHECKLIST_MODES:
            raise ValueError(
                f"checklist_mode must be one of {CHECKLIST_MODES}, not {self.checklist_mode!r}"
            )


def hw_text(codes: tuple[str, ...]) -> str:
    names = vocab.hw_categories()
    return "；".join(f"{code} {t(*names[code])}" if code in names else code for code in codes)


def law_text(laws: tuple[str, ...]) -> str:
    """Laws as stored (a code of resources/data/laws.json or free text) → printed names."""
    known = {law["code"]: law for law in vocab.laws()}
    return "；".join(t(known[x]["zh"], known[x]["en"]) if x in known else x for x in laws)


def result_label(result: str, severity: str, lang: str | None = None) -> str:
    """An item's result as the record prints it, e.g. "不符合（重大）", in ``lang`` (default:
    the current language; ``verify`` asks for the language a PDF was printed in)."""
    index = 0 if (lang or i18n.language()) == "zh" else 1
    text = CHECK_RESULTS.get(result, (result, result))[index]
    if result == "non_compliant":
        severity_name = vocab.SEVERITIES.get(severity, (severity, severity))[index]
        text += f"（{severity_name}）" if index == 0 else f" ({severity_name.lower()})"
    return text


def visit_fields_label(key: str) -> str:
    field = visits.FIELDS_BY_KEY.get(key)
    return t(field.zh, field.en) if field else key


def deadline_text(handling: str, deadline: str) -> str:
    if handling == "on_the_spot":
        return vocab.label(vocab.HANDLING, handling)
    return f"{blank(written_date(deadline))}\n{vocab.label(vocab.HANDLING, handling)}"


CHINESE_NUMERALS = "一二三四五六七八九十"
SIGN_LINE = "________________"


def officers_text(record: VisitRecord) -> str:
    return t("、", ", ").join(
        o.name
        + (t(f"（执法证号 {o.cert_no}）", f" (certificate {o.cert_no})") if o.cert_no else "")
        for o in record.officers
    )


def inspection_time(record: VisitRecord) -> str:
    """自 2026年3月5日 9时30分 至 10时40分; an end not recorded is left to fill in by hand."""
    v = record.visit
    start = f"{written_date(v.date)} {written_time(v.time)}".strip()
    end = written_time(v.end_time) or t("____时____分", "__:__")
    return t(f"自 {start} 至 {end}", f"from {start} to {end}")


def notices_text(record: VisitRecord) -> str:
    """What the officers tell the party at the start (行政处罚法 arts. 42, 43, 55)."""
    return t(
        f"我们是{record.issuer.bureau_name}的执法人员，现向你出示执法证件，依法对你单位进行"
        "检查。你单位认为执法人员与本案有直接利害关系或者其他关系可能影响公正执法的，"
        "有权申请回避；你单位有配合检查、如实回答询问和提供有关材料的义务，不得拒绝、"
        "阻挠或者提供虚假情况。你是否听清楚？是否申请执法人员回避？",
        f"We are enforcement officers of {record.issuer.bureau_name}; we show you our "
        "enforcement certificates and will inspect your unit according to law. If you "
        "consider that an officer has a direct interest in the matter or another relation "
        "that may affect fair enforcement, you may ask for that officer to step aside. "
        "Your unit must cooperate with the inspection, answer questions truthfully and "
        "provide the materials asked for, and must not refuse, obstruct or give false "
        "information. Have you understood? Do you ask for any officer to step aside?",
    )


def photo_time_text(a: AttachmentInfo) -> str:
    """When a photo was taken, e.g. "拍摄时间：2026年3月5日 09:41" ("添加时间" when the
    photo carried no camera time); "" for files attached before times were kept."""
    if not a.taken_at:
        return ""
    day, _, clock = a.taken_at.partition("T")
    year, month, date_ = (int(x) for x in day.split("-"))
    label = t("拍摄时间：", "Taken: ") if a.taken_from == "exif" else t("添加时间：", "Added: ")
    return label + t(f"{year}年{month}月{date_}日", day) + (f" {clock[:5]}" if clock else "")


class VisitRecordDocument(PdfDocument):
    kind = "record"

    def __init__(self, record: VisitRecord, options: RecordOptions | None = None):
        super().__init__(record)
        self.options = options or RecordOptions()
        self.problem_numbers = {pr.id: n for n, pr in enumerate(record.problems, 1)}
        self.photo_numbers: dict[str, int] = {}
        self._section = 0

    def title(self) -> str:
        return t(*RECORD_TITLES[self.record.visit.type])

    def page_signatures(self) -> str:
        # Each page is signed, not only the last (case-review practice).
        return t(
            f"被检查单位现场负责人（签名）：{SIGN_LINE}　　执法人员（签名）：{SIGN_LINE}",
            f"Person on site (signature): {SIGN_LINE}    Officers (signature): {SIGN_LINE}",
        )

    def section(self, zh: str, en: str) -> Paragraph:
        self._section += 1
        n = self._section
        return heading(t(f"{CHINESE_NUMERALS[n - 1]}、{zh}", f"{n}. {en}"), self.styles)

    def story(self) -> list[Flowable]:
        r = self.record
        number = (
            t("编号：", "No. ") + r.visit.record_no
            if not r.is_draft
            else t("编号：草稿，定稿后生成", "No.: draft, given when finalized")
        )
        photos = [a for a in r.attachments if a.is_image]
        self.photo_numbers = {a.id: n for n, a in enumerate(photos, 1)}
        follow_up = r.visit.type == "follow_up"
        out = [
            *self.header(number),
            *self.head_section(),
            *self.notices_section(),
            *self.account_section(),
        ]
        if follow_up:
            out += self.followup_section()
        if r.checks or not follow_up:
            out += self.checklist_section()
        if r.problems or not follow_up:
            out += self.problem_section()
        out += [
            *self.attachment_section(),
            *self.amendment_section(),
            # The statement, signatures and the QR code stay together on the last page.
            KeepTogether(self.signature_section() + self.verification_block()),
        ]
        return out

    # -- sections ----------------------------------------------------------------

    def head_section(self) -> list[Flowable]:
        """Time, place, the inspected unit, the person on site, officers and recorder."""
        r = self.record
        e, v = r.enterprise, r.visit
        return [
            self.section("基本情况", "Time, place and persons"),
            info_table(
                [
                    (t("检查时间", "Time"), inspection_time(r), True),
                    (t("检查地点", "Place"), r.place, True),
                    (t("被检查单位", "Inspected unit"), e.name, True),
                    (t("统一社会信用代码", "Credit code (USCC)"), e.uscc),
                    (t("法定代表人", "Legal representative"), e.legal_rep),
                    (t("单位地址", "Address"), e.address, True),
                    (t("镇街", "Town"), e.town),
                    (t("排污许可证编号", "Discharge permit no."), e.permit_no),
                    (
                        t("许可管理类别", "Permit category"),
                        vocab.label(vocab.PERMIT_CLASSES, e.permit_class) if e.permit_class else "",
                    ),
                    (t("危险废物类别", "HW categories"), hw_text(e.hw_categories)),
                    (t("现场负责人", "Person on site"), v.representative),
                    (t("职务", "Post"), v.representative_post),
                    (t("联系电话", "Phone"), v.representative_phone or e.contact_phone),
                    (
                        t("企业联系人", "Enterprise contact"),
                        " ".join(x for x in (e.contact_person, e.contact_phone) if x),
                    ),
                    (t("执法人员及证号", "Officers and certificates"), officers_text(r), True),
                    (t("记录人", "Recorder"), v.recorder or SIGN_LINE),
                    (t("类型", "Type"), vocab.label(vocab.VISIT_TYPES, v.type)),
                ],
                self.styles,
            ),
        ]

    def notices_section(self) -> list[Flowable]:
        s = self.styles
        answer = self.record.visit.party_answer or SIGN_LINE * 2
        return [
            self.section("告知事项", "Notices given at the start"),
            p(t("问：", "Q: ") + notices_text(self.record), s.body),
            p(t("答：", "A: ") + answer, s.body),
        ]

    def account_section(self) -> list[Flowable]:
        v = self.record.visit
        pairs = [
            (t("宣贯法律法规标准", "Laws and standards publicized"), law_text(v.laws), True),
            (t("帮扶指导内容", "Guidance given"), v.guidance, True),
        ]
        if v.satisfaction:
            pairs.append(
                (
                    t("企业满意度", "Satisfaction"),
                    vocab.label(vocab.SATISFACTION, v.satisfaction),
                    True,
                )
            )
        if v.notes.strip():
            pairs.append((t("备注", "Remarks"), v.notes, True))
        return [
            self.section("现场检查情况", "What was found on site"),
            info_table(pairs, self.styles),
        ]

    def followup_section(self) -> list[Flowable]:
        """Each problem the 回头看 looked at: where found, requirement, finding, result."""
        s = self.styles
        out: list[Flowable] = [self.section("回头看核查情况", "Problems reviewed")]
        if not self.record.followups:
            return out + [
                p(
                    t(
                        "本次未对已发现问题作出核查结论。",
                        "No conclusion was recorded on earlier problems.",
                    ),
                    s.body,
                )
            ]
        rows = []
        for n, f in enumerate(self.record.followups, 1):
            where = written_date(f.found_on) + (
                f"\n{f.found_record_no}" if f.found_record_no else ""
            )
            evidence = [
                a
                for a in self.record.attachments
                if a.linked_to == f"problem:{f.problem_id}" and a.id in self.photo_numbers
            ]
            note = f.note + "".join(
                t(f"（见图 {self.photo_numbers[a.id]}）", f" (photo {self.photo_numbers[a.id]})")
                for a in evidence
            )
            result = vocab.label(followups.FOLLOWUP_OUTCOMES, f.outcome)
            if f.outcome == "extended" and f.new_deadline:
                result = t(
                    f"延期至{written_date(f.new_deadline)}",
                    f"new deadline {written_date(f.new_deadline)}",
                )
            rows.append(
                [
                    str(n),
                    p(finding_of(f.description), s.cell),
                    p(where, s.cell),
                    p(
                        f"{blank(f.requirement)}\n{t('期限', 'Deadline')}：{blank(written_date(f.deadline))}",
                        s.cell,
                    ),
                    p(vocab.label(followups.FOLLOWUP_FINDINGS, f.finding), s.cell),
                    p(blank(note), s.cell),
                    p(result, s.cell),
                ]
            )
        widths = [9 * mm, 0, 28 * mm, 40 * mm, 16 * mm, 30 * mm, 20 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        header = [
            t("序号", "No."),
            t("问题", "Problem"),
            t("发现时间及记录", "Found (record)"),
            t("整改要求及期限", "Requirement, deadline"),
            t("核查结论", "Finding"),
            t("核查说明及佐证", "Note, evidence"),
            t("台账处理", "Ledger"),
        ]
        # Short rows: each stays whole on one page.
        return out + [data_table(header, rows, widths, s, split_in_row=False)]

    def checklist_section(self) -> list[Flowable]:
        out: list[Flowable] = [self.section("检查表", "Checklists")]
        if not self.record.checks:
            return out + [
                p(t("本次未使用检查表。", "No checklist was used on this visit."), self.styles.body)
            ]
        for check in self.record.checks:
            out += self.check_block(check)
        return out

    def check_block(self, check: CheckInfo) -> list[Flowable]:
        s = self.styles
        f = check.figures
        rate = "—" if f.get("rate") is None else f"{f['rate'] * 100:.1f}%"
        title = t(check.title_zh, check.title_en)
        figures = data_table(
            [
                t("检查项", "Items"),
                t("已检查", "Checked"),
                t("符合", "Compliant"),
                t("不符合（重大）", "Non-compliant (major)"),
                t("不符合（一般）", "Non-compliant (minor)"),
                t("不适用", "N/A"),
                t("符合率", "Compliance rate"),
            ],
            [
                [
                    str(f.get(k, ""))
                    for k in (
                        "items",
                        "checked",
                        "compliant",
                        "non_compliant_major",
                        "non_compliant_minor",
                        "not_applicable",
                    )
                ]
                + [rate]
            ],
            [FRAME_WIDTH / 7] * 7,
            s,
        )
        head: list[Flowable] = [Paragraph(markup(title), s.body)]
        if check.scope:
            head.append(p(t("检查范围：", "Scope: ") + scope_text(check.scope), s.small))
        out: list[Flowable] = [
            KeepTogether([*head, Spacer(1, 1.5 * mm), figures]),
            Spacer(1, 2 * mm),
            *score_block(check, s),
        ]
        items = check.items
        if self.options.checklist_mode == "non_compliant":
            items = tuple(i for i in items if i.result == "non_compliant")
            if not items:
                return out + [p(t("未发现不符合项。", "No item was found non-compliant."), s.body)]
            out.append(
                p(
                    t(
                        f"以下仅列出不符合项（共 {len(items)} 项）。",
                        f"Only the {len(items)} non-compliant item(s) are listed.",
                    ),
                    s.small,
                )
            )
        rows = []
        for item in items:
            category = t(item.category_zh, item.category_en)
            requirement = t(item.requirement_zh, item.requirement_en)
            content = f'<font color="#606060">[{markup(category)}]</font> ' if category else ""
            content += markup(requirement)
            result = markup(result_label(item.result, item.severity))
            if item.result == "non_compliant":
                result = f'<font color="{NON_COMPLIANT_COLOR}">{result}</font>'
            rows.append(
                [
                    p(item.code, s.cell),
                    Paragraph(content, s.cell),
                    p(blank(item.clause), s.cell),
                    p(t(item.printed_basis_zh, item.printed_basis_en), s.cell),
                    Paragraph(result, s.cell),
                    p(item.note, s.cell),
                ]
            )
        widths = [24 * mm, 0, 15 * mm, 26 * mm, 22 * mm, 23 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        # 条款: confirmed clause numbers of the standard only; laws go in 依据.
        header = [
            t("编码", "Code"),
            t("检查内容", "Requirement"),
            t("条款", "Clause"),
            t("依据", "Basis"),
            t("结果", "Result"),
            t("说明", "Note"),
        ]
        out.append(data_table(header, rows, widths, s))
        return out

    def problem_section(self) -> list[Flowable]:
        s = self.styles
        follow_up = self.record.visit.type == "follow_up"
        out: list[Flowable] = [
            self.section(
                "本次新发现的问题" if follow_up else "发现的问题",
                "New problems found" if follow_up else "Problems found",
            )
        ]
        if not self.record.problems:
            return out + [p(t("本次未发现问题。", "No problem was found on this visit."), s.body)]
        rows = []
        for n, pr in enumerate(self.record.problems, 1):
            description = markup(pr.description)
            extra = [
                vocab.label(vocab.SEVERITIES, pr.severity),
                vocab.label(vocab.PROBLEM_CATEGORIES, pr.category),
            ]
            if pr.item_code:
                extra.append(t(f"检查项 {pr.item_code}", f"item {pr.item_code}"))
            description += f'<br/><font color="#606060">{markup(" · ".join(extra))}</font>'
            rows.append(
                [
                    str(n),
                    Paragraph(description, s.cell),
                    p(blank(pr.requirement), s.cell),
                    p(blank(pr.printed_basis), s.cell),
                    p(deadline_text(pr.handling, pr.deadline), s.cell),
                ]
            )
        widths = [9 * mm, 0, 44 * mm, 38 * mm, 27 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        header = [
            t("序号", "No."),
            t("问题", "Problem"),
            t("整改要求", "Requirement"),
            t("依据", "Legal basis"),
            t("整改期限", "Deadline"),
        ]
        return out + [data_table(header, rows, widths, s)]

    def amendment_section(self) -> list[Flowable]:
        """Corrections made after finalizing: who, when, why, each field before and after."""
        if not self.record.amendments:
            return []
        s = self.styles
        rows = []
        for a in self.record.amendments:
            changes = "<br/>".join(
                markup(f"{visit_fields_label(key)}：{blank(before)} → {blank(after)}")
                for key, before, after in a.changes
            )
            rows.append(
                [
                    p(local_minute(a.at), s.cell),
                    p(a.by, s.cell),
                    p(a.reason, s.cell),
                    Paragraph(changes, s.cell),
                ]
            )
        widths = [30 * mm, 22 * mm, 40 * mm, 0]
        widths[3] = FRAME_WIDTH - sum(widths)
        header = [
            t("修正时间", "Amended at"),
            t("修正人", "By"),
            t("原因", "Reason"),
            t("修正内容（原 → 新）", "Changes (before → after)"),
        ]
        return [self.section("修正记录", "Amendments"), data_table(header, rows, widths, s)]

    def caption(self, n: int, a: AttachmentInfo) -> str:
        text = a.caption or a.filename
        kind, _, ref = a.linked_to.partition(":")
        if kind == "problem" and ref in self.problem_numbers:
            text += t(
                f"（问题 {self.problem_numbers[ref]}）", f" (problem {self.problem_numbers[ref]})"
            )
        elif kind == "item":
            text += t(f"（检查项 {ref}）", f" (item {ref})")
        where = t(
            f"地点：{self.record.place}　拍摄人：{blank(a.taken_by)}",
            f"at {self.record.place} by {blank(a.taken_by)}",
        )
        taken = "　".join(filter(None, (photo_time_text(a), where)))
        return f"{t('图', 'Photo')} {n}  {text}\n{taken}"

    def attachment_section(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [self.section("现场照片及附件", "Photos and attachments")]
        photos = [a for a in self.record.attachments if a.is_image]
        others = [a for a in self.record.attachments if not a.is_image]
        if not photos and not others:
            return out + [p(t("无。", "None."), s.body)]
        table, failed = photo_grid(
            [(a.print_path or a.path, self.caption(n, a)) for n, a in enumerate(photos, 1)], s
        )
        if table is not None:
            out.append(table)
        if failed:
            out.append(
                p(
                    t(
                        "以下图片文件缺失或无法读取，未能显示：",
                        "Missing or unreadable image files, not shown:",
                    ),
                    s.small,
                )
            )
            out += [p("· " + c, s.small) for c in failed]
        if others:
            out.append(p(t("其他附件（未打印）：", "Other attachments (not printed):"), s.small))
            for a in others:
                out.append(p("· " + a.filename + (f" — {a.caption}" if a.caption else ""), s.small))
        return out

    def signature_section(self) -> list[Flowable]:
        s = self.styles
        r = self.record
        date = t("日期：" + BLANK_DATE[0], "Date: " + BLANK_DATE[1])
        statement = Table(
            [
                [
                    p(
                        t(
                            "被检查单位意见（由现场负责人手写，如“以上记录属实”或不同意见）：",
                            "The inspected unit's statement (handwritten by the person on site, e.g. "
                            "“the above is true”, or any objection):",
                        ),
                        s.cell,
                    )
                ],
                [Spacer(1, 16 * mm)],
            ],
            colWidths=[FRAME_WIDTH],
            style=grid_style(
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0, colors.white),
                header=False,
            ),
        )
        rows = [
            [
                p(
                    t("被检查单位现场负责人", "Person on site") + f"：{r.visit.representative}",
                    s.cell,
                ),
                p(
                    t(
                        f"职务：{blank(r.visit.representative_post)}",
                        f"Post: {blank(r.visit.representative_post)}",
                    ),
                    s.cell,
                ),
                p(t("签名：", "Signature: ") + SIGN_LINE, s.cell),
                p(date, s.cell),
            ]
        ]
        rows += [
            [
                p(t("执法人员", "Officer") + f"：{o.name}", s.cell),
                p(t(f"执法证号：{blank(o.cert_no)}", f"Certificate: {blank(o.cert_no)}"), s.cell),
                p(t("签名：", "Signature: ") + SIGN_LINE, s.cell),
                p(date, s.cell),
            ]
            for o in r.officers
        ]
        rows.append(
            [
                p(t("记录人", "Recorder") + f"：{r.visit.recorder}", s.cell),
                "",
                p(t("签名：", "Signature: ") + SIGN_LINE, s.cell),
                p(date, s.cell),
            ]
        )
        if r.visit.witness:
            rows.append(
                [
                    p(t("见证人", "Witness") + f"：{r.visit.witness}", s.cell),
                    p(t("（被检查单位拒绝签名时）", "(where the unit refuses to sign)"), s.cell),
                    p(t("签名：", "Signature: ") + SIGN_LINE, s.cell),
                    p(date, s.cell),
                ]
            )
        table = Table(
            rows,
            colWidths=[46 * mm, 42 * mm, 44 * mm, FRAME_WIDTH - 132 * mm],
            style=grid_style(
                ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                header=False,
            ),
        )
        return [self.section("签名", "Signatures"), statement, Spacer(1, 3 * mm), table]


def render_visit_record(record: VisitRecord, options: RecordOptions | None = None) -> bytes:
    """The record as PDF bytes (id, fingerprint and content snapshot embedded)."""
    return VisitRecordDocument(record, options).render()
