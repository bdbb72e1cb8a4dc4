"""The demo district's standing data: the bureau, its officers, the enterprise register
(names, credit codes, supervision classes) and the enterprises' discharge permits.

Everything is drawn from the ``random.Random`` the caller passes (envhelp/demo/__init__.py
keeps the order of the draws, so a seed gives the same district).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from envhelp.domain import settings, uscc
from envhelp.storage import Store

BUREAU = "青岛市生态环境局临港分局"
UNIT = "临港生态环境综合行政执法大队"
RECORD_PREFIX = "临环帮"
# The issuer printed on every document (settings keys → the demo bureau's values).
BUREAU_SETTINGS = {
    settings.BUREAU_NAME: BUREAU,
    settings.UNIT_NAME: UNIT,
    settings.BUREAU_ADDRESS: "青岛市临港区滨海大道 16 号",
    settings.CONTACT_PERSON: "王敏",
    settings.CONTACT_PHONE: "0532-80000000",
    settings.RECORD_PREFIX: RECORD_PREFIX,
    settings.NOTICE_PREFIX: "临环改告",
    settings.ORDER_PREFIX: "临环责改",
    settings.REVIEW_BODY: "青岛市人民政府",
    settings.COURT: "青岛市临港区人民法院",
}
REGION_CODE = "370299"  # fictional county-level code inside Qingdao's range

TOWNS = ["东湖街道", "西岭街道", "南港镇", "北山镇", "青石镇", "临河镇", "临港经济开发区"]

# Industry (GB/T 4754 name) → typical hazardous-waste categories and name words.
INDUSTRIES: dict[str, tuple[list[str], list[str]]] = {
    "金属制品业": (["HW17", "HW08", "HW49", "HW34"], ["金属制品", "五金", "精密钣金"]),
    "汽车制造业": (["HW08", "HW12", "HW49", "HW06"], ["汽车零部件", "车桥", "汽配"]),
    "化学原料和化学制品制造业": (
        ["HW11", "HW13", "HW49", "HW50", "HW06"],
        ["化工", "新材料", "精细化学"],
    ),
    "橡胶和塑料制品业": (["HW08", "HW13", "HW49"], ["橡胶", "塑胶", "高分子"]),
    "计算机、通信和其他电子设备制造业": (
        ["HW22", "HW17", "HW49", "HW34"],
        ["电子", "电路", "智能科技"],
    ),
    "医药制造业": (["HW02", "HW03", "HW49", "HW06"], ["制药", "生物医药", "药业"]),
    "印刷和记录媒介复制业": (["HW12", "HW49", "HW06"], ["印务", "包装印刷", "彩印"]),
    "家具制造业": (["HW12", "HW49", "HW06"], ["家具", "木业", "家居"]),
    "机动车、电子产品和日用产品修理业": (
        ["HW08", "HW49", "HW31"],
        ["汽车维修", "汽修服务", "机动车检修"],
    ),
    "通用设备制造业": (["HW08", "HW09", "HW49", "HW17"], ["机械", "泵业", "重工"]),
}

PLACE_WORDS = [
    "海纳",
    "鑫源",
    "恒达",
    "华晟",
    "瑞丰",
    "东泰",
    "润泽",
    "宏宇",
    "金诺",
    "天昊",
    "中科",
    "博远",
    "德康",
    "永盛",
    "嘉禾",
    "信达",
    "凯瑞",
    "明辉",
    "正阳",
    "安泰",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "霞",
]

OFFICERS = [
    ("王敏", "37021900101"),
    ("李强", "37021900102"),
    ("张晓峰", "37021900103"),
    ("刘静", "37021900104"),
    ("陈志刚", "37021900105"),
    ("赵雪", "37021900106"),
]


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code: 8 body characters and its check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    c = 11 - sum(int(ch) * w for ch, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def make_uscc(rng: random.Random) -> str:
    first17 = "91" + REGION_CODE + _org_code(rng)
    return first17 + uscc.check_character(first17)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    return "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))


def enterprise_records(rng: random.Random, count: int) -> list[dict[str, Any]]:
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
                "name": name,
                "uscc": code,
                "legal_rep": person(rng),
                "contact_person": person(rng),
                "contact_phone": phone(rng),
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


SPECIAL_REASONS = (
    "上年度受到行政处罚",
    "环境信用评价为警示等级",
    "一年内经核实的投诉举报 3 次以上",
    "存在较大环境风险",
)


def classify(rng: random.Random, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Supervision classes, credit grades, 正面清单 and visit requests for the register."""
    for record in records:
        grade = rng.choices("ABCD", weights=[3, 5, 2, 1])[0]
        kind = rng.choices(["key", "special", "general"], weights=[2, 1, 6])[0]
        if record["permit_class"] == "key":
            kind = "key" if kind == "general" else kind
        record.update(
            supervision_class=kind,
            supervision_reason=rng.choice(SPECIAL_REASONS) if kind == "special" else "",
            credit_grade=grade,
            positive_list=grade == "A" and kind == "general" and rng.random() < 0.6,
            invites_visits=rng.random() < 0.15,
        )
    return records


# Outlets of the demo permits: (code, medium, kind, [(pollutant, limit, yearly t, monitoring)]).
DEMO_OUTLETS = (
    (
        "DA001",
        "air",
        "organised",
        [("颗粒物", 20, 1.5, "semiannual"), ("非甲烷总烃", 60, 4.2, "quarterly")],
    ),
    ("DA002", "air", "fugitive", [("颗粒物", 1.0, None, "annual")]),
    (
        "DW001",
        "water",
        "organised",
        [
            ("化学需氧量", 500, 12.0, "quarterly"),
            ("氨氮", 45, 1.1, "quarterly"),
            ("pH值", None, None, "monthly"),
        ],
    ),
)
REPORTS_BY_CLASS = {"key": ["annual", "quarterly"], "simplified": ["annual"], "registration": []}


def add_permits(store: Store, rng: random.Random, ents: list[dict[str, Any]], end: date) -> None:
    """A permit on file for each enterprise with a permit class: the first to expire has
    expired 20 days ago, the next two fall due for renewal within 60 days, and the reports
    due more than a month ago are recorded as shown (on time, late or missing)."""
    from envhelp.domain import permit_calendar, permits

    holders = [e for e in ents if e["permit_class"] in REPORTS_BY_CLASS]
    for index, enterprise in enumerate(holders):
        days_left = (-20, 75, 100)[index] if index < 3 else rng.randint(200, 1700)
        valid_until = end + timedelta(days=days_left)
        issued_on = valid_until - timedelta(days=5 * 365)
        outlets = rng.sample(
            DEMO_OUTLETS, k=1 if enterprise["permit_class"] == "registration" else rng.randint(1, 3)
        )
        permit = permits.save(
            store,
            enterprise["id"],
            {
                "permit_no": enterprise["permit_no"],
                "management_class": enterprise["permit_class"],
                "issuing_authority": "青岛市生态环境局",
                "issued_on": issued_on,
                "valid_until": valid_until,
                "report_frequencies": REPORTS_BY_CLASS[enterprise["permit_class"]],
                "outlets": [
                    {
                        "code": code,
                        "medium": medium,
                        "kind": kind,
                        "pollutants": [
                            {
                                "name": n,
                                "limit": limit,
                                "yearly_t": yearly,
                                "monitoring": monitoring,
                            }
                            for n, limit, yearly, monitoring in pollutants
                        ],
                    }
                    for code, medium, kind, pollutants in sorted(outlets)
                ],
            },
        )
        for entry in permit_calendar.due(
            store, today=end, within=0, enterprise_id=enterprise["id"]
        ):
            # Reports due more than a month ago were checked on some visit; the latest not.
            if entry["kind"] != permit_calendar.RENEWAL and entry["days_left"] < -30:
                status = rng.choice(["on_time", "on_time", "on_time", "late", "missing"])
                permit_calendar.record(
                    store, permit["id"], entry["kind"], entry["period"], status, end
                )
