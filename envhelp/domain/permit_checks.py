"""The 清单式 permit checklist: template items expanded per outlet and pollutant of the permit.

A template item with ``"expand": "outlet"`` becomes one item per outlet of the permit on
file, one with ``"expand": "pollutant"`` one item per pollutant of each outlet; each copy
names the outlet (and the pollutant with its permitted concentration, yearly quantity and
monitoring frequency) before the requirement. The outlets are copied onto the check when
it starts (``check_answers.permit_items``), so a permit changed later never changes a check made
before, as a template version never does. Without a permit on file the items stay as the
template has them (one generic item each).

Codes of the copies: ``PW-02-DA001`` (outlet), ``PW-03-DA001-2`` (second pollutant of
DA001); :func:`base_code` gives back the template item's code.
"""

from __future__ import annotations

import json
from typing import Any

from envhelp.domain import permits, vocab
from envhelp.storage import Store

TEMPLATE_ID = "pw-permit-execution"


def expandable(template: dict[str, Any]) -> bool:
    return any("expand" in item for item in template["items"])


def snapshot(store: Store, enterprise_id: str) -> str | None:
    """The outlets of the enterprise's permit on file as stored on a check (JSON), or None."""
    permit = permits.for_enterprise(store, enterprise_id)
    if permit is None or permit["status"] != permits.IN_FORCE or not permit["outlets"]:
        return None
    keep = ("code", "name", "medium", "kind", "pollutants")
    return json.dumps([{k: o[k] for k in keep} for o in permit["outlets"]], ensure_ascii=False)


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pollutant_facts(p: dict[str, Any]) -> tuple[str, str]:
    zh, en = [], []
    if p.get("limit") is not None:
        zh.append(f"许可排放浓度≤{_number(p['limit'])} {p['unit']}")
        en.append(f"permitted ≤{_number(p['limit'])} {p['unit']}")
    if p.get("yearly_t") is not None:
        zh.append(f"许可年排放量 {_number(p['yearly_t'])} 吨")
        en.append(f"{_number(p['yearly_t'])} t/yr permitted")
    if p.get("monitoring"):
        label_zh, label_en = vocab.MONITORING_FREQUENCIES[p["monitoring"]]
        zh.append(f"自行监测频次：{label_zh}")
        en.append(f"self-monitoring: {label_en.lower()}")
    return "；".join(zh), "; ".join(en)


def _outlet_words(o: dict[str, Any]) -> tuple[str, str]:
    medium_zh, medium_en = vocab.OUTLET_MEDIA[o["medium"]]
    kind_zh, kind_en = vocab.OUTLET_KINDS[o["kind"]]
    name = f" {o['name']}" if o.get("name") else ""
    return (
        f"排放口 {o['code']}{name}（{medium_zh}·{kind_zh}）",
        f"Outlet {o['code']}{name} ({medium_en.lower()}, {kind_en.lower()})",
    )


def _copy(item: dict[str, Any], code: str, zh: str, en: str) -> dict[str, Any]:
    out = {k: v for k, v in item.items() if k != "expand"}
    out["code"] = code
    out["requirement_zh"] = f"{zh}：{item['requirement_zh']}"
    out["requirement_en"] = f"{en}: {item['requirement_en']}"
    out["expanded_from"] = item["code"]
    return out


def expand_items(items: list[dict[str, Any]], outlets: list[dict[str, Any]]) -> list[dict]:
    out: list[dict[str, Any]] = []
    for item in items:
        how = item.get("expand")
        if how is None or not outlets:
            out.append(item)
            continue
        for outlet in outlets:
            where_zh, where_en = _outlet_words(outlet)
            if how == "outlet":
                out.append(_copy(item, f"{item['code']}-{outlet['code']}", where_zh, where_en))
                continue
            for number, pollutant in enumerate(outlet["pollutants"], start=1):
                facts_zh, facts_en = _pollutant_facts(pollutant)
                out.append(
                    _copy(
                        item,
                        f"{item['code']}-{outlet['code']}-{number}",
                        f"{where_zh} {pollutant['name']}" + (f"（{facts_zh}）" if facts_zh else ""),
                        f"{where_en}, {pollutant['name']}" + (f" ({facts_en})" if facts_en else ""),
                    )
                )
    return out


def expanded(template: dict[str, Any], stored: str | None) -> dict[str, Any]:
    """``template`` with its items expanded from a check's stored outlets (as is when None)."""
    if not stored or not expandable(template):
        return template
    return {**template, "items": expand_items(template["items"], json.loads(stored))}


def base_code(template: dict[str, Any], code: str) -> str:
    """The template item a (possibly expanded) code comes from."""
    for item in template["items"]:
        if code == item["code"] or (item.get("expand") and code.startswith(item["code"] + "-")):
            return item["code"]
    return code
