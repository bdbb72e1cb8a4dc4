"""Attachments: files copied into the data folder, named by content hash.

The file is written completely (temporary name, fsync, rename) before the
database row that points to it is committed, so a power cut can leave an
unreferenced file but never a record pointing to a missing or partial one.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from envhelp.domain.fields import Field, text
from envhelp.errors import StateError, StorageError, ValidationError
from envhelp.storage import Store

# Where an attachment's file lives is storage's business (the integrity check needs it too).
from envhelp.storage.files import (  # noqa: F401
    atomic_save,
    file_sha256,
    safe_suffix,
    stored_path,
)

F_FILE = Field("file", "附件文件", "Attachment file")
F_CAPTION = Field("caption", "说明", "Caption")
LINKS = ("visit_id", "problem_id", "check_result_id")
IMAGE_MIME_PREFIX = "image/"


def _copy_durably(source: Path, target: Path) -> None:
    try:
        with atomic_save(target) as tmp, source.open("rb") as src, tmp.open("wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                dst.write(chunk)
    except OSError as exc:  # e.g. disk full or the stick pulled out: no record is written
        raise StorageError(
            f"附件未能复制到数据文件夹（{exc.strerror or exc}），未保存任何内容。"
            "请检查磁盘空间后重新添加。",
            f"The attachment could not be copied into the data folder ({exc.strerror or exc}); "
            "nothing was saved. Check the free disk space and add it again.",
        ) from exc


def clip_name(name: str, limit: int = 200) -> str:
    """The original file name cut to ``limit`` characters, keeping its extension."""
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix
    if not 1 < len(suffix) <= 16:
        suffix = ""
    return name[: limit - len(suffix)] + suffix


def add(
    store: Store,
    source: str | Path,
    *,
    caption: str = "",
    rendition: bool = True,
    **links: str | None,
) -> dict[str, Any]:
    """Copy ``source`` into the store and link it to a visit, problem or checklist result.

    A photo gets its time taken (EXIF DateTimeOriginal, else the time it is added, local)
    and, unless ``rendition`` is false, its print rendition
    (:func:`envhelp.domain.images.print_rendition`). The GUI passes ``rendition=False``
    and makes it on a worker thread: decoding a 12-megapixel photo takes a moment.
    """
    source = Path(source)
    if not source.is_file():
        raise ValidationError(F_FILE.key, f"找不到文件：{source}", f"File not found: {source}")
    unknown = set(links) - set(LINKS)
    if unknown:
        raise ValueError(f"unknown attachment links: {sorted(unknown)}")
    if not any(links.values()):
        raise ValueError("an attachment must be linked to a visit, problem or checklist result")
    sha = file_sha256(source)
    filename = clip_name(source.name)  # kept as text only; the file is named by sha256
    mime = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    taken = _time_taken(source) if mime.startswith(IMAGE_MIME_PREFIX) else {}
    record = {
        "sha256": sha,
        "filename": filename,
        "mime": mime,
        "size": source.stat().st_size,
        "caption": text(caption, F_CAPTION, max_len=200),
        **taken,
        **{k: v for k, v in links.items() if v},
    }
    target = store.attachments_dir / (sha + safe_suffix(filename))
    if not target.exists() or file_sha256(target) != sha:
        _copy_durably(source, target)
    row = store.insert("attachments", record)
    if rendition:
        make_rendition(store, row)
    return row


def make_rendition(store: Store, attachment: dict[str, Any]) -> Path | None:
    """The print rendition of a photo attachment, made now if missing (None: not a picture).

    A disposable copy in the thumbnail cache, so it is made after the row is saved."""
    if not is_image(attachment):
        return None
    from envhelp.domain import images

    return images.print_rendition(store, attachment)


def _time_taken(path: Path) -> dict[str, str]:
    """``taken_at``/``taken_from`` of a photo: the camera's time, else now (local)."""
    from datetime import datetime

    from envhelp.domain import images

    exif = images.taken_at(path)
    if exif:
        return {"taken_at": exif, "taken_from": "exif"}
    return {"taken_at": datetime.now().isoformat(timespec="seconds"), "taken_from": "added"}


def set_caption(store: Store, attachment_id: str, caption: str) -> dict[str, Any]:
    return store.update(
        "attachments", attachment_id, {"caption": text(caption, F_CAPTION, max_len=200)}
    )


def list_for(store: Store, **link: str) -> list[dict[str, Any]]:
    ((key, value),) = link.items()
    if key not in LINKS:
        raise ValueError(f"unknown attachment link {key!r}")
    return store.query(
        f"SELECT * FROM attachments WHERE {key} = ? ORDER BY position, created_at, id", (value,)
    )


def _draft_only(store: Store, attachment: dict[str, Any]) -> None:
    """Photos of a visit (or of one of its checklist items) change only while it is a draft."""
    visit_id = attachment.get("visit_id") or store.scalar(
        "SELECT c.visit_id FROM check_results r JOIN checks c ON c.id = r.check_id WHERE r.id = ?",
        (attachment.get("check_result_id"),),
    )
    status = store.scalar("SELECT status FROM visits WHERE id = ?", (visit_id,))
    if status != "draft":
        raise StateError(
            "只能在走访定稿前删除或调整照片；定稿后请用“修正”。",
            "Photos can be removed or reordered only before the visit is finalized.",
        )


def remove(store: Store, attachment_id: str) -> dict[str, Any]:
    """Take a draft visit's photo off (the row; the file stays, shared by content hash).
    Returns the row, for :func:`restore` (undo)."""
    with store.transaction():
        row = store.get("attachments", attachment_id)
        _draft_only(store, row)
        store.delete("attachments", attachment_id)
    return row


def restore(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """Put back a photo :func:`remove` took off (same id, place and caption)."""
    with store.transaction():
        _draft_only(store, row)
        return store.insert("attachments", row)


def set_order(store: Store, attachment_ids: list[str]) -> None:
    """The photos in this order (``position``), in one transaction."""
    with store.transaction():
        for position, attachment_id in enumerate(attachment_ids):
            row = store.get("attachments", attachment_id)
            _draft_only(store, row)
            if row["position"] != position:
                store.update("attachments", attachment_id, {"position": position})


def is_image(attachment: dict[str, Any]) -> bool:
    return str(attachment.get("mime", "")).startswith(IMAGE_MIME_PREFIX)
