"""双随机一公开: draw enterprises and officers at random, keep the plan, publish results.

A draw picks, for one period, a quota of each supervision class (重点/特殊/一般) from
the enterprise register and at least two officers per task from the available officers
(the second 库), never one officer twice on a task and never more tasks a year per
officer than the province's ratio allows. The draw is reproducible: the same database
state, seed and quotas give the same tasks, because candidates are read in a fixed order
and every choice comes from ``random.Random`` seeded with the period and the seed. The
seed, the quotas and a digest of both candidate lists are stored with the draw (and so
in the audit log). See docs/inspection-rules.md.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import re
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from envhelp import i18n
from envhelp.domain import officers as officer_service
from envhelp.domain import settings, visits, vocab
from envhelp.domain.fields import Field, text
from envhelp.errors import NotFoundError, ValidationError
from envhelp.storage import Store
from envhelp.storage.database import canonical_json

F_PERIOD = Field("period", "抽查期间", "Period")
F_QUOTA = Field("quota", "抽查比例", "Quota")
F_OFFICERS_PER_TASK = Field("officers_per_task", "每项任务执法人员数", "Officers per task")
F_SEED = Field("seed", "随机种子", "Seed")
F_REASON = Field("replace_reason", "重新抽取的原因", "Reason for the redraw")
F_OFFICERS = Field("officers", "可抽取的执法人员", "Available officers")

# An example province's quotas per quarter (Chizhou): ≥ 25 % of key, 15 % of special,
# 5 % of general units. ``--quota`` overrides any of them.
DEFAULT_QUOTAS: dict[str, Fraction] = {
    "key": Fraction(25),
    "special": Fraction(15),
    "general": Fraction(5),
}
MIN_OFFICERS_PER_TASK = 2
MAX_SEED = 2**63 - 1
PERIOD_RE = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?$", re.IGNORECASE)


def period_bounds(period: str) -> tuple[str, str]:
    """First and last day (ISO) of ``2026-Q1``, ``2026-H1``, ``2026-03`` or ``2026``."""
    match = PERIOD_RE.match((period or "").strip())
    if match:
        year, part = int(match[1]), (match[2] or "").upper()
        first_month, months = 1, 12
        if part.startswith("Q"):
            first_month, months = 3 * int(part[1]) - 2, 3
        elif part.startswith("H"):
            first_month, months = 6 * int(part[1]) - 5, 6
        elif part:
            first_month, months = int(part), 1
        if 1 <= first_month <= 12 and 2000 <= year <= 2100:
            start = date(year, first_month, 1)
            after = date(
                year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1
            )
            return start.isoformat(), (after - timedelta(days=1)).isoformat()
    raise ValidationError(
        F_PERIOD.key,
        f"抽查期间“{period}”无效，请写成 2026-Q1（季度）、2026-H1（半年）、2026-03（月）或 2026（年）。",
        f"Period “{period}” is not valid; write 2026-Q1 (quarter), 2026-H1 (half year), "
        "2026-03 (month) or 2026 (year).",
    )


def normal_period(period: str) -> str:
    period_bounds(period)
    return period.strip().upper()


def parse_quotas(value: str | dict[str, Any] | None) -> dict[str, Fraction]:
    """Quotas in percent per class, from ``重点=25%,特殊=15%,一般=5%`` (codes or labels,
    the % sign optional); classes not named keep :data:`DEFAULT_QUOTAS`."""
    quotas = dict(DEFAULT_QUOTAS)
    if not value:
        return quotas
    pairs = (
        value.items()
        if isinstance(value, dict)
        else (
            part.split("=", 1) if "=" in part else (part, "")
            for part in re.split(r"[,，;；]", value)
            if part.strip()
        )
    )
    for name, amount in pairs:
        code = vocab.code_for(vocab.SUPERVISION_CLASSES, str(name))
        raw = str(amount).strip().rstrip("%％").strip()
        try:
            percent = Fraction(raw)
        except (ValueError, ZeroDivisionError):
            percent = None
        if code is None or percent is None or not 0 <= percent <= 100:
            raise ValidationError(
                F_QUOTA.key,
                f"抽查比例“{name}={amount}”无效：类别应为 重点、特殊 或 一般，比例为 0–100%，"
                "例如 重点=25%,特殊=15%,一般=5%。",
                f"Quota “{name}={amount}” is not valid: the class is 重点 (key), 特殊 (special) "
                "or 一般 (general) and the share 0–100 %, e.g. 重点=25%,特殊=15%,一般=5%.",
            )
        quotas[code] = percent
    return quotas


def quotas_text(quotas: dict[str, Any]) -> str:
    """``重点 25%、特殊 15%、一般 5%`` in the current language."""
    return i18n.pick("、", ", ").join(
        f"{vocab.label(vocab.SUPERVISION_CLASSES, code)} {_percent(quotas[code])}%"
        for code in vocab.SUPERVISION_CLASSES
        if code in quotas
    )


def _percent(value: Any) -> str:
    number = Fraction(str(value))
    return str(number.numerator) if number.denominator == 1 else f"{float(number):g}"


def digest(rows: list[Any]) -> str:
    """SHA-256 of a candidate list, so anyone can tell the draw saw the same lists."""
    return hashlib.sha256(canonical_json(rows).encode("utf-8")).hexdigest()


def select(
    period: str,
    seed: int,
    quotas: dict[str, Fraction],
    enterprises: list[tuple[str, str]],
    officers: list[str],
    load: dict[str, int],
    officers_per_task: int,
    per_officer_a_year: int,
) -> list[dict[str, Any]]:
    """The tasks of a draw: pure, so the same inputs always give the same tasks.

    ``enterprises`` are (id, class) in id order, ``officers`` ids in id order, ``load``
    the random tasks each officer already has this year."""
    rng = random.Random(f"envhelp-random-draw:{period}:{seed}")
    load = dict(load)
    tasks: list[dict[str, Any]] = []
    for code in vocab.SUPERVISION_CLASSES:
        pool = [eid for eid, cls in enterprises if cls == code]
        wanted = math.ceil(len(pool) * quotas[code] / 100)  # rounding up, as the rules say
        for enterprise_id in rng.sample(pool, wanted):
            eligible = [o for o in officers if load.get(o, 0) < per_officer_a_year]
            if len(eligible) < officers_per_task:
                raise ValidationError(
                    settings.RANDOM_OFFICER_RATIO,
                    f"可抽取的执法人员不足：按每名执法人员每年最多 {per_officer_a_year} 项任务，"
                    f"第 {len(tasks) + 1} 项任务只剩 {len(eligible)} 人可派（需 {officers_per_task} 人）。"
                    "请降低抽查比例、增加执法人员，或调整设置 random_officer_ratio。",
                    f"Not enough officers: at most {per_officer_a_year} random tasks a year each "
                    f"leaves {len(eligible)} for task {len(tasks) + 1} ({officers_per_task} "
                    "needed). Lower the quotas, add officers, or change the setting "
                    "random_officer_ratio.",
                )
            chosen = rng.sample(eligible, officers_per_task)  # distinct: nobody twice
            for officer_id in chosen:
                load[officer_id] = load.get(officer_id, 0) + 1
            tasks.append(
                {"enterprise_id": enterprise_id, "supervision_class": code, "officer_ids": chosen}
            )
    return tasks


def active_draw(store: Store, period: str) -> dict[str, Any] | None:
    return store.query_one(
        "SELECT * FROM random_draws WHERE period = ? AND status = 'active'", (period,)
    )


def _yearly_load(store: Store, year: str, leave_out: str | None) -> dict[str, int]:
    load: dict[str, int] = {}
    rows = store.query(
        "SELECT t.officer_ids FROM random_tasks t JOIN random_draws d ON d.id = t.draw_id "
        "WHERE d.status = 'active' AND substr(d.period, 1, 4) = ? AND d.id IS NOT ?",
        (year, leave_out),
    )
    for row in rows:
        for officer_id in json.loads(row["officer_ids"]):
            load[officer_id] = load.get(officer_id, 0) + 1
    return load


def draw(
    store: Store,
    period: str,
    *,
    seed: int | None = None,
    quotas: str | dict[str, Any] | None = None,
    officers_per_task: int = MIN_OFFICERS_PER_TASK,
    include_positive: bool = False,
    replace_reason: str | None = None,
) -> dict[str, Any]:
    """Draw the period's tasks and save them as its plan; returns :func:`get_draw`.

    A period already drawn is refused unless ``replace_reason`` says why it is drawn
    again (the old plan is kept, marked replaced). Nothing is written on any error."""
    period = normal_period(period)
    start, end = period_bounds(period)
    shares = parse_quotas(quotas)
    if not isinstance(officers_per_task, int) or officers_per_task < MIN_OFFICERS_PER_TASK:
        raise ValidationError(
            F_OFFICERS_PER_TASK.key,
            f"每项任务至少派 {MIN_OFFICERS_PER_TASK} 名执法人员，不能是 {officers_per_task}。",
            f"Each task needs at least {MIN_OFFICERS_PER_TASK} officers, not {officers_per_task}.",
        )
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10**9)
    if not 0 <= seed <= MAX_SEED:
        raise ValidationError(
            F_SEED.key,
            f"随机种子应为 0 到 {MAX_SEED} 的整数。",
            f"The seed must be a whole number from 0 to {MAX_SEED}.",
        )
    reason = text(replace_reason, F_REASON, max_len=500)
    with store.transaction():
        previous = active_draw(store, period)
        if previous is not None and not reason:
            raise ValidationError(
                F_PERIOD.key,
                f"{period} 已经抽取过（{previous['created_at'][:10]}）。如确需重新抽取，"
                "请使用 --replace 并用 --reason 说明原因（原抽取结果会保留并标为已作废）。",
                f"{period} was drawn already ({previous['created_at'][:10]}). To draw it again "
                "use --replace with --reason saying why (the earlier draw is kept, marked "
                "replaced).",
            )
        where = "" if include_positive else " WHERE positive_list = 0"
        candidates = [
            (r["id"], r["supervision_class"])
            for r in store.query(
                f"SELECT id, supervision_class FROM enterprises{where} ORDER BY id"
            )
        ]
        available = [o["id"] for o in officer_service.available(store, start, end)]
        if len(available) < max(officers_per_task, MIN_OFFICERS_PER_TASK):
            raise ValidationError(
                F_OFFICERS.key,
                f"{period} 可抽取的执法人员只有 {len(available)} 名（在岗且不在不可抽取期间），"
                f"每项任务需 {officers_per_task} 名。请添加执法人员或调整其不可抽取期间。",
                f"Only {len(available)} officer(s) can be drawn for {period} (active and not "
                f"marked unavailable); each task needs {officers_per_task}. Add officers or "
                "change their unavailable periods.",
            )
        ratio = settings.get(store, settings.RANDOM_OFFICER_RATIO)
        load = _yearly_load(store, period[:4], previous["id"] if previous else None)
        tasks = select(period, seed, shares, candidates, available, load, officers_per_task, ratio)
        if previous is not None:
            store.update("random_draws", previous["id"], {"status": "replaced"})
        stored = store.insert(
            "random_draws",
            {
                "period": period,
                "seed": seed,
                "quotas": canonical_json({k: _percent(v) for k, v in shares.items()}),
                "officers_per_task": officers_per_task,
                "include_positive": int(include_positive),
                "enterprises_digest": digest([list(c) for c in candidates]),
                "officers_digest": digest(available),
                "replace_reason": reason,
            },
        )
        for position, task in enumerate(tasks, start=1):
            store.insert(
                "random_tasks",
                {
                    "draw_id": stored["id"],
                    "position": position,
                    "enterprise_id": task["enterprise_id"],
                    "supervision_class": task["supervision_class"],
                    "officer_ids": json.dumps(task["officer_ids"]),
                },
            )
        return get_draw(store, stored["id"])


def get_draw(store: Store, draw_id: str) -> dict[str, Any]:
    """A draw with its settings decoded and its tasks (see :func:`tasks_of`)."""
    row = store.get("random_draws", draw_id)
    return {
        **row,
        "quotas": json.loads(row["quotas"]),
        "include_positive": bool(row["include_positive"]),
        "tasks": tasks_of(store, draw_id),
    }


def list_draws(store: Store, period: str | None = None) -> list[dict[str, Any]]:
    """The plans in force (one per period), newest period first."""
    sql = "SELECT id FROM random_draws WHERE status = 'active'"
    params: list[Any] = []
    if period:
        sql += " AND period = ?"
        params.append(normal_period(period))
    return [get_draw(store, r["id"]) for r in store.query(sql + " ORDER BY period DESC", params)]


def tasks_of(store: Store, draw_id: str) -> list[dict[str, Any]]:
    """A draw's tasks in order: enterprise, class, officers (ids and names), visit state."""
    rows = store.query(
        "SELECT t.*, e.name AS enterprise_name, e.uscc, v.date AS visit_date, "
        "v.status AS visit_status FROM random_tasks t "
        "JOIN enterprises e ON e.id = t.enterprise_id "
        "LEFT JOIN visits v ON v.id = t.visit_id WHERE t.draw_id = ? ORDER BY t.position",
        (draw_id,),
    )
    names = {o["id"]: o["name"] for o in store.query("SELECT id, name FROM officers")}
    out = []
    for row in rows:
        officer_ids = json.loads(row["officer_ids"])
        out.append(
            {
                **row,
                "officer_ids": officer_ids,
                "officer_names": [names.get(o, "") for o in officer_ids],
            }
        )
    return out


def get_task(store: Store, task_id: str) -> dict[str, Any]:
    row = store.get("random_tasks", task_id)
    return next(t for t in tasks_of(store, row["draw_id"]) if t["id"] == task_id)


def start_visit(
    store: Store, task_id: str, visit_date: str | date, *, cap_reason: str = ""
) -> dict[str, Any]:
    """Start the task's on-site inspection: a draft visit with the task's enterprise and
    officers, task source 双随机; the task then points to it."""
    with store.transaction():
        task = get_task(store, task_id)
        if task["visit_id"]:
            raise ValidationError(
                "task",
                f"该任务已开始检查（{task['visit_date']}），请在走访记录中继续。",
                f"This task's inspection was started already ({task['visit_date']}); "
                "continue it in the visits list.",
            )
        visit = visits.create(
            store,
            {
                "enterprise_id": task["enterprise_id"],
                "officer_ids": task["officer_ids"],
                "date": visit_date,
                "type": "inspection",
                "task_source": "random",
                "inspection_kind": "routine",
                "cap_reason": cap_reason,
            },
        )
        store.update("random_tasks", task_id, {"visit_id": visit["id"]})
        return visit


def find_task_by_number(store: Store, period: str, number: int) -> dict[str, Any]:
    """Task ``number`` (1-based, as printed) of the period's plan."""
    current = active_draw(store, normal_period(period))
    if current is not None:
        for task in tasks_of(store, current["id"]):
            if task["position"] == number:
                return task
    raise NotFoundError(
        f"{period} 的抽查计划中没有第 {number} 项任务。",
        f"The plan for {period} has no task {number}.",
    )


RESULT_WORDS = {
    "pending": ("尚未检查", "Not inspected yet"),
    "draft": ("检查中", "Inspection in progress"),
    "clean": ("未发现问题", "No problems found"),
}


def public_results(store: Store, period: str) -> list[dict[str, Any]]:
    """The 公开 list of the period's plan: what may be published and nothing internal.

    Each row: number, enterprise, uscc, date (ISO or ""), officers (names), result
    (plain words), problems and rectification (one line per problem, numbered)."""
    current = active_draw(store, normal_period(period))
    if current is None:
        raise NotFoundError(f"{period} 还没有抽查计划。", f"There is no plan for {period} yet.")
    rows = []
    for task in tasks_of(store, current["id"]):
        problems = []
        if task["visit_status"] == "final":
            problems = store.query(
                "SELECT description, status FROM problems WHERE visit_id = ? "
                "AND status != 'cancelled' ORDER BY found_on, created_at, id",
                (task["visit_id"],),
            )
        if task["visit_status"] is None:
            result = i18n.pick(*RESULT_WORDS["pending"])
        elif task["visit_status"] != "final":
            result = i18n.pick(*RESULT_WORDS["draft"])
        elif not problems:
            result = i18n.pick(*RESULT_WORDS["clean"])
        else:
            result = i18n.pick(f"发现问题 {len(problems)} 项", f"{len(problems)} problem(s) found")
        rows.append(
            {
                "number": task["position"],
                "enterprise": task["enterprise_name"],
                "uscc": task["uscc"] or "",
                "date": task["visit_date"] or "",
                "officers": i18n.pick("、", ", ").join(task["officer_names"]),
                "result": result,
                "problems": "\n".join(
                    f"{i}. {p['description']}" for i, p in enumerate(problems, 1)
                ),
                "rectification": "\n".join(
                    f"{i}. {vocab.label(vocab.PROBLEM_STATUSES, p['status'])}"
                    for i, p in enumerate(problems, 1)
                ),
            }
        )
    return rows
