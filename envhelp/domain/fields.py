"""Field validators shared by every form, importer and CLI command.

Each takes the raw value and the field's (English key, Chinese name, English
name) and returns the clean value or raises ValidationError naming the field
and saying how to fix it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any, NamedTuple

from envhelp.errors import ValidationError


class Field(NamedTuple):
    key: str
    zh: str
    en: str


PHONE_RE = re.compile(r"^\+?[0-9][0-9\- ]{5,19}$")


def text(value: Any, field: Field, *, required: bool = False, max_len: int = 500) -> str:
    clean = "" if value is None else str(value).strip()
    if required and not clean:
        raise ValidationError(
            field.key, f"请填写“{field.zh}”，该项不能为空。", f"{field.en} is required; fill it in."
        )
    if len(clean) > max_len:
        raise ValidationError(
            field.key,
            f"“{field.zh}”过长（{len(clean)} 字），最多 {max_len} 字，请精简。",
            f"{field.en} is too long ({len(clean)} characters); shorten it to at most {max_len}.",
        )
    return clean


def phone(value: Any, field: Field) -> str:
    clean = text(value, field, max_len=40)
    if clean and not all(PHONE_RE.match(p.strip()) for p in re.split(r"[,，;；/、]", clean)):
        raise ValidationError(
            field.key,
            f"“{field.zh}”格式不正确：{clean}。请填写数字电话号码，多个号码用逗号分隔。",
            f"{field.en} is not a phone number: {clean}. Use digits; separate several with commas.",
        )
    return clean


def choice(value: Any, field: Field, vocab: dict[str, tuple[str, str]]) -> str:
    """A code from ``vocab``; a label in either language is accepted and turned into its code."""
    from envhelp.domain.vocab import code_for

    raw = "" if value is None else str(value).strip()
    code = code_for(vocab, raw)
    if code is None:
        allowed_zh = "、".join(zh for c, (zh, _) in vocab.items() if c)
        allowed_en = ", ".join(en for c, (_, en) in vocab.items() if c)
        raise ValidationError(
            field.key,
            f"“{field.zh}”的值“{raw}”无效，可选：{allowed_zh}。",
            f"{field.en} “{raw}” is not valid; choose one of: {allowed_en}.",
        )
    return code


YES_WORDS = frozenset({"1", "true", "yes", "y", "是", "√", "✓", "有"})
NO_WORDS = frozenset({"", "0", "false", "no", "n", "否", "×", "无"})


def yes_no(value: Any, field: Field) -> int:
    """A yes/no field stored as 1/0; accepts booleans, 是/否, yes/no, 1/0 (blank is no)."""
    if isinstance(value, bool):
        return int(value)
    word = "" if value is None else str(value).strip().lower()
    if word in YES_WORDS:
        return 1
    if word in NO_WORDS:
        return 0
    raise ValidationError(
        field.key,
        f"“{field.zh}”应填“是”或“否”，不能是“{value}”。",
        f"{field.en} must be yes or no, not “{value}”.",
    )


def iso_date(value: Any, field: Field, *, required: bool = True) -> str | None:
    """A date as ``YYYY-MM-DD``; accepts date/datetime objects and 2026/3/5 or 2026年3月5日."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(
                field.key,
                f"请填写“{field.zh}”（格式 YYYY-MM-DD）。",
                f"{field.en} is required (format YYYY-MM-DD).",
            )
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raw = str(value).strip()
    normal = re.sub(r"[年月/.]", "-", raw).rstrip("日")
    try:
        return date.fromisoformat("-".join(p.zfill(2) for p in normal.split("-"))).isoformat()
    except ValueError:
        raise ValidationError(
            field.key,
            f"“{field.zh}”不是有效日期：{raw}。请按 YYYY-MM-DD 填写，例如 2026-03-05。",
            f"{field.en} is not a valid date: {raw}. Use YYYY-MM-DD, e.g. 2026-03-05.",
        ) from None


def clock_time(value: Any, field: Field) -> str:
    """A time of day as ``HH:MM`` (empty allowed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    raw = str(value).strip().replace("：", ":")
    try:
        return time.fromisoformat(raw if len(raw) > 4 else raw.zfill(5)).strftime("%H:%M")
    except ValueError:
        raise ValidationError(
            field.key,
            f"“{field.zh}”不是有效时间：{raw}。请按 HH:MM 填写，例如 09:30。",
            f"{field.en} is not a valid time: {raw}. Use HH:MM, e.g. 09:30.",
        ) from None


def date_range_clause(column: str, low: str | None, high: str | None) -> tuple[str, list[str]]:
    """SQL keeping ``column`` within the ISO dates ``low``..``high`` (inclusive; None:
    unbounded), and its parameters; ``("", [])`` when both are None.

    A plain comparison on the column, one BETWEEN when both bounds are given: SQLite
    answers it with one range read of the column's index.
    """
    if low and high:
        return f"{column} BETWEEN ? AND ?", [low, high]
    if low:
        return f"{column} >= ?", [low]
    if high:
        return f"{column} <= ?", [high]
    return "", []
