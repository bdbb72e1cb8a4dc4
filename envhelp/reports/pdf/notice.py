"""The rectification notice (整改通知书) of one visit, with the reply slip (回执)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from envhelp.domain import vocab
from envhelp.errors import StateError
from envhelp.reports.pdf.common import (
    FRAME_WIDTH,
    PdfDocument,
    blank,
    data_table,
    heading,
    info_table,
    p,
    qr_block,
    t,
)
from envhelp.reports.pdf.data import VisitRecord
from envhelp.reports.pdf.record import deadline_text


class NoticeDocument(PdfDocument):
    kind = "notice"

    def __init__(self, record: VisitRecord):
        if not record.problems:
            raise StateError(
                "这次走访没有记录需要整改的问题，无需出具整改通知书。",
                "This visit recorded no problem to rectify, so there is no notice to print.",
            )
        super().__init__(record)

    def title(self) -> str:
        return t("整改通知书", "Rectification Notice")

    def story(self) -> list[Flowable]:
        r = self.record
        s = self.styles
        number = (
            t("关联记录编号：", "Record no.: ") + r.visit.record_no
            if not r.is_draft
            else t("关联记录：草稿，定稿后编号", "Record: draft, numbered when finalized")
        )
        visit_type = vocab.label(vocab.VISIT_TYPES, r.visit.type)
        intro = t(
            f"{r.visit.date}，我单位执法人员对你单位开展{visit_type}，发现你单位存在下列问题。"
            "请按整改要求在期限内完成整改，并在整改完成后将本通知书回执连同整改佐证材料"
            "（照片、台账、合同等）报送我单位。逾期未整改或整改不到位的，将依法依规处理。",
            f"On {r.visit.date} our officers carried out a {visit_type.lower()} at your unit "
            "and found the problems listed below. Rectify each as required by its deadline, "
            "then return the reply slip below with evidence of the work (photos, ledgers, "
            "contracts, etc.). Problems not rectified on time will be dealt with according "
            "to law.",
        )
        e = r.enterprise
        return [
            *self.header(number),
            p(e.name + t("：", ":"), s.body),
            Spacer(1, 1.5 * mm),
            p(intro, s.body),
            heading(t("一、企业信息", "1. Enterprise"), s),
            info_table(
                [
                    (t("企业名称", "Name"), e.name, True),
                    (t("统一社会信用代码", "Credit code (USCC)"), e.uscc),
                    (t("法定代表人", "Legal representative"), e.legal_rep),
                    (t("地址", "Address"), e.address, True),
                    (t("联系人", "Contact"), e.contact_person),
                    (t("联系电话", "Phone"), e.contact_phone),
                ],
                s,
            ),
            heading(t("二、问题及整改要求", "2. Problems and what to do"), s),
            self.problem_table(),
            Spacer(1, 6 * mm),
            self.issuer_block(),
            *self.reply_slip(),
        ]

    def problem_table(self) -> Table:
        s = self.styles
        rows = [
            [str(n), p(pr.description, s.cell), p(blank(pr.requirement), s.cell),
             p(blank(pr.printed_basis), s.cell), p(deadline_text(pr.handling, pr.deadline), s.cell)]
            for n, pr in enumerate(self.record.problems, 1)
        ]  # fmt: skip
        widths = [9 * mm, 0, 48 * mm, 38 * mm, 22 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        header = [t("序号", "No."), t("问题", "Problem"), t("整改要求", "Requirement"),
                  t("依据", "Legal basis"), t("整改期限", "Deadline")]  # fmt: skip
        return data_table(header, rows, widths, s)

    def issuer_block(self) -> Flowable:
        s = self.styles
        issuer = self.record.issuer
        lines = [
            p(issuer.bureau_name, s.body),
            p(issuer.unit_name, s.body),
            p(t("（盖章）", "(seal)"), s.body),
            p(t("签发日期：____年____月____日", "Issued on: ______________"), s.body),
        ]
        # The QR code stays with the notice; the reply slip below goes back to the bureau.
        left = FRAME_WIDTH - 75 * mm
        qr = qr_block(self.kind, self.record.visit.id, self.fingerprint, s, width=left - 6 * mm)
        return KeepTogether(Table(
            [[qr, lines]], colWidths=[left, 75 * mm],
            style=[("FONTNAME", (0, 0), (-1, -1), s.body.fontName),
                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        ))  # fmt: skip

    def reply_slip(self) -> list[Flowable]:
        s = self.styles
        r = self.record
        cut = p(t("- - - - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - - - -",
                  "- - - - - - - - - - - - - - - - cut here - - - - - - - - - - - - - - - -"),
                s.center)  # fmt: skip
        reference = r.visit.record_no or t("草稿", "draft")
        opening = t(
            f"{r.issuer.bureau_name}：\n我单位已于____年____月____日收到整改通知书（关联记录 {reference}），"
            "整改情况如下。",
            f"To {r.issuer.bureau_name}:\nWe received the rectification notice (record {reference}) "
            "on ______________. The rectification is reported below.",
        )
        # A spacer in the blank column leaves room to write by hand; a long
        # problem text makes its row taller still.
        rows = [
            [str(n), p(pr.description, s.cell), Spacer(1, 16 * mm), ""]
            for n, pr in enumerate(r.problems, 1)
        ]
        widths = [9 * mm, 62 * mm, 0, 26 * mm]
        widths[2] = FRAME_WIDTH - sum(widths)
        table = data_table(
            [t("序号", "No."), t("问题", "Problem"), t("整改措施及完成情况", "Measures taken and result"),
             t("完成日期", "Date done")],
            rows, widths, s,
        )  # fmt: skip
        signature = Table(
            [[p(t("企业负责人（签字）：________________", "Person in charge (signature): ______________"),
                s.body),
              p(t("企业（盖章）", "Enterprise (seal)"), s.body)],
             [p(t("联系电话：________________", "Phone: ______________"), s.body),
              p(t("日期：____年____月____日", "Date: ______________"), s.body)]],
            colWidths=[FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.4],
            style=[("FONTNAME", (0, 0), (-1, -1), s.body.fontName),
                   ("TOPPADDING", (0, 0), (-1, -1), 6), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )  # fmt: skip
        return [
            CondPageBreak(90 * mm),
            Spacer(1, 8 * mm),
            cut,
            Spacer(1, 4 * mm),
            p(t("整改通知书回执", "Reply slip to the rectification notice"), s.title),
            p(opening, s.body),
            p(t("报告单位：", "Reported by: ") + r.enterprise.name, s.body),
            Spacer(1, 2 * mm),
            table,
            Spacer(1, 6 * mm),
            KeepTogether([signature]),
        ]


def render_notice(record: VisitRecord) -> bytes:
    """The notice as PDF bytes; StateError when the visit has no problem to rectify."""
    return NoticeDocument(record).render()
