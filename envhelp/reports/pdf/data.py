"""What a visit record prints, gathered from the database in one place.

:func:`collect_visit_record` is the only code in the PDF package that reads the
store (through :func:`envhelp.domain.visit_details.show_visit` for the checks and
problems); the renderers take the :class:`VisitRecord` it returns and never touch
the database, so the GUI can render in a worker thread from a snapshot and
``envhelp verify`` can rebuild exactly the data a PDF was made from.

Fields marked ``canonical=False`` (file paths, derived figures) are for the
renderer only and stay out of the fingerprint (see :mod:`.fingerprint`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envhelp.domain import attachments as attachment_service
from envhelp.domain import (
    check_answers,
    citations,
    followups,
    scoring,
    settings,
    templates,
    visit_amendments,
    visit_details,
)
from envhelp.domain import officers as officer_service
from envhelp.errors import NotFoundError
from envhelp.storage import Store

# The issuer's identity the documents print (docs/reports.md, docs/settings.md).
ISSUER_KEYS = (
    settings.BUREAU_NAME,
    settings.UNIT_NAME,
    settings.BUREAU_ADDRESS,
    settings.CONTACT_PERSON,
    settings.CONTACT_PHONE,
    settings.REVIEW_BODY,
    settings.COURT,
)
CHECKLIST_MODES = ("full", "non_compliant")
DEFAULT_CHECKLIST_MODE = "full"

NOT_CANONICAL = {"canonical": False}
# In the fingerprint only when set, so that records made before the field existed keep
# the fingerprint printed on them.
CANONICAL_WHEN_SET = {"canonical": "when_set"}


@dataclass(frozen=True)
class Issuer:
    """Who issues the documents, from the settings (first start, 设置, ``settings set``)."""

    bureau_name: str
    unit_name: str
    # In the fingerprint only when set: records printed before they existed keep theirs.
    bureau_address: str = field(default="", metadata=CANONICAL_WHEN_SET)
    contact_person: str = field(default="", metadata=CANONICAL_WHEN_SET)
    contact_phone: str = field(default="", metadata=CANONICAL_WHEN_SET)
    review_body: str = field(default="", metadata=CANONICAL_WHEN_SET)  # 行政复议机关
    court: str = field(default="", metadata=CANONICAL_WHEN_SET)  # 行政诉讼的人民法院


@dataclass(frozen=True)
class EnterpriseInfo:
    id: str
    name: str
    uscc: str
    address: str
    town: str
    legal_rep: str
    contact_person: str
    contact_phone: str
    permit_no: str
    permit_class: str
    hw_categories: tuple[str, ...]


@dataclass(frozen=True)
class OfficerInfo:
    id: str
    name: str
    cert_no: str


@dataclass(frozen=True)
class VisitInfo:
    id: str
    status: str
    record_no: str
    date: str
    time: str
    type: str
    representative: str
    guidance: str
    laws: tuple[str, ...]
    satisfaction: str
    notes: str
    # The 笔录's fields (migration "inspection record fields"); in the fingerprint only
    # when set, so records printed before keep theirs. ``place`` empty: the address.
    end_time: str = field(default="", metadata=CANONICAL_WHEN_SET)
    place: str = field(default="", metadata=CANONICAL_WHEN_SET)
    representative_post: str = field(default="", metadata=CANONICAL_WHEN_SET)
    representative_phone: str = field(default="", metadata=CANONICAL_WHEN_SET)
    recorder: str = field(default="", metadata=CANONICAL_WHEN_SET)  # the officer's name
    witness: str = field(default="", metadata=CANONICAL_WHEN_SET)
    party_answer: str = field(default="", metadata=CANONICAL_WHEN_SET)


@dataclass(frozen=True)
class CheckItem:
    code: str
    category_zh: str
    category_en: str
    requirement_zh: str
    requirement_en: str
    basis_zh: str
    basis_en: str
    severity: str
    result: str
    note: str
    # What the documents print as 条款 and 依据 (checklists.printed_citation): derived
    # from the pinned template, whose sha256 is fingerprinted, so not fingerprinted again.
    clause: str = field(default="", metadata=NOT_CANONICAL)
    printed_basis_zh: str = field(default="", metadata=NOT_CANONICAL)
    printed_basis_en: str = field(default="", metadata=NOT_CANONICAL)
    # A scored assessment's item: the points it earns ("" when unscored or not applicable;
    # fingerprinted when set, so unscored records keep theirs), its full points and veto.
    points: str = field(default="", metadata=CANONICAL_WHEN_SET)
    max_points: str = field(default="", metadata=NOT_CANONICAL)
    veto: bool = field(default=False, metadata=NOT_CANONICAL)


@dataclass(frozen=True)
class CheckInfo:
    id: str
    template_id: str
    template_version: str
    template_sha256: str
    title_zh: str
    title_en: str
    items: tuple[CheckItem, ...]
    # envhelp.domain.check_answers.clean_scope(): the facility types and class the check covers
    scope: dict[str, Any] | None = field(default=None, metadata=CANONICAL_WHEN_SET)
    # envhelp.domain.check_totals.figures(): derived from the items, so not fingerprinted.
    figures: dict[str, Any] = field(default_factory=dict, compare=False, metadata=NOT_CANONICAL)
    # envhelp.domain.scoring.figures() of a scored check (None otherwise): derived too.
    score: dict[str, Any] | None = field(default=None, compare=False, metadata=NOT_CANONICAL)


@dataclass(frozen=True)
class ProblemInfo:
    id: str
    found_on: str
    category: str
    description: str
    severity: str
    requirement: str
    legal_basis: str
    handling: str
    deadline: str
    item_code: str
    # What the documents print as 条款 and 依据 (checklists.printed_citation of the
    # stored legal basis; the clause from the problem's checklist item, if any).
    printed_clause: str = field(default="", metadata=NOT_CANONICAL)
    printed_basis: str = field(default="", metadata=NOT_CANONICAL)

    # The ledger's state now: which problems a notice or order still asks to rectify.
    # Later life, not printed content; fingerprinted per document (see .fingerprint).
    status: str = field(default="open", compare=False, metadata=NOT_CANONICAL)
    close_note: str = field(default="", compare=False, metadata=NOT_CANONICAL)

    @property
    def rectified(self) -> bool:
        """Fixed already (立行立改 or closed since): listed apart, not ordered again."""
        return self.status == "closed"


@dataclass(frozen=True)
class FollowupInfo:
    """What a 回头看 found for one problem it looked at (followups.followup_findings)."""

    problem_id: str
    description: str
    found_on: str
    found_record_no: str  # the record of the visit that found it ("" if none)
    requirement: str
    deadline: str  # the deadline the problem had when it was looked at
    finding: str  # key of followups.FOLLOWUP_FINDINGS
    note: str
    outcome: str  # key of followups.FOLLOWUP_OUTCOMES
    new_deadline: str


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    filename: str
    mime: str
    sha256: str
    caption: str
    # "visit", "problem:<problem id>" or "item:<item code>"
    linked_to: str
    path: Path | None = field(default=None, compare=False, metadata=NOT_CANONICAL)
    # When the photo was taken (local time, "YYYY-MM-DDTHH:MM:SS") and from what:
    # "exif" (the camera) or "added" (the time it was attached); empty before that existed.
    taken_at: str = field(default="", metadata=CANONICAL_WHEN_SET)
    taken_from: str = field(default="", metadata=CANONICAL_WHEN_SET)
    # The print rendition the record draws (images.print_rendition), made if missing.
    print_path: Path | None = field(default=None, compare=False, metadata=NOT_CANONICAL)
    # The officer who added it (the audit columns).
    taken_by: str = field(default="", compare=False, metadata=NOT_CANONICAL)

    @property
    def is_image(self) -> bool:
        return self.mime.startswith(attachment_service.IMAGE_MIME_PREFIX)


@dataclass(frozen=True)
class AmendmentInfo:
    """A correction made to the visit after it was finalized (printed on the record)."""

    id: str
    at: str
    by: str
    reason: str
    # (field key, value before, value after), values as printed text
    changes: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class VisitRecord:
    """Everything a visit record or rectification notice prints."""

    visit: VisitInfo
    enterprise: EnterpriseInfo
    officers: tuple[OfficerInfo, ...]
    checks: tuple[CheckInfo, ...]
    problems: tuple[ProblemInfo, ...]
    attachments: tuple[AttachmentInfo, ...]
    issuer: Issuer
    amendments: tuple[AmendmentInfo, ...] = ()
    followups: tuple[FollowupInfo, ...] = field(default=(), metadata=CANONICAL_WHEN_SET)
    # Numbers of the notice and order issued on the visit ({"notice": "…", "order": "…"});
    # each is fingerprinted with its own document only.
    document_numbers: dict[str, str] = field(
        default_factory=dict, compare=False, metadata=NOT_CANONICAL
    )

    @property
    def is_draft(self) -> bool:
        return self.visit.status != "final"

    @property
    def place(self) -> str:
        """Where the inspection took place: as recorded, else the enterprise's address."""
        return self.visit.place or self.enterprise.address

    @property
    def to_rectify(self) -> tuple[ProblemInfo, ...]:
        return tuple(pr for pr in self.problems if not pr.rectified)

    @property
    def rectified(self) -> tuple[ProblemInfo, ...]:
        return tuple(pr for pr in self.problems if pr.rectified)


def _s(value: Any) -> str:
    return "" if value is None else str(value)


def issuer_from_settings(store: Store) -> Issuer:
    """The issuer as set; :class:`settings.BureauNotSet` (nothing printed) while the
    bureau's identity is unset."""
    settings.require_bureau(store)
    return Issuer(**{key: _s(settings.get(store, key)).strip() for key in ISSUER_KEYS})


SCORE_KEYS = ("score", "max_score", "percent", "verdict", "vetoes", "failed")


def _item_points(result: dict[str, Any]) -> dict[str, Any]:
    """CheckItem's points fields from a result of ``check_answers.results`` (empty when unscored)."""
    if result.get("max_points") is None:
        return {}
    earned = result["points"]
    return {
        "points": "" if earned is None else scoring.points_text(earned),
        "max_points": scoring.points_text(result["max_points"]),
        "veto": result["veto"],
    }


def checklist_mode_setting(store: Store) -> str:
    mode = settings.get(store, settings.PDF_CHECKLIST_MODE)
    return mode if mode in CHECKLIST_MODES else DEFAULT_CHECKLIST_MODE


def _checks(
    checks: list[dict[str, Any]], store: Store, answered: dict[str, tuple[dict, dict]]
) -> tuple[CheckInfo, ...]:
    """Checks as given by :func:`envhelp.domain.visit_details.show_visit`, with both languages' texts.

    ``answered`` is filled with result id → (template, item), for the problems' citations.
    """
    out = []
    for check in checks:
        # The pinned template version: item texts and clauses never change under a check.
        template = check_answers.template_of(store, check)  # expanded per outlet, if so
        by_code = templates.items_by_code(template)
        items = []
        for result in check["results"]:
            item = by_code[result["code"]]
            answered[result["result_id"]] = (template, item)
            cited = {
                lang: citations.printed_citation(template, item, lang) for lang in ("zh", "en")
            }
            items.append(
                CheckItem(
                    code=result["code"],
                    category_zh=result["category_zh"],
                    category_en=result["category_en"],
                    requirement_zh=result["requirement_zh"],
                    requirement_en=result["requirement_en"],
                    basis_zh=citations.legal_basis(template, item, "zh"),
                    basis_en=citations.legal_basis(template, item, "en"),
                    severity=result["severity"],
                    result=result["result"],
                    note=_s(result["note"]),
                    clause=cited["zh"].clause,
                    printed_basis_zh=cited["zh"].basis,
                    printed_basis_en=cited["en"].basis,
                    **_item_points(result),
                )
            )
        out.append(
            CheckInfo(
                id=check["id"],
                template_id=check["template_id"],
                template_version=check["template_version"],
                template_sha256=template["sha256"],
                title_zh=check["title_zh"],
                title_en=check["title_en"],
                items=tuple(items),
                scope=check["scope"],
                figures=dict(check["figures"]),
                score={key: check[key] for key in SCORE_KEYS} if check.get("scored") else None,
            )
        )
    return tuple(out)


def attachments_query(visit_id: str, problem_ids: list[str]) -> tuple[str, list[Any]]:
    """SQL and parameters for the files of a visit, its problems and its checklist answers.

    A UNION of three look-ups, each on its own index (attachments by visit, by
    problem; the visit's checks → their answers → attachments by answer): one
    ``WHERE … OR …`` over joins scanned every attachment. UNION drops a file
    found twice (e.g. a visit photo also linked to a problem), as the OR did.
    """
    marks = ", ".join("?" * len(problem_ids)) or "NULL"
    select = "SELECT a.*, r.item_code AS item_code FROM attachments a "
    by_answer = "LEFT JOIN check_results r ON r.id = a.check_result_id "
    sql = (
        f"{select}{by_answer}WHERE a.visit_id = ? "
        f"UNION {select}{by_answer}WHERE a.problem_id IN ({marks}) "
        "UNION SELECT a.*, r.item_code AS item_code FROM checks c "
        "JOIN check_results r ON r.check_id = c.id "
        "JOIN attachments a ON a.check_result_id = r.id WHERE c.visit_id = ? "
        "ORDER BY created_at, id"
    )
    return sql, [visit_id, *problem_ids, visit_id]


def _attachments(store: Store, visit_id: str, problem_ids: list[str]) -> tuple[AttachmentInfo, ...]:
    # The visit's own files, its problems' and its checklist answers' (cancelled
    # problems are not printed, so neither are their photos).
    rows = store.query(*attachments_query(visit_id, problem_ids))
    out = []
    for row in rows:
        if row["problem_id"] in problem_ids:
            linked = f"problem:{row['problem_id']}"
        elif row["item_code"]:
            linked = f"item:{row['item_code']}"
        else:
            linked = "visit"
        path = attachment_service.stored_path(store, row)
        present = path.is_file()
        out.append(
            AttachmentInfo(
                id=row["id"],
                filename=row["filename"],
                mime=row["mime"] or "",
                sha256=row["sha256"],
                caption=row["caption"] or "",
                linked_to=linked,
                path=path if present else None,
                taken_at=_s(row.get("taken_at")),
                taken_from=_s(row.get("taken_from")),
                print_path=attachment_service.make_rendition(store, row) if present else None,
                taken_by=officer_service.actor_name(row["created_by"]),
            )
        )
    return tuple(out)


def local_minute(utc_iso: str | None) -> str:
    """A stored UTC time as this computer's local ``YYYY-MM-DD HH:MM`` (the officer's clock)."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(_s(utc_iso).replace("Z", "+00:00"))
    except ValueError:
        return _s(utc_iso)[:16].replace("T", " ")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def collect_visit_record(store: Store, visit_id: str) -> VisitRecord:
    """Read one visit with its enterprise, officers, checks, problems and files."""
    if store.find("visits", visit_id) is None:
        raise NotFoundError(f"找不到走访记录：{visit_id}", f"No such visit: {visit_id}")
    shown = visit_details.show_visit(store, visit_id)
    visit = shown["visit"]
    ent = store.get("enterprises", visit["enterprise_id"])
    officers = store.query(
        "SELECT o.id, o.name, o.cert_no FROM visit_officers vo "
        "JOIN officers o ON o.id = vo.officer_id WHERE vo.visit_id = ? ORDER BY vo.position",
        (visit_id,),
    )
    recorder = store.find("officers", visit["recorder_id"]) if visit["recorder_id"] else None
    # Cancelled problems were recorded in error: neither document prints them.
    problems = sorted(
        (p for p in shown["problems"] if p["status"] != "cancelled"),
        key=lambda p: (p["found_on"] or "", p["created_at"], p["id"]),
    )
    answered: dict[str, tuple[dict, dict]] = {}
    checks = _checks(shown["checks"], store, answered)
    return VisitRecord(
        visit=VisitInfo(
            id=visit["id"],
            status=visit["status"],
            record_no=_s(visit["record_no"]),
            date=visit["date"],
            time=_s(visit["time"]),
            type=visit["type"],
            representative=_s(visit["representative"]),
            guidance=_s(visit["guidance"]),
            laws=tuple(visit["laws"]),
            satisfaction=_s(visit["satisfaction"]),
            notes=_s(visit["notes"]),
            end_time=_s(visit["end_time"]),
            place=_s(visit["place"]),
            representative_post=_s(visit["representative_post"]),
            representative_phone=_s(visit["representative_phone"]),
            recorder=recorder["name"] if recorder else "",
            witness=_s(visit["witness"]),
            party_answer=_s(visit["party_answer"]),
        ),
        enterprise=EnterpriseInfo(
            id=ent["id"],
            name=ent["name"],
            uscc=_s(ent["uscc"]),
            address=_s(ent["address"]),
            town=_s(ent["town"]),
            legal_rep=_s(ent["legal_rep"]),
            contact_person=_s(ent["contact_person"]),
            contact_phone=_s(ent["contact_phone"]),
            permit_no=_s(ent["permit_no"]),
            permit_class=_s(ent["permit_class"]),
            hw_categories=tuple(json.loads(ent["hw_categories"] or "[]")),
        ),
        officers=tuple(OfficerInfo(o["id"], o["name"], _s(o["cert_no"])) for o in officers),
        checks=checks,
        problems=tuple(
            ProblemInfo(
                id=p["id"],
                found_on=_s(p["found_on"]),
                category=_s(p["category"]),
                description=_s(p["description"]),
                severity=_s(p["severity"]),
                requirement=_s(p["requirement"]),
                legal_basis=_s(p["legal_basis"]),
                handling=_s(p["handling"]),
                deadline=_s(p["deadline"]),
                item_code=_s(p["item_code"]),
                status=p["status"],
                close_note=_s(p["close_note"]),
                **_problem_citation(p, answered),
            )
            for p in problems
        ),
        attachments=_attachments(store, visit_id, [p["id"] for p in problems]),
        issuer=issuer_from_settings(store),
        amendments=_amendments(store, visit_id),
        followups=_followups(store, visit_id),
        document_numbers={
            kind: visit[column]
            for kind, column in (("notice", "notice_no"), ("order", "order_no"))
            if visit.get(column)
        },
    )


def _followups(store: Store, visit_id: str) -> tuple[FollowupInfo, ...]:
    return tuple(
        FollowupInfo(
            problem_id=f["problem"]["id"],
            description=f["problem"]["description"],
            found_on=_s(f["problem"]["found_on"]),
            found_record_no=f["found_record_no"],
            requirement=_s(f["problem"]["requirement"]),
            deadline=_s(f["old_deadline"] or f["problem"]["deadline"]),
            finding=f["finding"],
            note=_s(f["note"]),
            outcome=f["outcome"],
            new_deadline=_s(f["new_deadline"]),
        )
        for f in followups.followup_findings(store, visit_id)
    )


def _problem_citation(problem: dict[str, Any], answered: dict[str, tuple[dict, dict]]) -> dict:
    """The printed 条款 and 依据 of a problem: its stored legal basis (as the officer left
    it) through the one citation rule, with its checklist item's confirmed clause."""
    template, item = answered.get(problem.get("check_result_id") or "", (None, None))
    cited = citations.printed_citation(
        template, item, "zh", stored_basis=_s(problem["legal_basis"])
    )
    return {"printed_clause": cited.clause, "printed_basis": cited.basis}


def _amendment_value(store: Store, key: str, value: Any) -> str:
    if key in ("officer_ids", "recorder_id"):
        names = {o["id"]: o["name"] for o in store.query("SELECT id, name FROM officers")}
        ids = value if key == "officer_ids" else [value] if value else []
        return "、".join(names.get(i, "") for i in ids)
    if isinstance(value, list | tuple):
        return "；".join(map(str, value))
    return _s(value)


def _amendments(store: Store, visit_id: str) -> tuple[AmendmentInfo, ...]:
    out = []
    for a in visit_amendments.amendments(store, visit_id):
        out.append(
            AmendmentInfo(
                id=a["id"],
                at=a["created_at"],
                by=officer_service.actor_name(a["created_by"]),
                reason=a["reason"],
                changes=tuple(
                    (
                        key,
                        _amendment_value(store, key, a["before"][key]),
                        _amendment_value(store, key, a["after"][key]),
                    )
                    for key in a["before"]
                ),
            )
        )
    return tuple(out)
