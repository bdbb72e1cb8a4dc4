"""Attachments under stress: non-images, huge photos, hostile file names, a copy cut short."""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from envhelp.domain import attachments, images
from envhelp.errors import StorageError
from envhelp.reports.pdf import collect_visit_record, render_visit_record
from envhelp.storage.integrity import check
from tests.conftest import draft_visit

pytestmark = pytest.mark.usefixtures("bureau")

STORED_NAME_RE = re.compile(r"[0-9a-f]{64}(\.[a-z0-9]{1,8})?")


@pytest.fixture
def visit(store, officer, enterprise):
    return draft_visit(
        store, enterprise["id"], [officer["id"]], "stationed", day="2026-03-05", time=None
    )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(store) -> tuple[int, int]:
    return (
        store.scalar("SELECT count(*) FROM attachments"),
        store.scalar("SELECT count(*) FROM audit_log"),
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


# -- non-images ---------------------------------------------------------------------


def test_non_image_files_are_kept_as_files_and_never_drawn(store, visit, tmp_path):
    pdf_file = tmp_path / "整改报告.pdf"
    pdf_file.write_bytes(b"%PDF-1.4\n% not really a picture\n")
    sheet = tmp_path / "台账.xlsx"
    sheet.write_bytes(b"PK\x03\x04 spreadsheet bytes")
    fake_jpeg = tmp_path / "伪装照片.jpg"  # named like a photo, but not one
    fake_jpeg.write_bytes(b"MZ\x90\x00 this is a program, not a JPEG")
    photo = tmp_path / "现场.png"
    Image.new("RGB", (64, 48), "navy").save(photo)

    rows = {
        p.name: attachments.add(store, p, visit_id=visit["id"])
        for p in (pdf_file, sheet, fake_jpeg, photo)
    }

    assert not attachments.is_image(rows["整改报告.pdf"])
    assert not attachments.is_image(rows["台账.xlsx"])
    assert attachments.is_image(rows["现场.png"])
    for name, row in rows.items():  # every file is stored whole, byte for byte
        assert sha(attachments.stored_path(store, row)) == sha(tmp_path / name)
    assert images.thumbnail_for(store, rows["整改报告.pdf"]) is None  # not an image: no copy
    assert images.thumbnail_for(store, rows["伪装照片.jpg"]) is None  # unreadable: no copy
    assert images.thumbnail_for(store, rows["现场.png"]) is not None

    # The PDF record lists the other files by name and draws only the real photo.
    record = collect_visit_record(store, visit["id"])
    drawn = [a.filename for a in record.attachments if a.is_image]
    assert set(drawn) == {"伪装照片.jpg", "现场.png"}
    pdf = render_visit_record(record)
    text = pdf_text(pdf)
    assert "整改报告.pdf" in text and "台账.xlsx" in text  # listed, not printed
    assert "伪装照片.jpg" in text  # named among the images that could not be shown
    reader = PdfReader(io.BytesIO(pdf))
    pictures = sum(len(page.images) for page in reader.pages)
    assert pictures == 1


# -- huge images --------------------------------------------------------------------


@pytest.fixture
def huge_photo(tmp_path):
    path = tmp_path / "IMG_8000x6000.png"
    image = Image.new("RGB", (8000, 6000), (30, 120, 60))
    image.paste((200, 40, 40), (0, 0, 4000, 3000))  # a corner, so scaling is visible
    image.save(path)
    return path


def test_huge_image_is_scaled_for_display_and_reports_original_kept(store, visit, huge_photo):
    original = huge_photo.read_bytes()
    row = attachments.add(store, huge_photo, visit_id=visit["id"])
    stored = attachments.stored_path(store, row)

    for max_px in (images.LIST_PX, images.REPORT_PX, images.DISPLAY_PX):
        copy = images.thumbnail_for(store, row, max_px)
        assert copy is not None and copy.parent == images.cache_dir_for(store.attachments_dir)
        assert copy.name == f"{row['sha256']}-{max_px}.jpg"
        with Image.open(copy) as im:
            assert max(im.size) == max_px and im.size[0] * 3 == im.size[1] * 4  # 4:3 kept
            assert im.getpixel((1, 1))[0] > 150  # the red corner is still top-left
        assert copy.stat().st_size < 1_000_000

    # The cached copy is reused, the original is untouched, and check() ignores the cache.
    again = images.thumbnail_for(store, row, images.REPORT_PX)
    assert again == images.cache_dir_for(store.attachments_dir) / f"{row['sha256']}-1200.jpg"
    assert stored.read_bytes() == original and sha(stored) == row["sha256"]
    assert check(store).ok

    # The PDF shrinks the photo too: the record stays small.
    pdf = render_visit_record(collect_visit_record(store, visit["id"]))
    assert len(pdf) < 2_000_000
    (picture,) = [i for page in PdfReader(io.BytesIO(pdf)).pages for i in page.images]
    assert max(picture.image.size) <= 2000


def test_exif_orientation_is_applied(tmp_path):
    path = tmp_path / "sideways.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    Image.new("RGB", (800, 400), "white").save(path, exif=exif)

    copy = images.thumbnail(path, 200, cache_dir=tmp_path / "cache")

    with Image.open(copy) as im:
        assert im.size == (100, 200)  # upright: portrait
    assert images.thumbnail_bytes(path, 200, cache_dir=tmp_path / "cache") == copy.read_bytes()


def test_transparent_png_keeps_its_transparency(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGBA", (500, 500), (0, 0, 0, 0)).save(path)
    copy = images.thumbnail(path, 100, cache_dir=tmp_path / "cache")
    assert copy.suffix == ".png"
    with Image.open(copy) as im:
        assert im.mode == "RGBA" and im.getpixel((5, 5))[3] == 0


def test_decompression_bomb_is_not_decoded_anywhere(store, visit, tmp_path):
    """A small file claiming 400 megapixels is refused, not decoded, by thumbnails and PDF."""
    bomb = tmp_path / "bomb.png"
    Image.new("1", (20000, 20000)).save(bomb)  # a few kB on disk
    assert bomb.stat().st_size < 200_000
    row = attachments.add(store, bomb, caption="炸弹", visit_id=visit["id"])

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert images.thumbnail_for(store, row) is None
        pdf = render_visit_record(collect_visit_record(store, visit["id"]))
    assert "炸弹" in pdf_text(pdf)  # named as not shown, the record is still made
    assert sha(attachments.stored_path(store, row)) == row["sha256"]


def test_thumbnail_rejects_silly_sizes_and_missing_files(tmp_path):
    with pytest.raises(ValueError):
        images.thumbnail(tmp_path / "x.png", 4)
    assert images.thumbnail(tmp_path / "missing.png", 100) is None


# -- odd file names -----------------------------------------------------------------

ODD_NAMES = [
    "CON",
    "con.txt",
    "NUL.jpg",
    "COM1.png",
    "LPT9",
    "aux.pdf",  # Windows-reserved
    "photo.jpg.exe",
    "report.pdf.bat",
    "archive.tar.gz",  # double extensions
    "no_extension",
    ".hidden",
    "..dots..",
    "trailing.dot.",
    "space .jpg ",
    "tab\tname.png",
    "bell\x07.jpg",
    "newline\nname.txt",
    "esc\x1b[31mred.png",  # control chars
    "现场照片（整改前）.JPG",
    "Ünïcödé façade.jpeg",
    "emoji😀.png",
    "rtl\u202egnp.exe",
    "back\\slash\\..\\..\\evil.png",
    "colon:stream.jpg",
    "a" * 250 + ".jpg",
    "长" * 80 + ".png",  # 240 bytes in UTF-8: close to the 255-byte limit of most file systems
    "x.PHP5",
    "x.verylongextension",
    "x.j pg",
    "x.jp\u00e9g",
]


@pytest.mark.parametrize("name", ODD_NAMES, ids=range(len(ODD_NAMES)))
def test_odd_file_names_are_stored_by_hash_inside_the_folder(store, visit, tmp_path, name):
    folder = tmp_path / "src"
    folder.mkdir()
    source = folder / name
    source.write_bytes(b"content of " + name.encode("utf-8", "surrogatepass"))

    row = attachments.add(store, source, caption=name[:50].strip() or "x", visit_id=visit["id"])

    stored = attachments.stored_path(store, row)
    assert STORED_NAME_RE.fullmatch(stored.name)
    assert stored.name.startswith(row["sha256"])
    assert stored.parent.resolve() == store.attachments_dir.resolve()
    assert stored.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in store.attachments_dir.iterdir()) == [stored.name]
    # The original name is kept as text (cut to 200 characters, keeping the extension).
    assert row["filename"] == attachments.clip_name(name)
    assert len(row["filename"]) <= 200
    if len(name) > 200:
        assert row["filename"].endswith(Path(name).suffix)
    assert check(store).ok
    assert not list(tmp_path.glob("evil*")) and not list(store.attachments_dir.parent.glob("*.exe"))


def test_long_photo_name_is_still_an_image(store, visit, tmp_path):
    source = tmp_path / ("现场照片" + "x" * 230 + ".jpg")  # 238 characters, 246 bytes
    Image.new("RGB", (40, 30), "white").save(source, "JPEG")
    row = attachments.add(store, source, visit_id=visit["id"])
    assert attachments.is_image(row) and row["mime"] == "image/jpeg"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_stored_name_is_always_hash_plus_safe_suffix(name):
    suffix = attachments.safe_suffix(name)
    assert re.fullmatch(r"(\.[a-z0-9]{1,8})?", suffix)
    assert "/" not in suffix and "\\" not in suffix and ".." not in suffix
    clipped = attachments.clip_name(name)
    assert len(clipped) <= 200 and (len(name) > 200 or clipped == name)


# -- power cut / disk full during the copy -------------------------------------------


class PowerCut(BaseException):
    """Stands for the process stopping dead: nothing after it runs, no handler catches it."""


def _failing_open(monkeypatch, error: BaseException) -> None:
    """Make the copy into ``*.part`` stop after its first megabyte has been written."""
    real_open = Path.open

    class Cut(io.FileIO):
        written = 0

        def write(self, data):  # noqa: D401 - file protocol
            if self.written:
                raise error
            self.written += len(data)
            return super().write(data)

    def fake_open(self, mode="r", *args, **kwargs):
        if self.name.endswith(".part") and "w" in mode:
            return Cut(str(self), "w")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


@pytest.fixture
def big_source(tmp_path):
    source = tmp_path / "video.mp4"
    source.write_bytes(os.urandom(3 * 1024 * 1024))  # three chunks of the copy loop
    return source


def test_power_cut_during_copy_leaves_no_row_and_no_final_file(
    store, visit, big_source, monkeypatch
):
    before = counts(store)
    final = store.attachments_dir / (sha(big_source) + ".mp4")
    _failing_open(monkeypatch, PowerCut())

    with pytest.raises(PowerCut):
        attachments.add(store, big_source, visit_id=visit["id"])
    monkeypatch.undo()

    assert counts(store) == before
    assert not final.exists()
    # The partial copy had a hidden temporary name, never referenced; the cleanup that
    # runs when Python unwinds removed it (a real power cut would leave it, harmless).
    assert list(store.attachments_dir.iterdir()) == []
    assert check(store).ok

    # Adding it again afterwards overwrites the partial copy and works.
    row = attachments.add(store, big_source, visit_id=visit["id"])
    assert sha(attachments.stored_path(store, row)) == row["sha256"]
    assert sorted(p.name for p in store.attachments_dir.iterdir()) == [final.name]
    assert check(store).ok


def test_disk_full_during_copy_gives_a_message_and_saves_nothing(
    store, visit, big_source, monkeypatch
):
    before = counts(store)
    _failing_open(monkeypatch, OSError(28, "No space left on device"))

    with pytest.raises(StorageError) as info:
        attachments.add(store, big_source, visit_id=visit["id"])
    monkeypatch.undo()

    assert "磁盘空间" in info.value.message_zh and "disk space" in info.value.message_en
    assert "nothing was saved" in info.value.message_en
    assert counts(store) == before
    assert not store.attachments_dir.exists() or list(store.attachments_dir.iterdir()) == []
    assert check(store).ok
