"""Scored assessments (评分): a template's optional scoring model and a check's score.

The 危险废物规范化环境管理评估 scores each indicator (e.g. 2 / 1 / 0 points), makes some
indicators decisive (一票否决), removes the indicators that do not apply from the maximum
and gives a verdict by the share of the applicable maximum reached. All of that is
template data (docs/checklists.md, "Scoring"):

* template ``scoring``: ``{"pass_at": 50, "basic_at": 40, "out_of": 60,
  "not_applicable": "exclude"}`` — thresholds as the published table states them
  (50 of 60 points), applied as shares of the applicable maximum: at least
  pass_at/out_of of it is 达标, at least basic_at/out_of 基本达标, less 不达标 (edges
  belong to the better verdict); ``out_of`` defaults to 100 (thresholds in per cent).
  ``"exclude"`` removes not-applicable items from the maximum (the thresholds rescale
  with it), ``"full"`` counts them as earning their full points.
* item ``score``: ``{"points": 2, "options": [{"points": 2, "zh": …, "en": …}, …],
  "veto": false}`` — what earns each number of points; ``veto`` makes the item decisive:
  an applicable veto item that earns less than its full points makes the verdict 不达标
  whatever the share.

What an item earns: the points the officer chose (``check_results.points``) or, when
none were chosen, its full points for "compliant" and its lowest option for
"non-compliant". Unanswered and not-checked items earn 0 and stay in the maximum:
an assessment scores what was looked at. Arithmetic is exact (Decimal), so a share
on a threshold's edge gets the better verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from envhelp import i18n

VERDICTS = {
    "pass": ("达标", "Pass"),
    "basic": ("基本达标", "Basic pass"),
    "fail": ("不达标", "Fail"),
}
NOT_APPLICABLE_RULES = {
    "exclude": ("不适用项从满分中扣除", "items that do not apply are removed from the maximum"),
    "full": ("不适用项按满分计", "items that do not apply count as full points"),
}
MAX_POINTS = Decimal(1000)


# -- validation (called by checklists.parse_template) ----------------------------


def _number(value: Any) -> Decimal | None:
    """A non-negative number with at most two decimals, or None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = Decimal(str(value))
    if number < 0 or number > MAX_POINTS or number != number.quantize(Decimal("0.01")):
        return None
    return number


Fault = tuple[str, str, str]  # (path suffix, zh, en)


def check_template_scoring(spec: Any) -> tuple[dict[str, Any] | None, Fault | None]:
    """A template's ``scoring`` object normalized, or what is wrong with it."""
    if not isinstance(spec, dict):
        return None, ("", "应为 JSON 对象 {…}。", "must be a JSON object {…}.")
    allowed = ("pass_at", "basic_at", "out_of", "not_applicable")
    for key in spec:
        if key not in allowed:
            names = ", ".join(allowed)
            return None, (
                f".{key}",
                f"未知字段“{key}”，允许的字段：{names}。",
                f"unknown field “{key}”; allowed: {names}.",
            )
    out_of = _number(spec.get("out_of", 100))
    if out_of is None or out_of == 0:
        return None, (
            ".out_of",
            "应为判定线所对应的满分（大于 0 的数字），如 100 或 60。",
            "must be the maximum the thresholds refer to (a number above 0), e.g. 100 or 60.",
        )
    for key in ("pass_at", "basic_at"):
        if key not in spec:
            return None, (
                f".{key}",
                f"缺少必填字段，应为 0 到 {out_of} 之间的分数线，如 90。",
                f"required field is missing: a threshold from 0 to {out_of}, e.g. 90.",
            )
        number = _number(spec[key])
        if number is None or number > out_of:
            return None, (
                f".{key}",
                f"应为 0 到 {out_of}（out_of）之间的数字（不带引号）。",
                f"must be a number from 0 to {out_of} (out_of), no quotes.",
            )
    if _number(spec["basic_at"]) > _number(spec["pass_at"]):
        return None, (
            ".basic_at",
            "基本达标线不能高于达标线（pass_at）。",
            "must not be above pass_at.",
        )
    rule = spec.get("not_applicable", "exclude")
    if not isinstance(rule, str) or rule not in NOT_APPLICABLE_RULES:
        names = ", ".join(f'"{r}"' for r in NOT_APPLICABLE_RULES)
        return None, (
            ".not_applicable",
            f"应为 {names} 之一（exclude：从满分中扣除）。",
            f"must be one of {names} (exclude: removed from the maximum).",
        )
    return {**spec, "not_applicable": rule}, None


def check_item_score(spec: Any) -> tuple[dict[str, Any] | None, Fault | None]:
    """An item's ``score`` object normalized (options by falling points), or its fault."""
    if not isinstance(spec, dict):
        return None, ("", "应为 JSON 对象 {…}。", "must be a JSON object {…}.")
    for key in spec:
        if key not in ("points", "options", "veto"):
            return None, (
                f".{key}",
                f"未知字段“{key}”，允许的字段：points, options, veto。",
                f"unknown field “{key}”; allowed: points, options, veto.",
            )
    full = _number(spec.get("points"))
    if full is None or full == 0:
        return None, (
            ".points",
            "应为该项满分（大于 0 的数字，不带引号），如 2。",
            "must be the item's full points (a number above 0, no quotes), e.g. 2.",
        )
    if "veto" in spec and not isinstance(spec["veto"], bool):
        return None, (
            ".veto",
            "应为 true 或 false（不带引号）。",
            "must be true or false (no quotes).",
        )
    options = spec.get("options")
    if not isinstance(options, list) or not options:
        return None, (
            ".options",
            "应为非空列表，每项含 points、zh、en（得分及得分条件）。",
            "must be a non-empty list of {points, zh, en} (what earns each score).",
        )
    seen: set[Decimal] = set()
    clean_options = []
    for index, option in enumerate(options):
        path = f".options[{index}]"
        if not isinstance(option, dict) or set(option) != {"points", "zh", "en"}:
            return None, (
                path,
                '应为 {"points", "zh", "en"}：得分和得分条件（中英文）。',
                'must be {"points", "zh", "en"}: the points and what earns them.',
            )
        points = _number(option["points"])
        if points is None or points > full:
            return None, (
                f"{path}.points",
                f"应为 0 到满分 {full} 之间的数字。",
                f"must be a number from 0 to the full {full} points.",
            )
        if points in seen:
            return None, (
                f"{path}.points",
                "同一项的得分选项不能重复，请删除重复项。",
                "two options give the same points; remove the repeat.",
            )
        seen.add(points)
        for lang in ("zh", "en"):
            text = option[lang]
            if not isinstance(text, str) or not text.strip() or len(text.strip()) > 500:
                return None, (
                    f"{path}.{lang}",
                    "应为非空文本（最多 500 字）：得此分的条件。",
                    "must be a text (at most 500 characters): what earns these points.",
                )
        clean_options.append(
            {"points": option["points"], "zh": option["zh"].strip(), "en": option["en"].strip()}
        )
    if full not in seen:
        return None, (
            ".options",
            f"须有一个得满分（{full} 分）的选项。",
            f"must include an option earning the full {full} points.",
        )
    clean_options.sort(key=lambda o: -_number(o["points"]))
    clean = {"points": spec["points"], "options": clean_options}
    if spec.get("veto"):
        clean["veto"] = True
    return clean, None


# -- a check's score ----------------------------------------------------------------


def is_scored(template: dict[str, Any]) -> bool:
    return "scoring" in template


def full_points(item: dict[str, Any]) -> Decimal:
    return _number(item["score"]["points"])


def earned(item: dict[str, Any], result: str, points: float | None) -> Decimal:
    """What a scored item earns for ``result`` and the officer's chosen ``points``."""
    if points is not None:
        return Decimal(str(points))
    if result == "compliant":
        return full_points(item)
    if result == "non_compliant":
        return min(_number(o["points"]) for o in item["score"]["options"])
    return Decimal(0)


def entry_points(entry: dict[str, Any], result: str, points: Any) -> int | float | None:
    """What a result row of ``check_answers.results`` earns with ``result`` and stored ``points``
    (None when unscored or not applicable): the same rule as :func:`earned`."""
    if entry.get("max_points") is None or result == "not_applicable":
        return None
    item = {"score": {"points": entry["max_points"], "options": entry["score_options"]}}
    return plain(earned(item, result, points))


def result_for(item: dict[str, Any], points: Decimal) -> str:
    """The checklist answer a chosen score stands for: full points are "compliant"."""
    return "compliant" if points >= full_points(item) else "non_compliant"


def option_for(item: dict[str, Any], points: Any) -> dict[str, Any]:
    """The item's option earning ``points`` (ValueError when there is none)."""
    wanted = _number(points) if not isinstance(points, Decimal) else points
    for option in item["score"]["options"]:
        if _number(option["points"]) == wanted:
            return option
    raise ValueError(points)


@dataclass
class Score:
    score: Decimal = Decimal(0)
    max_score: Decimal = Decimal(0)
    vetoes: list[str] = field(default_factory=list)  # codes of the veto items hit
    failed: list[str] = field(default_factory=list)  # codes earning less than full points
    per_item: dict[str, tuple[Decimal, Decimal] | None] = field(default_factory=dict)

    @property
    def percent(self) -> Decimal | None:
        return self.score * 100 / self.max_score if self.max_score else None


def score(template: dict[str, Any], answers: list[dict[str, Any]]) -> Score:
    """Score ``answers`` (``item_code``, ``result``, ``points``) against ``template``.

    ``per_item`` gives each scored item's (earned, counted maximum); None for an item
    removed from the maximum (not applicable under the "exclude" rule).
    """
    items = {item["code"]: item for item in template["items"] if "score" in item}
    rule = template["scoring"].get("not_applicable", "exclude")
    total = Score()
    for answer in answers:
        item = items.get(answer["item_code"])
        if item is None:
            continue
        full = full_points(item)
        if answer["result"] == "not_applicable":
            if rule == "exclude":
                total.per_item[item["code"]] = None
                continue
            got = full
        else:
            got = earned(item, answer["result"], answer.get("points"))
        total.per_item[item["code"]] = (got, full)
        total.score += got
        total.max_score += full
        if got < full and answer["result"] not in ("unanswered", "not_checked"):
            total.failed.append(item["code"])
            if item["score"].get("veto"):
                total.vetoes.append(item["code"])
    return total


def verdict(template: dict[str, Any], total: Score) -> str | None:
    """ "pass", "basic" or "fail"; None while nothing applicable is in the maximum."""
    if total.vetoes:
        return "fail"
    if not total.max_score:
        return None
    scoring = template["scoring"]
    # score / max ≥ pass_at / out_of, compared without dividing (no rounding at the edge)
    scaled = total.score * _number(scoring.get("out_of", 100))
    if scaled >= _number(scoring["pass_at"]) * total.max_score:
        return "pass"
    if scaled >= _number(scoring["basic_at"]) * total.max_score:
        return "basic"
    return "fail"


def plain(number: Decimal | None) -> int | float | None:
    """A Decimal as JSON shows it: 12 rather than 12.00, 1.5 as 1.5."""
    if number is None:
        return None
    number = number.normalize()
    return int(number) if number == number.to_integral_value() else float(number)


def figures(template: dict[str, Any], answers: list[dict[str, Any]]) -> dict[str, Any]:
    """The score of a check as ``visits show --json`` prints it.

    ``score``, ``max_score`` (the applicable maximum), ``percent`` (share of it, 0–100,
    one decimal; None while the maximum is 0), ``verdict`` ("pass"/"basic"/"fail" or
    None), ``verdict_label``, ``vetoed`` (whether a veto item was hit) and ``vetoes``
    (their codes), ``failed`` (codes earning less than full points).
    """
    total = score(template, answers)
    code = verdict(template, total)
    percent = total.percent
    return {
        "score": plain(total.score),
        "max_score": plain(total.max_score),
        # Rounded half up, as officers round by hand (87.05 → 87.1).
        "percent": (
            float(percent.quantize(Decimal("0.1"), ROUND_HALF_UP)) if percent is not None else None
        ),
        "verdict": code,
        "verdict_label": verdict_label(code),
        "vetoed": bool(total.vetoes),
        "vetoes": total.vetoes,
        "failed": total.failed,
    }


def verdict_label(code: str | None, lang: str | None = None) -> str:
    if code is None:
        return ""
    zh, en = VERDICTS[code]
    return en if (lang or i18n.language()) == "en" else zh


def points_text(number: Any) -> str:
    """Points as printed: "2", "1.5"."""
    value = plain(Decimal(str(number)))
    return str(value)
