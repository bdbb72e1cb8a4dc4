"""``envhelp verify``: does a printed PDF still match the database, and if not, what changed?

The check reads the record id and fingerprint the PDF carries (see
:mod:`.fingerprint`), rebuilds the same content from the database now and
compares fingerprints; on a mismatch it compares the canonical JSON snapshot
embedded in the PDF with the database field by field. A difference that a ledger
action recorded after printing explains (a deadline extension, a cancelled
problem) is a *later change*, not an alteration of the document.

A PDF printed again through "print to PDF" loses the metadata and the embedded
copy: the fingerprint and record number printed on its pages identify it instead
(:func:`.verify_pages.stamp_from_pages`); :mod:`.verify_changes` tells later changes
from alterations, :mod:`.verify_report` puts the outcome in words.

It also reads the drawn pages: every value the document prints must still be there
(:func:`.verify_pages.expected_on_pages`, :func:`.verify_pages.item_rows_not_shown`) —
record number, dates, the enterprise, each problem's texts, printed legal basis and
deadline, the officers and their certificate numbers, the issuer, and on the record
each checklist item's result, clause, basis and note, the figures, photo captions and
amendment reasons. What it cannot check is listed in :attr:`Verification.not_checked`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.reports.pdf import fingerprint
from envhelp.reports.pdf.data import collect_visit_record
from envhelp.reports.pdf.fingerprint import NotEnvHelpPdf, read_stamp
from envhelp.reports.pdf.verify_changes import LaterChange, split_later_changes, undone_by_ledger
from envhelp.reports.pdf.verify_pages import page_text, stamp_from_pages, unprinted_values
from envhelp.reports.pdf.verify_report import record_names
from envhelp.storage import Store

__all__ = ["NotEnvHelpPdf", "Verification", "verify_pdf"]

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
