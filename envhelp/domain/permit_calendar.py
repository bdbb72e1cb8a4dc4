"""The permits' reporting calendar: when 执行报告 and renewals fall due, and what was shown.

Each permit on file sets its 执行报告 frequencies; :data:`REPORT_RULES` says, per
frequency, how long a period is and by which day of which month after it the report is
due. A renewal is due :data:`RENEWAL_LEAD_DAYS` days before the permit expires
(排污许可管理条例 第十四条). The officer records what the enterprise showed for a report
or renewal (on time / late / missing, :func:`record`); :func:`due` lists what falls due or
is overdue and has not been shown. Rules and sources: docs/permits.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from envhelp import i18n
from envhelp.domain import permits, vocab
from envhelp.domain.fields import Field, choice, iso_date, text
from envhelp.errors import NotFoundError, ValidationError
from envhelp.storage import Store


@dataclass(frozen=True)
class ReportRule:
    """A report covers ``months`` calendar months (periods start in January) and is due on
    day ``due_day`` of the ``months_after``-th month after the period ends."""

    months: int
    due_day: int
    months_after: int = 1
    source: str = ""


# Due dates of 执行报告 as a permit states them (e.g. a 火电 permit's text on
# chngreenchain.com: annual and second-half reports by 15 January, first-half by 15 July,
# quarterly by the 15th of the next quarter's first month, monthly by the 15th of the next
# month). Other permits have been seen with "by the end of January" for the annual
# report: a bureau whose permits say so changes ``due_day`` here.
REPORT_RULES: dict[str, ReportRule] = {
    "annual": ReportRule(12, 15, source="permit text (HJ 944-2018 practice), secondary"),
    "semiannual": ReportRule(6, 15, source="permit text (HJ 944-2018 practice), secondary"),
    "quarterly": ReportRule(3, 15, source="permit text (HJ 944-2018 practice), secondary"),
    "monthly": ReportRule(1, 15, source="permit text (HJ 944-2018 practice), secondary"),
}
RENEWAL_LEAD_DAYS = 60  # 排污许可管理条例 第十四条: apply 60 days before expiry (verified)
LOOKBACK_DAYS = 366  # unreported periods due longer ago than this are not listed again
RENEWAL = "renewal"
KINDS = {**vocab.REPORT_FREQUENCIES, RENEWAL: ("延续申请", "Renewal application")}

F_KIND = Field("kind", "报告类型", "Report kind")
F_PERIOD = Field("period", "报告期", "Period")
F_STATUS = Field("status", "提交情况", "Submission")
F_SHOWN = Field("shown_on", "核查日期", "Checked on")
F_NOTE = Field("note", "备注", "Note")

_PERIOD_RE = {
    "annual": re.compile(r"^(\d{4})$"),
    "semiannual": re.compile(r"^(\d{4})-H([12])$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
    "monthly": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
_PERIOD_EXAMPLE = {
    "annual": "2026",
    "semiannual": "2026-H1",
    "quarterly": "2026-Q3",
    "monthly": "2026-07",
    RENEWAL: "2028-02-29",
}


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def period_name(kind: str, year: int, number: int) -> str:
    """The stored name of the ``number``-th period (1-based) of ``year``: 2026-Q3 etc."""
    if kind == "annual":
        return str(year)
    if kind == "semiannual":
        return f"{year}-H{number}"
    if kind == "quarterly":
        return f"{year}-Q{number}"
    return f"{year}-{number:02d}"


def period_label(kind: str, period: str) -> str:
    """How people read a period: 2026年第3季度 / Q3 2026."""
    if kind == RENEWAL:
        day = date.fromisoformat(period)
        return i18n.pick(f"有效期至{day.year}年{day.month}月{day.day}日", f"expires {period}")
    year, _, part = period.partition("-")
    if kind == "annual":
        return i18n.pick(f"{year}年度", year)
    if kind == "semiannual":
        return i18n.pick(f"{year}年{'上' if part == 'H1' else '下'}半年", f"{part} {year}")
    if kind == "quarterly":
        return i18n.pick(f"{year}年第{part[1]}季度", f"{part} {year}")
    return i18n.pick(f"{year}年{int(part)}月", f"{year}-{part}")


def period_bounds(kind: str, period: str) -> tuple[date, date]:
    """First and last day of a report period."""
    match = _PERIOD_RE[kind].match(period)
    year = int(match.group(1))
    number = int(match.group(2)) if match.lastindex and match.lastindex > 1 else 1
    months = REPORT_RULES[kind].months
    start_year, start_month = _add_months(year, 1, (number - 1) * months)
    end_year, end_month = _add_months(start_year, start_month, months)
    return date(start_year, start_month, 1), date(end_year, end_month, 1) - timedelta(days=1)


def due_date(kind: str, period: str) -> date:
    """When the report of ``period`` is due (a renewal: ``period`` is the expiry date)."""
    if kind == RENEWAL:
        return date.fromisoformat(period) - timedelta(days=RENEWAL_LEAD_DAYS)
    rule = REPORT_RULES[kind]
    _, end = period_bounds(kind, period)
    year, month = _add_months(end.year, end.month, rule.months_after)
    return date(year, month, rule.due_day)


def periods(kind: str, start: date, end: date) -> list[str]:
    """The periods of ``kind`` that overlap ``start``..``end`` (inclusive), in order."""
    months = REPORT_RULES[kind].months
    number = (start.month - 1) // months + 1
    year = start.year
    out = []
    while True:
        name = period_name(kind, year, number)
        first, _ = period_bounds(kind, name)
        if first > end:
            return out
        out.append(name)
        number += 1
        if number > 12 // months:
            year, number = year + 1, 1


def clean_period(kind: str, period: Any) -> str:
    raw = text(period, F_PERIOD, required=True, max_len=20).upper()
    if kind == RENEWAL:
        return iso_date(raw, F_PERIOD)
    if not _PERIOD_RE[kind].match(raw):
        raise ValidationError(
            F_PERIOD.key,
            f"“{F_PERIOD.zh}”格式不正确：{raw}。{vocab.REPORT_FREQUENCIES[kind][0]}应写作 "
            f"{_PERIOD_EXAMPLE[kind]} 这样的形式。",
            f"{F_PERIOD.en} is malformed: {raw}. A {kind} report's period looks like "
            f"{_PERIOD_EXAMPLE[kind]}.",
        )
    return raw


def record(
    store: Store,
    permit_id: str,
    kind: str,
    period: Any,
    status: str,
    shown_on: Any = None,
    note: str = "",
) -> dict[str, Any]:
    """Record what the enterprise showed for one report (or renewal); replaces an earlier
    record of the same period. Returns the stored row."""
    kind = choice(kind, F_KIND, KINDS)
    period = clean_period(kind, period)
    values = {
        "status": choice(status, F_STATUS, vocab.REPORT_STATUSES),
        "shown_on": iso_date(shown_on, F_SHOWN, required=False),
        "note": text(note, F_NOTE, max_len=500),
        "due_on": due_date(kind, period).isoformat(),
    }
    with store.transaction():
        if store.query_one("SELECT id FROM permits WHERE id = ?", (permit_id,)) is None:
            raise NotFoundError("找不到该排污许可证。", "No such permit on file.")
        current = store.query_one(
            "SELECT id FROM permit_reports WHERE permit_id = ? AND kind = ? AND period = ?",
            (permit_id, kind, period),
        )
        if current:
            return store.update("permit_reports", current["id"], values)
        return store.insert(
            "permit_reports",
            {
                **values,
                "permit_id": permit_id,
                "kind": kind,
                "period": period,
                "id": permits.stable_id("report", permit_id, kind, period),
            },
        )


SHOWN = ("on_time", "late")  # statuses that take a report off the due list


def due(
    store: Store,
    *,
    today: date | None = None,
    within: int = 60,
    enterprise_id: str | None = None,
    include_shown: bool = False,
) -> list[dict[str, Any]]:
    """What falls due within ``within`` days of ``today``, or is overdue, and was not shown.

    Permits in force only (not 注销, 撤销 or entered in error). Reports: each period of the
    permit's frequencies that ends after the permit was issued, is due by
    ``today + within`` and not more than :data:`LOOKBACK_DAYS` ago, and has no record of
    being submitted (one recorded as missing stays listed). Renewal: when the permit
    expires within ``within + RENEWAL_LEAD_DAYS`` days (or has expired) and no renewal
    application was recorded as shown. ``include_shown``: the periods recorded as
    submitted too (state ``shown``), so a recorded answer can be seen and corrected.
    Sorted by due date.

    Keys: enterprise_id, enterprise, permit_id, permit_no, kind, kind_label, period,
    period_label, due_on, days_left (negative: overdue), state (due / overdue / missing /
    expired / shown), state_label, valid_until, and what was recorded: status (null when
    nothing was), status_label, shown_on, note.
    """
    today = today or date.today()
    horizon = today + timedelta(days=within)
    sql = (
        "SELECT p.*, e.name AS enterprise FROM permits p "
        "JOIN enterprises e ON e.id = p.enterprise_id WHERE p.status = 'in_force'"
    )
    params: list[Any] = []
    if enterprise_id:
        sql += " AND p.enterprise_id = ?"
        params.append(enterprise_id)
    listed = (None, "missing", *SHOWN) if include_shown else (None, "missing")
    out: list[dict[str, Any]] = []
    for permit in store.query(sql, params):
        shown = {
            (r["kind"], r["period"]): r
            for r in store.query(
                "SELECT kind, period, status, shown_on, note FROM permit_reports "
                "WHERE permit_id = ?",
                (permit["id"],),
            )
        }
        issued = date.fromisoformat(permit["issued_on"])
        valid = date.fromisoformat(permit["valid_until"])
        for kind in json.loads(permit["report_frequencies"] or "[]"):
            for period in periods(kind, issued, min(valid, horizon)):
                due_on = due_date(kind, period)
                recorded = shown.get((kind, period))
                if (
                    due_on > horizon
                    or (today - due_on).days > LOOKBACK_DAYS
                    or (recorded and recorded["status"]) not in listed
                ):
                    continue
                out.append(_entry(permit, kind, period, due_on, today, recorded))
        renewal_due = valid - timedelta(days=RENEWAL_LEAD_DAYS)
        recorded = shown.get((RENEWAL, permit["valid_until"]))
        if renewal_due <= horizon and (recorded and recorded["status"]) in listed:
            entry = _entry(permit, RENEWAL, permit["valid_until"], renewal_due, today, recorded)
            if valid < today and entry["state"] != "shown":
                entry["state"] = "expired"
            out.append(entry)
    for entry in out:
        entry["state_label"] = i18n.pick(*STATES[entry["state"]])
    out.sort(key=lambda e: (e["due_on"], e["enterprise"], e["kind"]))
    return out


STATES = {
    "due": ("待提交", "Falls due"),
    "overdue": ("已逾期", "Overdue"),
    "missing": ("核查未提交", "Missing (checked)"),
    "expired": ("许可证已过期", "Permit expired"),
    "shown": ("已提交", "Submitted"),
}


def _entry(
    permit: dict[str, Any],
    kind: str,
    period: str,
    due_on: date,
    today: date,
    recorded: dict[str, Any] | None,
) -> dict[str, Any]:
    days_left = (due_on - today).days
    status = recorded["status"] if recorded else None
    if status in SHOWN:
        state = "shown"
    elif status == "missing":
        state = "missing"
    else:
        state = "overdue" if days_left < 0 else "due"
    return {
        "status": status,
        "status_label": vocab.label(vocab.REPORT_STATUSES, status) if status else "",
        "shown_on": recorded["shown_on"] if recorded else None,
        "note": recorded["note"] if recorded else "",
        "enterprise_id": permit["enterprise_id"],
        "enterprise": permit["enterprise"],
        "permit_id": permit["id"],
        "permit_no": permit["permit_no"],
        "kind": kind,
        "kind_label": i18n.pick(*KINDS[kind]),
        "period": period,
        "period_label": period_label(kind, period),
        "due_on": due_on.isoformat(),
        "days_left": days_left,
        "state": state,
        "valid_until": permit["valid_until"],
    }
