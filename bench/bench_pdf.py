"""Benchmark 4: the PDF record of a visit with a full GB 18597 check and 6 photos.

"First" is the first record in a fresh process whose database is already
open (as in the running app): it includes importing reportlab, registering the
CJK font and rendering. "Warm" is a further record in the same process. The
figure is ``write_visit_record`` (collect_visit_record + render + atomic
write). Floor: reportlab's canvas writing the same number of pages of plain
text in the same embedded font (first: in a fresh process too). Targets: warm
≤ 0.5 s, first ≤ 1.5 s.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Result, arguments, measure, open_store, report, run_child  # noqa: E402

TARGET_WARM = 0.5
TARGET_FIRST = 1.5
LINE = "危险废物贮存场所检查记录：贮存设施防渗、标志、台账与分区情况均按 GB 18597-2023 逐项核对。"

FIRST_RECORD = """
import sys, time
from envhelp.storage import Store
store = Store(sys.argv[1], create=False)
t0 = time.perf_counter()
from envhelp.reports.pdf.export import write_visit_record
write_visit_record(store, sys.argv[2], sys.argv[3])
print(time.perf_counter() - t0)
"""

FIRST_FLOOR = """
import sys, time
sys.path.insert(0, ".")
from bench.bench_pdf import plain_pages
t0 = time.perf_counter()
plain_pages(int(sys.argv[1]))
print(time.perf_counter() - t0)
"""


def plain_pages(pages: int) -> bytes:
    """``pages`` A4 pages of plain Chinese text lines in the project's embedded font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from envhelp import paths
    from envhelp.reports.pdf import fonts

    if "BenchPlain" not in pdfmetrics.getRegisteredFontNames():
        font = TTFont("BenchPlain", str(paths.resource(*fonts.FONT_FILE)), subfontIndex=0)
        pdfmetrics.registerFont(font)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for _ in range(pages):
        canvas.setFont("BenchPlain", 10)
        for line in range(50):
            canvas.drawString(50, 800 - line * 15, LINE)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def pick_visit(store) -> str:  # noqa: ANN001
    """A final visit with a GB 18597 check (every item answered) and six photos."""
    return store.scalar(
        "SELECT v.id FROM visits v JOIN checks c ON c.visit_id = v.id "
        "WHERE v.status = 'final' AND c.template_id = 'gb18597-2023-storage' "
        "AND (SELECT count(*) FROM attachments a WHERE a.visit_id = v.id) "
        "  + (SELECT count(*) FROM attachments a JOIN check_results r "
        "     ON r.id = a.check_result_id WHERE r.check_id = c.id) = 6 "
        "ORDER BY v.date, v.id LIMIT 1"
    )


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def run(store, repeat: int = 5, *, first: bool = True) -> list[Result]:  # noqa: ANN001
    from envhelp.reports.pdf.export import write_visit_record

    visit_id = pick_visit(store)
    if visit_id is None:
        raise SystemExit("no visit with a GB 18597 check and 6 photos in this database")
    items = store.scalar(
        "SELECT count(*) FROM check_results r JOIN checks c ON c.id = r.check_id "
        "WHERE c.visit_id = ?",
        (visit_id,),
    )
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "record.pdf"
        results = []
        if first:
            first_s = float(run_child(FIRST_RECORD, str(store.path), visit_id, str(target)))
        warm_s = measure(lambda: write_visit_record(store, visit_id, target), repeat)
        pages = page_count(target)
        size_kb = target.stat().st_size / 1024
        floor_warm = measure(lambda: plain_pages(pages), repeat)
        what = f"{items}-item check, 6 photos, {pages} pages, {size_kb:.0f} KB"
        if first:
            floor_first = float(run_child(FIRST_FLOOR, str(pages)))
            results.append(
                Result(
                    f"visit record PDF, first in a process ({what})",
                    first_s,
                    floor_first,
                    "reportlab plain text, first",
                    TARGET_FIRST,
                )
            )
        results.append(
            Result(
                f"visit record PDF, warm ({what})",
                warm_s,
                floor_warm,
                "reportlab plain text, warm",
                TARGET_WARM,
            )
        )
    return results


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    with open_store(args.db) as store:
        t0 = time.perf_counter()
        results = run(store, args.repeat)
    report(
        "pdf",
        "4. Visit record PDF",
        results,
        db=args.db,
        write_readme=args.write_readme,
        notes=f"(whole run {time.perf_counter() - t0:.1f} s)",
    )


if __name__ == "__main__":
    main()
