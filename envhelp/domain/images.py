"""Reduced copies of photo attachments for the screen and for reports.

Officers attach phone photos of 12-50 megapixels; drawing those at full size
makes lists and PDFs slow and large. :func:`thumbnail` makes a copy whose
longer side is at most ``max_px`` pixels, turned upright from the EXIF
orientation, and keeps it in a cache folder beside the attachments folder,
named ``<sha256>-<max_px>.jpg|png``. The original attachment file is only
read, never changed: its bytes stay what the record's sha256 says.

The cache is disposable (delete it at any time; copies are remade on demand)
and is not part of backups or exchange bundles. The *print rendition* of a photo
(:func:`print_rendition`, :data:`REPORT_PX`) is made once when the photo is
attached, so a record with many 12-megapixel photos only embeds ready JPEGs. A file that is not a
picture Pillow can read, or one too large to decode safely, gives ``None``:
the attachment stays a file and is listed, not drawn.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Any

from envhelp.domain.attachments import file_sha256, is_image, stored_path
from envhelp.storage import Store
from envhelp.storage.files import atomic_save

CACHE_SUFFIX = "-thumbnails"
DISPLAY_PX = 1600  # a full-screen preview
REPORT_PX = 1200  # enough for a half-width photo on A4 at 300 dpi
LIST_PX = 256  # icons in lists
JPEG_QUALITY = 85
SHA256_RE = re.compile(r"[0-9a-f]{64}")


def cache_dir_for(attachments_dir: Path) -> Path:
    """The thumbnail cache beside ``attachments_dir`` (e.g. ``envhelp-attachments-thumbnails``)."""
    return attachments_dir.with_name(attachments_dir.name + CACHE_SUFFIX)


def thumbnail(
    path: str | Path,
    max_px: int = DISPLAY_PX,
    *,
    cache_dir: str | Path | None = None,
    sha256: str | None = None,
) -> Path | None:
    """A cached reduced copy of the image at ``path``; None when it is not a readable image.

    Args:
        path: the image file (normally an attachment's stored file; only read).
        max_px: the longest side of the copy. Smaller images are not enlarged.
        cache_dir: where copies are kept; default: beside the file's folder.
        sha256: the file's content hash when known (an attachment's name starts
            with it); computed otherwise. It names the cached copy, so a changed
            file can never be shown with an old thumbnail.
    """
    if max_px < 16:
        raise ValueError("max_px must be at least 16")
    path = Path(path)
    if not path.is_file():
        return None
    if sha256 is None:
        stem = path.name[:64]
        sha256 = stem if SHA256_RE.fullmatch(stem) else file_sha256(path)
    folder = Path(cache_dir) if cache_dir is not None else cache_dir_for(path.parent)
    for suffix in (".jpg", ".png"):
        cached = folder / f"{sha256}-{max_px}{suffix}"
        if cached.is_file():
            return cached
    image = _reduced(path, max_px)
    if image is None:
        return None
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    target = folder / f"{sha256}-{max_px}{'.png' if has_alpha else '.jpg'}"
    folder.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name and renamed: a crash never leaves half a thumbnail.
    with atomic_save(target) as tmp, tmp.open("wb") as handle:
        if has_alpha:
            image.convert("RGBA").save(handle, "PNG", optimize=True)
        else:
            image.convert("RGB").save(handle, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return target


def _reduced(path: Path, max_px: int) -> Any | None:
    """The image decoded at (about) the needed size, upright; None if unreadable."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    with warnings.catch_warnings():
        # Big phone photos are expected here. Pillow still refuses (DecompressionBombError)
        # images above about 179 megapixels, e.g. a forged 50,000 × 50,000 header.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as im:
                # Reduce first: a JPEG is decoded at the smallest 1/2..1/8 scale still at
                # least max_px (draft; thumbnail alone keeps twice that, a full decode of a
                # phone photo), then resampled; then turn upright: the EXIF orientation read
                # at open time still applies.
                im.draft(None, (max_px, max_px))
                im.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
                return ImageOps.exif_transpose(im)
        except (
            OSError,
            UnidentifiedImageError,
            ValueError,
            SyntaxError,
            Image.DecompressionBombError,
        ):
            return None


def thumbnail_for(
    store: Store, attachment: dict[str, Any], max_px: int = DISPLAY_PX
) -> Path | None:
    """The reduced copy of an attachment row's file (None for non-images and unreadable files)."""
    if not is_image(attachment):
        return None
    return thumbnail(
        stored_path(store, attachment),
        max_px,
        cache_dir=cache_dir_for(store.attachments_dir),
        sha256=attachment["sha256"],
    )


def print_rendition(store: Store, attachment: dict[str, Any]) -> Path | None:
    """The copy a printed record draws of a photo attachment (long side :data:`REPORT_PX`,
    upright JPEG, or PNG when it has transparency), content-addressed in the cache and
    remade if it was deleted. None for files that are not readable pictures."""
    return thumbnail_for(store, attachment, REPORT_PX)


EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 36867


def taken_at(path: str | Path) -> str | None:
    """When the camera took the photo: EXIF DateTimeOriginal as ``YYYY-MM-DDTHH:MM:SS``
    (the camera's local time); None when the file has no such tag or is no picture.
    Only the header is read."""
    from datetime import datetime

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                raw = im.getexif().get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL)
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    if not isinstance(raw, str):
        return None
    try:  # "2026:03:05 09:41:07"; cameras without a clock write zeros
        return datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def thumbnail_bytes(path: str | Path, max_px: int = DISPLAY_PX, **kwargs: Any) -> bytes | None:
    """The same copy as bytes (for a QPixmap or a reportlab image built from memory)."""
    cached = thumbnail(path, max_px, **kwargs)
    return cached.read_bytes() if cached is not None else None
