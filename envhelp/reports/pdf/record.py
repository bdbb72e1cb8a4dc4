"""The visit record (帮扶/检查记录) as an A4 PDF, rendered from a VisitRecord alone."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from envhelp import i18n
from envhelp.domain import visits, vocab
from envhelp.domain.checks import RESULTS as CHECK_RESULTS
from envhelp.domain.checks import scope_text
from envhelp.reports.pdf.common import (
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
)
from envhelp.reports.pdf.data import (
    CHECKLIST_MODES,
    DEFAULT_CHECKLIST_MODE,
    AttachmentInfo,
    CheckInfo,
    VisitRecord,
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
    return "；".join(
        f"{code} {t(*names[code])}" if code in names else code for code in codes
    )


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
    return f"{blank(deadline)}\n{vocab.label(vocab.HANDLING, handling)}"


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

    def title(self) -> str:
        return t(*RECORD_TITLES[self.record.visit.type])

    def story(self) -> list[Flowable]:
        r = self.record
        number = (
            t("编号：", "No. ") + r.visit.record_no
            if not r.is_draft
            else t("编号：草稿，定稿后生成", "No.: draft, given when finalized")
        )
        return [
            *self.header(number),
            *self.enterprise_section(),
            *self.visit_section(),
            *self.checklist_section(),
            *self.problem_section(),
            *self.attachment_section(),
            *self.amendment_section(),
            # Signatures and the QR code stay together on the last page.
            KeepTogether(self.signature_section() + self.verification_block()),
        ]

    # -- sections ----------------------------------------------------------------

    def enterprise_section(self) -> list[Flowable]:
        e = self.record.enterprise
        return [
            heading(t("一、企业基本情况", "1. Enterprise"), self.styles),
            info_table(
                [
                    (t("企业名称", "Name"), e.name, True),
                    (t("统一社会信用代码", "Credit code (USCC)"), e.uscc),
                    (t("镇街", "Town"), e.town),
                    (t("地址", "Address"), e.address, True),
                    (t("法定代表人", "Legal representative"), e.legal_rep),
                    (t("联系人", "Contact"), e.contact_person),
                    (t("联系电话", "Phone"), e.contact_phone),
                    (t("排污许可证编号", "Discharge permit no."), e.permit_no),
                    (t("许可管理类别", "Permit category"),
                     vocab.label(vocab.PERMIT_CLASSES, e.permit_class) if e.permit_class else ""),
                    (t("危险废物类别", "HW categories"), hw_text(e.hw_categories), True),
                ],
                self.styles,
            ),
        ]

    def visit_section(self) -> list[Flowable]:
        v = self.record.visit
        officers = t("、", ", ").join(
            o.name + (t(f"（执法证号 {o.cert_no}）", f" (certificate {o.cert_no})") if o.cert_no else "")
            for o in self.record.officers
        )
        pairs = [
            (t("日期时间", "Date and time"), f"{v.date} {v.time}".strip()),
            (t("类型", "Type"), vocab.label(vocab.VISIT_TYPES, v.type)),
            (t("执法人员", "Officers"), officers, True),
            (t("企业陪同人员", "Enterprise representative"), v.representative),
            (t("企业满意度", "Satisfaction"), vocab.label(vocab.SATISFACTION, v.satisfaction)),
            (t("宣贯法律法规标准", "Laws and standards publicized"), law_text(v.laws), True),
            (t("帮扶指导内容", "Guidance given"), v.guidance, True),
        ]
        if v.notes.strip():
            pairs.append((t("备注", "Notes"), v.notes, True))
        return [heading(t("二、帮扶检查情况", "2. The visit"), self.styles),
                info_table(pairs, self.styles)]

    def checklist_section(self) -> list[Flowable]:
        out: list[Flowable] = [heading(t("三、检查表", "3. Checklists"), self.styles)]
        if not self.record.checks:
            return out + [p(t("本次未使用检查表。", "No checklist was used on this visit."),
                            self.styles.body)]
        for check in self.record.checks:
            out += self.check_block(check)
        return out

    def check_block(self, check: CheckInfo) -> list[Flowable]:
        s = self.styles
        f = check.figures
        rate = "—" if f.get("rate") is None else f"{f['rate'] * 100:.1f}%"
        title = t(check.title_zh, check.title_en) + t(
            f"（模板 {check.template_id} 第 {check.template_version} 版）",
            f" (template {check.template_id} v{check.template_version})",
        )
        figures = data_table(
            [t("检查项", "Items"), t("已检查", "Checked"), t("符合", "Compliant"),
             t("不符合（重大）", "Non-compliant (major)"), t("不符合（一般）", "Non-compliant (minor)"),
             t("不适用", "N/A"), t("符合率", "Compliance rate")],
            [[str(f.get(k, "")) for k in ("items", "checked", "compliant", "non_compliant_major",
                                          "non_compliant_minor", "not_applicable")] + [rate]],
            [FRAME_WIDTH / 7] * 7,
            s,
        )  # fmt: skip
        head: list[Flowable] = [Paragraph(markup(title), s.body)]
        if check.scope:
            head.append(p(t("检查范围：", "Scope: ") + scope_text(check.scope), s.small))
        out: list[Flowable] = [KeepTogether([*head, Spacer(1, 1.5 * mm), figures]),
                               Spacer(1, 2 * mm), *score_block(check, s)]
        items = check.items
        if self.options.checklist_mode == "non_compliant":
            items = tuple(i for i in items if i.result == "non_compliant")
            if not items:
                return out + [p(t("未发现不符合项。", "No item was found non-compliant."), s.body)]
            out.append(p(t(f"以下仅列出不符合项（共 {len(items)} 项）。",
                           f"Only the {len(items)} non-compliant item(s) are listed."), s.small))
        rows = []
        for item in items:
            category = t(item.category_zh, item.category_en)
            requirement = t(item.requirement_zh, item.requirement_en)
            content = (f'<font color="#606060">[{markup(category)}]</font> ' if category else "")
            content += markup(requirement)
            result = markup(result_label(item.result, item.severity))
            if item.result == "non_compliant":
                result = f'<font color="{NON_COMPLIANT_COLOR}">{result}</font>'
            rows.append([
                p(item.code, s.cell),
                Paragraph(content, s.cell),
                p(blank(item.clause), s.cell),
                p(t(item.printed_basis_zh, item.printed_basis_en), s.cell),
                Paragraph(result, s.cell),
                p(item.note, s.cell),
            ])  # fmt: skip
        widths = [24 * mm, 0, 15 * mm, 26 * mm, 22 * mm, 23 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        # 条款: confirmed clause numbers of the standard only; laws go in 依据.
        header = [t("编码", "Code"), t("检查内容", "Requirement"), t("条款", "Clause"),
                  t("依据", "Basis"), t("结果", "Result"), t("说明", "Note")]  # fmt: skip
        out.append(data_table(header, rows, widths, s))
        return out

    def problem_section(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [heading(t("四、发现的问题", "4. Problems found"), s)]
        if not self.record.problems:
            return out + [p(t("本次未发现问题。", "No problem was found on this visit."), s.body)]
        rows = []
        for n, pr in enumerate(self.record.problems, 1):
            description = markup(pr.description)
            extra = [vocab.label(vocab.SEVERITIES, pr.severity),
                     vocab.label(vocab.PROBLEM_CATEGORIES, pr.category)]
            if pr.item_code:
                extra.append(t(f"检查项 {pr.item_code}", f"item {pr.item_code}"))
            description += f'<br/><font color="#606060">{markup(" · ".join(extra))}</font>'
            rows.append([str(n), Paragraph(description, s.cell), p(blank(pr.requirement), s.cell),
                         p(blank(pr.printed_basis), s.cell),
                         p(deadline_text(pr.handling, pr.deadline), s.cell)])
        widths = [9 * mm, 0, 46 * mm, 38 * mm, 22 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        header = [t("序号", "No."), t("问题", "Problem"), t("整改要求", "Requirement"),
                  t("依据", "Legal basis"), t("整改期限", "Deadline")]  # fmt: skip
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
            rows.append([p(a.at[:16].replace("T", " ") + " UTC", s.cell), p(a.by, s.cell),
                         p(a.reason, s.cell), Paragraph(changes, s.cell)])
        widths = [30 * mm, 22 * mm, 40 * mm, 0]
        widths[3] = FRAME_WIDTH - sum(widths)
        header = [t("修正时间", "Amended at"), t("修正人", "By"), t("原因", "Reason"),
                  t("修正内容（原 → 新）", "Changes (before → after)")]  # fmt: skip
        return [heading(t("修正记录", "Amendments"), s), data_table(header, rows, widths, s)]

    def caption(self, n: int, a: AttachmentInfo) -> str:
        text = a.caption or a.filename
        kind, _, ref = a.linked_to.partition(":")
        if kind == "problem" and ref in self.problem_numbers:
            text += t(f"（问题 {self.problem_numbers[ref]}）", f" (problem {self.problem_numbers[ref]})")
        elif kind == "item":
            text += t(f"（检查项 {ref}）", f" (item {ref})")
        taken = photo_time_text(a)
        return f"{t('图', 'Photo')} {n}  {text}" + (f"\n{taken}" if taken else "")

    def attachment_section(self) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [heading(t("五、现场照片及附件", "5. Photos and attachments"), s)]
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
            out.append(p(t("以下图片文件缺失或无法读取，未能显示：", "Missing or unreadable image files, not shown:"),
                         s.small))
            out += [p("· " + c, s.small) for c in failed]
        if others:
            out.append(p(t("其他附件（未打印）：", "Other attachments (not printed):"), s.small))
            for a in others:
                out.append(p("· " + a.filename + (f" — {a.caption}" if a.caption else ""), s.small))
        return out

    def signature_section(self) -> list[Flowable]:
        s = self.styles
        line = "________________"
        date = t("日期：____年____月____日", "Date: ______________")
        rows = [
            [p(t("执法人员", "Officer") + f"：{o.name}", s.cell),
             p(t(f"执法证号：{blank(o.cert_no)}", f"Certificate: {blank(o.cert_no)}"), s.cell),
             p(t("签名：", "Signature: ") + line, s.cell), p(date, s.cell)]
            for o in self.record.officers
        ]  # fmt: skip
        rows.append([
            p(t("企业陪同人员", "Enterprise representative") + f"：{self.record.visit.representative}",
              s.cell),
            p(t("意见：以上记录已知悉", "Remark: read and acknowledged"), s.cell),
            p(t("签名：", "Signature: ") + line, s.cell), p(date, s.cell),
        ])  # fmt: skip
        table = Table(
            rows, colWidths=[46 * mm, 42 * mm, 44 * mm, FRAME_WIDTH - 132 * mm],
            style=grid_style(("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                             ("TOPPADDING", (0, 0), (-1, -1), 7),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                             ("LINEBELOW", (0, -2), (-1, -2), 0.8, colors.black),
                             header=False),
        )  # fmt: skip
        return [heading(t("六、签名", "6. Signatures"), s), table]


def render_visit_record(record: VisitRecord, options: RecordOptions | None = None) -> bytes:
    """The record as PDF bytes (id, fingerprint and content snapshot embedded)."""
    return VisitRecordDocument(record, options).render()
