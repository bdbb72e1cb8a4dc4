"""``envhelp verify``: does a printed PDF still match the database, and if not, what changed?

The check reads the record id and fingerprint the PDF carries (see
:mod:`.fingerprint`), rebuilds the same content from the database now and
compares fingerprints; on a mismatch it compares the canonical JSON snapshot
embedded in the PDF with the database field by field. A difference that a ledger
action recorded after printing explains (a deadline extension, a cancelled
problem) is a *later change*, not an alteration of the document.

A PDF printed again through "print to PDF" loses the metadata and the embedded
copy: the fingerprint and record number printed on its pages identify it instead
(:func:`stamp_from_pages`).

It also reads the drawn pages: every value the document prints must still be
there (:func:`expected_on_pages`, :func:`item_rows_not_shown`) — record number,
dates, the enterprise, each problem's texts, printed legal basis and deadline, the
officers and their certificate numbers, the issuer, and on the record each checklist
item's result, clause, basis and note, the figures, photo captions and amendment
reasons. What it cannot check is listed in :attr:`Verification.not_checked`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import citations, vocab
from envhelp.domain.check_answers import RESULTS as CHECK_RESULTS
from envhelp.domain.check_answers import finding_of
from envhelp.reports.pdf import fingerprint
from envhelp.reports.pdf.common import as_drawn, written_date_forms
from envhelp.reports.pdf.data import ProblemInfo, VisitRecord, collect_visit_record
from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf, Stamp, quiet_pypdf, read_stamp
from envhelp.reports.pdf.notice import DOCUMENT_TITLES
from envhelp.reports.pdf.record import result_label
from envhelp.storage import Store

__all__ = ["NotEnvHelpPdf", "Verification", "VerifyReport", "describe", "unreadable", "verify_pdf"]

# What verify cannot compare with the database, by document kind (zh, en).
NOT_CHECKED = {
    "record": (
        (
            "代码译成的文字（走访类型、满意度、问题类别与严重程度、整改方式、法律法规和危废类别名称、检查范围）",
            "codes printed as words (visit type, satisfaction, problem category and severity, "
            "handling, names of laws and HW categories, check scope)",
        ),
        ("照片本身（只核对了照片说明）", "the photos themselves (only their captions)"),
        (
            "修正记录中各字段的原值和新值（核对了修正人和原因）",
            "the before and after values in the amendments (their author and reason are checked)",
        ),
        (
            "执法证号是否逐页印出（只核对了页面上至少印有一次）",
            "whether each officer's certificate number is on every page (only that it is printed)",
        ),
        (
            "二维码图形（核对的是印出的指纹）",
            "the QR code's image (the printed fingerprint is checked)",
        ),
    ),
    "notice": (
        ("代码译成的文字（走访类型、整改方式）", "codes printed as words (visit type, handling)"),
        (
            "二维码图形（核对的是印出的指纹）",
            "the QR code's image (the printed fingerprint is checked)",
        ),
    ),
}


@dataclass
class LaterChange:
    """A difference from the printed document that the ledger recorded after printing."""

    path: str
    old: Any
    new: Any
    why: str  # e.g. "2026-03-12 延期：企业申请延期"


@dataclass
class Verification:
    kind: str
    record_id: str
    pdf_fingerprint: str  # 64 hex, or the 12 printed in the footer when only those are legible
    db_fingerprint: str | None  # None when the record is no longer in the database
    snapshot_intact: bool  # the embedded snapshot hashes to the stated fingerprint
    # Differences from the database that no later ledger action explains.
    differences: list[tuple[str, Any, Any]] = field(default_factory=list)
    later_changes: list[LaterChange] = field(default_factory=list)
    # The printed values (path, value) that the drawn pages no longer show. None: not
    # looked at (the content differs) or the pages' text cannot be read.
    unprinted: list[tuple[str, str]] | None = None
    record_no: str = ""  # the visit's record number, as the database (or else the PDF) has it
    from_pages: bool = False  # identified from the drawn pages (metadata stripped)
    not_checked: list[str] = field(default_factory=list)  # in the current language
    # How to call the records a path names by id, e.g. "problems[<id>]" → "问题 2".
    names: dict[str, str] = field(default_factory=dict)

    @property
    def matches(self) -> bool:
        if self.db_fingerprint is None:
            return False
        return self.db_fingerprint.startswith(self.pdf_fingerprint) and bool(self.pdf_fingerprint)

    @property
    def pages_intact(self) -> bool:
        """The drawn pages still show every printed value (False if they could not be read)."""
        return self.unprinted == []

    @property
    def unaltered(self) -> bool:
        """The document is as printed: the database now differs only by later ledger actions."""
        return (
            not self.matches
            and (self.snapshot_intact or self.from_pages)
            and bool(self.later_changes)
            and not self.differences
            and self.pages_intact
        )

    @property
    def verified(self) -> bool:
        """The PDF's data and its drawn pages agree with the database (or with what it
        held at printing, when only later ledger actions changed it)."""
        return (self.matches and self.pages_intact) or self.unaltered

    @property
    def record_missing(self) -> bool:
        return self.db_fingerprint is None


def verify_pdf(store: Store, path: str | Path) -> Verification:
    """Compare a PDF with the database. Raises NotEnvHelpPdf when neither its metadata
    nor its pages identify a document of this database."""
    text = page_text(path)
    try:
        stamp = read_stamp(path)
        from_pages = False
    except NotEnvHelpPdf:
        if text is None:
            raise
        stamp = stamp_from_pages(store, text)
        from_pages = True
    snapshot = stamp.snapshot
    intact = snapshot is not None and fingerprint.fingerprint_of(snapshot) == stamp.fingerprint
    result = Verification(
        stamp.kind, stamp.record_id, stamp.fingerprint, None, intact, from_pages=from_pages
    )
    result.not_checked = [i18n.pick(zh, en) for zh, en in NOT_CHECKED.get(stamp.kind, ())]
    if snapshot is not None:
        result.record_no = str((snapshot.get("visit") or {}).get("record_no") or "")
    if store.find("visits", stamp.record_id) is None:
        return result
    record = collect_visit_record(store, stamp.record_id)
    result.names = record_names(record, snapshot)
    current = fingerprint.canonical_content(record, stamp.kind)
    result.db_fingerprint = fingerprint.fingerprint_of(current)
    result.record_no = current["visit"]["record_no"] or result.record_no
    printed_then: dict[str, Any] = {}
    if not result.matches and snapshot is not None:
        result.later_changes, result.differences = split_later_changes(
            store, fingerprint.diff(snapshot, current)
        )
        printed_then = {c.path: c.old for c in result.later_changes}
    if text is None:
        return result
    if result.matches or (intact and result.later_changes and not result.differences):
        # The content printed is the database's (or was, before later ledger actions):
        # is each value still drawn?
        result.unprinted = unprinted_values(record, stamp.kind, text, printed_then)
    elif from_pages and (later := undone_by_ledger(store, record, stamp)) is not None:
        # No copy of what was printed, but undoing later extensions gives the printed
        # fingerprint: the document is as printed.
        result.later_changes = later
        result.unprinted = unprinted_values(
            record, stamp.kind, text, {c.path: c.old for c in later}
        )
    elif from_pages:
        # No copy of what was printed: name the database's values the pages do not show.
        result.differences = [
            (path, None, value) for path, value in unprinted_values(record, stamp.kind, text)
        ]
    return result


MAX_REVERSALS = 256  # combinations of earlier deadlines tried for a stripped PDF


def undone_by_ledger(store: Store, record: VisitRecord, stamp: Stamp) -> list[LaterChange] | None:
    """For a PDF known only by its printed fingerprint: the later changes whose undoing
    (each problem's deadline back to one before its extensions) gives that fingerprint;
    None when no such combination exists."""
    chains = []
    for problem in record.problems:
        earlier = [
            r["old_deadline"]
            for r in store.query(
                "SELECT old_deadline FROM problem_events WHERE problem_id = ? AND kind = 'extension' "
                "ORDER BY at DESC, id DESC",
                (problem.id,),
            )
        ]
        if earlier:
            chains.append((problem, [problem.deadline, *earlier]))
    combinations = 1
    for _, options in chains:
        combinations *= len(options)
    if not chains or combinations > MAX_REVERSALS:
        return None
    for choice in itertools.product(*(options for _, options in chains)):
        then = dict(zip((p.id for p, _ in chains), choice, strict=True))
        problems = tuple(replace(p, deadline=then.get(p.id, p.deadline)) for p in record.problems)
        printed = fingerprint.fingerprint(replace(record, problems=problems), stamp.kind)
        if printed.startswith(stamp.fingerprint) and stamp.fingerprint:
            changes = []
            for problem, _ in chains:
                old = then[problem.id]
                if old != problem.deadline:
                    path = f"problems[{problem.id}].deadline"
                    why = _extended(store, problem.id, old, problem.deadline) or ""
                    changes.append(LaterChange(path, old, problem.deadline, why))
            return changes or None
    return None


# -- later changes -----------------------------------------------------------------

_PROBLEM_PATH = re.compile(r"^problems\[([^\]]+)\](?:\.(\w+))?$")


def split_later_changes(
    store: Store, differences: list[tuple[str, Any, Any]]
) -> tuple[list[LaterChange], list[tuple[str, Any, Any]]]:
    """Differences explained by ledger actions recorded after printing, and the rest.

    A problem's deadline moved by extensions from the printed date to today's, and a
    problem gone because it was cancelled, are later changes of the ledger.
    """
    later: list[LaterChange] = []
    rest: list[tuple[str, Any, Any]] = []
    for path, old, new in differences:
        match = _PROBLEM_PATH.match(path)
        why = None
        if match and match.group(2) == "deadline":
            why = _extended(store, match.group(1), old, new)
        elif match and match.group(2) is None and new is None:
            why = _cancelled(store, match.group(1))
        if why:
            later.append(LaterChange(path, old, new, why))
        else:
            rest.append((path, old, new))
    return later, rest


def _extended(store: Store, problem_id: str, old: Any, new: Any) -> str | None:
    """The extensions that moved the deadline from ``old`` to ``new``, in words."""
    events = store.query(
        "SELECT at, reason, old_deadline, new_deadline FROM problem_events "
        "WHERE problem_id = ? AND kind = 'extension' ORDER BY at, id",
        (problem_id,),
    )
    chain, deadline = [], old
    for event in events:
        if event["old_deadline"] == deadline:
            chain.append(event)
            deadline = event["new_deadline"]
    if not chain or deadline != new:
        return None
    return "；".join(
        i18n.pick(
            f"{e['at'][:10]} 延期至 {e['new_deadline']}（{e['reason']}）",
            f"{e['at'][:10]} deadline extended to {e['new_deadline']} ({e['reason']})",
        )
        for e in chain
    )


def _cancelled(store: Store, problem_id: str) -> str | None:
    event = store.query_one(
        "SELECT at, reason FROM problem_events WHERE problem_id = ? AND to_status = 'cancelled' "
        "ORDER BY at DESC, id DESC LIMIT 1",
        (problem_id,),
    )
    status = store.scalar("SELECT status FROM problems WHERE id = ?", (problem_id,))
    if event is None or status != "cancelled":
        return None
    return i18n.pick(
        f"{event['at'][:10]} 问题已撤销（{event['reason']}）",
        f"{event['at'][:10]} problem cancelled ({event['reason']})",
    )


# -- identifying a PDF from its pages ------------------------------------------------

_HEX_RUN = re.compile(r"[0-9a-f](?:\n?[0-9a-f])+")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The title that tells a document's kind when its fingerprint no longer matches.
# The titles a document's pages show (notices printed before 2026-12 say 整改通知书).
KIND_TITLES = {
    "notice": (*DOCUMENT_TITLES["notice"], "整改通知书"),
    "order": DOCUMENT_TITLES["order"],
}


def stamp_from_pages(store: Store, text: str) -> Stamp:
    """The kind, visit and fingerprint of a PDF whose metadata was stripped, read from the
    fingerprint and record number (or id) printed on its pages.

    The visits whose record number or id the pages show are candidates; the one whose
    fingerprint (of some kind) is printed is the document. When none matches, the
    document is the candidate's, with the printed fingerprint and the kind its title says.
    Raises NotEnvHelpPdf when the pages show no fingerprint or no known visit.
    """
    full, short = set(), set()
    for run in _HEX_RUN.finditer(text):
        hex_run = run.group().replace(BREAK, "")
        full.update(hex_run[i : i + 64] for i in range(len(hex_run) - 63))
    for token in text.split(BREAK):
        if len(token) == fingerprint.SHORT_LENGTH and re.fullmatch(r"[0-9a-f]+", token):
            short.add(token)
    if not full and not short:
        raise NotEnvHelpPdf("no fingerprint printed on the pages")
    squeezed = _squeeze(text)
    candidates = [
        r["id"]
        for r in store.query(
            "SELECT id FROM visits WHERE record_no <> '' AND instr(?, replace(record_no, ' ', '')) > 0",
            (squeezed,),
        )
    ] + [u for u in _UUID.findall(squeezed) if store.find("visits", u) is not None]
    for visit_id in dict.fromkeys(candidates):
        record = collect_visit_record(store, visit_id)
        for kind in fingerprint.KINDS:
            candidate = fingerprint.fingerprint(record, kind)
            if candidate in full or fingerprint.short(candidate) in short:
                return Stamp(kind, visit_id, candidate, None)
    if not candidates:
        raise NotEnvHelpPdf("no record number of this database printed on the pages")
    kind = next(
        (k for k, titles in KIND_TITLES.items() if any(t in squeezed for t in titles)), "record"
    )
    printed = sorted(full)[0] if len(full) == 1 else sorted(short)[0] if short else ""
    return Stamp(kind, candidates[0], printed, None)


# -- the drawn pages ---------------------------------------------------------------

ENTERPRISE_PRINTED = {
    "record": (
        "name",
        "uscc",
        "town",
        "address",
        "legal_rep",
        "contact_person",
        "contact_phone",
        "permit_no",
    ),
    "notice": ("name", "uscc", "address", "legal_rep", "contact_person", "contact_phone"),
    "order": ("name", "uscc", "address", "legal_rep"),
    "receipt_notice": ("name",),
    "receipt_order": ("name",),
}
# A value is looked for in the pages' text with any line break or space allowed inside
# it (a cell wraps its lines). It may also be drawn in pieces — a table row split over
# two pages puts the rest of each cell on the next page — but only at a break: each piece
# but the first starts after one, each but the last ends before one, and each but the
# last is at least MIN_PIECE long. So an edited character cannot hide in a match of a
# few characters found elsewhere.
MIN_PIECE = 6
BREAK = "\n"  # stands for any run of whitespace in the pages' text


def printed_language(text: str) -> str:
    """The language a document was printed in, from its page footers."""
    return "zh" if "页" in text else "en"


def expected_on_pages(
    record: VisitRecord,
    kind: str,
    lang: str,
    printed_then: dict[str, Any] | None = None,
    *,
    only_failed: bool = False,
) -> Iterator[tuple[str, str]]:
    """(path, value) of the text a document of ``kind`` prints as stored or derived, in
    ``lang``. ``printed_then`` holds the printed values of paths that later ledger
    actions changed: their old values are looked for (a problem gone since is a dict).
    ``only_failed``: the record lists only the non-compliant checklist items."""
    printed_then = printed_then or {}
    visit = record.visit
    if visit.status == "final":
        yield "visit.record_no", visit.record_no
    yield "visit.date", visit.date
    for key in ENTERPRISE_PRINTED.get(kind, ()):
        yield f"enterprise.{key}", getattr(record.enterprise, key)
    for problem in printed_problems(record, kind):
        base = f"problems[{problem.id}]"
        # Documents sent to the enterprise print the finding, not "未满足：…".
        yield (
            f"{base}.description",
            (problem.description if kind == "record" else finding_of(problem.description)),
        )
        if kind != "record" and problem.rectified:
            continue  # listed as 现场已整改, by its description only
        yield f"{base}.requirement", problem.requirement
        yield f"{base}.legal_basis", problem.printed_basis
        yield f"{base}.deadline", printed_then.get(f"{base}.deadline", problem.deadline)
    for path, old in printed_then.items():
        if _PROBLEM_PATH.match(path) and isinstance(old, dict):  # gone since printing
            for key in ("description", "requirement"):
                yield f"{path}.{key}", old.get(key)
            yield f"{path}.legal_basis", citations.printable_text(old.get("legal_basis") or "")
            yield f"{path}.deadline", old.get("deadline")
    served = fingerprint.SERVED_DOCUMENT.get(kind, kind)
    if record.document_numbers.get(served):
        yield "document_no", record.document_numbers[served]
    if kind == "record":
        zh = lang == "zh"
        for key in ("time", "representative", "guidance", "notes"):
            yield f"visit.{key}", getattr(visit, key)
        known_laws = {law["code"] for law in vocab.laws()}
        for n, law in enumerate(visit.laws):
            if law not in known_laws:  # typed by the officer: printed as stored
                yield f"visit.laws[{n}]", law
        for officer in record.officers:
            yield f"officers[{officer.id}].name", officer.name
            yield f"officers[{officer.id}].cert_no", officer.cert_no
        for check in record.checks:
            yield f"checks[{check.id}].title", check.title_zh if zh else check.title_en
            yield f"checks[{check.id}].figures", " ".join(_figures(check))
            for item in check.items:
                if only_failed and item.result != "non_compliant":
                    continue
                base = f"checks[{check.id}].items[{item.code}]"
                yield f"{base}.requirement", item.requirement_zh if zh else item.requirement_en
                yield f"{base}.note", item.note
                yield f"{base}.clause", item.clause
                yield (
                    f"{base}.basis",
                    item.printed_basis_zh if lang == "zh" else item.printed_basis_en,
                )
        for attachment in record.attachments:
            yield f"attachments[{attachment.id}].caption", attachment.caption or attachment.filename
        for amendment in record.amendments:
            yield f"amendments[{amendment.id}].by", amendment.by
            yield f"amendments[{amendment.id}].reason", amendment.reason
    issuer = record.issuer
    yield "issuer.bureau_name", issuer.bureau_name
    if kind == "record":
        yield "issuer.unit_name", issuer.unit_name


def _figures(check: Any) -> list[str]:
    """The figures row as drawn: counts, then the rate."""
    f = check.figures
    rate = "—" if f.get("rate") is None else f"{f['rate'] * 100:.1f}%"
    keys = (
        "items",
        "checked",
        "compliant",
        "non_compliant_major",
        "non_compliant_minor",
        "not_applicable",
    )
    return [str(f.get(k, "")) for k in keys] + [rate]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_text(path: str | Path) -> str | None:
    """All the text drawn on the PDF's pages, each run of whitespace one :data:`BREAK`;
    None if the pages cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with quiet_pypdf():
            reader = PdfReader(str(path))
            raw = BREAK.join(page.extract_text() or "" for page in reader.pages)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return re.sub(r"\s+", BREAK, raw)


def drawn(value: str, text: str) -> bool:
    """Whether ``value``, as the documents draw it (:func:`~.common.as_drawn`), is on
    the pages whose :func:`page_text` is ``text``: whole, or in pieces (see
    :data:`MIN_PIECE`)."""
    want = _squeeze(as_drawn(value))
    failed: set[int] = set()  # starts in ``want`` from which no split works

    def from_(start: int, after_break: bool) -> bool:
        if start in failed:
            return False
        splits: set[int] = set()
        at = text.find(want[start])
        while at >= 0:
            at_break = not after_break or at == 0 or text[at - 1] == BREAK
            if at_break and _walk(want, start, text, at, splits) == len(want):
                return True
            at = text.find(want[start], at + 1)
        for split in sorted(splits, reverse=True):
            if from_(split, True):
                return True
        failed.add(start)
        return False

    return not want or from_(0, False)


def _walk(want: str, start: int, text: str, at: int, splits: set[int]) -> int:
    """Match ``want[start:]`` against ``text`` from ``at``, breaks allowed in between;
    note in ``splits`` where in ``want`` a piece could end (at a break, long enough).
    Returns how far into ``want`` it matched."""
    k, p = start, at
    while k < len(want) and p < len(text):
        if text[p] == BREAK:
            if k - start >= MIN_PIECE:
                splits.add(k)
            p += 1
        elif text[p] == want[k]:
            k, p = k + 1, p + 1
        else:
            break
    if p == len(text) and k - start >= MIN_PIECE:
        splits.add(k)
    return k


DATE_PATHS = re.compile(r"(^visit\.date|\.deadline)$")
TIME_PATHS = re.compile(r"^visit\.(time|end_time)$")


def printed_forms(path: str, value: str) -> tuple[str, ...]:
    """How a value may be drawn: a date as 2026年3月5日 (or its English form, or ISO), a
    time of day as 9时30分 (or 09:30)."""
    if DATE_PATHS.search(path):
        return (*written_date_forms(value), value)
    if TIME_PATHS.search(path) and re.fullmatch(r"\d{1,2}:\d{2}", value):
        hour, minute = value.split(":")
        return (f"{int(hour)}时{minute}分", value)
    return (value,)


def printed_problems(record: VisitRecord, kind: str) -> tuple[ProblemInfo, ...]:
    """The problems a document of ``kind`` lists: the record all of them; the notice those
    still to rectify and, apart, those fixed already; the order those still to rectify;
    a proof of delivery none."""
    if kind == "record":
        return record.problems
    if kind == "notice":
        return (*record.to_rectify, *record.rectified)
    if kind == "order":
        return record.to_rectify
    return ()


def unprinted_values(
    record: VisitRecord, kind: str, text: str, printed_then: dict[str, Any] | None = None
) -> list[tuple[str, str]]:
    """The printed values of ``record`` (see :func:`expected_on_pages`) and, on the record,
    the checklist items' results (:func:`item_rows_not_shown`) that ``text`` (see
    :func:`page_text`) lacks."""
    lang = printed_language(text)
    only_failed = any(mark in _squeeze(text) for mark in ONLY_NON_COMPLIANT)
    expected = expected_on_pages(record, kind, lang, printed_then, only_failed=only_failed)
    missing = [
        (path, str(value))
        for path, value in expected
        if value not in (None, "")
        and not any(drawn(form, text) for form in printed_forms(path, str(value)))
    ]
    if kind == "record":
        missing += item_rows_not_shown(record, text, lang)
    return missing


def result_labels(lang: str) -> dict[tuple[str, str], str]:
    """(result, severity) → the label the record prints for it in ``lang``."""
    return {
        (code, severity): result_label(code, severity, lang)
        for code in CHECK_RESULTS
        for severity in vocab.SEVERITIES
    }


# A record printed in the non-compliant-only mode says so above the table.
ONLY_NON_COMPLIANT = ("以下仅列出不符合项", "non-compliantitem(s)arelisted")


def item_rows_not_shown(record: VisitRecord, text: str, lang: str) -> list[tuple[str, str]]:
    """Checklist rows whose printed result is not the database's: (path, label).

    Each item's row runs from its code to the next item's code. It must show the
    item's result label; a compliant or not-applicable item's row must not say
    "不符合" / "Non-compliant" unless its own texts do, and a non-compliant one must not
    show the other severity. An item missing from the pages is reported unless the
    record lists only non-compliant items and this one is not.
    """
    squeezed = _squeeze(text)
    labels = {key: _squeeze(label) for key, label in result_labels(lang).items()}
    negative = _squeeze(CHECK_RESULTS["non_compliant"][0 if lang == "zh" else 1])
    only_failed = any(mark in squeezed for mark in ONLY_NON_COMPLIANT)
    missing: list[tuple[str, str]] = []
    at = 0
    for check in record.checks:
        rows = []
        for item in check.items:
            found = squeezed.find(_squeeze(item.code), at)
            if found < 0:
                if not (only_failed and item.result != "non_compliant"):
                    missing.append(
                        (
                            f"checks[{check.id}].items[{item.code}].result",
                            labels[(item.result, item.severity)],
                        )
                    )
                continue
            rows.append((found, item))
            at = found + len(item.code)
        for n, (start, item) in enumerate(rows):
            own = _squeeze(
                " ".join(
                    (
                        item.requirement_zh,
                        item.requirement_en,
                        item.note,
                        item.printed_basis_zh,
                        item.printed_basis_en,
                    )
                )
            )
            end = rows[n + 1][0] if n + 1 < len(rows) else start + len(own) + 400
            row = squeezed[start:end]
            want = labels[(item.result, item.severity)]
            others = [lab for key, lab in labels.items() if lab != want and key[0] == item.result]
            wrong = (
                want not in row
                or (item.result != "non_compliant" and negative in row and negative not in own)
                or any(lab in row for lab in others)
            )
            if wrong:
                missing.append((f"checks[{check.id}].items[{item.code}].result", want))
    return missing


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
