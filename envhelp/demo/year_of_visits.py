"""The demo district's year of work: the visits month by month, their checklists and
problems, the scored assessments, the follow-ups (回头看) and the 双随机 draw of the last
quarter, each made through the same core services an officer's actions use.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from envhelp.domain import check_answers, followups, ledger, problems, visits, vocab
from envhelp.storage import Store
from envhelp.storage.clock import seeded_ids

if TYPE_CHECKING:
    from envhelp.demo import DemoSummary

POSTS = ["总经理", "安全环保部经理", "环保专员", "生产厂长", "设备主管"]
PLACES = ["危废贮存库", "生产车间及危废贮存库", "危废暂存间", "污水处理站及危废贮存库"]
GB18597_TEMPLATE = "gb18597-2023-storage"

GUIDANCE = [
    "讲解危险废物贮存设施建设要求，指导企业规范设置贮存分区和标志。",
    "指导企业完善危险废物管理台账，按批次记录产生、入库、出库情况。",
    "现场讲解排污许可证执行报告填报要求，提醒按期提交。",
    "指导企业编制年度危险废物管理计划并在信息系统备案。",
    "对照 GB 18597-2023 逐项检查贮存库，现场提出整改建议。",
    "宣讲固废法关于危险废物转移电子联单的规定。",
]


def _month_starts(end: date, months: int = 12) -> list[date]:
    starts = []
    y, m = end.year, end.month
    for _ in range(months):
        starts.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return sorted(starts)


def needs_follow_up(
    store: Store, rng: random.Random, day: date, by_id: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """An enterprise whose problems are due for verification by ``day`` (回头看 targets)."""
    rows = store.query(
        "SELECT DISTINCT enterprise_id FROM problems WHERE status IN ('open', 'rectifying') "
        "AND found_on < ? AND deadline <= ? ORDER BY enterprise_id",
        (day.isoformat(), (day + timedelta(days=7)).isoformat()),
    )
    return by_id[rng.choice(rows)["enterprise_id"]] if rows else None


def review_documents(
    store: Store, rng: random.Random, officer_rows: list[dict[str, Any]], end: date
) -> None:
    """Rectifications proven by photos or documents, as most are in practice.

    Most promises past due are closed a few days later; most problems long past
    their deadline were verified from documents, leaving a realistic few overdue.
    """
    for problem in store.query(
        "SELECT * FROM problems WHERE status IN ('open', 'rectifying') "
        "AND coalesce(promised_on, deadline) < ? ORDER BY id",
        ((end - timedelta(days=5)).isoformat(),),
    ):
        if rng.random() < 0.8:
            due = date.fromisoformat(problem["promised_on"] or problem["deadline"])
            ledger.close(
                store,
                problem["id"],
                verified_on=max(
                    min(due + timedelta(days=rng.randint(-3, 4)), end),
                    date.fromisoformat(problem["found_on"]),
                ).isoformat(),
                officer_id=rng.choice(officer_rows)["id"],
                method=rng.choice(["document_review", "photo_evidence"]),
                note="企业报送整改材料和照片，经审核整改到位",
                today=end,
            )


def visit_plan(
    rng: random.Random, ents: list[dict[str, Any]], end: date
) -> list[tuple[date, dict[str, Any], str]]:
    """Dates, enterprises and types of a year of visits, in date order."""
    plan: list[tuple[date, dict[str, Any], str]] = []
    for start in _month_starts(end):
        next_month = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        last_day = min(next_month - timedelta(days=1), end)
        for _ in range(rng.randint(4, 7)):
            day = start + timedelta(days=rng.randint(0, (last_day - start).days))
            kind = rng.choices(
                ["inspection", "law_publicity", "stationed", "follow_up"], weights=[5, 3, 2, 4]
            )[0]
            plan.append((day, rng.choice(ents), kind))
    plan.sort(key=lambda p: p[0])
    return plan


def make_visit(
    store: Store,
    rng: random.Random,
    enterprise: dict[str, Any],
    visit_type: str,
    visit_date: date,
    officer_rows: list[dict[str, Any]],
    end: date,
    summary: DemoSummary,
    assessment_ids: random.Random,
    rules_rng: random.Random,
) -> dict[str, Any]:
    # Officers go in twos (as inspections and follow-ups must; publicity visits too, as bureaus do).
    team = rng.sample(officer_rows, k=2)
    start_hour, start_minute = rng.randint(8, 15), rng.choice([0, 15, 30, 45])
    end_minutes = start_hour * 60 + start_minute + rng.choice((45, 60, 90, 120))
    why = _why(store, rules_rng, enterprise, visit_type, visit_date)
    visit = visits.create(
        store,
        {
            **why,
            "enterprise_id": enterprise["id"],
            "date": visit_date.isoformat(),
            "time": f"{start_hour:02d}:{start_minute:02d}",
            "end_time": f"{end_minutes // 60:02d}:{end_minutes % 60:02d}",
            "place": f"{enterprise['address']}{rng.choice(PLACES)}",
            "type": visit_type,
            "officer_ids": [o["id"] for o in team],
            "recorder_id": team[-1]["id"],
            "representative": enterprise["contact_person"],
            "representative_post": rng.choice(POSTS),
            "representative_phone": enterprise["contact_phone"],
            "party_answer": "听清楚了，不申请回避。",
            "guidance": rng.choice(GUIDANCE),
            "laws": rng.sample(
                [
                    "《中华人民共和国固体废物污染环境防治法》",
                    "GB 18597-2023《危险废物贮存污染控制标准》",
                    "《排污许可管理条例》",
                    "HJ 1276-2022《危险废物识别标志设置技术规范》",
                ],
                k=rng.randint(1, 3),
            ),
            "satisfaction": rng.choices(["satisfied", "basic", ""], weights=[8, 2, 1])[0],
        },
    )
    if visit_type == "follow_up":
        _follow_up(store, rng, visit, end)
    elif visit_type == "inspection" or rng.random() < 0.3:
        _check_storage(store, rng, visit, team, end)
    elif rng.random() < 0.4:
        _other_problem(store, rng, visit, end)
    if (
        visit_type == "inspection"
        and ASSESSMENT_WINDOW[0] <= (end - visit_date).days <= (ASSESSMENT_WINDOW[1])
    ):
        with seeded_ids(assessment_ids):
            _assess(
                store, visit, ASSESSMENT_PATTERNS[summary.assessments % len(ASSESSMENT_PATTERNS)]
            )
        summary.assessments += 1
    # Visits of the last week stay drafts, as they would on an officer's laptop.
    if (end - visit_date).days > 7:
        visit = visits.finalize(store, visit["id"])
    return visit


# The yearly 危险废物规范化环境管理评估: the inspections 60–150 days before the demo's end
# also score the producing-unit assessment, in turn 达标, 基本达标 and 不达标 (a veto).
ASSESSMENT_TEMPLATE = "hw-assessment-producer"
ASSESSMENT_WINDOW = (60, 150)
ASSESSMENT_PATTERNS: tuple[dict[str, Any], ...] = (
    # 30 of 31 (own facility not applicable): 96.8 % → 达标
    {"HW-PA-17": None, "HW-PA-14": 1},
    # 27 of 33: 81.8 %, below 50/60 → 基本达标
    {"HW-PA-03": 0, "HW-PA-04": 0, "HW-PA-06": 1, "HW-PA-13": 1},
    # 31 of 33, but waste handed to an unlicensed carrier (veto) → 不达标
    {"HW-PA-10": 0},
)


def _assess(store: Store, visit: dict[str, Any], pattern: dict[str, Any]) -> None:
    """Score the producing-unit assessment: full points except ``pattern`` (code → points,
    None for not applicable)."""
    check = check_answers.start_check(store, visit["id"], ASSESSMENT_TEMPLATE)
    for row in check_answers.results(store, check["id"]):
        if row["code"] not in pattern:
            check_answers.set_result(store, row["result_id"], "compliant")
        elif pattern[row["code"]] is None:
            check_answers.set_result(
                store, row["result_id"], "not_applicable", "本单位无自建利用处置设施"
            )
        else:
            check_answers.set_points(store, row["result_id"], pattern[row["code"]])


SOURCE_WEIGHTS = {
    "routine": 6,
    "complaint": 2,
    "assigned": 1,
    "monitoring_alert": 1,
    "enterprise_request": 1,
    "campaign": 1,
}


def _why(
    store: Store, rng: random.Random, enterprise: dict[str, Any], visit_type: str, day: date
) -> dict[str, str]:
    """Task source and kind of a demo visit; over the yearly cap it names an exempt source
    or, now and then, records the reason an officer would give."""
    from envhelp.domain import inspection_rules

    source = (
        "follow_up"
        if visit_type == "follow_up"
        else rng.choices(list(SOURCE_WEIGHTS), weights=list(SOURCE_WEIGHTS.values()))[0]
    )
    why = {
        "task_source": source,
        "inspection_kind": "special" if source == "campaign" else "routine",
    }
    probe = {"enterprise_id": enterprise["id"], "date": day.isoformat(), "type": visit_type, **why}
    if inspection_rules.cap_warning(store, probe):
        if rng.random() < 0.7:
            why["task_source"] = "complaint"
        else:
            why["cap_reason"] = "群众反映问题较多，经分管领导批准增加一次检查"
    return why


def random_quarter(store: Store, rng: random.Random, seed: int, end: date) -> None:
    """The 双随机 draw of ``end``'s quarter, with the visits of its first tasks done."""
    from envhelp.domain import inspection_rules, random_checks

    period = f"{end.year}-Q{(end.month - 1) // 3 + 1}"
    # The visits fall in ``end``'s own month, so earlier months keep the figures they had.
    start = max(date.fromisoformat(random_checks.period_bounds(period)[0]), end.replace(day=1))
    draw = random_checks.draw(store, period, seed=seed * 1000 + 17)
    for task in draw["tasks"][: max(1, len(draw["tasks"]) * 2 // 3)]:
        day = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
        probe = {
            "enterprise_id": task["enterprise_id"],
            "date": day.isoformat(),
            "type": "inspection",
            "task_source": "random",
            "inspection_kind": "routine",
        }
        reason = "双随机抽中，按抽查计划实施" if inspection_rules.cap_warning(store, probe) else ""
        visit = random_checks.start_visit(store, task["id"], day, cap_reason=reason)
        _check_storage(store, rng, visit, [], end)
        if (end - day).days > 7:
            visits.finalize(store, visit["id"])


OTHER_PROBLEMS = [
    (
        "air",
        "废气收集设施未正常运行，车间无组织排放明显",
        "立即恢复收集设施运行并做好运行记录",
        "《中华人民共和国大气污染防治法》第四十八条",
    ),
    (
        "water",
        "雨污分流不彻底，雨水排口有积存废水",
        "完善雨污分流，清理雨水管网",
        "《中华人民共和国水污染防治法》第三十九条",
    ),
    (
        "permit",
        "排污许可证执行报告未按期提交",
        "登录全国排污许可证管理信息平台补报执行报告",
        "《排污许可管理条例》第二十二条",
    ),
    (
        "solid_waste",
        "一般工业固废贮存场所未设置标志牌",
        "按规范设置一般固废贮存场所标志",
        "《中华人民共和国固体废物污染环境防治法》第三十六条",
    ),
    (
        "emergency",
        "突发环境事件应急预案超过三年未修订",
        "修订应急预案并报送备案",
        "《企业事业单位突发环境事件应急预案备案管理办法》第十二条",
    ),
]


# Storage set-ups of the demo's enterprises (GB 18597-2023 facility types), most common first.
DEMO_FACILITIES = (
    ["warehouse"],
    ["warehouse"],
    ["warehouse"],
    ["point"],
    ["point"],
    ["warehouse", "point"],
    ["warehouse", "tank_farm"],
    ["yard"],
)


def _check_storage(
    store: Store,
    rng: random.Random,
    visit: dict[str, Any],
    team: list[dict[str, Any]],
    end: date,
) -> None:
    """Answer the GB 18597-2023 checklist; non-compliant items become problems.

    An enterprise's first check picks its storage facilities and management class;
    later checks take them over (``start_check``'s default), as an officer's would.
    """
    scope = check_answers.last_scope(store, visit["enterprise_id"], GB18597_TEMPLATE)
    if scope is None:
        scope = {
            "facility_types": rng.choice(DEMO_FACILITIES),
            "management_class": rng.choices(list(vocab.HW_MANAGEMENT_CLASSES), [25, 35, 40])[0],
        }
    check = check_answers.start_check(store, visit["id"], GB18597_TEMPLATE, scope=scope)
    for row in check_answers.results(store, check["id"]):
        if row["result"] == "not_applicable":  # outside the scope: already answered
            continue
        answer = rng.choices(
            ["compliant", "non_compliant", "not_applicable", "not_checked"],
            weights=[84, 7, 7, 2],
        )[0]
        check_answers.set_result(store, row["result_id"], answer)
        if answer == "non_compliant":
            proposal = check_answers.propose_problem(store, row["result_id"], lang="zh")
            # About a third of the problems are minor enough to be fixed on the spot.
            if proposal["severity"] == "minor" and rng.random() < 0.35:
                proposal["handling"] = "on_the_spot"
                proposal["deadline"] = None
            problems.create(store, proposal)
    _advance_problems(store, rng, visit, end)


def _other_problem(store: Store, rng: random.Random, visit: dict[str, Any], end: date) -> None:
    category, description, requirement, basis = rng.choice(OTHER_PROBLEMS)
    found = date.fromisoformat(visit["date"])
    problems.create(
        store,
        {
            "enterprise_id": visit["enterprise_id"],
            "visit_id": visit["id"],
            "found_on": found.isoformat(),
            "category": category,
            "description": description,
            "requirement": requirement,
            "legal_basis": basis,
            "severity": rng.choice(["minor", "minor", "major"]),
            "handling": rng.choice(["deadline", "deadline", "supervised"]),
            "deadline": (found + timedelta(days=rng.choice((15, 30, 60)))).isoformat(),
        },
    )
    _advance_problems(store, rng, visit, end)


def _advance_problems(store: Store, rng: random.Random, visit: dict[str, Any], end: date) -> None:
    """Some of a visit's new problems move on: a plan is promised, or one was an error."""
    for problem in store.query(
        "SELECT * FROM problems WHERE visit_id = ? AND status = 'open'", (visit["id"],)
    ):
        roll = rng.random()
        if roll < 0.35:
            found = date.fromisoformat(problem["found_on"])
            ledger.mark_rectifying(
                store,
                problem["id"],
                plan="企业已制定整改方案，落实责任人和资金，按期完成整改",
                promised_on=min(found + timedelta(days=10), end).isoformat(),
            )
        elif roll < 0.37:
            ledger.cancel(store, problem["id"], "经复核系记录错误（同一问题重复登记）")


def _later_deadline(problem: dict[str, Any], visit_day: date) -> str:
    """An extension: 20 days after the visit or the current deadline, whichever is later."""
    current = date.fromisoformat(problem["deadline"]) if problem["deadline"] else visit_day
    return (max(current, visit_day) + timedelta(days=20)).isoformat()


def _follow_up(store: Store, rng: random.Random, visit: dict[str, Any], end: date) -> None:
    """回头看: verify the enterprise's open problems; most are fixed, some get more time."""
    decisions = []
    visit_day = date.fromisoformat(visit["date"])
    for problem in followups.open_problems_for_followup(store, visit["enterprise_id"]):
        if problem["found_on"] > visit["date"]:
            continue
        roll = rng.random()
        if roll < 0.7:
            decisions.append(
                {"problem_id": problem["id"], "fixed": True, "note": "现场核查，整改已完成"}
            )
        elif roll < 0.85:
            decisions.append(
                {
                    "problem_id": problem["id"],
                    "fixed": False,
                    "partial": True,
                    "note": "已部分整改，剩余工作企业申请延期",
                    "new_deadline": _later_deadline(problem, visit_day),
                }
            )
        else:
            decisions.append(
                {
                    "problem_id": problem["id"],
                    "fixed": False,
                    "note": "整改尚未完成，企业申请延期",
                    "new_deadline": _later_deadline(problem, visit_day),
                }
            )
    if decisions:
        followups.apply_followup(store, visit["id"], decisions, today=end)
