"""Remake docs/examples/: one PDF of each document from the demo district, a PNG beside each.

    .venv/bin/python scripts/document_examples.py [OUT_DIR]

Builds the demo (seed 1, ending 2026-12-04) in a temporary database, adds two photos
to an inspection that found problems to rectify and fixed one on the spot, and writes
through the same functions as ``envhelp report``: the 现场检查（勘察）笔录, a 回头看
record, the 整改告知书, the 责令改正违法行为决定书 and the 送达回证 of the order.
Each page is rendered to PNG with ``pdftoppm`` (poppler-utils) at 70 dpi.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from envhelp import demo
from envhelp.domain import attachments
from envhelp.reports.pdf import write_notice, write_order, write_receipt, write_visit_record
from envhelp.storage import Store

ROOT = Path(__file__).resolve().parents[1]
END = date(2026, 12, 4)
EXIF_DATETIME_ORIGINAL, EXIF_IFD = 0x9003, 0x8769


def photo(path: Path, colour: tuple[int, int, int], taken: str | None) -> Path:
    """A stand-in for a site photo: a storeroom's outline on a plain ground."""
    image = Image.new("RGB", (1600, 1200), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 300, 1400, 1100), outline=(40, 40, 40), width=12)
    draw.rectangle((650, 600, 950, 1100), fill=(90, 90, 90))
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[EXIF_DATETIME_ORIGINAL] = taken
    image.save(path, "JPEG", quality=80, exif=exif)
    return path


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.sqlite3", actor="demo")
        try:
            demo.generate(store, seed=1, end=END)
            inspection, follow_up = demo.example_visits(store)
            problem_id = store.scalar(
                "SELECT id FROM problems WHERE visit_id = ? AND status != 'closed' LIMIT 1",
                (inspection,),
            )
            day = store.get("visits", inspection)["date"].replace("-", ":")
            attachments.add(
                store,
                photo(Path(tmp) / "a.jpg", (205, 200, 185), f"{day} 10:41:08"),
                caption="贮存库门口未设置贮存设施标志",
                problem_id=problem_id,
            )
            attachments.add(
                store,
                photo(Path(tmp) / "b.jpg", (185, 195, 205), None),
                caption="贮存库内部全景",
                visit_id=inspection,
            )
            written = [
                write_visit_record(store, inspection, out_dir / "inspection-record.pdf"),
                write_visit_record(store, follow_up, out_dir / "follow-up-record.pdf"),
                write_notice(store, inspection, out_dir / "rectification-notice.pdf"),
                write_order(store, inspection, out_dir / "order-to-correct.pdf"),
                write_receipt(store, inspection, "order", out_dir / "proof-of-delivery.pdf"),
            ]
        finally:
            store.close()
    pdftoppm = shutil.which("pdftoppm")
    for pdf in written:
        for old in out_dir.glob(f"{pdf.stem}-page*.png"):
            old.unlink()
        subprocess.run(
            [pdftoppm, "-r", "70", "-png", str(pdf), str(out_dir / f"{pdf.stem}-page")], check=True
        )
        print(pdf)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "examples")
