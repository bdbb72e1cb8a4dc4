"""Reading and checking an exchange bundle before anything is written: safe member names,
the signed manifest, each table's lines against their checksum, and every row against the
rules of local entry (io/bundle_rows.py). Rows are read as a stream, one line at a time.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from typing import Any

from envhelp.errors import ValidationError
from envhelp.io import signing, zip_limits
from envhelp.io.bundle_format import (
    ATTACHMENT_MEMBER_RE,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST,
    MAX_LINE_BYTES,
    MAX_TABLE_ROWS,
    NOT_CONTENT,
    SHA256_RE,
    SIGNATURE,
    TABLE_MEMBER_RE,
    TABLES,
    attachment_member,
    import_error,
    limits,
    member_limit,
    primary_key,
    table_columns,
    table_member,
)
from envhelp.io.bundle_rows import validate_row
from envhelp.io.errors import BundleError
from envhelp.storage import Store, migrations
from envhelp.storage.files import ZIP_READ_ERRORS
from envhelp.storage.progress import Steps


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        "\\" in name
        or name.startswith("/")
        or bool(re.match(r"^[A-Za-z]:", name))
        or any(p in ("..", ".") for p in parts)
        or "\x00" in name
    )


def check_members(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    zip_limits.check_members(infos, limits(), import_error, member_limit)
    repeated = [n for n, c in Counter(i.filename for i in infos).items() if c > 1]
    if repeated:
        raise import_error(
            f"包内文件名重复：{repeated[0]}。", f"a member name repeats: {repeated[0]}."
        )
    for info in infos:
        name = info.filename
        if _unsafe_name(name):
            raise import_error(
                f"包内文件路径不安全（可能写到数据文件夹之外）：{name}。",
                f"a member path is unsafe (it could write outside the data folder): {name}.",
            )
        if name not in (MANIFEST, SIGNATURE) and not (
            TABLE_MEMBER_RE.fullmatch(name) or ATTACHMENT_MEMBER_RE.fullmatch(name)
        ):
            raise import_error(f"包内有不属于该格式的文件：{name}。", f"unexpected member: {name}.")
        if info.flag_bits & 0x1:
            raise import_error(f"包内文件已加密：{name}。", f"member is encrypted: {name}.")
        # EnvHelp writes stored or deflated members only; anything else is damage (zipfile
        # would raise NotImplementedError on reading it).
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise import_error(
                f"包内文件的压缩方式无法识别（文件可能已损坏）：{name}。",
                f"a member uses an unknown compression method (the file may be damaged): {name}.",
            )
    return {i.filename: i for i in infos}


def read_manifest(
    zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]
) -> tuple[dict[str, Any], signing.Signer]:
    """The manifest, checked, and who signed it (the signature checked over its bytes)."""
    if MANIFEST not in infos:
        raise import_error(
            "缺少 manifest.json，这不是 EnvHelp 数据包。",
            "manifest.json is missing; this is not an EnvHelp bundle.",
        )
    try:
        raw = zf.read(MANIFEST)
        manifest = json.loads(raw)
        document = json.loads(zf.read(SIGNATURE)) if SIGNATURE in infos else None
    except (*ZIP_READ_ERRORS, OSError) as exc:
        raise import_error(
            f"manifest.json 无法读取（{exc}）。", f"manifest.json cannot be read ({exc})."
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise import_error(
            "manifest.json 中的格式名不是 envhelp-bundle。",
            "manifest.json does not name the envhelp-bundle format.",
        )
    version = manifest.get("format_version")
    schema = manifest.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise import_error(
            "manifest.json 中的 format_version 无效。",
            "manifest.json has an invalid format_version.",
        )
    if version > FORMAT_VERSION:
        raise import_error(
            f"数据包格式版本为 {version}，由更新版本的 EnvHelp 生成，请先升级本软件。",
            f"the bundle has format version {version}, made by a newer EnvHelp; "
            "upgrade this app first.",
        )
    signer = signing.verify(raw, manifest, document)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise import_error(
            "manifest.json 中的 schema_version 无效。",
            "manifest.json has an invalid schema_version.",
        )
    if schema > migrations.LATEST:
        raise import_error(
            f"数据包的数据结构版本为 {schema}，高于本软件支持的 {migrations.LATEST}，请先升级本软件。",
            f"the bundle's schema version {schema} is newer than this app's "
            f"{migrations.LATEST}; upgrade this app first.",
        )
    members, counts = manifest.get("members"), manifest.get("counts")
    if (
        not isinstance(members, dict)
        or not isinstance(counts, dict)
        or not all(
            isinstance(m, dict) and SHA256_RE.fullmatch(str(m.get("sha256", "")))
            for m in members.values()
        )
        or not all(isinstance(c, int) and 0 <= c <= MAX_TABLE_ROWS for c in counts.values())
    ):
        raise import_error(
            "manifest.json 中的 members 或 counts 无效。",
            "manifest.json has invalid members or counts.",
        )
    listed, stored = set(members), set(infos) - {MANIFEST, SIGNATURE}
    if listed != stored:
        odd = sorted(listed ^ stored)[0]
        raise import_error(
            f"manifest.json 与包内文件不一致：{odd}。",
            f"manifest.json does not match the members: {odd}.",
        )
    for table in counts:
        if table not in TABLES:
            raise import_error(
                f"包内有未知的数据表：{table}。", f"unknown table in the bundle: {table}."
            )
        if table_member(table) not in members:
            raise import_error(
                f"缺少数据表文件：{table_member(table)}。",
                f"missing table member: {table_member(table)}.",
            )
    for name in members:
        match = ATTACHMENT_MEMBER_RE.fullmatch(name)
        if match and members[name]["sha256"] != match.group(1):
            raise import_error(
                f"附件文件名与其校验值不符：{name}。",
                f"an attachment's name does not match its checksum: {name}.",
            )
        table = TABLE_MEMBER_RE.fullmatch(name)
        if table and table.group(1) not in counts:
            raise import_error(
                f"数据表 {table.group(1)} 未列入 manifest.json。",
                f"table {table.group(1)} is not listed in manifest.json.",
            )
    return manifest, signer


def damaged(name: str, detail: str) -> BundleError:
    return import_error(
        f"包内文件已损坏或被改动：{name}（{detail}）。",
        f"a member is damaged or was altered: {name} ({detail}).",
    )


def _read_lines(zf: zipfile.ZipFile, name: str, sha: str) -> Iterator[tuple[int, bytes]]:
    """Lines of a member; its sha256 is checked once the last line has been read."""
    digest = hashlib.sha256()
    try:
        with zf.open(name) as raw:
            number = 0
            while line := raw.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(line) > MAX_LINE_BYTES:
                    raise damaged(name, f"line {number} is too long")
                digest.update(line)
                yield number, line
    except (*ZIP_READ_ERRORS, OSError) as exc:
        raise damaged(name, str(exc)) from exc
    if digest.hexdigest() != sha:
        raise signing.altered(
            f"{name}：SHA-256 与签名的清单不符 / SHA-256 differs from the signed manifest"
        )


class TablePlan:
    """What the local database says about one table of the bundle."""

    def __init__(self, store: Store, table: str):
        self.table = table
        self.mode = TABLES[table]
        self.columns = set(table_columns(store, table))
        self.pk = primary_key(store, table)
        self.ignored = NOT_CONTENT[self.mode]


def _numbered_rows(
    zf: zipfile.ZipFile, plan: TablePlan, sha: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, row) of a table member; each line a JSON object of known columns."""
    name = table_member(plan.table)
    for number, line in _read_lines(zf, name, sha):
        where = f"{name}:{number}"
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise damaged(where, "not JSON") from exc
        if not isinstance(row, dict):
            raise damaged(where, "not a JSON object")
        unknown = set(row) - plan.columns
        if unknown:
            raise import_error(
                f"{where} 含有本软件不认识的列 {sorted(unknown)}，请升级本软件。",
                f"{where} has columns this app does not know {sorted(unknown)}; upgrade the app.",
            )
        if any(isinstance(v, dict | list) for v in row.values()) or any(
            not isinstance(row.get(c), str | int) for c in plan.pk
        ):
            raise damaged(where, "a value has the wrong type or the key is missing")
        yield number, row


def table_rows(zf: zipfile.ZipFile, plan: TablePlan, sha: str) -> Iterator[dict[str, Any]]:
    return (row for _number, row in _numbered_rows(zf, plan, sha))


def _invalid_row(table: str, number: int, error: ValidationError) -> BundleError:
    where = table_member(table)
    return import_error(
        f"{where} 第 {number} 行，字段 {error.field}：{error.message_zh}",
        f"{where} line {number}, field {error.field}: {error.message_en}",
    )


def verify_tables(
    zf: zipfile.ZipFile, plans: list[TablePlan], manifest: dict[str, Any], steps: Steps
) -> set[str]:
    """Read every table once without writing; returns the attachment members the rows need.

    Each row passes the rules of local entry (bundle_rows.validate_row); rows come
    sorted by key, so a repeated key is caught by comparing with the previous one, in
    constant memory whatever the row count.
    """
    needed: set[str] = set()
    for plan in plans:
        name = table_member(plan.table)
        previous: tuple[Any, ...] | None = None
        count = 0
        for number, row in _numbered_rows(zf, plan, manifest["members"][name]["sha256"]):
            steps.advance()
            key = tuple(row[c] for c in plan.pk)
            if previous is not None and not (
                all(isinstance(k, str) for k in key + previous) and key > previous
            ):
                raise import_error(
                    f"{name} 第 {number} 行：主键 {'/'.join(map(str, key))} 重复或未按顺序排列。",
                    f"{name} line {number}: the key {'/'.join(map(str, key))} repeats or is out "
                    "of order.",
                )
            previous = key
            count += 1
            try:
                validate_row(plan.table, row)
            except ValidationError as exc:
                raise _invalid_row(plan.table, number, exc) from exc
            if plan.table == "attachments":
                if not SHA256_RE.fullmatch(str(row.get("sha256", ""))):
                    raise damaged(name, f"attachment {row['id']} has an invalid sha256")
                needed.add(attachment_member(row["sha256"], str(row.get("filename", ""))))
        if count != manifest["counts"][plan.table]:
            raise damaged(name, f"{count} rows, manifest says {manifest['counts'][plan.table]}")
    return needed
