"""Shared pieces of EnvHelp PDFs: page frame, styles, footer, watermark, photos, QR.

A document is a :class:`PdfDocument` subclass that builds a list of platypus
flowables from a :class:`~.data.VisitRecord`; this module draws everything
around them. The footer needs the page count, so pages are collected by
:class:`NumberedCanvas` and drawn at the end (two passes over the saved pages).
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from envhelp import i18n
from envhelp.reports.pdf import fingerprint
from envhelp.reports.pdf.data import VisitRecord
from envhelp.reports.pdf.fonts import covered_codes, register_fonts
from envhelp.storage import files

PAGE_SIZE = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN_X
GRID = colors.HexColor("#808080")
HEAD_BG = colors.HexColor("#E8EEF4")
LABEL_BG = colors.HexColor("#F4F6F8")
PHOTO_MAX_PX = 1600  # long side of the copy put into the PDF; the stored file is untouched
PHOTO_MAX_HEIGHT = 68 * mm
# Binary streams, not ASCII85 text: a photo's JPEG goes into the PDF byte for byte, and
# the file is a fifth smaller. Every PDF reader reads binary PDFs.
rl_config.useA85 = 0

# The record's title by visit type.
RECORD_TITLES = {
    "law_publicity": ("送法入企帮扶记录", "Law-to-Enterprise Assistance Record"),
    "stationed": ("入厂驻企帮扶记录", "Stationed Assistance Record"),
    "inspection": ("现场检查（勘察）笔录", "On-site Inspection Record"),
    "follow_up": ("回头看核查记录", "Follow-up Review Record"),
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# A date left for the hand to fill in.
BLANK_DATE = ("______年____月____日", "____ / ____ / ______")


def t(zh: str, en: str) -> str:
    return i18n.pick(zh, en)


def written_date_forms(iso: str) -> tuple[str, str]:
    """``2026-12-04`` as documents write it: ("2026年12月4日", "4 Dec 2026"); other text
    is returned as it is."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return iso, iso
    return (
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}",
    )


def written_date(iso: str) -> str:
    """A date as documents write it in the print language (2026年12月4日)."""
    return t(*written_date_forms(iso)) if iso else ""


def written_time(hhmm: str) -> str:
    """``09:05`` as 9时05分 (English: 09:05)."""
    if not hhmm:
        return ""
    hour, _, minute = hhmm.partition(":")
    return t(f"{int(hour)}时{minute}分", hhmm)


def blank(value: str) -> str:
    return value if value and value.strip() else "—"


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾", "0123456789+-=()")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "0123456789+-=()")
SUPER_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾]+")
SUB_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎]+")


def markup(text: str) -> str:
    """User text as Paragraph markup: ``&``, ``<`` and ``>`` print literally; newlines break.

    Unicode super- and subscript digits (1×10⁻⁷) become raised or lowered ASCII,
    since the embedded font has only some of them.
    """
    out = escape(text).replace("\r\n", "\n").replace("\n", "<br/>")
    out = SUPER_RUN.sub(lambda m: f"<super>{m.group().translate(SUPERSCRIPTS)}</super>", out)
    return SUB_RUN.sub(lambda m: f"<sub>{m.group().translate(SUBSCRIPTS)}</sub>", out)


MISSING_GLYPH = "\x00"  # what a PDF's text gives back for a character the font lacks


def as_drawn(text: str) -> str:
    """The characters :func:`markup` draws for ``text``: super- and subscripts as plain
    digits, a character the font lacks as :data:`MISSING_GLYPH` (what ``verify`` looks
    for on the pages)."""
    plain = text.translate(SUPERSCRIPTS).translate(SUBSCRIPTS)
    covered = covered_codes()
    return "".join(c if c.isspace() or ord(c) in covered else MISSING_GLYPH for c in plain)


@dataclass
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    label: ParagraphStyle
    title: ParagraphStyle
    bureau: ParagraphStyle
    heading: ParagraphStyle
    center: ParagraphStyle
    caption: ParagraphStyle
    number: ParagraphStyle


def make_styles() -> Styles:
    font = register_fonts()

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        # CJK wrapping breaks between any two characters, so long Chinese text and
        # long unbroken codes both wrap instead of running out of a cell.
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw
        )

    return Styles(
        body=style("body", 10, 15),
        small=style("small", 8, 11, textColor=colors.HexColor("#404040")),
        cell=style("cell", 8.5, 11.5),
        cell_head=style("cell_head", 8.5, 11.5, alignment=TA_CENTER),
        label=style("label", 8.5, 11.5, textColor=colors.HexColor("#303030")),
        title=style("title", 18, 24, alignment=TA_CENTER, spaceAfter=2 * mm),
        bureau=style("bureau", 12, 16, alignment=TA_CENTER),
        heading=style(
            "heading",
            11.5,
            16,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
            textColor=colors.HexColor("#1F3A5F"),
        ),
        center=style("center", 10, 14, alignment=TA_CENTER),
        caption=style("caption", 8, 10.5, alignment=TA_CENTER),
        number=style("number", 10, 14, alignment=TA_RIGHT, spaceAfter=2 * mm),
    )


def p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of user text (escaped)."""
    return Paragraph(markup(text), style)


def grid_style(*extra: tuple, header: bool = True) -> TableStyle:
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ]
    return TableStyle(commands + list(extra))


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    styles: Styles,
    *,
    split_in_row: bool = True,
) -> Table:
    """A grid whose header row repeats on every page and whose rows may split inside
    (``split_in_row=False``: a row moves to the next page whole)."""
    head = [Paragraph(markup(h), styles.cell_head) for h in header]
    body = [[c if isinstance(c, Flowable) else p(str(c), styles.cell) for c in row] for row in rows]
    return Table(
        [head, *body],
        colWidths=list(widths),
        repeatRows=1,
        splitByRow=1,
        splitInRow=1 if split_in_row else 0,
        style=grid_style(),
    )


def info_table(pairs: Sequence[tuple[str, str] | tuple[str, str, bool]], styles: Styles) -> Table:
    """Label/value grid, two pairs a row; a pair with a true third element fills a row."""
    label_w, value_w = 29 * mm, FRAME_WIDTH / 2 - 29 * mm
    rows: list[list[Any]] = []
    spans: list[tuple] = []
    pending: list[Any] = []
    for pair in pairs:
        label, value = pair[0], pair[1]
        cells = [Paragraph(markup(label), styles.label), p(blank(value), styles.cell)]
        if len(pair) > 2 and pair[2]:
            if pending:
                rows.append(pending + ["", ""])
                pending = []
            rows.append(cells + ["", ""])
            row = len(rows) - 1
            spans += [
                ("SPAN", (1, row), (3, row)),
                ("BACKGROUND", (1, row), (3, row), colors.white),
            ]
        else:
            pending += cells
            if len(pending) == 4:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending + ["", ""])
    style = grid_style(
        ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
        ("BACKGROUND", (2, 0), (2, -1), LABEL_BG),
        *spans,
        header=False,
    )
    return Table(rows, colWidths=[label_w, value_w, label_w, value_w], style=style, splitInRow=1)


def heading(text: str, styles: Styles) -> Paragraph:
    return Paragraph(markup(text), styles.heading)


# -- photos ----------------------------------------------------------------------


def load_photo(path: Path | None, max_w: float, max_h: float) -> Image | None:
    """A reduced JPEG/PNG copy of the photo fitted into max_w × max_h (None if unreadable).

    An upright JPEG no larger than :data:`PHOTO_MAX_PX` (a print rendition) is embedded
    as it is, without decoding it."""
    if path is None:
        return None
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError

    ready = _ready_jpeg_size(path)
    if ready is not None:
        width, height = ready
        scale = min(max_w / width, max_h / height)
        return Image(str(path), width=width * scale, height=height * scale)
    try:
        with warnings.catch_warnings():
            # Big phone photos are fine; above ~179 MP Pillow raises DecompressionBombError.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as im:
                im.draft("RGB", (PHOTO_MAX_PX, PHOTO_MAX_PX))  # JPEG: decode at reduced size
                im = ImageOps.exif_transpose(im)
                im.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
                buf = io.BytesIO()
                if im.mode in ("RGBA", "LA", "P"):
                    im.convert("RGBA").save(buf, "PNG", optimize=True)
                else:
                    im.convert("RGB").save(buf, "JPEG", quality=82)
                width, height = im.size
    except (
        OSError,
        UnidentifiedImageError,
        ValueError,
        SyntaxError,
        PILImage.DecompressionBombError,
    ):
        return None
    scale = min(max_w / width, max_h / height)
    buf.seek(0)
    return Image(buf, width=width * scale, height=height * scale)


EXIF_ORIENTATION = 0x0112


def _ready_jpeg_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a JPEG that can go into the PDF as it is: small enough and
    upright (no EXIF turn); None otherwise. Reads the header only."""
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path) as im:
                upright = im.getexif().get(EXIF_ORIENTATION, 1) == 1
                small = max(im.size) <= PHOTO_MAX_PX
                if im.format == "JPEG" and im.mode == "RGB" and upright and small:
                    return im.size
    except (
        OSError,
        UnidentifiedImageError,
        ValueError,
        SyntaxError,
        PILImage.DecompressionBombError,
    ):
        return None
    return None


def photo_grid(
    photos: Sequence[tuple[Path | None, str]], styles: Styles
) -> tuple[Table | None, list[str]]:
    """Photos two per row with captions; returns the table and captions that could not be drawn."""
    col_w = FRAME_WIDTH / 2
    cells: list[list[Any]] = []
    failed: list[str] = []
    for path, caption in photos:
        image = load_photo(path, col_w - 8, PHOTO_MAX_HEIGHT)
        if image is None:
            failed.append(caption)
            continue
        cells.append([image, Spacer(1, 1.5 * mm), p(caption, styles.caption)])
    if not cells:
        return None, failed
    if len(cells) % 2:
        cells.append("")
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    table = Table(
        rows,
        colWidths=[col_w, col_w],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    return table, failed


class QrFlowable(Flowable):
    """A QR code drawn straight on the canvas.

    reportlab's graphics renderer would switch to (unembedded) Helvetica while
    drawing a QR Drawing; plain rectangles keep every font in the PDF embedded.
    """

    def __init__(self, value: str, size: float, border: int = 2):
        super().__init__()
        from reportlab.graphics.barcode import qrencoder

        qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        qr.addData(value)
        qr.make()
        self.modules = [[bool(cell) for cell in row] for row in qr.modules]
        self.size = size
        self.border = border

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        box = self.size / (count + 2 * self.border)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for r, row in enumerate(self.modules):
            y = self.size - (r + self.border + 1) * box
            for c, dark in enumerate(row):
                if dark:
                    canvas.rect((c + self.border) * box, y, box, box, stroke=0, fill=1)


def qr_block(
    kind: str, record_id: str, fp: str, styles: Styles, width: float = FRAME_WIDTH
) -> Table:
    """The QR code (record and fingerprint, for the bureau's check) and the fingerprint in
    words; nothing on paper names the program or shows an internal id."""
    size = 30 * mm
    code = QrFlowable(fingerprint.qr_payload(kind, record_id, fp), size)
    text = Paragraph(
        markup(
            t(
                "核验码：扫描二维码或核对下列内容指纹，可确认本文书与执法部门存档一致。",
                "Check code: scan the QR code or compare the content fingerprint below to "
                "confirm this document matches the bureau's file.",
            )
        )
        + "<br/>"
        + markup(t("内容指纹（SHA-256）：", "Content fingerprint (SHA-256): ") + fp),
        styles.small,
    )
    return Table(
        [[code, text]],
        colWidths=[size + 4 * mm, width - size - 4 * mm],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )


# -- pages -----------------------------------------------------------------------


@dataclass(frozen=True)
class PageDecor:
    """What every page shows around the content."""

    running_title: str
    record_no: str
    short_fingerprint: str
    draft: bool
    # Drawn above the footer of every page (the 笔录's signatures page by page); "" for none.
    page_signatures: str = ""


def make_canvas_class(decor: PageDecor) -> type[Canvas]:
    font = register_fonts()

    class NumberedCanvas(Canvas):
        """Keeps each page's state, then draws "page x of y" on all of them at save()."""

        def __init__(self, *args: Any, **kwargs: Any):
            # The canvas would otherwise start each page in (unembedded) Helvetica.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = PAGE_SIZE
            number = self.getPageNumber()
            self.saveState()
            self.setFont(font, 8)
            self.setFillColor(colors.HexColor("#404040"))
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            base = MARGIN_BOTTOM - 9 * mm
            if decor.page_signatures:
                self.setFont(font, 9)
                self.setFillColor(colors.black)
                self.drawString(MARGIN_X, base + 8 * mm, decor.page_signatures)
                self.setFont(font, 8)
                self.setFillColor(colors.HexColor("#404040"))
            self.line(MARGIN_X, base + 4 * mm, width - MARGIN_X, base + 4 * mm)
            left = decor.record_no or t("草稿（未编号）", "Draft (no number)")
            self.drawString(MARGIN_X, base, left)
            self.drawCentredString(
                width / 2, base, t(f"第 {number} 页 共 {total} 页", f"Page {number} of {total}")
            )
            self.drawRightString(
                width - MARGIN_X, base, t("指纹 ", "Fingerprint ") + decor.short_fingerprint
            )
            if number > 1:
                self.drawString(MARGIN_X, height - MARGIN_TOP + 5 * mm, decor.running_title)
                self.line(
                    MARGIN_X,
                    height - MARGIN_TOP + 3.5 * mm,
                    width - MARGIN_X,
                    height - MARGIN_TOP + 3.5 * mm,
                )
            if decor.draft:
                self.setFillColor(colors.HexColor("#C00000"))
                self.setFillAlpha(0.16)
                self.setFont(font, 88)
                self.translate(width / 2, height / 2)
                self.rotate(45)
                self.drawCentredString(0, -30, t("草稿 DRAFT", "DRAFT"))
            self.restoreState()

    return NumberedCanvas


class PdfDocument:
    """Base of the record and the notice: page frame, metadata and the fingerprint stamp.

    Subclasses set ``kind`` and implement :meth:`title` and :meth:`story`.
    """

    kind = "record"
    page_size = PAGE_SIZE

    def __init__(self, record: VisitRecord):
        self.record = record
        self.styles = make_styles()
        self.content = fingerprint.canonical_content(record, self.kind)
        self.fingerprint = fingerprint.fingerprint_of(self.content)

    def title(self) -> str:
        raise NotImplementedError

    def number(self) -> str:
        """The document's number as printed in the footer ("" for a draft)."""
        return "" if self.record.is_draft else self.record.visit.record_no

    def page_signatures(self) -> str:
        """A signature line drawn on every page ("" for none)."""
        return ""

    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def verification_block(self) -> list[Flowable]:
        """The QR code and fingerprint; the story places it (on the last page)."""
        return [
            Spacer(1, 5 * mm),
            qr_block(self.kind, self.record.visit.id, self.fingerprint, self.styles),
        ]

    def header(self, number_line: str) -> list[Flowable]:
        """Bureau, unit, title and the number line at the top of page one."""
        s = self.styles
        unit = self.record.issuer.unit_name
        return [
            p(self.record.issuer.bureau_name, s.bureau),
            *([p(unit, s.center)] if unit else []),
            Spacer(1, 3 * mm),
            p(self.title(), s.title),
            Paragraph(markup(number_line), s.number),
        ]

    def render(self) -> bytes:
        record = self.record
        buf = io.BytesIO()
        title = self.title()
        signatures = self.page_signatures()
        number = self.number()
        doc = SimpleDocTemplate(
            buf,
            pagesize=self.page_size,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM + (9 * mm if signatures else 0),
            title=f"{title} {number}".strip(),
            author=record.issuer.bureau_name,
            subject=f"{record.enterprise.name} {written_date(record.visit.date)}",
            keywords=f"{self.kind} sha256={self.fingerprint}",
            creator=record.issuer.bureau_name,
        )
        decor = PageDecor(
            running_title=f"{title} · {record.enterprise.name}",
            record_no=number,
            short_fingerprint=fingerprint.short(self.fingerprint),
            draft=record.is_draft,
            page_signatures=signatures,
        )
        doc.build(self.story(), canvasmaker=make_canvas_class(decor))
        return fingerprint.embed(buf.getvalue(), self.kind, self.content)


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write the whole file under a temporary name, then rename it into place."""
    return files.write_atomic(path, data)


ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
