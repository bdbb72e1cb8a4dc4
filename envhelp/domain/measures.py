"""Numeric checks (测算): checklist items whose answer follows from a few measured values.

A template item may carry ``measure``: ``{"kind": ..., <parameters>}``. The officer types
the values measured on site; :func:`evaluate` says whether the item is met and writes a
note that shows the arithmetic. The note is record text (Chinese): the printed record
then carries the figures behind the answer. The thresholds are template data, so a
bureau's own template version can change them; the storage-time limit can also be set
per database (``storage_limit_days``), because local rules differ.

Kinds (docs/checklists.md, "Numeric checks"):
    containment   spill containment ≥ max(largest liquid container, share × total liquid)
    max_quantity  stock on hand ≤ limit (a storage point's 3 t)
    max_age       days since the oldest waste went in ≤ limit, warning near it
    label_size    label side ≥ the size the container's volume asks for
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from envhelp.domain import settings
from envhelp.domain.fields import Field, iso_date
from envhelp.errors import ValidationError
from envhelp.storage import Store

NOTE_PREFIX = "测算："  # starts the note line a measurement writes


@dataclass(frozen=True)
class Input:
    """One value the officer types: key, labels, unit ("date" for a date)."""

    key: str
    zh: str
    en: str
    unit: str

    @property
    def field(self) -> Field:
        return Field(self.key, self.zh, self.en)


@dataclass(frozen=True)
class Measurement:
    result: str  # "compliant" or "non_compliant"
    note: str  # record text with the arithmetic
    warning: str = ""  # e.g. close to the storage-time limit (also in the note)


# kind → its inputs, and its parameters: name → (checker, zh/en description for errors)
INPUTS: dict[str, tuple[Input, ...]] = {
    "containment": (
        Input("largest_container_m3", "最大液态容器容积", "Largest liquid container", "m³"),
        Input("total_liquid_m3", "液态废物总储量", "Total liquid waste stored", "m³"),
        Input("containment_m3", "泄漏堵截设施容积", "Spill containment volume", "m³"),
    ),
    "max_quantity": (Input("stock_t", "当前贮存量", "Quantity in store", "t"),),
    "max_age": (Input("oldest_in", "最早一批入库日期", "Date the oldest waste went in", "date"),),
    "label_size": (
        Input("container_l", "容器容积", "Container volume", "L"),
        Input("label_mm", "标签边长（较短边）", "Label side (the shorter)", "mm"),
    ),
}


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def _share(value: Any) -> bool:
    return _positive(value) and value <= 1


def _whole_days(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3650


def _bands(value: Any) -> bool:
    """Volume bands by rising volume: each {"up_to_l": L} (inclusive) or {"below_l": L}
    with its "side_mm"; the last has no limit (every larger container)."""
    if not isinstance(value, list) or not value or not all(isinstance(b, dict) for b in value):
        return False
    limits = []
    for n, band in enumerate(value):
        bounds = [key for key in ("up_to_l", "below_l") if key in band]
        last = n == len(value) - 1
        if set(band) - {"up_to_l", "below_l", "side_mm"} or not _positive(band.get("side_mm")):
            return False
        if len(bounds) != (0 if last else 1) or (bounds and not _positive(band[bounds[0]])):
            return False
        limits += [band[key] for key in bounds]
    return limits == sorted(set(limits))


PARAMETERS: dict[str, dict[str, tuple[Any, str, str]]] = {
    "containment": {
        "share_of_total": (
            _share,
            "大于 0、不大于 1 的小数，如 0.1",
            "a fraction above 0 and at most 1, e.g. 0.1",
        ),
    },
    "max_quantity": {
        "limit_t": (_positive, "大于 0 的吨数，如 3", "a positive number of tonnes, e.g. 3"),
    },
    "max_age": {
        "limit_days": (_whole_days, "0 到 3650 的整数天数，如 365", "whole days 0–3650, e.g. 365"),
        "warn_days": (_whole_days, "0 到 3650 的整数天数，如 30", "whole days 0–3650, e.g. 30"),
    },
    "label_size": {
        "bands": (
            _bands,
            "按容积从小到大排列的档位列表，每档含 side_mm（边长毫米）及 up_to_l（不超过的升数）"
            '或 below_l（小于的升数），最后一档不设上限，如 [{"up_to_l": 50, "side_mm": 100}, '
            '{"below_l": 450, "side_mm": 150}, {"side_mm": 200}]',
            "a list of bands by rising volume, each with side_mm and up_to_l (litres, "
            "inclusive) or below_l (litres, exclusive), the last with no limit, e.g. "
            '[{"up_to_l": 50, "side_mm": 100}, {"below_l": 450, "side_mm": 150}, '
            '{"side_mm": 200}]',
        ),
    },
}


def check_spec(spec: Any) -> tuple[str, str, str] | None:
    """What is wrong with a template's ``measure`` object, as (path suffix, zh, en); None if fine."""
    if not isinstance(spec, dict):
        return "", "应为 JSON 对象 {…}。", "must be a JSON object {…}."
    kind = spec.get("kind")
    if not isinstance(kind, str) or kind not in PARAMETERS:  # [] is unhashable
        kinds = ", ".join(f'"{k}"' for k in PARAMETERS)
        return ".kind", f"应为 {kinds} 之一。", f"must be one of {kinds}."
    params = PARAMETERS[kind]
    for name in spec:
        if name != "kind" and name not in params:
            allowed = ", ".join(["kind", *params])
            return (
                f".{name}",
                f"未知字段“{name}”，允许的字段：{allowed}。",
                f"unknown field “{name}”; allowed: {allowed}.",
            )
    for name, (valid, zh, en) in params.items():
        if name not in spec:
            return f".{name}", f"缺少必填字段，应为{zh}。", f"required field is missing: {en}."
        if not valid(spec[name]):
            return f".{name}", f"值无效，应为{zh}。", f"is not valid; use {en}."
    return None


# -- the local storage-time limit ------------------------------------------------


def storage_limit(store: Store) -> int | None:
    """This database's storage-time limit in days, or None to use the template's."""
    return settings.get(store, settings.STORAGE_LIMIT_DAYS)


def set_storage_limit(store: Store, days: Any) -> int | None:
    """Set the local limit (1–3650 days); None or "" goes back to the template's."""
    return settings.put(store, settings.STORAGE_LIMIT_DAYS, days)


# -- evaluating ----------------------------------------------------------------


def _number(raw: Any, spec: Input) -> float:
    """A measured value: a number ≥ 0 (typed text such as "1.5" is accepted)."""
    try:
        value = float(str(raw).strip()) if raw is not None and str(raw).strip() else None
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value < 0:
        raise ValidationError(
            spec.key,
            f"请填写“{spec.zh}”：不小于 0 的数字（单位 {spec.unit}）。",
            f"Enter {spec.en}: a number of at least 0 ({spec.unit}).",
        )
    return value


def _fmt(value: float) -> str:
    """1.2 → "1.2", 3.0 → "3", 0.125 → "0.125" (at most 3 decimals, as measured)."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def evaluate(
    spec: dict[str, Any],
    values: dict[str, Any],
    on: date,
    storage_limit_days: int | None = None,
) -> Measurement:
    """Judge one item from measured ``values`` (by input key), on the visit's date ``on``.

    Raises ValidationError naming the input at fault.
    """
    kind = spec["kind"]
    inputs = {i.key: i for i in INPUTS[kind]}
    if kind == "max_age":
        oldest = date.fromisoformat(iso_date(values.get("oldest_in"), inputs["oldest_in"].field))
        return _max_age(spec, oldest, on, storage_limit_days)
    got = {key: _number(values.get(key), spec_in) for key, spec_in in inputs.items()}
    if kind == "containment":
        return _containment(spec, **got)
    if kind == "max_quantity":
        limit = spec["limit_t"]
        ok = got["stock_t"] <= limit
        return Measurement(
            "compliant" if ok else "non_compliant",
            f"{NOTE_PREFIX}当前贮存量 {_fmt(got['stock_t'])} t，上限 {_fmt(limit)} t"
            f"{'，未超过' if ok else '，超过上限'}。",
        )
    return _label_size(spec, got["container_l"], got["label_mm"])


def _containment(
    spec: dict[str, Any], largest_container_m3: float, total_liquid_m3: float, containment_m3: float
) -> Measurement:
    share = spec["share_of_total"]
    # Rounded: 12 m³ × 0.1 is 1.2000000000000002 in binary, and 1.2 m³ must be enough.
    needed = round(max(largest_container_m3, total_liquid_m3 * share), 9)
    ok = containment_m3 >= needed
    return Measurement(
        "compliant" if ok else "non_compliant",
        f"{NOTE_PREFIX}应不小于 max(最大容器 {_fmt(largest_container_m3)} m³，"
        f"总储量 {_fmt(total_liquid_m3)} m³×{_fmt(share * 100)}%＝"
        f"{_fmt(total_liquid_m3 * share)} m³)＝{_fmt(needed)} m³；"
        f"实有 {_fmt(containment_m3)} m³{'，满足' if ok else '，不足'}。",
    )


def _max_age(
    spec: dict[str, Any], oldest: date, on: date, storage_limit_days: int | None
) -> Measurement:
    if oldest > on:
        raise ValidationError(
            "oldest_in",
            f"“最早一批入库日期”{oldest} 晚于检查日期 {on}，请核对。",
            f"The date the oldest waste went in ({oldest}) is after the visit ({on}); check it.",
        )
    limit = storage_limit_days if storage_limit_days is not None else spec["limit_days"]
    days = (on - oldest).days
    note = f"{NOTE_PREFIX}最早一批于 {oldest} 入库，至检查日已贮存 {days} 天，期限 {limit} 天"
    if days > limit:
        return Measurement("non_compliant", note + f"，超期 {days - limit} 天。")
    left = limit - days
    if left <= spec["warn_days"]:
        warning = f"距贮存期限仅剩 {left} 天，请督促及时转移处置。"
        return Measurement("compliant", note + "；" + warning, warning)
    return Measurement("compliant", note + "，未超期。")


def required_label_side(bands: list[dict[str, Any]], volume_l: float) -> float:
    """The label side a container of ``volume_l`` litres needs (the first band it fits)."""
    for band in bands:
        if "up_to_l" in band and volume_l > band["up_to_l"]:
            continue
        if "below_l" in band and volume_l >= band["below_l"]:
            continue
        return band["side_mm"]
    raise AssertionError("the last band has no limit")  # pragma: no cover - checked on import


def _label_size(spec: dict[str, Any], container_l: float, label_mm: float) -> Measurement:
    needed = required_label_side(spec["bands"], container_l)
    ok = label_mm >= needed
    return Measurement(
        "compliant" if ok else "non_compliant",
        f"{NOTE_PREFIX}容器 {_fmt(container_l)} L，标签应不小于 {_fmt(needed)}×{_fmt(needed)} mm；"
        f"实测边长 {_fmt(label_mm)} mm{'，满足' if ok else '，偏小'}。",
    )


def merged_note(old: str, measured: str) -> str:
    """The item's note after a measurement: the new arithmetic first, then what the
    officer wrote; an earlier measurement's line is replaced, not kept."""
    kept = [line for line in (old or "").splitlines() if not line.startswith(NOTE_PREFIX)]
    return "\n".join([measured, *(line for line in kept if line.strip())])
