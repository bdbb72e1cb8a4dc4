"""Attachments: files copied into the data folder, named by content hash.

The file is written completely (temporary name, fsync, rename) before the
database row that points to it is committed, so a power cut can leave an
unreferenced file but never a record pointing to a missing or partial one.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import Any

from envhelp.domain.fields import Field, text
from envhelp.errors import StorageError, ValidationError
from envhelp.storage import Store

# Where an attachment's file lives is storage's business (the integrity check needs it too).
from envhelp.storage.files import file_sha256, safe_suffix, stored_path  # noqa: F401

F_FILE = Field("file", "附件文件", "Attachment file")
F_CAPTION = Field("caption", "说明", "Caption")
LINKS = ("visit_id", "problem_id", "check_result_id")
IMAGE_MIME_PREFIX = "image/"


def _copy_durably(source: Path, target: Path) -> None:
    tmp = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as src, tmp.open("wb") as dst:
            for chunk in iter(lambda: src.read(1 << 20), b""):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, target)
    except OSError as exc:  # e.g. disk full or the stick pulled out: no record is written
        tmp.unlink(missing_ok=True)
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
    store: Store, source: str | Path, *, caption: str = "", **links: str | None
) -> dict[str, Any]:
    """Copy ``source`` into the store and link it to a visit, problem or checklist result."""
    source = Path(source)
    if not source.is_file():
        raise ValidationError(
            F_FILE.key, f"找不到文件：{source}", f"File not found: {source}"
        )
    unknown = set(links) - set(LINKS)
    if unknown:
        raise ValueError(f"unknown attachment links: {sorted(unknown)}")
    if not any(links.values()):
        raise ValueError("an attachment must be linked to a visit, problem or checklist result")
    sha = file_sha256(source)
    filename = clip_name(source.name)  # kept as text only; the file is named by sha256
    record = {
        "sha256": sha,
        "filename": filename,
        "mime": mimetypes.guess_type(filename)[0] or "application/octet-stream",
        "size": source.stat().st_size,
        "caption": text(caption, F_CAPTION, max_len=200),
        **{k: v for k, v in links.items() if v},
    }
    target = store.attachments_dir / (sha + safe_suffix(filename))
    if not target.exists() or file_sha256(target) != sha:
        _copy_durably(source, target)
    return store.insert("attachments", record)


def set_caption(store: Store, attachment_id: str, caption: str) -> dict[str, Any]:
    return store.update("attachments", attachment_id, {"caption": text(caption, F_CAPTION, max_len=200)})


def list_for(store: Store, **link: str) -> list[dict[str, Any]]:
    ((key, value),) = link.items()
    if key not in LINKS:
        raise ValueError(f"unknown attachment link {key!r}")
    return store.query(
        f"SELECT * FROM attachments WHERE {key} = ? ORDER BY created_at, id", (value,)
    )


def is_image(attachment: dict[str, Any]) -> bool:
    return str(attachment.get("mime", "")).startswith(IMAGE_MIME_PREFIX)
