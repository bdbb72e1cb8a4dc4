"""``envhelp verify``: does a printed PDF still match the database, and if not, what changed?

The check reads the record id and fingerprint the PDF carries (see
:mod:`.fingerprint`), rebuilds the same content from the database now and
compares fingerprints; on a mismatch it compares the canonical JSON snapshot
embedded in the PDF with the database field by field.

It also reads the drawn pages: the free text the document prints as stored
(record number, date, the enterprise's name, credit code, address and contacts,
each problem's description, requirement, legal basis and deadline, the officers,
the issuer) must still be there (:func:`unprinted`). A PDF whose visible text was
edited with another program while its metadata was left alone is caught this
way. Labels and codes are printed translated, so they are not looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain.checks import finding_of
from envhelp.reports.pdf import fingerprint as fp_mod
from envhelp.reports.pdf.common import as_drawn, written_date_forms
from envhelp.reports.pdf.data import collect_visit_record
from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf, quiet_pypdf, read_stamp
from envhelp.storage import Store

__all__ = ["NotEnvHelpPdf", "Verification", "VerifyReport", "describe", "unreadable", "verify_pdf"]


@dataclass
class Verification:
    kind: str
    record_id: str
    pdf_fingerprint: str
    db_fingerprint: str | None  # None when the record is no longer in the database
    snapshot_intact: bool  # the embedded snapshot hashes to the stated fingerprint
    differences: list[tuple[str, Any, Any]] = field(default_factory=list)
    # When the fingerprints match: the printed values (path, value) that the drawn pages
    # no longer show. None: not looked at (no match) or the pages' text cannot be read.
    unprinted: list[tuple[str, str]] | None = None
    record_no: str = ""  # the visit's record number, as the database (or else the PDF) has it

    @property
    def matches(self) -> bool:
        return self.db_fingerprint == self.pdf_fingerprint

    @property
    def pages_intact(self) -> bool:
        """The drawn pages still show every printed value (False if they could not be read)."""
        return self.unprinted == []

    @property
    def verified(self) -> bool:
        """The PDF's data and its drawn pages agree with the database."""
        return self.matches and self.pages_intact

    @property
    def record_missing(self) -> bool:
        return self.db_fingerprint is None


def verify_pdf(store: Store, path: str | Path) -> Verification:
    """Compare a PDF with the database. Raises NotEnvHelpPdf when it carries no stamp."""
    stamp = read_stamp(path)
    snapshot = stamp.snapshot
    intact = snapshot is not None and fp_mod.fingerprint_of(snapshot) == stamp.fingerprint
    result = Verification(stamp.kind, stamp.record_id, stamp.fingerprint, None, intact)
    if snapshot is not None:
        result.record_no = str((snapshot.get("visit") or {}).get("record_no") or "")
    if store.find("visits", stamp.record_id) is None:
        return result
    current = fp_mod.canonical_content(collect_visit_record(store, stamp.record_id), stamp.kind)
    result.db_fingerprint = fp_mod.fingerprint_of(current)
    result.record_no = current["visit"]["record_no"] or result.record_no
    if not result.matches and snapshot is not None:
        result.differences = fp_mod.diff(snapshot, current)
    if result.matches:  # the content printed is the database's now: is it still drawn?
        text = page_text(path)
        result.unprinted = None if text is None else unprinted(current, text)
    return result


# -- the drawn pages ---------------------------------------------------------------

ENTERPRISE_PRINTED = {
    "record": ("name", "uscc", "town", "address", "legal_rep", "contact_person",
               "contact_phone", "permit_no"),
    "notice": ("name", "uscc", "address", "legal_rep", "contact_person", "contact_phone"),
    "order": ("name", "uscc", "address", "legal_rep"),
    "receipt_notice": ("name",),
    "receipt_order": ("name",),
}  # fmt: skip
PROBLEM_PRINTED = ("description", "requirement", "legal_basis", "deadline")
# A value is looked for in the pages' text with any line break or space allowed inside
# it (a cell wraps its lines). It may also be drawn in pieces — a table row split over
# two pages puts the rest of each cell on the next page — but only at a break: each piece
# but the first starts after one, each but the last ends before one, and each but the
# last is at least MIN_PIECE long. So an edited character cannot hide in a match of a
# few characters found elsewhere.
MIN_PIECE = 6
BREAK = "\n"  # stands for any run of whitespace in the pages' text


def printed_values(snapshot: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(path, value) of the free text a document of the snapshot's kind prints as stored."""
    kind = snapshot.get("kind")
    visit = snapshot.get("visit") or {}
    if visit.get("status") == "final":
        yield "visit.record_no", visit.get("record_no")
    yield "visit.date", visit.get("date")
    enterprise = snapshot.get("enterprise") or {}
    for key in ENTERPRISE_PRINTED.get(kind, ()):
        yield f"enterprise.{key}", enterprise.get(key)
    for problem in snapshot.get("problems") or []:
        for key in PROBLEM_PRINTED:
            value = problem.get(key)
            if key == "description" and kind != "record" and isinstance(value, str):
                value = finding_of(value)  # documents sent out print the finding
            yield f"problems[{problem.get('id')}].{key}", value
    if snapshot.get("document_no"):
        yield "document_no", snapshot["document_no"]
    if kind == "record":
        for officer in snapshot.get("officers") or []:
            for key in ("name", "cert_no"):
                yield f"officers[{officer.get('id')}].{key}", officer.get(key)
    issuer = snapshot.get("issuer") or {}
    for key in ("bureau_name", "unit_name") if kind == "record" else ("bureau_name",):
        yield f"issuer.{key}", issuer.get(key)


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


def printed_forms(path: str, value: str) -> tuple[str, ...]:
    """How a value may be drawn: a date as 2026年3月5日 (or its English form, or ISO)."""
    if DATE_PATHS.search(path):
        return (*written_date_forms(value), value)
    return (value,)


def unprinted(snapshot: dict[str, Any], text: str) -> list[tuple[str, str]]:
    """The printed values of ``snapshot`` that ``text`` (see :func:`page_text`) lacks."""
    return [
        (path, str(value))
        for path, value in printed_values(snapshot)
        if value not in (None, "")
        and not any(drawn(form, text) for form in printed_forms(path, str(value)))
    ]


# -- in words ------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyReport:
    """What ``envhelp verify`` prints and the GUI shows: a verdict line and details."""

    verified: bool
    headline: str
    details: list[str]


def _shown(value: Any) -> str:
    if value is None:
        return i18n.pick("（无）", "(none)")
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def unreadable(name: str) -> str:
    """What to say when ``name`` is not a readable EnvHelp PDF (NotEnvHelpPdf)."""
    return i18n.pick(
        f"无法核验：{name} 不是可读的 EnvHelp PDF（没有记录指纹）。",
        f"Cannot verify: {name} is not a readable EnvHelp PDF (no record fingerprint).",
    )


def describe(result: Verification, name: str) -> VerifyReport:
    """``result`` in the current language; ``name`` is how to call the file."""
    record, short = result.record_no or result.record_id, result.pdf_fingerprint[:12]
    if result.verified:
        return VerifyReport(True, i18n.pick(
            f"一致：{name} 与数据库相符（记录 {record}，指纹 {short}）。",
            f"Match: {name} agrees with the database (record {record}, fingerprint {short}).",
        ), [])  # fmt: skip
    if result.matches and result.unprinted is None:
        return VerifyReport(False, i18n.pick(
            f"无法确认：{name} 的指纹与数据库相符，但页面上的文字无法读取核对。",
            f"Not confirmed: {name} carries the database's fingerprint, but the text on its "
            "pages cannot be read to check it.",
        ), [])  # fmt: skip
    if result.matches:
        return VerifyReport(False, i18n.pick(
            f"不一致：{name} 的指纹与数据库相符，但页面上的文字被改过。以下内容在页面上找不到：",
            f"Mismatch: {name} carries the database's fingerprint, but the text on its pages "
            "has been changed. Not found on the pages:",
        ), [f"{path}: {_shown(value)}" for path, value in result.unprinted or []])  # fmt: skip
    if result.record_missing:
        return VerifyReport(False, i18n.pick(
            f"不一致：数据库中已没有记录 {record}。",
            f"Mismatch: record {record} is no longer in the database.",
        ), [])  # fmt: skip
    details = [] if result.snapshot_intact else [i18n.pick(
        "（PDF 内嵌的内容副本缺失或与其指纹不符，以下差异仅供参考）",
        "(the PDF's embedded content copy is missing or does not match its fingerprint; "
        "the differences below are indicative only)",
    )]  # fmt: skip
    details += [f"{path}: {_shown(old)} → {_shown(new)}" for path, old, new in result.differences]
    return VerifyReport(False, i18n.pick(
        f"不一致：{name} 与数据库不符（记录 {record}）。以下字段已变更：",
        f"Mismatch: {name} differs from the database (record {record}). Changed fields:",
    ), details)  # fmt: skip
