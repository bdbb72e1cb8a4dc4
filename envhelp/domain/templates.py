"""Checklist templates (检查表模板): JSON files validated strictly, stored by id and version.

A template is data, not code: the shipped ones live in ``resources/checklists/``
and a bureau can import its own (see docs/checklists.md for the file format).
Once an (id, version) is stored its content never changes; a changed template
must carry a new version, so every past check keeps reading the exact texts it
was answered against.

Public API:
    parse_template(text, source)        validate JSON text → normalized dict
    load_template_file(path)            the same for a file
    template_text(template)             a template as an editable file's text
    items_by_code(template)             its items by code

Beside it: storing, importing, exporting and reading stored versions in
:mod:`envhelp.domain.stored_templates`; an item's legal basis and what a document
prints of it in :mod:`envhelp.domain.citations`; which items concern a site in
:mod:`envhelp.domain.applicability`.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import measures, scoring, vocab
from envhelp.errors import ValidationError

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
MAX_DEADLINE_DAYS = 3650

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
    # (absent: every one). See applicability.applies().
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


def template_text(template: dict[str, Any]) -> str:
    """A template as JSON a bureau can edit and import as its own version: the fields
    in the documented order (docs/checklists.md), indented, Chinese as written."""
    head = {key: template[key] for key in TOP_FIELDS if key in template and key != "items"}
    items = [{key: item[key] for key in ITEM_FIELDS if key in item} for item in template["items"]]
    return json.dumps({**head, "items": items}, ensure_ascii=False, indent=2) + "\n"


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


def title(template: dict[str, Any]) -> str:
    return i18n.pick(template["title_zh"], template["title_en"])
