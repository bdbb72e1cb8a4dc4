"""``envhelp verify``'s answer in words: the verdict line and its details, each
difference named as an officer would (问题 2 · 整改期限), never by an internal id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from envhelp import i18n
from envhelp.reports.pdf.data import VisitRecord

if TYPE_CHECKING:
    from envhelp.reports.pdf.verify import Verification

# -- paths in words ------------------------------------------------------------------


def record_names(record: VisitRecord, snapshot: dict[str, Any] | None) -> dict[str, str]:
    """What to call each record a difference path names by id (no internal id shown)."""
    names = {
        f"problems[{p.id}]": i18n.pick(f"问题 {n}", f"problem {n}")
        for n, p in enumerate(record.problems, 1)
    }
    for gone in (snapshot or {}).get("problems") or []:
        key = f"problems[{gone.get('id')}]"
        if key not in names:
            text = str(gone.get("description") or "")[:16]
            names[key] = i18n.pick(
                f"已不在记录中的问题（{text}）", f"problem no longer recorded ({text})"
            )
    names.update(
        {f"officers[{o.id}]": i18n.pick("执法人员 ", "officer ") + o.name for o in record.officers}
    )
    names.update(
        {
            f"checks[{c.id}]": i18n.pick(f"检查表“{c.title_zh}”", f'checklist "{c.title_en}"')
            for c in record.checks
        }
    )
    photos = [a for a in record.attachments if a.is_image]
    names.update(
        {
            f"attachments[{a.id}]": i18n.pick(f"图 {n}", f"photo {n}")
            for n, a in enumerate(photos, 1)
        }
    )
    names.update({f"attachments[{a.id}]": a.filename for a in record.attachments if not a.is_image})
    names.update(
        {
            f"amendments[{a.id}]": i18n.pick(f"修正 {n}", f"amendment {n}")
            for n, a in enumerate(record.amendments, 1)
        }
    )
    return names


def _field_labels() -> dict[str, tuple[str, str]]:
    from envhelp.domain import enterprises, officers, problems, visits

    labels = {f"visit.{k}": (f.zh, f.en) for k, f in visits.FIELDS_BY_KEY.items()}
    labels |= {f"enterprise.{f.key}": (f.zh, f.en) for f in enterprises.FIELDS}
    labels |= {
        "visit.record_no": ("编号", "record number"),
        "visit.status": ("状态", "status"),
        "officers.name": (officers.F_NAME.zh, officers.F_NAME.en),
        "officers.cert_no": (officers.F_CERT.zh, officers.F_CERT.en),
        "issuer.bureau_name": ("发文机关", "issuing bureau"),
        "issuer.unit_name": ("单位", "unit"),
        "items.result": ("结果", "result"),
        "items.note": ("说明", "note"),
        "items.requirement": ("检查内容", "requirement"),
        "items.clause": ("条款", "clause"),
        "items.basis": ("依据", "basis"),
        "checks.figures": ("统计", "figures"),
        "checks.title": ("标题", "title"),
        "attachments.caption": ("说明", "caption"),
        "amendments.reason": ("修正原因", "reason"),
        "amendments.by": ("修正人", "by"),
    }
    labels |= {
        f"problems.{f.key}": (f.zh, f.en)
        for f in (
            problems.F_DESCRIPTION,
            problems.F_REQUIREMENT,
            problems.F_LEGAL_BASIS,
            problems.F_DEADLINE,
            problems.F_SEVERITY,
            problems.F_CATEGORY,
            problems.F_HANDLING,
            problems.F_FOUND_ON,
        )
    }
    return labels


_SEGMENT = re.compile(r"(\w+)(?:\[([^\]]*)\])?")
# What a path's parts are called when no better name is known (never an internal id).
PART_WORDS = {
    "visit": ("走访", "visit"),
    "enterprise": ("企业", "enterprise"),
    "issuer": ("出具单位", "issuer"),
    "problems": ("问题", "problem"),
    "officers": ("执法人员", "officer"),
    "checks": ("检查表", "checklist"),
    "attachments": ("附件", "attachment"),
    "amendments": ("修正", "amendment"),
}


def path_in_words(path: str, names: dict[str, str]) -> str:
    """E.g. ``problems[<id>].deadline`` → "问题 2 · 整改期限"; item codes are shown, internal
    ids never (an unnamed record is called by its kind)."""
    labels = _field_labels()
    words, prefix, kinds = [], "", []
    for match in _SEGMENT.finditer(path):
        kind, key = match.group(1), match.group(2)
        prefix = f"{prefix}.{match.group(0)}" if prefix else match.group(0)
        if key is not None and kind == "items":
            words.append(key)  # a checklist item's code
        elif key is not None and kind in PART_WORDS:
            words.append(names.get(prefix) or i18n.pick(*PART_WORDS[kind]))
        elif key is not None:  # a list position, e.g. visit.laws[0]
            label = labels.get(f"{kinds[-1] if kinds else kind}.{kind}")
            words.append(
                (i18n.pick(*label) if label else kind) + f" {int(key) + 1}"
                if key.isdigit()
                else kind
            )
        elif not words:
            words.append(i18n.pick(*PART_WORDS[kind]) if kind in PART_WORDS else kind)
        else:
            label = labels.get(f"{kinds[-1] if kinds else path.split('.')[0]}.{kind}")
            words.append(i18n.pick(*label) if label else kind)
        kinds.append(kind)
    return " · ".join(words)


# -- in words ------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyReport:
    """What ``envhelp verify`` prints and the GUI shows: a verdict line and details."""

    verified: bool
    headline: str
    details: list[str]


# How a whole record added or removed is called (never its id or its Python form).
_RECORD_NAME_KEYS = ("name", "description", "reason", "caption", "filename", "code")


def _shown(value: Any) -> str:
    if value is None:
        return i18n.pick("（无）", "(none)")
    if isinstance(value, dict):  # a record added or taken away: call it by its name
        named = next((value[k] for k in _RECORD_NAME_KEYS if value.get(k)), None)
        if named is None and (value.get("title_zh") or value.get("title_en")):
            named = i18n.pick(value.get("title_zh") or "", value.get("title_en") or "")
        text = str(named) if named is not None else i18n.pick("（一条记录）", "(a record)")
    elif isinstance(value, list):
        text = i18n.pick("、", ", ").join(_shown(v) for v in value)
    else:
        text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


def unreadable(name: str) -> str:
    """What to say when ``name`` is not a readable EnvHelp PDF (NotEnvHelpPdf)."""
    return i18n.pick(
        f"无法核验：{name} 不是可读的 EnvHelp PDF（没有记录指纹）。",
        f"Cannot verify: {name} is not a readable EnvHelp PDF (no record fingerprint).",
    )


def describe(result: Verification, name: str) -> VerifyReport:
    """``result`` in the current language; ``name`` is how to call the file."""
    # A draft has no number yet; its internal id is not shown.
    record = result.record_no or i18n.pick("（未编号的草稿）", "(a draft, not numbered)")
    short = result.pdf_fingerprint[:12]
    notes = []
    if result.from_pages:
        notes.append(
            i18n.pick(
                "（该 PDF 不带元数据和内容副本，例如经“打印为 PDF”另存；按页面上印出的指纹和编号核对）",
                '(this PDF carries no metadata or content copy, e.g. saved again through "print to '
                'PDF"; checked by the fingerprint and number printed on its pages)',
            )
        )
    unchecked = [i18n.pick("未核对：", "Not checked: ") + item for item in result.not_checked]
    if result.verified and result.unaltered:
        return VerifyReport(
            True,
            i18n.pick(
                f"文书未被改动：{name} 与打印时的数据一致（记录 {record}，指纹 {short}）。"
                "打印后台账有以下后续变更，属于后续变更，不是对文书的改动：",
                f"Not altered: {name} agrees with the data as printed (record {record}, fingerprint "
                f"{short}). The ledger changed later, which is a later change, not an alteration "
                "of the document:",
            ),
            notes
            + [
                f"{path_in_words(c.path, result.names)}：{_shown(c.old)} → {_shown(c.new)} — {c.why}"
                for c in result.later_changes
            ]
            + unchecked,
        )
    if result.verified:
        return VerifyReport(
            True,
            i18n.pick(
                f"一致：{name} 与数据库相符（记录 {record}，指纹 {short}）。",
                f"Match: {name} agrees with the database (record {record}, fingerprint {short}).",
            ),
            notes + unchecked,
        )
    if result.unprinted is None and (
        result.matches or (result.later_changes and not result.differences)
    ):
        return VerifyReport(
            False,
            i18n.pick(
                f"无法确认：{name} 的指纹与数据库相符，但页面上的文字无法读取核对。",
                f"Not confirmed: {name} carries the database's fingerprint, but the text on its "
                "pages cannot be read to check it.",
            ),
            notes,
        )
    if result.unprinted:
        return VerifyReport(
            False,
            i18n.pick(
                f"不一致：{name} 的指纹与数据库相符，但页面上的文字被改过。以下内容在页面上找不到：",
                f"Mismatch: {name} carries the database's fingerprint, but the text on its pages "
                "has been changed. Not found on the pages:",
            ),
            notes
            + [
                f"{path_in_words(path, result.names)}：{_shown(value)}"
                for path, value in result.unprinted
            ]
            + unchecked,
        )
    if result.record_missing:
        return VerifyReport(
            False,
            i18n.pick(
                f"不一致：数据库中已没有记录 {record}。",
                f"Mismatch: record {record} is no longer in the database.",
            ),
            notes,
        )
    details = list(notes)
    if not result.snapshot_intact and not result.from_pages:
        details.append(
            i18n.pick(
                "（PDF 内嵌的内容副本缺失或与其指纹不符，以下差异仅供参考）",
                "(the PDF's embedded content copy is missing or does not match its fingerprint; "
                "the differences below are indicative only)",
            )
        )
    if result.from_pages:
        details.append(
            i18n.pick(
                "数据库现有、页面上却没有的内容：", "In the database now but not on the pages:"
            )
        )
    details += [
        f"{path_in_words(path, result.names)}：{_shown(old)} → {_shown(new)}"
        for path, old, new in result.differences
    ]
    details += [
        f"{path_in_words(c.path, result.names)}：{_shown(c.old)} → {_shown(c.new)} — "
        + i18n.pick("后续变更：", "later change: ")
        + c.why
        for c in result.later_changes
    ]
    return VerifyReport(
        False,
        i18n.pick(
            f"不一致：{name} 与数据库不符（记录 {record}）。以下字段已变更：",
            f"Mismatch: {name} differs from the database (record {record}). Changed fields:",
        ),
        details,
    )
