"""Checklist templates in the database: each (id, version) stored once and never changed.

Registering a validated template (:func:`register`), importing a bureau's file and
exporting a stored version as an editable file, the shipped templates registered on first
use (:func:`ensure_builtin_templates`), and reading them back: :func:`get_template` (the
latest version by default), :func:`list_templates`, :func:`count_templates`. The file
format and its validation are :mod:`envhelp.domain.templates`'.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from envhelp import paths
from envhelp.domain import templates
from envhelp.errors import NotFoundError, StateError
from envhelp.storage import Store
from envhelp.storage.clock import utc_now
from envhelp.storage.database import canonical_json

TABLE = "checklist_templates"
BUILTIN_DIR = ("checklists",)


def content_sha256(template: dict[str, Any]) -> str:
    """Hash of the normalized template, so reformatting a file does not count as a change."""
    return hashlib.sha256(canonical_json(template).encode("utf-8")).hexdigest()


def register(store: Store, template: dict[str, Any]) -> str:
    """Store a validated template; "added", or "unchanged" when identical to the stored one.

    The same id and version with different content is refused (StateError):
    past checks read their texts from the stored version, so it must not change.
    """
    sha = content_sha256(template)
    with store.transaction():
        stored = store.scalar(
            f"SELECT sha256 FROM {TABLE} WHERE id = ? AND version = ?",
            (template["id"], template["version"]),
        )
        if stored == sha:
            return "unchanged"
        if stored is not None:
            raise StateError(
                f"模板 {template['id']} 的版本 {template['version']} 已存在且内容不同。"
                "已存档的版本不能修改，请在文件中提高 version（如改为下一个版本号）后再导入。",
                f"Template {template['id']} version {template['version']} already exists with "
                'different content. A stored version never changes; raise "version" in the file '
                "and import again.",
            )
        row = {
            "id": template["id"],
            "version": template["version"],
            "title_zh": template["title_zh"],
            "title_en": template["title_en"],
            "standard": template["standard"],
            "content": canonical_json(template),
            "sha256": sha,
            "imported_at": utc_now(),
        }
        # No single-column id: a link-style insert, audited under "id@version".
        store.insert_link(TABLE, row, f"{template['id']}@{template['version']}")
    return "added"


def import_template(store: Store, path: str | Path) -> dict[str, str]:
    """Validate a bureau's template file and store it. Nothing is written when it is rejected."""
    template = templates.load_template_file(path)
    status = register(store, template)
    return {"id": template["id"], "version": template["version"], "status": status}


@cache
def _builtin_templates() -> tuple[dict[str, Any], ...]:
    folder = paths.resource(*BUILTIN_DIR)
    return tuple(templates.load_template_file(p) for p in sorted(folder.glob("*.json")))


def builtin_templates() -> list[dict[str, Any]]:
    """The templates shipped in resources/checklists (validated; a broken file raises)."""
    return [dict(t) for t in _builtin_templates()]


def export_template(
    store: Store, template_id: str, target: str | Path, version: str | None = None
) -> dict[str, str]:
    """Write a stored template (the latest version by default) to ``target`` as UTF-8 JSON.

    Importing the file unchanged reports "unchanged"; to use an edited copy, raise its
    ``version`` first. Returns id, version and path.
    """
    from envhelp.storage.files import atomic_save

    template = get_template(store, template_id, version)
    with atomic_save(target) as tmp:
        tmp.write_text(templates.template_text(template), encoding="utf-8")
    return {"id": template["id"], "version": template["version"], "path": str(target)}


def ensure_builtin_templates(store: Store) -> list[dict[str, str]]:
    """Register the shipped templates that the database does not have yet.

    A shipped (id, version) already stored with other content is left as
    stored (status "conflict") so that past checks keep their texts.
    """
    report = []
    for template in _builtin_templates():
        key = (template["id"], template["version"])
        stored = store.scalar(f"SELECT sha256 FROM {TABLE} WHERE id = ? AND version = ?", key)
        if stored is None and store.read_only:
            # Viewing a database on write-protected media: list what it holds; the
            # shipped template is registered the next time it is opened writable.
            status = "missing"
        elif stored is None:
            status = register(store, template)
        else:
            status = "unchanged" if stored == content_sha256(template) else "conflict"
        report.append({"id": key[0], "version": key[1], "status": status})
    return report


def version_key(version: str) -> tuple[int, ...]:
    """Numeric sort key: "1.10" comes after "1.9"."""
    return tuple(int(part) for part in version.split("."))


def latest_version(store: Store, template_id: str) -> str:
    versions = [
        r["version"]
        for r in store.query(f"SELECT version FROM {TABLE} WHERE id = ?", (template_id,))
    ]
    if not versions:
        raise NotFoundError(
            f"找不到检查表模板：{template_id}。可用 “envhelp templates list” 查看已有模板。",
            f"No checklist template {template_id}. See “envhelp templates list”.",
        )
    return max(versions, key=version_key)


def get_template(store: Store, template_id: str, version: str | None = None) -> dict[str, Any]:
    """A stored template (content plus sha256 and imported_at); the latest version by default."""
    ensure_builtin_templates(store)
    if version is None:
        version = latest_version(store, template_id)
    row = store.query_one(
        f"SELECT content, sha256, imported_at FROM {TABLE} WHERE id = ? AND version = ?",
        (template_id, version),
    )
    if row is None:
        raise NotFoundError(
            f"找不到检查表模板 {template_id} 的版本 {version}。",
            f"Checklist template {template_id} has no version {version}.",
        )
    return _from_row(row)


def _from_row(row: dict[str, Any]) -> dict[str, Any]:
    template = json.loads(row["content"])
    template["sha256"] = row["sha256"]
    template["imported_at"] = row["imported_at"]
    return template


def list_templates(
    store: Store, *, template_id: str | None = None, limit: int | None = 200, offset: int = 0
) -> list[dict[str, Any]]:
    """Stored templates (in import order within an id) without item texts, one page."""
    ensure_builtin_templates(store)
    sql = (
        "SELECT id, version, title_zh, title_en, standard, sha256, imported_at, "
        "json_array_length(content, '$.items') AS items FROM checklist_templates"
    )
    params: list[Any] = []
    if template_id:
        sql += " WHERE id = ?"
        params.append(template_id)
    # Import order within an id: plain SQL ordering keeps paging in the database
    # (latest_version() is what picks the highest version number).
    sql += " ORDER BY id, imported_at, version"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return store.query(sql, params)


def count_templates(store: Store) -> int:
    ensure_builtin_templates(store)
    return store.scalar("SELECT count(*) FROM checklist_templates")
