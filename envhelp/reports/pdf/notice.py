"""Documents sent to the enterprise: the rectification notice (整改告知书) with its reply
slip, the order to correct (责令改正违法行为决定书) and the proof of delivery (送达回证).

Each prints the issuer from the settings, its own number (given when first issued, see
:mod:`envhelp.domain.documents`), the facts as findings (the officer's note first) and,
for the notice and order, only the problems still to rectify: those fixed on the spot
or closed since are listed apart as 现场已整改 and never ordered again.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from envhelp.domain import settings, vocab
from envhelp.domain.check_answers import finding_of
from envhelp.errors import StateError
from envhelp.reports.pdf.common import (
    BLANK_DATE,
    FRAME_WIDTH,
    LABEL_BG,
    PdfDocument,
    blank,
    data_table,
    grid_style,
    heading,
    info_table,
    p,
    qr_block,
    t,
    written_date,
)
from envhelp.reports.pdf.data import VisitRecord
from envhelp.reports.pdf.fingerprint import RECEIPT_KINDS, SERVED_DOCUMENT
from envhelp.reports.pdf.record import deadline_text

# 行政处罚法 (2021) art. 28 ¶1: an authority imposing a penalty orders the party to
# correct the violation, at once or by a deadline.
ORDER_BASIS = (
    "《中华人民共和国行政处罚法》第二十八条第一款",
    "Article 28(1) of the Administrative Penalty Law of the PRC",
)
DOCUMENT_TITLES = {
    "notice": ("整改告知书", "Rectification Notice"),
    "order": ("责令改正违法行为决定书", "Order to Correct an Illegal Act"),
}
DELIVERY_METHODS = {
    "direct": ("直接送达", "In person"),
    "left": ("留置送达", "Left at the premises"),
    "post": ("邮寄送达", "By post"),
    "electronic": ("电子送达", "Electronically"),
}


class IssuedDocument(PdfDocument):
    """A document with its own number, addressed to the enterprise."""

    document = "notice"

    def title(self) -> str:
        return t(*DOCUMENT_TITLES[self.document])

    def number(self) -> str:
        return self.record.document_numbers.get(self.document, "")

    def number_line(self) -> str:
        if self.record.is_draft:
            return t("草稿（定稿后编号）", "Draft (numbered when issued)")
        return self.number()

    def enterprise_table(self, contacts: bool = False) -> Flowable:
        e = self.record.enterprise
        pairs = [
            (t("单位名称", "Name"), e.name, True),
            (t("统一社会信用代码", "Credit code (USCC)"), e.uscc),
            (t("法定代表人", "Legal representative"), e.legal_rep),
            (t("地址", "Address"), e.address, True),
        ]
        if contacts:
            pairs += [
                (t("联系人", "Contact"), e.contact_person),
                (t("联系电话", "Phone"), e.contact_phone),
            ]
        return info_table(pairs, self.styles)

    def facts_intro(self) -> str:
        r = self.record
        visit_type = vocab.label(vocab.VISIT_TYPES, r.visit.type)
        return t(
            f"{written_date(r.visit.date)}，我局执法人员在{r.place}对你单位开展{visit_type}，"
            "发现你单位存在下列问题：",
            f"On {written_date(r.visit.date)} our officers carried out a {visit_type.lower()} "
            f"of your unit at {r.place} and found the following:",
        )

    def problem_table(self) -> Flowable:
        s = self.styles
        rows = [
            [
                str(n),
                p(finding_of(pr.description), s.cell),
                p(blank(pr.requirement), s.cell),
                p(blank(pr.printed_basis), s.cell),
                p(deadline_text(pr.handling, pr.deadline), s.cell),
            ]
            for n, pr in enumerate(self.record.to_rectify, 1)
        ]
        widths = [9 * mm, 0, 46 * mm, 38 * mm, 27 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        header = [
            t("序号", "No."),
            t("发现的问题", "Finding"),
            t("整改要求", "Requirement"),
            t("依据", "Legal basis"),
            t("整改期限", "Deadline"),
        ]
        return data_table(header, rows, widths, s)

    def rectified_section(self, number: str) -> list[Flowable]:
        """Problems fixed on the spot or closed since: recorded, not ordered again."""
        done = self.record.rectified
        if not done:
            return []
        s = self.styles
        rows = [
            [
                str(n),
                p(finding_of(pr.description), s.cell),
                p(pr.close_note or vocab.label(vocab.HANDLING, pr.handling), s.cell),
            ]
            for n, pr in enumerate(done, 1)
        ]
        widths = [9 * mm, 0, 60 * mm]
        widths[1] = FRAME_WIDTH - sum(widths)
        return [
            heading(
                t(
                    f"{number}、现场已整改及已核查销号的问题（不再要求整改）",
                    f"{number}. Already rectified (not required again)",
                ),
                s,
            ),
            data_table(
                [t("序号", "No."), t("问题", "Problem"), t("整改情况", "How it was fixed")],
                rows,
                widths,
                s,
            ),
        ]

    def contact_lines(self) -> list[Flowable]:
        i = self.record.issuer
        s = self.styles
        out = []
        if i.contact_person or i.contact_phone:
            out.append(
                p(
                    t(
                        f"联系人：{blank(i.contact_person)}　　联系电话：{blank(i.contact_phone)}",
                        f"Contact: {blank(i.contact_person)}    Phone: {blank(i.contact_phone)}",
                    ),
                    s.body,
                )
            )
        if i.bureau_address:
            out.append(p(t("地址：", "Address: ") + i.bureau_address, s.body))
        return out

    def issuer_block(self) -> Flowable:
        s = self.styles
        issuer = self.record.issuer
        lines = [
            p(issuer.bureau_name, s.body),
            p(t("（印章）", "(seal)"), s.body),
            p(t(*BLANK_DATE), s.body),
        ]
        left = FRAME_WIDTH - 75 * mm
        qr = qr_block(self.kind, self.record.visit.id, self.fingerprint, s, width=left - 6 * mm)
        return KeepTogether(
            Table(
                [[qr, lines]],
                colWidths=[left, 75 * mm],
                style=[
                    ("FONTNAME", (0, 0), (-1, -1), s.body.fontName),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ],
            )
        )


class NoticeDocument(IssuedDocument):
    kind = "notice"
    document = "notice"

    def __init__(self, record: VisitRecord):
        refuse_notice(record)
        super().__init__(record)

    def story(self) -> list[Flowable]:
        r = self.record
        s = self.styles
        intro = self.facts_intro() + t(
            "请你单位按下列要求在期限内完成整改，并于整改完成后将回执连同整改佐证材料"
            "（照片、台账、合同等）报送我局。整改中如有困难，请与我局联系。",
            " Please rectify each as required by its deadline and, when done, return the "
            "reply slip below with evidence of the work (photos, ledgers, contracts). "
            "Contact us if you meet difficulties.",
        )
        related = t(f"（关联笔录：{r.visit.record_no}）", f" (record {r.visit.record_no})")
        return [
            *self.header(self.number_line()),
            p(r.enterprise.name + t("：", ":"), s.body),
            Spacer(1, 1.5 * mm),
            p(intro + (related if r.visit.record_no else ""), s.body),
            heading(t("一、单位信息", "1. The unit"), s),
            self.enterprise_table(contacts=True),
            heading(t("二、问题及整改要求", "2. Problems and what to do"), s),
            self.problem_table(),
            *self.rectified_section(t("三", "3")),
            Spacer(1, 3 * mm),
            *self.contact_lines(),
            Spacer(1, 4 * mm),
            self.issuer_block(),
            *self.reply_slip(),
        ]

    def reply_slip(self) -> list[Flowable]:
        s = self.styles
        r = self.record
        cut = p(
            t(
                "- - - - - - - - - - - - - - - - 沿此线剪开 - - - - - - - - - - - - - - - -",
                "- - - - - - - - - - - - - - - - cut here - - - - - - - - - - - - - - - -",
            ),
            s.center,
        )
        reference = self.number() or t("草稿", "draft")
        opening = t(
            f"{r.issuer.bureau_name}：\n我单位已于{BLANK_DATE[0]}收到整改告知书（{reference}），"
            "整改情况如下。",
            f"To {r.issuer.bureau_name}:\nWe received the rectification notice ({reference}) "
            f"on {BLANK_DATE[1]}. The rectification is reported below.",
        )
        # A spacer in the blank column leaves room to write by hand.
        rows = [
            [str(n), p(finding_of(pr.description), s.cell), Spacer(1, 16 * mm), ""]
            for n, pr in enumerate(r.to_rectify, 1)
        ]
        widths = [9 * mm, 62 * mm, 0, 26 * mm]
        widths[2] = FRAME_WIDTH - sum(widths)
        table = data_table(
            [
                t("序号", "No."),
                t("问题", "Problem"),
                t("整改措施及完成情况", "Measures taken and result"),
                t("完成日期", "Date done"),
            ],
            rows,
            widths,
            s,
        )
        signature = Table(
            [
                [
                    p(
                        t(
                            "单位负责人（签名）：________________",
                            "Person in charge (signature): ______________",
                        ),
                        s.body,
                    ),
                    p(t("单位（盖章）", "Unit (seal)"), s.body),
                ],
                [
                    p(t("联系电话：________________", "Phone: ______________"), s.body),
                    p(t("日期：", "Date: ") + t(*BLANK_DATE), s.body),
                ],
            ],
            colWidths=[FRAME_WIDTH * 0.6, FRAME_WIDTH * 0.4],
            style=[
                ("FONTNAME", (0, 0), (-1, -1), s.body.fontName),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ],
        )
        return [
            CondPageBreak(90 * mm),
            Spacer(1, 8 * mm),
            cut,
            Spacer(1, 4 * mm),
            p(t("整改告知书回执", "Reply slip to the rectification notice"), s.title),
            p(opening, s.body),
            p(t("报告单位：", "Reported by: ") + r.enterprise.name, s.body),
            Spacer(1, 2 * mm),
            table,
            Spacer(1, 6 * mm),
            KeepTogether([signature]),
        ]


class OrderDocument(IssuedDocument):
    """责令改正违法行为决定书: facts, evidence, provisions, basis, what by when, appeal."""

    kind = "order"
    document = "order"

    def __init__(self, record: VisitRecord):
        refuse_order(record)
        super().__init__(record)

    def story(self) -> list[Flowable]:
        r = self.record
        s = self.styles
        problems = r.to_rectify
        facts = [
            p(f"{n}. {finding_of(pr.description)}", s.body) for n, pr in enumerate(problems, 1)
        ]
        provisions = "；".join(
            dict.fromkeys(pr.printed_basis for pr in problems if pr.printed_basis)
        )
        corrections = [
            p(
                t(
                    f"{n}. {what}，于{written_date(pr.deadline)}前改正完毕。"
                    if pr.deadline
                    else f"{n}. {what}，立即改正。",
                    f"{n}. {what}; "
                    + (f"by {written_date(pr.deadline)}." if pr.deadline else "at once."),
                ),
                s.body,
            )
            for n, pr in enumerate(problems, 1)
            for what in [blank(pr.requirement).rstrip("。；;. ")]
        ]
        i = r.issuer
        return [
            *self.header(self.number_line()),
            p(t("当事人：", "Party: ") + r.enterprise.name, s.body),
            self.enterprise_table(),
            heading(t("一、环境违法事实和证据", "1. The facts and the evidence"), s),
            p(self.facts_intro(), s.body),
            *facts,
            p(
                t("以上事实有下列证据为证：", "The facts are shown by the following evidence:"),
                s.body,
            ),
            *self.evidence(),
            p(
                t(
                    f"你单位的上述行为违反了{blank(provisions)}的规定。",
                    f"These acts violate: {blank(provisions)}.",
                ),
                s.body,
            ),
            heading(t("二、责令改正的依据和种类", "2. Legal basis and kind of order"), s),
            p(
                t(
                    f"依据{ORDER_BASIS[0]}及上述规定，我局责令你单位改正上述环境违法行为。",
                    f"Under {ORDER_BASIS[1]} and the provisions above, we order your unit to "
                    "correct these acts.",
                ),
                s.body,
            ),
            heading(t("三、改正违法行为的具体形式和期限", "3. What to correct and by when"), s),
            *corrections,
            p(
                t(
                    "你单位应当在上述期限内改正，并将改正情况书面报告我局。逾期不改正或者改正不到位的，"
                    "我局将依照有关法律法规的规定依法处理。",
                    "Correct within the periods above and report in writing. If you do not, or "
                    "not fully, we will deal with it as the laws provide.",
                ),
                s.body,
            ),
            heading(t("四、申请行政复议或者提起行政诉讼的途径和期限", "4. Review and lawsuit"), s),
            p(
                t(
                    f"你单位如不服本决定，可以自收到本决定书之日起六十日内向{i.review_body}申请行政复议，"
                    f"也可以自收到本决定书之日起六个月内向{i.court}提起行政诉讼。",
                    f"If you disagree with this decision you may apply to {i.review_body} for "
                    f"administrative review within 60 days of receiving it, or sue in {i.court} "
                    "within six months of receiving it.",
                ),
                s.body,
            ),
            Spacer(1, 3 * mm),
            *self.contact_lines(),
            Spacer(1, 4 * mm),
            self.issuer_block(),
        ]

    def evidence(self) -> list[Flowable]:
        r = self.record
        s = self.styles
        items = []
        record_no = r.visit.record_no or t("草稿", "draft")
        items.append(
            t(
                f"《现场检查（勘察）笔录》（{record_no}）",
                f"On-site inspection record ({record_no})",
            )
        )
        photos = [a for a in r.attachments if a.is_image]
        for n, a in enumerate(photos, 1):
            items.append(
                t(
                    f"现场照片 图{n}：{a.caption or a.filename}",
                    f"Photo {n}: {a.caption or a.filename}",
                )
            )
        for check in r.checks:
            items.append(t(f"《{check.title_zh}》检查结果", f"Results of “{check.title_en}”"))
        for a in r.attachments:
            if not a.is_image:
                items.append(
                    t(f"材料：{a.caption or a.filename}", f"Document: {a.caption or a.filename}")
                )
        return [p(f"（{n}）{text}", s.body) for n, text in enumerate(items, 1)]


class ReceiptDocument(PdfDocument):
    """送达回证 for the notice or the order of a visit: filled in by hand when served."""

    def __init__(self, record: VisitRecord, served: str, method: str | None = None):
        if served not in DOCUMENT_TITLES:
            raise ValueError(f"served must be one of {tuple(DOCUMENT_TITLES)}, not {served!r}")
        refuse_receipt(record, served)
        self.kind = RECEIPT_KINDS[served]
        self.served = served
        self.method = method
        super().__init__(record)

    def title(self) -> str:
        return t("送达回证", "Proof of Delivery")

    def number(self) -> str:
        return self.record.document_numbers[self.served]

    def story(self) -> list[Flowable]:
        r = self.record
        s = self.styles
        name = t(*DOCUMENT_TITLES[self.served])
        methods = "　".join(
            ("■" if code == self.method else "□") + t(zh, en)
            for code, (zh, en) in DELIVERY_METHODS.items()
        )
        sign = t("签名：________________　　", "Signature: ______________  ") + t(*BLANK_DATE)
        officers = t("、", ", ").join(o.name for o in r.officers)
        rows = [
            (t("送达文书名称", "Document served"), name),
            (t("文书编号", "Document number"), self.number()),
            (t("受送达人", "Addressee"), r.enterprise.name),
            (t("送达地点", "Place of delivery"), r.enterprise.address),
            (
                t("送达时间", "Time of delivery"),
                t("______年____月____日____时____分", "____ / ____ / ______  __:__"),
            ),
            (t("送达方式", "Method"), methods),
            (t("受送达人签收", "Received by (signature, date)"), sign),
            (t("代收人及代收理由", "Received on behalf by, and why"), ""),
            (t("送达人", "Delivered by"), f"{officers}\n{sign}"),
            (t("见证人（留置送达时）", "Witness (when left at the premises)"), sign),
            (t("备注（拒收情况等）", "Remarks (refusal etc.)"), ""),
        ]
        table = Table(
            [
                [p(label, s.label), p(value, s.cell) if value else Spacer(1, 12 * mm)]
                for label, value in rows
            ],
            colWidths=[48 * mm, FRAME_WIDTH - 48 * mm],
            style=grid_style(
                ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                header=False,
            ),
        )
        return [
            *self.header(t("送达文书：", "Serving: ") + f"{name} {self.number()}"),
            table,
            Spacer(1, 4 * mm),
            p(
                t(
                    "说明：受送达人拒绝签收的，送达人应在备注栏注明拒收事由和日期，由送达人、见证人签名，"
                    "把文书留在受送达人的住所，即视为送达。",
                    "If the addressee refuses to sign, the deliverer notes the reason and date under "
                    "remarks, the deliverer and a witness sign, and the document is left at the "
                    "addressee's premises; it is then served.",
                ),
                s.small,
            ),
            *self.verification_block(),
        ]


def render_notice(record: VisitRecord) -> bytes:
    """The notice as PDF bytes; StateError when the visit left nothing to rectify."""
    return NoticeDocument(record).render()


def render_order(record: VisitRecord) -> bytes:
    """The order as PDF bytes; StateError when there is nothing to order."""
    return OrderDocument(record).render()


def render_receipt(record: VisitRecord, served: str, method: str | None = None) -> bytes:
    """The proof of delivery of the visit's ``served`` document ("notice" or "order")."""
    return ReceiptDocument(record, served, method).render()


# -- what each document refuses, before anything is asked or written ------------------


def refuse_notice(record: VisitRecord) -> None:
    """StateError when the visit left nothing to rectify."""
    if not record.to_rectify:
        raise StateError(
            "这次走访没有仍需整改的问题（现场已整改的不再告知），无需出具整改告知书。",
            "This visit left no problem to rectify (those fixed on the spot need no "
            "notice), so there is no notice to print.",
        )


def refuse_order(record: VisitRecord) -> None:
    """StateError unless an inspection left violations to correct; BureauNotSet without
    the review body and the court the order names."""
    if record.visit.type != "inspection":
        raise StateError(
            "责令改正违法行为决定书只对现场检查出具；帮扶走访请出具整改告知书。",
            "An order to correct is issued on an on-site inspection only; for an "
            "assistance visit print the rectification notice.",
        )
    if not record.to_rectify:
        raise StateError(
            "这次检查没有仍需改正的违法行为（现场已整改的不再责令），无需出具责令改正决定书。",
            "This inspection left no violation to correct (those fixed on the spot are "
            "not ordered), so there is no order to print.",
        )
    # An order names where to appeal: refused, naming the setting, until both are set.
    missing = [
        key for key in (settings.REVIEW_BODY, settings.COURT) if not getattr(record.issuer, key)
    ]
    if missing:
        raise settings.BureauNotSet(missing)


def refuse_receipt(record: VisitRecord, served: str) -> None:
    """StateError until the served document has been issued on a final visit."""
    if record.is_draft or not record.document_numbers.get(served):
        raise StateError(
            f"{DOCUMENT_TITLES[served][0]}尚未出具（走访须先定稿并出具文书），不能打印送达回证。",
            f"The {DOCUMENT_TITLES[served][1].lower()} has not been issued yet (finalize "
            "the visit and issue it first), so there is no proof of delivery to print.",
        )


def refuse(record: VisitRecord, kind: str) -> None:
    """Raise the refusal the document ``kind`` ("notice", "order", "receipt_notice",
    "receipt_order") would give, so a caller can say so before asking for a file."""
    if kind == "notice":
        refuse_notice(record)
    elif kind == "order":
        refuse_order(record)
    elif kind in SERVED_DOCUMENT:
        refuse_receipt(record, SERVED_DOCUMENT[kind])
    else:
        raise ValueError(f"no such document: {kind!r}")
