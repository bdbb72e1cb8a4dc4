"""Fixed vocabularies: codes stored in the database and their labels in both languages.

Labels are looked up with :func:`label`; codes never change once stored.
"""

from __future__ import annotations

import json
from functools import cache

from envhelp import i18n, paths

VISIT_TYPES = {
    "law_publicity": ("送法入企", "Law-to-enterprise visit"),
    "stationed": ("入厂驻企", "Stationed assistance"),
    "inspection": ("现场检查", "On-site inspection"),
    "follow_up": ("回头看", "Follow-up review"),
}

VISIT_STATUSES = {"draft": ("草稿", "Draft"), "final": ("已定稿", "Final")}

SATISFACTION = {
    "": ("未填写", "Not recorded"),
    "satisfied": ("满意", "Satisfied"),
    "basic": ("基本满意", "Basically satisfied"),
    "unsatisfied": ("不满意", "Dissatisfied"),
}

PERMIT_CLASSES = {
    "": ("未填写", "Not recorded"),
    "key": ("重点管理", "Key management"),
    "simplified": ("简化管理", "Simplified management"),
    "registration": ("登记管理", "Registration"),
    "none": ("无需", "Not required"),
}

# The discharge permit on file (排污许可, docs/permits.md). A permit's class is one of the
# three classes of the 分类管理名录; "none" (无需) is an enterprise's, never a permit's.
PERMIT_FILE_CLASSES = {code: PERMIT_CLASSES[code] for code in ("key", "simplified", "registration")}
REPORT_FREQUENCIES = {
    "annual": ("年报", "Annual"),
    "semiannual": ("半年报", "Semi-annual"),
    "quarterly": ("季报", "Quarterly"),
    "monthly": ("月报", "Monthly"),
}
MONITORING_FREQUENCIES = {
    "continuous": ("自动监测", "Continuous (automatic)"),
    "daily": ("每日", "Daily"),
    "weekly": ("每周", "Weekly"),
    "monthly": ("每月", "Monthly"),
    "quarterly": ("每季度", "Quarterly"),
    "semiannual": ("每半年", "Semi-annual"),
    "annual": ("每年", "Annual"),
}
OUTLET_MEDIA = {"air": ("废气", "Air"), "water": ("废水", "Water")}
OUTLET_KINDS = {"organised": ("有组织", "Organised"), "fugitive": ("无组织", "Fugitive")}
# What the enterprise showed for a report that fell due.
# A permit on file in force, or taken out of force (docs/permits.md).
PERMIT_STATUSES = {
    "in_force": ("有效", "In force"),
    "cancelled": ("已注销", "Cancelled"),
    "revoked": ("已撤销或吊销", "Revoked"),
    "void": ("录入有误（作废）", "Entered in error (void)"),
}
REPORT_STATUSES = {
    "on_time": ("按时提交", "Submitted on time"),
    "late": ("逾期提交", "Submitted late"),
    "missing": ("未提交", "Missing"),
}

SEVERITIES = {"major": ("重大", "Major"), "minor": ("一般", "Minor")}

# GB 18597-2023's kinds of storage facility; a checklist item may apply to some only.
FACILITY_TYPES = {
    "warehouse": ("贮存库", "Warehouse"),
    "yard": ("贮存场", "Storage yard"),
    "pool": ("贮存池", "Storage pool"),
    "tank_farm": ("贮存罐区", "Tank farm"),
    "point": ("贮存点", "Storage point"),
}

# HJ 1259-2022's hazardous-waste management classes (not the discharge-permit
# classes above: a unit can be key-supervised for one and not the other).
HW_MANAGEMENT_CLASSES = {
    "key": ("重点监管单位", "Key-supervised unit"),
    "simplified": ("简化管理单位", "Simplified-management unit"),
    "registration": ("登记管理单位", "Registration-management unit"),
}

HANDLING = {
    "on_the_spot": ("立行立改", "Fixed on the spot"),
    "deadline": ("限期整改", "Fix by deadline"),
    "supervised": ("跟踪督办", "Supervised follow-up"),
    "case": ("移交立案", "Handed over for a case"),
}

PROBLEM_STATUSES = {
    "open": ("待整改", "Open"),
    "rectifying": ("整改中", "Rectifying"),
    "closed": ("已销号", "Closed"),
    "cancelled": ("已撤销", "Cancelled"),
}

PROBLEM_CATEGORIES = {
    "hazardous_waste": ("危险废物", "Hazardous waste"),
    "solid_waste": ("一般固废", "Solid waste"),
    "air": ("废气", "Air emissions"),
    "water": ("废水", "Wastewater"),
    "noise": ("噪声", "Noise"),
    "permit": ("手续许可", "Permits and procedures"),
    "emergency": ("环境应急", "Environmental emergency"),
    "other": ("其他", "Other"),
}

# 双随机一公开: the class that sets an enterprise's quota in random draws.
SUPERVISION_CLASSES = {
    "key": ("重点", "Key"),
    "special": ("特殊", "Special"),
    "general": ("一般", "General"),
}

# Why a visit happens (the task source that 行政检查 documents state).
TASK_SOURCES = {
    "random": ("双随机", "Random check"),
    "complaint": ("投诉举报/12345", "Complaint / 12345 hotline"),
    "assigned": ("上级交办", "Assigned by higher authority"),
    "monitoring_alert": ("在线监控预警", "Online monitoring alert"),
    "enterprise_request": ("企业邀约", "Enterprise request"),
    "routine": ("日常监管", "Routine supervision"),
    "follow_up": ("回头看", "Follow-up review"),
    "campaign": ("专项行动", "Special campaign"),
}

INSPECTION_KINDS = {
    "routine": ("日常", "Routine"),
    "special": ("专项", "Special"),
    "case": ("个案", "Individual case"),
}

# What may put an inspection outside the yearly cap: any task source, the 个案 kind,
# or the enterprise holding the lowest credit grade of the province's list.
CAP_EXEMPTIONS = {
    **TASK_SOURCES,
    "case": ("个案检查", "Individual-case inspection"),
    "lowest_credit": ("信用最低等级", "Lowest credit grade"),
}


def label(vocab: dict[str, tuple[str, str]], code: str) -> str:
    """Label of ``code`` in the current language (the code itself when unknown)."""
    pair = vocab.get(code)
    return i18n.pick(*pair) if pair else code


def code_for(vocab: dict[str, tuple[str, str]], text: str) -> str | None:
    """Accept a code or a label in either language (as typed in a spreadsheet)."""
    text = text.strip()
    if text in vocab:
        return text
    for code, (zh, en) in vocab.items():
        if text == zh or text.lower() == en.lower():
            return code
    return None


@cache
def hw_categories() -> dict[str, tuple[str, str]]:
    """The valid HW categories (HW41-HW44 were retired in 2016), from resources/data."""
    data = json.loads(paths.resource("data", "hw_categories.json").read_text("utf-8"))
    return {c["code"]: (c["zh"], c["en"]) for c in data["categories"]}


@cache
def laws() -> list[dict[str, str]]:
    """Laws and standards an officer can record as publicized, from resources/data."""
    return json.loads(paths.resource("data", "laws.json").read_text("utf-8"))["laws"]
