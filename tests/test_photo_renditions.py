"""Photos: the print rendition is made once at attach time, remade if deleted, and drawn
by the record; the time taken comes from EXIF, else the time the photo was added."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from envhelp.domain import attachments, images
from envhelp.reports.pdf import collect_visit_record, fingerprint, render_visit_record
from tests.conftest import draft_visit

# Documents need the issuing bureau (settings.require_bureau).
pytestmark = pytest.mark.usefixtures("bureau")

EXIF_IFD, DATETIME_ORIGINAL, ORIENTATION = 0x8769, 36867, 0x0112


def phone_photo(path, size=(3000, 2000), taken="2026:03:05 09:41:07", orientation=None):
    image = Image.effect_noise(size, 40).convert("RGB")
    exif = Image.Exif()
    if taken:
        exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = taken
    if orientation:
        exif[ORIENTATION] = orientation
    image.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


def _visit(store, enterprise, officer):
    return draft_visit(
        store, enterprise["id"], [officer["id"]], "inspection", day="2026-03-05", time=None
    )


def test_rendition_and_time_taken_are_made_when_a_photo_is_added(
    store, enterprise, officer, tmp_path
):
    visit = _visit(store, enterprise, officer)
    # Turned by EXIF (orientation 6: the camera was held upright).
    row = attachments.add(
        store, phone_photo(tmp_path / "a.jpg", orientation=6), visit_id=visit["id"]
    )
    assert (row["taken_at"], row["taken_from"]) == ("2026-03-05T09:41:07", "exif")
    folder = images.cache_dir_for(store.attachments_dir)
    rendition = folder / f"{row['sha256']}-{images.REPORT_PX}.jpg"
    assert rendition.is_file()  # content-addressed, beside the attachments folder
    with Image.open(rendition) as im:
        assert im.size == (800, 1200)  # fitted to 1200 px and upright

    before = datetime.now().replace(microsecond=0)
    png = tmp_path / "b.png"
    Image.new("RGB", (40, 30), "red").save(png)
    plain = attachments.add(store, png, visit_id=visit["id"], rendition=False)
    assert plain["taken_from"] == "added"
    assert before <= datetime.fromisoformat(plain["taken_at"]) <= datetime.now()
    assert not (folder / f"{plain['sha256']}-{images.REPORT_PX}.jpg").exists()  # asked not to

    text = tmp_path / "c.txt"
    text.write_text("notes")
    other = attachments.add(store, text, visit_id=visit["id"])
    assert other["taken_at"] is None and other["taken_from"] == ""


def test_record_draws_renditions_and_remakes_a_missing_one(store, enterprise, officer, tmp_path):
    visit = _visit(store, enterprise, officer)
    row = attachments.add(
        store,
        phone_photo(tmp_path / "a.jpg", size=(4000, 3000)),
        caption="危废间",
        visit_id=visit["id"],
    )
    rendition = images.print_rendition(store, row)
    rendition.unlink()  # the cache is disposable
    record = collect_visit_record(store, visit["id"])
    (photo,) = record.attachments
    assert photo.print_path == rendition and rendition.is_file()
    assert (photo.taken_at, photo.taken_from) == ("2026-03-05T09:41:07", "exif")
    assert (
        fingerprint.canonical_content(record)["attachments"][0]["taken_at"] == "2026-03-05T09:41:07"
    )

    pdf = render_visit_record(record)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "拍摄时间：2026年3月5日 09:41" in text
    drawn = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(drawn) == 1
    with Image.open(io.BytesIO(drawn[0].data)) as im:
        assert im.size == (1200, 900)
    # The rendition's own bytes are embedded: nothing decoded and encoded again.
    assert rendition.read_bytes() in pdf


def test_photos_attached_before_keep_their_fingerprint(store, enterprise, officer, tmp_path):
    """An attachment without a time taken (saved before it existed) adds nothing to the
    fingerprint, so records printed then still verify."""
    visit = _visit(store, enterprise, officer)
    row = attachments.add(store, phone_photo(tmp_path / "a.jpg", taken=None), visit_id=visit["id"])
    store.conn.execute(
        "UPDATE attachments SET taken_at = NULL, taken_from = '' WHERE id = ?", (row["id"],)
    )
    content = fingerprint.canonical_content(collect_visit_record(store, visit["id"]))
    assert "taken_at" not in content["attachments"][0]
