"""A realistic demo district: towns, enterprises, officers, a year of visits and problems.

Everything is drawn from one ``random.Random(seed)`` and goes through the same
core services an officer's actions use (so the demo also exercises the rules).
The same seed and end date give the same database, ids included.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from envhelp.domain import enterprises, officers, uscc, visits
from envhelp.storage import Store

BUREAU = "青岛市生态环境局临港分局"
UNIT = "临港生态环境综合行政执法大队"
RECORD_PREFIX = "临环帮"
REGION_CODE = "370299"  # fictional county-level code inside Qingdao's range

TOWNS = ["东湖街道", "西岭街道", "南港镇", "北山镇", "青石镇", "临河镇", "临港经济开发区"]

# Industry (GB/T 4754 name) → typical hazardous-waste categories and name words.
INDUSTRIES: dict[str, tuple[list[str], list[str]]] = {
    "金属制品业": (["HW17", "HW08", "HW49", "HW34"], ["金属制品", "五金", "精密钣金"]),
    "汽车制造业": (["HW08", "HW12", "HW49", "HW06"], ["汽车零部件", "车桥", "汽配"]),
    "化学原料和化学制品制造业": (["HW11", "HW13", "HW49", "HW50", "HW06"], ["化工", "新材料", "精细化学"]),
    "橡胶和塑料制品业": (["HW08", "HW13", "HW49"], ["橡胶", "塑胶", "高分子"]),
    "计算机、通信和其他电子设备制造业": (["HW22", "HW17", "HW49", "HW34"], ["电子", "电路", "智能科技"]),
    "医药制造业": (["HW02", "HW03", "HW49", "HW06"], ["制药", "生物医药", "药业"]),
    "印刷和记录媒介复制业": (["HW12", "HW49", "HW06"], ["印务", "包装印刷", "彩印"]),
    "家具制造业": (["HW12", "HW49", "HW06"], ["家具", "木业", "家居"]),
    "机动车、电子产品和日用产品修理业": (["HW08", "HW49", "HW31"], ["汽车维修", "汽修服务", "机动车检修"]),
    "通用设备制造业": (["HW08", "HW09", "HW49", "HW17"], ["机械", "泵业", "重工"]),
}

PLACE_WORDS = ["海纳", "鑫源", "恒达", "华晟", "瑞丰", "东泰", "润泽", "宏宇", "金诺", "天昊",
               "中科", "博远", "德康", "永盛", "嘉禾", "信达", "凯瑞", "明辉", "正阳", "安泰"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞"]

OFFICERS = [
    ("王敏", "37021900101"), ("李强", "37021900102"), ("张晓峰", "37021900103"),
    ("刘静", "37021900104"), ("陈志刚", "37021900105"), ("赵雪", "37021900106"),
]

GUIDANCE = [
    "讲解危险废物贮存设施建设要求，指导企业规范设置贮存分区和标志。",
    "指导企业完善危险废物管理台账，按批次记录产生、入库、出库情况。",
    "现场讲解排污许可证执行报告填报要求，提醒按期提交。",
    "指导企业编制年度危险废物管理计划并在信息系统备案。",
    "对照 GB 18597-2023 逐项检查贮存库，现场提出整改建议。",
    "宣讲固废法关于危险废物转移电子联单的规定。",
]


@dataclass
class DemoSummary:
    officers: int = 0
    enterprises: int = 0
    visits: int = 0
    problems: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code: 8 body characters and its check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(ch) * w for ch, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def make_uscc(rng: random.Random) -> str:
    first17 = "91" + REGION_CODE + _org_code(rng)
    return first17 + uscc.check_character(first17)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))


def _enterprise_records(rng: random.Random, count: int) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    names: set[str] = {"青岛精锐机械有限公司"}
    industries = list(INDUSTRIES)
    for i in range(count):
        industry = "通用设备制造业" if i == 0 else rng.choice(industries)
        hw_pool, words = INDUSTRIES[industry]
        name = "青岛精锐机械有限公司"
        if i:
            while name in names:
                name = f"青岛{rng.choice(PLACE_WORDS)}{rng.choice(words)}有限公司"
            names.add(name)
        code = make_uscc(rng)
        seq = rng.randint(1, 2)
        permit_class = rng.choice(["key", "simplified", "simplified", "registration"])
        records.append(
            {
                "id": _uuid(rng),
                "name": name,
                "uscc": code,
                "legal_rep": _person(rng),
                "contact_person": _person(rng),
                "contact_phone": _phone(rng),
                "town": rng.choice(TOWNS),
                "address": f"{rng.choice(['滨海', '长江', '黄河', '昆仑', '泰山'])}路{rng.randint(1, 999)}号",
                "industry": industry,
                "permit_no": f"{code}{seq:03d}{'W' if permit_class == 'registration' else 'P'}",
                "permit_class": permit_class,
                "hw_categories": rng.sample(hw_pool, k=rng.randint(1, min(3, len(hw_pool)))),
                "notes": "",
            }
        )
    return records


def generate(
    store: Store, *, seed: int = 1, end: date | None = None, enterprise_count: int = 40
) -> DemoSummary:
    """Fill ``store`` with the demo district: 12 months of work ending with ``end``'s month.

    Runs as one transaction; refuses a database that already holds enterprises.
    """
    from envhelp.errors import StateError

    rng = random.Random(seed)
    end = end or date.today()
    summary = DemoSummary()
    with store.transaction():
        if store.scalar("SELECT count(*) FROM enterprises"):
            raise StateError(
                "数据库中已有企业，演示数据只能写入空数据库。",
                "The database already holds enterprises; demo data goes into an empty one only.",
            )
        store.set_setting("bureau_name", BUREAU)
        store.set_setting("unit_name", UNIT)
        store.set_setting(visits.RECORD_PREFIX_KEY, RECORD_PREFIX)
        officer_rows = [
            officers.add(store, {"id": _uuid(rng), "name": n, "cert_no": c, "unit": UNIT,
                                 "phone": _phone(rng)})
            for n, c in OFFICERS
        ]
        officers.set_current(store, officer_rows[0]["id"])
        summary.officers = len(officer_rows)
        ents = [enterprises.add(store, rec) for rec in _enterprise_records(rng, enterprise_count)]
        summary.enterprises = len(ents)
        plan = _visit_plan(rng, ents, end)
        for visit_date, enterprise, visit_type in plan:
            _make_visit(store, rng, enterprise, visit_type, visit_date, officer_rows, end, summary)
        summary.visits = store.scalar("SELECT count(*) FROM visits")
        summary.problems = store.scalar("SELECT count(*) FROM problems")
    return summary


def _month_starts(end: date, months: int = 12) -> list[date]:
    starts = []
    y, m = end.year, end.month
    for _ in range(months):
        starts.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return sorted(starts)


def _visit_plan(
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
                ["inspection", "law_publicity", "stationed", "follow_up"], weights=[5, 3, 2, 2]
            )[0]
            plan.append((day, rng.choice(ents), kind))
    plan.sort(key=lambda p: p[0])
    return plan


def _make_visit(
    store: Store,
    rng: random.Random,
    enterprise: dict[str, Any],
    visit_type: str,
    visit_date: date,
    officer_rows: list[dict[str, Any]],
    end: date,
    summary: DemoSummary,
) -> dict[str, Any]:
    team = rng.sample(officer_rows, k=2 if visit_type == "inspection" else rng.choice((1, 2)))
    visit = visits.create(
        store,
        {
            "id": _uuid(rng),
            "enterprise_id": enterprise["id"],
            "date": visit_date.isoformat(),
            "time": f"{rng.randint(8, 16):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "type": visit_type,
            "officer_ids": [o["id"] for o in team],
            "representative": enterprise["contact_person"],
            "guidance": rng.choice(GUIDANCE),
            "laws": rng.sample(
                ["《中华人民共和国固体废物污染环境防治法》", "GB 18597-2023《危险废物贮存污染控制标准》",
                 "《排污许可管理条例》", "HJ 1276-2022《危险废物识别标志设置技术规范》"],
                k=rng.randint(1, 3),
            ),
            "satisfaction": rng.choices(["satisfied", "basic", ""], weights=[8, 2, 1])[0],
        },
    )
    # Visits of the last week stay drafts, as they would on an officer's laptop.
    if (end - visit_date).days > 7:
        visit = visits.finalize(store, visit["id"])
    return visit
