"""PDF documents of a visit: the record (帮扶/检查记录) and the rectification notice (整改通知书).

Public API (the CLI and, later, the GUI's Export PDF call these):

    collect_visit_record(store, visit_id) -> VisitRecord     the only database read
    render_visit_record(record, RecordOptions) -> bytes      pure: no store needed
    render_notice(record) -> bytes
    write_visit_record(store, visit_id, path, checklist_mode=None) -> Path
    write_notice(store, visit_id, path) -> Path
    export_month(store, "YYYY-MM", out_dir, progress=..., cancelled=...) -> ExportResult
    verify_pdf(store, path) -> Verification

Files are written atomically (temporary name, then rename). See docs/reports.md.
"""

from envhelp.reports.pdf.data import VisitRecord, collect_visit_record
from envhelp.reports.pdf.export import (
    ExportResult,
    export_month,
    final_visit_ids,
    write_notice,
    write_visit_record,
)
from envhelp.reports.pdf.notice import render_notice
from envhelp.reports.pdf.record import RecordOptions, render_visit_record
from envhelp.reports.pdf.verify import Verification, verify_pdf

__all__ = [
    "ExportResult",
    "RecordOptions",
    "Verification",
    "VisitRecord",
    "collect_visit_record",
    "export_month",
    "final_visit_ids",
    "render_notice",
    "render_visit_record",
    "verify_pdf",
    "write_notice",
    "write_visit_record",
]
