"""Checklist templates (检查表模板): JSON files validated strictly, stored by id and version.

A template is data, not code: the shipped ones live in ``resources/checklists/``
and a bureau can import its own (see docs/checklists.md for the file format).
Once an (id, version) is stored its content never changes; a changed template
must carry a new version, so every past check keeps reading the exact texts it
was answered against.

Public API:
    parse_template(text, source)        validate JSON text → normalized dict
    load_template_file(path)            the same for a file
    import_template(store, path)        validate and store; "added" or "unchanged"
    template_text(template)             a stored template as an editable file's text
    export_template(store, id, target)  write that file (whole or not at all)
    ensure_builtin_templates(store)     register the shipped templates (idempotent)
    list_templates(store, ...)          one page of stored templates (no item texts)
    get_template(store, id, version)    a stored template; the latest version by default
    legal_basis(template, item, lang)   the item's full legal basis, as the template states it
    printed_citation(...)               what a printed document may show as 条款 and 依据
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from envhelp import i18n, paths
from envhelp.domain import measures, scoring, vocab
from envhelp.errors import NotFoundError, StateError, ValidationError
from envhelp.storage import Store
from envhelp.storage.clock import utc_now
from envhelp.storage.database import canonical_json

TABLE = "checklist_templates"
BUILTIN_DIR = ("checklists",)

ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
VERSION_RE = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,6}){0,3}$")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
CONFIDENCE = {
    "verified": (
        "条款号及条文已与标准正式文本核对",
        "clause number and wording checked against the standard's text",
    ),
    "quoted": (
        "条款号及内容见于引用原文的来源",
        "clause seen in a source quoting the official text",
    ),
    "secondary": (
        "内容见于二手资料，条款号未确认",
        "content from secondary sources, clause unconfirmed",
    ),
    "inferred": ("推断，须对照正式文本核实", "inferred; check against the official text"),
}
UNVERIFIED_SUFFIX = ("（条款号待核实）", " (clause number to be verified)")
# Clause numbers of these confidences (or of an item that states none: a bureau's own
# template vouches for its numbers) may be printed; others are shown in the program only.
PRINTABLE_CONFIDENCE = (None, "verified", "quoted")
MAX_DEADLINE_DAYS = 3650
DEFAULT_BASIS_FORMAT = {"zh": "{standard} 第{clause}条", "en": "{standard} clause {clause}"}

# key → (required, kind, max length); kinds: "text" (non-empty), "text?" (may be empty)
TOP_FIELDS: dict[str, tuple[bool, str, int]] = {
    "id": (True, "id", 64),
    "version": (True, "version", 32),
    "title_zh": (True, "text", 200),
    "title_en": (True, "text", 200),
    "standard": (True, "text", 100),
    "notes_zh": (False, "text?", 2000),
    "notes_en": (False, "text?", 2000),
    "legal_basis_format": (False, "format", 100),
    # A scored assessment: verdict thresholds and the not-applicable rule (envhelp.domain.scoring).
    "scoring": (False, "scoring", 0),
    # The category a problem found with this template is proposed with (default 危险废物).
    "problem_category": (False, "problem_category", 0),
    "items": (True, "items", 0),
}
ITEM_FIELDS: dict[str, tuple[bool, str, int]] = {
    "code": (True, "code", 40),
    "category": (True, "pair", 50),
    "requirement_zh": (True, "text", 1000),
    "requirement_en": (True, "text", 1000),
    "clause": (True, "text?", 40),
    "severity": (True, "severity", 0),
    "deadline_days": (True, "days", 0),
    "confidence": (False, "confidence", 0),
    "legal_basis_zh": (False, "text", 300),
    "legal_basis_en": (False, "text", 300),
    # Where the clause was checked, or why it could not be (shown to the officer).
    "source_zh": (False, "text?", 300),
    "source_en": (False, "text?", 300),
    "note_zh": (False, "text?", 500),
    "note_en": (False, "text?", 500),
    # Applicability: the item concerns only these facility types / management classes
    # (absent: every one). See applies().
    "facility_types": (False, "facility_types", 0),
    "management_classes": (False, "management_classes", 0),
    # A numeric check: the item is judged from measured values (envhelp.domain.measures).
    "measure": (False, "measure", 0),
    # Points, scoring options and veto flag of a scored template's item.
    "score": (False, "score", 0),
    # One copy per outlet or per pollutant of the permit on file (domain/permit_checks.py).
    "expand": (False, "expand", 0),
}
EXPAND_KINDS = {
    "outlet": ("每个排放口", "each outlet"),
    "pollutant": ("每项污染物", "each pollutant"),
}
# Item field → (vocabulary, the scope key that is matched against it)
APPLICABILITY = {
    "facility_types": (vocab.FACILITY_TYPES, "facility_types"),
    "management_classes": (vocab.HW_MANAGEMENT_CLASSES, "management_class"),
}
OUT_OF_SCOPE_MARK = "〔范围外〕"


# -- validation ---------------------------------------------------------------


def _reject(source: str, path: str, zh: str, en: str) -> ValidationError:
    """A rejection naming the file and the field path (e.g. ``items[3].severity``)."""
    where_zh = f"{source}：{path}：" if path else f"{source}："
    where_en = f"{source}: {path}: " if path else f"{source}: "
    return ValidationError(path or "template", where_zh + zh, where_en + en)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _check_object(
    source: str, path: str, value: Any, spec: dict[str, tuple[bool, str, int]]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _reject(source, path or "(top)", "应为 JSON 对象 {…}。", "must be a JSON object {…}.")
    prefix = f"{path}." if path else ""
    unknown = [k for k in value if k not in spec]
    if unknown:
        allowed = ", ".join(spec)
        raise _reject(
            source,
            prefix + unknown[0],
            f"未知字段“{unknown[0]}”，请删除或改正拼写。允许的字段：{allowed}。",
            f"unknown field “{unknown[0]}”; remove it or fix the spelling. Allowed: {allowed}.",
        )
    out: dict[str, Any] = {}
    for key, (required, kind, max_len) in spec.items():
        if key not in value:
            if required:
                raise _reject(
                    source,
                    prefix + key,
                    "缺少必填字段，请补上。",
                    "required field is missing; add it.",
                )
            continue
        out[key] = _check_value(source, prefix + key, value[key], kind, max_len)
    return out


def _check_value(source: str, path: str, value: Any, kind: str, max_len: int) -> Any:
    if kind in ("text", "text?", "id", "version", "code"):
        if not isinstance(value, str):
            raise _reject(
                source,
                path,
                "应为文本（用双引号括起）。",
                "must be a text string in double quotes.",
            )
        clean = value.strip()
        if kind != "text?" and not clean:
            raise _reject(source, path, "不能为空，请填写。", "must not be empty; fill it in.")
        if len(clean) > max_len:
            raise _reject(
                source,
                path,
                f"过长（{len(clean)} 字），最多 {max_len} 字。",
                f"too long ({len(clean)} characters); at most {max_len}.",
            )
        patterns = {
            "id": (
                ID_RE,
                "只能用小写字母、数字和 . _ -，如 gb18597-2023-storage",
                "use lower-case letters, digits and . _ - only, e.g. gb18597-2023-storage",
            ),
            "version": (
                VERSION_RE,
                "应为数字版本号，如 1、2 或 1.1",
                "must be a numeric version like 1, 2 or 1.1",
            ),
            "code": (
                CODE_RE,
                "只能用大写字母、数字和 . _ -，如 GB18597-ST-01",
                "use capital letters, digits and . _ - only, e.g. GB18597-ST-01",
            ),
        }
        if kind in patterns and not patterns[kind][0].match(clean):
            _, zh, en = patterns[kind]
            raise _reject(
                source, path, f"“{clean}”格式不对：{zh}。", f"“{clean}” is malformed: {en}."
            )
        return clean
    if kind == "pair":
        pair = _check_object(
            source, path, value, {"zh": (True, "text", max_len), "en": (True, "text", max_len)}
        )
        return pair
    if kind == "format":
        fmt = _check_object(
            source, path, value, {"zh": (True, "text", max_len), "en": (True, "text", max_len)}
        )
        for lang, pattern in fmt.items():
            if not is_plain_basis_format(pattern):
                raise _reject(
                    source,
                    f"{path}.{lang}",
                    "须包含 {clause}，只能使用 {standard} 和 {clause} 两个占位符，"
                    "占位符内不能有格式说明（如 {clause:>9}）。",
                    "must contain {clause} and may use only the {standard} and {clause} "
                    "placeholders, with no format spec inside them (such as {clause:>9}).",
                )
        return fmt
    if kind == "severity":
        if not isinstance(value, str) or value not in vocab.SEVERITIES:  # [] is unhashable
            raise _reject(
                source,
                path,
                f'值 {json.dumps(value, ensure_ascii=False)} 无效，应为 "major"（重大）或 "minor"（一般）。',
                f'{json.dumps(value, ensure_ascii=False)} is not valid; use "major" or "minor".',
            )
        return value
    if kind == "problem_category":
        if not isinstance(value, str) or value not in vocab.PROBLEM_CATEGORIES:
            allowed = ", ".join(f'"{c}"' for c in vocab.PROBLEM_CATEGORIES)
            raise _reject(
                source,
                path,
                f"值 {json.dumps(value, ensure_ascii=False)} 无效，应为 {allowed} 之一。",
                f"{json.dumps(value, ensure_ascii=False)} is not valid; use one of {allowed}.",
            )
        return value
    if kind == "expand":
        if not isinstance(value, str) or value not in EXPAND_KINDS:
            raise _reject(
                source,
                path,
                f'值 {json.dumps(value, ensure_ascii=False)} 无效，应为 "outlet" 或 "pollutant"。',
                f'{json.dumps(value, ensure_ascii=False)} is not valid; use "outlet" or "pollutant".',
            )
        return value
    if kind == "confidence":
        if not isinstance(value, str) or value not in CONFIDENCE:
            allowed = "、".join(f'"{c}"' for c in CONFIDENCE)
            raise _reject(
                source,
                path,
                f"值 {json.dumps(value, ensure_ascii=False)} 无效，应为 {allowed} 之一。",
                f"{json.dumps(value, ensure_ascii=False)} is not valid; use one of {allowed.replace('、', ', ')}.",
            )
        return value
    if kind in APPLICABILITY:
        return _check_codes(source, path, value, APPLICABILITY[kind][0])
    if kind == "measure":
        fault = measures.check_spec(value)
        if fault:
            suffix, zh, en = fault
            raise _reject(source, path + suffix, zh, en)
        return value
    if kind in ("scoring", "score"):
        check = scoring.check_template_scoring if kind == "scoring" else scoring.check_item_score
        clean, fault = check(value)
        if fault:
            suffix, zh, en = fault
            raise _reject(source, path + suffix, zh, en)
        return clean
    if kind == "days":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _reject(
                source,
                path,
                "应为整数天数（不带引号），如 15。",
                "must be a whole number of days (no quotes), e.g. 15.",
            )
        if value < 0 or value > MAX_DEADLINE_DAYS:
            raise _reject(
                source,
                path,
                f"天数 {value} 超出范围，应在 0 到 {MAX_DEADLINE_DAYS} 之间。",
                f"{value} days is out of range; use 0 to {MAX_DEADLINE_DAYS}.",
            )
        return value
    raise AssertionError(f"unknown field kind {kind}")  # pragma: no cover - spec typo


def _check_codes(
    source: str, path: str, value: Any, codes: dict[str, tuple[str, str]]
) -> list[str]:
    """A non-empty list of distinct codes of ``codes``, returned in the vocabulary's order."""
    allowed = ", ".join(f'"{c}"' for c in codes)
    explained = "、".join(f'"{c}"（{zh}）' for c, (zh, _en) in codes.items())
    if not isinstance(value, list) or not value:
        example = f'["{next(iter(codes))}"]'
        raise _reject(
            source,
            path,
            f"应为非空列表，如 {example}；可用的值：{explained}。",
            f"must be a non-empty list, e.g. {example}; values: {allowed}.",
        )
    for index, code in enumerate(value):
        if not isinstance(code, str) or code not in codes:
            shown = json.dumps(code, ensure_ascii=False)
            raise _reject(
                source,
                f"{path}[{index}]",
                f"值 {shown} 无效，可用的值：{explained}。",
                f"{shown} is not valid; use one of {allowed}.",
            )
    if len(set(value)) != len(value):
        raise _reject(
            source, path, "列表中有重复的值，请删除重复项。", "a value repeats; remove the repeat."
        )
    return [code for code in codes if code in value]


def _check_items(source: str, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise _reject(
            source, "items", "应为非空的条目列表 […]。", "must be a non-empty list of items […]."
        )
    items: list[dict[str, Any]] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(value):
        path = f"items[{index}]"
        item = _check_object(source, path, raw, ITEM_FIELDS)
        code = item["code"]
        if code in first_index:
            raise _reject(
                source,
                f"{path}.code",
                f"条目编号 {code} 与 items[{first_index[code]}] 重复，每个编号只能用一次。",
                f"item code {code} repeats items[{first_index[code]}]; each code must be unique.",
            )
        first_index[code] = index
        if ("legal_basis_zh" in item) != ("legal_basis_en" in item):
            missing = "legal_basis_en" if "legal_basis_zh" in item else "legal_basis_zh"
            raise _reject(
                source,
                f"{path}.{missing}",
                "legal_basis_zh 和 legal_basis_en 须同时填写。",
                "legal_basis_zh and legal_basis_en go together; add the missing one.",
            )
        if not item["clause"] and "legal_basis_zh" not in item:
            raise _reject(
                source,
                f"{path}.clause",
                "条款号为空时须填写 legal_basis_zh 和 legal_basis_en。",
                "with an empty clause, give legal_basis_zh and legal_basis_en instead.",
            )
        items.append(item)
    return items


def parse_template(text: str, source: str = "<template>") -> dict[str, Any]:
    """Validate a template's JSON text; return it normalized (stripped texts, known keys only).

    Raises ValidationError naming the line (JSON syntax) or the field path
    (e.g. ``items[3].severity``) and saying how to fix it.
    """
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        error = _reject(
            source,
            "",
            f"第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误（{exc.msg}），请检查该处的引号、逗号和括号。",
            f"JSON syntax error at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
            "check the quotes, commas and brackets there.",
        )
        # The line is in the message; ``line`` also gives it to a GUI that jumps there
        # (``row`` is meant for spreadsheet rows and would repeat it in str()).
        error.line = exc.lineno
        raise error from None
    except _DuplicateKey as dup:
        raise _reject(
            source,
            dup.key,
            "同一对象中该字段出现了两次，请删除其中一个。",
            "this field appears twice in the same object; remove one.",
        ) from None
    top = {k: v for k, v in TOP_FIELDS.items() if k != "items"}
    if isinstance(data, dict):
        items_raw = data.get("items")
        head = _check_object(source, "", {k: v for k, v in data.items() if k != "items"}, top)
        if "items" not in data:
            raise _reject(
                source, "items", "缺少必填字段，请补上。", "required field is missing; add it."
            )
    else:
        head = _check_object(source, "", data, top)  # raises: not an object
    template = dict(head)
    template["items"] = _check_items(source, items_raw)
    _check_scoring_parts(source, template)
    return template


def _check_scoring_parts(source: str, template: dict[str, Any]) -> None:
    """A template's ``scoring`` and its items' ``score`` go together."""
    scored = [index for index, item in enumerate(template["items"]) if "score" in item]
    if "scoring" in template and not scored:
        raise _reject(
            source,
            "scoring",
            "评分模板至少须有一个条目带 score（分值和得分选项）。",
            "a scored template needs at least one item with a score (points and options).",
        )
    if scored and "scoring" not in template:
        raise _reject(
            source,
            f"items[{scored[0]}].score",
            "模板没有 scoring（判定线），条目不能带 score；请在模板顶层加上 scoring。",
            "the template has no scoring (verdict thresholds); add scoring at the top level.",
        )


def load_template_file(path: str | Path) -> dict[str, Any]:
    """Read and validate a template file (UTF-8, a BOM from Windows editors is accepted)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            "file",
            f"无法读取模板文件：{path}（{exc.strerror}）",
            f"Cannot read template file {path} ({exc.strerror})",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "file",
            f"{path.name}：文件不是 UTF-8 编码，请用 UTF-8 另存后再导入。",
            f"{path.name}: the file is not UTF-8; save it as UTF-8 and import again.",
        ) from None
    return parse_template(text, path.name)


# -- storage ------------------------------------------------------------------


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
    template = load_template_file(path)
    status = register(store, template)
    return {"id": template["id"], "version": template["version"], "status": status}


@cache
def _builtin_templates() -> tuple[dict[str, Any], ...]:
    folder = paths.resource(*BUILTIN_DIR)
    return tuple(load_template_file(p) for p in sorted(folder.glob("*.json")))


def builtin_templates() -> list[dict[str, Any]]:
    """The templates shipped in resources/checklists (validated; a broken file raises)."""
    return [dict(t) for t in _builtin_templates()]


def template_text(template: dict[str, Any]) -> str:
    """A template as JSON a bureau can edit and import as its own version: the fields
    in the documented order (docs/checklists.md), indented, Chinese as written."""
    head = {key: template[key] for key in TOP_FIELDS if key in template and key != "items"}
    items = [{key: item[key] for key in ITEM_FIELDS if key in item} for item in template["items"]]
    return json.dumps({**head, "items": items}, ensure_ascii=False, indent=2) + "\n"


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
        tmp.write_text(template_text(template), encoding="utf-8")
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


# -- reading items ------------------------------------------------------------


def items_by_code(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in template["items"]}


BASIS_PLACEHOLDERS = frozenset({"standard", "clause"})


def is_plain_basis_format(pattern: Any) -> bool:
    """A legal-basis format that names {clause} (and maybe {standard}) and nothing else.

    No width, precision, conversion or nested field: ``{clause:>99999999}`` would make
    every document that prints it build a 100 MB string."""
    if not isinstance(pattern, str):
        return False
    try:
        fields = [
            (n, spec, conv)
            for _, n, spec, conv in string.Formatter().parse(pattern)
            if n is not None
        ]
    except ValueError:
        return False
    names = {n for n, _, _ in fields}
    return (
        names <= BASIS_PLACEHOLDERS
        and "clause" in names
        and all(not spec and conv is None for _, spec, conv in fields)
    )


def legal_basis(template: dict[str, Any], item: dict[str, Any], lang: str = "zh") -> str:
    """The item's legal basis as the template states it, e.g. "GB 18597-2023 第6.1.3条".

    An explicit legal_basis_zh/en in the item wins; otherwise the template's
    format is filled with its standard and the item's clause. An inferred
    clause number gets a "to be verified" note. This is what the program shows
    the officer; what a document prints is :func:`printed_citation`.
    """
    explicit = item.get(f"legal_basis_{lang}")
    if explicit:
        return explicit
    fmt = template.get("legal_basis_format") or DEFAULT_BASIS_FORMAT
    pattern = fmt.get(lang) if isinstance(fmt, dict) else None
    if not is_plain_basis_format(pattern):  # stored before formats were checked this strictly
        pattern = DEFAULT_BASIS_FORMAT[lang]
    text = pattern.format(standard=template["standard"], clause=item["clause"])
    if item.get("confidence") == "inferred":
        text += UNVERIFIED_SUFFIX[0] if lang == "zh" else UNVERIFIED_SUFFIX[1]
    return text


@dataclass(frozen=True)
class Citation:
    """What a printed document may show for one requirement.

    clause: the 条款 column — clause numbers of the template's standard that were
        confirmed, e.g. "6.2.2"; "" when none may be printed (unconfirmed, or the
        basis is an article of a law).
    basis: the 依据 text — confirmed clauses of the standard, articles of laws, and
        the bare designation of a standard whose clause number is unconfirmed.
    """

    clause: str
    basis: str


# A reference marked unconfirmed in a template or a stored text: "（条款号待核实）",
# "（标签内容要求，条款号待核实）", " (clause number to be verified)" …
_UNCONFIRMED_MARK = re.compile(
    r"\s*[（(][^（）()]*(?:待核实|to be verified)[^（）()]*[）)]", re.IGNORECASE
)
_SEPARATORS = ("；", "; ")
# The designation a reference starts with: "GB 18597-2023", "HJ 1276-2022", "GB/T 1.1-2020".
_DESIGNATION = re.compile(r"^\s*((?:GB|HJ|GBZ|DB\d*)(?:/T)?\s*[\d.]+\s*[-—–]\s*\d{4})")


def printable_text(text: str) -> str:
    """A legal-basis text with every reference marked unconfirmed cut back to what is sure.

    Each part (separated by "；") that carries a "待核实" / "to be verified" mark
    loses the mark; a part that cites a standard keeps only the standard's
    designation, so "GB 18597-2023 第8章（条款号待核实）" prints as "GB 18597-2023".
    Parts without a mark are printed as written (an officer's own text included).
    """
    out = []
    for part in _parts(text):
        if part in _SEPARATORS or not _UNCONFIRMED_MARK.search(part):
            out.append(part)
            continue
        designation = _DESIGNATION.match(part)
        out.append(designation.group(1) if designation else _UNCONFIRMED_MARK.sub("", part))
    return "".join(out).strip()


def _parts(text: str) -> list[str]:
    """``text`` split at the separators outside brackets, the separators kept as parts."""
    parts, start, depth, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        depth += (char in "（(") - (char in "）)")
        separator = next((sep for sep in _SEPARATORS if text.startswith(sep, i)), None)
        if separator and depth == 0:
            parts += [text[start:i], separator]
            i += len(separator)
            start = i
            continue
        i += 1
    return [*parts, text[start:]]


def printed_citation(
    template: dict[str, Any] | None,
    item: dict[str, Any] | None,
    lang: str = "zh",
    *,
    stored_basis: str | None = None,
) -> Citation:
    """What a document may print as the 条款 and 依据 of a requirement — the one rule
    every printed document follows, so "待核实" and unconfirmed numbers never reach paper.

    For a checklist item (``template`` and ``item``): a clause number is printed only
    when its ``confidence`` is in :data:`PRINTABLE_CONFIDENCE` and it is a clause of
    the template's standard (an explicit basis that does not cite the standard makes
    it an article of a law). Otherwise the basis cites the standard without it.

    ``stored_basis`` is a legal-basis text kept on a record (a problem's, which the
    officer may have edited): it is printed instead of the template's, through
    :func:`printable_text` — unless it is the item's own reference as the template
    states it (copied there unedited, as older versions proposed it), which then
    prints by the item's rule. A problem without a checklist item passes
    ``template=item=None``.
    """
    if template is None or item is None:
        return Citation("", printable_text(stored_basis or ""))
    explicit = item.get(f"legal_basis_{lang}")
    standard = template["standard"]
    confirmed = item.get("confidence") in PRINTABLE_CONFIDENCE and bool(item["clause"])
    of_standard = not explicit or standard in explicit
    clause = item["clause"] if confirmed and of_standard else ""
    if stored_basis is not None and stored_basis.strip() != legal_basis(template, item, lang):
        basis = stored_basis
    elif explicit:
        basis = explicit
    elif confirmed:
        basis = legal_basis(template, item, lang)
    else:
        basis = standard
    return Citation(clause, printable_text(basis))


# -- applicability ---------------------------------------------------------------


def has_applicability(template: dict[str, Any]) -> bool:
    """Whether any item of the template applies to some facility types or classes only."""
    return any(field in item for item in template["items"] for field in APPLICABILITY)


def applies(item: dict[str, Any], scope: dict[str, Any] | None) -> bool:
    """Whether ``item`` concerns a site of ``scope`` (a check's facility types and class).

    What the scope leaves open counts as matching: an item is only ruled out by a
    facility type or class the officer has set and the item does not list.
    """
    for field, (_codes, scope_key) in APPLICABILITY.items():
        wanted = item.get(field)
        have = (scope or {}).get(scope_key)
        if not wanted or not have:
            continue
        have = [have] if isinstance(have, str) else have
        if not set(wanted) & set(have):
            return False
    return True


def out_of_scope_note(item: dict[str, Any]) -> str:
    """The note a check gives an item its scope rules out (record text, so Chinese).

    E.g. "〔范围外〕仅适用于：贮存点". The exact text tells such an automatic
    "not applicable" from one the officer chose.
    """
    parts = [
        "、".join(codes[code][0] for code in item[field])
        for field, (codes, _key) in APPLICABILITY.items()
        if item.get(field)
    ]
    return f"{OUT_OF_SCOPE_MARK}仅适用于：{'；'.join(parts)}"


def scope_note_text(note: str) -> str:
    """``note`` as the UI shows it: an automatic out-of-scope line (kept in Chinese, it
    is record text) in the UI language; the officer's own lines as typed."""
    prefix = f"{OUT_OF_SCOPE_MARK}仅适用于："
    if i18n.language() == "zh" or not note.startswith(prefix):
        return note
    first, newline, rest = note.partition("\n")
    english = {zh: en for codes, _key in APPLICABILITY.values() for zh, en in codes.values()}
    groups = [
        ", ".join(english.get(name, name) for name in group.split("、"))
        for group in first[len(prefix) :].split("；")
    ]
    return "[Out of scope] applies only to: " + "; ".join(groups) + newline + rest


def answered_by_scope(result: str, note: str | None) -> bool:
    """True for an item the check's scope answered "not applicable" (not the officer)."""
    return result == "not_applicable" and (note or "").startswith(OUT_OF_SCOPE_MARK)


def title(template: dict[str, Any]) -> str:
    return i18n.pick(template["title_zh"], template["title_en"])
