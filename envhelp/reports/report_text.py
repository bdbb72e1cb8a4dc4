"""The paste-ready paragraph of the monthly summary, in the style bureaus publish.

    2025年3月，组织开展执法帮扶57次（其中送法入企20次、现场检查37次），出动执法人员118人次，
    帮扶企业48家，宣贯法律法规标准60部次，发放宣传资料300份，开展危险废物贮存检查12次，
    发现环境问题35个（其中立行立改12个、限期整改23个），帮扶解决环境问题（销号）31个，
    企业满意度评价40次、满意率97.5%。

Each number says what it counts: 帮扶企业 are the distinct enterprises of every
kind of visit, 帮扶解决 the problems closed out in the period (those fixed on the
spot included), the split of the problems found is by how they are handled.

Two modes: exact numbers, or rounded 「余」 figures (:func:`approx`). 「余」 means
"more than", so a count is only given with 「余」 when it really is more than
the number shown:

- below 10: exact (7 → 7);
- 10 to 999: down to the ten (57 → 50余, 146 → 140余), exact when already a
  multiple of ten (50 → 50, never 50余);
- 1000 and more: down to the hundred (1234 → 1200余, 1200 → 1200).

English (when the language is en) says "more than 50" for 50余. Clauses whose
count is 0 are left out (a month without visits says so). See docs/summary.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from envhelp import i18n
from envhelp.domain import scoring, vocab

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# English nouns (singular, plural) for visit types in running text.
EN_HANDLING = {
    "on_the_spot": "fixed on the spot",
    "deadline": "to fix by a deadline",
    "supervised": "under supervised follow-up",
    "case": "handed over for a case",
}
EN_TYPE_NOUNS = {
    "law_publicity": ("law-to-enterprise visit", "law-to-enterprise visits"),
    "stationed": ("stationed-assistance visit", "stationed-assistance visits"),
    "inspection": ("on-site inspection", "on-site inspections"),
    "follow_up": ("follow-up review", "follow-up reviews"),
}


def approx(n: int) -> tuple[int, bool]:
    """The rounded figure and whether the true count is more than it (→ 「余」).

    Below 10 exact; 10..999 down to the ten; 1000 and more down to the hundred.
    """
    if n < 10:
        return n, False
    step = 10 if n < 1000 else 100
    shown = n - n % step
    return shown, shown != n


def number(n: int, *, rounded: bool = False, lang: str | None = None) -> str:
    """A count as running text: "57", or in rounded mode "50余" / "more than 50"."""
    lang = lang or i18n.language()
    if not rounded:
        return str(n)
    shown, more = approx(n)
    if not more:
        return str(shown)
    return f"{shown}余" if lang == "zh" else f"more than {shown}"


def _en_noun(n: int, singular: str, plural: str, rounded: bool) -> str:
    # "more than 50 visits" is plural even though 50 is shown; only an exact 1 is singular.
    text = number(n, rounded=rounded, lang="en")
    return f"{text} {singular if text == '1' else plural}"


def _en_join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _verdicts(figures: Mapping[str, Any]) -> dict[str, int]:
    """The assessments by verdict (达标 / 基本达标 / 不达标), in that order."""
    return {code: int(figures.get(f"assessments_{code}") or 0) for code in scoring.VERDICTS}


def _zh_of_which(
    counts: Mapping[str, int] | None, codes: Mapping[str, tuple[str, str]], unit: str, rounded: bool
) -> str:
    """「（其中送法入企1次、现场检查2次）」: the codes with a count, in vocabulary order."""
    parts = [
        f"{codes[code][0]}{number(n, rounded=rounded, lang='zh')}{unit}"
        for code, n in (counts or {}).items()
        if n and code in codes
    ]
    return f"（其中{'、'.join(parts)}）" if parts else ""


def _storage_checks(figures: Mapping[str, Any]) -> int:
    """The checklists that were not the permit checklist: the paragraph names permit
    checks on their own, not as hazardous-waste storage checks."""
    return int(figures.get("checks") or 0) - int(figures.get("permit_checks") or 0)


def _zh(figures: Mapping[str, Any], lead: str, rounded: bool) -> str:
    def num(key: str) -> str:
        return number(int(figures.get(key) or 0), rounded=rounded, lang="zh")

    clauses = []
    visits = int(figures.get("visits") or 0)
    if visits:
        detail = _zh_of_which(figures.get("visits_by_type"), vocab.VISIT_TYPES, "次", rounded)
        clauses.append(f"组织开展执法帮扶{num('visits')}次{detail}")
        if figures.get("officer_visits"):
            clauses.append(f"出动执法人员{num('officer_visits')}人次")
        clauses.append(f"帮扶企业{num('enterprises')}家")
    else:
        clauses.append("未开展执法帮扶")
    if figures.get("laws"):
        clauses.append(f"宣贯法律法规标准{num('laws')}部次")
    if figures.get("materials"):
        clauses.append(f"发放宣传资料{num('materials')}份")
    storage_checks = _storage_checks(figures)
    if storage_checks:
        clauses.append(
            f"开展危险废物贮存检查{number(storage_checks, rounded=rounded, lang='zh')}次"
        )
    if figures.get("permit_checks"):
        clauses.append(f"开展排污许可证执行情况检查{num('permit_checks')}次")
    if figures.get("assessments"):
        detail = _zh_of_which(_verdicts(figures), scoring.VERDICTS, "家次", rounded)
        clauses.append(f"开展危险废物规范化环境管理评估{num('assessments')}家次{detail}")
    if figures.get("problems_found"):
        detail = _zh_of_which(figures.get("problems_by_handling"), vocab.HANDLING, "个", rounded)
        clauses.append(f"发现环境问题{num('problems_found')}个{detail}")
    if figures.get("problems_closed"):
        clauses.append(f"帮扶解决环境问题（销号）{num('problems_closed')}个")
    if figures.get("rated") and figures.get("satisfaction_rate") is not None:
        clauses.append(
            f"企业满意度评价{num('rated')}次、满意率{percent(figures['satisfaction_rate'])}"
        )
    return f"{lead}，" + "，".join(clauses) + "。"


def percent(rate: float) -> str:
    """A rate as the paragraph writes it: 97.5%."""
    return f"{rate * 100:.1f}%"


def _en(figures: Mapping[str, Any], lead: str, rounded: bool) -> str:
    def noun(key: str, singular: str, plural: str) -> str:
        return _en_noun(int(figures.get(key) or 0), singular, plural, rounded)

    clauses = []
    visits = int(figures.get("visits") or 0)
    if visits:
        by_type = [
            _en_noun(n, *EN_TYPE_NOUNS[code], rounded)
            for code, n in (figures.get("visits_by_type") or {}).items()
            if n and code in EN_TYPE_NOUNS
        ]
        detail = f" ({', '.join(by_type)})" if by_type else ""
        people = ""
        if figures.get("officer_visits"):
            people = f" with {noun('officer_visits', 'officer attendance', 'officer attendances')}"
        clauses.append(
            f"made {noun('visits', 'assistance visit', 'assistance visits')}{detail}{people} "
            f"to {noun('enterprises', 'enterprise', 'enterprises')}"
        )
    else:
        clauses.append("made no assistance visits")
    if figures.get("laws"):
        clauses.append("publicized " + noun("laws", "law or standard", "laws and standards"))
    if figures.get("materials"):
        clauses.append(
            "handed out "
            + noun("materials", "copy of publicity material", "copies of publicity material")
        )
    storage_checks = _storage_checks(figures)
    if storage_checks:
        clauses.append(
            "carried out "
            + _en_noun(
                storage_checks,
                "hazardous-waste storage check",
                "hazardous-waste storage checks",
                rounded,
            )
        )
    if figures.get("permit_checks"):
        clauses.append(
            "made " + noun("permit_checks", "discharge-permit check", "discharge-permit checks")
        )
    if figures.get("assessments"):
        by_verdict = [
            f"{number(n, rounded=rounded, lang='en')} {scoring.VERDICTS[code][1].lower()}"
            for code, n in _verdicts(figures).items()
            if n
        ]
        detail = f" ({', '.join(by_verdict)})" if by_verdict else ""
        clauses.append(
            "made "
            + noun(
                "assessments",
                "hazardous-waste management assessment",
                "hazardous-waste management assessments",
            )
            + detail
        )
    if figures.get("problems_found"):
        by_handling = [
            f"{number(n, rounded=rounded, lang='en')} {EN_HANDLING[code]}"
            for code, n in (figures.get("problems_by_handling") or {}).items()
            if n and code in EN_HANDLING
        ]
        detail = f" ({', '.join(by_handling)})" if by_handling else ""
        clauses.append(
            "found "
            + noun("problems_found", "environmental problem", "environmental problems")
            + detail
        )
    if figures.get("problems_closed"):
        clauses.append(
            "helped enterprises resolve (closed out) "
            + noun("problems_closed", "environmental problem", "environmental problems")
        )
    if figures.get("rated") and figures.get("satisfaction_rate") is not None:
        clauses.append(
            f"recorded {noun('rated', 'satisfaction rating', 'satisfaction ratings')} "
            f"({percent(figures['satisfaction_rate'])} satisfied)"
        )
    return f"{lead}, officers {_en_join(clauses)}."


def paragraph(
    figures: Mapping[str, Any],
    *,
    year: int,
    month: int,
    period: str = "month",
    rounded: bool = False,
    lang: str | None = None,
) -> str:
    """The paragraph for one period's figures (keys as in :data:`summary.PERIOD_KEYS`).

    ``period`` "month" opens with 「2025年3月」 / "In March 2025"; "year" with
    「今年以来（1—3月）」 / "Since the start of 2025 (January–March)".
    """
    lang = lang or i18n.language()
    if period not in ("month", "year"):
        raise ValueError(f"period must be 'month' or 'year', not {period!r}")
    if lang == "zh":
        if period == "month":
            lead = f"{year}年{month}月"
        else:
            lead = "今年以来（1月）" if month == 1 else f"今年以来（1—{month}月）"
        return _zh(figures, lead, rounded)
    if period == "month":
        lead = f"In {EN_MONTHS[month - 1]} {year}"
    elif month == 1:
        lead = f"Since the start of {year} (January)"
    else:
        lead = f"Since the start of {year} (January–{EN_MONTHS[month - 1]})"
    return _en(figures, lead, rounded)


def summary_paragraphs(
    summary: Any, *, rounded: bool = False, lang: str | None = None
) -> dict[str, str]:
    """``{"month": ..., "year": ...}`` for a :class:`~envhelp.reports.summary.MonthlySummary`."""
    common = {"year": summary.year, "month": summary.month_number, "rounded": rounded, "lang": lang}
    return {
        "month": paragraph(summary.month_figures, period="month", **common),
        "year": paragraph(summary.year_figures, period="year", **common),
    }
