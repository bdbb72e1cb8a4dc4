"""Writing documents to files: one visit, or every final visit of a month in a batch."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from envhelp.domain import documents, figures
from envhelp.reports.pdf.common import CancelCheck, ProgressCallback, write_atomic
from envhelp.reports.pdf.data import VisitRecord, checklist_mode_setting, collect_visit_record
from envhelp.reports.pdf.notice import render_notice, render_order, render_receipt
from envhelp.reports.pdf.record import RecordOptions, render_visit_record
from envhelp.storage import Store

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
PAGE = 500


def record_options(store: Store, checklist_mode: str | None = None) -> RecordOptions:
    """The options given, else the ``pdf_checklist_mode`` setting."""
    return RecordOptions(checklist_mode or checklist_mode_setting(store))


def default_filename(record: VisitRecord, kind: str = "record") -> str:
    """E.g. ``2026-03-05_环帮〔2026〕第0001号_青岛精锐机械有限公司.pdf`` (safe on Windows too)."""
    # A draft has no number yet: its time tells two drafts of a day apart, never its id.
    number = record.visit.record_no or "草稿" + (record.visit.time or "").replace(":", "")
    parts = [record.visit.date, number, record.enterprise.name[:40]]
    if kind in FILE_SUFFIXES:
        parts.append(FILE_SUFFIXES[kind])
    return UNSAFE.sub("_", "_".join(parts)).strip(" .") + ".pdf"


FILE_SUFFIXES = {
    "notice": "整改告知书",
    "order": "责令改正决定书",
    "receipt_notice": "送达回证_整改告知书",
    "receipt_order": "送达回证_责令改正决定书",
}


def write_visit_record(
    store: Store, visit_id: str, path: str | Path, checklist_mode: str | None = None
) -> Path:
    record = collect_visit_record(store, visit_id)
    return write_atomic(path, render_visit_record(record, record_options(store, checklist_mode)))


def _write_issued(store: Store, visit_id: str, path: str | Path, kind: str, render) -> Path:
    """Give the document its number (a final visit's, once) and write it, in one
    transaction: a document refused (nothing to rectify, bureau unset) keeps no number
    and writes no file."""
    with store.transaction():
        documents.issue_number(store, visit_id, kind)
        return write_atomic(path, render(collect_visit_record(store, visit_id)))


def write_notice(store: Store, visit_id: str, path: str | Path) -> Path:
    return _write_issued(store, visit_id, path, "notice", render_notice)


def write_order(store: Store, visit_id: str, path: str | Path) -> Path:
    return _write_issued(store, visit_id, path, "order", render_order)


def write_receipt(
    store: Store, visit_id: str, served: str, path: str | Path, method: str | None = None
) -> Path:
    """The proof of delivery of the visit's issued notice or order."""
    documents.require_issued(store, visit_id, served)
    return write_atomic(path, render_receipt(collect_visit_record(store, visit_id), served, method))


def final_visit_ids(store: Store, month: str) -> list[str]:
    """Ids of the month's final visits in date order, read page by page."""
    if not MONTH_RE.match(month):
        from envhelp.errors import ValidationError

        raise ValidationError(
            "month",
            f"月份格式应为 YYYY-MM，例如 2026-03，而不是“{month}”。",
            f"The month must look like YYYY-MM, e.g. 2026-03, not “{month}”.",
        )
    ids: list[str] = []
    while True:
        page = store.query(
            f"SELECT v.id FROM visits v WHERE {figures.final_visit('v')} AND v.date LIKE ? "
            "ORDER BY v.date, v.time, v.record_no, v.id LIMIT ? OFFSET ?",
            (f"{month}-%", PAGE, len(ids)),
        )
        ids += [r["id"] for r in page]
        if len(page) < PAGE:
            return ids


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    total: int = 0
    cancelled: bool = False


def export_month(
    store: Store,
    month: str,
    out_dir: str | Path,
    *,
    checklist_mode: str | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """One record PDF per final visit of ``month`` into ``out_dir``.

    ``progress(done, total, path)`` is called after each file; ``cancelled()`` is
    asked before each one and stops the batch (files already written stay).
    A file of the same name is replaced, so re-running a month refreshes it.
    """
    out_dir = Path(out_dir)
    ids = final_visit_ids(store, month)
    result = ExportResult(total=len(ids))
    options = record_options(store, checklist_mode)
    for done, visit_id in enumerate(ids, 1):
        if cancelled is not None and cancelled():
            result.cancelled = True
            break
        record = collect_visit_record(store, visit_id)
        path = write_atomic(
            out_dir / default_filename(record), render_visit_record(record, options)
        )
        result.written.append(path)
        if progress is not None:
            progress(done, len(ids), str(path))
    return result
