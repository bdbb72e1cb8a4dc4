"""Visit planning: which enterprises most need a visit, and why.

Each enterprise gets a need score from these facts, all read by one SQL query:

- overdue problems (open or rectifying, past the deadline) — :attr:`Weights.overdue` each;
- major (重大) problems still open or rectifying — :attr:`Weights.major_open` each;
- whole months since its last **final** visit (drafts do not count, as in the
  monthly summary), capped at :attr:`Weights.max_months`; never visited counts
  as the cap — :attr:`Weights.per_month` each;
- hazardous-waste producer (at least one HW category recorded) — :attr:`Weights.hw_producer`;
- its discharge permit on file has expired — :attr:`Weights.expired_permit`;
- 执行报告 recorded as missing (docs/permits.md) — :attr:`Weights.missing_report` each;
  both only while the permit is in force (not 注销, 撤销 or entered in error).

Only enterprises with at least one reason to be listed (an overdue or major
open problem, no final visit for :attr:`Weights.stale_months` months or never,
hazardous waste, an expired permit or a missing report) are ranked. Ties go by name. Every row says why it ranks
there, in both languages (e.g. “2 个逾期问题；1 个重大问题未整改；已 7 个月未走访；危废产生单位”).
Qt-free; the dashboard shows :func:`rank`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from envhelp import i18n
from envhelp.domain import figures
from envhelp.storage import Store


@dataclass(frozen=True)
class Weights:
    """Points per reason; change them here (or pass your own) to tune the ranking."""

    overdue: int = 10
    major_open: int = 6
    per_month: int = 1
    max_months: int = 24
    hw_producer: int = 5
    stale_months: int = 6  # from this many months without a final visit, it is a reason
    expired_permit: int = 10
    missing_report: int = 4


DEFAULT_WEIGHTS = Weights()

# Per enterprise: overdue and major open problems, last final visit, whole months since.
# MATERIALIZED: computed once per enterprise (inlined, each sub-query ran once per use of
# its column); ``+p.status`` keeps the per-enterprise index instead of a scan of every
# overdue problem. 5,000 enterprises / 150,000 problems: 98 s → 0.25 s (bench/README.md).
# :today is an ISO date; months count like a calendar (3 Jan → 2 Mar is 1 month).
_FACTS_SQL = f"""
    SELECT e.id AS enterprise_id, e.name AS name, e.town AS town,
        (e.hw_categories NOT IN ('', '[]')) AS hw_producer,
        (SELECT count(*) FROM problems p WHERE p.enterprise_id = e.id
            AND +p.status IN ('open', 'rectifying') AND p.deadline < :today) AS overdue,
        (SELECT count(*) FROM problems p WHERE p.enterprise_id = e.id
            AND p.status IN ('open', 'rectifying') AND p.severity = 'major') AS major_open,
        (SELECT max(v.date) FROM visits v WHERE v.enterprise_id = e.id
            AND {figures.final_visit("v")} AND v.date <= :today) AS last_visit,
        (SELECT count(*) FROM permits pm WHERE pm.enterprise_id = e.id
            AND pm.status = 'in_force' AND pm.valid_until < :today) AS expired_permit,
        (SELECT count(*) FROM permit_reports r JOIN permits pm ON pm.id = r.permit_id
            WHERE pm.enterprise_id = e.id AND pm.status = 'in_force'
            AND r.status = 'missing') AS missing_reports
    FROM enterprises e
"""
_MONTHS_SQL = """
    CASE WHEN f.last_visit IS NULL THEN NULL ELSE
        (CAST(substr(:today, 1, 4) AS INTEGER) * 12 + CAST(substr(:today, 6, 2) AS INTEGER))
        - (CAST(substr(f.last_visit, 1, 4) AS INTEGER) * 12
           + CAST(substr(f.last_visit, 6, 2) AS INTEGER))
        - (substr(:today, 9, 2) < substr(f.last_visit, 9, 2))
    END
"""


def _ranked_sql(weights: Weights) -> str:
    return f"""
        WITH f AS MATERIALIZED ({_FACTS_SQL}),
        m AS (SELECT f.*, {_MONTHS_SQL} AS months_since_visit FROM f)
        SELECT m.*,
            m.overdue * :w_overdue + m.major_open * :w_major
            + min(coalesce(m.months_since_visit, :max_months), :max_months) * :w_month
            + m.hw_producer * :w_hw + m.expired_permit * :w_expired
            + m.missing_reports * :w_missing AS score
        FROM m
        WHERE m.overdue > 0 OR m.major_open > 0 OR m.hw_producer
            OR m.expired_permit > 0 OR m.missing_reports > 0
            OR m.months_since_visit IS NULL OR m.months_since_visit >= :stale
    """


def _params(today: date | None, weights: Weights) -> dict[str, Any]:
    return {
        "today": (today or date.today()).isoformat(),
        "w_overdue": weights.overdue,
        "w_major": weights.major_open,
        "w_month": weights.per_month,
        "max_months": weights.max_months,
        "w_hw": weights.hw_producer,
        "stale": weights.stale_months,
        "w_expired": weights.expired_permit,
        "w_missing": weights.missing_report,
    }


def reasons(row: dict[str, Any], weights: Weights = DEFAULT_WEIGHTS) -> list[tuple[str, str]]:
    """Why an enterprise ranks where it does: (zh, en) pairs, most pressing first."""
    out: list[tuple[str, str]] = []
    if row["overdue"]:
        n = row["overdue"]
        out.append((f"{n} 个逾期问题", f"{n} overdue problem{'s' if n > 1 else ''}"))
    if row["major_open"]:
        n = row["major_open"]
        out.append(
            (f"{n} 个重大问题未整改", f"{n} major problem{'s' if n > 1 else ''} not yet fixed")
        )
    months = row["months_since_visit"]
    if months is None:
        out.append(("从未走访", "Never visited"))
    elif months >= weights.stale_months:
        out.append((f"已 {months} 个月未走访", f"Not visited for {months} months"))
    if row.get("expired_permit"):
        out.append(("排污许可证已过期", "Discharge permit expired"))
    if row.get("missing_reports"):
        n = row["missing_reports"]
        out.append((f"{n} 份执行报告未提交", f"{n} execution report{'s' if n > 1 else ''} missing"))
    if row["hw_producer"]:
        out.append(("危废产生单位", "Produces hazardous waste"))
    return out


def rank(
    store: Store,
    *,
    today: date | None = None,
    limit: int | None = 20,
    offset: int = 0,
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[dict[str, Any]]:
    """Enterprises most in need of a visit, highest score first (one page of them).

    Keys: enterprise_id, name, town, overdue, major_open, last_visit (ISO date or
    None), months_since_visit (None: never visited), hw_producer (bool), expired_permit
    (0/1), missing_reports, score,
    reasons_zh / reasons_en (lists) and reason (joined, current language).
    """
    sql = _ranked_sql(weights) + " ORDER BY score DESC, m.name, m.enterprise_id"
    params = _params(today, weights)
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    rows = store.query(sql, params)
    for row in rows:
        row["hw_producer"] = bool(row["hw_producer"])
        why = reasons(row, weights)
        row["reasons_zh"] = [zh for zh, _ in why]
        row["reasons_en"] = [en for _, en in why]
        row["reason"] = i18n.pick("；".join(row["reasons_zh"]), "; ".join(row["reasons_en"]))
    return rows


def count(store: Store, *, today: date | None = None, weights: Weights = DEFAULT_WEIGHTS) -> int:
    """How many enterprises have at least one reason to be visited."""
    return store.scalar(f"SELECT count(*) FROM ({_ranked_sql(weights)})", _params(today, weights))


def weights_dict(weights: Weights = DEFAULT_WEIGHTS) -> dict[str, int]:
    """The weights as a plain dict (for a tooltip or a report)."""
    return asdict(weights)
